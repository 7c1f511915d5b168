"""Time the printing layouts next to bare reportlab documents of the same rows, in the same run:

- a 3,000-household renovation disclosure list (公示名单) vs a plain platypus Table of the same cells;
- a batch of 500 approval sheets (审批表) vs 500 pages of plain label/value tables of the same fields.

Run by hand:  python benchmarks/bench_printing.py [disclosure rows] [sheets]
Prints figures only; no assertions. Figures go to docs/benchmarks.md ("Printing").
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

from reports.fonts import find_cjk_font, register_cjk_font  # noqa: E402

from reports.pdf_styles import styles
from reports.approval_sheet import ApprovalSheet, Member, Opinion, SubsidyPart, write_approval_sheets  # noqa: E402
from reports.disclosure import (Contact, PostingTerms, RenovationDisclosure, RenovationRow,  # noqa: E402
                                write_renovation_disclosure)

SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英桂花志强春梅德华小红金水冬生"
D = dt.date


def name(i: int) -> str:
    return SURNAMES[i % 20] + GIVEN[(i * 7) % 18] + GIVEN[(i * 11) % 18]


def disclosure(n: int) -> RenovationDisclosure:
    rows = [RenovationRow(f"{i % 12 + 1}组", name(i), i % 6 + 1, "分散·原地重建（60㎡）" if i % 3 else
                          "集中安置·集中新建（60㎡）", "D" if i % 4 else "C", 20000 if i % 3 else 40000) for i in range(n)]
    terms = PostingTerms(D(2026, 3, 7), D(2026, 3, 13), "村务公开栏", "大山村村民委员会或虹桥镇人民政府",
                         [Contact("大山村村民委员会", "0730-6123456"), Contact("虹桥镇人民政府", "0730-6234567")],
                         "大山村村民委员会")
    return RenovationDisclosure("虹桥镇大山村2026年农村危房改造对象第一榜公示", "平江县　虹桥镇　大山村　第一榜",
                                "根据有关规定，", "经村民代表大会评议，", ["分散改造每户20000元"], "评议通过。", rows, terms)


def sheets(n: int) -> list[ApprovalSheet]:
    out = []
    for i in range(n):
        members = [Member(name(i + k), ("户主", "配偶", "子", "女")[k], "男", f"43062619{60 + k:02d}0101{i % 9000 + 1000:04d}",
                          "健康", "普通劳动力") for k in range(1 + i % 4)]
        ops = tuple(Opinion("通过", "经评议审核，同意", "李主任", D(2026, 3, 6 + 10 * k), "公示期满无异议") if k <= i % 4 else
                    Opinion() for k in range(3))
        out.append(ApprovalSheet("平江县农村危房改造申请审批表", f"危改-2026-{i + 1:04d}", "虹桥镇", "大山村", f"{i % 12 + 1}组",
                                 name(i), "男", members[0].id_number, len(members), "一般贫困户", "13900000000",
                                 "平江县农村商业银行", "6230901600000000001", members, "土木", 72.0, 1980, "D",
                                 "平江县住房和城乡建设局", D(2026, 2, 20), "分散", "原地重建", "60㎡户型", 60, 10, 100, "",
                                 "房屋为D级危房，申请原地重建", D(2026, 3, 2), ops,
                                 [SubsidyPart("建房补助", "住建部门", 10000), SubsidyPart("建房补助", "扶贫部门", 10000)]))
    return out


def _bare_doc(buf, story) -> int:
    pages = []
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=18 * mm)
    doc.build(story, onFirstPage=lambda c, d: pages.append(1), onLaterPages=lambda c, d: pages.append(1))
    return len(pages)


def _grid(font_name: str) -> TableStyle:
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name), ("FONTSIZE", (0, 0), (-1, -1), 10),
                       ("GRID", (0, 0), (-1, -1), 0.5, "black")])


def bare_disclosure(d: RenovationDisclosure, font_name: str) -> int:
    """The same cells as a plain Table of strings: no Paragraph cells, wrapping or page numbers."""
    header = ["序号", "村民小组", "户主姓名", "家庭人口", "改造方式", "房屋等级", "补助标准（元）", "备注"]
    rows = [[str(i), r.group, r.head_name, str(r.size), r.mode, r.grade, str(r.subsidy), ""]
            for i, r in enumerate(d.rows, 1)]
    return _bare_doc(io.BytesIO(), [Table([header] + rows, repeatRows=1, style=_grid(font_name))])


def bare_sheets(items: list[ApprovalSheet], font_name: str) -> int:
    """Each sheet as a title and one plain label/value table of the same fields, a page each."""
    title = styles(font_name).title
    story = []
    for a in items:
        rows = [["户主", a.head_name, "身份证号", a.head_id_number], ["住址", f"{a.village}{a.group}", "人口", str(a.size)]]
        rows += [[m.name, m.relation, m.id_number, m.health] for m in a.members]
        rows += [["房屋", a.house_structure, "等级", a.danger_grade], ["方式", a.mode, "建设", a.build_type]]
        rows += [[("村级", "乡镇", "县级")[k], o.decision, o.opinion, o.reviewer] for k, o in enumerate(a.opinions)]
        story += [Paragraph(a.title, title), Table(rows, style=_grid(font_name)), PageBreak()]
    return _bare_doc(io.BytesIO(), story[:-1])


def timed(fn, *args) -> tuple[float, int]:
    t0 = time.perf_counter()
    pages = fn(*args)
    return time.perf_counter() - t0, pages


def main() -> None:
    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    n_sheets = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    font = find_cjk_font()
    font_name = register_cjk_font(font)
    d, s = disclosure(n_rows), sheets(n_sheets)
    write_renovation_disclosure(disclosure(50), io.BytesIO(), font)  # warm-up: font parsing, imports
    bare_disclosure(disclosure(50), font_name)

    t_d, p_d = timed(write_renovation_disclosure, d, io.BytesIO(), font)
    t_db, p_db = timed(bare_disclosure, d, font_name)
    t_s, p_s = timed(write_approval_sheets, s, io.BytesIO(), font)
    t_sb, p_sb = timed(bare_sheets, s, font_name)

    print(f"font: {font.family} ({font.path})")
    print(f"disclosure list, {n_rows} rows : {t_d:6.2f} s  {p_d} pages | bare Table {t_db:6.2f} s  {p_db} pages"
          f" | ratio {t_d / t_db:5.2f}x")
    print(f"approval sheets, {n_sheets}      : {t_s:6.2f} s  {p_s} pages | bare tables {t_sb:6.2f} s  {p_sb} pages"
          f" | ratio {t_s / t_sb:5.2f}x  ({1000 * t_s / n_sheets:.0f} ms a sheet)")


if __name__ == "__main__":
    main()
