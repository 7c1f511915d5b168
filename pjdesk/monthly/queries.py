"""The month's data for the county workbook, read with SQL (one query per sheet, rows streamed).

The register sheets (贫困户 … 安置点) hold the register as it stands when the file is made; 本月变动
holds what happened in the month (dates inside it), and the progress sheets count as of the month's
last day (or today, for the running month). Rows are plain lists in the order of
``pjdesk.monthly.columns``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import text

from db import Database

from . import columns as C

# The head of each household: the current one, else (struck off) the last one.
_HEADS = """heads AS (
  SELECT household_id, name, id_number, max(coalesce(left_on, '9999-12-31')) AS last_on
  FROM member WHERE relation = '户主' GROUP BY household_id)"""


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def as_of(self, today: dt.date) -> dt.date:
        """The day the progress sheets count to: the month's last day, or today in the running month."""
        return min(self.last, max(today, self.first))


def _stream(db: Database, sql: str, params: dict | None = None) -> Iterator[list]:
    with db.engine.connect() as conn:
        result = conn.execute(text(sql), params or {})
        for row in result:
            yield list(row)


def _count(db: Database, sql: str, params: dict | None = None) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params or {}).scalar() or 0


def households(db: Database) -> tuple[int, Iterator[list]]:
    sql = f"""WITH {_HEADS},
    sizes AS (SELECT household_id, count(*) AS n FROM member WHERE left_on IS NULL GROUP BY household_id),
    others AS (SELECT household_id, group_concat(cause, '、') AS causes
               FROM (SELECT household_id, cause FROM household_other_cause ORDER BY household_id, rank)
               GROUP BY household_id)
    SELECT h.household_no, v.name, g.name, hd.name, hd.id_number, h.phone, h.type, h.standard, h.identified_year,
           h.main_cause, coalesce(o.causes, ''), h.status, h.planned_exit_year, h.exit_year, coalesce(sz.n, 0),
           h.house_structure, h.house_area, h.danger_grade, h.wage_income, h.business_income, h.transfer_income,
           h.property_income, h.production_cost,
           CASE WHEN coalesce(sz.n, 0) > 0 THEN round((h.wage_income + h.business_income + h.transfer_income
                + h.property_income - h.production_cost) * 1.0 / sz.n, 2) END,
           CASE WHEN h.policy_guarantee THEN '是' ELSE '否' END,
           h.address, h.bank_name, h.bank_account, h.house_built_year
    FROM household h JOIN village v ON v.id = h.village_id JOIN village_group g ON g.id = h.group_id
    LEFT JOIN heads hd ON hd.household_id = h.id LEFT JOIN sizes sz ON sz.household_id = h.id
    LEFT JOIN others o ON o.household_id = h.id
    ORDER BY v.sort_order, h.household_no"""
    return _count(db, "SELECT count(*) FROM household"), _stream(db, sql)


def _yes(col: str) -> str:
    return f"CASE WHEN m.{col} THEN '是' ELSE '否' END"


def members(db: Database) -> tuple[int, Iterator[list]]:
    sql = f"""SELECT h.household_no, v.name, m.name, m.id_number, m.relation, m.sex, m.birth_date, m.ethnicity,
           m.education, m.school_status, m.health, m.disability_grade, m.labour_ability, m.work_status,
           {_yes('is_dibao')}, {_yes('is_tekun')}, {_yes('has_medical_insurance')}, {_yes('has_pension_insurance')},
           m.joined_on, m.join_reason, {_yes('is_left_behind_child')}, {_yes('is_left_behind_elder')}
    FROM member m JOIN household h ON h.id = m.household_id JOIN village v ON v.id = h.village_id
    WHERE m.left_on IS NULL
    ORDER BY v.sort_order, h.household_no, m.relation <> '户主', m.birth_date, m.id"""
    return _count(db, "SELECT count(*) FROM member WHERE left_on IS NULL"), _stream(db, sql)


def helpers(db: Database) -> tuple[int, Iterator[list]]:
    sql = """SELECT p.id, p.name, p.sex, p.phone, p.unit, p.unit_level, p.post, p.kind, coalesce(v.name, ''),
           CASE WHEN p.active THEN '是' ELSE '否' END,
           (SELECT count(*) FROM helper_assignment a WHERE a.helper_id = p.id AND a.end_on IS NULL)
    FROM helper p LEFT JOIN village v ON v.id = p.village_id ORDER BY p.id"""
    return _count(db, "SELECT count(*) FROM helper"), _stream(db, sql)


