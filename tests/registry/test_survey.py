"""六看一听一公示 (RULES.md R1.3): a dated visit per household — who, when, the six looks, the listen,
findings and needs — through the service, the CLI and the household dialog's 走访（六看一听） tab."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton
from sqlalchemy import func, select

from db.models import HouseholdSurvey
from pjdesk.cli.main import main
from pjdesk.errors import NotFound, ValidationError
from pjdesk.registry import households as svc
from pjdesk.registry.survey import LOOKS, MAX_ITEM, MAX_SURVEYORS, household_surveys, record_survey
from tests.conftest import TODAY, household_input, person
from tests.gui import type_ime, when_modal
from tests.registry_fixtures import record_visit, survey_input

D = dt.date


@pytest.fixture
def hh(db) -> str:
    """A household identified in 2015 (建档 2015-10-01)."""
    return svc.create_household(db, household_input(), [person("张三丰", "户主", D(1960, 1, 10), True)], today=TODAY)


def count(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(HouseholdSurvey))


def refused(db, hh, field: str, match: str, **changes) -> None:
    """The service refuses the survey naming ``field``; nothing is stored."""
    before = count(db)
    with pytest.raises(ValidationError, match=match) as exc:
        record_survey(db, hh, survey_input(**changes), today=TODAY)
    assert exc.value.field == field
    assert count(db) == before


def test_R1_3_survey_recorded_and_listed_newest_first(db, hh):
    first = record_visit(db, hh, D(2015, 10, 20))
    second = record_survey(db, hh, survey_input(D(2016, 3, 2), by="  王书记  ", findings="居住条件差，收入以务农为主",
                                                needs="产业扶持\r\n危房改造"), actor="王文书", today=TODAY)
    rows = household_surveys(db, hh)
    assert [r.id for r in rows] == [second, first]
    newest = rows[0]
    assert newest.surveyed_on == D(2016, 3, 2) and newest.surveyors == "王书记" and newest.recorded_by == "王文书"
    assert newest.needs == "产业扶持\n危房改造" and newest.look_car == "无机动车"
    assert newest.listen == "村民代表反映情况属实，无异议"


@pytest.mark.parametrize("key,label", LOOKS + (("listen", "一听：听取群众意见"),))
def test_R1_3_survey_refused_without_each_look_and_the_listen(db, hh, key, label):
    refused(db, hh, key, f"“{label}”未填写", **{key: "  \u200b "})


def test_R1_3_survey_refused_without_surveyors_or_date(db, hh):
    refused(db, hh, "surveyors", "请填写走访人", by="\t ")
    refused(db, hh, "surveyed_on", "请填写走访日期", on=None)
    refused(db, hh, "surveyed_on", "请填写走访日期", on="2016-03-02")       # text is no date


def test_R1_3_survey_date_bounded_by_today_and_the_identified_year(db, hh):
    refused(db, hh, "surveyed_on", "不能晚于今天", on=D(9999, 12, 31))
    refused(db, hh, "surveyed_on", "不能晚于今天", on=TODAY + dt.timedelta(days=1))
    refused(db, hh, "surveyed_on", "早于该户的识别年度2015年", on=D(2014, 12, 31))
    assert record_survey(db, hh, survey_input(TODAY), today=TODAY)      # today itself is fine


def test_R1_3_survey_texts_bounded(db, hh):
    refused(db, hh, "look_house", f"最多{MAX_ITEM}个字", look_house="危" * (MAX_ITEM + 1))
    refused(db, hh, "surveyors", f"最多{MAX_SURVEYORS}个字", by="李" * (MAX_SURVEYORS + 1))
    refused(db, hh, "findings", "最多2000个字", findings="页" * 2001)
    record_survey(db, hh, survey_input(look_house="危" * MAX_ITEM, findings="页" * 2000), today=TODAY)
    assert len(household_surveys(db, hh)[0].look_house) == MAX_ITEM


def test_R1_3_no_survey_for_a_struck_off_or_unknown_household(db, hh):
    svc.change_status(db, hh, "已销户", D(2020, 1, 2), "全家迁出", today=TODAY)
    refused(db, hh, "household", "已销户的户不能再登记走访记录")
    with pytest.raises(NotFound):
        record_survey(db, "43062699999999", survey_input(), today=TODAY)
    assert count(db) == 0


# ---------------------------------------------------------------- CLI

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


LOOK_ARGS = ["--car", "无车", "--house", "土木", "--poverty", "较深", "--cause", "因病", "--school", "无辍学",
             "--labour", "弱"]


def test_R1_3_cli_records_and_lists_surveys(db, hh, capsys):
    path = str(db.path)
    code, out, err = run(capsys, "--db", path, "households", "survey", hh, "--date", "２０１６-03-02", "--by", "李村长",
                         *LOOK_ARGS, "--listen", "无异议", "--needs", "产业扶持")
    assert code == 0, err
    assert f"已登记六看一听走访记录：户编号 {hh}（2016-03-02，走访人 李村长）" in out
    code, out, err = run(capsys, "--db", path, "households", "surveys", hh, "--format", "json")
    assert code == 0, err
    [row] = json.loads(out)
    assert row["surveyed_on"] == "2016-03-02" and row["look_car"] == "无车" and row["needs"] == "产业扶持"
    code, out, _ = run(capsys, "--db", path, "households", "surveys", hh)
    assert "2016-03-02  走访人 李村长" in out and "一看车：无车" in out and "共 1 次走访" in out


def test_R1_3_cli_refuses_a_missing_listen_and_a_future_date_with_exit_2(db, hh, capsys):
    path = str(db.path)
    code, out, err = run(capsys, "--db", path, "households", "survey", hh, "--date", "2016-03-02", "--by", "李村长",
                         *LOOK_ARGS)
    assert code == 2 and "“一听：听取群众意见”未填写：六看一听每一项都要记录走访所见" in err
    code, _, err = run(capsys, "--db", path, "households", "survey", hh, "--date", "2099-12-31", "--by", "李村长",
                       *LOOK_ARGS, "--listen", "无异议")
    assert code == 2 and "不能晚于今天" in err
    code, _, err = run(capsys, "--db", path, "households", "survey", hh, "--date", "9999-12-31", "--by", "李村长",
                       *LOOK_ARGS, "--listen", "无异议")
    assert code == 2 and "年份不合理" in err
    code, _, err = run(capsys, "--db", path, "households", "survey", hh, "--date", "2016-13-02", "--by", "李村长",
                       *LOOK_ARGS, "--listen", "无异议")
    assert code == 2 and "格式不正确" in err
    assert count(db) == 0
    code, out, _ = run(capsys, "--db", path, "households", "surveys", hh)
    assert code == 0 and "尚无六看一听走访记录" in out


# ---------------------------------------------------------------- GUI

@pytest.fixture
def dialog(ctx, hh, qtbot):
    from ui.households.detail_dialog import HouseholdDialog

    dlg = HouseholdDialog(ctx, hh)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentWidget(dlg.surveys)
    return dlg


def fill(dlg, **texts) -> None:
    """Type into the survey dialog as a clerk does (Chinese through the input method)."""
    for key, text in texts.items():
        widget = dlg.findChild(QPlainTextEdit, key) or dlg.findChild(QLineEdit, key)
        if widget is None:
            widget = dlg.texts[key]
        type_ime(widget, text)


LOOK_TEXTS = dict(surveyors="李村长", look_car="无机动车", look_house="土木结构", look_poverty="较深",
                  look_cause="因病", look_school="无辍学", look_labour="弱", listen="无异议")


def test_R1_3_gui_new_survey_appears_in_the_tab(db, ctx, dialog, qtbot):
    tab = dialog.surveys
    assert tab.model.rowCount() == 0 and "尚无六看一听走访记录" in tab.summary.text()
    seen = []

    def answer(dlg):
        seen.append(dlg)
        assert not any(label.isVisible() for label in dlg.form.errors.values())   # a fresh form is not red
        fill(dlg, **LOOK_TEXTS, needs="产业扶持")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    watch = when_modal(answer, above=dialog)
    with qtbot.waitSignal(ctx.done, timeout=5000) as done:
        qtbot.mouseClick(tab.findChild(QPushButton, "add_survey"), Qt.MouseButton.LeftButton)
    assert not watch.timed_out and seen
    assert "已登记六看一听走访记录" in done.args[0]
    assert tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert (row.surveyors, row.look_car, row.needs, row.surveyed_on) == ("李村长", "无机动车", "产业扶持", dt.date.today())
    assert "共1次走访" in tab.summary.text()


def test_R1_3_gui_missing_look_refused_beside_the_field(db, ctx, dialog, qtbot):
    from ui.households.survey_dialog import SurveyDialog

    dlg = SurveyDialog(ctx, dialog.household_no, parent=dialog)
    qtbot.addWidget(dlg)
    dlg.show()
    texts = dict(LOOK_TEXTS)
    del texts["look_school"]
    fill(dlg, **texts)
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)     # pressed with 五看 empty
    error = dlg.form.errors["look_school"]
    assert error.isVisible() and "“五看子女上学堂”未填写" in error.text()
    assert dlg.isVisible() and not dlg.ok.isEnabled() and count(db) == 0
    fill(dlg, look_school="一子读初二")
    assert not error.isVisible() and dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert count(db) == 1 and not dlg.isVisible()


def test_R1_3_dataclass_fields_match_the_model():
    """Every SurveyInput field is a HouseholdSurvey column (nothing typed is dropped on the way)."""
    from pjdesk.registry.survey import SurveyInput

    columns = set(HouseholdSurvey.__table__.columns.keys())
    assert {f.name for f in dataclasses.fields(SurveyInput)} <= columns


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_survey_dialog_fits_the_screen_with_every_message_shown(ctx, hh, qtbot, size):
    """确定 pressed on an empty form: every field shows its message, and the dialog still fits (layout
    rules of tests/ui/test_layout.py: nothing overlaps or is cut)."""
    from tests.ui.test_layout import check
    from ui.households.survey_dialog import SurveyDialog

    dlg = SurveyDialog(ctx, hh)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert sum(label.isVisible() for form in dlg.forms for label in form.errors.values()) == 8   # 走访人, 六看, 一听
    hint = dlg.sizeHint().expandedTo(dlg.minimumSizeHint())
    assert hint.width() <= size[0] and hint.height() <= size[1] - 40 - 30      # task bar, title bar
    dlg.resize(min(hint.width(), size[0]), min(hint.height(), size[1] - 40))
    problems = check(dlg, f"六看一听走访 at {size[0]}×{size[1]}")
    assert not problems, "\n".join(problems)
