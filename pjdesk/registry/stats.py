"""Township statistics (CLI ``stats`` and the 统计 screen)."""

from __future__ import annotations

from sqlalchemy import text

from db import Database

from . import vocab


def registry_stats(db: Database) -> dict:
    with db.engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar() or 0  # noqa: E731
        by_status = dict(conn.execute(text("SELECT status, count(*) FROM household GROUP BY status")).all())
        persons_by_status = dict(conn.execute(text(
            "SELECT h.status, count(*) FROM member m JOIN household h ON h.id = m.household_id "
            "WHERE m.left_on IS NULL GROUP BY h.status")).all())
        by_village = conn.execute(text(
            "SELECT v.name, count(h.id), "
            "(SELECT count(*) FROM member m JOIN household h2 ON h2.id = m.household_id "
            " WHERE h2.village_id = v.id AND m.left_on IS NULL) "
            "FROM village v LEFT JOIN household h ON h.village_id = v.id GROUP BY v.id ORDER BY v.sort_order")).all()
        main = dict(conn.execute(text("SELECT main_cause, count(*) FROM household GROUP BY main_cause")).all())
        any_cause = dict(conn.execute(text(
            "SELECT cause, count(*) FROM (SELECT id AS hid, main_cause AS cause FROM household "
            "UNION ALL SELECT household_id, cause FROM household_other_cause) GROUP BY cause")).all())
        exits = dict(conn.execute(text(
            "SELECT exit_year, count(*) FROM household WHERE exit_year IS NOT NULL GROUP BY exit_year")).all())
        households = one("SELECT count(*) FROM household")
        township = conn.execute(text("SELECT name FROM township")).scalar() or ""
        return {
            "township": township,
            "households": households,
            "persons": one("SELECT count(*) FROM member WHERE left_on IS NULL"),
            "by_status": {s: {"households": by_status.get(s, 0), "persons": persons_by_status.get(s, 0)}
                          for s in vocab.STATUSES},
            "by_village": [{"village": v, "households": n, "persons": p} for v, n, p in by_village],
            "main_cause": {c: main.get(c, 0) for c in vocab.CAUSES},
            "cause_share": {c: round(any_cause.get(c, 0) / households, 3) if households else 0 for c in vocab.CAUSES},
            "exits_by_year": {str(y): n for y, n in sorted(exits.items())},
        }
