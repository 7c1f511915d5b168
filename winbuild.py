"""Files the Windows build makes from the sources, so nothing generated is committed (build.spec runs
``python winbuild.py OUTDIR`` before PyInstaller's analysis):

- ``pjdesk.ico``: the application icon, ``resources/icons/app.svg`` drawn by Qt at the sizes Windows
  uses (16–256 px), each stored as a PNG image in the .ico (Windows Vista and later read those);
- ``version-pjdesk.txt``, ``version-pjdesk-cli.txt``: the Windows version resources of the two programs
  (product name 平江扶贫工作台, version from ``pjdesk/__init__.py``), in PyInstaller's text format.

No project code is imported (the version is read from the file), and Qt runs offscreen.
"""

from __future__ import annotations

import os
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SVG = ROOT / "resources" / "icons" / "app.svg"
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PRODUCT = "平江扶贫工作台"
PROGRAMS = {   # file name → what Explorer shows as the file description
    "pjdesk": PRODUCT,
    "pjdesk-cli": f"{PRODUCT}（命令行）",
}
ZH_CN_UNICODE = "080404B0"   # language 0x0804 (Chinese, PRC), code page 1200 (UTF-16)


def package_version() -> str:
    text = (ROOT / "pjdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "(\d+)\.(\d+)\.(\d+)"', text, re.M)
    if not match:
        raise SystemExit("pjdesk/__init__.py: __version__ = \"X.Y.Z\" not found")
    return ".".join(match.groups())


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file of PNG images (ICONDIR, one ICONDIRENTRY per size, then the images)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size           # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def make_icon(path: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841  (QPainter needs it)
    path.write_bytes(ico_bytes({size: render_png(size) for size in ICON_SIZES}))
    return path


def version_info_text(program: str, version: str) -> str:
    numbers = tuple(int(n) for n in version.split(".")) + (0,)
    strings = {
        "FileDescription": PROGRAMS[program],
        "FileVersion": version,
        "InternalName": program,
        "OriginalFilename": f"{program}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    table = ",\n        ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# -*- coding: utf-8 -*-
# Made by winbuild.py from pjdesk/__init__.py; PyInstaller's version-resource format (EXE(version=…)).
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable({ZH_CN_UNICODE!r}, [
        {table}])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def make_all(outdir: Path) -> dict[str, Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    made = {"icon": make_icon(outdir / "pjdesk.ico")}
    version = package_version()
    for program in PROGRAMS:
        path = outdir / f"version-{program}.txt"
        path.write_text(version_info_text(program, version), encoding="utf-8")
        made[program] = path
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python winbuild.py OUTDIR")
    for name, path in make_all(Path(sys.argv[1])).items():
        print(f"{name}: {path}")
