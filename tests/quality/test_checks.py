"""Each data-quality check proven by a database holding exactly that fault (issue 12): the clean
township has no finding; one fault put in with SQL gives exactly the finding of its check."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pjdesk import idcard, settings
from pjdesk.quality import sql as check_sql
from pjdesk.quality.checks import CHECKS, ERROR, HINT, blocking, counts, run_checks
from tests.conftest import TODAY
from tests.quality.conftest import D, raw

NOW = "2026-01-01 00:00:00"


def findings(db, **kw):
    return run_checks(db, today=kw.pop("today", TODAY), **kw)


def only(db, check: str, **kw):
    """The findings, asserting they all belong to ``check`` (and that there is at least one)."""
    out = findings(db, **kw)
    assert out and {f.check for f in out} == {check}, [(f.check, f.message) for f in out]
    return out


def member_id(db, name: str) -> int:
    return raw(db, "SELECT id FROM member WHERE name = ?", params=(name,))[0][0]


def test_the_clean_township_has_no_finding(clean):
    assert findings(clean["db"]) == []


def test_checks_are_listed_once_with_a_severity(clean):
    keys = [k for k, _, _ in CHECKS]
    assert len(keys) == len(set(keys))
    assert {s for _, _, s in CHECKS} == {ERROR, HINT}


def test_member_count_a_household_on_the_roll_with_no_current_member(clean):
    raw(clean["db"], "UPDATE member SET left_on = '2026-02-01', leave_reason = '迁出' "
                     "WHERE household_id = (SELECT id FROM household WHERE household_no = ?)", params=(clean["li"],))
    (f,) = only(clean["db"], "empty_household")
    assert f.household_no == clean["li"] and f.severity == ERROR and "没有在册成员" in f.message


def test_a_struck_off_household_without_members_is_no_fault(clean):
    raw(clean["db"], "UPDATE member SET left_on = '2026-02-01' WHERE household_id = "
                     "(SELECT id FROM household WHERE household_no = ?)", params=(clean["li"],))
    raw(clean["db"], "UPDATE household SET status = '已销户' WHERE household_no = ?", params=(clean["li"],))
    assert findings(clean["db"]) == []


def test_a_household_without_a_head(clean):
    raw(clean["db"], "UPDATE member SET relation = '其他' WHERE name = '王大山'")
    (f,) = only(clean["db"], "head_count")
    assert f.household_no == clean["wang"] and "没有户主" in f.message


def test_a_household_with_two_heads(clean):
    db = clean["db"]
    raw(db, "DROP INDEX uq_member_current_head", "UPDATE member SET relation = '户主' WHERE name = '刘小花'")
    (f,) = only(db, "head_count")
    assert f.household_no == clean["wang"] and "有2名户主（" in f.message and "刘小花" in f.message


def test_a_member_whose_household_does_not_exist(clean):
    db = clean["db"]
    mid = member_id(db, "王小明")
    raw(db, "UPDATE member SET household_id = 9999 WHERE id = ?", params=(mid,))
    (f,) = only(db, "orphan_member")
    assert "王小明" in f.message and f.household_no is None


@pytest.mark.parametrize("bad, reason", [
    ("430626197003041231", "校验位"),                 # last digit changed
    ("990626197003041234", "地区码"),
    ("430626197002301234", "出生日期"),
    ("43062619700304123", "18位"),
])
def test_an_invalid_id_number(clean, bad, reason):
    db = clean["db"]
    raw(db, "UPDATE member SET id_number = ? WHERE name = '王大山'", params=(bad,))
    (f,) = only(db, "id_invalid")
    assert f.household_no == clean["wang"] and "王大山" in f.message and reason in f.message
    assert bad[6:] not in f.message          # never the ID number itself


def test_an_id_number_stored_with_a_lower_case_x(clean):
    db = clean["db"]
    good = next(idcard.make("430626", D(1970, 3, 4), seq, True) for seq in range(1, 100)
                if idcard.make("430626", D(1970, 3, 4), seq, True).endswith("X"))
    raw(db, "UPDATE member SET id_number = ? WHERE name = '王大山'", params=(good.lower(),))
    (f,) = only(db, "id_invalid")
    assert "规范" in f.message


def test_the_sql_id_rule_agrees_with_idcard_parse():
    """The SQL predicate (one query over all members) says what pjdesk.idcard.parse says, on valid
    numbers, one-character slips, bad dates and bad province codes."""
    import sqlite3

    rng = random.Random(12)
    numbers = []
    for i in range(3000):
        birth = D(1900, 1, 1) + dt.timedelta(days=rng.randrange(46000))
        good = idcard.make(rng.choice(["430626", "110101", "650102"]), birth, rng.randrange(500), rng.random() < .5)
        numbers.append(good)
        pos = rng.randrange(18)
        numbers.append(good[:pos] + rng.choice("0123456789X") + good[pos + 1:])
    numbers += ["430626202702301234", "000000197001011234", "43062619700101123x", "", "4306261970010112345"]
    con = sqlite3.connect(":memory:")
    query = check_sql.ID_VALID_ONE
    for n in numbers:
        try:
            idcard.parse(n, today=TODAY)
            expected = idcard.normalise(n) == n
        except Exception:
            expected = False
        got = con.execute(query, {"n": n, "today": int(TODAY.strftime("%Y%m%d"))}).fetchone()[0]
        assert bool(got) == expected, n


def test_an_id_number_used_by_two_current_members(clean):
    db = clean["db"]
    wang_id = raw(db, "SELECT id_number FROM member WHERE name = '王大山'")[0][0]
    raw(db, "DROP INDEX uq_member_current_id_number",
        "UPDATE member SET id_number = ? WHERE name = '李二水'", params=(wang_id,))
    out = [f for f in findings(db) if f.check == "id_duplicate"]
    assert {f.household_no for f in out} == {clean["wang"], clean["li"]}
    assert all(wang_id not in f.message for f in out)
    # 李二水's number no longer matches his own sex and birth date: that is reported too, nothing else
    assert {f.check for f in findings(db)} == {"id_duplicate", "id_mismatch"}


def test_sex_disagreeing_with_the_id_number(clean):
    raw(clean["db"], "UPDATE member SET sex = '女' WHERE name = '王大山'")
    (f,) = only(clean["db"], "id_mismatch")
    assert "性别登记为女，身份证号为男" in f.message


def test_birth_date_disagreeing_with_the_id_number(clean):
    raw(clean["db"], "UPDATE member SET birth_date = '1970-03-05' WHERE name = '王大山'")
    (f,) = only(clean["db"], "id_mismatch")
    assert "出生日期与身份证号不一致" in f.message and "1970" not in f.message


def test_R1_6_main_cause_missing(clean):
    raw(clean["db"], "UPDATE household SET main_cause = '' WHERE household_no = ?", params=(clean["wang"],))
    (f,) = only(clean["db"], "causes")
    assert "未填写主要致贫原因" in f.message and "王大山" in f.message


def test_R1_6_more_than_two_other_causes(clean):
    db = clean["db"]
    raw(db, "INSERT INTO household_other_cause (household_id, cause, rank) SELECT id, '缺技术', 2 FROM household "
            "WHERE household_no = ?", params=(clean["wang"],))
    assert findings(db) == []          # two others are allowed
    raw(db, "INSERT INTO household_other_cause (household_id, cause, rank) SELECT id, '缺劳力', 3 FROM household "
            "WHERE household_no = ?", params=(clean["wang"],))
    (f,) = only(db, "causes")
    assert "其他致贫原因有3项，最多2项" in f.message


def test_R2_1_current_household_without_an_active_helper(clean):
    db = clean["db"]
    raw(db, "UPDATE helper SET active = 0")
    out = only(db, "no_helper")
    assert {f.household_no for f in out} == {clean["wang"], clean["li"]} and all(f.severity == HINT for f in out)
    assert blocking(out) == []


def test_R2_1_an_exited_household_needs_no_helper(clean):
    db = clean["db"]
    raw(db, "UPDATE helper_assignment SET end_on = '2026-06-01', end_reason = '脱贫'")
    raw(db, "UPDATE household SET status = '已脱贫', exit_year = 2026 WHERE household_no = ?", params=(clean["wang"],))
    (f,) = only(db, "no_helper")
    assert f.household_no == clean["li"]


def test_R2_1_helper_above_the_limit(clean):
    db = clean["db"]
    with db.transaction() as s:          # the township made the limit stricter after pairing
        settings.update(s, {"helper_household_limit": 1})
    (f,) = only(db, "helper_over_limit")
    assert "赵干部" in f.message and "当前帮扶2户，上限为1户" in f.message and "1390730" not in f.message


def test_R1_5_a_child_of_compulsory_school_age_out_of_school(clean):
    db = clean["db"]
    raw(db, "UPDATE member SET school_status = '非在校生' WHERE name = '王小明'")
    (f,) = only(db, "school_age")
    assert f.severity == HINT and "王小明（10岁）" in f.message
    # at 16 (born 2016-06-01) he is past compulsory schooling; at 5 not yet in it
    assert findings(db, today=D(2032, 6, 1)) == []
    assert findings(db, today=D(2022, 5, 31)) == []
    assert [f.check for f in findings(db, today=D(2032, 5, 31))] == ["school_age"]
    assert [f.check for f in findings(db, today=D(2022, 6, 1))] == ["school_age"]


def test_R1_7_a_disabled_member_without_a_grade(clean):
    raw(clean["db"], "UPDATE member SET disability_grade = '' WHERE name = '李二水'")
    (f,) = only(clean["db"], "disability_grade")
    assert f.household_no == clean["li"] and "李二水" in f.message


def test_R1_7_a_dibao_household_without_a_dibao_member(clean):
    raw(clean["db"], "UPDATE member SET is_dibao = 0 WHERE name = '李二水'")
    (f,) = only(clean["db"], "dibao_member")
    assert f.household_no == clean["li"] and "低保户" in f.message


def test_R1_5_exited_household_below_its_exit_years_income_line(clean):
    db = clean["db"]
    raw(db, "UPDATE helper_assignment SET end_on = '2026-06-01'")
    raw(db, "UPDATE household SET status = '已脱贫', exit_year = 2025, wage_income = 9000, production_cost = 0 "
            "WHERE household_no IN (?, ?)", params=(clean["wang"], clean["li"]))
    assert findings(db) == []                 # no income line set (the default): nothing to compare with
    with db.transaction() as s:
        settings.update(s, {"exit_income_lines": {"2025": 4000}})
    (f,) = only(db, "exit_income")            # 王: 9000 / 3 = 3000 < 4000; 李: 9000 / 1 above
    assert f.household_no == clean["wang"] and "人均纯收入3000元，低于2025年标准4000元" in f.message
    with db.transaction() as s:
        settings.update(s, {"exit_income_lines": {"2024": 4000}})
    assert findings(db) == []                 # the line of another year does not apply


def _case(db, household_no, case_no, stage, *, status="办理中", structure="土木", build_type="原地重建",
          assessed="2026-02-20"):
    hid, vid = raw(db, "SELECT id, village_id FROM household WHERE household_no = ?", params=(household_no,))[0]
    raw(db, "INSERT INTO case_file (case_no, kind, household_id, village_id, stage, status, step, applied_on, "
            "application_note, household_size, opened_by, created_at) VALUES (?, 'renovation', ?, ?, ?, ?, 9, "
            "'2026-03-02', '', 3, '测试', ?)", params=(case_no, hid, vid, stage, status, NOW))
    cid = raw(db, "SELECT id FROM case_file WHERE case_no = ?", params=(case_no,))[0][0]
    raw(db, "INSERT INTO renovation_detail (case_id, mode, build_type, house_type, cluster_site, house_structure, "
            "danger_grade, assessment_agency, assessed_on) VALUES (?, '分散', ?, 60, '', ?, 'D', '县住建局', ?)",
        params=(cid, build_type, structure, assessed))
    return cid


def _event(db, cid, event, on="2026-06-01"):
    raw(db, "INSERT INTO construction_event (case_id, event, on_date, person, note, entered_by, entered_at) "
            "VALUES (?, ?, ?, '', '', '测试', ?)", params=(cid, event, on, NOW))


def test_R3_renovation_at_construction_without_an_assessment_date(clean):
    db = clean["db"]
    _case(db, clean["wang"], "WG-1", "县级审批", assessed=None)
    assert findings(db) == []                 # before 实施 the check does not ask yet
    raw(db, "UPDATE case_file SET stage = '实施' WHERE case_no = 'WG-1'")
    (f,) = only(db, "renovation_records")
    assert f.case_no == "WG-1" and f.household_no == clean["wang"] and "危房鉴定日期" in f.message
    raw(db, "UPDATE renovation_detail SET house_structure = '无房'")
    assert findings(db) == []                 # a houseless household has no house to assess


def test_R3_renovation_at_acceptance_without_a_start(clean):
    db = clean["db"]
    cid = _case(db, clean["wang"], "WG-2", "竣工验收")
    (f,) = only(db, "renovation_records")
    assert "开工记录" in f.message
    _event(db, cid, "开工")
    assert findings(db) == []


def test_R3_archived_rebuild_without_demolition(clean):
    db = clean["db"]
    cid = _case(db, clean["wang"], "WG-3", "归档", status="已归档")
    _event(db, cid, "开工")
    raw(db, "INSERT INTO case_decision (case_id, stage, decision, to_stage, opinion, reviewer, reviewer_post, "
            "decided_on, entered_by, entered_at) VALUES (?, '竣工验收', '通过', '资金拨付', '', '', '', '2026-09-01', "
            "'', ?)", params=(cid, NOW))
    did = raw(db, "SELECT max(id) FROM case_decision")[0][0]
    raw(db, "INSERT INTO completion_acceptance (case_id, accepted_on, inspectors, result, note, decision_id, "
            "entered_by, entered_at) VALUES (?, '2026-09-01', '张工', '合格', '', ?, '', ?)", params=(cid, did, NOW))
    (f,) = only(db, "renovation_records")
    assert "拆旧完成记录" in f.message and f.case_no == "WG-3"
    raw(db, "UPDATE renovation_detail SET build_type = '修缮加固'")
    assert findings(db) == []                 # a repair pulls nothing down (renovation_rules.demolition_required)
    raw(db, "UPDATE renovation_detail SET build_type = '原地重建'")
    _event(db, cid, "拆旧完成")
    assert findings(db) == []


def test_R5_5_a_posting_shorter_than_the_minimum(clean):
    db = clean["db"]
    cid = _case(db, clean["wang"], "WG-4", "乡镇审核")
    vid = raw(db, "SELECT village_id FROM case_file WHERE id = ?", params=(cid,))[0][0]
    raw(db, "INSERT INTO posting_batch (kind, village_id, stage, place, start_on, end_on, note, entered_by, entered_at) "
            "VALUES ('renovation', ?, '一榜公示', '村务公开栏', '2026-03-10', '2026-03-16', '', '', ?)", params=(vid, NOW))
    bid = raw(db, "SELECT max(id) FROM posting_batch")[0][0]
    raw(db, "INSERT INTO posting_member (batch_id, case_id, step) VALUES (?, ?, 3)", params=(bid, cid))
    assert findings(db) == []                 # 3月10日至3月16日 = 7天
    raw(db, "UPDATE posting_batch SET end_on = '2026-03-15'")
    (f,) = only(db, "posting_days")
    assert f.case_no == "WG-4" and "共6天，少于7天" in f.message


def test_progress_is_told_for_each_check_and_may_cancel(clean):
    seen = []
    run_checks(clean["db"], today=TODAY, progress=lambda done, total, text: seen.append((done, total, text)))
    assert [d for d, _, _ in seen] == list(range(len(CHECKS) + 1)) and seen[1][2] == CHECKS[1][1]

    class Stop(Exception):
        pass

    def stop(done, total, text):
        if done == 3:
            raise Stop
    with pytest.raises(Stop):
        run_checks(clean["db"], today=TODAY, progress=stop)


def test_counts_and_blocking(clean):
    raw(clean["db"], "UPDATE member SET is_dibao = 0 WHERE name = '李二水'")
    raw(clean["db"], "UPDATE member SET school_status = '非在校生' WHERE name = '王小明'")
    out = findings(clean["db"])
    assert [f.check for f in blocking(out)] == ["dibao_member"]
    c = counts(out)
    assert c["dibao_member"] == 1 and c["school_age"] == 1 and sum(c.values()) == 2


def test_R4_relocation_past_move_in_without_its_agreement_and_archived_without_follow_up(db):
    """A relocation case carried through the services to 归档, then its records removed one by one."""
    from pjdesk.cases.decisions import DecisionInput, decide
    from pjdesk.cases.relocation import open_relocation
    from pjdesk.cases.relocation_steps import StepInput, record_agreement, record_demolition, record_follow_up, \
        record_move_in
    from tests.cases.conftest import make_household
    from tests.cases.relocation_helpers import RelocationDriver, relocation, site
    from tests.conftest import TODAY

    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    no = open_relocation(db, relocation(hh), entered_by="测试", today=TODAY)
    drv = RelocationDriver(db, no)
    drv.to_stage("实施")
    for what in ("搬迁协议", "拆旧复垦协议"):
        record_agreement(db, no, what, StepInput(drv.later(2), person="户主"), entered_by="测试", today=TODAY)
    record_move_in(db, no, StepInput(drv.later(2), person="户主"), entered_by="测试", today=TODAY)
    record_demolition(db, no, "旧房拆除", StepInput(drv.later(2)), entered_by="测试", today=TODAY)
    record_demolition(db, no, "拆除验收", StepInput(drv.later(2), person="验收组"), entered_by="测试", today=TODAY)
    record_follow_up(db, no, StepInput(drv.later(2), category="就业", note="园区务工"), entered_by="测试", today=TODAY)
    decide(db, no, DecisionInput("通过", "", "乡镇", drv.later()), entered_by="测试", today=TODAY)
    assert only_or_none(db, "relocation_records") == []
    raw(db, "DELETE FROM relocation_event WHERE event IN ('搬迁协议', '后续扶持')")
    (f,) = only_or_none(db, "relocation_records")
    assert f.case_no == no and "搬迁协议" in f.message and "后续扶持记录" in f.message and "拆旧复垦协议" not in f.message


def only_or_none(db, key):
    from pjdesk.quality.checks import run_checks

    return [f for f in run_checks(db, today=dt.date(2026, 11, 28)) if f.check == key]
