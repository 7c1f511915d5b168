"""Personal numbers out of text that may reach a log file or stderr: ID numbers (18 characters with the
check letter X, or the old 15 digits), mobile phones (11 digits from 1) and bank accounts (16–19 digits)
keep their first and last two characters only. Household numbers (14 digits) and case numbers are the
office's own and stay, so a refusal still names its row; names stay too, and a log holds none once the
database hides the parameters of its errors (db/engine.py)."""

from __future__ import annotations

import re

_PERSONAL = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15}|[0-9]{16,19}|1[0-9]{10})(?![0-9Xx])")


def redact(text: str) -> str:
    """``text`` with ID numbers, mobiles and bank accounts cut to their first and last two characters:
    430626199001011234 → 43**************34."""
    return _PERSONAL.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 4) + m.group(0)[-2:], str(text))
