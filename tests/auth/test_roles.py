"""Each service checks the role, not only the GUI (issue 14, RULES.md R1.9 division of duties): a refusal
names the role needed and leaves the database untouched."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models.cases import CaseDecision, PostingBatch, SubsidyRate
from db.models.registry import Household, Setting
from pjdesk import office, settings
from pjdesk.auth import users
from pjdesk.auth.roles import RoleRequired
from pjdesk.cases.decisions import DecisionInput, decide
from pjdesk.cases.postings import PostingInput, open_posting
from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.subsidy import RateInput, add_rate
from pjdesk.errors import NotLoggedIn
from pjdesk.registry import households as svc
from tests.cases.conftest import D, application, make_household
from tests.conftest import TODAY, household_input, person
from tests.auth.conftest import add_and_login


def count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.no_login
def test_R1_9_nobody_logged_in_cannot_write(empty_db):
    from pjdesk.registry.township import init_township

    assert empty_db.user is None
    with pytest.raises(NotLoggedIn, match="请先登录"):
        init_township(empty_db, "虹桥镇")
    with empty_db.reader() as s:
        assert s.execute(select(func.count()).select_from(Household)).scalar() == 0
        assert s.execute(select(func.count()).select_from(Setting)).scalar() == 0


def test_R1_9_a_clerk_enters_households_and_is_the_recorded_clerk(as_clerk):
    db = as_clerk
    no = svc.create_household(db, household_input(), [person("张三丰", "户主", D(1960, 1, 10), True)], today=TODAY)
    assert settings.actor(db) == "陆录入"
    assert count(db, Household) == 1 and no


def _case_ready_for_decision(db) -> str:
    return open_renovation(db, application(make_household(db), size=3), today=TODAY)


def test_R1_9_a_clerk_may_not_record_a_review_decision(db):
    case = _case_ready_for_decision(db)          # as the administrator
    add_and_login(db, "lu", "录入员", "陆录入")
    before = count(db, CaseDecision)
    with pytest.raises(RoleRequired, match="此操作需要审核员或管理员角色") as exc:
        decide(db, case, DecisionInput("通过", "受理", "村委会", D(2026, 3, 3)), today=TODAY)
    assert "陆录入" in exc.value.message and "录入员" in exc.value.message
    assert count(db, CaseDecision) == before
    users.login(db, "admin", "demo")            # the same decision by an administrator goes through
    decide(db, case, DecisionInput("通过", "受理", "村委会", D(2026, 3, 3)), today=TODAY)
    assert count(db, CaseDecision) == before + 1


def test_R1_9_a_clerk_may_not_open_a_posting_but_a_reviewer_may(db):
    case = _case_ready_for_decision(db)
    decide(db, case, DecisionInput("通过", "受理", "村委会", D(2026, 3, 3)), today=TODAY)
    decide(db, case, DecisionInput("通过", "同意", "村民代表会议", D(2026, 3, 10)), today=TODAY)
    posting = PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17))
    add_and_login(db, "lu", "录入员")
    with pytest.raises(RoleRequired, match="审核员或管理员"):
        open_posting(db, posting, today=TODAY)
    assert count(db, PostingBatch) == 0
    users.login(db, "admin", "demo")
    add_and_login(db, "shen", "审核员")
    open_posting(db, posting, today=TODAY)
    assert count(db, PostingBatch) == 1


def test_R1_9_a_reviewer_may_not_save_settings_or_rates(as_reviewer):
    db = as_reviewer
    rates = count(db, SubsidyRate)
    with pytest.raises(RoleRequired, match="此操作需要管理员角色"):
        office.save_page_settings(db, {"posting_min_days": 10})
    with pytest.raises(RoleRequired, match="管理员"):
        with db.transaction() as s:             # a script writing a setting directly is refused too
            settings.set_(s, "posting_min_days", 10)
    with pytest.raises(RoleRequired, match="管理员"):
        add_rate(db, RateInput("分散", 60, "建房补助", "", 20000, D(2026, 1, 1)))
    assert settings.value(db, "posting_min_days") == 7 and count(db, SubsidyRate) == rates


def test_R1_9_an_administrator_saves_settings(db):
    assert office.save_page_settings(db, {"posting_min_days": 10}) == ["posting_min_days"]
    assert settings.value(db, "posting_min_days") == 10


def test_R1_9_a_user_locked_by_an_administrator_cannot_write_any_more(db):
    add_and_login(db, "lu", "录入员")
    clerk = db.user
    users.login(db, "admin", "demo")
    users.set_active(db, "lu", False)
    db.user = clerk                              # a window still open with the clerk logged in
    with pytest.raises(NotLoggedIn, match="已被停用"):
        svc.create_household(db, household_input(), [person("张三丰", "户主", D(1960, 1, 10), True)], today=TODAY)
    assert count(db, Household) == 0


def test_R1_9_only_an_administrator_manages_users_and_the_last_one_stays(db):
    add_and_login(db, "lu", "录入员")
    with pytest.raises(RoleRequired, match="管理员"):
        users.add_user(db, "x2", "某某", "管理员", "abcd1234")
    users.login(db, "admin", "demo")
    with pytest.raises(Exception, match="不能停用当前登录的用户自己"):
        users.set_active(db, "admin", False)
    with pytest.raises(Exception, match="最后一个管理员"):
        users.set_role(db, "admin", "录入员")


def test_R1_9_a_role_taken_away_holds_in_a_window_already_logged_in(db):
    """An administrator demotes a user whose window is open: that window's next action is checked against
    the role the database holds now, not the one remembered at login (a demoted 管理员 could otherwise reset
    the administrator's password and make himself 管理员 again)."""
    from db import open_database
    from pjdesk.auth.users import reset_password, set_role

    users.add_user(db, "boss2", "副站长", "管理员", "Str0ngPass!")
    window = open_database(db.path)
    try:
        users.login(window, "boss2", "Str0ngPass!")
        set_role(db, "boss2", "录入员")                       # the administrator, in another window
        with pytest.raises(RoleRequired, match="当前用户“副站长”是录入员"):
            reset_password(window, "admin", "Hijack3d!!")
        with pytest.raises(RoleRequired):
            set_role(window, "boss2", "管理员")
        assert {u.name: u.role for u in users.list_users(db)}["boss2"] == "录入员"
        users.login(db, "admin", "demo")                       # the administrator's password is unchanged
    finally:
        window.close()


def test_R1_9_a_reviewer_demoted_meanwhile_cannot_decide(db):
    """The role check inside the transaction (``require_in``) reads the role of now as well."""
    from db import open_database
    from pjdesk.auth.users import set_role

    case = _case_ready_for_decision(db)          # as the administrator
    window = open_database(db.path)
    try:
        add_and_login(window, "shen", "审核员", "沈审核")
        set_role(db, "shen", "录入员")
        before = count(db, CaseDecision)
        with pytest.raises(RoleRequired):
            decide(window, case, DecisionInput("通过", "受理", "村委会", D(2026, 3, 3)), today=TODAY)
        assert count(db, CaseDecision) == before
    finally:
        window.close()


def test_R1_9_a_clerk_proposes_an_exit_but_a_reviewer_confirms_it_and_strikes_off(db):
    """确认脱贫 and 销户 follow a review and a posting (R1.4): a 录入员 is refused them, naming the role, and
    nothing is stored; 返贫-style entries and 预脱贫 proposals stay with the clerk (not shown here)."""
    from db.models.registry import StatusChange

    no = svc.create_household(db, household_input(), [person("张三丰", "户主", D(1960, 1, 10), True)], today=TODAY)
    add_and_login(db, "lu", "录入员", "陆录入")
    before = count(db, StatusChange)
    for to in ("已脱贫", "已销户"):
        with pytest.raises(RoleRequired, match="审核员或管理员"):
            svc.change_status(db, no, to, TODAY, "核查达标", today=TODAY)
    assert count(db, StatusChange) == before
    users.login(db, "admin", "demo")
    svc.change_status(db, no, "已销户", TODAY, "全户迁出", today=TODAY)
    assert count(db, StatusChange) == before + 1
