"""Columns of the 易地搬迁 lists (on the shared ``RowsModel``): the case list, the site registry with its
occupancy, the yearly ledger, and a case's moving members."""

from __future__ import annotations

from pjdesk.cases.queries import CaseRow
from pjdesk.cases.relocation_queries import LedgerRow
from pjdesk.cases.sites import SiteRow

from ..cases.models import stage_text
from ..widgets.table_model import Col


def _area(r: CaseRow) -> str:
    area = r.facts.get("area")
    return f"{area:g}㎡" if area else ""


CASE_COLUMNS = (
    Col("case_no", "案件号", lambda r: r.case_no, sort=lambda r: r.case_no or ""),
    Col("village", "村组", lambda r: f"{r.village}{r.group}组", sort=lambda r: (r.village_order, r.group)),
    Col("head_name", "户主", lambda r: r.head_name, sort=lambda r: r.head_name or ""),
    Col("household_size", "人口", lambda r: r.household_size, right=True, sort=lambda r: r.household_size or 0),
    Col("stage", "阶段", stage_text, sort=lambda r: (r.status != "办理中", r.stage_index, r.note)),
    Col("site", "安置点", lambda r: r.facts.get("site", "")),
    Col("unit", "房号", lambda r: r.facts.get("unit", "")),
    Col("area", "面积", _area, right=True, sort=lambda r: r.facts.get("area") or 0),
    Col("old_house", "原住房", lambda r: r.facts.get("old_house_structure", "")),
)


def _types(r: SiteRow) -> str:
    t = r.house_types
    if not t:
        return "按户型标准" if r.follows_house_standard else "不限"
    if len(t) > 3:
        return f"{min(t):g}～{max(t):g}㎡（{len(t)}种）"
    return "、".join(f"{x:g}" for x in t) + "㎡"


def _left(r: SiteRow) -> str:
    return f"超规划{-r.capacity_left}户" if r.capacity_left < 0 else f"{r.capacity_left}户"


SITE_COLUMNS = (
    Col("name", "安置点", lambda r: r.name),
    Col("bar", "入住进度", lambda r: "", sort=lambda r: r.moved_in_households / max(r.planned_households, 1)),
    Col("kind", "类型", lambda r: r.kind),
    Col("status", "状态", lambda r: r.status),
    Col("planned", "规划户／人", lambda r: f"{r.planned_households}／{r.planned_persons}", right=True,
        sort=lambda r: r.planned_households),
    Col("allocated", "已分配户／人", lambda r: f"{r.allocated_households}／{r.allocated_persons}", right=True,
        sort=lambda r: r.allocated_households),
    Col("moved_in", "已入住户／人", lambda r: f"{r.moved_in_households}／{r.moved_in_persons}", right=True,
        sort=lambda r: r.moved_in_households),
    Col("left", "剩余容量", _left, right=True, sort=lambda r: r.capacity_left),
    Col("year", "年度／期次", lambda r: f"{r.year}·{r.phase}" if r.phase and r.phase != f"{r.year}年" else r.year,
        sort=lambda r: (r.year, r.phase)),
    Col("house_types", "户型", _types),
    Col("delivered_on", "交付日期", lambda r: r.delivered_on.isoformat() if r.delivered_on else ""),
    Col("place", "地点", lambda r: r.place),
    Col("code", "编号", lambda r: r.code),
)


def site_tip(r: SiteRow, key: str) -> str | None:
    if key == "bar":
        return (f"{r.name}：规划{r.planned_households}户，已分配{r.allocated_households}户，"
                f"已入住{r.moved_in_households}户，剩余{_left(r)}")
    return None


LEDGER_COLUMNS = (
    Col("year", "年度", lambda r: r.year or ""),
    Col("village", "村", lambda r: r.village),
    Col("cases", "申请件数", lambda r: r.cases, right=True),
    Col("households", "计划户数", lambda r: r.households, right=True),
    Col("persons", "计划人数", lambda r: r.persons, right=True),
    Col("approved", "已审批", lambda r: r.approved, right=True),
    Col("moved_in", "已入住", lambda r: r.moved_in, right=True),
    Col("demolished", "已拆旧", lambda r: r.demolished, right=True),
    Col("archived", "已归档", lambda r: r.archived, right=True),
    Col("refused", "不予通过", lambda r: r.refused, right=True),
)


def ledger_total(rows: list[LedgerRow]) -> LedgerRow | None:
    """The 合计 row of the rows shown (None when there are none)."""
    if not rows:
        return None
    sums = [sum(getattr(r, k) for r in rows) for k in ("cases", "households", "persons", "approved", "moved_in",
                                                       "demolished", "archived", "refused")]
    return LedgerRow(0, "合计", *sums)


MOVER_COLUMNS = (       # the case's facts["movers"] and the 同步搬迁 line
    Col("name", "姓名", lambda m: m["name"]),
    Col("relation", "与户主关系", lambda m: m["relation"]),
    Col("note", "说明", lambda m: m.get("note", "")),
)
