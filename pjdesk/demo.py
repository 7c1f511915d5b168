"""The demo township (``pjdesk demo``, ``main.py --demo``), every area's part written out in order:
the registry's villages, households and members, then helpers and pairings, then renovation cases.
Deterministic: one seeded random generator is handed from step to step."""

from __future__ import annotations

import random

from db import Database

from .auth.demo import demo_step as auth_demo
from .cases.demo import demo_step as cases_demo
from .cases.relocation_demo import demo_step as relocation_demo
from .pairing.demo import demo_step as pairing_demo
from .errors import ValidationError
from .registry.demo import DEMO_TOWNSHIP, build_registry

__all__ = ["DEMO_TOWNSHIP", "build_demo"]


DEMO_MAX_HOUSEHOLDS = 100_000   # twice the county's largest township


def build_demo(db: Database, *, township: str = DEMO_TOWNSHIP, households: int = 1500,
               seed_value: int = 20161) -> dict:
    """Fill an empty database with a demo township. Returns the registry's counts."""
    if isinstance(households, bool) or not isinstance(households, int) or not 1 <= households <= DEMO_MAX_HOUSEHOLDS:
        # issue 14, defect 4: 10^20 households filled the memory before anything was refused
        raise ValidationError("households", f"演示户数应为1至{DEMO_MAX_HOUSEHOLDS}之间的整数，填写的是{households}")
    rng = random.Random(seed_value)
    auth_demo(db)           # admin / reviewer / clerk (password demo); the rest is built as admin (issue 14)
    counts = build_registry(db, rng, township=township, households=households)
    pairing_demo(db, rng)   # helpers, 六个一 teams, every poor household paired (issue 4)
    cases_demo(db, rng)     # renovation cases at every stage of the review (issue 5)
    relocation_demo(db, rng)  # resettlement sites and relocation cases at every stage (issue 11)
    return counts
