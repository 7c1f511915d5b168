"""The case kinds in use, written out: the shared machinery (state, postings, lists, printouts) looks a
kind up here. A new kind (易地搬迁) is one module like ``renovation`` and one entry in ``KINDS``."""

from __future__ import annotations

from ..errors import ValidationError
from .kinds import KIND_LABELS, CaseKind
from .relocation import KIND_DEF as RELOCATION
from .renovation import KIND_DEF as RENOVATION

KINDS: dict[str, CaseKind] = {kind.key: kind for kind in (RENOVATION, RELOCATION)}


def get_kind(key: str) -> CaseKind:
    try:
        return KINDS[key]
    except KeyError:
        label = KIND_LABELS.get(key)
        if label:
            raise ValidationError("kind", f"“{label}”案件尚未开通") from None
        raise ValidationError("kind", f"案件类型“{key}”无效，可选：{'、'.join(KIND_LABELS)}") from None


def kinds_in_use() -> list[CaseKind]:
    return list(KINDS.values())
