"""Issue 17, the 帮扶 screens: each defect driven as a clerk drives it (mouse clicks on buttons and rows,
typed text), each test failing on the code the issue was filed against."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlalchemy import text

from pjdesk.pairing import assignments as asg
from tests.conftest import TODAY
from tests.gui import click_row, when_modal
from tests.pairing.conftest import button, helper, make_households

LEFT = Qt.MouseButton.LeftButton




def click_tab(qtbot, tabs, index):
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def row_of(model, test):
    return next(i for i, r in enumerate(model.rows()) if test(r))


def current_pairs(db):
    with db.engine.connect() as c:
        return c.execute(text("SELECT a.helper_id, h.household_no FROM helper_assignment a JOIN household h "
                              "ON h.id = a.household_id WHERE a.end_on IS NULL ORDER BY h.household_no")).all()


# ---- 2. the lower pane follows the clicked helper
def test_issue17_2_lower_pane_follows_the_clicked_helper(db, ctx, page, qtbot):
    numbers = make_households(db, 4)
    wang, an = helper(db), helper(db, "安然", unit="虹桥镇人民政府", level="乡镇")
    asg.bulk_assign(db, wang, numbers[:2], today=TODAY)
    asg.bulk_assign(db, an, numbers[2:3], today=TODAY)
    ctx.changed.emit("helpers")
    m = page.model

    click_row(qtbot, page.table, row_of(m, lambda r: r.id == wang))
    assert [p.household_no for p in page.paired_model.rows()] == numbers[:2]
    assert "王建国" in page.paired_title.text()
    click_row(qtbot, page.table, row_of(m, lambda r: r.id == an))
    assert [p.household_no for p in page.paired_model.rows()] == numbers[2:3]
    assert "安然" in page.paired_title.text()

    # a filter that leaves one helper shows that helper's households
    page.search.clear()
    qtbot.keyClicks(page.search, "wangjian")
    assert m.rowCount() == 1
    assert [p.household_no for p in page.paired_model.rows()] == numbers[:2]
    assert "王建国" in page.paired_title.text()


# ---- 3. the assign dialog: helpers with room first, full ones greyed and last, pinyin and initials search
def open_assign_dialog(qtbot, page, household_no, in_dialog):
    """On the 未结对贫困户 tab click the household's row, then 分配帮扶责任人…; ``in_dialog(dlg)`` runs in it."""
    click_tab(qtbot, page.tabs, 1)
    click_row(qtbot, page.unassigned, row_of(page.unassigned_model, lambda h: h.household_no == household_no))
    seen: list = []
    watch = when_modal(in_dialog, seen)
    qtbot.mouseClick(button(page, "assign"), LEFT)
    assert seen and not watch.timed_out
    return seen[0]


def test_issue17_3_assign_dialog_puts_helpers_with_room_first_and_greys_full_ones(db, ctx, page, qtbot):
    numbers = make_households(db, 7)
    wang = helper(db)                                                   # 5/5: full
    zhou = helper(db, "周明", unit="县农业农村局")                       # 1/5
    tang = helper(db, "唐国华", unit="县教育局")                         # 0/5
    an = helper(db, "安然", unit="虹桥镇人民政府", level="乡镇", village="大山村")   # 0/5, the village's own
    asg.bulk_assign(db, wang, numbers[:5], today=TODAY)
    asg.bulk_assign(db, zhou, numbers[5:6], today=TODAY)
    ctx.changed.emit("helpers")
    seen: dict = {}

    def in_dialog(dlg):
        box = dlg.helper
        seen["order"] = [box.itemData(i) for i in range(box.count())]
        seen["enabled"] = [box.model().item(i).isEnabled() for i in range(box.count())]
        seen["labels"] = [box.itemText(i) for i in range(box.count())]
        seen["current"] = box.currentData()
        qtbot.keyClicks(dlg.search, "tgh")                    # initials, as in the registry
        seen["tgh"] = [box.itemData(i) for i in range(box.count())]
        seen["tgh_current"] = box.currentData()
        dlg.search.clear()
        qtbot.keyClicks(dlg.search, "anran")                  # full pinyin
        seen["anran"] = [box.itemData(i) for i in range(box.count())]
        qtbot.mouseClick(dlg.cancel, LEFT)

    open_assign_dialog(qtbot, page, numbers[6], in_dialog)
    assert seen["order"] == [an, tang, zhou, wang]     # by load, the village's own first; the full one last
    assert seen["enabled"] == [True, True, True, False]
    assert "5/5" in seen["labels"][3] and "已满" in seen["labels"][3]
    assert seen["current"] == an                       # never a full helper preselected
    assert seen["tgh"] == [tang] and seen["tgh_current"] == tang
    assert seen["anran"] == [an]