def pairings(db: Database) -> tuple[int, Iterator[list]]:
    sql = f"""WITH {_HEADS}
    SELECT h.household_no, v.name, hd.name, p.id, p.name, a.start_on, a.start_reason, a.end_on, a.end_reason
    FROM helper_assignment a JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id
    JOIN helper p ON p.id = a.helper_id LEFT JOIN heads hd ON hd.household_id = h.id
    ORDER BY v.sort_order, h.household_no, a.start_on, a.id"""
    return _count(db, "SELECT count(*) FROM helper_assignment"), _stream(db, sql)


def _first_event(event: str) -> str:
    return f"(SELECT min(on_date) FROM construction_event e WHERE e.case_id = c.id AND e.event = '{event}')"


def renovation(db: Database) -> tuple[int, Iterator[list]]:
    sql = f"""WITH {_HEADS}
    SELECT c.case_no, h.household_no, v.name, hd.name, r.danger_grade, r.mode, r.build_type, r.house_type,
           c.stage, c.status, c.applied_on,
           (SELECT max(decided_on) FROM case_decision d WHERE d.case_id = c.id AND d.stage = '县级审批'
              AND d.decision = '通过'),
           r.approved_subsidy, {_first_event('开工')},
           (SELECT max(decided_on) FROM case_decision d WHERE d.case_id = c.id AND d.stage = '实施'
              AND d.decision = '通过'),
           ca.accepted_on, ca.result,
           (SELECT sum(amount) FROM disbursement b WHERE b.case_id = c.id),
           CASE WHEN c.status = '已归档' THEN c.closed_on END
    FROM case_file c JOIN household h ON h.id = c.household_id JOIN village v ON v.id = c.village_id
    LEFT JOIN renovation_detail r ON r.case_id = c.id LEFT JOIN heads hd ON hd.household_id = h.id
    LEFT JOIN (SELECT case_id, accepted_on, result, max(id) FROM completion_acceptance GROUP BY case_id) ca
      ON ca.case_id = c.id
    WHERE c.kind = 'renovation'
    ORDER BY v.sort_order, c.case_no"""
    return _count(db, "SELECT count(*) FROM case_file WHERE kind = 'renovation'"), _stream(db, sql)


def changes(db: Database, month: Month) -> list[list]:
    """本月变动: every change dated inside ``month``, sorted by date, then category, household, object.
    Members who joined with their household's identification (加入原因 建档) and members whose
    registration ended with the household's 销户 are in that household's own row, not listed again."""
    p = {"a": month.first.isoformat(), "b": month.last.isoformat()}
    status_kind = f"""CASE WHEN s.from_status = '' THEN '{C.IDENTIFIED}'
        WHEN s.to_status = '预脱贫' THEN '{C.PRE_EXIT}' WHEN s.to_status = '已脱贫' THEN '{C.EXITED}'
        WHEN s.to_status = '返贫' THEN '{C.RELAPSED}' WHEN s.to_status = '已销户' THEN '{C.CLOSED}'
        WHEN s.to_status = '未脱贫' THEN '{C.BACK_TO_POOR}' ELSE s.to_status END"""
    sql = f"""WITH {_HEADS}
    SELECT s.changed_on, {status_kind}, h.household_no, v.name, hd.name, '',
           CASE WHEN s.from_status = '' THEN s.to_status ELSE s.from_status || '→' || s.to_status END,
           NULL, s.reason
      FROM status_change s JOIN household h ON h.id = s.household_id JOIN village v ON v.id = h.village_id
      LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE s.changed_on BETWEEN :a AND :b
    UNION ALL
    SELECT m.joined_on, '{C.MEMBER_IN}', h.household_no, v.name, hd.name, m.name, m.relation, NULL, m.join_reason
      FROM member m JOIN household h ON h.id = m.household_id JOIN village v ON v.id = h.village_id
      LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE m.joined_on BETWEEN :a AND :b AND m.join_reason <> '建档'
    UNION ALL
    SELECT m.left_on, '{C.MEMBER_OUT}', h.household_no, v.name, hd.name, m.name, m.relation, NULL, m.leave_reason
      FROM member m JOIN household h ON h.id = m.household_id JOIN village v ON v.id = h.village_id
      LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE m.left_on BETWEEN :a AND :b AND m.leave_reason NOT LIKE '销户%'
    UNION ALL
    SELECT a.start_on, '{C.PAIR_START}', h.household_no, v.name, hd.name, p.name, '结对帮扶', NULL, a.start_reason
      FROM helper_assignment a JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id
      JOIN helper p ON p.id = a.helper_id LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE a.start_on BETWEEN :a AND :b
    UNION ALL
    SELECT a.end_on, '{C.PAIR_END}', h.household_no, v.name, hd.name, p.name, '结对结束', NULL, a.end_reason
      FROM helper_assignment a JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id
      JOIN helper p ON p.id = a.helper_id LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE a.end_on BETWEEN :a AND :b
    UNION ALL
    SELECT d.decided_on, '{C.STAGE_CHANGE}', h.household_no, v.name, hd.name, c.case_no,
           d.stage || '：' || d.decision || '，转' || d.to_stage, NULL, d.opinion
      FROM case_decision d JOIN case_file c ON c.id = d.case_id JOIN household h ON h.id = c.household_id
      JOIN village v ON v.id = c.village_id LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE d.decided_on BETWEEN :a AND :b
    UNION ALL
    SELECT b.paid_on, '{C.DISBURSEMENT}', h.household_no, v.name, hd.name, c.case_no,
           b.department || '拨付', b.amount, b.voucher_no
      FROM disbursement b JOIN case_file c ON c.id = b.case_id JOIN household h ON h.id = c.household_id
      JOIN village v ON v.id = c.village_id LEFT JOIN heads hd ON hd.household_id = h.id
     WHERE b.paid_on BETWEEN :a AND :b
    ORDER BY 1, 2, 3, 6"""
    return list(_stream(db, sql, p))


