"""Printouts built from the case services: disclosure lists of posting batches, approval sheets,
the rejection letter and the one-household case file."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk import settings
from pjdesk.cases.detail import case_detail
from pjdesk.errors import NotFound, RuleViolation
from pjdesk.cases import printouts as prints
from pjdesk.cases.approval import approval_sheet, load_bundle
from pjdesk.office import office

from .conftest import APPLIED, FULL, OBJECTION, OPINIONS, PHONES, REFUSAL, REFUSED, compact, pdf_text
from .test_report_layouts import assert_embedded, assert_numbered


def test_first_round_disclosure_of_a_batch(pdb, refs, tmp_path):
    path = tmp_path / "d.pdf"
    prints.write_batch_disclosure(pdb, int(refs["batch1"]), path)
    pages = pdf_text(path)
    text = compact("".join(pages))
    assert text.startswith("虹桥镇大山村2026年农村危房改造对象第一榜公示")
    assert "王建国" in text and "李春梅" not in text  # only the batch's households
    assert "分散·原地重建（60㎡）" in text and "20000" in text
    # 四公开: policy, the households, the subsidy standard, the review result
    assert compact(settings.DEFAULTS["policy_basis_renovation"]) in text
    assert "补助标准：集中安置60㎡户型每户40000元" in text and "分散改造每户20000元（住建部门10000元，扶贫部门10000元）" in text
    assert "审核审批结果：以上农户经村民代表大会评议通过" in text
    assert "公示时间：2026年3月7日至2026年3月13日（共7天）" in text and "公示地点：村务公开栏" in text
    assert PHONES["supervision_phone_township"] in text and "大山村村民委员会" in text
    assert_numbered(pages)
    assert_embedded(path)


def test_posting_period_printed_is_at_least_the_minimum(pdb, refs):
    minimum = office(pdb)["posting_min_days"]
    for key in ("batch1", "batch2", "batch3"):
        terms = prints.batch_disclosure(pdb, int(refs[key])).terms
        assert terms.days >= minimum and (terms.end - terms.start).days + 1 == terms.days


def test_each_round_has_its_issuer(pdb, refs):
    issuers = [prints.batch_disclosure(pdb, int(refs[k])).terms.issuer for k in ("batch1", "batch2", "batch3")]
    assert issuers == ["大山村村民委员会", "虹桥镇人民政府", "虹桥镇人民政府"]


def test_unknown_batch_is_refused(pdb, tmp_path):
    with pytest.raises(NotFound):
        prints.write_batch_disclosure(pdb, 999, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_approval_sheet_with_all_three_levels(pdb, refs, tmp_path):
    path = tmp_path / "a.pdf"
    assert prints.write_approval_batch(pdb, path, case=refs[FULL]) == 1
    text = compact(pdf_text(path)[0])
    assert text.startswith("平江县农村危房改造申请审批表")
    assert text.count("■通过□退回□不予通过") == 3
    # each level signs once its posting is over: dated the posting's last day, not the decision day
    for (opinion, reviewer, post, day), signed in zip(OPINIONS.values(), ("2026年3月13日", "2026年3月23日",
                                                                          "2026年4月2日")):
        assert opinion in text and f"{reviewer}（{post}）{signed}" in text
    assert "一榜公示（村务公开栏）：公示期2026年3月7日至2026年3月13日，异议1件，经核实不属实" in text
    assert "二榜公示（乡镇政务公开栏）：公示期2026年3月17日至2026年3月23日，无异议" in text
    assert "三榜公示（乡镇政务公开栏及村务公开栏）：公示期2026年3月27日至2026年4月2日，无异议" in text
    assert "补助到户合计：20000元（大写：贰万元整）" in text and "住建部门）10000元" in text
    detail = case_detail(pdb, refs[FULL])
    assert detail.head_name == "王建国" and "430626195802" in text  # office form: the full ID is printed
    assert "刘秀英" in text and "王小明" in text
    assert_embedded(path)


def test_approval_sheet_with_no_level_decided(pdb, refs):
    a = approval_sheet(load_bundle(pdb, refs[APPLIED]), office(pdb))
    assert [o.decision for o in a.opinions] == ["", "", ""] and a.subsidy == []


def test_refused_sheet_shows_the_refusal_at_its_level(pdb, refs):
    a = approval_sheet(load_bundle(pdb, refs[REFUSED]), office(pdb))
    assert [o.decision for o in a.opinions] == ["不予通过", "", ""]
    assert a.opinions[0].opinion == REFUSAL and a.opinions[0].note == ""


def test_village_batch_has_one_sheet_per_case_not_refused(pdb, refs, tmp_path):
    path = tmp_path / "v.pdf"
    seen = []
    pages = prints.write_approval_batch(pdb, path, village="大山村", progress=lambda d, t, _x: seen.append((d, t)))
    texts = [compact(t) for t in pdf_text(path)]
    assert pages == len(texts) == 2
    assert "王建国" in texts[0] + texts[1] and "李春梅" in texts[0] + texts[1]
    assert "赵冬生" not in "".join(texts)
    assert seen[0] == (0, 4) and seen[-1] == (3, 4)  # read 2 cases, then lay out 2 sheets
    assert_numbered(texts)


def test_batch_sheets(pdb, refs, tmp_path):
    path = tmp_path / "b.pdf"
    assert prints.write_approval_batch(pdb, path, batch=int(refs["batch2"])) == 1
    assert "王建国" in compact(pdf_text(path)[0])


def test_rejection_letter_of_a_refused_case(pdb, refs, tmp_path):
    path = tmp_path / "r.pdf"
    prints.write_rejection_pdf(pdb, refs[REFUSED], path)
    text = compact(pdf_text(path)[0])
    assert text.startswith("不予通过告知书") and refs[REFUSED] in text
    assert "赵冬生（户主，虹桥镇大山村2组）" in text
    assert "经村民委员会（村民代表大会）评议，于2026年3月6日决定不予通过" in text
    assert f"理由：{REFUSAL}。" in text
    assert "15日内向虹桥镇人民政府书面申请复核" in text and "大山村村民委员会" in text
    assert_embedded(path)


def test_no_rejection_letter_for_a_case_not_refused(pdb, refs, tmp_path):
    with pytest.raises(RuleViolation, match="没有“不予通过”的决定"):
        prints.write_rejection_pdf(pdb, refs[FULL], tmp_path / "r.pdf")


def test_case_file(pdb, refs, tmp_path):
    path = tmp_path / "c.pdf"
    pages = prints.write_case_file_pdf(pdb, refs[FULL], path)
    texts = [compact(t) for t in pdf_text(path)]
    assert pages == len(texts) >= 5
    cover, everything = texts[0], "".join(texts)
    assert cover.startswith("平江县农村危房改造档案") and "虹桥镇危改字〔2026〕1号" in cover
    assert "王建国" in cover and "立卷人立卷日期________年____月____日" in cover   # not archived yet: blank
    assert "申请书" in texts[1] and "户基本情况表" in texts[2] and "平江县农村危房改造申请审批表" in texts[5]
    for part in ("审核记录", "公示记录", "异议及核实情况", OBJECTION[2], OBJECTION[4], "施工及竣工验收", "开工",
                 "县住建局、乡镇规划办", "资金拨付", "PZ-2026-001", "核定补助到户20000元，已拨付10000元，未拨付10000元",
                 "照片及附件", "改造前照片", "申请书.pdf"):
        assert part in everything, part
    others = "".join(t for i, t in enumerate(texts) if i not in (2, 5))
    assert "62309016" not in others  # the account only on the office forms (household sheet, approval sheet)
    assert_numbered(texts)
    assert_embedded(path)


def test_case_file_number_follows_the_setting(pdb, refs):
    with pdb.transaction() as s:
        settings.set_(s, "casefile_no_format", "平{乡镇}危改〔{年}〕第{序号}号")
    c = prints.case_file(pdb, refs[FULL], today=dt.date(2026, 11, 28))
    assert c.cover.file_no == "平虹桥镇危改〔2026〕第1号" and c.cover.filed_on is None   # not archived