def test_issue17_3_helpers_in_assignment_order_is_a_pure_rule():
    from pjdesk.pairing.queries import HelperRow, PairedHousehold, helpers_in_assignment_order

    import datetime as dt

    def row(i, name, load, village=""):
        r = HelperRow(i, name, "男", "", "单位", "县直", "", "干部", village, True, name_pinyin=name)
        r.households = [PairedHousehold(str(k), "", "", 1, 1, "未脱贫", dt.date(2020, 1, 1)) for k in range(load)]
        return r

    rows = [row(1, "a", 5), row(2, "b", 2), row(3, "c", 0), row(4, "d", 2, "大山村"), row(5, "e", 6)]
    ordered = helpers_in_assignment_order(rows, 5, villages={"大山村"})
    assert [r.id for r in ordered] == [3, 4, 2, 1, 5]


# ---- 4. a refusal does not squash the form
def _geometry(dlg):
    """Height of every field and whether each wrapped text has the height its lines need."""
    fields = {k: w.height() for k, w in dlg.form.fields.items()}
    labels = [w for w in dlg.findChildren(QLabel) if w.isVisible() and w.wordWrap() and w.text()]
    clipped = [w.text() for w in labels if w.height() < w.heightForWidth(w.width())]
    return fields, clipped


def test_issue17_4_a_refusal_keeps_the_assign_form_whole(db, ctx, page, qtbot):
    numbers = make_households(db, 7)
    wang = helper(db)
    asg.bulk_assign(db, wang, numbers[:4], today=TODAY)      # 4/5: room for one, not for three
    ctx.changed.emit("helpers")
    click_tab(qtbot, page.tabs, 1)
    view, m = page.unassigned, page.unassigned_model
    click_row(qtbot, view, 0)
    for r in (1, 2):                                          # Ctrl+click two more households
        qtbot.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier,
                         view.visualRect(m.index(r, 0)).center())
    assert len(view.selectionModel().selectedRows()) == 3
    seen: dict = {}

    def in_dialog(dlg):
        qtbot.waitExposed(dlg)
        seen["before"] = _geometry(dlg)
        assert dlg.helper.currentData() == wang
        qtbot.mouseClick(dlg.ok, LEFT)
        qtbot.wait(50)
        seen["message"] = dlg.general.text() if dlg.general.isVisible() else ""
        seen["after"] = _geometry(dlg)
        seen["general_whole"] = dlg.general.height() >= dlg.general.heightForWidth(dlg.general.width())
        dlg.grab().save("/tmp/agent/assign_refused.png")
        qtbot.mouseClick(dlg.cancel, LEFT)

    seen_dialogs: list = []
    when_modal(in_dialog, seen_dialogs)
    qtbot.mouseClick(button(page, "assign"), LEFT)
    assert seen_dialogs
    assert "王建国" in seen["message"]                        # refused: 4 + 3 would pass the limit
    fields_before, clipped_before = seen["before"]
    fields_after, clipped_after = seen["after"]
    assert fields_after == fields_before                      # no row shrinks
    assert clipped_before == [] and clipped_after == []       # no text clipped
    assert seen["general_whole"]


# ---- 8. the household's 帮扶 tab can assign a helper
def test_issue17_8_household_tab_assigns_a_helper(db, ctx, qtbot):
    from ui.pairing.household_tab import HouseholdHelpTab

    numbers = make_households(db, 1)
    wang = helper(db)
    tab = HouseholdHelpTab(ctx, numbers[0])
    qtbot.addWidget(tab)
    tab.show()
    assert any("未结对" in w.text() for w in tab.findChildren(QLabel))
    seen: list = []

    def in_dialog(dlg):
        assert dlg.helper.currentData() == wang
        qtbot.mouseClick(dlg.ok, LEFT)

    assign = button(tab, "assign_helper")
    assert assign is not None and assign.text() == "结对…" and assign.isVisible()
    when_modal(in_dialog, seen)
    qtbot.mouseClick(assign, LEFT)
    assert seen and type(seen[0]).__name__ == "AssignDialog"
    assert current_pairs(db) == [(wang, numbers[0])]
    assert any("当前帮扶责任人：王建国" in w.text() for w in tab.findChildren(QLabel))   # the tab shows it
    assert tab.pairings_model.rowCount() == 1


# ---- 11. 驻村帮扶: 未结对户数 is a figure for every village
def _unpaired_by_village(db) -> dict[str, int]:
    """Counted here, household by household, apart from the page's query."""
    with db.engine.connect() as c:
        villages = [v for v, in c.execute(text("SELECT name FROM village WHERE is_poor_village"))]
        homes = c.execute(text("SELECT h.id, h.status, v.name FROM household h JOIN village v ON v.id = h.village_id")).all()
        paired = {h for h, in c.execute(text("SELECT household_id FROM helper_assignment WHERE end_on IS NULL"))}
    counts = dict.fromkeys(villages, 0)
    for hid, status, village in homes:
        if status in ("未脱贫", "预脱贫", "返贫") and hid not in paired and village in counts:
            counts[village] += 1
    return counts


