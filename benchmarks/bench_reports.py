"""Time write_table_pdf on 3,000 rows next to a bare reportlab table.

Run by hand:  python benchmarks/bench_reports.py [rows]
Prints figures only; no assertions.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle  # noqa: E402

from reports.fonts import find_cjk_font, register_cjk_font  # noqa: E402

from reports.pdf_table import Column, TableDocument, write_table_pdf

SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英桂花志强春梅德华小红金水冬生"
COLUMNS = [
    Column("序号", 0.6, "center"),
    Column("户主姓名", 1.2),
    Column("身份证号码", 2.2, "center"),
    Column("家庭人口", 0.8, "right"),
    Column("组别", 0.8, "center"),
    Column("帮扶责任人", 1.2),
]


def make_rows(n: int) -> list[list[str]]:
    def name(i: int) -> str:
        return SURNAMES[i % 20] + GIVEN[(i * 7) % 18] + GIVEN[(i * 11) % 18]

    return [
        [str(i + 1), name(i), f"430626{19500101 + i:08d}{i % 9000 + 1000:04d}", str(i % 7 + 1), f"{i % 12 + 1}组", name(i + 5)]
        for i in range(n)
    ]


def bare(rows: list[list[str]], font_name: str) -> int:
    """Plain platypus Table of strings: no Paragraph cells, no page numbers."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=18 * mm)
    weights = [c.width for c in COLUMNS]
    widths = [doc.width * w / sum(weights) for w in weights]
    table = Table([[c.label for c in COLUMNS]] + rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name), ("FONTSIZE", (0, 0), (-1, -1), 10),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    pages = []
    doc.build([table], onLaterPages=lambda c, d: pages.append(1), onFirstPage=lambda c, d: pages.append(1))
    return len(pages)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    font = find_cjk_font()
    font_name = register_cjk_font(font)
    rows = make_rows(n)
    doc = TableDocument(title="基准测试花名册", subtitle_lines=["平江县 虹桥镇 大山村"], columns=COLUMNS, rows=rows,
                        signature_lines=["虹桥镇人民政府（盖章）", "2026年11月28日"])
    bare(rows[:50], font_name)  # warm-up: font parsing, imports
    write_table_pdf(doc, io.BytesIO(), font)

    t0 = time.perf_counter()
    pages_ours = write_table_pdf(doc, io.BytesIO(), font)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    pages_bare = bare(rows, font_name)
    t_bare = time.perf_counter() - t0

    print(f"font: {font.family} ({font.path})")
    print(f"rows: {n}")
    print(f"write_table_pdf      : {t_ours:6.2f} s  {pages_ours} pages")
    print(f"bare platypus Table  : {t_bare:6.2f} s  {pages_bare} pages")
    print(f"ratio                : {t_ours / t_bare:6.2f}x")


if __name__ == "__main__":
    main()
