"""The one-page A4 summary of the 统计 page for the township meeting (issue 15): title, 截至 date, the key
figures as a small table, and the charts as images in two columns, scaled so that everything fits on
one page. The images are PNG bytes made by the caller (the charts as shown on screen)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle

from .fonts import CjkFont
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_styles import para_text, styles

__all__ = ["ChartImage", "StatsSummary", "write_stats_pdf"]

COLUMNS = 2
FIGURES_PER_ROW = 4


@dataclass(frozen=True)
class ChartImage:
    title: str
    png: bytes
    wide: bool = False       # across both columns (a chart of months)


@dataclass(frozen=True)
class StatsSummary:
    title: str                          # “虹桥镇脱贫攻坚统计摘要”
    subtitle: str                       # “截至2026年12月2日”
    figures: list[tuple[str, str]]      # (label, value) of the key figures
    charts: list[ChartImage]
    note: str = ""                      # a line under the charts (how targets are set …)


def _figures_table(summary: StatsSummary, st, width: float) -> Table:
    cells = [Paragraph(f"{para_text(label)}<br/><b>{para_text(value)}</b>", st.cell_center)
             for label, value in summary.figures]
    while len(cells) % FIGURES_PER_ROW:
        cells.append("")
    rows = [cells[i:i + FIGURES_PER_ROW] for i in range(0, len(cells), FIGURES_PER_ROW)]
    table = Table(rows, colWidths=[width / FIGURES_PER_ROW] * FIGURES_PER_ROW)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),   # empty cells too
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _image(png: bytes, box_w: float, box_h: float) -> Image:
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    scale = min(box_w / w, box_h / h)
    return Image(io.BytesIO(png), width=w * scale, height=h * scale)


def _rows(charts: list[ChartImage]) -> list[list[ChartImage]]:
    """Two charts a row, a wide one alone in its row."""
    rows: list[list[ChartImage]] = []
    for c in charts:
        if c.wide or not rows or rows[-1][0].wide or len(rows[-1]) == COLUMNS:
            rows.append([c])
        else:
            rows[-1].append(c)
    return rows


def write_stats_pdf(summary: StatsSummary, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                    progress: Progress | None = None) -> int:
    """Write the summary; returns the page count (1)."""

    def build(frame: Frame):
        st = styles(frame.font_name, cell_size=9)
        head = [Paragraph(para_text(summary.title), st.title), Paragraph(para_text(summary.subtitle), st.subtitle),
                Spacer(1, 2 * mm), _figures_table(summary, st, frame.width), Spacer(1, 3 * mm)]
        note = [Paragraph(para_text(summary.note), st.small)] if summary.note else []
        used = sum(f.wrap(frame.width, frame.height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in head + note)
        layout = _rows(summary.charts)
        rows = max(1, len(layout))
        cell_w = frame.width / COLUMNS
        # what is left of the page after the titles, the figures and the note, shared by the rows of charts
        # (less a little: reportlab's frame keeps a few points of padding)
        cell_h = (frame.height - used - 16) / rows
        story = list(head)
        cells = [[_image(c.png, (frame.width if c.wide else cell_w) - 4, cell_h - 4) for c in row] for row in layout]
        spans = [("SPAN", (0, r), (-1, r)) for r, row in enumerate(layout) if row[0].wide]
        grid = Table([row + [""] * (COLUMNS - len(row)) for row in cells],
                     colWidths=[cell_w] * COLUMNS, rowHeights=[cell_h] * rows)
        grid.setStyle(TableStyle(spans + [("FONTNAME", (0, 0), (-1, -1), frame.font_name), ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        story.append(grid)
        return story + note

    return write_story_pdf(build, out, font, title=summary.title, subject=summary.subtitle, progress=progress,
                           progress_text="正在生成统计摘要")
