"""Printouts of the helpers feature: the pairing roster of a village (结对帮扶花名册, A4 PDF) and
the household contact cards (帮扶联系卡, one A5 page per household, batch per village).

Data is read here and handed to ``reports`` as plain values; both functions only read. The
``write_*`` functions are the writers of the shared print path (``ui.printing.launch``: font check,
background job, preview) and of the CLI; the font comes from ``printing.office.font_for``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import text

from db import Database
from reports.contact_card import CardMeasure, ContactCard, write_contact_cards
from reports.pdf_doc import Progress
from reports.pdf_table import Column, TableDocument, write_table_pdf

from .. import settings
from ..errors import RuleViolation
from ..office import font_for
from ..registry.township import find_village, get_township
from . import vocab
from .limits import household_limit


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def pairing_roster_document(db: Database, village: str, *, today: dt.date | None = None) -> TableDocument:
    """结对帮扶花名册 of one village: one row per helper with his households in this village."""
    today = today or dt.date.today()
    with db.reader() as s:
        t = get_township(s)
        v = find_village(s, village)
        rows = s.execute(text(
            "SELECT hp.id, hp.name, hp.unit, hp.post, hp.phone, COALESCE(hd.name, ''), g.number, "
            "(SELECT count(*) FROM member m WHERE m.household_id = h.id AND m.left_on IS NULL), h.household_no "
            "FROM helper_assignment a JOIN helper hp ON hp.id = a.helper_id "
            "JOIN household h ON h.id = a.household_id JOIN village_group g ON g.id = h.group_id "
            "LEFT JOIN member hd ON hd.household_id = h.id AND hd.left_on IS NULL AND hd.relation = '户主' "
            "WHERE a.end_on IS NULL AND h.village_id = :v ORDER BY hp.unit, hp.name_pinyin, hp.id, g.number, "
            "h.household_no"), {"v": v.id}).all()
        county, township, limit = t.county, t.name, household_limit(s)
    helpers: dict[int, dict] = {}
    for hid, name, unit, post, phone, head, group, size, _no in rows:
        e = helpers.setdefault(hid, {"name": name, "unit": unit, "post": post, "phone": phone, "hh": []})
        e["hh"].append(f"{head} {group}组{size}人")
    table = [[str(i), e["name"], "\n".join(x for x in (e["unit"], e["post"]) if x), e["phone"],
              "\n".join("；".join(e["hh"][k:k + 2]) for k in range(0, len(e["hh"]), 2)), str(len(e["hh"]))]
             for i, e in enumerate(helpers.values(), 1)]
    return TableDocument(
        title=f"{township}{village}结对帮扶花名册",
        subtitle_lines=[f"{county}{township}{village}　截至{_cn_date(today)}　"
                        f"帮扶责任人{len(helpers)}名　结对贫困户{len(rows)}户"],
        columns=[Column("序号", .45, "center"), Column("帮扶责任人", .9, "center"),
                 Column("工作单位及职务", 1.6), Column("联系电话", 1.2, "center"),
                 Column("结对户（户主 组别 人口）", 3.0), Column("户数", .45, "center")],
        rows=table,
        footer_paragraphs=[f"每名帮扶责任人最多帮扶{limit}户贫困户，每户贫困户明确1名帮扶责任人。"],
        signature_lines=["制表人：__________　审核人：__________", f"{township}{village}村民委员会（盖章）"],
    )


def write_roster_pdf(db: Database, village: str, out: str | Path | BinaryIO, *,
                     today: dt.date | None = None, progress: Progress | None = None) -> int:
    """Write the village's pairing roster; returns the page count. ``progress(done, total, text)``
    hears of each page as it is laid out; what it raises (取消) stops the run, nothing is written."""
    font = font_for(db)   # refused first, before any work
    if progress:
        progress(0, 0, "正在整理结对帮扶花名册…")
    return write_table_pdf(pairing_roster_document(db, village, today=today), out, font=font, progress=progress)


def contact_cards(db: Database, village: str, household_nos: list[str] | None = None, *,
                  today: dt.date | None = None) -> list[ContactCard]:
    """One card per household of the village that has a current helper (or the given households)."""
    today = today or dt.date.today()
    with db.reader() as s:
        t = get_township(s)
        v = find_village(s, village)
        sup = [(k, settings.get(s, k)) for k in
               ("supervision_phone_village", "supervision_phone_township", "supervision_phone_county")]
        conn = s.connection()
        where = "h.village_id = :v AND " + (
            "h.household_no IN (SELECT value FROM json_each(:nos))" if household_nos is not None
            else "a.id IS NOT NULL")
        rows = conn.execute(text(
            "SELECT h.id, h.household_no, g.number, COALESCE(hd.name, ''), "
            "(SELECT count(*) FROM member m WHERE m.household_id = h.id AND m.left_on IS NULL), h.type, h.status, "
            "h.main_cause, COALESCE(hp.name, ''), COALESCE(hp.unit, ''), COALESCE(hp.post, ''), "
            "COALESCE(hp.phone, '') FROM household h JOIN village_group g ON g.id = h.group_id "
            "LEFT JOIN member hd ON hd.household_id = h.id AND hd.left_on IS NULL AND hd.relation = '户主' "
            "LEFT JOIN helper_assignment a ON a.household_id = h.id AND a.end_on IS NULL "
            "LEFT JOIN helper hp ON hp.id = a.helper_id WHERE " + where + " ORDER BY g.number, h.household_no"),
            {"v": v.id, "nos": json.dumps(household_nos or [])}).all()
        ids = [r[0] for r in rows]
        measures: dict[int, list[CardMeasure]] = {}
        projects: dict[int, list[str]] = {}
        if ids:
            for hid, d, m, c, amt in conn.execute(text(
                    "SELECT household_id, happened_on, measure, content, amount FROM help_record "
                    "WHERE household_id IN (SELECT value FROM json_each(:ids)) ORDER BY happened_on DESC, id DESC"),
                    {"ids": json.dumps(ids)}):
                measures.setdefault(hid, []).append(CardMeasure(str(d)[:10], m, c, f"{amt:,}" if amt else ""))
            for hid, name, cat, planned in conn.execute(text(
                    "SELECT household_id, name, category, planned_income FROM income_project "
                    "WHERE household_id IN (SELECT value FROM json_each(:ids)) ORDER BY id"), {"ids": json.dumps(ids)}):
                projects.setdefault(hid, []).append(f"{name}（{cat}，计划增收{planned:,}元）")
        secretary = conn.execute(text(
            "SELECT name, phone FROM village_aid_role WHERE village_id = :v AND role = :r AND end_on IS NULL"),
            {"v": v.id, "r": vocab.ROLE_SECRETARY}).first()
        county, township = t.county, t.name
    labels = {"supervision_phone_village": "村监督电话", "supervision_phone_township": "乡镇监督电话",
              "supervision_phone_county": "县监督电话"}
    supervision = ["　".join(f"{labels[k]}：{val}" for k, val in sup if val)] if any(val for _, val in sup) else []
    sec = "　".join(x for x in secretary if x) if secretary else ""
    return [ContactCard(county=county, township=township, village=village, group=f"{r[2]}组", household_no=r[1],
                        head_name=r[3], size=r[4], household_type=r[5], status=r[6], main_cause=r[7],
                        helper_name=r[8], helper_unit=r[9], helper_post=r[10], helper_phone=r[11], secretary=sec,
                        projects=projects.get(r[0], []), measures=measures.get(r[0], []),
                        supervision=supervision, issued=_cn_date(today)) for r in rows]


def write_contact_cards_pdf(db: Database, village: str, out: str | Path | BinaryIO, *,
                            household_nos: list[str] | None = None, today: dt.date | None = None,
                            progress: Progress | None = None) -> int:
    """Batch of contact cards for a village (one A5 page each); returns the page count.
    ``progress(done, total, text)`` hears of each card as it is drawn; what it raises stops the run."""
    font = font_for(db)
    if progress:
        progress(0, 0, "正在整理帮扶联系卡…")
    cards = contact_cards(db, village, household_nos, today=today)
    if not cards:
        raise RuleViolation(f"{village}没有已结对的户，无需打印帮扶联系卡")
    return write_contact_cards(cards, out, font=font, progress=progress)
