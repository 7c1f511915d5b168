"""Reference data from the county plan (pjdesk/data/*.csv, copied from shared/seed-data)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def townships() -> tuple[str, ...]:
    """The 24 townships of 表5.4/5.5 (the county's current townships)."""
    return tuple(r["name"] for r in _rows("townships.csv") if r["in_24_township_list"] == "yes")


@lru_cache(maxsize=None)
def villages_of(township: str) -> tuple[tuple[str, bool], ...]:
    """(village name, is poor village) for the villages the plan names for ``township``."""
    out: dict[str, bool] = {}
    for r in _rows("villages.csv"):
        if r["township"] == township and r["village"] not in out:
            out[r["village"]] = r["is_poor_village"] == "yes"
    return tuple(out.items())


def aid_teams() -> list[dict[str, str]]:
    return _rows("aid_teams.csv")


def renovation_tasks() -> list[dict[str, str]]:
    return _rows("renovation_tasks.csv")


def targets() -> list[dict[str, str]]:
    return _rows("targets.csv")
