"""Issue #4: the household limit and the overdue-visit days are real settings — changed on the 设置
page (or ``pjdesk helpers settings``), within their range, and obeyed by the service and by the
database trigger alike."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox

from pjdesk import settings
from pjdesk.cli.main import main
from pjdesk.errors import RuleViolation
from pjdesk.pairing import assignments as asg
from pjdesk.pairing.limits import household_limit
from pjdesk.pairing.queries import limit_of
from tests.conftest import TODAY

from tests.pairing.conftest import helper
from tests.pairing.test_limit_database import active_of, ids, insert_sql, raw


@pytest.fixture
def page(ctx, qtbot):
    from ui.settings.page import SettingsPage

    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    p.show()
    return p


def spin(page, key) -> QSpinBox:
    box = page.findChild(QSpinBox, key)
    assert box is not None, key
    return box


def set_spin(qtbot, box: QSpinBox, text: str) -> None:
    box.selectAll()
    qtbot.keyClicks(box, text)


def save(page, qtbot) -> None:
    qtbot.mouseClick(page.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)


def test_r2_1_limit_lowered_to_3_on_the_settings_page_holds_in_service_and_trigger(db, ctx, page, qtbot, households):
    box = spin(page, "helper_household_limit")
    assert box.value() == 5 and box.toolTip() == "1至5之间的整数"
    assert "最多帮扶5户" in page.findChild(QLabel, "hint_helper_household_limit").text()
    set_spin(qtbot, box, "3")
    with qtbot.waitSignal(ctx.changed, timeout=1000):
        save(page, qtbot)
    assert "已保存" in page.status.text()
    with db.reader() as s:
        assert settings.get(s, "helper_household_limit") == 3 and household_limit(s) == 3

    wang = helper(db)
    asg.bulk_assign(db, wang, households[:3], today=TODAY)
    with pytest.raises(RuleViolation, match="“王建国”已帮扶3户，达到上限3户"):    # the service
        asg.assign(db, wang, households[3], today=TODAY)
    with pytest.raises(sqlite3.IntegrityError, match="helper_household_limit"):  # the database trigger
        raw(db).execute(insert_sql(wang, ids(db, [households[3]])[0]))
    assert active_of(db, wang) == 3


def test_limit_cannot_go_above_5_and_lowering_it_warns_about_fuller_helpers(db, ctx, page, qtbot, households):
    wang = helper(db)
    asg.bulk_assign(db, wang, households[:4], today=TODAY)
    box = spin(page, "helper_household_limit")
    set_spin(qtbot, box, "6")            # refused beside the field with the reason (issue 17, defect 7)
    error = page.form.errors["helper_household_limit"]
    assert error.isVisible() and "应在1至5之间" in error.text() and "最多帮扶5户" in error.text()
    save(page, qtbot)
    assert limit_of(db) == 5 and "未保存" in page.status.text()
    box.setValue(2)
    assert page.limit_note.isVisible() and "现有1名帮扶责任人帮扶超过2户" in page.limit_note.text()
    box.setValue(4)
    assert not page.limit_note.isVisible()


def test_overdue_days_and_posting_days_are_on_the_page_within_their_range(db, ctx, page, qtbot):
    overdue, posting = spin(page, "visit_overdue_days"), spin(page, "posting_min_days")
    assert (overdue.toolTip(), overdue.value()) == ("7至365之间的整数", 90)
    assert posting.toolTip() == "7至60之间的整数"                # R5.5: at least 7 days
    set_spin(qtbot, overdue, "30")
    set_spin(qtbot, posting, "1")                                # refused: R5.5 cannot be switched off
    assert "应在7至60之间" in page.form.errors["posting_min_days"].text()
    save(page, qtbot)
    with db.reader() as s:
        assert settings.get(s, "visit_overdue_days") == 90       # nothing stored
    set_spin(qtbot, posting, "7")
    save(page, qtbot)
    with db.reader() as s:
        assert settings.get(s, "visit_overdue_days") == 30 and settings.get(s, "posting_min_days") == 7


def test_a_bad_stored_value_is_shown_under_its_field(db, ctx, qtbot):
    from ui.settings.page import SettingsPage

    with db.transaction() as s:         # written before the range existed, or by hand
        settings.set_(s, "helper_household_limit", 4.0)
        settings.set_(s, "posting_min_days", 3)
    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    p.show()
    limit_error, days_error = p.form.errors["helper_household_limit"], p.form.errors["posting_min_days"]
    assert limit_error.isVisible() and "“4.0”不是整数" in limit_error.text()
    assert days_error.isVisible() and "应在7至60之间" in days_error.text()
    assert spin(p, "helper_household_limit").value() == limit_of(db) == 5
    set_spin(qtbot, spin(p, "helper_household_limit"), "4")
    save(p, qtbot)
    assert not limit_error.isVisible()
    with db.engine.connect() as c:      # stored as the whole number 4: Python and the trigger agree
        assert c.exec_driver_sql("SELECT value FROM setting WHERE key = 'helper_household_limit'").scalar() == "4"
        assert c.exec_driver_sql("SELECT value FROM setting WHERE key = 'posting_min_days'").scalar() == "7"


def test_cli_changes_the_helper_settings_with_the_same_checks(db, households, capsys):
    def run(*args):
        capsys.readouterr()
        code = main(["--db", str(db.path), "helpers", "settings", *args])
        return (code, *capsys.readouterr())

    code, out, _ = run()
    assert code == 0 and "每名帮扶责任人最多帮扶户数：5户" in out and "走访超期天数：90天" in out
    code, out, err = run("--household-limit", "6")
    assert code != 0 and "应在1至5之间" in err
    code, out, err = run("--household-limit", "4.0")
    assert code != 0 and "“4.0”不是整数" in err
    code, out, _ = run("--household-limit", "3", "--overdue-days", "60")
    assert code == 0 and "最多帮扶户数：3户" in out and "走访超期天数：60天" in out
    assert limit_of(db) == 3
