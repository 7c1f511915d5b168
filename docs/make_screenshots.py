"""Render the registry screens offscreen for docs/screenshots (run by hand).

    python docs/make_screenshots.py [--db /tmp/pjdesk-shots.db]
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/pjdesk-shots.db")
    args = ap.parse_args()
    from pjdesk.cli.main import main as cli

    if not Path(args.db).exists():
        cli(["--db", args.db, "demo"])
    from db import open_database
    from ui.app import make_app
    from ui.context import AppContext
    from ui.households.detail_dialog import HouseholdDialog
    from ui.main_window import MainWindow

    app = make_app([])
    db = open_database(args.db)
    ctx = AppContext(db)
    w = MainWindow(ctx)
    w.resize(1366, 820)
    w.show()
    page = w.page("户籍台账")
    while not page.is_loaded:  # the rows come from a background job started after the first paint
        app.processEvents()
    page.village.setCurrentText("大山村")
    page.search.setText("z")
    app.processEvents()
    w.grab().save(str(OUT / "main-window.png"))

    for area, name in (("帮扶责任人", "helpers.png"), ("危房改造", "cases-list.png")):
        w.page(area)
        app.processEvents()
        w.grab().save(str(OUT / name))
    w.page("户籍台账")
    page.search.setText("")
    app.processEvents()
    row = next(r for r in page.model.visible_rows() if r.size >= 4 and r.helper_name)
    dlg = HouseholdDialog(ctx, row.household_no)
    dlg.resize(1000, 640)
    dlg.show()
    dlg.tabs.setCurrentIndex(1)
    app.processEvents()
    dlg.grab().save(str(OUT / "household-members.png"))
    dlg.tabs.setCurrentIndex(0)
    app.processEvents()
    dlg.grab().save(str(OUT / "household-basic.png"))
    dlg.tabs.setCurrentIndex(4)
    app.processEvents()
    dlg.grab().save(str(OUT / "household-status.png"))
    print("written to", OUT)


if __name__ == "__main__":
    main()
