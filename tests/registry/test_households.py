"""Registry rules (issue #2): refused with a Chinese message, nothing written."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.models import Household, Member, StatusChange
from pjdesk import idcard
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry import households as svc
from pjdesk.registry.exit_check import passing_checklist
from pjdesk.registry.queries import household_detail
from tests.conftest import TODAY, household_input, person


def counts(db):
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(Household)),
                s.scalar(select(func.count()).select_from(Member)),
                s.scalar(select(func.count()).select_from(StatusChange)))


def family(seq=1):
    return [person("张三丰", "户主", dt.date(1960, 5, 1), True, seq),
            person("李秀英", "配偶", dt.date(1962, 3, 8), False, seq + 1),
            person("张小明", "子", dt.date(1990, 7, 9), True, seq + 2)]


def test_create_household_derives_size_sex_and_birth_from_members(db):
    no = svc.create_household(db, household_input(), family(), actor="测试", today=TODAY)
    d = household_detail(db, no)
    assert d.size == 3 and d.head_name == "张三丰"
    assert [m.sex for m in d.members] == ["男", "女", "男"]
    assert d.members[0].birth_date == dt.date(1960, 5, 1)
    assert d.other_causes == ["缺资金"]
    assert d.status == "未脱贫" and d.status_history[0].to_status == "未脱贫"


def test_id_numbers_are_stored_as_text(db):
    no = svc.create_household(db, household_input(), family(), today=TODAY)
    with db.engine.connect() as conn:
        kinds = {r[0] for r in conn.exec_driver_sql("SELECT typeof(id_number) FROM member")}
    assert kinds == {"text"}
    assert household_detail(db, no).head_id_number.startswith("430626")


@pytest.mark.parametrize("mutate, field, words", [
    (lambda f: setattr(f[0], "id_number", f[0].id_number[:-1] + ("0" if f[0].id_number[-1] != "0" else "1")),
     "id_number", "校验位错误"),
    (lambda f: setattr(f[2], "id_number", idcard.make("430626", dt.date(2027, 3, 1), 5, True)),
     "id_number", "晚于今天"),
    (lambda f: setattr(f[1], "relation", "户主"), "relation", "只能有一名户主"),
    (lambda f: setattr(f[0], "relation", "配偶"), "relation", "没有户主"),
    (lambda f: setattr(f[0], "sex", "女"), "sex", "与身份证号不符"),
    (lambda f: setattr(f[0], "birth_date", dt.date(1961, 5, 1)), "birth_date", "与身份证号不符"),
])
def test_bad_members_are_refused_and_nothing_written(db, mutate, field, words):
    members = family()
    mutate(members)
    before = counts(db)
    with pytest.raises(ValidationError) as exc:
        svc.create_household(db, household_input(), members, today=TODAY)
    assert exc.value.field == field and words in exc.value.message
    assert counts(db) == before


def test_missing_main_cause_refused(db):
    with pytest.raises(ValidationError, match="主要致贫原因为必填项"):
        svc.create_household(db, household_input(main_cause=""), family(), today=TODAY)
    assert counts(db) == (0, 0, 0)


def test_three_other_causes_refused(db):
    """R1.6 / issue #2: at most two other causes besides the main one."""
    with pytest.raises(ValidationError, match="最多选2项，当前选了3项"):
        svc.create_household(db, household_input(other_causes=["缺资金", "缺技术", "因学"]), family(), today=TODAY)
    assert counts(db) == (0, 0, 0)


def test_other_cause_repeating_main_refused(db):
    with pytest.raises(ValidationError, match="不能与主要致贫原因“因病”重复"):
        svc.create_household(db, household_input(other_causes=["因病"]), family(), today=TODAY)


def test_id_of_a_member_of_another_household_refused(db):
    first = svc.create_household(db, household_input(), family(1), today=TODAY)
    other = family(10)
    other[1].id_number = family(1)[1].id_number  # 李秀英 of the first household
    before = counts(db)
    with pytest.raises(ValidationError) as exc:
        svc.create_household(db, household_input(), other, today=TODAY)
    assert first in exc.value.message and "李秀英" in exc.value.message
    assert counts(db) == before


def test_id_becomes_free_when_the_member_leaves(db):
    no = svc.create_household(db, household_input(), family(1), today=TODAY)
    wife = household_detail(db, no).members[1]
    svc.member_leaves(db, wife.id, dt.date(2020, 1, 1), "婚出", today=TODAY)
    again = [person("王大", "户主", dt.date(1958, 1, 1), True, 40)]
    no2 = svc.create_household(db, household_input(), again, today=TODAY)
    svc.add_member(db, no2, person("李秀英", "配偶", dt.date(1962, 3, 8), False, 2), today=TODAY)
    assert household_detail(db, no2).size == 2
    assert household_detail(db, no).size == 2  # the leaver is kept, not counted


