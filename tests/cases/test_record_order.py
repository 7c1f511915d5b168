"""Paper records entered afterwards (issue 10): a payment or a 施工检查 may be dated before records already
entered for the same case as long as the stage order holds (inspection between 开工 and the 合格 竣工验收;
payment after the 三榜 posting and after acceptance, or within the advance share before it); when it does
not, the message names the conflicting record and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models.cases import ConstructionEvent, Disbursement
from pjdesk import settings
from pjdesk.cases.construction import AcceptanceInput, record_acceptance, record_construction
from pjdesk.cases.funds import DisbursementInput, disburse
from pjdesk.cases.renovation import open_renovation
from pjdesk.errors import ValidationError
from tests.cases.conftest import Driver, application, count_rows, make_household
from tests.conftest import TODAY

DAY = dt.timedelta(days=1)


def started(db):
    """A case at 实施 with 拆旧协议 and 开工 recorded; returns (case_no, driver, 开工 date)."""
    no = open_renovation(db, application(make_household(db)), today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    record_construction(db, no, "拆旧协议", d.later(), today=TODAY)
    start = d.later(2)
    record_construction(db, no, "开工", start, today=TODAY)
    return no, d, start


def accept(db, no, d) -> dt.date:
    d.decide(by="施工负责人", days=30)
    on = d.later(2)
    record_acceptance(db, no, AcceptanceInput(on, "验收组", "合格", 58.0), today=TODAY)
    return on


def dates(db, column) -> list[dt.date]:
    with db.reader() as s:
        return sorted(s.scalars(select(column)))


def test_R3_6_inspection_entered_late_may_predate_later_records_within_the_stage_order(db):
    no, d, start = started(db)
    accepted_on = accept(db, no, d)
    disburse(db, no, DisbursementInput(d.later(), 10000, "住建部门"), today=TODAY)
    # the paper inspection report of a day during construction, typed in after the payment
    between = start + 10 * DAY
    record_construction(db, no, "施工检查", between, person="县住建局质监站", today=TODAY)
    assert between < accepted_on
    assert between in dates(db, ConstructionEvent.on_date)


def test_R3_6_inspection_before_the_start_names_the_start_record(db):
    no, d, start = started(db)
    rows = count_rows(db, "construction_event")
    with pytest.raises(ValidationError) as err:
        record_construction(db, no, "施工检查", start - DAY, person="县住建局质监站", today=TODAY)
    assert err.value.field == "on_date"
    assert err.value.message == (f"施工检查日期{start - DAY:%Y-%m-%d}早于{start:%Y-%m-%d}的开工记录，"
                                 "施工检查须在开工之后")
    assert count_rows(db, "construction_event") == rows


def test_R3_6_inspection_after_the_acceptance_names_the_acceptance_record(db):
    no, d, start = started(db)
    accepted_on = accept(db, no, d)
    with pytest.raises(ValidationError) as err:
        record_construction(db, no, "施工检查", accepted_on + DAY, person="县住建局质监站", today=TODAY)
    assert f"晚于{accepted_on:%Y-%m-%d}的竣工验收（合格）记录" in err.value.message


def test_R3_6_inspection_after_the_works_are_declared_finished_but_before_acceptance_is_allowed(db):
    no, d, start = started(db)
    d.decide(by="施工负责人", days=30)                      # 竣工: the case waits for 竣工验收
    record_construction(db, no, "施工检查", d.day - 5 * DAY, person="乡镇规划办", today=TODAY)
    record_construction(db, no, "施工检查", d.later(), person="县住建局质监站", today=TODAY)
    assert len(dates(db, ConstructionEvent.on_date)) == 4


def test_R3_7_payment_entered_late_may_predate_an_earlier_entered_payment_after_acceptance(db):
    no, d, start = started(db)
    accepted_on = accept(db, no, d)
    disburse(db, no, DisbursementInput(accepted_on + 20 * DAY, 10000, "扶贫部门"), today=TODAY)
    disburse(db, no, DisbursementInput(accepted_on + 5 * DAY, 10000, "住建部门"), today=TODAY)
    assert dates(db, Disbursement.paid_on) == [accepted_on + 5 * DAY, accepted_on + 20 * DAY]


def test_R3_7_payment_dated_before_the_acceptance_names_the_acceptance_record(db):
    no, d, start = started(db)
    accepted_on = accept(db, no, d)
    rows = count_rows(db, "disbursement")
    with pytest.raises(ValidationError) as err:
        disburse(db, no, DisbursementInput(accepted_on - DAY, 10000, "住建部门"), today=TODAY)
    assert err.value.field == "paid_on"
    assert err.value.message.startswith(f"拨付日期{accepted_on - DAY:%Y-%m-%d}早于{accepted_on:%Y-%m-%d}的竣工验收（合格）记录")
    assert count_rows(db, "disbursement") == rows


def test_R3_7_payment_dated_before_acceptance_counts_against_the_advance_share(db):
    with db.transaction() as s:
        settings.set_(s, "renovation_advance_share", 25)      # 5000 of 20000
    no, d, start = started(db)
    accepted_on = accept(db, no, d)
    disburse(db, no, DisbursementInput(start + DAY, 5000, "住建部门"), today=TODAY)      # an advance, entered late
    with pytest.raises(ValidationError) as err:
        disburse(db, no, DisbursementInput(start + 2 * DAY, 1000, "扶贫部门"), today=TODAY)
    assert "验收前已拨付5000元，本次1000元，合计6000元" in err.value.message
    assert f"早于{accepted_on:%Y-%m-%d}的竣工验收（合格）记录" in err.value.message
    disburse(db, no, DisbursementInput(accepted_on, 1000, "扶贫部门"), today=TODAY)      # on the acceptance day: due


def test_R3_7_payment_during_the_third_posting_names_the_posting_end(db):
    no = open_renovation(db, application(make_household(db)), today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    with db.transaction() as s:
        settings.set_(s, "renovation_advance_share", 50)
    end = d.day - DAY                                         # to_stage("实施") steps one day past the posting
    record_construction(db, no, "拆旧协议", d.later(), today=TODAY)
    with pytest.raises(ValidationError) as err:
        disburse(db, no, DisbursementInput(end, 1000, "住建部门"), today=TODAY)
    assert err.value.message.startswith(f"拨付日期{end:%Y-%m-%d}不晚于{end:%Y-%m-%d}的三榜公示期满记录")


def test_R3_7_the_case_offers_payment_after_acceptance_and_late_inspections_until_archived(db):
    from pjdesk.cases.detail import case_detail

    no, d, start = started(db)
    keys = [a.key for a in case_detail(db, no, today=TODAY).actions]
    assert "disburse" not in keys and "施工检查" in keys          # no advance share set: nothing to pay yet
    with db.transaction() as s:
        settings.set_(s, "renovation_advance_share", 10)
    assert "disburse" in [a.key for a in case_detail(db, no, today=TODAY).actions]
    accept(db, no, d)
    keys = [a.key for a in case_detail(db, no, today=TODAY).actions]
    assert "disburse" in keys and "施工检查" in keys


def test_R3_6_inspection_dialog_entered_late_shows_the_conflicting_record_beside_the_date(ctx, qtbot):
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from pjdesk.cases.detail import case_detail
    from ui.cases.action_dialogs import ConstructionDialog

    no, d, start = started(ctx.db)
    accepted_on = accept(ctx.db, no, d)
    dlg = ConstructionDialog(ctx, case_detail(ctx.db, no, today=TODAY), "施工检查", today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.person, "Zhang")
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)                  # dated today: after the acceptance
    assert dlg.isVisible()
    assert f"晚于{accepted_on:%Y-%m-%d}的竣工验收（合格）记录" in dlg.form.errors["on_date"].text()
    late = start + 3 * DAY
    dlg.on.setDate(QDate(late.year, late.month, late.day))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and late in dates(ctx.db, ConstructionEvent.on_date)
