"""The one table-model base (ui/widgets/table_model.py): columns, sort keys, kept sort, styling hooks,
and the view factory, without a page."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from tests.gui import click_row
from ui.widgets.table_model import ROW_ROLE, SORT_ROLE, Col, RowsModel, table_view


@dataclass
class Person:
    name: str
    pinyin: str
    amount: int | None
    left: bool = False


PEOPLE = [Person("曾国华", "zengguohua", 3000), Person("安然", "anran", None), Person("单雄信", "shanxiongxin", 500, True)]
COLUMNS = (
    Col("name", "姓名", lambda p: p.name, sort=lambda p: p.pinyin),
    Col("amount", "金额（元）", lambda p: None if p.amount is None else f"{p.amount:,}", right=True,
        sort=lambda p: p.amount),
    Col("state", "状态", lambda p: "减少" if p.left else "在册", True),
)


def model(**hooks) -> RowsModel:
    m = RowsModel(COLUMNS, **hooks)
    m.set_rows(PEOPLE)
    return m


def shown(m: RowsModel, key: str) -> list:
    return [m.index(r, m.col[key]).data() for r in range(m.rowCount())]


def test_cells_headers_and_roles(qapp):
    m = model()
    assert (m.rowCount(), m.columnCount()) == (3, 3)
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["姓名", "金额（元）", "状态"]
    assert shown(m, "amount") == ["3,000", "", "500"]            # None shows empty
    assert m.index(0, m.col["amount"]).data(SORT_ROLE) == 3000     # the sort key, not the text
    assert m.index(2, 0).data(ROW_ROLE) is PEOPLE[2] and m.row_at(2) is PEOPLE[2]
    align = Qt.ItemDataRole.TextAlignmentRole
    assert m.index(0, m.col["state"]).data(align) == int(Qt.AlignmentFlag.AlignCenter)
    assert m.index(0, m.col["amount"]).data(align) == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert m.index(0, 0).data(align) is None
    assert m.find(lambda p: p.name == "安然") == 1 and m.find(lambda p: p.name == "无此人") == -1


def test_sort_by_key_none_last_and_kept_across_new_rows(qapp):
    m = model()
    m.sort(m.col["name"], Qt.SortOrder.AscendingOrder)             # pinyin: an < shan < zeng
    assert shown(m, "name") == ["安然", "单雄信", "曾国华"]
    m.sort(m.col["amount"], Qt.SortOrder.AscendingOrder)
    assert shown(m, "name") == ["单雄信", "曾国华", "安然"]         # no amount: last
    m.set_rows(list(reversed(PEOPLE)))                              # a reload keeps the order chosen
    assert shown(m, "name") == ["单雄信", "曾国华", "安然"]
    m.sort(-1, Qt.SortOrder.AscendingOrder)                         # no sort indicator: the rows' own order
    m.set_rows(PEOPLE)
    assert shown(m, "name") == ["曾国华", "安然", "单雄信"]


def test_colour_and_tooltip_hooks(qapp):
    m = model(colour=lambda p, key: "#888888" if p.left else None,
              tip=lambda p, key: f"拼音：{p.pinyin}" if key == "name" else None)
    assert m.index(2, 1).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#888888"
    assert m.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert m.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "拼音：anran"
    assert m.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) is None


def test_table_view_is_read_only_and_sorts_only_when_clicked(qapp, qtbot):
    m = model()
    view = table_view(m, "people", sortable=True, fit=None, widths={"name": 140}, stretch="state")
    qtbot.addWidget(view)
    view.resize(500, 240)
    view.show()
    assert view.objectName() == "people" and shown(m, "name") == ["曾国华", "安然", "单雄信"]  # no sort at first
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert view.columnWidth(0) == 140 and not view.verticalHeader().isVisible()
    assert view.horizontalHeader().sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch
    header = view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 0))
    assert shown(m, "name") == ["安然", "单雄信", "曾国华"]          # a click on 姓名: pinyin order
    click_row(qtbot, view, 1)
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]


def test_refit_view_sizes_to_contents_on_each_reload_then_applies_widths(qapp, qtbot):
    m = RowsModel(COLUMNS)
    view = table_view(m, fit="reset", widths={"amount": 90})
    qtbot.addWidget(view)
    m.set_rows(PEOPLE)
    assert view.columnWidth(m.col["amount"]) == 90
    narrow = view.columnWidth(0)
    m.set_rows(PEOPLE + [Person("欧阳司马长名字的人", "ouyang", 1)])
    assert view.columnWidth(0) > narrow and view.columnWidth(m.col["amount"]) == 90
    assert view.horizontalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive


def _section_centre(header, section) -> QPoint:
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
