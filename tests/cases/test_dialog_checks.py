"""The case dialogs grey out 确定 while a check that needs no database fails (ActionDialog.errors):
the message shows beside its field as the clerk types. (Chinese text is typed with ``insert`` — Qt's
key simulation only knows ASCII; the widgets emit the same change signals.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from pjdesk.cases.detail import case_detail

from pjdesk.cases.funds import disburse

from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.funds import DisbursementInput
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY


def ok_button(dlg):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)


def detail(db, no):
    return case_detail(db, no, today=TODAY)


def test_decision_ok_is_disabled_until_the_reason_is_typed(ctx, qtbot):
    from ui.cases.action_dialogs import DecisionDialog

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    dlg = DecisionDialog(ctx, detail(ctx.db, no), today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    assert not ok_button(dlg).isEnabled()                              # no reviewer yet
    dlg.reviewer.insert("张主任")
    assert ok_button(dlg).isEnabled()                                  # 通过 needs no written reason
    dlg.decision.setCurrentText("不予通过")
    assert not ok_button(dlg).isEnabled()
    assert dlg.form.errors["opinion"].text() == "“不予通过”须写明理由（书面说明）"
    assert not dlg.form.errors["opinion"].isHidden()
    dlg.opinion.insertPlainText("该户已在集镇购房")
    assert ok_button(dlg).isEnabled() and dlg.form.errors["opinion"].isHidden()
    dlg.date.setDate(QDate(2026, 3, 5))
    ok_button(dlg).click()
    assert detail(ctx.db, no).status == "不予通过"


def test_objection_and_verification_need_their_texts(ctx, qtbot):
    from ui.cases.action_dialogs import ObjectionDialog, VerifyDialog

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    d = Driver(ctx.db, no)
    d.to_stage("一榜公示")
    d.post("一榜公示")
    dlg = ObjectionDialog(ctx, detail(ctx.db, no), today=TODAY)
    qtbot.addWidget(dlg)
    assert not ok_button(dlg).isEnabled()
    dlg.by.insert("村民甲")
    assert not ok_button(dlg).isEnabled() and dlg.form.errors["content"].text() == "请填写异议内容"
    dlg.content.insertPlainText("该户子女有住房")
    assert ok_button(dlg).isEnabled()
    dlg.on.setDate(QDate(2026, 3, 12))
    ok_button(dlg).click()
    v = VerifyDialog(ctx, detail(ctx.db, no), today=TODAY)
    qtbot.addWidget(v)
    assert not ok_button(v).isEnabled()
    v.by.insert("乡镇核查组")
    assert not ok_button(v).isEnabled()
    v.note.insertPlainText("子女在外租房")
    assert ok_button(v).isEnabled()


def test_disbursement_offers_each_department_its_share_and_greys_out_beyond_it(ctx, qtbot):
    from ui.cases.action_dialogs import DisbursementDialog

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    d = Driver(ctx.db, no)
    d.to_stage("实施")
    d.accept()
    disburse(ctx.db, no, DisbursementInput(d.later(), 4000, "住建部门"), today=TODAY)
    dlg = DisbursementDialog(ctx, detail(ctx.db, no), today=TODAY)
    qtbot.addWidget(dlg)
    assert "住建部门核定10,000元、已拨付4,000元" in dlg.findChild(type(dlg.general), "intro").text()
    assert (dlg.department.currentText(), dlg.amount.value()) == ("住建部门", 6000)
    assert ok_button(dlg).isEnabled()
    dlg.department.setCurrentText("扶贫部门")
    assert dlg.amount.value() == 10000 and ok_button(dlg).isEnabled()
    dlg.department.setCurrentText("住建部门")
    dlg.amount.setValue(16000)
    assert not ok_button(dlg).isEnabled()
    assert "住建部门拨付超过核定：住建部门核定10000元，已拨付4000元，本次16000元" in dlg.form.errors["amount"].text()
    dlg.amount.setValue(0)
    assert not ok_button(dlg).isEnabled()
    dlg.department.setCurrentText("民政部门")
    dlg.amount.setValue(1000)
    assert not ok_button(dlg).isEnabled() and "核定补助中没有民政部门" in dlg.form.errors["amount"].text()


def test_construction_and_acceptance_dialogs_run_the_services_checks(ctx, qtbot):
    """施工检查 needs the inspector; 竣工验收 checks the built areas against the house type as the service
    does (same words), and 确定 records the acceptance."""
    from PySide6.QtCore import Qt

    from pjdesk.cases.construction import record_acceptance, record_construction
    from pjdesk.cases.renovation import open_renovation
    from pjdesk.errors import ValidationError
    from ui.cases.action_dialogs import AcceptanceDialog, ConstructionDialog

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    d = Driver(ctx.db, no)
    d.to_stage("实施")
    for event in ("拆旧协议", "拆旧完成", "开工"):
        record_construction(ctx.db, no, event, d.later(2), person="县住建局质监站", today=TODAY)
    inspect = ConstructionDialog(ctx, detail(ctx.db, no), "施工检查", today=TODAY)
    qtbot.addWidget(inspect)
    inspect.show()
    assert not ok_button(inspect).isEnabled() and inspect.form.errors["person"].text() == "请填写检查人员"
    qtbot.keyClicks(inspect.person, "Li")
    assert ok_button(inspect).isEnabled()
    d.decide(opinion="主体完工", by="施工负责人")
    dlg = AcceptanceDialog(ctx, detail(ctx.db, no), today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.inspectors, "Xian")
    dlg.on.setDate(QDate(2026, 6, 1))
    dlg.main.lineEdit().selectAll()
    qtbot.keyClicks(dlg.main, "72")
    shown = dlg.form.errors["built_main_area"].text()
    assert "超过60㎡户型标准" in shown and not ok_button(dlg).isEnabled()
    with pytest.raises(ValidationError) as refused:
        record_acceptance(ctx.db, no, dlg.value(), today=TODAY)
    assert refused.value.message == shown
    dlg.main.lineEdit().selectAll()
    qtbot.keyClicks(dlg.main, "58")
    assert ok_button(dlg).isEnabled()
    qtbot.mouseClick(ok_button(dlg), Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and detail(ctx.db, no).stage == "资金拨付"
