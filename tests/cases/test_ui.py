"""The 危房改造 screen driven through its real widgets (pytest-qt), and its table models tested
without a window."""

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from pjdesk.cases.detail import case_detail
from pjdesk.cases.postings import batches
from pjdesk.cases.queries import load_case_rows
from pjdesk.cases.renovation import open_renovation
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY
from tests.gui import click_row, when_modal


def ok(dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def make_page(ctx, qtbot):
    from ui.cases.page import CasesPage

    page = CasesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def test_list_model_columns_and_sort_without_a_window(db):
    from ui.cases.models import CASE_COLUMNS, CaseListModel

    a = open_renovation(db, application(make_household(db)), today=TODAY)
    b = open_renovation(db, application(make_household(db, village="青石村")), today=TODAY)
    Driver(db, b).to_stage("一榜公示")
    model = CaseListModel()
    model.set_rows(load_case_rows(db, today=TODAY))
    assert model.rowCount() == 2 and model.columnCount() == len(CASE_COLUMNS)
    stage_col = model.col["stage"]
    model.sort(stage_col, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, stage_col).data() for r in range(2)] == ["一榜公示（待公示）", "申请"]
    assert [model.index(r, model.col["case_no"]).data() for r in range(2)] == [b, a]
    assert model.index(1, model.col["mode"]).data() == "分散·60㎡"
    assert model.headerData(model.col["approved"], Qt.Orientation.Horizontal) == "核定补助"
    model.set_rows(list(reversed(load_case_rows(db, today=TODAY))))   # a reload keeps the sort
    assert [model.index(r, model.col["case_no"]).data() for r in range(2)] == [b, a]


def test_counts_by_stage_and_village_filter_the_list(ctx, qtbot):
    for village in ("大山村", "大山村", "青石村"):
        open_renovation(ctx.db, application(make_household(ctx.db, village=village)), today=TODAY)
    page = make_page(ctx, qtbot)
    m = page.counts_model
    row, col = m.row_names.index("申请"), m.column_names.index("大山村")
    assert m.index(row, col).data() == "2"
    assert m.index(row, m.column_names.index("合计")).data() == "3"
    assert m.index(m.row_names.index("合计"), m.column_names.index("合计")).data() == "3"
    page.counts.clicked.emit(m.index(row, col))
    assert page.model.rowCount() == 2 and page.village.currentText() == "大山村"
    assert page.count.text() == "共 2 件"


def test_record_a_decision_through_the_dialog_and_see_the_timeline_row(ctx, qtbot):
    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    page = make_page(ctx, qtbot)
    click_row(qtbot, page.table, 0)
    view = page.view
    assert view.detail.case_no == no and list(view.action_buttons) == ["decide", "attach"]

    def fill(dlg):
        dlg.reviewer.setText("张主任")
        dlg.post.setCurrentText("村委会主任")
        dlg.opinion.setPlainText("申请材料齐全，予以受理")
        dlg.date.setDate(QDate(2026, 3, 5))
        ok(dlg)

    with qtbot.waitSignal(ctx.changed, timeout=3000):
        when_modal(fill)
        view.action_buttons["decide"].click()
    titles = [view.timeline_model.index(r, 1).data() for r in range(view.timeline_model.rowCount())]
    assert titles == ["提出申请", "申请：受理"]
    row = view.timeline_model.rowCount() - 1
    assert view.timeline_model.index(row, 0).data() == "2026-03-05"
    assert view.timeline_model.index(row, 3).data() == "张主任（村委会主任）"
    assert view.stage.text() == "村级评议"
    assert page.model.row_at(0).stage == "村级评议"
    assert page.model.index(0, page.model.col["stage"]).data() == "村级评议"
    assert case_detail(ctx.db, no, today=TODAY).decisions[0].reviewer == "张主任"


