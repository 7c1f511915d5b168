"""The 易地搬迁 sheets of the monthly workbook (issue 11 has landed its cases and sites): the cases, the
sites with their occupancy, and the progress sheet — each in the column order of ``columns``."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from db import Database

from ..cases.sites import site_rows
from .queries import _HEADS, _count, _stream


def _event(event: str, upto: str = "") -> str:
    return (f"(SELECT min(on_date) FROM relocation_event e WHERE e.case_id = c.id AND e.event = '{event}'"
            f"{upto})")


def relocation(db: Database) -> tuple[int, Iterator[list]]:
    """易地搬迁: one row per case, in village order."""
    sql = f"""WITH {_HEADS}
    SELECT c.case_no, h.household_no, v.name, hd.name,
           (SELECT count(*) FROM relocation_mover m WHERE m.case_id = c.id) + d.companions,
           s.name, d.unit, d.area, c.stage, c.status, c.applied_on, {_event('搬迁入住')}, {_event('旧房拆除')}
    FROM case_file c JOIN relocation_detail d ON d.case_id = c.id
    JOIN relocation_site s ON s.id = d.site_id
    JOIN household h ON h.id = c.household_id JOIN village v ON v.id = c.village_id
    LEFT JOIN heads hd ON hd.household_id = h.id
    WHERE c.kind = 'relocation'
    ORDER BY v.sort_order, c.case_no"""
    return _count(db, "SELECT count(*) FROM case_file WHERE kind = 'relocation'"), _stream(db, sql)


def sites(db: Database, township: str) -> tuple[int, Iterator[list]]:
    """安置点: the township's sites and the county-seat ones, with occupancy."""
    rows = [[r.name, r.kind, r.place or r.township or "县城",
             r.phase if str(r.year) in r.phase else f"{r.year}年{r.phase}",
             r.planned_households, r.planned_persons, "、".join(f"{t:g}㎡" for t in r.house_types), r.status,
             r.delivered_on, r.allocated_households, r.moved_in_households, r.capacity_left]
            for r in site_rows(db, township=township)]
    return len(rows), iter(rows)


def relocation_progress(db: Database, as_of: dt.date) -> list[list]:
    """易地搬迁进度 as of ``as_of``: total first, then each village. Planned: cases applied for and not
    refused; allocated: approved by the county; moved in / demolished: their records by that day."""
    p = {"d": as_of.isoformat()}
    sql = f"""WITH planned AS (
      SELECT c.id, c.village_id, d.old_house_structure != '无房' AS has_old,
        (SELECT count(*) FROM relocation_mover m WHERE m.case_id = c.id) + d.companions AS persons,
        d.approved_on IS NOT NULL AND d.approved_on <= :d AS allocated,
        {_event('搬迁入住', " AND e.on_date <= :d")} IS NOT NULL AS moved,
        {_event('拆除验收', " AND e.on_date <= :d")} IS NOT NULL AS demolished
      FROM case_file c JOIN relocation_detail d ON d.case_id = c.id
      WHERE c.kind = 'relocation' AND c.status != '不予通过' AND c.applied_on <= :d)
    SELECT v.name, count(p.id), sum(p.persons), sum(p.allocated), sum(p.moved), sum(p.has_old),
           sum(p.demolished)
    FROM village v LEFT JOIN planned p ON p.village_id = v.id
    GROUP BY v.id ORDER BY v.sort_order, v.id"""
    villages = [[v] + [int(x or 0) for x in rest] for v, *rest in _stream(db, sql, p)]
    total = ["合计"] + [sum(r[i] for r in villages) for i in range(1, 7)]

    def out(r: list) -> list:
        name, n, persons, allocated, moved, old, demolished = r
        return [name, n, persons, allocated, moved, round(moved / n, 4) if n else None, demolished,
                round(demolished / old, 4) if old else None]
    return [out(total)] + [out(r) for r in villages]
