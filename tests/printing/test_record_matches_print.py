"""What is printed matches the record (issue 10, brief D): approval blocks signed after their posting
(R3.2 三级审核、三榜公示, R5.5), 无房 sheets without house facts, the plan year in the titles of one
batch's three postings, the approved amount on the 三榜 list (R3.7), the one-household file (一户一册)
in the order of forms/REFERENCE.md §2 with its 立卷 fields, and a case number never split on the
rejection letter. Every date and figure is read back from the PDF text.

The story: a household applies in December 2017; the three postings run from 2017-12-18 to 2018-01-28,
the case is built, accepted, paid and archived in 2018."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from db import open_database
from tests.conftest import TODAY

from .conftest import _household, compact, pdf_text

D = dt.date
LEVELS = ("村级评议", "乡镇审核", "县级审批")
# (decided on, reviewer, post) of each level; the posting that follows: (stage, start, end)
DECIDED = {"村级评议": (D(2017, 12, 12), "李村长", "大山村村委会主任"),
           "乡镇审核": (D(2018, 1, 4), "张站长", "虹桥镇扶贫工作站站长"),
           "县级审批": (D(2018, 1, 18), "刘股长", "县住建局村镇建设股股长")}
POSTED = {"村级评议": ("一榜公示", D(2017, 12, 18), D(2017, 12, 24)),
          "乡镇审核": ("二榜公示", D(2018, 1, 8), D(2018, 1, 14)),
          "县级审批": ("三榜公示", D(2018, 1, 22), D(2018, 1, 28))}
ARCHIVIST = "档案员李芳"
ARCHIVED_ON = D(2018, 6, 30)
LONGEST_CASE_NO = "危改-2017-" + "9" * 16      # the 24 characters case_file.case_no holds


def _build(db) -> dict[str, str]:
    from pjdesk import settings
    from pjdesk.cases.attachments import AttachmentInput, add_attachment
    from pjdesk.cases.construction import AcceptanceInput, record_acceptance, record_construction
    from pjdesk.cases.decisions import DecisionInput, decide
    from pjdesk.cases.funds import DisbursementInput, disburse
    from pjdesk.cases.objections import ObjectionInput, VerificationInput, record_objection, verify_objection
    from pjdesk.cases.postings import PostingInput, open_posting
    from pjdesk.cases.renovation import open_renovation
    from pjdesk.cases.renovation_rules import EXCLUSIONS, ExclusionAnswer, RenovationApplication
    from pjdesk.cases.subsidy import RateInput, add_rate

    with db.transaction() as s:
        settings.set_(s, "clerk_name", "王文书")
    answers = {code: ExclusionAnswer(False, "经入户核查，无此情形") for code, _ in EXCLUSIONS}
    by = dict(entered_by="测试", today=TODAY)

    story = _household(db, "陈志刚", [("周桂香", "配偶", False), ("陈小军", "子", True)], 3, 21,
                       address="虹桥镇大山村3组")
    case = open_renovation(db, RenovationApplication(
        story, D(2017, 12, 1), "分散", "原地重建", 60.0, 10.0, 100.0, danger_grade="D",
        assessment_agency="平江县住房和城乡建设局", assessed_on=D(2017, 11, 20), exclusions=answers,
        note="墙体开裂，申请原地重建"), **by)
    decide(db, case, DecisionInput("通过", "申请材料齐全，予以受理", "李村长", D(2017, 12, 5)), **by)
    for level in LEVELS:
        on, who, post = DECIDED[level]
        decide(db, case, DecisionInput("通过", f"{level}通过", who, on, post), **by)
        if level == "县级审批":   # a new standard from the next day: the 三榜 list still shows the approved sum
            add_rate(db, RateInput("分散", 0, "建房补助", "住建部门", 15000, D(2018, 1, 19)), entered_by="测试")
        stage, start, end = POSTED[level]
        open_posting(db, PostingInput("大山村", stage, start, end, cases=[case]), **by)
        if stage == "一榜公示":
            oid = record_objection(db, case, ObjectionInput("村民甲", D(2017, 12, 20), "反映该户另有住房"), **by)
            verify_objection(db, oid, VerificationInput("不属实", "张站长", D(2017, 12, 22), "经查无其他住房"), **by)
    record_construction(db, case, "拆旧协议", D(2018, 2, 1), person="户主", note="签订建新拆旧协议", **by)
    record_construction(db, case, "开工", D(2018, 2, 3), person="村建房委员会", **by)
    decide(db, case, DecisionInput("通过", "主体完工，申请验收", "村建房委员会", D(2018, 6, 1)), **by)
    record_acceptance(db, case, AcceptanceInput(D(2018, 6, 10), "县住建局、乡镇规划办", "合格", 60.0, 10.0), **by)
    disburse(db, case, DisbursementInput(D(2018, 6, 20), 10000, "住建部门", "PZ-2018-001"), **by)
    disburse(db, case, DisbursementInput(D(2018, 6, 21), 10000, "扶贫部门", "PZ-2018-002"), **by)
    add_attachment(db, case, AttachmentInput("申请书.pdf", b"%PDF-1.4 scan", "申请书", D(2017, 12, 1)), **by)
    try:
        record_construction(db, case, "拆旧完成", D(2018, 6, 25), person="户主", **by)
    except Exception:  # noqa: BLE001 — not every rule set asks for it before archiving
        pass
    decide(db, case, DecisionInput("通过", "资料齐全，归档", "张站长", ARCHIVED_ON), entered_by=ARCHIVIST, today=TODAY)

    refused_hh = _household(db, "赵冬生", [], 2, 22)
    refused = open_renovation(db, RenovationApplication(
        refused_hh, D(2017, 12, 1), "分散", "原地重建", 35.0, 10.0, 55.0, danger_grade="D",
        assessment_agency="平江县住房和城乡建设局", assessed_on=D(2017, 11, 20), exclusions=answers), **by)
    decide(db, refused, DecisionInput("通过", "予以受理", "李村长", D(2017, 12, 5)), **by)
    decide(db, refused, DecisionInput("不予通过", "子女在县城已有住房，不符合改造条件", "李村长", D(2017, 12, 12),
                                      "大山村村委会主任"), **by)
    return {"case": case, "refused": refused}


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    from pjdesk.registry.township import init_township

    path = tmp_path_factory.mktemp("record") / "record.db"
    d = open_database(path)
    init_township(d, "虹桥镇")
    refs = _build(d)
    d.close()
    return path, refs


@pytest.fixture
def rdb(_template, tmp_path):
    path = tmp_path / "record.db"
    shutil.copy(_template[0], path)
    d = open_database(path)
    yield d
    d.close()


@pytest.fixture
def rrefs(_template) -> dict[str, str]:
    return _template[1]


def _cn(text: str) -> D:
    y, m, d = (int(x) for x in re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text).groups())
    return D(y, m, d)


def _batches(db) -> dict[str, int]:
    from pjdesk.cases.printouts import batch_list

    return {b.stage: b.id for b in batch_list(db, "大山村")}


# ---------------------------------------------------------------- approval sheet (审批表)

def test_approval_block_dated_on_or_after_posting_end(rdb, rrefs, tmp_path):
    """R3.2 / R5.5: each level signs after its posting — the block prints the posting period and the
    result from the objections, and its date (read from the PDF) is on or after the posting's end."""
    from pjdesk.cases.detail import case_detail
    from pjdesk.cases.printouts import write_approval_batch

    path = tmp_path / "a.pdf"
    write_approval_batch(rdb, path, case=rrefs["case"])
    text = compact("".join(pdf_text(path)))
    blocks = re.findall(r"(一榜公示|二榜公示|三榜公示)（[^）]*）：公示期(\d{4}年\d+月\d+日)至(\d{4}年\d+月\d+日)，"
                        r"([^负]*?)负责人（签字）：(.*?)(\d{4}年\d+月\d+日)", text)
    assert [b[0] for b in blocks] == ["一榜公示", "二榜公示", "三榜公示"]
    for (stage, start, end, result, who, signed), level in zip(blocks, LEVELS):
        assert (stage, _cn(start), _cn(end)) == POSTED[level]
        assert _cn(signed) >= _cn(end), (stage, signed, end)
        assert who == f"{DECIDED[level][1]}（{DECIDED[level][2]}）"
    assert "公示期2017年12月18日至2017年12月24日，异议1件，经核实不属实" in text
    assert blocks[1][3] == "无异议" and blocks[2][3] == "无异议"
    # the decision dates are not printed on the sheet but stay in the case history
    for level in LEVELS:
        assert f"{DECIDED[level][0].year}年{DECIDED[level][0].month}月{DECIDED[level][0].day}日" not in text
    history = {(x.stage, x.decided_on) for x in case_detail(rdb, rrefs["case"]).decisions}
    assert all((level, DECIDED[level][0]) in history for level in LEVELS)