def test_refusal_shows_beside_the_field_and_the_dialog_stays_open(ctx, qtbot):
    from ui.cases.action_dialogs import DecisionDialog

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    dlg = DecisionDialog(ctx, case_detail(ctx.db, no, today=TODAY), today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.decision.setCurrentText("不予通过")
    dlg.reviewer.setText("张主任")
    dlg.date.setDate(QDate(2026, 3, 5))
    ok(dlg)
    assert dlg.isVisible()
    assert "须写明理由" in dlg.form.errors["opinion"].text() and dlg.form.errors["opinion"].isVisible()
    assert case_detail(ctx.db, no, today=TODAY).status == "办理中"
    dlg.opinion.setPlainText("该户已在集镇购房")
    ok(dlg)
    assert not dlg.isVisible()
    assert case_detail(ctx.db, no, today=TODAY).status == "不予通过"


def test_open_a_posting_for_the_cases_of_a_village(ctx, qtbot):
    from PySide6.QtWidgets import QPushButton

    nos = [open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY) for _ in range(2)]
    for no in nos:
        Driver(ctx.db, no).to_stage("一榜公示")
    page = make_page(ctx, qtbot)
    page.village.setCurrentText("大山村")
    seen = {}

    def in_posting(dlg):
        dlg.stage.setCurrentText("一榜公示")
        seen["cases"] = (dlg.cases.count(), len(dlg.selected_ids()))
        dlg.start.setDate(QDate(2026, 11, 20))
        dlg.end.setDate(QDate(2026, 11, 24))
        seen["days"] = dlg.days.text()
        ok(dlg)
        seen["refusal"] = dlg.form.errors["end_on"].text()
        dlg.end.setDate(QDate(2026, 11, 26))
        dlg.cases.item(1).setCheckState(Qt.CheckState.Unchecked)
        ok(dlg)
        if dlg.isVisible():          # refused: close it, so that the test fails instead of hanging
            dlg.done(0)

    watch = when_modal(in_posting)
    qtbot.mouseClick(page.findChild(QPushButton, "open_posting"), Qt.MouseButton.LeftButton)
    assert watch.dialogs and not watch.timed_out
    assert seen["cases"] == (2, 2) and seen["days"] == "共5天，不足7天"
    assert "公示期不足7天（2026-11-20至2026-11-24，共5天），最短7天" in seen["refusal"]
    [batch] = batches(ctx.db)
    assert len(batch.cases) == 1 and batch.days == 7


