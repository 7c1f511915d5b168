"""A township with three 危房改造 cases walked through the real services (one approved at all three
levels and accepted, one just applied, one refused), households marked 预脱贫, and the office texts
set — built once per session and copied for each test."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from pypdf import PdfReader

from db import open_database
from tests.conftest import TODAY, household_input, person

D = dt.date
PHONES = {"supervision_phone_village": "0730-6123456", "supervision_phone_township": "0730-6234567",
          "supervision_phone_county": "0730-6345678"}
FULL, APPLIED, REFUSED = "full", "applied", "refused"
OPINIONS = {
    "村级评议": ("经村民代表大会评议，同意列为改造对象", "李村长", "大山村村委会主任", D(2026, 3, 6)),
    "乡镇审核": ("经入户核查，情况属实，同意上报县级审批", "张站长", "虹桥镇扶贫工作站站长", D(2026, 3, 16)),
    "县级审批": ("同意列入改造计划，按分散原地重建标准补助", "刘股长", "县住建局村镇建设股股长", D(2026, 3, 26)),
}
REFUSAL = "经村民代表大会评议，该户子女在县城已有住房，不符合改造条件"
OBJECTION = ("村民甲", D(2026, 3, 9), "反映该户子女在县城有房", "不属实", "经查子女住房为租赁")
# ID-, phone- and account-like numbers: no public list may hold one
PRIVATE_NUMBERS = re.compile(r"\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|\d{10,}")


def pdf_text(path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _png(colour=(120, 160, 200)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buf, format="PNG")
    return buf.getvalue()


def _household(db, name: str, relatives: list[tuple[str, str, bool]], group: int, seq: int, **kw) -> str:
    from pjdesk.registry.households import create_household

    people = [person(name, "户主", D(1958, 2, 3 + seq), True, seq * 10)]
    people += [person(n, rel, D(1962 + i * 9, 5, 6), male, seq * 10 + i + 1) for i, (n, rel, male) in
               enumerate(relatives)]
    base = dict(village="大山村", group=group, phone=f"139073{seq:05d}", bank_name="平江县农村商业银行",
                bank_account=f"62309016{seq:011d}", house_structure="土木", danger_grade="D", house_area=72.0,
                house_built_year=1980)
    base.update(kw)
    return create_household(db, household_input(**base), people, today=D(2026, 1, 5))


def _build(db) -> dict[str, str]:
    from pjdesk import settings
    from pjdesk.cases.attachments import add_attachment
    from pjdesk.cases.construction import record_acceptance, record_construction
    from pjdesk.cases.decisions import decide as decide_case
    from pjdesk.cases.funds import disburse
    from pjdesk.cases.objections import record_objection, verify_objection
    from pjdesk.cases.postings import open_posting
    from pjdesk.cases.renovation import open_renovation
    from pjdesk.cases.attachments import AttachmentInput
    from pjdesk.cases.construction import AcceptanceInput
    from pjdesk.cases.decisions import DecisionInput
    from pjdesk.cases.funds import DisbursementInput
    from pjdesk.cases.objections import ObjectionInput, VerificationInput
    from pjdesk.cases.postings import PostingInput
    from pjdesk.cases.renovation_rules import ExclusionAnswer, RenovationApplication
    from pjdesk.cases.renovation_rules import EXCLUSIONS
    from pjdesk.registry.exit_check import passing_checklist
    from pjdesk.registry.households import change_status

    with db.transaction() as s:
        for key, value in {**PHONES, "clerk_name": "王文书"}.items():
            settings.set_(s, key, value)
    h_full = _household(db, "王建国", [("刘秀英", "配偶", False), ("王小明", "子", True)], 3, 1)
    h_applied = _household(db, "李春梅", [("陈德华", "配偶", True)], 5, 2)
    h_refused = _household(db, "赵冬生", [], 2, 3)
    for i, name in enumerate(("钱小红", "孙大伟", "周海")):
        # a safe house (R1.5: 住房安全有保障) and the all-达标 checklist the exit needs
        no = _household(db, name, [], 4 + i, 4 + i, planned_exit_year=2026, house_structure="砖混",
                        danger_grade="A", house_built_year=2010)
        change_status(db, no, "预脱贫", D(2026, 10, 1), "人均纯收入达标，两不愁三保障", today=TODAY,
                      checklist=passing_checklist(db, no, D(2026, 10, 1)))

    answers = {code: ExclusionAnswer(False, "经入户核查，无此情形") for code, _ in EXCLUSIONS}

    def apply(no: str, size: int) -> str:
        big = size >= 3
        return open_renovation(db, RenovationApplication(
            no, D(2026, 3, 2), "分散", "原地重建", 60.0 if big else 35.0, 10.0, 100.0 if big else 55.0,
            danger_grade="D", assessment_agency="平江县住房和城乡建设局", assessed_on=D(2026, 2, 20),
            exclusions=answers, note="房屋墙体开裂，屋面漏雨，申请原地重建"), entered_by="测试", today=TODAY)

    def decide(case, word, opinion, by, on, post=""):
        decide_case(db, case, DecisionInput(word, opinion, by, on, post), entered_by="测试", today=TODAY)

    def post(case, stage, start):
        return open_posting(db, PostingInput("大山村", stage, start, start + dt.timedelta(days=6), cases=[case]),
                                  entered_by="测试", today=TODAY)

    full = apply(h_full, 3)
    decide(full, "通过", "申请材料齐全，予以受理", "李村长", D(2026, 3, 4))
    o = OPINIONS["村级评议"]
    decide(full, "通过", o[0], o[1], o[3], o[2])
    b1 = post(full, "一榜公示", D(2026, 3, 7))
    oid = record_objection(db, full, ObjectionInput(OBJECTION[0], OBJECTION[1], OBJECTION[2]),
                                 entered_by="测试", today=TODAY)
    verify_objection(db, oid, VerificationInput(OBJECTION[3], "张站长", D(2026, 3, 12), OBJECTION[4]),
                           entered_by="测试", today=TODAY)
    o = OPINIONS["乡镇审核"]
    decide(full, "通过", o[0], o[1], o[3], o[2])
    b2 = post(full, "二榜公示", D(2026, 3, 17))
    o = OPINIONS["县级审批"]
    decide(full, "通过", o[0], o[1], o[3], o[2])
    b3 = post(full, "三榜公示", D(2026, 3, 27))
    record_construction(db, full, "拆旧协议", D(2026, 4, 3), person="户主", note="签订建新拆旧协议",
                              entered_by="测试", today=TODAY)
    record_construction(db, full, "开工", D(2026, 4, 5), person="村建房委员会", note="按县统一设计图施工",
                              entered_by="测试", today=TODAY)
    decide(full, "通过", "主体完工，申请验收", "村建房委员会", D(2026, 7, 1))
    record_acceptance(db, full, AcceptanceInput(D(2026, 7, 10), "县住建局、乡镇规划办", "合格", 60.0, 10.0),
                            entered_by="测试", today=TODAY)
    disburse(db, full, DisbursementInput(D(2026, 7, 20), 10000, "住建部门", "PZ-2026-001"),
                   entered_by="测试", today=TODAY)
    add_attachment(db, full, AttachmentInput("旧房正面.png", _png(), "改造前照片", D(2026, 3, 1), "旧房正面"),
                         entered_by="测试", today=TODAY)
    add_attachment(db, full, AttachmentInput("申请书.pdf", b"%PDF-1.4 scan", "申请书", D(2026, 3, 2)),
                         entered_by="测试", today=TODAY)

    applied = apply(h_applied, 2)
    refused = apply(h_refused, 1)
    decide(refused, "通过", "申请材料齐全，予以受理", "李村长", D(2026, 3, 4))
    decide(refused, "不予通过", REFUSAL, "李村长", D(2026, 3, 6), "大山村村委会主任")
    return {FULL: full, APPLIED: applied, REFUSED: refused, "batch1": str(b1), "batch2": str(b2), "batch3": str(b3)}


@pytest.fixture(scope="session")
def _print_template(tmp_path_factory):
    from pjdesk.registry.township import init_township

    path = tmp_path_factory.mktemp("printing") / "print.db"
    d = open_database(path)
    init_township(d, "虹桥镇")
    refs = _build(d)
    d.close()
    return path, refs


@pytest.fixture
def pdb(_print_template, tmp_path):
    """The printing test township (a fresh copy)."""
    path = tmp_path / "print.db"
    shutil.copy(_print_template[0], path)
    d = open_database(path)
    yield d
    d.close()


@pytest.fixture
def refs(_print_template) -> dict[str, str]:
    """Case numbers (full / applied / refused) and posting batch ids (batch1 … batch3)."""
    return _print_template[1]