def test_approval_block_unsigned_while_its_posting_runs(rdb, rrefs):
    """A level whose posting has not ended leaves its signature and date blank (R5.5: 公示期满 first)."""
    from pjdesk.cases.approval import approval_sheet, load_bundle
    from pjdesk.office import office

    sheet = approval_sheet(load_bundle(rdb, rrefs["case"], today=D(2018, 1, 25)), office(rdb))
    village, township, county = sheet.opinions
    assert village.decided_on == D(2017, 12, 24) and township.decided_on == D(2018, 1, 14)
    assert county.decision == "通过" and county.decided_on is None and county.reviewer == ""
    assert "公示期2018年1月22日至2018年1月28日" in county.note and "公示期未满" in county.note


def test_approval_sheet_of_a_no_house_household_prints_no_house_facts(rdb, tmp_path):
    """无房: the sheet prints 无房 and no area, build year, grade or assessment (R3.1, brief B/C)."""
    from pjdesk.cases.approval import approval_sheet, load_bundle
    from pjdesk.cases.printouts import write_approval_batch
    from pjdesk.cases.renovation import open_renovation
    from pjdesk.cases.renovation_rules import EXCLUSIONS, ExclusionAnswer, RenovationApplication
    from pjdesk.office import office

    no = _household(rdb, "吴秀兰", [("吴小花", "女", False)], 4, 23, house_structure="无房", danger_grade="",
                    house_area=None, house_built_year=None)
    answers = {code: ExclusionAnswer(False, "经入户核查，无此情形") for code, _ in EXCLUSIONS}
    case = open_renovation(rdb, RenovationApplication(
        no, D(2018, 3, 1), "集中安置", "集中新建", 35.0, 10.0, 55.0, cluster_site="大山村集居点",
        cluster_site_households=20, exclusions=answers, note="无房，申请进入集居点"), entered_by="测试", today=TODAY)
    sheet = approval_sheet(load_bundle(rdb, case), office(rdb))
    assert sheet.house_structure == "无房"
    assert (sheet.house_area, sheet.built_year, sheet.danger_grade, sheet.assessed_on, sheet.assessment_agency) == \
        (None, None, "", None, "")
    path = tmp_path / "nohouse.pdf"
    write_approval_batch(rdb, path, case=case)
    text = compact(pdf_text(path)[0])
    house = text[text.index("住房现状"):text.index("申请改造")]
    assert house == "住房现状房屋结构无房"
    for word in ("建筑面积", "建造年份", "危房等级", "鉴定日期", "鉴定机构"):
        assert word not in text, word


