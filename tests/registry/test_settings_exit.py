"""The 设置 page's 贫困户识别与退出 section: whether the identification posting needs the 六看一听 survey
(R1.3) and the exit income line per year (R1.5; the plan gives none, RULES.md §13). Typed into the
fields and saved with 保存, refused beside the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from pjdesk import settings
from pjdesk.registry.income_lines import parse_rows
from tests.gui import type_ime


@pytest.fixture
def page(ctx, qtbot):
    from ui.settings.page import SettingsPage

    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    return p


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot, box: QCheckBox) -> None:
    """Click the check box's square, where a person clicks (the widget may be wider than its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def save(page, qtbot) -> None:
    click(qtbot, page.findChild(QPushButton, "save"))


def stored(db, key):
    with db.reader() as s:
        return settings.get(s, key)


def year_fields(page) -> list[QLineEdit]:
    return [y for _, y, _ in page.income_lines.rows]


def yuan_fields(page) -> list[QLineEdit]:
    return [v for _, _, v in page.income_lines.rows]


def add_line(page, qtbot, year: str, yuan: str) -> None:
    click(qtbot, page.findChild(QPushButton, "income_add"))
    qtbot.keyClicks(year_fields(page)[-1], year)
    qtbot.keyClicks(yuan_fields(page)[-1], yuan)


def income_error(page) -> QLabel:
    return page.form.errors["exit_income_lines"]


def test_R1_3_survey_requirement_is_a_checkbox_on_by_default(db, page, qtbot):
    box = page.findChild(QCheckBox, "survey_required_for_posting")
    assert box.isChecked() and stored(db, "survey_required_for_posting") is True
    assert "六看一听一公示" in page.findChild(QLabel, "hint_survey_required_for_posting").text()
    tick(qtbot, box)
    save(page, qtbot)
    assert "已保存（修改了1项）" in page.status.text()
    assert stored(db, "survey_required_for_posting") is False
    tick(qtbot, box)
    save(page, qtbot)
    assert stored(db, "survey_required_for_posting") is True


def test_R1_5_income_lines_are_empty_by_default_and_the_hint_says_the_plan_gives_none(db, page):
    assert page.income_lines.rows == [] and page.findChild(QLabel, "income_lines_empty").isVisible()
    hint = page.findChild(QLabel, "hint_exit_income_lines").text()
    assert "规划没有规定脱贫的收入标准" in hint and "两不愁、三保障" in hint and "默认不设" in hint
    assert stored(db, "exit_income_lines") == {}


def test_R1_5_income_lines_added_saved_removed(db, ctx, page, qtbot):
    add_line(page, qtbot, "2017", "3146")
    with qtbot.waitSignal(ctx.changed, timeout=1000):
        save(page, qtbot)
    assert stored(db, "exit_income_lines") == {"2017": 3146}
    with db.reader() as s:
        assert settings.income_line(s, 2017) == 3146 and settings.income_line(s, 2018) is None

    click(qtbot, page.findChild(QPushButton, "income_add"))
    type_ime(year_fields(page)[-1], "２０１８")                  # full-width digits from a Chinese input method
    type_ime(yuan_fields(page)[-1], "3,535元")
    save(page, qtbot)
    assert stored(db, "exit_income_lines") == {"2017": 3146, "2018": 3535}

    first_remove = page.income_lines.rows[0][0].findChild(QPushButton, "income_remove")
    click(qtbot, first_remove)
    save(page, qtbot)
    assert stored(db, "exit_income_lines") == {"2018": 3535}
    click(qtbot, page.income_lines.rows[0][0].findChild(QPushButton, "income_remove"))
    save(page, qtbot)
    assert stored(db, "exit_income_lines") == {} and page.findChild(QLabel, "income_lines_empty").isVisible()


@pytest.mark.parametrize("year,yuan,message", [
    ("1999", "3146", "第1行：年度“1999”应为2014至2030之间的年份"),
    ("２０１７年底", "3146", "第1行：年度“２０１７年底”应为2014至2030之间的年份"),
    ("2017", "nan", "第1行：2017年的收入标准“nan”应为整数（元/人/年）"),
    ("2017", "3146.5", "应为整数"),
    ("2017", "0", "2017年的收入标准“0”应为1至100000元的整数"),
    ("2017", "99999999999", "应为1至100000元的整数"),
    ("", "3146", "第1行：请填写年度"),
    ("2017", "", "第1行：请填写2017年的收入标准（元/人/年）"),
])
def test_R1_5_a_bad_income_line_is_refused_beside_the_field_and_nothing_is_stored(db, page, qtbot, year, yuan, message):
    add_line(page, qtbot, "2016", "3000")
    click(qtbot, page.findChild(QPushButton, "income_add"))
    if year:
        type_ime(year_fields(page)[-1], year)
    if yuan:
        type_ime(yuan_fields(page)[-1], yuan)
    page.findChild(QLineEdit, "issuer_county").setFocus()
    qtbot.keyClicks(page.findChild(QLineEdit, "issuer_county"), "Wang")   # another field changes too: not saved either
    error = income_error(page)
    assert error.isVisible() and message.replace("第1行", "第2行") in error.text()   # shown as typed
    save(page, qtbot)
    assert "未保存" in page.status.text() and error.isVisible()
    assert stored(db, "exit_income_lines") == {} and stored(db, "issuer_county") == "平江县扶贫开发办公室"


def test_R1_5_the_same_year_twice_is_refused(db, page, qtbot):
    add_line(page, qtbot, "2017", "3146")
    add_line(page, qtbot, "2017", "3200")
    assert "第2行：2017年填写了两次" in income_error(page).text()
    save(page, qtbot)
    assert stored(db, "exit_income_lines") == {}


def test_R1_5_stored_lines_are_shown_when_the_page_opens(db, ctx, qtbot):
    from ui.settings.page import SettingsPage

    with db.transaction() as s:
        settings.set_(s, "exit_income_lines", {"2019": 3747, "2017": 3146})
        settings.set_(s, "survey_required_for_posting", False)
    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    assert [(y.text(), v.text()) for _, y, v in p.income_lines.rows] == [("2017", "3146"), ("2019", "3747")]
    assert not p.findChild(QCheckBox, "survey_required_for_posting").isChecked()


def test_R1_5_parse_rows_ignores_empty_rows_and_normalises_digits():
    assert parse_rows([("", ""), (" ２０１７ ", "３１４６"), ("2018年", "3,535 元")]) == ({"2017": 3146, "2018": 3535}, [])
    _, errors = parse_rows([("2017", "-1")])                   # a sign is no digit: refused
    assert [e.field for e in errors] == ["exit_income_lines"] and "应为整数" in errors[0].message
