"""The build check: ``python -m build_check`` builds the one-folder program with ``build.spec`` (as the
README's Windows steps do) and runs what was built, the way a clerk and a script would use it:

1. the folder: both programs are there, only the Qt modules the app uses, the icon and version resources
   that winbuild.py made (read back: every icon size; the version resource serialised as Windows gets it);
2. ``pjdesk-cli --version`` (the package's version), ``demo`` into a temporary file,
   ``households list --format json`` (Chinese, UTF-8 through a pipe), a refusal (exit 2, ``错误：`` on stderr),
   a PDF printout with its Chinese font embedded;
3. an old-schema file (tests/data/schema-0001.sqlite3) migrated, its copy kept beside it;
4. the GUI started offscreen on the demo file and still running after 10 s, no uncaught exception logged;
5. portable mode: a ``portable`` file beside the programs puts the database and the log in ``data/``
   beside them, and nothing in the user's folders.

Prints the figures (build time, folder size) and exits 1 on the first failed step. ``--skip-build``
checks the folder already built. Runs on Linux too (the same spec; icon and version resources are
embedded only on Windows, so here they are checked as files).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXE = ".exe" if os.name == "nt" else ""
# Qt libraries the app never uses: present in the folder, they mean the trimming of build.spec broke.
UNWANTED_QT = ("Qml", "Quick", "WebEngine", "Designer", "3D", "Multimedia", "Charts", "DataVisualization",
               "Location", "Sensors", "Bluetooth")
GUI_SECONDS = 10


class CheckFailed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def build(dist: Path, work: Path) -> float:
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
                          "--workpath", str(work), str(ROOT / "build.spec")], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8", errors="replace")
    seconds = time.monotonic() - start
    if run.returncode:
        print(run.stderr[-4000:], file=sys.stderr)
        raise CheckFailed(f"PyInstaller failed (exit {run.returncode})")
    return seconds


class Programs:
    """Runs the built programs in a clean environment (no PJDESK_* of the caller, a throw-away home)."""

    def __init__(self, folder: Path, tmp: Path):
        self.folder = folder
        self.cli_path = folder / f"pjdesk-cli{EXE}"
        self.gui_path = folder / f"pjdesk{EXE}"
        self.home = tmp / "user-home"
        self.home.mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PJDESK_", "PYTHON", "XDG_"))}
        self.env.update(HOME=str(self.home), USERPROFILE=str(self.home), APPDATA=str(self.home / "AppData"),
                        LOCALAPPDATA=str(self.home / "AppData" / "Local"), QT_QPA_PLATFORM="offscreen")

    def cli(self, *args: str, env: dict | None = None, expect: int = 0) -> subprocess.CompletedProcess:
        run = subprocess.run([str(self.cli_path), *args], capture_output=True, env=env or self.env,
                             timeout=300)
        if run.returncode != expect:
            raise CheckFailed(f"pjdesk-cli {' '.join(args)}: exit {run.returncode}, expected {expect}\n"
                              + run.stderr.decode("utf-8", "replace")[-3000:])
        return run

    def gui_runs(self, *args: str, seconds: float, env: dict | None = None) -> None:
        """The GUI starts and is still running after ``seconds`` (then it is stopped)."""
        proc = subprocess.Popen([str(self.gui_path), *args], env=env or self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            code = proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return
        finally:
            if proc.poll() is None:
                proc.kill()
            out, err = proc.communicate()
        raise CheckFailed(f"pjdesk {' '.join(args)} ended after less than {seconds} s (exit {code})\n"
                          + err.decode("utf-8", "replace")[-3000:])


def check_folder(folder: Path, work: Path) -> None:
    for program in (f"pjdesk{EXE}", f"pjdesk-cli{EXE}"):
        check((folder / program).is_file(), f"{program} is missing from {folder}")
    names = [p.name for p in folder.rglob("*") if "Qt6" in p.name or p.name.startswith("Qt")]
    unwanted = sorted({n for n in names for u in UNWANTED_QT if f"Qt6{u}" in n or n.startswith(f"Qt{u}")})
    check(not unwanted, f"Qt modules the app does not use are bundled: {unwanted[:10]}")
    check(any("Qt6Pdf" in n for n in names), "QtPdf (the print preview) is missing")
    generated = work / "build" / "generated"
    check_icon(generated / "pjdesk.ico")
    check_version_resources(generated)


def check_icon(path: Path) -> None:
    from PySide6.QtGui import QGuiApplication, QImageReader

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841  (image plugins)
    reader = QImageReader(str(path))
    sizes = []
    while True:
        image = reader.read()
        if image.isNull():
            break
        sizes.append(image.width())
        if not reader.jumpToNextImage():
            break
    check({16, 32, 48, 256} <= set(sizes), f"{path}: icon sizes {sizes}, expected 16, 32, 48 and 256")


def check_version_resources(folder: Path) -> None:
    """Serialise each version file as PyInstaller does on Windows (its Windows-only imports stubbed)."""
    import types

    import PyInstaller.compat as compat

    sys.modules.setdefault("pefile", types.ModuleType("pefile"))     # only used to read .exe files
    if not hasattr(compat, "win32api"):
        compat.win32api = None
    from PyInstaller.utils.win32 import versioninfo

    import winbuild

    version = winbuild.package_version()
    for program in winbuild.PROGRAMS:
        info = versioninfo.load_version_info_from_text_file(str(folder / f"version-{program}.txt"))
        raw = info.toRaw()
        for text in (winbuild.PRODUCT, version, f"{program}.exe"):
            check(text.encode("utf-16-le") in raw, f"version resource of {program}: {text} missing")


def check_programs(p: Programs, tmp: Path) -> None:
    import winbuild

    out = p.cli("--version").stdout.decode("utf-8").strip()
    check(out == f"pjdesk {winbuild.package_version()}", f"--version printed {out!r}")

    demo = tmp / "demo.db"
    p.cli("--db", str(demo), "demo", "--households", "40")
    check(demo.is_file(), "demo did not write its file")
    rows = json.loads(p.cli("--db", str(demo), "households", "list", "--format", "json").stdout.decode("utf-8"))
    check(len(rows) == 40 and all(r["head_name"] for r in rows), f"households list: {len(rows)} rows")

    refused = p.cli("--db", str(demo), "households", "show", "00000000000000", expect=2)
    check(refused.stderr.decode("utf-8").startswith("错误："), "a refusal did not print 错误： on stderr")

    pdf = tmp / "roster.pdf"
    p.cli("--db", str(demo), "print", "roster", "--village", rows[0]["village"], "--out", str(pdf))
    check(pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), "print roster wrote no PDF")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    check(bool(fonts) and all(line.split()[-5] == "yes" for line in fonts),
          "the PDF's fonts are not embedded:\n" + "\n".join(fonts))

    old = tmp / "old.sqlite3"
    shutil.copy(ROOT / "tests" / "data" / "schema-0001.sqlite3", old)
    p.cli("--db", str(old), "households", "list", "--format", "json")
    check(any(".schema-0001." in f.name for f in tmp.iterdir()), "the old file was not copied before its upgrade")

    p.gui_runs("--db", str(demo), seconds=GUI_SECONDS)
    logs = list(p.home.rglob("pjdesk.log"))
    check(bool(logs), "the GUI wrote no log in the user's folder")
    check(all("uncaught exception" not in f.read_text(encoding="utf-8") for f in logs), "the GUI logged an error")


def check_portable(p: Programs) -> None:
    marker, data = p.folder / "portable", p.folder / "data"
    shutil.rmtree(data, ignore_errors=True)
    for f in p.home.rglob("*"):
        if f.is_file():
            f.unlink()
    marker.write_text("", encoding="utf-8")
    try:
        p.cli("demo", "--households", "20")
        check((data / "demo.db").is_file(), f"portable mode: demo.db not in {data}")
        p.gui_runs("--demo", seconds=5)
        check((data / "logs" / "pjdesk.log").is_file(), f"portable mode: no log in {data / 'logs'}")
        written = [str(f) for f in p.home.rglob("*") if f.is_file()]
        check(not written, f"portable mode wrote into the user's folders: {written[:5]}")
    finally:
        marker.unlink()
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="check the folder already built")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="PyInstaller's dist folder (default dist/)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller's work folder (default build/)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    dist, work = Path(args.dist), Path(args.work)
    folder = dist / "pjdesk"
    try:
        if not args.skip_build:
            seconds = build(dist, work)
            print(f"build: {seconds:.0f} s")
        size, count = folder_size(folder)
        print(f"folder: {folder} — {size / 2**20:.0f} MB, {count} files")
        steps = (("folder, icon, version resources", lambda: check_folder(folder, work)),
                 ("command line, printing, old file, GUI", lambda: check_programs(programs, tmp)),
                 ("portable mode", lambda: check_portable(programs)))
        with tempfile.TemporaryDirectory(prefix="pjdesk-build-check-") as name:
            tmp = Path(name)
            programs = Programs(folder, tmp)
            for what, step in steps:
                start = time.monotonic()
                step()
                print(f"ok: {what} ({time.monotonic() - start:.1f} s)")
    except (CheckFailed, subprocess.TimeoutExpired, OSError, ValueError) as exc:
        print(f"build check FAILED: {exc}", file=sys.stderr)
        return 1
    print("build check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
