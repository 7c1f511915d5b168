"""The monthly county workbook (issue 12): text cells, dates, the 说明 checksum recomputed from the file,
the month's change sheet, the override of blocking findings, no half file under the final name."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import openpyxl
import pytest

from db import open_database

from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.monthly import columns as C
from pjdesk.monthly.export import check_month, export_monthly
from pjdesk.quality.checks import Finding
from reports.monthly_xlsx import canonical

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 9, 30)


def info(wb) -> dict:
    return {row[0]: row[1] for row in wb["说明"].iter_rows(min_row=2, values_only=True)}


def export(db, path, month="2026-11", **kw):
    kw.setdefault("today", TODAY)
    kw.setdefault("now", NOW)
    return export_monthly(db, month, path, **kw)


@pytest.fixture(scope="module")
def exported(_demo_template, tmp_path_factory):
    """The demo township's November workbook, written once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("monthly")
    shutil.copy(_demo_template, folder / "demo.db")
    d = open_database(folder / "demo.db")
    out = folder / "月报.xlsx"
    result = export(d, out)
    d.close()
    return out, result


def test_id_household_number_and_phone_cells_are_text_dates_are_dates_amounts_numbers(exported):
    out, _ = exported
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:9] == ["说明"] + [t for t, _ in C.DATA_SHEETS]
    text_headers = {"户编号", "户主证件号码", "证件号码", "联系电话", "案件编号"}
    seen = set()
    for title, spec in C.DATA_SHEETS:
        ws = wb[title]
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        assert header == [label for label, _, _ in spec]  # the stable headers
        assert ws.freeze_panes == "A2"
        for row in ws.iter_rows(min_row=2):
            for label, cell in zip(header, row):
                if cell.value is None:
                    continue
                if label in text_headers:
                    assert cell.data_type == "s", (title, label, cell.value)
                    seen.add(label)
                elif label.endswith("日期") or label == "日期":
                    assert isinstance(cell.value, dt.datetime), (title, label, cell.value)
                elif label.endswith("（元）") or label in ("家庭人口", "识别年度"):
                    assert isinstance(cell.value, (int, float)), (title, label, cell.value)
    assert seen == text_headers
    ws = wb["贫困户"]
    assert ws.auto_filter.ref == f"A1:AC{ws.max_row}"     # 29 columns (issue 13 added 详细地址 … 建房年份)
    member = next(wb["家庭成员"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert len(member[3]) == 18 and member[3].startswith("430626")


def test_checksum_in_info_sheet_matches_the_data_sheets_recomputed_from_the_file(exported):
    out, result = exported
    wb = openpyxl.load_workbook(out)
    digest = hashlib.sha256()
    for title, _ in C.DATA_SHEETS:  # the algorithm of docs/export-format.md, written out again
        for row in wb[title].iter_rows(values_only=True):
            digest.update((title + "\t" + "\t".join(canonical(v) for v in row) + "\n").encode("utf-8"))
    meta = info(wb)
    assert meta["校验码（SHA-256）"] == digest.hexdigest()
    for title, _ in C.DATA_SHEETS:
        assert meta[f"行数：{title}"] == wb[title].max_row - 1 == result.rows[title]
    assert meta["乡镇"] == "虹桥镇" and meta["月份"] == "2026年11月" and meta["软件版本"].startswith("pjdesk ")
    assert meta["生成时间"] == NOW
    # one changed cell changes the checksum
    wb["家庭成员"]["C2"].value = wb["家庭成员"]["C2"].value + "x"
    again = hashlib.sha256()
    for title, _ in C.DATA_SHEETS:
        for row in wb[title].iter_rows(values_only=True):
            again.update((title + "\t" + "\t".join(canonical(v) for v in row) + "\n").encode("utf-8"))
    assert again.hexdigest() != meta["校验码（SHA-256）"]


def test_progress_sheet_has_as_of_line_total_row_first_and_prints_landscape(exported):
    out, _ = exported
    ws = openpyxl.load_workbook(out)["危房改造进度"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "虹桥镇危房改造工作进度表" and rows[1][0] == "（截至 2026年11月28日）"  # the running month: today
    assert list(rows[2]) == [label for label, _, _ in C.RENOVATION_PROGRESS]
    total, villages = rows[3], rows[4:]
    assert total[0] == "合计"
    for i in (1, 2, 3, 4, 8, 12, 16):
        assert total[i] == sum(v[i] for v in villages)
    assert total[1] == total[2] + total[3] > 0  # planned, split C / D
    assert total[5] == round(total[4] / total[1], 4)
    assert ws.page_setup.orientation == "landscape"


# ---------------------------------------------------------------- the month's changes

def test_change_sheet_lists_exactly_the_identifications_exits_strike_offs_and_pairings_of_the_month(db, tmp_path):
    from pjdesk.pairing.assignments import assign
    from pjdesk.pairing.people import HelperInput, add_helper
    from pjdesk.registry import households as svc
    from pjdesk.registry.exit_check import passing_checklist
    from tests.conftest import household_input, person

    def family(seq):
        return [person("张三丰", "户主", dt.date(1970, 5, 1), True, seq),
                person("李秀英", "配偶", dt.date(1972, 3, 8), False, seq + 1)]

    def make(seq, registered):
        h = household_input(house_structure="砖混", danger_grade="A", house_area=80.0, wage_income=12000,
                            registered_on=registered, identified_year=registered.year)
        return svc.create_household(db, h, family(seq), today=TODAY)

    before = dt.date(2026, 9, 1)
    exits, struck, paired = make(1, before), make(4, before), make(7, before)
    oct5, oct8, oct12, oct15, oct20 = (dt.date(2026, 10, d) for d in (5, 8, 12, 15, 20))
    svc.change_status(db, exits, "预脱贫", oct5, "两不愁三保障达标", today=TODAY,
                      checklist=passing_checklist(db, exits, oct5))
    svc.change_status(db, exits, "已脱贫", oct20, "验收合格", today=TODAY,
                      checklist=passing_checklist(db, exits, oct20))
    identified = make(10, oct8)
    svc.change_status(db, struck, "已销户", oct12, "全户迁出本县", today=TODAY)
    helper = add_helper(db, HelperInput(name="王建国", unit="县统计局", unit_level="县直", phone="13907301234",
                                        sex="男", post="副局长", kind="干部"))
    assign(db, helper, paired, on=oct15, reason="驻村结对", today=TODAY)
    assign(db, helper, identified, on=dt.date(2026, 11, 2), reason="驻村结对", today=TODAY)  # next month

    out = tmp_path / "2026-10.xlsx"
    export(db, out, month="2026-10")
    rows = list(openpyxl.load_workbook(out)["本月变动"].iter_rows(min_row=2, values_only=True))
    got = [(r[0].date(), r[1], r[2]) for r in rows]
    assert got == [
        (oct5, C.PRE_EXIT, exits),
        (oct8, C.IDENTIFIED, identified),
        (oct12, C.CLOSED, struck),
        (oct15, C.PAIR_START, paired),
        (oct20, C.EXITED, exits),
    ]
    assert rows[3][5] == "王建国" and rows[2][8] == "全户迁出本县"
    # November holds only the pairing made then
    export(db, tmp_path / "11.xlsx", month="2026-11")
    rows = list(openpyxl.load_workbook(tmp_path / "11.xlsx")["本月变动"].iter_rows(min_row=2, values_only=True))
    assert [(r[0].date(), r[1], r[2]) for r in rows] == [(dt.date(2026, 11, 2), C.PAIR_START, identified)]


# ---------------------------------------------------------------- checks before export

ERROR = Finding("head_count", "户主人数", "错误", "大山村 43062601020001：没有户主", "43062601020001", None)
HINT = Finding("no_grade", "残疾无等级", "提示", "某成员残疾未填等级", "43062601020002", None)


def test_error_findings_refuse_the_export_and_write_nothing(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: [ERROR, HINT])
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuleViolation, match="1 项错误"):
        export(demo_db, folder / "m.xlsx")
    assert list(folder.iterdir()) == []


def test_override_reason_who_and_when_go_into_the_info_sheet(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: [ERROR, HINT])
    out = tmp_path / "m.xlsx"
    result = export(demo_db, out, override_reason="  县里要求按期报送，\n户主下周补录 ", actor="王会计")
    assert result.overridden and result.blocking == 1 and result.findings == 2
    meta = info(openpyxl.load_workbook(out))
    assert meta["强制导出理由"] == "县里要求按期报送， 户主下周补录"
    assert meta["强制导出人"] == "王会计" and meta["强制导出时间"] == NOW
    assert meta["数据检查"] == "共 2 项，其中错误 1 项"


def test_hint_findings_do_not_block_and_no_override_is_recorded(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: [HINT])
    out = tmp_path / "m.xlsx"
    assert not export(demo_db, out).overridden
    assert "强制导出理由" not in info(openpyxl.load_workbook(out))


def test_override_reason_is_bounded(demo_db, tmp_path):
    with pytest.raises(ValidationError, match="最多 200 字"):
        export(demo_db, tmp_path / "m.xlsx", override_reason="理" * 5000)


@pytest.mark.parametrize("typed, ok", [("2026-11", True), ("２０２６－１１", True), ("2026年3月", True),
                                       ("2026-13", False), ("2026-12", False), ("2013-12", False),
                                       ("9999-12", False), ("nan", False), ("", False), ("1" * 10000, False)])
def test_month_is_normalised_and_bounded(typed, ok):
    month, errors = check_month(typed, TODAY)
    assert (month is not None and not errors) is ok
    assert all(len(e.message) < 80 for e in errors)


# ---------------------------------------------------------------- no half file

class Killed(Exception):
    """What a cancel (ui.runner.Cancelled) or a crash of the writer raises in the progress callback."""


def test_a_failed_export_leaves_no_file_under_the_final_name_and_keeps_the_old_one(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("reports.monthly_xlsx.PROGRESS_EVERY", 50)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "m.xlsx"
    calls = []

    def killer(done, total, text=""):
        calls.append(done)
        if len(calls) == 8:  # midway through the member sheet
            raise Killed()

    with pytest.raises(Killed):
        export(demo_db, out, progress=killer, findings=[])
    assert not out.exists() and list(folder.iterdir()) == []
    out.write_bytes(b"last month's file")
    with pytest.raises(Killed):
        calls.clear()
        export(demo_db, out, progress=killer, findings=[])
    assert out.read_bytes() == b"last month's file" and list(folder.iterdir()) == [out]
    assert 0 < calls[-1] < sum(export(demo_db, folder / "full.xlsx", findings=[]).rows.values())


def test_the_real_checks_run_before_export_and_a_household_without_head_blocks_it(db, tmp_path):
    """With pjdesk.quality.checks as it is (no stand-in): a fault put in with SQL blocks the export."""
    from sqlalchemy import text

    from pjdesk.registry import households as svc
    from tests.conftest import household_input, person

    no = svc.create_household(db, household_input(), [person("张三丰", "户主", dt.date(1970, 5, 1), True)],
                              today=TODAY)
    export(db, tmp_path / "clean.xlsx")
    with db.transaction() as s:
        s.execute(text("UPDATE member SET relation = '配偶'"))
    with pytest.raises(RuleViolation, match="项错误"):
        export(db, tmp_path / "m.xlsx")
    assert not (tmp_path / "m.xlsx").exists()
    result = export(db, tmp_path / "m.xlsx", override_reason="户主待核实")
    assert result.overridden and any(f.household_no == no for f in result.blocking_findings)


def test_docs_export_format_lists_every_header_of_every_sheet_in_order():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "export-format.md").read_text(encoding="utf-8")

    def paragraph(start: str) -> str:
        rest = doc[doc.index(start) + len(start):]
        if start.startswith("###"):
            rest = rest.split("\n", 1)[1]
        return " ".join(rest.split("\n\n", 1)[0].split("\n"))

    for title, spec in C.DATA_SHEETS:
        text = paragraph(f"### {title}")
        headers = [h.strip().split(" (")[0] for h in text.split("·")]
        assert headers == [label for label, _, _ in spec], title
    for title, _, spec in C.PROGRESS_SHEETS:
        text = paragraph(f"\n{title}")
        text = text.split(": ", 1)[1].split(".", 1)[0]
        assert [h.strip() for h in text.split("·")] == [label for label, _, _ in spec], title


def test_relocation_sheets_hold_the_relocation_cases_sites_and_progress(exported):
    """Issue 11 landed its cases and sites: the workbook carries them (no empty sheet beside a record
    that holds relocation cases)."""
    out, result = exported
    wb = openpyxl.load_workbook(out)
    cases = list(wb["易地搬迁"].iter_rows(min_row=2, values_only=True))
    assert len(cases) == result.rows["易地搬迁"] > 0 and all(c[0].startswith("搬迁-") for c in cases)
    sites = list(wb["安置点"].iter_rows(min_row=2, values_only=True))
    assert any(s[0].startswith("洪家塅安置区") for s in sites)
    assert all(s[11] == s[4] - s[9] for s in sites)                     # capacity left = planned − allocated
    rows = list(wb["易地搬迁进度"].iter_rows(values_only=True))
    total, villages = rows[3], rows[4:]
    assert total[0] == "合计" and total[1] == sum(v[1] for v in villages) > 0
    assert total[4] <= total[3] <= total[1]                              # moved in ≤ allocated ≤ planned
