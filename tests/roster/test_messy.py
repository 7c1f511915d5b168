"""Issue 13, a messy roster: title rows above the header, shuffled columns and headers with stray and
full-width characters, full-width digits, a lower-case x, ID numbers stored as numbers (one intact, one cut
by Excel to 15 digits) and in scientific notation, a bad check digit, a person in two households, a household
without a head, blank rows and an unknown column — exactly the expected problems, and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db.models import Household, Member
from pjdesk import idcard
from pjdesk.errors import ValidationError
from pjdesk.registry.rules import id_taken_error
from pjdesk.roster.apply import import_roster, preview

HEADER = ("姓名", " 证件号码 ", "户 编 号", "与户主关系", "行政村", "村民小组", "贫困户属性", "主要致贫原因",
          "识别年度", "备注", "性别")
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _id(year: int, seq: int, male: bool) -> str:
    return idcard.make("430626", dt.date(year, 3, 14), seq, male)


H1, H2, H3, H4 = "4306260101000001", "4306260101000002", "4306260101000003", "4306260101000004"
HEAD1, WIFE1, SON1 = _id(1970, 11, True), _id(1972, 12, False), _id(2005, 13, True)
HEAD2 = _id(1966, 21, True)
AS_NUMBER = float(int(HEAD2[:15]) * 1000)      # what Excel keeps of an 18-digit number: 15 digits
BAD_CHECK = (lambda n: n[:17] + ("1" if n[17] != "1" else "2"))(_id(1992, 24, False))
WIFE3, HEAD4 = _id(1975, 31, False), _id(1980, 41, True)
while not WIFE1.endswith("X"):       # a lower-case x is part of the mess: find a number ending in X
    WIFE1 = _id(1972, int(WIFE1[14:16]) + 1, False)
while SON1.endswith("X"):            # kept as a number: digits only
    SON1 = _id(2005, int(SON1[14:16]) + 1, True)


def messy_rows():
    def row(name, number, no, relation, sex, village="大山村", group="3组", year=2016):
        return [name, number, no, relation, village, group, "一般贫困户", "因病", year, "", sex]
    return [
        ["平江县虹桥镇建档立卡贫困户花名册"],                                     # 1 title
        ["制表单位：虹桥镇扶贫站", None, None, "2026年11月"],                      # 2 title
        list(HEADER),                                                              # 3 header
        row("张建国", HEAD1.translate(FULL), H1, "户主", "男"),                    # 4 full-width digits
        row("李秀英", WIFE1.lower(), H1, "配偶", "女"),                            # 5 lower-case x
        row("张伟", float(SON1), H1, "子", "男", group="３组", year="２０１６"),     # 6 ID a number, intact
        [None] * len(HEADER),                                                      # 7 blank
        row("王福", AS_NUMBER, H2, "户主", "男", village="青石村"),                 # 8 ID cut to 15 digits
        row("刘兰", "4.30626E+17", H2, "配偶", "女", village="青石村"),             # 9 scientific notation
        row("王芳", BAD_CHECK, H2, "女", "女", village="青石村"),                   # 10 bad check digit
        row("陈梅", WIFE3, H3, "配偶", "女"),                                       # 11 household without head
        row("周强", HEAD4, H4.translate(FULL), "户主", "男"),                       # 12 full-width 户编号
        row("李秀英", WIFE1, H4, "配偶", "女"),                                    # 13 in two households
        [],                                                                        # 14 blank
        ["   "],                                                                   # 15 blank (spaces)
    ]


@pytest.fixture
def messy(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    for r in messy_rows():
        ws.append(r)
    path = tmp_path / "乱的花名册.xlsx"
    wb.save(path)
    _integer_cell(path, float(SON1), SON1)
    return path


def _integer_cell(path, written: float, digits: str) -> None:
    """openpyxl writes a Python int of 18 digits as a float (4.306…e+17); other programs (WPS, the
    national system's export) write all 18 digits. Put them back, as those files hold them."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    old = f"<v>{written!r}</v>".encode()
    assert parts[sheet].count(old) == 1
    parts[sheet] = parts[sheet].replace(old, f"<v>{digits}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_messy_roster_gives_exactly_the_expected_problems_and_writes_nothing(db, messy):
    plan = preview(db, messy)
    got = sorted((p.level, p.row, p.column.strip(), p.reason) for p in plan.problems)
    lost = "后几位数字已丢失（Excel的数字只保留15位有效数字），请把该列设为“文本”格式后重新录入完整号码"
    want = sorted([
        ("提示", 3, "备注", "未识别的列，已忽略"),
        ("提示", 6, "证件号码", "证件号码以数字格式保存（已按文本读入，号码完整）；在Excel中打开并保存后将丢失后几位，"
                               "请把该列设为“文本”格式"),
        ("错误", 8, "证件号码", "证件号码以数字格式保存，" + lost),
        ("错误", 9, "证件号码", "证件号码是科学计数法（如4.30626E+17），" + lost),
        ("错误", 10, "证件号码", "身份证号校验位错误"),
        ("错误", 11, "与户主关系", f"户编号{H3}：每户必须有且只有一名户主，当前没有户主"),
        ("错误", 13, "证件号码", id_taken_error(WIFE1, H1, "李秀英").message),
    ])
    assert got == want
    assert all(p.sheet == "花名册" for p in plan.problems)
    assert plan.errors == 5 and not plan.ok
    # what was read right: full-width digits, the lower-case x, the intact number, the group and year
    h1 = plan.parsed.households[H1]
    assert [m.id_number for m in h1.members] == [HEAD1, WIFE1, SON1]
    assert H4 in plan.parsed.households and h1.values["group"] == 3 and h1.values["identified_year"] == 2016
    with pytest.raises(ValidationError, match="5个问题须先更正，未导入任何数据"):
        import_roster(db, plan, actor="测试")
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0
        assert s.scalar(select(func.count()).select_from(Member)) == 0


def test_the_problems_workbook_holds_the_offending_rows_with_their_reasons(db, messy, tmp_path):
    from openpyxl import load_workbook

    from pjdesk.roster.problems import write_problems

    plan = preview(db, messy)
    out = write_problems(plan, tmp_path / "问题清单.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["问题清单", "问题行-花名册"]
    listed = list(wb["问题清单"].iter_rows(min_row=3, values_only=True))
    assert len(listed) == len(plan.problems) == 7
    rows = list(wb["问题行-花名册"].iter_rows(values_only=True))
    assert rows[0][0] == "原行号" and rows[0][-1] == "问题原因" and rows[0][2] == " 证件号码 "
    assert [r[0] for r in rows[1:]] == ["6", "8", "9", "10", "11", "13"]
    by_row = {r[0]: r for r in rows[1:]}
    assert by_row["10"][2] == BAD_CHECK and "校验位错误" in by_row["10"][-1]
    assert by_row["8"][2] == repr(AS_NUMBER)              # the number as the file held it, as text
    cell = wb["问题行-花名册"]["C2"]
    assert cell.data_type == "s"                             # ID numbers stay text
