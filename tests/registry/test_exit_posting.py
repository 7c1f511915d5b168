"""拟脱贫户公示 (R1.5): lists only households marked 预脱贫 whose latest 两不愁三保障 check passed, and
honours the year asked for (their 计划脱贫年度), in the service and in ``pjdesk print posting exit --year``."""

import datetime as dt
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from db.models import Household, StatusChange
from db.models.household_records import ExitCheck, ExitCheckItem
from pjdesk.cli.main import main
from pjdesk.errors import RuleViolation
from pjdesk.registry import households as svc
from pjdesk.registry.exit_check import passing_check_rows, passing_checklist
from pjdesk.registry.printouts import EXIT, RegistryPostingRequest, exit_left_out_note, registry_posting
from tests.conftest import TODAY, household_input, person

D = dt.date
START = D(2026, 11, 2)


def _household(db, name, seq, group, planned):
    h = household_input(village="大山村", group=group, planned_exit_year=planned, house_structure="砖混",
                        danger_grade="A", wage_income=20000)
    return svc.create_household(db, h, [person(name, "户主", D(1970, 1 + seq, 2), True, seq)], today=D(2026, 1, 2))


@pytest.fixture
def village(db):
    """钱小红 2026 and 孙大伟 2027 marked through the service (checks passed); 周海 2026 marked 预脱贫 in
    an older file without a check; 吴刚 2026 whose latest check (entered by hand) did not pass."""
    out = {}
    for seq, (name, planned) in enumerate((("钱小红", 2026), ("孙大伟", 2027), ("周海", 2026), ("吴刚", 2026)), 1):
        out[name] = no = _household(db, name, seq, seq + 1, planned)
        if name in ("钱小红", "孙大伟"):
            svc.change_status(db, no, "预脱贫", D(2026, 10, 1), "两不愁三保障达标", today=TODAY,
                              checklist=passing_checklist(db, no, D(2026, 10, 1)))
    with db.transaction() as s:
        ids = {n: s.scalar(select(Household.id).where(Household.household_no == no)) for n, no in out.items()}
        s.execute(update(Household).where(Household.id.in_([ids["周海"], ids["吴刚"]])).values(status="预脱贫"))
        for n in ("周海", "吴刚"):
            s.add(StatusChange(household_id=ids[n], from_status="未脱贫", to_status="预脱贫",
                               changed_on=D(2026, 10, 1), reason="旧数据"))
        check, items = passing_check_rows(900, ids["吴刚"], "预脱贫", D(2026, 9, 1), 1, 20000)
        s.execute(ExitCheck.__table__.insert(), [check, {**check, "id": 901, "passed": False,
                                                         "checked_on": D(2026, 10, 1)}])
        s.execute(ExitCheckItem.__table__.insert(), items)
    return out


def names(posting):
    return [r.head_name for r in posting.rows]


def test_R1_5_exit_posting_lists_only_households_whose_latest_check_passed(db, village):
    req = RegistryPostingRequest(EXIT, "大山村", 2026, START)
    assert names(registry_posting(db, req)) == ["钱小红"]
    assert exit_left_out_note(db, req) == ("2户尚无通过的两不愁三保障核查记录、核查后台账已不符合或未填写计划脱贫年度，"
                                           "未列入公示名单")
    assert exit_left_out_note(db, RegistryPostingRequest(EXIT, "大山村", 2027, START)) == ""


def test_R1_5_exit_posting_honours_the_year(db, village):
    p = registry_posting(db, RegistryPostingRequest(EXIT, "大山村", 2027, START))
    assert names(p) == ["孙大伟"] and p.title == "关于大山村2027年拟脱贫户的公示"
    with pytest.raises(RuleViolation, match="大山村没有计划2028年脱贫、标记为“预脱贫”且两不愁三保障核查通过的户"):
        registry_posting(db, RegistryPostingRequest(EXIT, "大山村", 2028, START))


def test_R1_5_print_posting_exit_cli_honours_year(db, village, tmp_path, capsys):
    out = tmp_path / "exit.pdf"
    code = main(["--db", str(db.path), "print", "posting", "exit", "--village", "大山村", "--year", "2027",
                 "--start", "2026-11-02", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(str(out)).pages))
    assert "孙大伟" in text and "钱小红" not in text and "大山村2027年拟脱贫1户1人" in text
    code = main(["--db", str(db.path), "print", "posting", "exit", "--village", "大山村", "--year", "2030",
                 "--start", "2026-11-02", "--out", str(tmp_path / "none.pdf")])
    assert code == 2 and "没有计划2030年脱贫" in capsys.readouterr().err
    assert not (tmp_path / "none.pdf").exists()
