"""The per-kind definition a case kind supplies to the shared review mechanism.

The machinery (stages, decisions, postings, objections, disbursements, attachments) is the same
for every kind. What differs lives here: the stages after approval, which other kinds' open cases
block a new one, what must hold before a work stage is left, the subsidy, and the kind's own facts
for the case view. The kinds in use are listed in ``pjdesk.cases.catalogue``; 易地搬迁 will be next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..errors import ValidationError
from .stages import Flow

# Every kind the office knows, registered or not yet (list filters accept them all).
KIND_LABELS = {"renovation": "危房改造", "relocation": "易地搬迁"}


@dataclass(frozen=True)
class SubsidyLine:
    """One line of a case's subsidy (from the rate table)."""

    item: str
    department: str
    amount: int
    to_household: bool
    effective_from: dt.date
    rate_id: Optional[int] = None


@dataclass(frozen=True)
class CaseKind:
    key: str
    label: str
    number_prefix: str                       # case numbers read 危改-2026-0001
    flow: Flow
    conflicts: tuple[str, ...]               # kinds whose open case blocks a new case of this kind
    # (session, case, stage, decision, on) -> None; raise RuleViolation when the stage may not be left
    check_leave: Callable = field(default=lambda s, case, stage, decision, on: None)
    # (session, case, on) -> list[SubsidyLine] under the standard in force on ``on``; [] when none
    subsidy: Callable = field(default=lambda s, case, on: [])
    # (session, case, on, lines) -> None, called inside the approving transaction
    on_approved: Callable = field(default=lambda s, case, on, lines: None)
    # (session, case) -> dict of the kind's own facts (JSON-friendly) for the case view
    describe: Callable = field(default=lambda s, case: {})
    # (session, case, stage) -> list of extra action keys valid at a work stage
    work_actions: Callable = field(default=lambda s, case, stage: [])
    # (session, case ids) -> {case id: {"mode": …, "house_type": …}} for list rows, in one query
    list_facts: Callable = field(default=lambda s, ids: {})


def kind_key(text: str) -> str:
    """A kind key from its key or Chinese label (command line, filters)."""
    text = (text or "").strip()
    for key, label in KIND_LABELS.items():
        if text in (key, label):
            return key
    raise ValidationError("kind", f"案件类型“{text}”无效，可选：renovation（危房改造）、relocation（易地搬迁）")
