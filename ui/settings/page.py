"""设置: the office texts printouts use (issuers, supervision phones, posting place, policy basis),
posting days, ID masking, the case-file number, the PDF font, and the helpers' household limit and
overdue-visit days, the 危房改造 advance share and assessment age, whether the identification posting
needs the 六看一听 survey (R1.3) and the exit income lines per year (R1.5, §13). 保存 stores every field in one transaction; a refused value is shown under its
field. A whole number outside its range (``settings.LIMITS``) is kept as typed and refused under its
field with the reason (``settings.errors``) as it is typed and on 保存 — never snapped back silently."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from pjdesk import settings
from pjdesk.errors import PjdeskError, ValidationError
from pjdesk.pairing.queries import helpers_above
from pjdesk.office import check_font, page_settings, save_page_settings
from pjdesk.registry.income_lines import parse_rows
from pjdesk.registry.township import township_info

from ..widgets.form import ValidatedForm

SECTIONS = (
    ("安全", (("idle_lock_minutes", "无操作自动锁屏（分钟）"), ("backup_keep", "保留自动备份（份）"))),
    ("落款单位", (("issuer_village", "村级落款"), ("issuer_township", "乡镇落款"), ("issuer_county", "县级落款"))),
    ("监督电话", (("supervision_phone_village", "村级监督电话"), ("supervision_phone_township", "乡镇监督电话"),
                  ("supervision_phone_county", "县级监督电话"))),
    ("公示", (("posting_place", "户籍公示张贴地点"), ("posting_min_days", "最短公示天数"),
              ("posting_confirm_days", "公示期超过多少天需确认"),
              ("policy_basis_poverty", "识别/脱贫公示政策依据"), ("policy_basis_renovation", "危房改造公示政策依据"),
              ("rejection_appeal_days", "告知书复核期限（天）"))),
    ("身份证号脱敏（公开名单）", (("id_mask_head", "保留前几位"), ("id_mask_tail", "保留后几位"))),
    ("档案与字体", (("casefile_no_format", "一户一册档案编号"), ("pdf_font_path", "PDF 字体文件"))),
    ("贫困户识别与退出", (("survey_required_for_posting", "识别公示须有走访记录"), ("exit_income_lines", "脱贫收入标准"))),
    ("危房改造", (("renovation_advance_share", "竣工验收前最多预拨"), ("assessment_max_age_months", "危房鉴定有效期"))),
    ("帮扶责任人", (("helper_household_limit", "每名帮扶责任人最多帮扶"), ("visit_overdue_days", "走访超期天数"))),
)
LONG_TEXT = ("policy_basis_poverty", "policy_basis_renovation")
SUFFIXES = {"posting_min_days": " 天", "posting_confirm_days": " 天", "rejection_appeal_days": " 天",
            "helper_household_limit": " 户", "renovation_advance_share": " %", "assessment_max_age_months": " 个月", "visit_overdue_days": " 天", "id_mask_head": " 位", "id_mask_tail": " 位"}
# Shown under the field: what the number means and why its range is what it is.
HINTS = {
    "posting_min_days": "规划规定公示不少于7天，可以延长（最多60天），不能缩短。",
    "backup_keep": "每天关闭程序时自动备份一份，备份文件夹中保留最近这么多份，更早的自动删除（3至100份）。",
    "helper_household_limit": "规划规定每名帮扶责任人最多帮扶5户贫困户。本乡镇可以定得更严（1至5户），"
                              "但不能超过5户。",
    "visit_overdue_days": "超过这么多天没有帮扶记录的户列入“超期未走访”（7至365天）。",
    "renovation_advance_share": "默认0%：竣工验收合格后才能向农户拨付补助；县里规定可预拨一部分时，填写其比例（0至100%）。",
    "assessment_max_age_months": "申请之日危房鉴定距今超过这么多个月的，需重新鉴定（1至60个月）。",
    "survey_required_for_posting": "规划要求“六看一听一公示”：先入户走访，再张榜公示。勾选时，贫困户识别公示只列入公示开始日"
                                   "前已登记走访记录的户，打印时说明未列入的户数。",
    "exit_income_lines": "规划没有规定脱贫的收入标准（脱贫标准是“两不愁、三保障”），默认不设。县里规定某年度的标准后在此填写"
                         "（元/人/年）：该年度人均纯收入低于标准的户不能标记预脱贫、脱贫。没有行即不设。",
    "posting_confirm_days": "开启公示时，公示期超过这么多天（如误点了年份）要先确认再保存（7至60天；公示期最长60天）。",
}
# A spin box takes any whole number in this span, so what the clerk typed stays and its range is checked
# by ``settings.check`` with the reason, instead of the box snapping it back without a word.
SPIN_SPAN = (-999, 99999)


def _note(text: str, name: str, colour: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    return label


class FontPicker(QWidget):
    """Font file path with 浏览… and 检查字体; the check's answer is shown below."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path = QLineEdit(objectName="pdf_font_path")
        self.path.setPlaceholderText("留空：自动查找系统中的宋体、黑体、微软雅黑或文泉驿字体")
        browse = QPushButton("浏览…", objectName="font_browse")
        browse.clicked.connect(self.browse)
        check = QPushButton("检查字体", objectName="font_check")
        check.clicked.connect(self.check)
        self.result = QLabel("", objectName="font_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(check)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(row)
        col.addWidget(self.result)
        self.changed = self.path.textChanged

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择中文字体文件", self.path.text(),
                                              "TrueType 字体 (*.ttf *.ttc);;所有文件 (*)")
        if path:
            self.path.setText(path)
            self.check()

    def check(self) -> bool:
        ok, message = check_font(self.path.text())
        self.result.setText(message)
        self.result.setStyleSheet("" if ok else "color: #c0392b;")
        return ok


