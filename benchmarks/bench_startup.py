"""Start-up speed (issue #9): first paint of the main window against a bare PySide6 window, the
registry rows after first paint, and one CLI command against a bare script. Run by hand; prints figures.

    python benchmarks/bench_startup.py [--repeat 7] [--sizes 1500,50000] [--offscreen]

Builds (once, cached in /tmp/pjdesk-bench/) demo databases with ``python main.py --db F demo
--households N``; a cached file whose schema is not this program's head is rebuilt. Then, in one run,
interleaving the programs so that machine load hits them alike:

- first paint: the time from just before the parent starts the child process (``time.monotonic()``,
  system-wide on Linux) to the end of the window's first paint. The child installs an application
  event filter; at the first ``QEvent.Paint`` of a widget of the window it arms ``QTimer.singleShot(0)``,
  which fires once that paint pass (every widget, then the flush) is done, and prints a monotonic
  timestamp. Children: (a) ``python main.py --db F`` (through this file: ``--child app``, which
  imports ``ui.app`` — the first thing ``main.py`` imports for the GUI —, hooks the probe into its
  ``MainWindow`` and calls ``main.main``), (b) the bare reference, (c) the bare reference without
  pypinyin. Every child runs this file, so each pays the same small wrapper.
- the bare reference window (``--child bare``): ``import PySide6.QtWidgets``, ``sqlalchemy``,
  ``sqlalchemy.orm`` and ``pypinyin`` (the libraries the app is built on, as issue #9 defines it); reads
  the first 200 households of the same file with ``sqlite3`` and shows them in a ``QTableWidget``
  (11 columns) in a 1280×800 ``QMainWindow``. ``--child bare-nopinyin`` is the same without pypinyin,
  a stricter reference since the app no longer imports pypinyin to start.
- registry open: from the end of first paint to the end of the first paint of the household table's
  viewport with rows in the model (``--child app --rows``), on the largest size; meanwhile a 10 ms
  timer on the GUI thread measures the longest stall (a frozen window would show as a long one). For
  scale, the bare SQLite list query of ``bench_registry.py`` on the same file is timed too.
- CLI: wall time of ``python main.py --db F households show NO --format json`` against a bare script
  that imports sqlalchemy and pypinyin and prints the same household (and its members) as JSON read
  with sqlite3 (and the same without pypinyin).

Compiled modules: the children write and read their .pyc files under /tmp/pjdesk-bench/pycache
(``PYTHONPYCACHEPREFIX``; ``PYTHONDONTWRITEBYTECODE`` is dropped), as an installed program has them.

Display: under a real X server (Xvfb, started with ``xvfb-run`` when no DISPLAY is set and the xcb
plugin loads), else the offscreen platform (``--offscreen`` forces it). QSettings and logs of the
children go to a throw-away folder (the same for every run, so each start after the first restores
the saved geometry, as a returning user's does).
"""

from __future__ import annotations

import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = "/tmp/pjdesk-bench"
BARE_ROWS_SQL = ("SELECT h.household_no, v.name, g.number, h.type, h.main_cause, h.status, h.phone, "
                 "h.planned_exit_year, h.identified_year, h.exit_year, h.id FROM household h "
                 "JOIN village v ON v.id = h.village_id JOIN village_group g ON g.id = h.group_id "
                 "ORDER BY h.household_no LIMIT 200")


