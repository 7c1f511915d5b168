"""Building blocks of the printed forms: seal box, signature block, ruled form grids, and the
ways forms write dates, amounts and check boxes.

A form's boxes are checked with "■" and left open with "□": both are in GB2312, so every Chinese
font has them (the ballot-box "☑" is missing from SimSun and WenQuanYi).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .pdf_styles import PdfStyles, para_text

__all__ = [
    "SEAL_LABEL", "SEAL_SIZE", "SealBox", "signature_block", "layout_table", "OnePage", "Label", "form_table", "fmt_date", "blank_date",
    "fmt_amount", "capital_amount", "checkbox_markup", "WritingLines", "BLANK", "CHECKED", "UNCHECKED", "GRID", "LABEL_BG",
]

SEAL_LABEL = "盖章处"
SEAL_SIZE = 42 * mm  # a standard round official seal is 42 mm across
CHECKED, UNCHECKED = "■", "□"
BLANK = "_" * 16  # a line to write on (ASCII: a CJK paragraph never breaks a run of it across lines)
GRID = 0.5
LABEL_BG = colors.Color(0.93, 0.93, 0.93)
_PAD_X = PAD_X = 3   # PAD_X: for writers that measure text to fit a cell
_PAD_Y = 2.5

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿")


class SealBox(Flowable):
    """Dashed empty square labelled 盖章处 where the office stamps its seal."""

    def __init__(self, size: float, font_name: str, label: str = SEAL_LABEL):
        super().__init__()
        self.size, self.font_name, self.label = size, font_name, label

    def wrap(self, availWidth, availHeight):
        return self.size, self.size

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.grey)
        c.setFillColor(colors.grey)
        c.setLineWidth(0.8)
        c.setDash(4, 3)
        c.rect(0, 0, self.size, self.size, stroke=1, fill=0)
        font_size = 10 if self.size >= 30 * mm else 8
        c.setFont(self.font_name, font_size)
        c.drawCentredString(self.size / 2, self.size / 2 - font_size * 0.35, self.label)
        c.restoreState()


def signature_block(lines: Sequence[str], st: PdfStyles, avail: float, *, seal: bool,
                    seal_size: float = SEAL_SIZE, space_before: float = 6 * mm) -> Flowable:
    """Right-aligned issuer / date lines, with a seal box to their left when ``seal``; kept together."""
    font_name = st.signature.fontName
    paras = [Paragraph(para_text(s), st.signature) for s in lines]
    if not seal:
        return KeepTogether([Spacer(1, space_before)] + paras)
    text_w = max([stringWidth(s, font_name, st.signature.fontSize) for s in lines] + [0])
    text_w = min(text_w + 6, avail - seal_size - 10 * mm)
    block = Table(
        [[SealBox(seal_size, font_name), paras or ""]],
        colWidths=[seal_size + 6 * mm, text_w + 6],
        hAlign="RIGHT",
        style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), font_name),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]),
    )
    return KeepTogether([Spacer(1, space_before), block])


def layout_table(rows: Sequence[Sequence[object]], widths: Sequence[float], font_name: str,
                 commands: Sequence[tuple] = ()) -> Table:
    """An unruled table that only places things side by side (no padding unless ``commands`` add it).
    Its font is set even though the cells hold flowables: reportlab otherwise selects Helvetica, which
    is not embedded."""
    base = [("FONTNAME", (0, 0), (-1, -1), font_name), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    return Table([list(r) for r in rows], colWidths=list(widths), style=TableStyle(base + list(commands)))


class OnePage(KeepInFrame):
    """Keeps ``content`` on one page: as is when it fits, shrunk when it needs at most ``1/limit`` of
    the page, and otherwise split so it flows on like ordinary content.

    The common case costs one layout pass: the sizes measured in ``wrap`` are reused to draw
    (reportlab's KeepInFrame lays its content out again when drawing)."""

    def __init__(self, content: list[Flowable], limit: float):
        super().__init__(0, 0, content, mode="shrink")
        self.limit = limit
        self._sizes: list[tuple[float, float]] | None = None

    def wrap(self, availWidth, availHeight):
        self._sizes = [c.wrapOn(self.canv, availWidth, 0xFFFFFFF) for c in self._content]
        height = sum(h for _, h in self._sizes) + sum(self._gaps())
        self._scale = 1.0
        if height <= availHeight or height * self.limit > availHeight:  # fits, or too tall: split() follows
            self.width, self.height = availWidth, height
            return self.width, self.height
        self._sizes = None
        return super().wrap(availWidth, availHeight)

    def _gaps(self) -> list[float]:
        return [max(a.getSpaceAfter(), b.getSpaceBefore()) for a, b in zip(self._content, self._content[1:])]

    def split(self, availWidth, availHeight):
        return list(self._content)

    def drawOn(self, canv, x, y, _sW=0):
        if self._sizes is None:  # shrunk: reportlab draws it scaled
            return super().drawOn(canv, x, y, _sW)
        top = y + self.height
        gaps = self._gaps() + [0]
        for c, (_w, h), gap in zip(self._content, self._sizes, gaps):
            top -= h
            c.drawOn(canv, x, top, _sW=self.width - _w)
            top -= gap


@dataclass(frozen=True)
class Label:
    """A form's field name: printed centred on a grey ground. ``\\n`` breaks the line."""

    text: str


def form_table(rows: Sequence[Sequence[object]], widths: Sequence[float], st: PdfStyles, *,
               spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
               min_heights: dict[int, float] | None = None,
               repeat_rows: int = 0) -> Table:
    """A ruled grid. Cells: ``Label`` (field name), str (value, wraps), a Flowable or list of them
    (as is), or None (covered by a span). ``spans`` are ((col0, row0), (col1, row1)) pairs;
    ``min_heights`` maps a row to its least height (room to write by hand); the first
    ``repeat_rows`` rows repeat on every page the table runs onto."""
    data: list[list[object]] = []
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X),
        # punctuation that may not start a line (，。）) hangs past the wrap width: keep it off the rule
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X + 0.4 * st.cell.fontSize),
        ("TOPPADDING", (0, 0), (-1, -1), _PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_Y + 1),
        ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),
    ]
    for r, row in enumerate(rows):
        if len(row) != len(widths):
            raise ValueError(f"form row {r} has {len(row)} cells, expected {len(widths)}")
        out: list[object] = []
        for c, cell in enumerate(row):
            if isinstance(cell, Label):
                out.append(Paragraph(para_text(cell.text), st.header))
                commands.append(("BACKGROUND", (c, r), (c, r), LABEL_BG))
                commands.append(("RIGHTPADDING", (c, r), (c, r), _PAD_X))  # centred names: no hanging room
            elif isinstance(cell, str):
                out.append(Paragraph(para_text(cell), st.cell))
            elif cell is None:
                out.append("")
            else:
                out.append(cell)
        data.append(out)
    for a, b in spans:
        commands.append(("SPAN", a, b))
    widths = list(widths)
    heights = None
    if min_heights:
        # reportlab clips content to a fixed row height, so a floor is the larger of the wanted
        # height and the height the content needs (measured with every height free)
        free = Table(data, colWidths=widths, style=TableStyle(commands))
        free.wrap(sum(widths), 1e6)
        heights = [None] * len(rows)
        for r, h in min_heights.items():
            heights[r] = max(h, free._rowHeights[r])
    return Table(data, colWidths=widths, rowHeights=heights, repeatRows=repeat_rows, style=TableStyle(commands))


