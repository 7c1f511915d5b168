"""Table models of the 危房改造 screen: the case list, the stage × village counts, a case's timeline.
Each names its columns with constants and sorts in Python (no proxy model)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pjdesk.cases.queries import CaseRow, StageCounts

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def _money(v) -> str:
    return "" if v is None else f"{v:,}"


class CaseListModel(QAbstractTableModel):
    COLUMNS = (("case_no", "案件号"), ("village", "村组"), ("head_name", "户主"), ("household_size", "人口"),
               ("stage", "阶段"), ("mode", "改造方式"), ("approved", "核定补助"), ("paid", "已拨付"))
    COL = {key: i for i, (key, _) in enumerate(COLUMNS)}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._sort:
            self._apply_sort(*self._sort)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][1]
        return None

    def value(self, row: CaseRow, key: str):
        if key == "stage":
            return row.stage_label if row.status == "办理中" else (row.stage if row.status == "已归档" else
                                                                   f"{row.status}（{row.stage}）")
        if key == "village":
            return f"{row.village}{row.group}组"
        if key == "mode":
            f = row.facts
            return f"{f.get('mode', '')[:2]}·{f.get('house_type', '')}㎡" if f else ""
        return getattr(row, key)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            v = self.value(row, key)
            if key == "paid" and row.approved is None:
                return ""
            return _money(v) if key in ("approved", "paid") else ("" if v is None else str(v))
        if role == Qt.ItemDataRole.ToolTipRole and key == "stage":
            return self.value(row, "stage")
        if role == SORT_ROLE:
            return self._key(key)(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("household_size", "approved", "paid"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "不予通过":
                return QBrush(QColor("#8a8f98"))
            if "异议" in row.note:
                return QBrush(QColor("#b3261e"))
        return None

    def _key(self, key: str):
        if key == "stage":
            return lambda r: (r.status != "办理中", r.stage_index, r.note)
        if key == "village":
            return lambda r: (r.village_order, r.group)
        if key in ("approved", "paid", "group", "household_size"):
            return lambda r: getattr(r, key) or 0
        if key == "mode":
            return lambda r: str(self.value(r, "mode"))
        return lambda r: getattr(r, key) or ""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort(column, order)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order) -> None:
        self.rows.sort(key=self._key(self.COLUMNS[column][0]), reverse=order == Qt.SortOrder.DescendingOrder)

    def row_at(self, i: int) -> CaseRow:
        return self.rows[i]

    def index_of(self, case_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == case_id), -1)


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


class TimelineModel(QAbstractTableModel):
    COLUMNS = (("date", "日期"), ("title", "事项"), ("detail", "内容"), ("actor", "办理人"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries = []

    def set_entries(self, entries) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][1]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "date":
                return e.date.isoformat()
            return getattr(e, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            entered = f"\n录入：{e.entered_by} {e.entered_at:%Y-%m-%d %H:%M}" if e.entered_by else ""
            return f"{e.title}\n{e.detail}{entered}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if "不予通过" in e.title or "退回" in e.title or e.title == "异议核实：属实":
                return QBrush(QColor("#b3261e"))
            if e.what in ("公示", "附件"):
                return QBrush(QColor("#4a5563"))
        return None
