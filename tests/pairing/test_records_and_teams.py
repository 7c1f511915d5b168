"""Help records, income projects (R2.3), the overdue-visit list, and village aid teams (六个一, R2.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk import settings
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.pairing import assignments as asg
from pjdesk.pairing.aid_teams import RoleInput, add_role, end_role, missing_roles, prefill_from_plan, village_team
from pjdesk.pairing.records import HelpRecordInput, IncomeProjectInput, add_help_record, add_income_project, help_records, income_projects, overdue_visits, set_actual_income
from tests.conftest import TODAY

from tests.pairing.conftest import helper

DAY = dt.timedelta(days=1)


def test_help_record_defaults_to_the_current_helper(db, households):
    wang = helper(db)
    asg.assign(db, wang, households[0], on=TODAY - 30 * DAY, today=TODAY)
    add_help_record(db, HelpRecordInput(households[0], TODAY - 3 * DAY, "产业帮扶", "发放鸡苗100羽", 800),
                    actor="刘文书", today=TODAY)
    add_help_record(db, HelpRecordInput(households[0], TODAY - DAY, "走访"), today=TODAY)
    recs = help_records(db, households[0])
    assert [(r["measure"], r["helper"], r["amount"]) for r in recs] == [("走访", "王建国", 0), ("产业帮扶", "王建国", 800)]
    assert recs[1]["recorded_by"] == "刘文书"
    with pytest.raises(ValidationError, match="帮扶措施“送温暖”无效"):
        add_help_record(db, HelpRecordInput(households[0], TODAY, "送温暖"), today=TODAY)
    with pytest.raises(ValidationError, match="请填写“就业帮扶”的具体内容"):
        add_help_record(db, HelpRecordInput(households[0], TODAY, "就业帮扶"), today=TODAY)


def test_overdue_list_uses_the_setting(db, households):
    wang = helper(db)
    asg.bulk_assign(db, wang, households[:3], on=TODAY - 400 * DAY, today=TODAY)
    add_help_record(db, HelpRecordInput(households[0], TODAY - 10 * DAY, "走访"), today=TODAY)
    add_help_record(db, HelpRecordInput(households[1], TODAY - 120 * DAY, "走访"), today=TODAY)
    rows = {r.household_no: r for r in overdue_visits(db, today=TODAY)}
    assert households[0] not in rows
    assert rows[households[1]].days == 120 and rows[households[1]].helper == "王建国"
    assert rows[households[2]].last_visit is None          # never visited
    assert households[7] in rows                            # poor, unpaired, never visited
    with db.transaction() as s:
        settings.set_(s, "visit_overdue_days", 150)
    assert households[1] not in {r.household_no for r in overdue_visits(db, today=TODAY)}


def test_r2_3_at_most_two_income_projects(db, households):
    for name in ("种植油茶", "养殖土鸡"):
        add_income_project(db, IncomeProjectInput(households[0], name, "种植", 2026, 3000), today=TODAY)
    with pytest.raises(RuleViolation, match="已有2个增收项目，每户择优发展1—2个增收项目"):
        add_income_project(db, IncomeProjectInput(households[0], "光伏", "光伏", 2026, 3000), today=TODAY)
    pid = income_projects(db, households[0])[0]["id"]
    set_actual_income(db, pid, 3600)
    assert income_projects(db, households[0])[0]["actual_income"] == 3600


def test_r2_5_missing_roles_of_a_poor_village_and_one_first_secretary(db, households):
    rows = {m["village"]: m for m in missing_roles(db)}
    assert rows["大山村"]["missing"] == ["责任领导", "帮扶单位", "第一书记", "驻村工作队", "驻村农技员", "帮扶责任人"]
    assert rows["大山村"]["unpaired"] == 8
    for role, name, post in (("责任领导", "汪涛", ""), ("帮扶单位", "县文广新局", ""), ("第一书记", "周小平", ""),
                             ("驻村工作队", "吴刚", "队长"), ("驻村农技员", "郑芳", "")):
        add_role(db, RoleInput("大山村", role, name, post=post, start_on=TODAY - 100 * DAY), today=TODAY)
    with pytest.raises(ValidationError, match="大山村已有第一书记“周小平”"):
        add_role(db, RoleInput("大山村", "第一书记", "孙强", start_on=TODAY), today=TODAY)
    assert {m["village"]: m for m in missing_roles(db)}["大山村"]["missing"] == ["帮扶责任人"]
    secretary = next(r for r in village_team(db, "大山村") if r["role"] == "第一书记")
    end_role(db, secretary["id"], TODAY, today=TODAY)
    add_role(db, RoleInput("大山村", "第一书记", "孙强", start_on=TODAY), today=TODAY)
    assert [r["name"] for r in village_team(db, "大山村", include_ended=True) if r["role"] == "第一书记"] == ["周小平", "孙强"]


def test_r2_9_prefill_from_the_county_plan(db):
    assert prefill_from_plan(db) > 0
    team = {(r["role"], r["name"]) for r in village_team(db, "青石村")}
    assert team == {("帮扶单位", "县委组织部"), ("帮扶单位", "华融湘江银行"), ("责任领导", "张中霏")}
    zheping = {(r["role"], r["name"]) for r in village_team(db, "柘坪村")}
    assert {("责任领导", "汪涛"), ("责任领导", "童驾辉"), ("帮扶单位", "县妇联")} <= zheping
    # the plan writes 天岳关 without 村
    assert {r["name"] for r in village_team(db, "天岳关村")} == {"平江一中", "进修学校"}
    assert "规划表10.2第4005行" in village_team(db, "青石村")[0]["source"]
    assert prefill_from_plan(db) == 0                  # a second run adds nothing
    # the plan names no first secretary (R2.9): every village still misses one
    assert all("第一书记" in m["missing"] for m in missing_roles(db))
