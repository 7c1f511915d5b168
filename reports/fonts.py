"""Locating and registering an embeddable Chinese (CJK) TrueType font.

reportlab can only embed TrueType fonts with ``glyf`` outlines. CFF-based
fonts (``.otf``, Noto/Source Han CJK collections) are rejected, and we never
fall back to reportlab's built-in ``STSong-Light`` CID font: it is not
embedded, so the PDF would show boxes on a PC without that font.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import FontNotFoundError

__all__ = ["CjkFont", "find_cjk_font", "register_cjk_font", "candidate_fonts"]

# A character every usable font must contain ("中").
_PROBE_CHARS = (0x4E2D, 0x6587)

NOT_FOUND_MESSAGE = (
    "未找到可嵌入的中文字体（TrueType）。请安装宋体/黑体/微软雅黑，"
    "或在“设置”中指定字体文件路径。"
)


@dataclass(frozen=True)
class CjkFont:
    """An embeddable TrueType face: file, index inside a .ttc, family name."""

    path: str
    subfont_index: int = 0
    family: str = ""


# (path, subfont_index) -> loaded TTFont, so a face is parsed only once.
_loaded: dict[tuple[str, int], TTFont] = {}
# (path, subfont_index) -> registered reportlab font name.
_registered: dict[tuple[str, int], str] = {}
_lock = threading.Lock()


def candidate_fonts(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> list[tuple[str, int]]:
    """System font files to try, in order of preference, as (path, subfont index)."""
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    out: list[tuple[str, int]] = []
    if plat.startswith("win"):
        dirs = []
        windir = env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows"
        dirs.append(ntpath.join(windir, "Fonts"))
        local = env.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only" (Windows 10 1809+)
            dirs.append(ntpath.join(local, "Microsoft", "Windows", "Fonts"))
        for d in dirs:
            # msyh.ttc is a collection; index 0 is 微软雅黑 regular.
            for name in ("simsun.ttc", "simhei.ttf", "msyh.ttc"):
                out.append((ntpath.join(d, name), 0))
    elif plat == "darwin":
        for p in (
            "/System/Library/Fonts/STHeiti Medium.ttc",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
            "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        ):
            out.append((p, 0))
    else:
        for p in (
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/arphic/uming.ttc",
            "/usr/share/fonts/truetype/arphic/ukai.ttc",
            # Fedora / Arch layouts of the same packages
            "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
            "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
        ):
            out.append((p, 0))
    return out


def _load(path: str, index: int) -> TTFont:
    """Parse a face (cached). Raises FontNotFoundError with a Chinese reason."""
    key = (path, index)
    with _lock:
        cached = _loaded.get(key)
    if cached is not None:
        return cached
    if path.lower().endswith(".otf"):
        raise FontNotFoundError(
            f"字体文件“{path}”是 OpenType（CFF）格式，无法嵌入 PDF。请改用 .ttf 或 .ttc 字体。"
        )
    try:
        ttf = TTFont(_internal_name(path, index), path, subfontIndex=index)
    except Exception as exc:  # TTFError for CFF outlines, bad index, corrupt file...
        reason = str(exc)
        if "postscript" in reason.lower():
            detail = "是 OpenType（CFF）格式，无法嵌入 PDF"
        else:
            detail = "无法读取或不是 TrueType 字体"
        raise FontNotFoundError(f"字体文件“{path}”{detail}。请改用 .ttf 或 .ttc 字体。") from exc
    if not all(cp in ttf.face.charToGlyph for cp in _PROBE_CHARS):
        raise FontNotFoundError(f"字体文件“{path}”不包含中文字形，请选择中文字体。")
    with _lock:
        _loaded.setdefault(key, ttf)
        return _loaded[key]


def _family(ttf: TTFont) -> str:
    raw = getattr(ttf.face, "familyName", b"") or b""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    return raw.strip() or Path(ttf.face.filename).stem


def _internal_name(path: str, index: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(path).stem).strip("-") or "font"
    return f"PJCJK-{stem}-{index}"


def _try(candidates: Iterable[tuple[str, int]]) -> CjkFont | None:
    for path, index in candidates:
        if not os.path.isfile(path):
            continue
        try:
            ttf = _load(path, index)
        except FontNotFoundError:
            continue  # e.g. a CFF font under a .ttc name: try the next one
        return CjkFont(path=path, subfont_index=index, family=_family(ttf))
    return None


def find_cjk_font(
    override: str | os.PathLike[str] | None = None,
    *,
    candidates: Iterable[tuple[str, int]] | None = None,
) -> CjkFont:
    """Return the first usable TrueType CJK font.

    ``override`` (the path set in 设置) wins; if it is given but missing or
    unusable a :class:`FontNotFoundError` naming the path is raised rather than
    silently using another font. ``candidates`` replaces the system search list
    (for tests).
    """
    if override:
        path = os.fspath(override)
        if not os.path.isfile(path):
            raise FontNotFoundError(f"找不到指定的字体文件“{path}”。请在“设置”中重新选择字体文件。")
        ttf = _load(path, 0)
        return CjkFont(path=path, subfont_index=0, family=_family(ttf))
    found = _try(candidate_fonts() if candidates is None else candidates)
    if found is None:
        raise FontNotFoundError(NOT_FOUND_MESSAGE)
    return found


def register_cjk_font(font: CjkFont) -> str:
    """Register ``font`` with reportlab (once) and return its font name.

    The same face is also registered as the bold/italic members of its family,
    so ``<b>`` in a Paragraph does not fail (it simply prints in the same face).
    """
    key = (font.path, font.subfont_index)
    with _lock:
        name = _registered.get(key)
    if name is not None:
        return name
    ttf = _load(font.path, font.subfont_index)
    name = ttf.fontName
    with _lock:
        if key not in _registered:
            pdfmetrics.registerFont(ttf)
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
            _registered[key] = name
        return _registered[key]