def test_second_head_refused_by_add_member(db):
    no = svc.create_household(db, household_input(), family(), today=TODAY)
    with pytest.raises(ValidationError, match="已有户主“张三丰”"):
        svc.add_member(db, no, person("张四", "户主", dt.date(1970, 1, 1), True, 20), today=TODAY)


def test_database_itself_refuses_a_second_current_head(db):
    """The partial unique index holds even if a service had a bug."""
    from sqlalchemy.exc import IntegrityError

    no = svc.create_household(db, household_input(), family(), today=TODAY)
    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE member SET relation='户主' WHERE relation='配偶'")
    assert household_detail(db, no).members[1].relation == "配偶"


def test_change_head_then_old_head_may_leave(db):
    no = svc.create_household(db, household_input(), family(), today=TODAY)
    d = household_detail(db, no)
    head, wife = d.members[0], d.members[1]
    with pytest.raises(RuleViolation, match="户主不能直接减少"):
        svc.member_leaves(db, head.id, dt.date(2021, 1, 1), "死亡", today=TODAY)
    svc.change_head(db, no, wife.id, "配偶")
    svc.member_leaves(db, head.id, dt.date(2021, 1, 1), "死亡", today=TODAY)
    d = household_detail(db, no)
    assert d.head_name == "李秀英" and d.size == 2
    assert [m.left_on for m in d.members].count(dt.date(2021, 1, 1)) == 1


def test_status_changes_are_dated_and_kept(db):
    """R1.4: 预脱贫 is marked before 已脱贫; every change is in the history."""
    no = svc.create_household(db, household_input(), family(), today=TODAY)
    with pytest.raises(RuleViolation, match="不能变更为“已脱贫”"):
        svc.change_status(db, no, "已脱贫", dt.date(2026, 1, 1), "核查", today=TODAY)
    svc.change_status(db, no, "预脱贫", dt.date(2026, 9, 1), "两不愁三保障达标", actor="王会计", today=TODAY,
                      checklist=passing_checklist())      # R1.5, tests/registry/test_exit_checklist.py
    svc.change_status(db, no, "已脱贫", dt.date(2026, 11, 1), "三级核查通过", today=TODAY,
                      checklist=passing_checklist())
    d = household_detail(db, no)
    assert d.status == "已脱贫" and d.exit_year == 2026
    assert [(h.from_status, h.to_status) for h in d.status_history] == [("", "未脱贫"), ("未脱贫", "预脱贫"), ("预脱贫", "已脱贫")]
    assert d.status_history[1].recorded_by == "王会计"


@pytest.mark.parametrize("on, reason, words", [
    (dt.date(2026, 12, 1), "原因", "不能晚于今天"),
    (dt.date(2026, 1, 1), "  ", "请填写状态变更原因"),
])
def test_status_change_refusals(db, on, reason, words):
    no = svc.create_household(db, household_input(), family(), today=TODAY)
    with pytest.raises(ValidationError, match=words):
        svc.change_status(db, no, "预脱贫", on, reason, today=TODAY)
    assert household_detail(db, no).status == "未脱贫"


def test_update_member_rechecks_id_against_other_members(db):
    no = svc.create_household(db, household_input(), family(), today=TODAY)
    d = household_detail(db, no)
    son = d.members[2]
    m = person("张小明", "子", dt.date(1990, 7, 9), True, 3)
    m.id_number = d.members[1].id_number
    with pytest.raises(ValidationError, match="已被户编号"):
        svc.update_member(db, son.id, m, today=TODAY)
    assert household_detail(db, no).members[2].id_number == son.id_number


def test_striking_off_ends_every_members_registration(db):
    """销户: members leave with the household, so their IDs are free to join another household."""
    no = svc.create_household(db, household_input(), family(1), today=TODAY)
    svc.change_status(db, no, "已销户", dt.date(2026, 3, 1), "并入亲属户", today=TODAY)
    d = household_detail(db, no)
    assert d.size == 0 and {m.left_on for m in d.members} == {dt.date(2026, 3, 1)}
    assert d.members[0].leave_reason == "销户：并入亲属户"
    head = family(1)[0]  # 张三丰 joins another household under his own ID
    other = svc.create_household(db, household_input(), [head], today=TODAY)
    assert household_detail(db, other).head_name == "张三丰"


def test_one_person_household_death_is_recorded_by_striking_off(db):
    no = svc.create_household(db, household_input(), [family(5)[0]], today=TODAY)
    svc.change_status(db, no, "已销户", dt.date(2026, 5, 1), "户主死亡", today=TODAY)
    d = household_detail(db, no)
    assert d.status == "已销户" and d.members[0].leave_reason == "销户：户主死亡"
