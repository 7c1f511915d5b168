"""Add or edit one member. 保存 stays disabled until every field is valid; one save = one transaction."""

from __future__ import annotations

from pjdesk.errors import PjdeskError, ValidationError
from pjdesk.registry import households as svc
from pjdesk.registry.queries import MemberDetail, household_detail
from pjdesk.registry.rules import check_member_in_household, check_new_member

from ..widgets.action_dialog import ActionDialog
from .member_form import MemberForm


class MemberDialog(ActionDialog):
    """``household_no`` + no ``member``: add; with ``member`` (from ``household_detail``): edit.
    With ``collect_only`` the dialog only returns the input (the new-household wizard); ``taken_ids``
    are the ID numbers already given to the household's other members there."""

    def __init__(self, ctx, household_no: str = "", member: MemberDetail | None = None, *, collect_only: bool = False,
                 taken_ids: set[str] | None = None, parent=None):
        super().__init__(ctx, "编辑家庭成员" if member else "添加家庭成员", parent=parent, ok_text="保存",
                         form=MemberForm(member, head_locked=bool(household_no) or collect_only))
        self.household_no, self.member = household_no, member
        self.collect_only = collect_only
        self.taken_ids = taken_ids or set()
        # R1.7: the household's type against its members' flags (the household's other current members)
        self.household_type, self.others = "", []
        if household_no and not collect_only:
            detail = household_detail(ctx.db, household_no)
            self.household_type = detail.type
            self.others = [x for x in detail.current_members if not member or x.id != member.id]
        self.save_button = self.ok
        self.revalidate()

    def errors(self) -> list[ValidationError]:
        value = self.form.value()
        errors = check_new_member(value, household_ids=self.taken_ids)
        if not any(e.field == "id_number" for e in errors):        # a valid number: is it free?
            errors += svc.id_number_errors(self.ctx.db, value.id_number,
                                           except_member=self.member.id if self.member else None)
        if self.household_type and (self.member is None or self.member.current):
            errors += check_member_in_household(self.household_type, self.others, value, old=self.member)
        return errors

    def submit(self):
        """Saves the member (unless ``collect_only``); the input is kept in ``result_value``."""
        value = self.form.value()
        if self.collect_only:
            pass
        elif self.member:
            svc.update_member(self.ctx.db, self.member.id, value)
        else:
            svc.add_member(self.ctx.db, self.household_no, value)
        return value

    def done_message(self, result) -> str:
        if self.collect_only:       # nothing saved yet: the wizard saves the household with its members
            return ""
        word = "已保存家庭成员" if self.member else "已添加家庭成员"
        return f"{word}：{result.name}（户编号 {self.household_no}）"

    def show_error(self, exc: PjdeskError) -> None:
        super().show_error(exc)
        if not self.form.unshown([exc]):    # shown under its field: 保存 waits for a correction
            self.save_button.setEnabled(False)
