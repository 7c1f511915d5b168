"""Table models of the 危房改造 screen: the case list and a case's timeline (on the shared
``RowsModel``), and the stage × village counts (a cross table of numbers, not a list of rows)."""

from __future__ import annotations

from operator import itemgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pjdesk.cases.queries import CaseRow, StageCounts

from ..widgets.table_model import Col, RowsModel


def _money(v) -> str:
    return "" if v is None else f"{v:,}"


def stage_text(r: CaseRow) -> str:
    return r.stage_label if r.status == "办理中" else (r.stage if r.status == "已归档" else f"{r.status}（{r.stage}）")


def _mode(r: CaseRow) -> str:
    f = r.facts
    if not f:
        return ""
    if "site" in f:                                                    # 易地搬迁: the site and the area
        return f"{f['site']}" + (f"·{f['area']:g}㎡" if f.get("area") else "")
    kind = f"{f['house_type']}㎡" if f.get("house_type") else "修缮"      # a repair has no house type
    return f"{f.get('mode', '')[:2]}·{kind}"


CASE_COLUMNS = (
    Col("case_no", "案件号", lambda r: r.case_no, sort=lambda r: r.case_no or ""),
    Col("village", "村组", lambda r: f"{r.village}{r.group}组", sort=lambda r: (r.village_order, r.group)),
    Col("head_name", "户主", lambda r: r.head_name, sort=lambda r: r.head_name or ""),
    Col("household_size", "人口", lambda r: r.household_size, right=True, sort=lambda r: r.household_size or 0),
    Col("stage", "阶段", stage_text, sort=lambda r: (r.status != "办理中", r.stage_index, r.note)),
    Col("mode", "改造方式", _mode),
    Col("approved", "核定补助", lambda r: _money(r.approved), right=True, sort=lambda r: r.approved or 0),
    Col("paid", "已拨付", lambda r: "" if r.approved is None else _money(r.paid), right=True,
        sort=lambda r: r.paid or 0),
)


def _case_colour(r: CaseRow, _key: str) -> str | None:
    if r.status == "不予通过":
        return "#8a8f98"
    return "#b3261e" if "异议" in r.note else None


class CaseListModel(RowsModel):
    """The case list: refused cases grey, cases with an objection red; the stage's full text as tooltip."""

    def __init__(self, parent=None, columns=CASE_COLUMNS):
        super().__init__(columns, parent, colour=_case_colour,
                         tip=lambda r, key: stage_text(r) if key == "stage" else None)

    def index_of(self, case_id: int) -> int:
        return self.find(lambda r: r.id == case_id)


class StageCountModel(QAbstractTableModel):
    """Rows: the open stages, then 不予通过, 已归档, 合计. Columns: the villages, then 合计."""

    REJECTED, ARCHIVED, TOTAL = "不予通过", "已归档", "合计"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: StageCounts | None = None

    def set_counts(self, counts: StageCounts) -> None:
        self.beginResetModel()
        self.counts = counts
        self.endResetModel()

    @property
    def row_names(self) -> list[str]:
        return list(self.counts.stages) + [self.REJECTED, self.ARCHIVED, self.TOTAL] if self.counts else []

    @property
    def column_names(self) -> list[str]:
        return list(self.counts.villages) + [self.TOTAL] if self.counts else []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.row_names)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.column_names)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not self.counts:
            return None
        return self.column_names[section] if orientation == Qt.Orientation.Horizontal else self.row_names[section]

    def count(self, stage: str, village: str) -> int:
        c = self.counts
        villages = c.villages if village == self.TOTAL else (village,)
        if stage == self.REJECTED:
            return sum(c.rejected.get(v, 0) for v in villages)
        if stage == self.ARCHIVED:
            return sum(c.archived.get(v, 0) for v in villages)
        if stage == self.TOTAL:
            return sum(self.count(s, village) for s in list(c.stages) + [self.REJECTED, self.ARCHIVED])
        return sum(c.counts.get((stage, v), 0) for v in villages)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self.counts:
            return None
        stage, village = self.row_names[index.row()], self.column_names[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            n = self.count(stage, village)
            return str(n) if n else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and (stage == self.TOTAL or village == self.TOTAL):
            return QBrush(QColor("#eef1f5"))
        return None

    def cell(self, index) -> tuple[str, str]:
        """(stage or 不予通过 / 已归档 / 合计, village or 合计) of a clicked cell."""
        return self.row_names[index.row()], self.column_names[index.column()]


def _timeline_tip(e, _key: str) -> str:
    entered = f"\n录入：{e.entered_by} {e.entered_at:%Y-%m-%d %H:%M}" if e.entered_by else ""
    return f"{e.title}\n{e.detail}{entered}"


def _timeline_colour(e, _key: str) -> str | None:
    if "不予通过" in e.title or "退回" in e.title or e.title == "异议核实：属实":
        return "#b3261e"
    return "#4a5563" if e.what in ("公示", "附件") else None


TIMELINE_COLUMNS = (
    Col("date", "日期", lambda e: e.date.isoformat()),
    Col("title", "事项", lambda e: e.title),
    Col("detail", "内容", lambda e: e.detail),
    Col("actor", "办理人", lambda e: e.actor),
)


class TimelineModel(RowsModel):
    """A case's timeline (``pjdesk.cases.detail.TimelineEntry``), in the order given."""

    def __init__(self, parent=None):
        super().__init__(TIMELINE_COLUMNS, parent, colour=_timeline_colour, tip=_timeline_tip)


# ---- the small tables of a case and of a household (no sorting; shown with ``table_view``)
EXCLUSION_COLUMNS = (   # the case's facts["exclusions"]
    Col("condition", "排除条件", lambda x: f"{x['code']}. {x['condition']}"),
    Col("holds", "答复", lambda x: "是" if x["holds"] else "否"),
    Col("note", "说明", lambda x: x["note"]),
)

FUND_COLUMNS = (        # (项目, 来源部门, 金额, 说明) lines: subsidy lines, disbursements, totals
    Col("item", "项目", itemgetter(0)),
    Col("department", "来源部门", itemgetter(1)),
    Col("amount", "金额（元）", itemgetter(2)),
    Col("note", "说明", itemgetter(3)),
)

HOUSEHOLD_CASE_COLUMNS = (   # CaseRow, in the household dialog's 危改/搬迁 tab
    Col("case_no", "案件号", lambda r: r.case_no),
    Col("kind", "类型", lambda r: r.kind_label),
    Col("applied_on", "申请日期", lambda r: r.applied_on.isoformat()),
    Col("stage", "阶段", lambda r: r.stage_label),
    Col("status", "状态", lambda r: r.status),
    Col("approved", "核定补助（元）", lambda r: _money(r.approved)),
    Col("paid", "已拨付（元）", lambda r: _money(r.paid)),
)

RATE_COLUMNS = (        # pjdesk.cases.subsidy.RateRow
    Col("mode", "改造方式", lambda r: r.mode),
    Col("house_type", "户型", lambda r: f"{r.house_type}㎡" if r.house_type else "不分户型"),
    Col("item", "项目", lambda r: r.item),
    Col("department", "来源部门", lambda r: r.department or "—"),
    Col("amount", "金额（元）", lambda r: f"{r.amount:,}"),
    Col("to_household", "到户", lambda r: "是" if r.to_household else "否"),
    Col("effective_from", "生效日期", lambda r: r.effective_from.isoformat()),
    Col("in_force", "现行", lambda r: "✓" if r.in_force else ""),
    Col("note", "依据", lambda r: r.note),
    Col("entered_by", "录入人", lambda r: r.entered_by),
)
