"""The dialogs of the actions a case view offers: 审核决定, 登记/核实异议, 施工记录, 竣工验收, 资金拨付.

Each dialog's ``errors()`` calls the pure check of its service (``check_decision``, ``check_objection`` …)
with what is typed and the facts the case detail holds: the messages show beside their fields while the
clerk types and keep 确定 disabled. The service calls the same checks, and the rest, when 确定 is pressed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from pjdesk.cases.construction import (AFTER_PASS_GRADES, FAILED, NEW_STRUCTURES, PASSED, AcceptanceInput,
                                      check_acceptance, check_construction, inspection_order_problems,
                                      record_acceptance, record_construction)
from pjdesk.cases.decisions import DecisionInput, check_decision, decide
from pjdesk.cases.detail import CaseDetail
from pjdesk.cases.funds import (DisbursementInput, by_department, check_disbursement, check_within_approval,
                                department_room, disburse, payment_order_context, payment_order_problems)
from pjdesk.cases.objections import (CONFIRMED, UNFOUNDED, ObjectionInput, VerificationInput, check_objection,
                                     check_verification, record_objection, verify_objection)
from pjdesk.cases.renovation_rules import REPAIR, STANDARD_3_PLUS, house_standard
from pjdesk.cases.subsidy import DEPARTMENTS
from pjdesk.errors import ValidationError
from pjdesk.registry.queries import load_rows

from ..widgets.action_dialog import ActionDialog as _ActionDialog
from ..widgets.form import combo, combo_value, date_edit, date_value, text_box


class ActionDialog(_ActionDialog):
    """The case dialogs tell the app that cases changed."""

    area = "cases"


class ApplicationDialog(ActionDialog):
    """A long application form (新建危改申请, 新建搬迁申请): a field's problems show once the clerk has edited
    it (every problem once 确定 was pressed, and those of ``shown_at_once`` always); 确定 stays enabled and,
    pressed, lists what is left and puts the focus on the first field to correct."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.touched: set[str] = set()      # fields the clerk has edited: their problems show
        self.shown_at_once: set[str] = set()
        self.submitted = False              # after the first 确定 every problem shows
        self.problems: list = []

    def revalidate(self) -> bool:
        self._watch()
        self.general.hide()
        focus = self.focusWidget()
        self.touched.update(k for form in self.forms for k, w in form.fields.items()
                            if w.hasFocus() or (focus is not None and w.isAncestorOf(focus)))
        errors = self.problems = self.errors()
        shown = errors if self.submitted else [e for e in errors if e.field in self.touched | self.shown_at_once]
        for form in self.forms:
            form.show_errors(shown)
        self.keep_room()
        return not errors

    # -- the household field (``self.household``): a suggestion picked or a number typed looks it up at once
    def add_household_field(self, form) -> None:
        """户编号 with suggestions (“户编号 户主 村组”, matched anywhere), and below it ``self.info``, the line
        that shows what the lookup found."""
        self.household = form.add("household_no", "户编号", QLineEdit(objectName="household_no",
                                                                    placeholderText="输入户编号或户主姓名"))
        names = [f"{r.household_no} {r.head_name} {r.village}{r.group}组" for r in load_rows(self.ctx.db)]
        completer = QCompleter(names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._chosen)
        self.household.setCompleter(completer)
        self.info = QLabel("", objectName="applicant")
        self.info.setWordWrap(True)
        form.layout_.addRow("", self.info)

    def _chosen(self, text: str) -> None:
        """A household picked from the suggestions (“户编号 户主 村”): its facts set the choices at once."""
        self.household.setText(text.split()[0])
        self._lookup()

    def _household_no(self) -> str:
        """The number in the household field, the field trimmed to it (a pasted suggestion keeps only it)."""
        no = self.household.text().strip().split(" ")[0]
        if no != self.household.text():
            self.household.setText(no)
        return no

    def _lookup(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        self.submitted = True
        if not self.revalidate():
            first = self.problems[0]
            self.show_general(f"还有{len(self.problems)}处需要修改：{first.message}")
            next((f for f in self.forms if first.field in f.fields), self.form).focus_first_error()
            return
        super().accept()


POSTS = {"村级": ("村委会", "村民代表会议", "村委会主任", "村党支部书记"),
         "乡镇": ("乡镇审核组", "乡镇分管领导", "乡镇扶贫站站长"),
         "县级": ("县住建局", "县扶贫办", "县农村危房改造领导小组")}
COUNTY_POSTS = {"relocation": ("县发改局（易地扶贫搬迁办）", "县扶贫办", "县易地扶贫搬迁工作领导小组")}


class DecisionDialog(ActionDialog):
    """通过 / 退回 / 不予通过 at the stage the case is at; the date is the paper decision's date."""

    def __init__(self, ctx, detail: CaseDetail, parent=None, *, today: dt.date | None = None):
        action = detail.action("decide")
        super().__init__(ctx, f"{action.label}：{detail.case_no}", parent=parent,
                         intro=f"{detail.head_name}户（{detail.village}{detail.group}组）当前阶段：{detail.stage}。"
                               "请按纸质审核意见录入，决定日期填写签字日期。")
        self.detail, self.today = detail, today
        self.choices = action.choices
        self.build()
        self.revalidate()

    def build(self) -> None:
        f = self.form
        f.add("stage", "阶段", QLineEdit(self.detail.stage, readOnly=True))
        self.decision = f.add("decision", "审核结论", combo(self.choices))
        self.opinion = f.add("opinion", "审核意见", text_box("退回、不予通过须写明理由"))
        self.reviewer = f.add("reviewer", "审核人", QLineEdit())
        level = next((lv for lv in POSTS if lv in self.detail.stage or (lv == "村级" and self.detail.stage == "申请")),
                     "")
        posts = COUNTY_POSTS.get(self.detail.kind, POSTS["县级"]) if level == "县级" else POSTS.get(level, ())
        self.post = f.add("reviewer_post", "职务 / 单位", combo(posts, editable=True))
        self.post.setCurrentText("")
        self.date = f.add("decided_on", "决定日期", date_edit(self.today, maximum=self.today or dt.date.today()))

    def value(self) -> DecisionInput:
        return DecisionInput(combo_value(self.decision), self.opinion.toPlainText(), self.reviewer.text(),
                             date_value(self.date), self.post.currentText(), stage=self.detail.stage)

    def errors(self) -> list[ValidationError]:
        return check_decision(self.value())

    def submit(self):
        return decide(self.ctx.db, self.detail.id, self.value(), entered_by=self.ctx.actor(), today=self.today)

    def done_message(self, result) -> str:
        moved = f"，转入{result}" if result and result != self.detail.stage else ""
        return f"已录入审核决定：{self.detail.case_no}（{self.detail.stage}：{self.decision.currentText()}）{moved}"


class ObjectionDialog(ActionDialog):
    def __init__(self, ctx, detail: CaseDetail, parent=None, *, today: dt.date | None = None):
        super().__init__(ctx, f"登记公示异议：{detail.case_no}", parent=parent,
                         intro="异议须在公示期内提出；核实前案件不能进入下一阶段。")
        self.detail, self.today = detail, today
        self.build()
        self.revalidate()

    def build(self) -> None:
        self.by = self.form.add("raised_by", "异议人", QLineEdit(placeholderText="姓名，或“匿名”"))
        self.on = self.form.add("raised_on", "提出日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.content = self.form.add("content", "异议内容", text_box())

    def value(self) -> ObjectionInput:
        return ObjectionInput(self.by.text(), date_value(self.on), self.content.toPlainText())

    def errors(self) -> list[ValidationError]:
        return check_objection(self.value())

    def done_message(self, result) -> str:
        return f"已登记公示异议：{self.detail.case_no}（{self.by.text().strip()}）"

    def submit(self):
        return record_objection(self.ctx.db, self.detail.id, self.value(), entered_by=self.ctx.actor(),
                                today=self.today)


class VerifyDialog(ActionDialog):
    def __init__(self, ctx, detail: CaseDetail, parent=None, *, today: dt.date | None = None):
        super().__init__(ctx, f"核实异议：{detail.case_no}", parent=parent,
                         intro="核实属实的，该户不符合条件，案件按“不予通过”办结（书面说明理由）。")
        self.detail, self.today = detail, today
        self.pending = [o for o in detail.objections if not o.result]
        self.build()
        self.revalidate()

    def build(self) -> None:
        self.objection = self.form.add("objection", "异议", combo(
            [f"{o.raised_on} {o.raised_by}：{o.content}" for o in self.pending]))
        self.result = self.form.add("result", "核实结果", combo((UNFOUNDED, CONFIRMED)))
        self.by = self.form.add("verified_by", "核实人", QLineEdit())
        self.on = self.form.add("verified_on", "核实日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.note = self.form.add("note", "核实情况", text_box())

    def value(self) -> VerificationInput:
        return VerificationInput(combo_value(self.result), self.by.text(), date_value(self.on),
                                 self.note.toPlainText())

    def errors(self) -> list[ValidationError]:
        chosen = self.pending[self.objection.currentIndex()] if self.pending else None
        return check_verification(self.value(), raised_on=chosen.raised_on if chosen else None)

    def done_message(self, result) -> str:
        return f"已核实异议：{self.detail.case_no}（{self.result.currentText()}）"

    def submit(self):
        o = self.pending[self.objection.currentIndex()]
        return verify_objection(self.ctx.db, o.id, self.value(), entered_by=self.ctx.actor(), today=self.today)


class ConstructionDialog(ActionDialog):
    """开工 / 施工检查 / 拆旧协议 / 拆旧完成."""

    def __init__(self, ctx, detail: CaseDetail, event: str, parent=None, *, today: dt.date | None = None):
        super().__init__(ctx, f"录入{event}：{detail.case_no}", parent=parent)
        self.detail, self.event, self.today = detail, event, today
        self.build()
        self.revalidate()

    def build(self) -> None:
        self.on = self.form.add("on_date", "日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        label = {"施工检查": "检查人员", "拆旧协议": "签订人"}.get(self.event, "经办人")
        self.person = self.form.add("person", label, QLineEdit())
        self.note = self.form.add("note", "说明", text_box())

    def errors(self) -> list[ValidationError]:
        errors = check_construction(self.event, date_value(self.on), self.person.text(), self.note.toPlainText())
        if self.event == "施工检查" and not errors:     # entered late: between 开工 and the 合格 acceptance
            f = self.detail.facts
            started = next((e["date"] for e in f.get("construction", ()) if e["event"] == "开工"), None)
            accepted = next((a["date"] for a in f.get("acceptance", ()) if a["result"] == PASSED), None)
            errors = inspection_order_problems(date_value(self.on),
                                               started_on=dt.date.fromisoformat(started) if started else None,
                                               accepted_on=dt.date.fromisoformat(accepted) if accepted else None)
        return errors

    def done_message(self, result) -> str:
        return f"已录入{self.event}：{self.detail.case_no}"

    def submit(self):
        return record_construction(self.ctx.db, self.detail.id, self.event, date_value(self.on),
                                   person=self.person.text(), note=self.note.toPlainText(),
                                   entered_by=self.ctx.actor(), today=self.today)


def _area(maximum: float = 500) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, maximum)
    box.setDecimals(1)
    box.setSuffix(" ㎡")
    return box


class AcceptanceDialog(ActionDialog):
    def __init__(self, ctx, detail: CaseDetail, parent=None, *, today: dt.date | None = None):
        f = detail.facts
        std = house_standard(detail.household_size) if detail.household_size > 0 else STANDARD_3_PLUS
        self.repair = f.get("build_type") == REPAIR
        standard = ("修缮加固不执行户型标准，合格后房屋结构不变，等级记为B级（可改选）。" if self.repair else
                    f"户型标准：正房不超过{f.get('house_type')}㎡，附屋不超过{std.annex_max:g}㎡；"
                    "合格后该户住房信息改为新房（结构、面积、建成年份、A级）。")
        super().__init__(ctx, f"竣工验收：{detail.case_no}", parent=parent,
                         intro=standard + "不合格的退回“实施”整改。")
        self.detail, self.today = detail, today
        self.build()
        self.revalidate()

    def build(self) -> None:
        f = self.form
        self.on = f.add("accepted_on", "验收日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.inspectors = f.add("inspectors", "验收人员", QLineEdit(placeholderText="如：县住建局、乡镇规划办、村委会"))
        self.result = f.add("result", "验收结果", combo((PASSED, FAILED)))
        self.main = f.add("built_main_area", "实际正房面积", _area())
        self.annex = f.add("built_annex_area", "实际附屋面积", _area())
        self.structure = f.add("structure", "新房结构", combo(NEW_STRUCTURES, current="砖混"))
        self.grade = f.add("grade", "验收后房屋等级", combo(AFTER_PASS_GRADES, current="B" if self.repair else "A"))
        f.layout_.setRowVisible(self.structure.parentWidget(), not self.repair)   # a repair keeps its structure
        self.note = f.add("note", "验收意见", text_box("不合格须写明整改意见"))

    def value(self) -> AcceptanceInput:
        return AcceptanceInput(date_value(self.on), self.inspectors.text(), combo_value(self.result),
                               self.main.value() or None, self.annex.value() or None, self.note.toPlainText(),
                               structure="" if self.repair else combo_value(self.structure),
                               grade=combo_value(self.grade))

    def errors(self) -> list[ValidationError]:
        return check_acceptance(self.value(), household_size=self.detail.household_size,
                                build_type=self.detail.facts.get("build_type"))

    def done_message(self, result) -> str:
        return f"已录入竣工验收：{self.detail.case_no}（{self.result.currentText()}）"

    def submit(self):
        return record_acceptance(self.ctx.db, self.detail.id, self.value(), entered_by=self.ctx.actor(),
                                 today=self.today)


class DisbursementDialog(ActionDialog):
    """One payment. The intro shows the approved split (分散: 住建部门 1万 + 扶贫部门 1万) and what each
    department has paid; the amount offered is what the chosen department may still pay."""

    def __init__(self, ctx, detail: CaseDetail, parent=None, *, today: dt.date | None = None):
        lines = [l for l in detail.subsidy_lines if l.to_household]
        payments = [(p["department"], p["amount"]) for p in detail.disbursements]
        funds, unassigned = by_department(lines, payments)
        split = "；".join(f"{f.department}核定{f.approved:,}元、已拨付{f.paid:,}元" for f in funds)
        if unassigned:
            split += ("；" if split else "") + f"不分部门{unassigned:,}元"
        order = payment_order_context(ctx.db, detail.id)
        when = (f"竣工验收合格（{order['accepted_on']:%Y-%m-%d}）后拨付" if order["accepted_on"] else
                "尚未竣工验收合格，补助须验收合格后拨付" + (f"（验收前最多预拨核定补助的{order['advance_share']}%）"
                                                         if order["advance_share"] else ""))
        super().__init__(ctx, f"资金拨付：{detail.case_no}", parent=parent,
                         intro=f"核定补助{detail.subsidy:,}元，已拨付{detail.paid:,}元，未拨付{detail.outstanding:,}元"
                               + (f"（{split}）" if split else "") + f"。{when}；补助打卡发放至该户登记的银行账户。")
        self.detail, self.today, self.lines, self.payments = detail, today, lines, payments
        self.order = order
        self.build()
        self.revalidate()

    def room(self, department: str) -> int:
        """What ``department`` may still pay (its approved line, the total)."""
        return min(self.detail.outstanding or 0, department_room(self.lines, self.payments, department))

    def build(self) -> None:
        f = self.form
        self.on = f.add("paid_on", "拨付日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.department = f.add("department", "资金来源", combo(DEPARTMENTS))
        self.amount = f.add("amount", "金额（元）", QSpinBox())
        self.amount.setRange(0, 1_000_000)
        self.amount.setSingleStep(1000)
        first = next((d for d in DEPARTMENTS if self.room(d) > 0), DEPARTMENTS[0])
        self.department.setCurrentIndex(self.department.findData(first))
        self.amount.setValue(self.room(first))
        self.voucher = f.add("voucher_no", "凭证号", QLineEdit())
        self.note = f.add("note", "备注", QLineEdit())
        self._offered = self.amount.value()
        self.department.currentIndexChanged.connect(self._department_changed)

    def _department_changed(self) -> None:
        if self.amount.value() == self._offered:      # not typed by the clerk: offer this department's share
            self._offered = self.room(combo_value(self.department))
            self.amount.setValue(self._offered)

    def value(self) -> DisbursementInput:
        return DisbursementInput(date_value(self.on), self.amount.value(), combo_value(self.department),
                                 self.voucher.text(), self.note.text())

    def errors(self) -> list[ValidationError]:
        d, value = self.detail, self.value()
        return check_disbursement(value) + check_within_approval(
            value, case_no=d.case_no, approved=d.subsidy, paid=d.paid, lines=self.lines, payments=self.payments
        ) + payment_order_problems(value, case_no=d.case_no, approved=d.subsidy, **self.order)

    def done_message(self, result) -> str:
        return f"已录入资金拨付：{self.detail.case_no}（{self.amount.value():,}元）"

    def submit(self):
        return disburse(self.ctx.db, self.detail.id, self.value(), entered_by=self.ctx.actor(), today=self.today)
