"""The yearly exit targets of the township (统计 page, ``pjdesk stats``).

The county plan (表2.1, ``seed.targets()``) gives the households to exit per year for the whole county.
A township's default target for a year is the county's figure scaled by the township's share of the
county's poor population, counted in households: the township's 建档立卡 households (every household of
the registry, whatever its status) over the county's 55,821 poor households (targets.csv, baseline L761).
A year the plan leaves blank (2020) has no default.

The office may set its own figure for a year (the setting ``exit_targets``: ``{"2017": {"households":
150, "set_on": "2026-12-02"}}`` — each figure dated the day it was set); a year without one uses the
default. ``set_exit_targets`` is the one action that changes them (管理员, like every setting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import text

from db import Database

from .. import seed, settings
from ..auth.roles import ADMIN, require
from ..errors import ValidationError

KEY = "exit_targets"
COUNTY_BASELINE_METRIC = "poor households"     # targets.csv: baseline, 55821 户 (L761)
EXIT_METRIC = "households to exit poverty"     # targets.csv: poverty_exit, 表2.1
YEARS = settings.EXIT_TARGET_YEARS


@dataclass(frozen=True)
class YearTarget:
    year: int
    households: Optional[int]     # None: neither the plan nor the office gives a figure
    default: Optional[int]        # the plan's county figure scaled to the township
    set_on: Optional[dt.date]     # the day the office set its own figure (None: the default is used)

    @property
    def is_default(self) -> bool:
        return self.set_on is None


def county_exit_targets() -> dict[int, int]:
    """Households to exit per year in the whole county (表2.1); blank years left out."""
    out = {}
    for r in seed.targets():
        if r["category"] == "poverty_exit" and r["metric"] == EXIT_METRIC and r["year"].isdigit() \
                and r["value"].isdigit():
            out[int(r["year"])] = int(r["value"])
    return dict(sorted(out.items()))


def county_poor_households() -> int:
    return next(int(r["value"]) for r in seed.targets()
                if r["category"] == "baseline" and r["metric"] == COUNTY_BASELINE_METRIC)


def township_share(households: int) -> float:
    """The township's share of the county's poor households."""
    return households / county_poor_households()


def default_targets(households: int) -> dict[int, int]:
    """The plan's yearly county targets scaled to a township of ``households`` 建档立卡 households."""
    share = township_share(households)
    return {year: round(n * share) for year, n in county_exit_targets().items()}


def targets_from(households: int, stored: dict) -> list[YearTarget]:
    """Every year with a default or an own figure, oldest first (pure: ``stored`` is the setting)."""
    defaults = default_targets(households)
    years = sorted(set(defaults) | {int(y) for y in stored})
    out = []
    for year in years:
        own = stored.get(str(year))
        if own is not None:
            out.append(YearTarget(year, own["households"], defaults.get(year), dt.date.fromisoformat(own["set_on"])))
        else:
            out.append(YearTarget(year, defaults.get(year), defaults.get(year), None))
    return out


def exit_targets(db: Database) -> list[YearTarget]:
    with db.reader() as s:
        stored = settings.get(s, KEY)
        households = s.execute(text("SELECT count(*) FROM household")).scalar() or 0
    return targets_from(households, stored)


def target_errors(values: dict) -> list[ValidationError]:
    """Every bad figure of a {year: households or None} edit, with the year as the field (for the dialog)."""
    out = []
    for year, n in values.items():
        if n is None:       # back to the plan's default
            continue
        try:
            settings.check_exit_target(year, n)
        except ValidationError as exc:
            out.append(exc)
    return out


def set_exit_targets(db: Database, values: dict, *, today: dt.date | None = None) -> list[int]:
    """Set the township's own target for each year given (``{2017: 150}``); ``None`` for a year goes
    back to the plan's default. One transaction; returns the years whose figure changed. Raises
    ValidationError (field = the year) and changes nothing when a figure is not a whole number of
    households within range."""
    require(db, ADMIN)
    errors = target_errors(values)
    if errors:
        raise errors[0]
    today = today or dt.date.today()
    with db.transaction() as s:
        stored = dict(settings.get(s, KEY))
        changed = []
        for year, n in values.items():
            key = str(int(str(year).strip()))
            old = stored.get(key)
            if n is None:
                if old is not None:
                    del stored[key]
                    changed.append(int(key))
                continue
            n = settings.check_exit_target(year, n)
            if old is None or old["households"] != n:
                stored[key] = {"households": n, "set_on": today.isoformat()}
                changed.append(int(key))
        if changed:
            settings.update(s, {KEY: stored})
        return sorted(changed)