def fmt_date(d: dt.date | None) -> str:
    """2026年3月2日; a blank to fill by hand when there is no date."""
    return f"{d.year}年{d.month}月{d.day}日" if d else blank_date()


def blank_date() -> str:
    # underscores, not spaces: a paragraph collapses runs of (ideographic) spaces into one
    return "________年____月____日"


def fmt_amount(yuan: int | None) -> str:
    """20000元; a blank to fill in when not yet fixed."""
    return f"{yuan}元" if yuan is not None else f"{BLANK}元"


def capital_amount(yuan: int) -> str:
    """Whole yuan in capital numerals as on vouchers: 20000 → 贰万元整, 10500 → 壹万零伍佰元整."""
    if yuan < 0:
        raise ValueError("negative amount")
    if yuan == 0:
        return "零元整"
    groups: list[int] = []
    n = yuan
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(_BIG_UNITS):
        raise ValueError("amount too large")
    out = ""
    zero_pending = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or g < 1000):
            out += "零"
        out += _group_text(g) + _BIG_UNITS[i]
        zero_pending = False
    return out + "元整"


def _group_text(g: int) -> str:
    digits = [int(ch) for ch in f"{g:04d}"]
    out, zero = "", False
    started = False
    for pos, d in enumerate(digits):
        unit = _SMALL_UNITS[3 - pos]
        if d == 0:
            zero = started
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + unit
        started = True
    return out


def checkbox_markup(options: Sequence[str], chosen: str | None, box_size: float) -> str:
    """Paragraph markup of ■通过　□退回　□不予通过 (nothing checked when ``chosen`` is empty or not an
    option). The boxes print at ``box_size``: some fonts draw them small."""
    return "　".join(f'<font size="{box_size:g}">{CHECKED if o == chosen else UNCHECKED}</font>{para_text(o)}'
                    for o in options)


class WritingLines(Flowable):
    """``count`` ruled lines across the available width, ``gap`` apart: room to write by hand.
    ``label`` (e.g. "意见：") is printed before the first line."""

    def __init__(self, count: int, gap: float, font_name: str, font_size: float, label: str = ""):
        super().__init__()
        self.count, self.gap, self.font_name, self.font_size, self.label = count, gap, font_name, font_size, label
        self.width = 0

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.count * self.gap

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(0.5)
        indent = stringWidth(self.label, self.font_name, self.font_size) if self.label else 0
        if self.label:
            c.setFont(self.font_name, self.font_size)
            c.drawString(0, (self.count - 1) * self.gap + 3, self.label)
        for k in range(self.count):
            y = (self.count - 1 - k) * self.gap + 1
            c.line(indent if k == 0 else 0, y, self.width, y)
        c.restoreState()
