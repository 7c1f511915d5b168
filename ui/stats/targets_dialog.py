"""年度脱贫目标: the township's own target per year; a blank field uses the plan's county target scaled to
the township (shown as the field's placeholder)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from pjdesk.stats.targets import exit_targets, set_exit_targets, target_errors

from ..widgets.action_dialog import ActionDialog


class TargetsDialog(ActionDialog):
    area = "settings"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "年度脱贫目标", parent=parent, ok_text="保存",
                         intro="各年度本乡镇应脱贫户数。留空即按规划：全县目标（规划表2.1）乘以本乡镇建档立卡户数占全县"
                               "贫困户（55821户）的比例。填写的目标记下设定日期。")
        self.fields: dict[int, QLineEdit] = {}
        for t in exit_targets(ctx.db):
            edit = QLineEdit(objectName=f"target_{t.year}")
            edit.setPlaceholderText(f"按规划 {t.default} 户" if t.default is not None else "规划未定")
            if not t.is_default:
                edit.setText(str(t.households))
                edit.setToolTip(f"{t.set_on:%Y-%m-%d} 设定")
            self.fields[t.year] = self.form.add(str(t.year), f"{t.year}年（户）", edit)
        self.revalidate()

    def values(self) -> dict:
        return {year: (edit.text().strip() or None) for year, edit in self.fields.items()}

    def errors(self):
        return target_errors({y: v for y, v in self.values().items() if v is not None})

    def submit(self):
        return set_exit_targets(self.ctx.db, self.values())

    def done_message(self, result) -> str:
        return f"已保存年度脱贫目标（{'、'.join(f'{y}年' for y in result)}）" if result else "年度脱贫目标未改变"