def test_new_case_dialog_validates_inline_and_opens_the_case(ctx, qtbot):
    from ui.cases.new_case_dialog import NewCaseDialog

    hh = make_household(ctx.db, size=2, grade="C")
    dlg = NewCaseDialog(ctx, household_no=hh, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    dlg.household.setFocus()
    qtbot.waitUntil(dlg.household.hasFocus)
    qtbot.keyClick(dlg.household, Qt.Key.Key_Tab)                # leaving the field looks the household up
    assert "执行35㎡户型" in dlg.info.text() and dlg.main.value() == 35 and dlg.grade.currentText() == "C"
    dlg.assessed_on.setDate(QDate(2026, 11, 1))
    ok(dlg)                                   # nothing answered yet: stays open, each problem beside its row
    assert dlg.isVisible() and "尚未答复" in dlg.exclusions.errors["exclusion_1"].text()
    for code, w in dlg.answers.items():
        w.set_value(False, "经入户核查，无此情形")
    dlg.answers[7].set_value(True, "儿子在县城有商品房")
    assert "排除条件7“子女有住房”" in dlg.exclusions.errors["exclusion_7"].text()
    assert not dlg.exclusions.errors["exclusion_1"].isVisible()
    dlg.answers[7].set_value(False, "儿子租房居住")
    dlg.homestead.setValue(60)
    assert "宅基占地不超过55㎡" in dlg.form.errors["homestead_area"].text()
    dlg.homestead.setValue(55)
    with qtbot.waitSignal(ctx.changed, timeout=3000):
        ok(dlg)
    assert not dlg.isVisible() and dlg.result_value == "危改-2026-0001"
    d = case_detail(ctx.db, dlg.result_value, today=TODAY)
    assert (d.facts["house_type"], d.facts["danger_grade"], d.facts["exclusions"][6]["note"]) == (35, "C", "儿子租房居住")


def test_household_dialog_tab_lists_the_household_cases(ctx, qtbot):
    from ui.cases.household_cases import HouseholdCasesWidget

    hh = make_household(ctx.db)
    w = HouseholdCasesWidget(ctx, hh, today=TODAY)
    qtbot.addWidget(w)
    shown = w.table.model()
    assert shown.rowCount() == 0 and "没有" in w.summary.text()
    no = open_renovation(ctx.db, application(hh), today=TODAY)
    ctx.changed.emit("cases")
    assert shown.rowCount() == 1 and shown.index(0, 0).data() == no
    assert shown.index(0, 3).data() == "申请" and w.summary.text() == "共1件，办理中1件"


def test_page_and_tab_are_listed():
    from ui.households.detail_dialog import AREA_TABS
    from ui.pages import page_factory

    assert page_factory("危房改造") is not None
    assert "危改/搬迁" in [title for title, _ in AREA_TABS]


def test_case_view_on_the_demo_shows_only_valid_actions(demo_db, qtbot, qapp):
    from ui.app import make_app
    from ui.cases.case_view import CaseView
    from ui.context import AppContext

    make_app([])
    ctx = AppContext(demo_db)
    view = CaseView(ctx)
    qtbot.addWidget(view)
    rows = load_case_rows(demo_db)
    archived = next(r for r in rows if r.status == "已归档")
    view.show_case(archived.id)
    assert list(view.action_buttons) == ["attach"] and view.stage.text() == "已归档"
    assert view.exclusions.model().rowCount() == 7 and view.timeline_model.rowCount() > 15
    assert view.exclusions.model().index(0, 1).data() == "否"
    paying = next((r for r in rows if r.stage == "资金拨付" and r.status == "办理中"), None)
    if paying:
        view.show_case(paying.id)
        assert "disburse" in view.action_buttons


def test_add_a_photo_and_see_its_thumbnail(ctx, qtbot, tmp_path, monkeypatch):
    import io

    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    path = tmp_path / "旧房东侧.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 90, 60)).save(buf, format="JPEG")
    path.write_bytes(buf.getvalue())
    page = make_page(ctx, qtbot)
    click_row(qtbot, page.table, 0)
    view = page.view
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **kw: (str(path), ""))   # the file chosen

    def fill(dlg):
        dlg.category.setCurrentText("改造前照片")
        ok(dlg)

    watch = when_modal(fill)
    view.action_buttons["attach"].click()
    assert watch.dialogs and not watch.timed_out
    item = view.attachments.list.item(0)
    assert view.attachments.list.count() == 1 and item.text().startswith("改造前照片")
    assert not item.icon().isNull() and "旧房东侧.jpg" in item.toolTip()
    assert "附件：改造前照片" in [view.timeline_model.index(r, 1).data() for r in range(view.timeline_model.rowCount())]


def test_rates_dialog_adds_a_line_of_a_new_standard(ctx, qtbot):
    from PySide6.QtCore import QDate

    from ui.cases.rates_dialog import RatesDialog

    dlg = RatesDialog(ctx, today=TODAY)
    qtbot.addWidget(dlg)
    assert dlg.table.model().rowCount() == 6
    dlg.mode.setCurrentText("分散")
    dlg.department.setCurrentIndex(dlg.department.findData("住建部门"))
    dlg.amount.setValue(15000)
    dlg.effective.setDate(QDate(2026, 12, 1))
    dlg.note.setText("平危改〔2026〕3号")
    ok(dlg)
    shown = dlg.table.model()
    assert shown.rowCount() == 7 and shown.index(6, 4).data() == "15,000"
    assert shown.index(6, 7).data() == ""          # not yet in force on 2026-11-28