# ---------------------------------------------------------------- child side (kept import-light)
def _paint_probe(window, *, rows: bool):
    """Print ``paint <t>`` after the window's first paint pass; with ``rows``, also ``rows <t>``
    after the household table's viewport first paints with rows in its model; then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance()
    state = {"painted": False, "rows": False, "last": None, "stall": 0.0}
    ticker = QTimer(app, interval=10)  # with ``rows``: the longest gap between 10 ms ticks while rows load

    def tick() -> None:
        now = time.monotonic()
        if state["last"] is not None:
            state["stall"] = max(state["stall"], now - state["last"] - 0.010)
        state["last"] = now

    ticker.timeout.connect(tick)

    def done(what: str) -> None:
        print(f"{what} {time.monotonic():.6f}", flush=True)
        if what == "paint" and rows:
            ticker.start()
        if what == "rows":
            ticker.stop()
            print(f"stall {state['stall']:.6f}", flush=True)
        if what == "paint" and not rows or what == "rows":
            QTimer.singleShot(0, app.quit)

    class Probe(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.window() is window:
                if not state["painted"]:
                    state["painted"] = True
                    QTimer.singleShot(0, lambda: done("paint"))
                elif rows and not state["rows"]:
                    table = window.findChild(QTableView, "households")
                    if table is not None and obj is table.viewport() and table.model().rowCount() > 0:
                        state["rows"] = True
                        QTimer.singleShot(0, lambda: done("rows"))
            return False

    probe = Probe(app)
    app.installEventFilter(probe)
    QTimer.singleShot(120_000, app.quit)  # never hang the benchmark
    return probe


def child_app(db: str, rows: bool) -> int:
    sys.path.insert(0, ROOT)
    import main as entry
    import ui.app as app_mod  # what main.main imports first for the GUI

    base = app_mod.MainWindow

    class ProbedMainWindow(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._probe = _paint_probe(self, rows=rows)

    app_mod.MainWindow = ProbedMainWindow
    return entry.main(["--db", db])


def child_bare(db: str, pinyin: bool) -> int:
    import sqlite3

    import PySide6.QtWidgets as qw
    import sqlalchemy  # noqa: F401
    import sqlalchemy.orm  # noqa: F401
    if pinyin:
        import pypinyin  # noqa: F401

    app = qw.QApplication([sys.argv[0]])
    conn = sqlite3.connect(db)
    data = conn.execute(BARE_ROWS_SQL).fetchall()
    conn.close()
    window = qw.QMainWindow()
    window.setWindowTitle("bare")
    table = qw.QTableWidget(len(data), 11)
    table.setHorizontalHeaderLabels(["户编号", "村", "组", "类型", "主要致贫原因", "状态", "电话", "计划脱贫",
                                     "识别年度", "脱贫年度", "id"])
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            table.setItem(r, c, qw.QTableWidgetItem("" if value is None else str(value)))
    window.setCentralWidget(table)
    window.resize(1280, 800)
    probe = _paint_probe(window, rows=False)  # noqa: F841
    window.show()
    return app.exec()


BARE_CLI = r"""
import json, sqlite3, sys
import sqlalchemy
{pinyin}
conn = sqlite3.connect(sys.argv[1])
conn.row_factory = sqlite3.Row
h = conn.execute("SELECT h.*, v.name AS village, g.number AS group_no FROM household h "
                 "JOIN village v ON v.id = h.village_id JOIN village_group g ON g.id = h.group_id "
                 "WHERE h.household_no = ?", (sys.argv[2],)).fetchone()
out = {{k: h[k] for k in h.keys()}}
out["members"] = [dict(m) for m in conn.execute(
    "SELECT * FROM member WHERE household_id = ? ORDER BY id", (h["id"],))]
