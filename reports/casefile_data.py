"""The plain data of a one-household case file (一户一册): what ``casefile`` lays out and
``casefile_sections`` draws, section by section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .approval_sheet import ApprovalSheet

# The file's parts in the order of forms/REFERENCE.md §2 (cover first, not listed): 申请书, the
# household and its members (identity, register, poverty type), the house assessment (鉴定), the
# villagers' review (村级评议 and its posting), the approval sheet, the review and posting records,
# the agreements, construction and acceptance, payments, photos. Each part starts on a new page.
SECTION_TITLES = {
    "application": "申请书",
    "household": "户基本情况表",
    "assessment": "危房鉴定情况",
    "village_review": "村级民主评议记录",
    "approval": "申请审批表",
    "decisions": "审核记录",
    "postings": "公示记录",
    "agreements": "改造协议",
    "works": "施工及竣工验收",
    "payments": "资金拨付",
    "photos": "照片及附件",
}
AGREEMENT_EVENTS = ("拆旧协议",)       # construction records filed under 改造协议
# A 易地扶贫搬迁 file (forms/REFERENCE.md §2, RULES.md §4): the same frame, with the willingness in the
# application, the old house instead of the danger assessment, the two agreements (搬迁协议, 拆旧复垦协议),
# move-in and demolition instead of construction, and the follow-up support instead of payments (the plan
# gives no relocation subsidy per household, R4.7).
RELOCATION_SECTION_TITLES = {
    "application": "申请书及搬迁意愿",
    "household": "户基本情况表",
    "old_house": "旧房情况",
    "village_review": "村级民主评议记录",
    "approval": "申请审批表",
    "decisions": "审核记录",
    "postings": "公示记录",
    "agreements": "搬迁协议及拆旧复垦协议",
    "move_in": "搬迁入住及旧房拆除",
    "follow_up": "后续扶持",
    "photos": "照片及附件",
}
RELOCATION_AGREEMENTS = ("搬迁协议", "拆旧复垦协议")
RELOCATION_MOVES = ("搬迁入住", "旧房拆除", "拆除验收")


@dataclass
class CaseFileCover:
    title: str                           # 农村危房改造档案
    file_no: str                         # 虹桥镇危改字〔2026〕12号
    applicant: str
    address: str
    phone: str
    case_no: str
    applied_on: dt.date
    status: str                          # 办理中 / 已归档 / 不予通过
    closed_on: dt.date | None
    office: str                          # 立卷单位, e.g. 虹桥镇人民政府
    filed_by: str = ""                   # 立卷人: who recorded the archive decision ("" not archived yet)
    filed_on: dt.date | None = None      # 立卷日期: the archive date (None: not archived yet, blank to fill)


@dataclass(frozen=True)
class MemberDetail:
    name: str
    relation: str
    sex: str
    id_number: str
    birth_date: dt.date | None
    education: str = ""
    health: str = ""
    labour: str = ""
    occupation: str = ""                 # 在校 / 务工 state


@dataclass
class HouseholdSheet:
    household_no: str
    village: str
    group: str
    head_name: str
    household_type: str
    standard: str
    identified_year: int | None
    status: str
    main_cause: str
    other_causes: list[str]
    phone: str
    address: str
    house_structure: str = ""
    house_area: float | None = None
    danger_grade: str = ""
    built_year: int | None = None
    net_income: int | None = None
    per_capita_income: int | None = None
    members: list[MemberDetail] = field(default_factory=list)


@dataclass(frozen=True)
class DecisionRecord:
    date: dt.date
    stage: str
    decision: str
    opinion: str
    reviewer: str


@dataclass(frozen=True)
class ObjectionRecord:
    raised_on: dt.date
    raised_by: str
    content: str
    result: str = ""                     # 属实 / 不属实 / "" (not verified yet)
    verified_by: str = ""
    verified_on: dt.date | None = None
    note: str = ""


@dataclass
class PostingRecord:
    stage: str                           # 一榜公示 …
    place: str
    start: dt.date
    end: dt.date
    households: int = 0                  # how many households the list held
    objections: list[ObjectionRecord] = field(default_factory=list)


@dataclass(frozen=True)
class WorkRecord:
    date: dt.date
    event: str                           # 开工 / 施工检查 / 拆旧协议 / 拆旧完成
    person: str
    note: str = ""


@dataclass(frozen=True)
class AcceptanceRecord:
    date: dt.date
    inspectors: str
    result: str
    main_area: float | None = None
    annex_area: float | None = None
    note: str = ""


@dataclass(frozen=True)
class PaymentRecord:
    date: dt.date
    amount: int
    department: str
    account: str                         # printed with all but the last 4 digits hidden
    voucher_no: str = ""
    note: str = ""


@dataclass(frozen=True)
class AttachmentRecord:
    category: str
    filename: str
    taken_on: dt.date | None = None
    note: str = ""
    image: bytes | None = None           # image bytes to print; None: listed only (PDF scan, Word file …)


@dataclass(frozen=True)
class RelocationEventRecord:
    date: dt.date
    event: str                           # 搬迁协议 / 拆旧复垦协议 / 搬迁入住 / 旧房拆除 / 拆除验收 / 后续扶持
    person: str = ""
    category: str = ""                   # 后续扶持: 就业 / 产业 / 入学 / 其他
    note: str = ""


@dataclass
class RelocationRecords:
    """The relocation parts of a case file (the plan itself is ``CaseFile.approval.relocation``)."""

    events: list[RelocationEventRecord] = field(default_factory=list)
    approved_on: dt.date | None = None
    demolition_due_on: dt.date | None = None
    old_house_state: str = ""            # "" / 已拆除
    subsidy_standard: str = "标准未设定"


@dataclass
class CaseFile:
    cover: CaseFileCover
    household: HouseholdSheet
    approval: ApprovalSheet
    decisions: list[DecisionRecord] = field(default_factory=list)
    postings: list[PostingRecord] = field(default_factory=list)
    works: list[WorkRecord] = field(default_factory=list)
    acceptances: list[AcceptanceRecord] = field(default_factory=list)
    approved_total: int | None = None
    payments: list[PaymentRecord] = field(default_factory=list)
    attachments: list[AttachmentRecord] = field(default_factory=list)
    relocation: RelocationRecords | None = None    # a 易地扶贫搬迁 file: RELOCATION_SECTION_TITLES

    @property
    def section_titles(self) -> dict[str, str]:
        return RELOCATION_SECTION_TITLES if self.relocation is not None else SECTION_TITLES
