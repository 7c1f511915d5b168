"""Excel writer (reports/xlsx.py), read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

import reports.xlsx as xlsx_mod
from reports.xlsx import Sheet, SheetColumn, safe_sheet_title, write_workbook

ID18 = "430626199001011234"
COLUMNS = [
    SheetColumn("身份证号码", 22),
    SheetColumn("户主姓名", 10),
    SheetColumn("家庭人口", 8, "int"),
    SheetColumn("补助金额", 12, "money"),
    SheetColumn("认定日期", 12, "date"),
    SheetColumn("联系电话", 14),
    SheetColumn("银行账号", 24),
]
ROW = [ID18, "张三", 3, Decimal("1234.50"), dt.date(2026, 11, 28), "07306123456", 6217003210012345678]
HEADER_LINES = ["平江县虹桥镇大山村脱贫户花名册", "导出日期：2026年11月28日"]


def _read(buf: io.BytesIO):
    buf.seek(0)
    return openpyxl.load_workbook(buf)


@pytest.mark.parametrize("write_only", [False, True])
def test_ids_phones_accounts_stay_text(write_only):
    rows = [ROW, ["43062619900101123X", "=1+1", "4", "12,000.00", "2026-11-28", 13800001111, ""]]
    buf = io.BytesIO()
    write_workbook([Sheet("花名册", COLUMNS, rows, HEADER_LINES)], buf, write_only=write_only)
    ws = _read(buf)["花名册"]
    first = 4  # two title lines, then the header row
    id_cell = ws.cell(first, 1)
    assert id_cell.value == ID18 and isinstance(id_cell.value, str)
    assert id_cell.data_type == "s" and id_cell.number_format == "@"
    assert ws.cell(first, 6).value == "07306123456"  # leading zero kept
    assert ws.cell(first, 7).value == "6217003210012345678"  # int given, text written
    assert ws.cell(first, 7).data_type == "s"
    assert ws.cell(first + 1, 6).value == "13800001111"
    assert ws.cell(first + 1, 2).value == "=1+1" and ws.cell(first + 1, 2).data_type == "s"
    # numeric kinds are real numbers / dates
    assert ws.cell(first, 3).value == 3 and ws.cell(first, 3).data_type == "n"
    assert ws.cell(first + 1, 3).value == 4
    assert ws.cell(first, 4).value == pytest.approx(1234.5)
    assert ws.cell(first + 1, 4).value == pytest.approx(12000)
    assert ws.cell(first, 4).number_format == "#,##0.00"
    assert ws.cell(first, 5).value == dt.datetime(2026, 11, 28)
    assert ws.cell(first + 1, 5).value == dt.datetime(2026, 11, 28)


@pytest.mark.parametrize("write_only", [False, True])
def test_layout_header_freeze_filter_widths(write_only):
    buf = io.BytesIO()
    write_workbook([Sheet("花名册", COLUMNS, [ROW] * 5, HEADER_LINES)], buf, write_only=write_only)
    ws = _read(buf)["花名册"]
    assert ws["A1"].value == HEADER_LINES[0] and ws["A2"].value == HEADER_LINES[1]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:G1", "A2:G2"}
    assert [c.value for c in ws[3]] == [c.label for c in COLUMNS]
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:G8"
    assert ws.column_dimensions["A"].width == 22
    assert ws.column_dimensions["G"].width == 24
    assert ws.max_row == 8


def test_large_sheet_uses_write_only_and_keeps_text(monkeypatch):
    modes = []
    real = xlsx_mod.Workbook

    def spy(*a, **kw):
        modes.append(kw.get("write_only", False))
        return real(*a, **kw)

    monkeypatch.setattr(xlsx_mod, "Workbook", spy)
    rows = [[f"4306261990{i:08d}", "李四", 2, 0, None, "", ""] for i in range(2001)]
    buf = io.BytesIO()
    write_workbook([Sheet("名单", COLUMNS, rows)], buf)
    write_workbook([Sheet("名单", COLUMNS, rows[:2000])], io.BytesIO())
    assert modes == [True, False]
    ws = _read(buf)["名单"]
    last = ws.cell(ws.max_row, 1)
    assert last.value == "430626199000002000" and last.data_type == "s"


def test_sheet_titles_cleaned_truncated_unique(tmp_path):
    long = "大山村[2026]/脱贫户:花名册*?" + "很长" * 20
    path = tmp_path / "t.xlsx"
    write_workbook([Sheet(long, COLUMNS[:1]), Sheet(long, COLUMNS[:1]), Sheet("", COLUMNS[:1])], path)
    names = openpyxl.load_workbook(path).sheetnames
    assert all(len(n) <= 31 for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert len(set(names)) == 3
    assert names[0].startswith("大山村2026脱贫户花名册")
    assert names[1].endswith("(2)")
    assert safe_sheet_title("a" * 40) == "a" * 31


def test_bad_rows_rejected():
    with pytest.raises(ValueError, match="row 0"):
        write_workbook([Sheet("x", COLUMNS, [["only one"]])], io.BytesIO())
    with pytest.raises(ValueError, match="kind"):
        write_workbook([Sheet("x", [SheetColumn("a", 5, "float")])], io.BytesIO())  # type: ignore[arg-type]


def test_files_written_atomically_get_normal_permissions(tmp_path):
    import os
    import stat

    from reports.output import write_output

    target = tmp_path / "out.pdf"
    write_output(b"%PDF-1.4", target)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    assert mode & 0o044, oct(mode)  # readable by group/others as any other saved file (umask permitting)
