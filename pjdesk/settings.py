"""Settings kept in the database. Every default is declared here, in one place."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from db.models import Setting

DEFAULTS: dict[str, Any] = {
    "clerk_name": "",                 # who enters records (status history, decisions)
    "helper_household_limit": 5,      # RULES.md R2.1
    "visit_overdue_days": 90,         # issue #4
    "posting_min_days": 7,            # RULES.md R5.5
    "id_mask_head": 6,                # public lists: keep at most the first 6 …
    "id_mask_tail": 4,                # … and the last 4 digits of an ID number
    "pdf_font_path": "",              # overrides the CJK font search
    "supervision_phone_village": "",
    "supervision_phone_township": "",
    "supervision_phone_county": "",
    "issuer_township": "",            # e.g. 虹桥镇人民政府
}


def get(session: Session, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    return json.loads(row.value) if row else DEFAULTS[key]


def set_(session: Session, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    else:
        row.value = json.dumps(value, ensure_ascii=False)


def all_settings(session: Session) -> dict[str, Any]:
    stored = {row.key: json.loads(row.value) for row in session.query(Setting)}
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}
