"""六看一听一公示 (RULES.md R1.3) in the household dialog: the 走访（六看一听） tab lists the household's
visits, newest first; 新增走访记录 opens ``SurveyDialog``. The checks are ``pjdesk.registry.survey``'s
(``check_survey``), the same the service calls; a message shows beside its field once the field was
edited, and beside every field when 确定 is pressed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pjdesk.registry import vocab
from pjdesk.registry.queries import household_detail
from pjdesk.registry.survey import (LOOKS, MAX_ITEM, MAX_SURVEYORS, SurveyInput, SurveyRecord,
                                    check_survey, household_surveys, record_survey)

from ..widgets.action_dialog import ActionDialog
from ..widgets.form import ValidatedForm, date_edit, date_value, text_box
from ..widgets.screen import size_to_screen
from ..widgets.table_model import Col, RowsModel, table_view

PLACEHOLDERS = {
    "look_car": "例如：无机动车，有一辆旧摩托车",
    "look_house": "例如：土木结构，墙体开裂，屋面漏雨",
    "look_poverty": "例如：人均纯收入低，无存款，有外债",
    "look_cause": "例如：户主患慢性病，长期服药",
    "look_school": "例如：一子读初二，无辍学",
    "look_labour": "例如：配偶为普通劳动力，户主丧失劳动力",
    "listen": "例如：村民代表反映情况属实，无异议",
    "findings": "居住条件、就业渠道、收入来源、贫困程度、致贫原因（可选）",
    "needs": "例如：产业扶持、危房改造、医疗救助（可选）",
}
TEXT_COLUMNS = (("look_car", "一看车"), ("look_house", "二看房"), ("look_poverty", "三看贫困程度"),
                ("look_cause", "四看致贫原因"), ("look_school", "五看子女上学"), ("look_labour", "六看劳动能力"),
                ("listen", "听取群众意见"), ("findings", "走访结论"), ("needs", "脱贫需求"))


def _short(text: str, n: int = 14) -> str:
    line = " ".join(text.split())
    return line if len(line) <= n else line[:n - 1] + "…"


SURVEY_COLUMNS = (
    Col("surveyed_on", "走访日期", lambda r: f"{r.surveyed_on:%Y-%m-%d}", centre=True),
    Col("surveyors", "走访人", lambda r: r.surveyors),
    *(Col(key, header, lambda r, k=key: _short(getattr(r, k)), sort=lambda r, k=key: getattr(r, k))
      for key, header in TEXT_COLUMNS),
    Col("recorded_by", "经办人", lambda r: r.recorded_by),
)


def _full_text(row: SurveyRecord, key: str) -> str | None:
    """A cell's whole text as its tooltip (the cell shows the start)."""
    value = getattr(row, key, None)
    return value if isinstance(value, str) and value else None


class SurveyTab(QWidget):
    """The household's 六看一听 visits with 新增走访记录 (hidden for a struck-off household)."""

    def __init__(self, ctx, household_no: str, parent=None):
        super().__init__(parent)
        self.ctx, self.household_no = ctx, household_no
        self.add_button = QPushButton("新增走访记录", objectName="add_survey")
        self.add_button.clicked.connect(lambda _c=False: self.add_survey())
        self.summary = QLabel("", objectName="survey_summary")
        self.summary.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.summary, 1)
        self.model = RowsModel(SURVEY_COLUMNS, self, tip=_full_text)
        self.table = table_view(self.model, "surveys")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.reload()
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, area: str) -> None:
        if area == "households":        # e.g. 销户 in the 状态记录 tab: no more visits then
            self.reload()

    def reload(self) -> None:
        rows = household_surveys(self.ctx.db, self.household_no)
        self.model.set_rows(rows)
        status = household_detail(self.ctx.db, self.household_no).status
        self.add_button.setVisible(status != vocab.STATUS_CLOSED)
        self.summary.setText(f"共{len(rows)}次走访，最近一次{rows[0].surveyed_on:%Y-%m-%d}（{rows[0].surveyors}）。"
                             if rows else "尚无六看一听走访记录：识别公示只列入已走访的户（可在“设置”中调整）。")

    def add_survey(self) -> None:
        if SurveyDialog(self.ctx, self.household_no, parent=self).exec():
            self.reload()


class SurveyDialog(ActionDialog):
    """登记一次六看一听走访: date, who, the six looks and the listen (each required), findings, needs."""

    def __init__(self, ctx, household_no: str, parent=None):
        detail = household_detail(ctx.db, household_no)
        super().__init__(ctx, f"六看一听走访：{detail.head_name}户",
                         f"户编号 {detail.household_no}，{detail.village}{detail.group}组，识别年度"
                         f"{detail.identified_year}年。六看和一听每一项都要写明走访所见。", parent)
        self.detail = detail
        self.today = dt.date.today()
        self._touched: set[str] = set()
        self._tried = False
        f = self.form
        self.date = self._add(f, "surveyed_on", "走访日期：", date_edit(self.today, self.today))
        self.surveyors = self._add(f, "surveyors", "走访人：", QLineEdit(objectName="surveyors"))
        self.surveyors.setPlaceholderText("如 李村长、张站长（多人用顿号分隔）")
        self.surveyors.setMaxLength(MAX_SURVEYORS + 20)   # longer is refused with the count, not cut silently
        self.texts: dict[str, QWidget] = {}
        for key, label in LOOKS:
            edit = QLineEdit(objectName=key)
            edit.setMaxLength(MAX_ITEM + 100)
            self.texts[key] = self._add(f, key, f"{label}：", edit)
        # the listen, findings and needs take a few lines: a second column beside the looks
        self.more = self.add_form(ValidatedForm())
        for key, label, height in (("listen", "一听：听取群众意见", 72), ("findings", "走访结论", 72),
                                   ("needs", "脱贫需求", 56)):
            self.texts[key] = self._add(self.more, key, f"{label}：", text_box(height=height))
        for key, widget in self.texts.items():
            widget.setPlaceholderText(PLACEHOLDERS[key])
        self.body.removeWidget(self.form)
        columns = QHBoxLayout()
        columns.addWidget(self.form, 5)
        columns.addWidget(self.more, 4)
        self.body.insertLayout(1, columns)
        self.ok.setText("确定")
        size_to_screen(self, 960, 460)
        self.revalidate()

    def _add(self, form: ValidatedForm, key: str, label: str, widget: QWidget) -> QWidget:
        form.add(key, label, widget)
        signal = getattr(widget, "textChanged", None) or getattr(widget, "dateChanged", None)
        signal.connect(lambda *_a, k=key: self._touched.add(k))
        return widget

    def value(self) -> SurveyInput:
        texts = {key: (w.toPlainText() if hasattr(w, "toPlainText") else w.text()) for key, w in self.texts.items()}
        return SurveyInput(surveyed_on=date_value(self.date), surveyors=self.surveyors.text(), **texts)

    def errors(self):
        errors = check_survey(self.value(), identified_year=self.detail.identified_year, status=self.detail.status,
                              today=self.today)
        # A fresh form is not a page of red lines: a field's message shows once it was edited, every
        # message once 确定 was pressed.
        return errors if self._tried else [e for e in errors if e.field in self._touched]

    def accept(self) -> None:
        self._tried = True
        super().accept()

    def submit(self) -> int:
        return record_survey(self.ctx.db, self.detail.household_no, self.value(), actor=self.ctx.actor(),
                             today=self.today)

    def done_message(self, result) -> str:
        return f"已登记六看一听走访记录：户编号 {self.detail.household_no}（户主 {self.detail.head_name}，" \
               f"{date_value(self.date):%Y-%m-%d}）"

