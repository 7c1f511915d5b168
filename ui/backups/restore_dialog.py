"""从备份恢复: what the chosen backup would replace, said before anything is done (issue 14)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from pjdesk import backups

from ..widgets.action_dialog import ActionDialog


class RestoreDialog(ActionDialog):
    """Shows ``plan.summary()`` (township, households, date of the backup, the current database); 恢复
    calls ``pjdesk.backups.restore`` (管理员; the current database is backed up first)."""

    def __init__(self, ctx, plan: backups.RestorePlan, parent=None):
        super().__init__(ctx, "从备份恢复", parent=parent, ok_text="恢复", cancel_text="取消")
        self.plan = plan
        self.summary = QLabel(plan.summary(), objectName="restore_summary")
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(520)
        self.body.insertWidget(0, self.summary)
        self.ok.setDefault(False)
        self.cancel.setDefault(True)       # the safe answer is the default (Enter does not restore)
        self.revalidate()

    def submit(self):
        return backups.restore(self.ctx.db, self.plan.source)

    def done_message(self, result) -> str:
        return f"已从备份恢复：{result.plan.township}，{result.plan.households}户"
