"""Table models and column specs of the 帮扶 screens, on the shared ``ui.widgets.table_model.RowsModel``."""

from __future__ import annotations

from pjdesk.pairing.queries import HelperRow

from ..widgets.table_model import DISPLAY, FIRST_FREE_ROLE, Col, RowsModel

LOAD_ROLE = FIRST_FREE_ROLE   # (load, limit) for the bar delegate


def _households_text(r: HelperRow) -> str:
    return "、".join(f"{p.head_name}（{p.village}{p.group}组）" for p in r.households)


HELPER_COLUMNS = (
    Col("name", "姓名", lambda r: r.name, sort=lambda r: r.name_pinyin),   # pinyin order of names
    Col("sex", "性别", lambda r: r.sex, True),
    Col("unit", "工作单位", lambda r: r.unit),
    Col("level", "级别", lambda r: r.unit_level, True),
    Col("post", "职务", lambda r: r.post),
    Col("kind", "类别", lambda r: r.kind, True),
    Col("phone", "联系电话", lambda r: r.phone, True),
    Col("load", "帮扶户数", lambda r: r.load, True),
    Col("active", "状态", lambda r: "在岗" if r.active else "停用", True),
    Col("households", "结对户", _households_text),     # last: it takes the room left, and scrolls when none is
)


def whole_text_tip(columns, keys):
    """A ``RowsModel`` tooltip hook: the whole text of the cells of ``keys``, for a cell cut at the
    column's width on a small screen (a unit, a post, the list of households)."""
    by_key = {c.key: c for c in columns}

    def tip(row, key):
        if key not in keys:
            return None
        value = by_key[key].value(row)
        return str(value) if value not in (None, "") else None
    return tip


class HelperTableModel(RowsModel):
    """Helpers with their load n/limit (drawn as a bar by ``LoadBarDelegate``)."""

    def __init__(self, parent=None):
        super().__init__(HELPER_COLUMNS, parent,
                         tip=whole_text_tip(HELPER_COLUMNS, {"name", "unit", "post", "kind", "households"}))
        self.limit = 5

    def set_helpers(self, rows: list[HelperRow], limit: int) -> None:
        self.limit = limit
        self.set_rows(rows)

    def data(self, index, role=DISPLAY):
        if index.isValid() and index.column() == self.col["load"]:
            row = self._rows[index.row()]
            if role == DISPLAY:
                return f"{row.load}/{self.limit}"
            if role == LOAD_ROLE:
                return (row.load, self.limit)
        return super().data(index, role)

    def row_of(self, helper_id: int) -> int:
        return self.find(lambda r: r.id == helper_id)


HOUSEHOLD_COLUMNS = (
    Col("household_no", "户编号", lambda h: h.household_no),
    Col("village", "村", lambda h: h.village, True),
    Col("group", "组", lambda h: h.group, True),
    Col("head_name", "户主", lambda h: h.head_name),
    Col("size", "人口", lambda h: h.size, True),
    Col("status", "状态", lambda h: h.status, True),
    Col("type", "类型", lambda h: h.type),
    Col("main_cause", "主要致贫原因", lambda h: h.main_cause),
)

PAIRED_COLUMNS = (
    Col("household_no", "户编号", lambda p: p.household_no),
    Col("village", "村", lambda p: p.village, True),
    Col("group", "组", lambda p: p.group, True),
    Col("head_name", "户主", lambda p: p.head_name),
    Col("size", "人口", lambda p: p.size, True),
    Col("status", "状态", lambda p: p.status, True),
    Col("start_on", "结对日期", lambda p: p.start_on.isoformat(), True),
)

OVERDUE_COLUMNS = (
    Col("household_no", "户编号", lambda r: r.household_no),
    Col("village", "村", lambda r: r.village, True),
    Col("group", "组", lambda r: r.group, True),
    Col("head_name", "户主", lambda r: r.head_name),
    Col("helper", "帮扶责任人", lambda r: r.helper or "（未结对）"),
    Col("last_visit", "最近帮扶", lambda r: r.last_visit.isoformat() if r.last_visit else "从未", True),
    Col("days", "距今天数", lambda r: r.days, True),
)

RECORD_COLUMNS = (
    Col("date", "日期", lambda r: r["date"], True),
    Col("measure", "措施", lambda r: r["measure"], True),
    Col("content", "内容", lambda r: r["content"]),
    Col("amount", "金额（元）", lambda r: r["amount"] or "", True),
    Col("helper", "帮扶责任人", lambda r: r["helper"], True),
)

HISTORY_COLUMNS = (
    Col("helper", "帮扶责任人", lambda r: r["helper"]),
    Col("unit", "工作单位", lambda r: r["unit"]),
    Col("start_on", "开始", lambda r: r["start_on"], True),
    Col("start_reason", "开始原因", lambda r: r["start_reason"]),
    Col("end_on", "结束", lambda r: r["end_on"] or "（至今）", True),
    Col("end_reason", "结束原因", lambda r: r["end_reason"]),
)

ROLE_COLUMNS = (
    Col("role", "角色", lambda r: r["role"]),
    Col("name", "姓名 / 单位", lambda r: r["name"]),
    Col("unit", "所在单位", lambda r: r["unit"]),
    Col("post", "职务", lambda r: r["post"]),
    Col("phone", "联系电话", lambda r: r["phone"], True),
    Col("start_on", "起始日期", lambda r: r["start_on"], True),
    Col("end_on", "结束日期", lambda r: r["end_on"], True),
    Col("source", "来源", lambda r: r["source"]),
)