def test_repair_case_prints_no_house_type(rdb, tmp_path):
    """修缮加固 (C级, R3.5): the 60/35㎡ house types do not apply to a repair, so none is printed."""
    from pjdesk.cases.approval import approval_sheet, load_bundle
    from pjdesk.cases.printouts import write_approval_batch
    from pjdesk.cases.renovation import open_renovation
    from pjdesk.cases.renovation_rules import EXCLUSIONS, ExclusionAnswer, RenovationApplication
    from pjdesk.office import office

    no = _household(rdb, "孙桂英", [("孙大明", "子", True)], 5, 24, danger_grade="C")
    answers = {code: ExclusionAnswer(False, "经入户核查，无此情形") for code, _ in EXCLUSIONS}
    case = open_renovation(rdb, RenovationApplication(
        no, D(2018, 3, 1), "分散", "修缮加固", danger_grade="C", assessment_agency="平江县住房和城乡建设局",
        assessed_on=D(2018, 2, 20), exclusions=answers, note="局部危险，申请修缮加固"), entered_by="测试", today=TODAY)
    assert approval_sheet(load_bundle(rdb, case), office(rdb)).house_type == ""
    path = tmp_path / "repair.pdf"
    write_approval_batch(rdb, path, case=case)
    text = compact(pdf_text(path)[0])
    assert "建设方式修缮加固户型" in text and "㎡户型" not in text


def test_concentrated_subsidy_names_each_department(rdb, tmp_path):
    """R3.7: the parts of a 集中安置 subsidy print with their departments, never 未注明部门."""
    from reports.approval_sheet import ApprovalSheet, SubsidyPart, write_approval_sheets

    sheet = ApprovalSheet("平江县农村危房改造申请审批表", "危改-2018-0009", "虹桥镇", "大山村", "3组", "吴秀兰", "女",
                          "430626195802031000", 2, "一般贫困户", house_structure="无房",
                          subsidy=[SubsidyPart("建房补助", "住建部门", 30000),
                                   SubsidyPart("基础设施配套", "扶贫部门", 10000, False),
                                   SubsidyPart("建房补助", "", 5000)])
    path = tmp_path / "c.pdf"
    write_approval_sheets([sheet], path)
    text = compact(pdf_text(path)[0])
    assert "建房补助（住建部门）30000元" in text and "基础设施配套（扶贫部门）10000元" in text
    assert "未注明部门" not in text


# ---------------------------------------------------------------- disclosure lists (公示名单)

