"""Font discovery and registration (reports/fonts.py)."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from reports.errors import FontNotFoundError, ReportError

from reports.fonts import find_cjk_font, register_cjk_font
from reports.fonts import NOT_FOUND_MESSAGE, candidate_fonts

WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _fake_cff_font(path: Path) -> Path:
    """Minimal OpenType header with CFF outlines ('OTTO'), whatever the suffix."""
    path.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + b"CFF " + b"\0" * 12 + b"\0" * 64)
    return path


def _fake_cff_collection(path: Path) -> Path:
    """A .ttc whose only face is CFF (like NotoSansCJK-Regular.ttc)."""
    face = b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + b"CFF " + b"\0" * 12 + b"\0" * 64
    header = b"ttcf" + struct.pack(">III", 0x00010000, 1, 16)  # version, numFonts, offset
    path.write_bytes(header + face)
    return path


def test_missing_override_names_the_path_in_chinese():
    with pytest.raises(FontNotFoundError) as info:
        find_cjk_font("/nonexistent/dir/宋体.ttf")
    msg = str(info.value)
    assert "/nonexistent/dir/宋体.ttf" in msg
    assert "字体" in msg
    assert isinstance(info.value, ReportError)


def test_otf_override_rejected(tmp_path):
    f = _fake_cff_font(tmp_path / "NotoSansCJKsc-Regular.otf")
    with pytest.raises(FontNotFoundError, match="CFF"):
        find_cjk_font(f)


def test_cff_content_under_ttf_name_rejected(tmp_path):
    f = _fake_cff_font(tmp_path / "disguised.ttf")
    with pytest.raises(FontNotFoundError, match="CFF"):
        find_cjk_font(str(f))


@pytest.mark.skipif(not os.path.exists(DEJAVU), reason="DejaVu not installed")
def test_truetype_without_chinese_glyphs_rejected():
    with pytest.raises(FontNotFoundError, match="不包含中文字形"):
        find_cjk_font(DEJAVU)


def test_nothing_found_gives_install_hint():
    with pytest.raises(FontNotFoundError) as info:
        find_cjk_font(candidates=[("/no/such/simsun.ttc", 0), ("/no/such/msyh.ttc", 0)])
    assert str(info.value) == NOT_FOUND_MESSAGE
    assert "TrueType" in NOT_FOUND_MESSAGE and "设置" in NOT_FOUND_MESSAGE


def test_cff_collection_override_rejected(tmp_path):
    bad = _fake_cff_collection(tmp_path / "NotoSansCJK-Regular.ttc")
    with pytest.raises(FontNotFoundError, match="CFF"):
        find_cjk_font(bad)


@pytest.mark.skipif(not os.path.exists(WQY), reason="fonts-wqy-microhei not installed")
def test_search_skips_cff_collection_and_takes_next(tmp_path):
    bad = _fake_cff_collection(tmp_path / "NotoSansCJK-Regular.ttc")
    font = find_cjk_font(candidates=[(str(bad), 0), ("/missing.ttc", 0), (WQY, 0)])
    assert font.path == WQY
    assert font.subfont_index == 0
    assert font.family == "WenQuanYi Micro Hei"


def test_windows_candidates_in_order():
    env = {"WINDIR": r"D:\Windows"}
    paths = [p for p, _ in candidate_fonts(env, "win32")]
    assert paths[:3] == [r"D:\Windows\Fonts\simsun.ttc", r"D:\Windows\Fonts\simhei.ttf", r"D:\Windows\Fonts\msyh.ttc"]


def test_linux_candidates_start_with_wqy():
    first = candidate_fonts({}, "linux")[0]
    assert first == (WQY, 0)


@pytest.mark.skipif(not os.path.exists(WQY), reason="fonts-wqy-microhei not installed")
def test_register_once_with_bold_alias():
    font = find_cjk_font()
    name = register_cjk_font(font)
    assert register_cjk_font(font) == name
    assert pdfmetrics.getFont(name).fontName == name
    assert tt2ps(name, 1, 0) == name  # <b> maps to the same face, no KeyError
    assert tt2ps(name, 1, 1) == name