print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
"""


# ---------------------------------------------------------------- parent side
def schema_head() -> str:
    sys.path.insert(0, ROOT)
    from db import SCHEMA_HEAD

    return SCHEMA_HEAD


def demo_file(n: int) -> str:
    import sqlite3
    import subprocess

    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, f"demo-{n}.db")
    if os.path.exists(path):
        conn = sqlite3.connect(path)
        try:
            revs = "+".join(sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")))
        finally:
            conn.close()
        if revs == schema_head():
            return path
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    t = time.monotonic()
    subprocess.run([sys.executable, "main.py", "--db", path, "demo", "--households", str(n)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"built {path} ({n} households) in {time.monotonic() - t:.0f} s", flush=True)
    return path


def run_child(args: list[str], env: dict) -> dict[str, float]:
    """Start ``python bench_startup.py --child …``; the child's reported times, relative to the start."""
    import subprocess

    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    marks = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("paint", "rows"):
            marks[parts[0]] = float(parts[1]) - t0
        elif len(parts) == 2 and parts[0] == "stall":
            marks["stall"] = float(parts[1])
    if "paint" not in marks:
        raise RuntimeError(f"child {args} reported no paint (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return marks


def run_wall(cmd: list[str], env: dict) -> float:
    import subprocess

    t0 = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - t0


def fmt(values: list[float]) -> str:
    import statistics

    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def parent(argv: list[str]) -> int:
    import argparse
    import shutil
    import sqlite3
    import subprocess
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--sizes", default="1500,50000")
    ap.add_argument("--offscreen", action="store_true", help="use the offscreen platform, not Xvfb")
    ap.add_argument("--no-cli", action="store_true")
    args = ap.parse_args(argv)

    if not args.offscreen and not os.environ.get("DISPLAY") and not os.environ.get("PJDESK_BENCH_XVFB") \
            and shutil.which("xvfb-run"):
        env = dict(os.environ, PJDESK_BENCH_XVFB="1")
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable, os.path.abspath(__file__), *argv]
        code = subprocess.run(cmd, env=env).returncode
        if code == 0:
            return 0
        print("xvfb-run failed; using the offscreen platform", flush=True)
        args.offscreen = True

    sizes = [int(s) for s in args.sizes.split(",")]
    files = {n: demo_file(n) for n in sizes}
    home = tempfile.mkdtemp(prefix="pjdesk-bench-home-")
    # Compiled modules cached outside the source tree: an installed program has its .pyc files (pip
    # compiles them, PyInstaller bundles them); PYTHONDONTWRITEBYTECODE would recompile ours every start.
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, "config"), PJDESK_HOME=os.path.join(home, "home"),
               PYTHONPYCACHEPREFIX=os.path.join(CACHE, "pycache"))
    env.pop("PJDESK_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.offscreen or not os.environ.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
    import platform

    print(f"python {platform.python_version()}, {os.cpu_count()} cores, platform {env['QT_QPA_PLATFORM']}, "
          f"load before: {loadavg()}", flush=True)

    kinds = {"app": lambda f: ["app", f], "bare": lambda f: ["bare", f], "bare-nopinyin": lambda f: ["bare-nopinyin", f]}
    paint: dict[tuple[int, str], list[float]] = {}
    for n in sizes:
        for kind, cargs in kinds.items():  # warm-up (page cache, .pyc, saved geometry): not counted
            run_child(cargs(files[n]), env)
        for _ in range(args.repeat):
            for kind, cargs in kinds.items():
                paint.setdefault((n, kind), []).append(run_child(cargs(files[n]), env)["paint"])
    big = max(sizes)
    rows_after, stalls = [], []
    for _ in range(args.repeat):
        marks = run_child(["app", files[big], "--rows"], env)
        rows_after.append(marks["rows"] - marks["paint"])
        stalls.append(marks["stall"])

    print("\nfirst paint (process start → end of the window's first paint), median (min–max) of "
          f"{args.repeat}:")
    for n in sizes:
        app, bare, lean = (paint[(n, k)] for k in ("app", "bare", "bare-nopinyin"))
        print(f"  {n:>6,} households: app {fmt(app)}   bare {fmt(bare)}   bare without pypinyin {fmt(lean)}   "
              f"ratio {median(app) / median(bare):.2f} (to the bare without pypinyin {median(app) / median(lean):.2f})")
    print(f"registry rows shown after first paint, {big:,} households: {fmt(rows_after)}; meanwhile the longest "
          f"the GUI thread did not answer a 10 ms timer: {fmt(stalls)}")
    # For scale: the bare SQLite list query of benchmarks/bench_registry.py on the same file, same run.
    from bench_registry import BARE_LIST

    conn = sqlite3.connect(files[big])
    bare_list = []
    for _ in range(args.repeat):
        t = time.monotonic()
        conn.execute(BARE_LIST).fetchall()
        bare_list.append(time.monotonic() - t)
    conn.close()
    print(f"  the bare list query alone (bench_registry.py's, sqlite3): {fmt(bare_list)}")

    if not args.no_cli:
        f = files[big]
        conn = sqlite3.connect(f)
        no = conn.execute("SELECT household_no FROM household ORDER BY id LIMIT 1 OFFSET ?",
                          (conn.execute("SELECT count(*) FROM household").fetchone()[0] // 2,)).fetchone()[0]
        conn.close()
        cli = [sys.executable, "main.py", "--db", f, "households", "show", no, "--format", "json"]
        bare = [sys.executable, "-c", BARE_CLI.format(pinyin="import pypinyin"), f, no]
        lean = [sys.executable, "-c", BARE_CLI.format(pinyin=""), f, no]
        times: dict[str, list[float]] = {}
        for cmd in (cli, bare, lean):  # warm-up
            run_wall(cmd, env)
        for _ in range(args.repeat):
            for name, cmd in (("cli", cli), ("bare", bare), ("lean", lean)):
                times.setdefault(name, []).append(run_wall(cmd, env))
        print(f"CLI `households show {no} --format json` ({big:,} households), wall time: pjdesk {fmt(times['cli'])}   "
              f"bare {fmt(times['bare'])}   bare without pypinyin {fmt(times['lean'])}   "
              f"ratio {median(times['cli']) / median(times['bare']):.2f} "
              f"(to the bare without pypinyin {median(times['cli']) / median(times['lean']):.2f})")
    print(f"load after: {loadavg()}")
    shutil.rmtree(home, ignore_errors=True)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        kind, db = argv[1], argv[2]
        if kind == "app":
            return child_app(db, rows="--rows" in argv)
        return child_bare(db, pinyin=kind == "bare")
    return parent(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
