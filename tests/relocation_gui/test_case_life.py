"""The 易地搬迁 page driven like a clerk (issue 11, RULES.md R4.1–R4.6): the 新建搬迁申请 dialog refuses inline
(R4.1 a brick house, the 25㎡-per-person area, a full site without an over-plan approval), then opens the case;
the case is walked to 归档 pressing the case view's buttons (a decision, a posting, the agreements, move-in,
demolition and its verification, a follow-up record, the archiving decision)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from pjdesk.cases.decisions import DecisionInput, decide
from pjdesk.cases.detail import case_detail
from pjdesk.cases.postings import PostingInput, open_posting
from pjdesk.cases.relocation import open_relocation
from pjdesk.cases.relocation_queries import relocation_facts
from pjdesk.registry.queries import household_detail
from tests.cases.conftest import count_rows, make_household
from tests.cases.relocation_helpers import relocation, site
from tests.conftest import TODAY
from tests.gui import click_row, type_ime, when_modal
from tests.relocation_gui.conftest import make_page

D = dt.date


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def shown_error(form, field: str) -> str:
    label = form.errors[field]
    return label.text() if label.isVisible() else ""


def look_up(qtbot, dlg, household_no: str) -> None:
    """Type the household number and leave the field (Tab), as a clerk does."""
    dlg.activateWindow()
    dlg.household.setFocus()
    qtbot.waitUntil(dlg.household.hasFocus)
    dlg.household.clear()
    qtbot.keyClicks(dlg.household, household_no)
    qtbot.keyClick(dlg.household, Qt.Key.Key_Tab)


def test_R4_1_R4_3_new_application_refuses_inline_then_opens_the_case(ctx, qtbot):
    site(ctx.db, "T-1")
    site(ctx.db, "FULL", planned=1)
    open_relocation(ctx.db, relocation(make_household(ctx.db, structure="无房", grade=""), "FULL", sole_house=None),
                    today=TODAY)                                            # the one planned unit is taken
    brick = make_household(ctx.db, structure="砖木", grade="C")
    adobe = make_household(ctx.db, structure="土坯", grade="D", size=3)
    page = make_page(ctx, qtbot)
    seen: dict = {}

    def fill(dlg):
        look_up(qtbot, dlg, brick)                                        # (a) brick house: refused at once
        seen["brick"] = shown_error(dlg.form, "house_structure")
        look_up(qtbot, dlg, adobe)
        seen["adobe"] = shown_error(dlg.form, "house_structure")
        seen["sole_row"] = dlg.sole.isVisible()
        seen["movers"] = dlg.movers.count()
        qtbot.mouseClick(dlg.sole, Qt.MouseButton.LeftButton, pos=dlg.sole.rect().center())
        dlg.applied_on.setDate(qdate(D(2026, 3, 2)))
        dlg.willing_on.setDate(qdate(D(2026, 2, 25)))
        type_ime(dlg.signer, "户主本人")
        dlg.site.setCurrentIndex(dlg.site.findData("FULL"))            # (c) full, no over-plan approval
        seen["full"] = shown_error(dlg.right, "site")
        seen["over_rows"] = dlg.over_by.isVisible() and dlg.over_reason.isVisible()
        type_ime(dlg.over_by, "县易地搬迁办")
        type_ime(dlg.over_reason, "同村整体搬迁，县里批准增加一户")
        seen["over_approved"] = shown_error(dlg.right, "site")
        dlg.site.setCurrentIndex(dlg.site.findData("T-1"))
        seen["after_full"] = shown_error(dlg.right, "site")
        type_ime(dlg.unit, "3栋502")
        dlg.area_box.setValue(100)                                            # (b) 3 persons: at most 75㎡
        seen["area"] = shown_error(dlg.right, "area")
        seen["subsidy"] = dlg.subsidy.text()
        dlg.ok.click()                                                    # refused: stays open, nothing written
        seen["open_after_refusal"] = dlg.isVisible()
        seen["general"] = dlg.general.text()
        dlg.area_box.setValue(75)
        seen["area_fixed"] = shown_error(dlg.right, "area")
        dlg.ok.click()
        seen["closed"] = not dlg.isVisible()
        if dlg.isVisible():             # refused: close it so that the test fails instead of hanging
            dlg.done(0)

    before = count_rows(ctx.db, "case_file")
    watch = when_modal(fill, timeout_ms=8000)
    qtbot.mouseClick(page.cases.findChild(QPushButton, "new_case"), Qt.MouseButton.LeftButton)
    assert watch.dialogs and not watch.timed_out
    dlg = watch.dialogs[0]
    assert "砖木结构" in seen["brick"] and "无房户或仅有一套土坯结构住房" in seen["brick"]
    assert seen["adobe"] == "" and seen["sole_row"] and seen["movers"] == 3
    assert "没有剩余容量" in seen["full"] and "超规划" in seen["full"] and seen["over_rows"]
    assert seen["over_approved"] == "" and seen["after_full"] == ""
    assert "人均不超过25㎡" in seen["area"] and "最多75㎡" in seen["area"]
    assert seen["subsidy"] == "标准未设定"                                     # R4.7: the plan gives none
    assert seen["open_after_refusal"] and "人均不超过25㎡" in seen["general"]
    assert seen["area_fixed"] == "" and seen["closed"], dlg.general.text()
    assert count_rows(ctx.db, "case_file")["case_file"] == before["case_file"] + 1
    no = dlg.result_value
    facts = relocation_facts(ctx.db, no)
    assert (facts.site_code, facts.unit, facts.area, facts.persons) == ("T-1", "3栋502", 75.0, 3)
    assert facts.willing_signer == "户主本人" and facts.old_house_structure == "土坯"
    assert page.view.detail is not None and page.view.detail.case_no == no     # the new case is shown


def _run(qtbot, view, key: str, fill) -> None:
    """Press the case view's button ``key`` and fill the dialog it opens; the dialog must close."""
    state = {}

    def answer(dlg):
        fill(dlg)
        dlg.ok.click()
        state["left_open"] = dlg.isVisible() and dlg.general.text() + "|" + "|".join(
            label.text() for form in dlg.forms for label in form.errors.values() if label.isVisible())
        if dlg.isVisible():
            dlg.done(0)

    watch = when_modal(answer)
    assert key in view.action_buttons, (key, list(view.action_buttons))
    qtbot.mouseClick(view.action_buttons[key], Qt.MouseButton.LeftButton)
    assert watch.dialogs and not watch.timed_out
    assert not state["left_open"], state["left_open"]