def renovation_progress(db: Database, as_of: dt.date) -> list[list]:
    """危房改造进度 as of ``as_of``: the township total row first, then each village (REFERENCE.md §3).
    Planned: cases the county approved by that day; started: a 开工 record; completed: 实施 passed
    (竣工); accepted: a 合格 acceptance; C/D from the case's assessed danger grade."""
    p = {"d": as_of.isoformat()}
    sql = """WITH planned AS (
      SELECT c.id, c.village_id, r.danger_grade AS grade,
        EXISTS (SELECT 1 FROM construction_event e WHERE e.case_id = c.id AND e.event = '开工'
                AND e.on_date <= :d) AS started,
        EXISTS (SELECT 1 FROM case_decision d WHERE d.case_id = c.id AND d.stage = '实施'
                AND d.decision = '通过' AND d.decided_on <= :d) AS completed,
        EXISTS (SELECT 1 FROM completion_acceptance a WHERE a.case_id = c.id AND a.result = '合格'
                AND a.accepted_on <= :d) AS accepted,
        (SELECT coalesce(sum(amount), 0) FROM disbursement b WHERE b.case_id = c.id AND b.paid_on <= :d) AS paid
      FROM case_file c JOIN renovation_detail r ON r.case_id = c.id
      WHERE c.kind = 'renovation' AND EXISTS (SELECT 1 FROM case_decision d WHERE d.case_id = c.id
            AND d.stage = '县级审批' AND d.decision = '通过' AND d.decided_on <= :d))
    SELECT v.name, count(p.id), sum(p.grade = 'C'), sum(p.grade = 'D'),
           sum(p.started), sum(p.started AND p.grade = 'C'), sum(p.started AND p.grade = 'D'),
           sum(p.completed), sum(p.completed AND p.grade = 'C'), sum(p.completed AND p.grade = 'D'),
           sum(p.accepted), sum(p.accepted AND p.grade = 'C'), sum(p.accepted AND p.grade = 'D'), sum(p.paid)
    FROM village v LEFT JOIN planned p ON p.village_id = v.id
    GROUP BY v.id ORDER BY v.sort_order, v.id"""
    villages = [[v] + [int(x or 0) for x in rest] for v, *rest in _stream(db, sql, p)]
    total = ["合计"] + [sum(r[i] for r in villages) for i in range(1, 14)]

    def out(r: list) -> list:
        n = r[1]

        def rate(k: int):
            return round(k / n, 4) if n else None
        return [r[0], n, r[2], r[3], r[4], rate(r[4]), r[5], r[6], r[7], rate(r[7]), r[8], r[9],
                r[10], rate(r[10]), r[11], r[12], r[13]]
    return [out(total)] + [out(r) for r in villages]


def township(db: Database) -> tuple[str, str]:
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT name, county FROM township ORDER BY id LIMIT 1")).first()
    return (row[0], row[1]) if row else ("", "")


def figures(db: Database, month: Month) -> dict:
    """The page's summary: households and persons by status now, and the month's changes by category."""
    with db.engine.connect() as conn:
        by_status = dict(conn.execute(text("SELECT status, count(*) FROM household GROUP BY status")).all())
        persons = conn.execute(text("SELECT count(*) FROM member WHERE left_on IS NULL")).scalar() or 0
    by_kind: dict[str, int] = {}
    for row in changes(db, month):
        by_kind[row[1]] = by_kind.get(row[1], 0) + 1
    return {"households": sum(by_status.values()), "persons": persons, "by_status": by_status,
            "changes": by_kind}
