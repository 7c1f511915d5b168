"""贫困户识别公示 and 拟脱贫户公示 from the registry, and the village roster."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk import settings
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry.printouts import EXIT, IDENTIFICATION, RegistryPostingRequest, registry_posting, write_registry_posting, write_village_roster

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


def test_identification_posting_takes_the_year_identified(pdb):
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