def _step(on: dt.date, person: str = "", note: str = "", category: str = ""):
    def fill(dlg):
        dlg.on.setDate(qdate(on))
        if person:
            type_ime(dlg.person, person)
        if note:
            dlg.note.setPlainText(note)
        if category:
            dlg.category.setCurrentIndex(dlg.category.findData(category))
    return fill


def _decision(on: dt.date, reviewer: str, opinion: str = "同意"):
    def fill(dlg):
        dlg.date.setDate(qdate(on))
        type_ime(dlg.reviewer, reviewer)
        dlg.opinion.setPlainText(opinion)
    return fill


def _service_review(db, no: str) -> None:
    """村级评议 … 三榜公示 through the services (the GUI did the first decision and the first posting)."""
    for on, by in ((D(2026, 3, 18), "乡镇审核组"),):
        decide(db, no, DecisionInput("通过", "同意", by, on), today=TODAY)
    open_posting(db, PostingInput("大山村", "二榜公示", D(2026, 3, 19), D(2026, 3, 25), cases=[no], kind="relocation"),
                 today=TODAY)
    decide(db, no, DecisionInput("通过", "同意", "县扶贫办", D(2026, 3, 27)), today=TODAY)
    open_posting(db, PostingInput("大山村", "三榜公示", D(2026, 3, 28), D(2026, 4, 3), cases=[no], kind="relocation"),
                 today=TODAY)


def test_R4_2_R4_6_a_case_walks_to_archive_through_the_page_buttons(ctx, qtbot):
    site(ctx.db, "T-1")
    hh = make_household(ctx.db, structure="土坯", grade="D", size=3)
    no = open_relocation(ctx.db, relocation(hh), today=TODAY)
    page = make_page(ctx, qtbot)
    view = page.view
    click_row(qtbot, page.table, page.cases.model.index_of(case_detail(ctx.db, no).id))
    assert view.detail.case_no == no

    _run(qtbot, view, "decide", _decision(D(2026, 3, 5), "村委会", "材料齐全，予以受理"))   # 申请 → 村级评议
    assert view.detail.stage == "村级评议"
    decide(ctx.db, no, DecisionInput("通过", "同意", "村民代表会议", D(2026, 3, 8)), today=TODAY)
    ctx.changed.emit("cases")                                    # another window recorded it

    def posting(dlg):
        assert dlg.selected_ids() == [view.detail.id]
        dlg.start.setDate(qdate(D(2026, 3, 10)))
        dlg.end.setDate(qdate(D(2026, 3, 16)))
    _run(qtbot, view, "post", posting)                            # 一榜公示, kind relocation
    _service_review(ctx.db, no)
    ctx.changed.emit("cases")
    assert view.detail.stage == "搬迁入住"
    assert "搬迁入住" not in view.action_buttons                    # the agreement comes first

    _run(qtbot, view, "搬迁协议", _step(D(2026, 4, 10), "户主本人"))
    _run(qtbot, view, "拆旧复垦协议", _step(D(2026, 4, 12), "户主本人"))
    _run(qtbot, view, "搬迁入住", _step(D(2026, 4, 20), "户主本人", "钥匙2把"))
    assert view.detail.stage == "旧房拆除"
    h = household_detail(ctx.db, hh)                              # the household record follows the case
    assert h.address == "测试安置区T-13栋502" and (h.house_structure, h.house_area) == ("砖混", 75.0)
    _run(qtbot, view, "旧房拆除", _step(D(2026, 5, 1), "村委会"))
    _run(qtbot, view, "拆除验收", _step(D(2026, 5, 10), "乡镇验收组"))
    assert view.detail.stage == "后续扶持"
    assert relocation_facts(ctx.db, no).old_house_state == "已拆除"
    _run(qtbot, view, "后续扶持", _step(D(2026, 5, 20), "乡镇扶贫站", "安排到县工业园务工", category="就业"))
    _run(qtbot, view, "decide", _decision(D(2026, 6, 1), "乡镇扶贫站站长", "资料齐全，予以归档"))
    assert case_detail(ctx.db, no, today=TODAY).status == "已归档"
    assert page.cases.model.rowCount() == 0                        # the list shows open cases: it has left
    page.cases.status.setCurrentText("已归档")
    click_row(qtbot, page.table, 0)

    m = view.timeline_model
    titles = [m.index(r, m.col["title"]).data() for r in range(m.rowCount())]
    for title in ("提出申请", "申请：受理", "一榜公示：张贴", "搬迁协议", "拆旧复垦协议", "搬迁入住：入住", "旧房拆除",
                  "旧房拆除：拆除验收", "后续扶持：就业", "后续扶持：归档"):
        assert title in titles, (title, titles)
    assert titles.index("搬迁协议") < titles.index("搬迁入住：入住") < titles.index("旧房拆除：拆除验收")
    assert view.stage.text() == "已归档" and view.detail.case_no == no