def test_issue17_11_aid_teams_page_shows_unpaired_households_per_village(db, ctx, qtbot):
    from ui.pairing.aid_teams_page import AidTeamsPage

    numbers = make_households(db, 5) + make_households(db, 2, village="青石村", start=5)
    wang = helper(db)
    asg.bulk_assign(db, wang, numbers[:2] + numbers[5:], today=TODAY)    # 大山村 3 unpaired, 青石村 none
    p = AidTeamsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    m = p.gaps_model
    col = m.col["unpaired"]
    shown = {m.index(r, m.col["village"]).data(): m.index(r, col).data() for r in range(m.rowCount())}
    expected = _unpaired_by_village(db)
    assert expected["大山村"] == 3 and expected["青石村"] == 0
    assert shown == {v: str(n) for v, n in expected.items()}   # every poor village, a figure in each, 0 too

    # unpairing on the 帮扶责任人 page shows on this page at once
    asg.unassign(db, numbers[5], on=TODAY, reason="调离")
    ctx.changed.emit("helpers")
    shown = {m.index(r, m.col["village"]).data(): m.index(r, col).data() for r in range(m.rowCount())}
    assert shown["青石村"] == "1" == str(_unpaired_by_village(db)["青石村"])


# ---- 9. the 帮扶责任人 and 驻村帮扶 pages at 1366×768 and 1024×700
def overlaps(root: QWidget) -> list[str]:
    """Visible sibling widgets under ``root`` whose rectangles overlap."""
    found = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible():
            continue
        kids = [w for w in parent.children() if isinstance(w, QWidget) and w.isVisible() and not w.isWindow()
                and w.width() > 0 and w.height() > 0]
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                if a.geometry().intersects(b.geometry()):
                    found.append(f"{type(a).__name__}{a.objectName() or getattr(a, 'text', lambda: '')()!r} × "
                                 f"{type(b).__name__}{b.objectName() or getattr(b, 'text', lambda: '')()!r}")
    return found


def clipped_headers(view) -> list[str]:
    header, m = view.horizontalHeader(), view.model()
    fm = header.fontMetrics()
    return [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())
            if not header.isSectionHidden(c)
            and header.sectionSize(c) < fm.horizontalAdvance(m.headerData(c, Qt.Orientation.Horizontal)) + 12]


def clipped_buttons(root) -> list[str]:
    return [b.text() for b in root.findChildren(QPushButton) if b.isVisible()
            and b.width() < b.fontMetrics().horizontalAdvance(b.text()) + 8]


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
@pytest.mark.parametrize("area", ["帮扶责任人", "驻村帮扶"])
def test_issue17_9_pairing_pages_fit_small_screens(demo_db, qapp, qtbot, area, size):
    from ui.app import make_app
    from ui.context import AppContext
    from ui.main_window import MainWindow

    make_app([])
    win = MainWindow(AppContext(demo_db))
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    page = win.page(area)
    qtbot.wait(20)
    assert win.width() == size[0] and win.height() <= size[1]     # the window is not pushed wider
    assert page.geometry().right() < win.centralWidget().width()  # the page is not cut off at the right
    problems = overlaps(page)
    assert problems == []
    views = [v for v in page.findChildren(type(page.findChild(QWidget, "gaps") or page.findChild(QWidget, "helpers")))
             if v.isVisible()]
    assert views
    for v in views:
        assert clipped_headers(v) == [], v.objectName()
    assert clipped_buttons(page) == []
    win.grab().save(f"/tmp/agent/issue17_9_{area}_{size[0]}.png")


def test_issue17_4_a_refusal_keeps_the_reassign_form_whole(db, ctx, page, qtbot):
    numbers = make_households(db, 3)
    wang = helper(db)
    asg.bulk_assign(db, wang, numbers, today=TODAY)
    ctx.changed.emit("helpers")
    click_row(qtbot, page.table, 0)
    click_row(qtbot, page.paired, 0)
    seen: dict = {}

    def in_dialog(dlg):
        if not hasattr(dlg, "reason"):                # not the reassign dialog: say what came, close it
            seen["came"] = f"{type(dlg).__name__}: {getattr(dlg, 'text', lambda: '')()}"
            dlg.reject()
            return
        qtbot.waitExposed(dlg)
        seen["before"] = _geometry(dlg)
        qtbot.mouseClick(dlg.ok, LEFT)                # 王建国 is already this household's helper
        qtbot.wait(50)
        seen["message"] = dlg.form.errors["helper"].text()
        seen["after"] = _geometry(dlg)
        qtbot.mouseClick(dlg.cancel, LEFT)

    watch = when_modal(in_dialog)
    qtbot.mouseClick(button(page, "reassign"), LEFT)
    assert "came" not in seen, seen.get("came")
    assert watch.dialogs and type(watch.dialogs[0]).__name__ == "AssignDialog"
    assert "无需更换" in seen["message"]
    assert seen["after"] == seen["before"]            # same field heights, nothing clipped
    assert seen["after"][1] == []