class IncomeLinesEditor(QWidget):
    """年度 → 元/人/年 rows with 删除 on each and 添加年度 below; no rows means no income line is set.
    What is typed stays as typed; ``income_lines.parse_rows`` says what is wrong with it."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QWidget, QLineEdit, QLineEdit]] = []
        self.empty = QLabel("未设置收入标准", objectName="income_lines_empty")
        self.empty.setStyleSheet("color: #666;")
        add = QPushButton("添加年度", objectName="income_add")
        add.clicked.connect(lambda _c=False: self.add_row(focus=True))
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.empty)
        bottom.addWidget(add)
        bottom.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(self.rows_box)
        col.addLayout(bottom)

    def add_row(self, year: str = "", yuan: str = "", *, focus: bool = False) -> None:
        row = QWidget()
        year_edit = QLineEdit(year, objectName="income_year")
        year_edit.setPlaceholderText("年度，如 2017")
        year_edit.setMaximumWidth(120)
        yuan_edit = QLineEdit(yuan, objectName="income_yuan")
        yuan_edit.setPlaceholderText("如 3146")
        yuan_edit.setMaximumWidth(120)
        remove = QPushButton("删除", objectName="income_remove")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(year_edit)
        line.addWidget(QLabel("年"))
        line.addWidget(yuan_edit)
        line.addWidget(QLabel("元/人/年"))
        line.addWidget(remove)
        line.addStretch(1)
        entry = (row, year_edit, yuan_edit)
        self.rows.append(entry)
        self.rows_box.addWidget(row)
        for edit in (year_edit, yuan_edit):
            edit.textChanged.connect(lambda *_a: self.changed.emit())
        remove.clicked.connect(lambda _c=False, e=entry: self.remove_row(e))
        self.empty.setVisible(False)
        if focus:
            year_edit.setFocus()
        self.changed.emit()

    def remove_row(self, entry) -> None:
        self.rows.remove(entry)
        entry[0].setParent(None)
        entry[0].deleteLater()
        self.empty.setVisible(not self.rows)
        self.changed.emit()

    def set_lines(self, lines: dict) -> None:
        for entry in list(self.rows):
            self.remove_row(entry)
        for year, yuan in sorted((lines or {}).items()):
            self.add_row(str(year), str(yuan))
        self.empty.setVisible(not self.rows)

    def texts(self) -> list[tuple[str, str]]:
        return [(y.text(), v.text()) for _, y, v in self.rows]


class SettingsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        info = township_info(ctx.db)
        township = info.name if info else "本乡镇"
        title = QLabel("设置")
        title.setProperty("role", "pageTitle")
        self.form = ValidatedForm()
        self.widgets: dict[str, QWidget] = {}
        for section, fields in SECTIONS:
            heading = QLabel(section)
            heading.setStyleSheet("font-weight: bold; padding-top: 10px;")
            self.form.layout_.addRow(heading)
            for key, label in fields:
                self.widgets[key] = self.form.add(key, label, self._widget(key))
                if key in HINTS:
                    self.form.layout_.addRow("", _note(HINTS[key], f"hint_{key}", "#666"))
                if key == "helper_household_limit":
                    # Lowering the limit below some helpers' load: allowed (their pairings stay), but say so.
                    self.limit_note = _note("", "limit_note", "#b9770e")
                    self.limit_note.hide()
                    self.form.layout_.addRow("", self.limit_note)
        self.widgets["helper_household_limit"].valueChanged.connect(self._limit_changed)
        self.font_picker: FontPicker = self.widgets["pdf_font_path"]  # type: ignore[assignment]
        self.widgets["issuer_village"].setPlaceholderText("留空：××村村民委员会（可用 {村} 代表村名）")
        self.widgets["issuer_township"].setPlaceholderText(f"留空：{township}人民政府")
        self.widgets["casefile_no_format"].setToolTip("可用 {乡镇}、{年}、{序号}，如 {乡镇}危改字〔{年}〕{序号}号")
        for key in ("supervision_phone_village", "supervision_phone_township", "supervision_phone_county"):
            self.widgets[key].setPlaceholderText("如 0730-6xxxxxx；留空则打印空白横线，手写填入")

        self.save_button = QPushButton("保存", objectName="save")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton("放弃修改", objectName="revert")
        revert.clicked.connect(self.load)
        self.status = QLabel("", objectName="status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(revert)
        buttons.addWidget(self.status, 1)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.form)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.load()
        self.form.edited.connect(self._edited)
        ctx.changed.connect(self._on_changed)

    def _widget(self, key: str) -> QWidget:
        if key == "pdf_font_path":
            return FontPicker()
        if key == "survey_required_for_posting":
            return QCheckBox("识别公示只列入已登记“六看一听”走访记录的户", objectName=key)
        if key == "exit_income_lines":
            editor = IncomeLinesEditor()
            editor.setObjectName(key)
            return editor
        if key in settings.LIMITS:
            low, high = settings.LIMITS[key]
            box = QSpinBox(objectName=key)
            box.setRange(*SPIN_SPAN)
            box.setSuffix(SUFFIXES.get(key, ""))
            box.setMaximumWidth(120)
            box.setToolTip(f"{low}至{high}之间的整数")
            return box
        if key in LONG_TEXT:
            edit = QPlainTextEdit(objectName=key)
            edit.setFixedHeight(64)
            return edit
        return QLineEdit(objectName=key)

    # ---- values
    def load(self) -> None:
        stale: list[ValidationError] = []
        values = page_settings(self.ctx.db)
        for key, w in self.widgets.items():
            value = values[key] if key in values else settings.value(self.ctx.db, key)
            if isinstance(w, FontPicker):
                w.path.setText(value)
                w.result.setText("")
            elif isinstance(w, QSpinBox):
                shown, problem = settings.shown_value(key, value)  # stored before the range existed, or by hand
                w.setValue(shown)
                if problem:
                    stale.append(problem)
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, IncomeLinesEditor):
                w.set_lines(value)
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(value)
            else:
                w.setText(value)
        self.form.show_errors(stale)
        self.status.setText("")
        self._limit_changed()

    def _edited(self) -> None:
        self.status.setText("")
        self.form.show_errors(self.range_errors())

    def range_errors(self) -> list[ValidationError]:
        """The whole-number fields' problems, each with its reason (``settings.errors``), and the income
        lines' (``income_lines.parse_rows``: the row and what is wrong)."""
        return (settings.errors({key: w.value() for key, w in self.widgets.items() if isinstance(w, QSpinBox)})
                + parse_rows(self.income_lines.texts())[1])

    @property
    def income_lines(self) -> IncomeLinesEditor:
        return self.widgets["exit_income_lines"]  # type: ignore[return-value]

    def _limit_changed(self, *_a) -> None:
        limit = self.widgets["helper_household_limit"].value()
        above = helpers_above(self.ctx.db, limit)
        self.limit_note.setText(f"现有{above}名帮扶责任人帮扶超过{limit}户：已有的结对保留，但不能再给他们分配新户。"
                                if above else "")
        self.limit_note.setVisible(bool(above))

    def values(self) -> dict:
        out = {}
        for key, w in self.widgets.items():
            if isinstance(w, FontPicker):
                out[key] = w.path.text()
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
            elif isinstance(w, QCheckBox):
                out[key] = w.isChecked()
            elif isinstance(w, IncomeLinesEditor):
                out[key] = parse_rows(w.texts())[0]
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText()
            else:
                out[key] = w.text()
        return out

    def save(self) -> bool:
        problems = self.range_errors()      # every number out of range at once, each beside its field
        if not problems:
            try:
                changed = save_page_settings(self.ctx.db, self.values())
            except ValidationError as exc:
                problems = [exc]
            except PjdeskError as exc:      # a role that may not save settings (issue 14), a busy database
                self.status.setText(f"未保存：{exc.message}")
                return False
        if problems:
            self.form.show_errors(problems)
            self.form.focus_first_error()
            self.status.setText("未保存：请按提示修改。")
            return False
        self.form.show_errors([])
        self.status.setText(f"已保存（修改了{len(changed)}项）。" if changed else "没有修改。")
        if changed:
            self._saving = True
            try:
                self.ctx.changed.emit("settings")
            finally:
                self._saving = False
        return True

    _saving = False

    def _on_changed(self, area: str) -> None:
        if area == "settings" and not self._saving:
            self.load()
