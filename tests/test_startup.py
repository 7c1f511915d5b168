"""A window that paints at once, a command that loads only what it runs (issue 9, item 6). What each
start imports is checked here in a fresh interpreter; how fast it is goes in benchmarks/bench_startup.py
and docs/benchmarks.md, never in a test."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Libraries and modules a start must not load: the migration tool (unless a migration is due),
# pinyin (only saving a name needs it), the PDF and Excel writers, the other areas, the demo builder.
NOT_AT_START = ("alembic", "pypinyin", "reportlab", "openpyxl", "PIL", "pyqtgraph", "pjdesk.demo", "pjdesk.cases",
                "pjdesk.pairing", "pjdesk.office")
NOT_IN_THE_GUI = NOT_AT_START + ("pjdesk.cli", "reports")
NOT_IN_A_REGISTRY_COMMAND = NOT_AT_START + ("PySide6", "ui", "pjdesk.cli.pairing", "pjdesk.cli.cases",
                                            "pjdesk.cli.printing")


def _loaded(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_the_gui_start_loads_only_what_the_window_shows(db):
    """Up to the main window's first shown event loop: no CLI, demo builder, PDF/Excel writers, alembic,
    pypinyin or other areas; the ORM's mappers are not configured yet (the registry rows come in a
    background job after the first paint)."""
    db.close()
    script = textwrap.dedent(f"""
        import json, os, sys
        sys.path.insert(0, {str(ROOT)!r})
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        import main
        import ui.app as app_mod

        seen = {{}}

        class Window(app_mod.MainWindow):
            def __init__(self, *args):
                super().__init__(*args)
                QTimer.singleShot(0, self.report)

            def report(self):
                import db.models
                page = self.page("户籍台账")
                seen.update(modules=sorted(sys.modules), configured=not db.models.Base.registry._new_mappers,
                            loading=page.count.text(), overlay=page.loading.isVisible(), visible=self.isVisible())
                QApplication.instance().quit()

        app_mod.MainWindow = Window
        code = main.main(["--db", {str(db.path)!r}])
        print(json.dumps(dict(seen, code=code)))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0 and seen["visible"]
    assert _loaded(seen["modules"], NOT_IN_THE_GUI) == []
    assert not seen["configured"]
    assert seen["loading"] == "正在载入…" and seen["overlay"]


def test_households_show_loads_only_its_command(demo_db):
    """``pjdesk households show NO --format json`` on an up-to-date file: no alembic, no pypinyin, no
    other area's module, no Qt."""
    from pjdesk.registry.queries import load_rows

    no = load_rows(demo_db)[0].household_no
    path = demo_db.path
    demo_db.close()
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(ROOT)!r})
        import main
        code = main.main(["--db", {str(path)!r}, "households", "show", {no!r}, "--format", "json"])
        print(json.dumps(dict(code=code, modules=sorted(sys.modules))), file=sys.stderr)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["household_no"] == no
    seen = json.loads(run.stderr.strip().splitlines()[-1])
    assert seen["code"] == 0 and "pjdesk.cli.registry" in seen["modules"]
    assert _loaded(seen["modules"], NOT_IN_A_REGISTRY_COMMAND) == []


def test_each_cli_area_adds_exactly_the_commands_listed_for_it():
    """``pjdesk.cli.main.AREAS`` names each area's commands so that a command loads only its area:
    the list must match what the area's module adds."""
    from pjdesk.cli.main import AREAS, areas_for, build_parser

    for commands, register in AREAS:
        parser = build_parser([register])
        added = next(a for a in parser._actions if a.dest == "command").choices
        assert tuple(added) == commands, register.__name__
    by_name = {register.__name__.strip("_"): register for _, register in AREAS}
    assert areas_for(["--db", "x.db", "households", "show", "1"]) == [by_name["registry"]]
    assert areas_for(["--format", "json", "helpers", "list"]) == [by_name["pairing"]]
    assert areas_for(["print", "roster", "--db", "x"]) == [by_name["printing"]]
    assert areas_for(["sites", "list", "--format", "json"]) == [by_name["sites"]]
    assert areas_for(["--db", "x.db", "check", "--format", "json"]) == [by_name["quality"]]
    assert areas_for(["export", "monthly", "--month", "2026-11", "--out", "x.xlsx"]) == [by_name["monthly"]]
    everything = [register for _, register in AREAS]
    assert areas_for([]) == areas_for(["--help"]) == areas_for(["nonsense"]) == everything
