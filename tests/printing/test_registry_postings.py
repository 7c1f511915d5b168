"""贫困户识别公示 and 拟脱贫户公示 from the registry, and the village roster."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pjdesk import settings
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry.printouts import (EXIT, IDENTIFICATION, RegistryPostingRequest, left_out_note, registry_posting,
                                      roster_sheet, village_roster_document, write_registry_posting, write_roster,
                                      write_village_roster)
from pjdesk.registry.queries import RegistryFilter, filter_rows, load_rows
from tests.registry_fixtures import record_visit

from .conftest import PHONES, compact, pdf_text
from .test_report_layouts import assert_embedded, assert_numbered

D = dt.date


def test_exit_posting_lists_the_households_marked_pre_exit(pdb, tmp_path):
    req = RegistryPostingRequest(EXIT, "大山村", 2026, D(2026, 11, 2))
    p = registry_posting(pdb, req)
    assert [(r.group, r.head_name, r.size) for r in p.rows] == [("4组", "钱小红", 1), ("5组", "孙大伟", 1),
                                                                 ("6组", "周海", 1)]
    assert p.title == "关于大山村2026年拟脱贫户的公示"
    assert p.terms.end == D(2026, 11, 8) and p.terms.days == 7  # the configured minimum by default
    path = tmp_path / "exit.pdf"
    write_registry_posting(pdb, req, path)
    pages = pdf_text(path)
    text = compact("".join(pages))
    assert "平江县虹桥镇大山村脱贫年度：2026年" in text
    assert "大山村2026年拟脱贫3户3人，现予以公示" in text
    assert "公示时间：2026年11月2日至2026年11月8日（共7天）" in text
    assert PHONES["supervision_phone_village"] in text and "大山村村民委员会" in text
    assert text.count("户主姓名") == 2 * len(pages)  # 序号|村民小组|户主姓名|家庭人口数, twice
    table = text.split("家庭人口数序号村民小组户主姓名家庭人口数")[1].split("合计")[0]
    assert table == "14组钱小红125组孙大伟136组周海1"  # group, head, size — nothing else
    assert_numbered(pages)
    assert_embedded(path)


def visit(db, heads: list[str] | None = None, on: dt.date = D(2015, 10, 20)) -> list[str]:
    """Record a 六看一听 visit (R1.3) for the 大山村 households whose head is in ``heads`` (all when None);
    returns the heads visited, in registry order."""
    rows = [r for r in filter_rows(load_rows(db), RegistryFilter(village="大山村"))
            if heads is None or r.head_name in heads]
    for r in rows:
        record_visit(db, r.household_no, on)
    return [r.head_name for r in rows]


def test_identification_posting_takes_the_year_identified(pdb):
    visit(pdb)
    p = registry_posting(pdb, RegistryPostingRequest(IDENTIFICATION, "大山村", 2015, D(2026, 11, 2)))
    assert len(p.rows) == 6 and p.title == "关于大山村2015年贫困户识别结果的公示"
    with pytest.raises(RuleViolation, match="没有2019年识别的贫困户"):
        registry_posting(pdb, RegistryPostingRequest(IDENTIFICATION, "大山村", 2019, D(2026, 11, 2)))


def test_posting_shorter_than_the_minimum_is_refused(pdb, tmp_path):
    req = RegistryPostingRequest(EXIT, "大山村", 2026, D(2026, 11, 2), D(2026, 11, 7))
    with pytest.raises(ValidationError, match="公示期不足7天（2026-11-02至2026-11-07，共6天），最短7天"):
        write_registry_posting(pdb, req, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    with pdb.transaction() as s:
        settings.set_(s, "posting_min_days", 5)
    assert registry_posting(pdb, req).terms.days == 6


def test_office_texts_come_from_settings(pdb):
    with pdb.transaction() as s:
        settings.update(s, {"issuer_village": "中共{村}支部委员会、{村}村民委员会", "posting_place": "村部公示栏",
                            "policy_basis_poverty": "根据测试依据，"})
    p = registry_posting(pdb, RegistryPostingRequest(EXIT, "大山村", 2026, D(2026, 11, 2)))
    assert p.terms.issuer == "中共大山村支部委员会、大山村村民委员会" and p.terms.place == "村部公示栏"
    assert p.paragraphs[0].startswith("根据测试依据，")


def test_unknown_village_is_refused(pdb):
    with pytest.raises(ValidationError, match="不在本乡镇"):
        registry_posting(pdb, RegistryPostingRequest(EXIT, "没有村", 2026, D(2026, 11, 2)))


def test_village_roster_masks_ids(pdb, tmp_path):
    path = tmp_path / "roster.pdf"
    assert write_village_roster(pdb, "大山村", path) >= 1
    text = compact("".join(pdf_text(path)))
    assert "大山村建档立卡贫困户花名册" in text and "430626********" in text


# ---------------------------------------------------------------- R1.3: the survey comes before the posting

ID_REQ = RegistryPostingRequest(IDENTIFICATION, "大山村", 2015, D(2026, 11, 2))


def test_R1_3_identification_posting_leaves_out_households_without_a_survey(pdb, tmp_path):
    listed = visit(pdb, ["王建国", "李春梅", "钱小红", "周海"])
    visit(pdb, ["赵冬生"], on=D(2026, 11, 3))          # visited after the posting opened: not yet
    p = registry_posting(pdb, ID_REQ)
    assert [r.head_name for r in p.rows] == listed
    assert "大山村2015年拟识别贫困户4户" in p.paragraphs[0]
    assert left_out_note(pdb, ID_REQ) == "2户尚无六看一听走访记录（走访日期须不晚于公示开始日2026-11-02），未列入公示名单"
    path = tmp_path / "id.pdf"
    write_registry_posting(pdb, ID_REQ, path)
    text = compact("".join(pdf_text(path)))
    assert all(name in text for name in listed)
    assert "赵冬生" not in text and "孙大伟" not in text and "走访" not in text   # the public list says nothing of it
    assert left_out_note(pdb, RegistryPostingRequest(EXIT, "大山村", 2026, D(2026, 11, 2))) == ""


def test_R1_3_identification_posting_refused_when_no_household_was_surveyed(pdb, tmp_path):
    with pytest.raises(RuleViolation, match="大山村2015年识别的6户均尚无六看一听走访记录.*请先在户信息的“走访（六看一听）”页登记"):
        write_registry_posting(pdb, ID_REQ, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_R1_3_with_the_setting_off_every_identified_household_is_printed(pdb, tmp_path):
    visit(pdb, ["王建国"])
    with pdb.transaction() as s:
        settings.set_(s, "survey_required_for_posting", False)
    assert len(registry_posting(pdb, ID_REQ).rows) == 6 and left_out_note(pdb, ID_REQ) == ""
    assert write_registry_posting(pdb, ID_REQ, tmp_path / "all.pdf") >= 1


# ---------------------------------------------------------------- the roster's 计划脱贫 column

def test_roster_shows_the_planned_exit_year_only_for_households_not_yet_exited(pdb, tmp_path):
    rows = {r.head_name: r for r in filter_rows(load_rows(pdb), RegistryFilter(village="大山村"))}
    assert rows["钱小红"].planned_exit_year == 2026 and rows["钱小红"].status == "预脱贫"
    exited = dataclasses.replace(rows["孙大伟"], status="已脱贫")
    closed = dataclasses.replace(rows["周海"], status="已销户")
    relapsed = dataclasses.replace(rows["王建国"], status="返贫", planned_exit_year=2027)
    picked = [rows["钱小红"], exited, closed, relapsed]
    doc = village_roster_document(pdb, picked)
    assert [(r[3], r[8], r[-1]) for r in doc.rows] == [("钱小红", "预脱贫", "2026"), ("孙大伟", "已脱贫", ""),
                                                         ("周海", "已销户", ""), ("王建国", "返贫", "2027")]
    path = tmp_path / "roster.pdf"
    write_roster(pdb, picked, path, "pdf")
    text = compact("".join(pdf_text(path)))
    assert "预脱贫2026" in text and "返贫2027" in text            # 状态 then 计划脱贫 (no helper paired)
    assert "已脱贫2026" not in text and "已销户2026" not in text
    sheet = roster_sheet(pdb, picked)                           # the workbook says the same
    planned = [c.label for c in sheet.columns].index("计划脱贫年度")
    assert [r[planned] for r in sheet.rows] == [2026, None, None, 2027]
