"""The stages a case goes through and what moves it on (三级审核、三榜公示, RULES.md R3.2, R5.1).

Every kind shares the approval part, 申请 … 三榜公示; a kind appends its own stages after approval
(危房改造: 实施, 竣工验收, 资金拨付, 归档). Pure data, no database.

Stage kinds:
- ``review``  – left by a recorded decision: 通过 (next stage), 退回 (back one level, with a reason),
                不予通过 (closes the case with a written reason);
- ``posting`` – left when its posting batch has ended and every objection has a verification result;
- ``work``    – left by a recorded decision too, once the kind's preconditions hold (e.g. 开工 recorded);
- ``final``   – the case is archived.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ValidationError

PASS, RETURN, REJECT, POSTING_ENDED = "通过", "退回", "不予通过", "公示期满"
DECISIONS = (PASS, RETURN, REJECT)
DECISION_KEYS = {"pass": PASS, "return": RETURN, "reject": REJECT}

OPEN, ARCHIVED, REJECTED = "办理中", "已归档", "不予通过"
STATUSES = (OPEN, ARCHIVED, REJECTED)

VILLAGE_BOARD, TOWNSHIP_BOARD = "村务公开栏", "乡镇政务公开栏"
PLACES = (VILLAGE_BOARD, TOWNSHIP_BOARD, f"{TOWNSHIP_BOARD}及{VILLAGE_BOARD}")


@dataclass(frozen=True)
class Stage:
    name: str                       # the Chinese name shown and stored
    key: str                        # English key accepted by the command line
    kind: str                       # review / posting / work / final
    level: str = ""                 # 村级 / 乡镇 / 县级 for reviews
    back_to: str | None = None      # where 退回 sends the case
    can_reject: bool = False        # 不予通过 allowed here
    pass_label: str = PASS          # how 通过 reads at this stage (受理, 竣工, 归档 …)
    place: str = ""                 # default posting place
    approval: bool = False          # 通过 here approves the case (subsidy fixed)
    action: str = "decide"          # the UI/CLI action that records the decision here


APPLY = Stage("申请", "apply", "review", "村级", None, True, "受理")
VILLAGE_REVIEW = Stage("村级评议", "village_review", "review", "村级", "申请", True)
POSTING_1 = Stage("一榜公示", "posting1", "posting", place=VILLAGE_BOARD)
TOWNSHIP_REVIEW = Stage("乡镇审核", "township_review", "review", "乡镇", "村级评议", True)
POSTING_2 = Stage("二榜公示", "posting2", "posting", place=TOWNSHIP_BOARD)
COUNTY_APPROVAL = Stage("县级审批", "county_approval", "review", "县级", "乡镇审核", True, approval=True)
POSTING_3 = Stage("三榜公示", "posting3", "posting", place=f"{TOWNSHIP_BOARD}及{VILLAGE_BOARD}")
ARCHIVE = Stage("归档", "archived", "final")

APPROVAL_STAGES: tuple[Stage, ...] = (APPLY, VILLAGE_REVIEW, POSTING_1, TOWNSHIP_REVIEW, POSTING_2,
                                      COUNTY_APPROVAL, POSTING_3)


class Flow:
    """The ordered stages of one case kind."""

    def __init__(self, after_approval: tuple[Stage, ...]):
        self.stages: tuple[Stage, ...] = APPROVAL_STAGES + tuple(after_approval)
        if self.stages[-1].kind != "final":
            raise ValueError("a flow ends with a final stage")
        self._by_name = {s.name: s for s in self.stages}
        self._index = {s.name: i for i, s in enumerate(self.stages)}
        for s in self.stages:
            if s.back_to is not None and self._index[s.back_to] >= self._index[s.name]:
                raise ValueError(f"{s.name}: 退回 must go back")

    def __getitem__(self, name: str) -> Stage:
        return self._by_name[name]

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def index(self, name: str) -> int:
        return self._index[name]

    def next(self, name: str) -> Stage:
        return self.stages[self._index[name] + 1]

    def resolve(self, text: str, *, field: str = "stage") -> Stage:
        """A stage from its Chinese name or English key (command line)."""
        text = (text or "").strip()
        for s in self.stages:
            if text in (s.name, s.key):
                return s
        raise ValidationError(field, f"阶段“{text}”无效，可选：{'、'.join(self.names)}")


def decision_word(text: str) -> str:
    """通过 / 退回 / 不予通过 from the Chinese word or pass / return / reject."""
    text = (text or "").strip()
    if text in DECISIONS:
        return text
    if text.lower() in DECISION_KEYS:
        return DECISION_KEYS[text.lower()]
    raise ValidationError("decision", f"审核结论“{text}”无效，可选：通过、退回、不予通过")
