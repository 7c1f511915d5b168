"""Household list model and filters without a window (issue #3)."""

import pytest
from PySide6.QtCore import Qt

from pjdesk.registry.queries import RegistryFilter, filter_rows, load_rows, sort_rows, totals
from tests.registry_fixtures import make_registry
from ui.households.table_model import COL, HouseholdTableModel
from ui.widgets.table_model import SORT_ROLE


@pytest.fixture
def reg(db):
    return db, make_registry(db)


def names(rows):
    return [r.head_name for r in rows]


@pytest.mark.parametrize("text, expected", [
    ("zsf", ["张三丰"]),                  # initials
    ("zhangsan", ["张三丰"]),             # full pinyin, any part
    ("zgh", ["曾国华"]),                  # 曾 read zeng as a surname
    ("shanxiong", ["单雄信"]),            # 单 read shan
    ("zhaliang", ["查良镛"]),             # 查 read zha
    ("qinxiao", ["覃小红"]),              # 覃 read qin
    ("三丰", ["张三丰"]),                 # any part of the name
    ("13900000003", ["查良镛"]),          # phone
])
def test_search_matches_names_pinyin_phone(reg, text, expected):
    db, _ = reg
    assert names(filter_rows(load_rows(db), RegistryFilter(search=text))) == expected


def test_search_by_part_of_an_id_and_household_number(reg):
    db, nos = reg
    rows = load_rows(db)
    head_id = next(r for r in rows if r.head_name == "单雄信").head_id_number
    assert names(filter_rows(rows, RegistryFilter(search=head_id[6:14]))) == ["单雄信"]
    assert names(filter_rows(rows, RegistryFilter(search=nos["安然"]))) == ["安然"]


def test_search_matches_other_members_names(reg):
    db, _ = reg
    assert names(filter_rows(load_rows(db), RegistryFilter(search="李华妹"))) == ["曾国华"]


def test_filters_combine_and_totals_count_persons(reg):
    db, _ = reg
    rows = filter_rows(load_rows(db), RegistryFilter(village="大山村", main_cause="因病"))
    assert sorted(names(rows)) == sorted(["张三丰", "覃小红"])
    assert totals(rows) == (2, 3)  # 覃小红 has a spouse
    assert names(filter_rows(load_rows(db), RegistryFilter(village="大山村", group=3, search="qxh"))) == ["覃小红"]
    assert filter_rows(load_rows(db), RegistryFilter(has_helper=True)) == []


def test_sort_by_head_name_follows_pinyin_with_surname_readings(reg):
    db, _ = reg
    ordered = names(sort_rows(load_rows(db), "head_name"))
    # an < qin < shan < zeng < zha < zhang
    assert ordered == ["安然", "覃小红", "单雄信", "曾国华", "查良镛", "张三丰"]


def test_model_sorts_in_python_and_keeps_the_filter(reg, qtbot):
    db, _ = reg
    model = HouseholdTableModel()
    seen = []
    model.totals_changed.connect(lambda n, p: seen.append((n, p)))
    model.set_rows(load_rows(db))
    assert model.rowCount() == 6 and seen[-1] == (6, 9)
    model.sort(COL["size"], Qt.SortOrder.DescendingOrder)
    sizes = [model.index(r, COL["size"]).data(SORT_ROLE) for r in range(model.rowCount())]
    assert sizes == sorted(sizes, reverse=True)
    model.set_filter(RegistryFilter(village="青石村"))
    # the size sort (descending) still holds after filtering: 查良镛 has 2 persons, 单雄信 1
    assert [model.index(r, COL["head_name"]).data() for r in range(model.rowCount())] == ["查良镛", "单雄信"]
    assert seen[-1] == (2, 3)
    assert model.index(0, COL["group"]).data().endswith("组")
    assert model.headerData(COL["head_id_number"], Qt.Orientation.Horizontal) == "身份证号"


def test_replace_rows_updates_one_household_in_place(reg):
    db, nos = reg
    from pjdesk.registry import households as svc
    from tests.conftest import TODAY, person
    import datetime as dt

    model = HouseholdTableModel()
    model.set_rows(load_rows(db))
    row = model.row_of(nos["安然"])
    assert model.row_at(row).size == 1
    svc.add_member(db, nos["安然"], person("安小宝", "子", dt.date(2015, 6, 1), True, 99), today=TODAY)
    target = model.row_at(row).id
    model.replace_rows(load_rows(db, [target]))
    assert model.row_at(model.row_of(nos["安然"])).size == 2 and model.rowCount() == 6