def test_title_year_is_the_plan_year_across_the_three_postings(rdb, rrefs, tmp_path):
    """A batch applied for in 2017 and posted into 2018 reads 2017 in all three titles; the deadline is
    the posting's last day, named unambiguously (R5.5)."""
    from pjdesk.cases.printouts import write_batch_disclosure

    ids = _batches(rdb)
    for level in LEVELS:
        stage, start, end = POSTED[level]
        path = tmp_path / f"{stage}.pdf"
        write_batch_disclosure(rdb, ids[stage], path)
        text = compact("".join(pdf_text(path)))
        round_name = {"一榜公示": "第一榜", "二榜公示": "第二榜", "三榜公示": "第三榜"}[stage]
        assert text.startswith(f"虹桥镇大山村2017年农村危房改造对象{round_name}公示"), text[:40]
        assert f"至{end.year}年{end.month}月{end.day}日（含当日）" in text


def test_third_posting_lists_the_approved_amount(rdb, rrefs, tmp_path):
    """R3.7: the 三榜 list shows 核定补助 — the approved 20000, not the standard in force when posted."""
    from pjdesk.cases.printouts import batch_disclosure, write_batch_disclosure

    ids = _batches(rdb)
    first, third = batch_disclosure(rdb, ids["一榜公示"]), batch_disclosure(rdb, ids["三榜公示"])
    assert first.amount_label == "补助标准（元）" and third.amount_label == "核定补助（元）"
    assert [r.subsidy for r in third.rows] == [20000]
    path = tmp_path / "third.pdf"
    write_batch_disclosure(rdb, ids["三榜公示"], path)
    text = compact(pdf_text(path)[0])
    assert "核定补助（元）" in text and "陈志刚360㎡）D20000" in text.replace("分散·原地重建（", "")
    assert "分散改造每户15000元" in text   # the standard in force when posted: only in the 补助标准 paragraph


# ---------------------------------------------------------------- case file (一户一册)

EXPECTED_ORDER = ["申请书", "户基本情况表", "危房鉴定情况", "村级民主评议记录", "申请审批表", "审核记录", "公示记录",
                  "改造协议", "施工及竣工验收", "资金拨付", "照片及附件"]


def test_casefile_filing_fields_section_order_and_page_starts(rdb, rrefs, tmp_path):
    """一户一册: 立卷日期 is the archive date and 立卷人 whoever recorded the archive decision; the address
    is printed once; the parts follow forms/REFERENCE.md §2 and each starts on a page of its own."""
    from pjdesk.cases.printouts import write_case_file_pdf

    path = tmp_path / "file.pdf"
    write_case_file_pdf(rdb, rrefs["case"], path)
    pages = [compact(t) for t in pdf_text(path)]
    cover = pages[0]
    assert f"立卷人{ARCHIVIST}" in cover and "立卷日期2018年6月30日" in cover
    assert "家庭住址平江县虹桥镇大山村3组联系电话" in cover and cover.count("大山村3组") == 1
    # the contents list names the parts in the reference order, with the page each starts on
    # (the text runs 序号 材料名称 页次 together: "1申请书22户基本情况表3…": page 2, then 序号 2)
    toc = re.findall(r"(" + "|".join(EXPECTED_ORDER) + r")(\d+)", cover[cover.index("卷内目录"):])
    assert [t[0] for t in toc] == EXPECTED_ORDER
    starts = []
    for i, (_title, digits) in enumerate(toc):
        following = str(i + 2) if i + 1 < len(toc) else ""
        assert digits.endswith(following)
        starts.append(int(digits[:len(digits) - len(following)]))
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for title, page in zip(EXPECTED_ORDER, starts):
        head = "平江县农村危房改造申请审批表" if title == "申请审批表" else title
        assert pages[page - 1].startswith(head), (title, page, pages[page - 1][:30])
    assert "申请书.pdf" in pages[starts[0] - 1]                       # the filed application, under 申请书
    assert "拆旧协议" in pages[starts[EXPECTED_ORDER.index("改造协议")] - 1]


def test_casefile_of_a_case_not_archived_leaves_filing_blank(rdb, rrefs):
    from pjdesk.cases.printouts import case_file

    c = case_file(rdb, rrefs["refused"])
    assert c.cover.filed_by == "" and c.cover.filed_on is None


# ---------------------------------------------------------------- rejection letter (不予通过告知书)

def test_rejection_case_number_stays_on_one_line(rdb, rrefs, tmp_path):
    """The longest case number the record holds prints whole, never broken across two lines."""
    from db.models.cases import Case
    from pjdesk.cases.printouts import write_rejection_pdf
    from sqlalchemy import select

    with rdb.transaction() as s:
        s.scalar(select(Case).where(Case.case_no == rrefs["refused"])).case_no = LONGEST_CASE_NO
    path = tmp_path / "r.pdf"
    write_rejection_pdf(rdb, LONGEST_CASE_NO, path)
    lines = [re.sub(r"\s+", "", line) for line in pdf_text(path)[0].splitlines()]
    holding = [line for line in lines if "危改" in line or "99999999" in line]
    assert len(holding) == 2 and all(LONGEST_CASE_NO in line for line in holding), holding
