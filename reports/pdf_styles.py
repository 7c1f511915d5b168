"""Paragraph styles and text helpers shared by every PDF printout.

All styles use ``wordWrap='CJK'`` so Chinese text wraps between any two
characters (the default wraps only at spaces and would overflow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.platypus import paragraph as _rl_paragraph

__all__ = ["PdfStyles", "styles", "para_text", "clean_text", "ALIGNMENTS"]

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}

# C0 control characters (except tab/newline) and lone surrogates break the
# paragraph parser or the PDF; they do turn up in data pasted from Excel.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


# reportlab's "cannot start a line" list is Japanese-oriented and lacks the
# full-width Chinese comma, semicolon, colon etc., so "，" could begin a line.
# Extend the list both CJK wrappers consult (process-wide, idempotent): such a
# character now hangs at the end of the previous line instead.
_CN_CANNOT_START = "，；：！？、。）》」』】〕〉”’…％"
for _mod in (_rl_textsplit, _rl_paragraph):
    _mod.ALL_CANNOT_START += "".join(ch for ch in _CN_CANNOT_START if ch not in _mod.ALL_CANNOT_START)


def clean_text(value: object) -> str:
    """Any value -> plain text: None -> "", bad control chars dropped, \n newlines."""
    if value is None:
        return ""
    text = _BAD_CHARS.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\t", " ")


def para_text(value: object) -> str:
    """Plain text -> safe Paragraph markup (escaped, newlines kept)."""
    return escape(clean_text(value)).replace("\n", "<br/>")


@dataclass(frozen=True)
class PdfStyles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    header: ParagraphStyle
    small: ParagraphStyle
    signature: ParagraphStyle

    def cell_for(self, align: str) -> ParagraphStyle:
        return {"left": self.cell, "center": self.cell_center, "right": self.cell_right}[align]


def styles(font_name: str, *, cell_size: float = 10.0, body_size: float = 11.0) -> PdfStyles:
    """Return the standard set of styles in ``font_name``."""

    def mk(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font_name,
            fontSize=size,
            leading=leading if leading is not None else round(size * 1.35, 1),
            wordWrap="CJK",
            **kw,
        )

    cell_leading = round(cell_size * 1.25, 1)
    return PdfStyles(
        title=mk("pj-title", 18, 24, alignment=TA_CENTER, spaceAfter=4),
        subtitle=mk("pj-subtitle", 12, 16, alignment=TA_CENTER, spaceAfter=2),
        # Chinese convention: first line indented by two characters.
        body=mk("pj-body", body_size, alignment=TA_JUSTIFY, firstLineIndent=2 * body_size, spaceBefore=2, spaceAfter=2),
        cell=mk("pj-cell", cell_size, cell_leading, alignment=TA_LEFT),
        cell_center=mk("pj-cell-c", cell_size, cell_leading, alignment=TA_CENTER),
        cell_right=mk("pj-cell-r", cell_size, cell_leading, alignment=TA_RIGHT),
        header=mk("pj-header", cell_size, cell_leading, alignment=TA_CENTER),
        small=mk("pj-small", 9, 12, alignment=TA_LEFT),
        signature=mk("pj-signature", 12, 20, alignment=TA_RIGHT),
    )
