"""What the import reads (.xlsx, the legacy .xls through xlrd) and what it refuses saying why (.et, a
password-protected workbook, a CSV or web page renamed, an empty file) — issue 13."""

from __future__ import annotations

import pytest

from pjdesk import seed
from pjdesk.errors import ValidationError
from pjdesk.roster.apply import import_roster, preview
from pjdesk.roster.reader import ENCRYPTED_STREAM, OLE_MAGIC
from tests.roster.builders import NATIONAL, TITLE, person_rows

VILLAGES = [name for name, _poor in seed.villages_of("虹桥镇")]


def test_a_legacy_xls_roster_is_read_with_xlrd(db, tmp_path):
    xlwt = pytest.importorskip("xlwt")
    rows = person_rows(3, VILLAGES)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册", cell_overwrite_ok=True)
    for r, line in enumerate(TITLE):
        sheet.write(r, 0, line)
    for c, header in enumerate(NATIONAL):
        sheet.write(len(TITLE), c, header)
    for r, row in enumerate(rows, len(TITLE) + 1):
        for c, header in enumerate(NATIONAL):
            value = row[header]
            if value is not None:
                sheet.write(r, c, value)
    lost = len(TITLE) + 2                    # the second person's ID typed as a number: .xls keeps a double
    sheet.write(lost, NATIONAL.index("证件号码"), float(rows[1]["证件号码"][:17] + "0"))
    path = tmp_path / "花名册.xls"
    book.save(str(path))
    plan = preview(db, path)
    assert [(p.level, p.row, p.column) for p in plan.problems] == [("错误", lost + 1, "证件号码")]
    assert "后几位数字已丢失" in plan.problems[0].reason
    assert plan.count("households", "新增") == 3
    assert plan.parsed.households[rows[0]["户编号"]].values["identified_year"] == rows[0]["识别年度"]
    with pytest.raises(ValidationError):
        import_roster(db, plan)


@pytest.mark.parametrize("name, data, says", [
    ("花名册.et", OLE_MAGIC + b"\0" * 504, "WPS表格的.et文件"),
    ("花名册.xlsx", OLE_MAGIC + b"\0" * 200 + ENCRYPTED_STREAM + b"\0" * 300, "设置了打开密码"),
    ("花名册.xls", "户编号,姓名\n1,张三\n".encode("gbk"), "不是Excel工作簿"),
    ("花名册.xls", b"<html><table><tr><td>1</td></tr></table></html>", "不是Excel工作簿"),
    ("花名册.xlsx", b"", "文件是空的"),
    ("花名册.xlsx", b"PK\x03\x04 broken", "文件已损坏"),
])
def test_what_cannot_be_read_is_refused_naming_the_reason(db, tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError, match=says):
        preview(db, path)


def test_a_missing_file_and_a_workbook_without_a_roster_are_refused(db, tmp_path):
    from openpyxl import Workbook

    with pytest.raises(ValidationError, match="不存在"):
        preview(db, tmp_path / "没有.xlsx")
    wb = Workbook()
    wb.active.append(["项目", "内容"])
    wb.save(tmp_path / "说明.xlsx")
    plan = preview(db, tmp_path / "说明.xlsx")
    assert not plan.ok and "没有找到花名册" in plan.problems[0].reason
