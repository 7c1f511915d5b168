"""New household (建档): household → head → other members → confirm. Nothing is written until
完成; then the household and all its members are saved in one transaction. Escape, 取消 or closing
the window ask before throwing away what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QMessageBox, QPushButton, QScrollArea,
                               QVBoxLayout, QWizard, QWizardPage)

from pjdesk import idcard
from pjdesk.registry import vocab
from pjdesk.errors import PjdeskError
from pjdesk.registry import households as svc
from pjdesk.registry.township import village_names
from pjdesk.registry.rules import MemberInput, check_members_together, check_type_flags, member_flags

from .household_form import HouseholdFields
from .member_dialog import MemberDialog
from .member_form import MemberForm
from ..widgets.ask import ask
from ..widgets.screen import size_to_screen


class _HouseholdStep(QWizardPage):
    def __init__(self, fields: HouseholdFields):
        super().__init__()
        self.setTitle("第一步：户信息")
        self.setSubTitle("所在村组、户类型、致贫原因（主要原因必填，其他原因最多2项）。")
        self.fields = fields
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields.basic)
        QVBoxLayout(self).addWidget(scroll)
        fields.edited.connect(self.completeChanged.emit)

    def isComplete(self) -> bool:
        return self.fields.validate()


class _HeadStep(QWizardPage):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.setTitle("第二步：户主")
        self.setSubTitle("输入身份证号后，出生日期和性别自动识别。")
        self.form = MemberForm(MemberInput(name="", id_number="", relation=vocab.HEAD), head_locked=True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        QVBoxLayout(self).addWidget(scroll)
        self.form.edited.connect(self.completeChanged.emit)

    def isComplete(self) -> bool:
        if not (self.form.name.text() or self.form.id_number.text()):
            return False
        return self.form.validate(svc.id_number_errors(self.ctx.db, self.form.id_number.text()))


class _MembersStep(QWizardPage):
    def __init__(self, ctx, head_step: _HeadStep):
        super().__init__()
        self.ctx, self.head_step = ctx, head_step
        self.members = []
        self.setTitle("第三步：其他家庭成员")
        self.setSubTitle("逐一添加配偶、子女等成员；单人户可直接下一步。")
        self.list = QListWidget()
        add = QPushButton("添加成员", objectName="add_member")
        add.clicked.connect(self.add)
        remove = QPushButton("移除所选")
        remove.clicked.connect(self.remove)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.list)

    def add(self):
        taken = {idcard.normalise(m.id_number) for m in [self.head_step.form.value()] + self.members}
        dlg = MemberDialog(self.ctx, collect_only=True, taken_ids=taken, parent=self)
        if dlg.exec() and dlg.result_value:
            m = dlg.result_value
            self.members.append(m)
            info = idcard.parse(m.id_number)
            flags = "、".join(member_flags(m))
            self.list.addItem(f"{m.name}　{m.relation}　{info.sex}　{info.birth_date:%Y-%m-%d}　{info.number}"
                              + (f"　{flags}" if flags else ""))
        return dlg

    def remove(self):
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            del self.members[row]


class _ConfirmStep(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("第四步：确认")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.error = QLabel("")
        self.error.setProperty("role", "fieldError")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addStretch(1)


class NewHouseholdWizard(QWizard):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_no = ""
        self.setWindowTitle("新增贫困户（建档立卡）")
        size_to_screen(self, 760, 640)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.fields = HouseholdFields(village_names(ctx.db), new=True)
        self.household_step = _HouseholdStep(self.fields)
        self.head_step = _HeadStep(ctx)
        self.members_step = _MembersStep(ctx, self.head_step)
        self.confirm_step = _ConfirmStep()
        for page in (self.household_step, self.head_step, self.members_step, self.confirm_step):
            self.addPage(page)
        self.currentIdChanged.connect(self._entered)
        self._blank = (self.fields.value(), self.head_step.form.value())   # what an untouched wizard holds

    @property
    def dirty(self) -> bool:
        """Something was typed or chosen since the wizard opened."""
        return (self.fields.value(), self.head_step.form.value()) != self._blank or bool(self.members_step.members)

    def reject(self) -> None:
        """Escape, 取消 and the window's close button: ask before dropping what was typed."""
        if self.dirty and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        return ask(self, "放弃新增", "已填写的户信息和成员尚未保存，确定放弃吗？", yes="放弃", no="继续填写",
                   destructive=True)

    def all_members(self):
        return [self.head_step.form.value()] + self.members_step.members

    def _entered(self, page_id: int) -> None:
        if self.page(page_id) is not self.confirm_step:
            return
        h = self.fields.value()
        members = self.all_members()
        lines = [f"所在村组：{h.village}{h.group}组", f"户类型：{h.type}{'（政策兜底）' if h.policy_guarantee else ''}",
                 f"主要致贫原因：{h.main_cause}；其他：{'、'.join(h.other_causes) or '无'}",
                 f"家庭人口：{len(members)}人（由成员数自动计算）"]
        lines += [f"　{m.relation}：{m.name}（{idcard.normalise(m.id_number)}）"
                  + (f"　{'、'.join(member_flags(m))}" if member_flags(m) else "") for m in members]
        self.confirm_step.summary.setText("\n".join(lines))
        problems = check_members_together(members) + check_type_flags(h.type, members)   # R1.7
        self.confirm_step.error.setText("；".join(p.message for p in problems))

    def accept(self) -> None:
        try:
            self.household_no = svc.create_household(self.ctx.db, self.fields.value(), self.all_members(),
                                                      actor=self.ctx.actor())
        except PjdeskError as exc:
            self.confirm_step.error.setText(f"未保存：{exc.message}")
            QMessageBox.warning(self, "无法建档", exc.message)
            return
        self.ctx.changed.emit("households")
        self.ctx.done.emit(f"已建档：户编号 {self.household_no}（户主 {self.head_step.form.name.text().strip()}）")
        super().accept()
