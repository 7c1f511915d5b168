"""Bounds on typed text (issue 14, defect 3: a page of text in an opinion broke printing). Every text a
clerk types has a length limit the service checks, with a Chinese message naming the field; ``clean_text``
drops control and zero-width characters before a text is checked and stored."""

from __future__ import annotations

import re

from .errors import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")

NAME_MAX = 40        # a person's name, a reviewer, a post, a voucher number
PLACE_MAX = 60       # an agency, a site, the people at a construction record
LINE_MAX = 120       # one line: the inspectors of an acceptance
NOTE_MAX = 500       # a note
OPINION_MAX = 1000   # an opinion, an objection, a verification: about a third of a printed page


def too_long(field: str, label: str, value, limit: int) -> list[ValidationError]:
    """[ValidationError] when ``value`` (trimmed) is longer than ``limit`` characters, else []."""
    n = len(value.strip()) if isinstance(value, str) else 0
    return [ValidationError(field, f"{label}最多{limit}字（现有{n}字）")] if n > limit else []


def limits(*specs: tuple[str, str, object, int]) -> list[ValidationError]:
    """Every ``too_long`` of (field, label, value, limit) specs."""
    return [e for spec in specs for e in too_long(*spec)]


def clean_text(value, *, one_line: bool = False) -> str:
    """Text as stored: line ends unified, control and zero-width characters dropped, ends trimmed
    (one-line fields: runs of spaces collapsed). Anything that is not text counts as empty."""
    if not isinstance(value, str):
        return ""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if one_line:
        text = " ".join(text.split())
    return text.strip()
