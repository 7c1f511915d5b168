"""Generic A4 table document: rosters, public disclosure lists and the like.

Layout, top to bottom: title, subtitle lines, intro paragraphs, the table
(header repeated on every page), footer paragraphs, signature lines (right
aligned, optionally with a dashed 盖章处 box), and "第 X 页 共 Y 页" at the
foot of every page. All text is plain text (markup characters are escaped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .fonts import CjkFont
from .pdf_blocks import SEAL_LABEL, signature_block
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_row_split import split_tall_row
from .pdf_styles import ALIGNMENTS, PdfStyles, clean_text, para_text, styles

__all__ = ["Column", "TableDocument", "table_story", "write_table_pdf", "EMPTY_ROW_TEXT", "SEAL_LABEL"]

EMPTY_ROW_TEXT = "（无）"

_GRID = 0.5
_PAD_X = 3
_PAD_TOP = 2.5
_PAD_BOTTOM = 3.5
_PAIR_DIVIDER = 1.5
_HEADER_BG = colors.Color(0.88, 0.88, 0.88)


@dataclass
class Column:
    label: str
    width: float = 1.0  # relative weight
    align: Literal["left", "center", "right"] = "left"


@dataclass
class TableDocument:
    title: str
    subtitle_lines: list[str] = field(default_factory=list)
    intro_paragraphs: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    footer_paragraphs: list[str] = field(default_factory=list)
    signature_lines: list[str] = field(default_factory=list)
    landscape: bool = False
    paired: bool = False  # two data rows per printed row (columns printed twice)
    seal_box: bool = False


def _validate(doc: TableDocument) -> None:
    if not doc.columns:
        raise ValueError("TableDocument.columns is empty")
    for col in doc.columns:
        if col.align not in ALIGNMENTS:
            raise ValueError(f"column {col.label!r}: bad align {col.align!r}")
        if not col.width > 0:
            raise ValueError(f"column {col.label!r}: width must be > 0")
    n = len(doc.columns)
    for i, row in enumerate(doc.rows):
        if len(row) != n:
            raise ValueError(f"row {i} has {len(row)} cells, expected {n}")


def _column_widths(doc: TableDocument, avail: float) -> list[float]:
    groups = 2 if doc.paired else 1
    total = sum(c.width for c in doc.columns)
    one = [avail / groups * c.width / total for c in doc.columns]
    return one * groups


def _printed_rows(doc: TableDocument) -> list[list[str]]:
    """Data rows as printed: cleaned text, two data rows per line when paired."""
    rows = [[clean_text(v) for v in r] for r in doc.rows]
    if not doc.paired:
        return rows
    blank = [""] * len(doc.columns)
    return [rows[k] + (rows[k + 1] if k + 1 < len(rows) else blank) for k in range(0, len(rows), 2)]


def _known_height(
    values: list[str], text_widths: list[float], font: str, size: float, leading: float
) -> float | None:
    """Row height when every cell fits on one line (the common case), else None.

    Giving reportlab the height spares it wrapping each Paragraph an extra
    time or two while splitting the table across pages.
    """
    for v, w in zip(values, text_widths):
        if "\n" in v or stringWidth(v, font, size) > w:
            return None
    return (leading if any(values) else 0.0) + _PAD_TOP + _PAD_BOTTOM


def _build_table(doc: TableDocument, st: PdfStyles, avail_w: float, avail_h: float) -> Table:
    cols = doc.columns
    n = len(cols)
    width = n * (2 if doc.paired else 1)
    widths = _column_widths(doc, avail_w)
    cell_styles = [st.cell_for(c.align) for c in cols] * (2 if doc.paired else 1)
    header = [Paragraph(para_text(c.label), st.header) for c in cols] * (2 if doc.paired else 1)

    # Rows taller than ~40% of the frame are cut into continuation rows.
    max_lines = int(avail_h * 0.4 // st.cell.leading)
    # Punctuation that may not start a line (，。、) hangs past the wrap width;
    # extra right padding keeps it off the column rule.
    pad_right = _PAD_X + 0.4 * st.cell.fontSize
    text_widths = [w - _PAD_X - pad_right for w in widths]

    data: list[list] = [header]
    heights: list[float | None] = [None]  # None: let reportlab measure
    font, size, leading = st.cell.fontName, st.cell.fontSize, st.cell.leading
    # Rows after which a horizontal rule is drawn, as (first, last) runs.
    rules: list[tuple[int, int]] = [(0, 0)]
    for values in _printed_rows(doc):
        pieces = split_tall_row(values, text_widths, font, size, max_lines)
        for piece in pieces:
            data.append([Paragraph(para_text(v), s) for v, s in zip(piece, cell_styles)])
            heights.append(_known_height(piece, text_widths, font, size, leading))
        last = len(data) - 1
        first, prev = rules[-1]
        if len(pieces) == 1 and prev == last - 1:
            rules[-1] = (first, last)
        else:
            rules.append((last, last))

    commands: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), _GRID, colors.black),
        ("LINEBEFORE", (1, 0), (-1, -1), _GRID, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),  # for plain-string cells
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_right),
        ("RIGHTPADDING", (0, 0), (-1, 0), _PAD_X),  # short labels: keep them centred
        ("TOPPADDING", (0, 0), (-1, -1), _PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_BOTTOM),
    ]
    commands += [("LINEBELOW", (0, a), (-1, b), _GRID, colors.black) for a, b in rules]
    # Close the table at a page break that falls between continuation rows.
    commands.append(("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), _GRID, colors.black))
    if not doc.rows:
        data.append([Paragraph(EMPTY_ROW_TEXT, st.cell_center)] + [""] * (width - 1))
        heights.append(None)
        commands.append(("SPAN", (0, 1), (-1, 1)))
    if doc.paired:
        last = -1 if doc.rows else 0  # the （无） row spans the divider
        commands.append(("LINEAFTER", (n - 1, 0), (n - 1, last), _PAIR_DIVIDER, colors.black))

    return Table(data, colWidths=widths, rowHeights=heights, repeatRows=1, style=TableStyle(commands))


def table_story(doc: TableDocument, frame: Frame) -> list[Flowable]:
    """The flowables of ``doc`` (title … signature) for a page frame; other printouts embed it."""
    font_name, avail_w, avail_h = frame.font_name, frame.width, frame.height
    st = styles(font_name, cell_size=9.0 if doc.paired else 10.0)
    story: list[Flowable] = [Paragraph(para_text(doc.title), st.title)]
    story += [Paragraph(para_text(s), st.subtitle) for s in doc.subtitle_lines]
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(para_text(p), st.body) for p in doc.intro_paragraphs]
    if doc.intro_paragraphs:
        story.append(Spacer(1, 2 * mm))
    story.append(_build_table(doc, st, avail_w, avail_h))
    if doc.footer_paragraphs:
        story.append(Spacer(1, 3 * mm))
        story += [Paragraph(para_text(p), st.body) for p in doc.footer_paragraphs]
    if doc.signature_lines or doc.seal_box:
        story.append(signature_block(doc.signature_lines, st, avail_w, seal=doc.seal_box,
                                     space_before=6 * mm if doc.seal_box else 8 * mm))
    return story


def write_table_pdf(
    doc: TableDocument, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
    progress: Progress | None = None,
) -> int:
    """Write ``doc`` as PDF to a path or binary file object; return the page count.

    A path is written atomically (temp file + rename), so a failed run never
    leaves a half-written PDF behind. ``progress(done, total, text)`` hears of
    every page as it is laid out; an exception it raises (取消) stops the run.
    """
    _validate(doc)
    return write_story_pdf(lambda f: table_story(doc, f), out, font, title=doc.title,
                           subject=" ".join(doc.subtitle_lines), landscape=doc.landscape,
                           progress=progress, progress_text=f"正在排版{len(doc.rows)}行的名单")
