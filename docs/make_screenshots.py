"""Render every page of the main window at 1366×768 (the screens township PCs often have), and the
household dialog, offscreen for docs/screenshots (run by hand).

    python docs/make_screenshots.py [--db /tmp/pjdesk-shots.db]

Pages (ui/pages.PAGES, in the order of the navigation list) → file:
户籍台账 main-window.png, 帮扶责任人 helpers.png, 驻村帮扶 aid-teams.png, 危房改造 cases-list.png (and
case-timeline.png with a case chosen), 易地搬迁 relocation.png (a case chosen) and relocation-sites.png,
公示打印 printing.png, 统计 stats.png, 月报导出 monthly.png, 审计日志 audit-log.png, 设置 settings.png. The household dialog: household-basic/-members/-status.png.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)

FILES = {"户籍台账": "main-window.png", "帮扶责任人": "helpers.png", "驻村帮扶": "aid-teams.png",
         "危房改造": "cases-list.png", "易地搬迁": "relocation.png", "公示打印": "printing.png",
         "统计": "stats.png", "月报导出": "monthly.png", "审计日志": "audit-log.png", "设置": "settings.png"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/pjdesk-shots.db")
    args = ap.parse_args()
    from pjdesk.cli.main import main as cli

    if not Path(args.db).exists():
        cli(["--db", args.db, "demo"])
    from PySide6.QtCore import QEventLoop, QTimer

    from db import open_database
    from ui.app import make_app
    from ui.context import AppContext
    from ui.households.detail_dialog import HouseholdDialog
    from ui.main_window import MainWindow
    from ui.pages import NAV_AREAS

    app = make_app([])
    db = open_database(args.db)
    from pjdesk.auth.users import login

    login(db, "admin", "demo")          # the demo's administrator (demo-only password), as a clerk logs in
    ctx = AppContext(db)

    def settle(ms: int = 150) -> None:   # layouts, deferred deletes and queued signals run
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    w = MainWindow(ctx)
    w.resize(*SIZE)
    w.show()
    page = w.page("户籍台账")
    while not page.is_loaded:  # the rows come from a background job started after the first paint
        app.processEvents()
    page.village.setCurrentText("大山村")
    page.search.setText("z")
    settle()
    w.grab().save(str(OUT / FILES["户籍台账"]))

    for area in NAV_AREAS[1:]:
        p = w.page(area)
        table = getattr(p, "table", None)
        while getattr(p, "is_loaded", True) is False:   # 统计 reads its figures in a background job
            app.processEvents()
        if area == "帮扶责任人" and table is not None and table.model().rowCount():
            table.selectRow(0)                     # the lower pane shows this helper's households
        settle()
        w.grab().save(str(OUT / FILES.get(area, f"{area}.png")))
        if area == "易地搬迁":                    # the 案件 tab with a case chosen, then the 安置点 tab
            rows = p.cases.model.rows()
            p.table.selectRow(next((i for i, r in enumerate(rows) if r.stage == "旧房拆除"), 0))
            settle()
            w.grab().save(str(OUT / FILES[area]))
            p.tabs.setCurrentIndex(1)
            settle()
            w.grab().save(str(OUT / "relocation-sites.png"))
            p.tabs.setCurrentIndex(0)
        if area == "危房改造":
            rows = p.model.rows()
            pick = next((i for i, r in enumerate(rows) if r.stage == "实施"), 0)
            p.table.selectRow(pick)
            settle()
            w.grab().save(str(OUT / "case-timeline.png"))

    w.page("户籍台账")
    page.search.setText("")
    page.village.setCurrentIndex(0)
    settle()
    row = next(r for r in page.model.visible_rows() if r.size >= 4 and r.helper_name)
    dlg = HouseholdDialog(ctx, row.household_no)
    dlg.resize(1000, 640)
    dlg.show()
    for tab, name in ((1, "household-members.png"), (0, "household-basic.png"), (4, "household-status.png")):
        dlg.tabs.setCurrentIndex(tab)
        settle()
        dlg.grab().save(str(OUT / name))
    print("written to", OUT)


if __name__ == "__main__":
    main()
