"""One case: its facts, the actions valid now (and only those), its printouts (审批表, 一户一册, for a
refused case the 告知书, and the 公示名单 of each posting it was on — through the shared print path:
font check → background job → preview), and tabs with the timeline, the exclusion checklist, subsidy
and payments, and attachments."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from pjdesk.cases.detail import case_detail
from pjdesk.cases.detail import CaseDetail, PostingRef
from pjdesk.cases.stages import REJECTED

from ..auth.audit_view import RecordAuditTab
from ..widgets.table_model import RowsModel, table_view
from .action_dialogs import (AcceptanceDialog, ConstructionDialog, DecisionDialog, DisbursementDialog,
                             ObjectionDialog, VerifyDialog)
from .attachments_view import AttachmentsView
from .models import EXCLUSION_COLUMNS, FUND_COLUMNS, TimelineModel

DIALOGS = {"decide": DecisionDialog, "object": ObjectionDialog, "verify": VerifyDialog, "accept": AcceptanceDialog,
           "disburse": DisbursementDialog}


class CaseView(QWidget):
    posting_requested = Signal(str, str, int)     # village, stage, case id
    last_job = None                               # the print path (ui/printing/launch.py) keeps these
    last_preview = None
    _busy = False                                 # a printout is being generated

    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.detail: CaseDetail | None = None
        self.title = QLabel("请在左侧选择案件", objectName="case_title")
        self.title.setProperty("role", "pageTitle")
        self.stage = QLabel("", objectName="case_stage")
        self.stage.hide()
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.stage)
        head.addStretch(1)

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(14)
        self.facts.setVerticalSpacing(4)
        self.actions = QGridLayout()     # ACTIONS_PER_ROW buttons a row: whole texts on a 1024-wide screen
        self.actions.setHorizontalSpacing(6)
        self.actions.setVerticalSpacing(4)
        self.action_buttons: dict[str, QPushButton] = {}
        self.prints = QHBoxLayout()
        self.prints.setSpacing(6)
        self.print_buttons: dict[str, QPushButton] = {}

        self.timeline_model = TimelineModel(self)
        self.timeline = table_view(self.timeline_model, "timeline", multi=True, fit=None, striped=True,
                                   widths={"date": 88, "title": 138, "actor": 150})
        self.timeline.horizontalHeader().setStretchLastSection(False)   # widths set by _fit_timeline
        self.timeline.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.exclusions_model = RowsModel(EXCLUSION_COLUMNS, self)
        self.exclusions = table_view(self.exclusions_model, "exclusions", multi=True, fit="reset",
                                     widths={"condition": 330})
        self.funds_model = RowsModel(FUND_COLUMNS, self)
        self.funds = table_view(self.funds_model, "funds", multi=True, fit="reset")
        self.attachments = AttachmentsView(ctx)
        self.tabs = QTabWidget(objectName="case_tabs")
        self.tabs.addTab(self.timeline, "办理经过")
        self.tabs.addTab(self.exclusions, "排除条件")
        self.tabs.addTab(self.funds, "补助与拨付")
        self.tabs.addTab(self.attachments, "附件")
        self.audit = RecordAuditTab(ctx)         # issue 14: who changed what in this case
        self.tabs.addTab(self.audit, "变更记录")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.facts)
        layout.addLayout(self.actions)
        layout.addLayout(self.prints)
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)

    # ---- showing
    def show_case(self, case_id: int | None) -> None:
        if case_id is None:
            self.detail = None
            self.title.setText("请在左侧选择案件")
            self.stage.hide()
            self._set_facts([])
            self._set_actions([])
            self._set_prints(None)
            self.timeline_model.set_rows([])
            self.tabs.setEnabled(False)
            return
        d = self.detail = case_detail(self.ctx.db, case_id, today=self.today)
        self.title.setText(f"{d.case_no}　{d.kind_label}　{d.head_name}户")
        self.stage.setText(d.stage + (f"（{d.stage_note}）" if d.stage_note and d.status == "办理中" else "")
                           if d.status == "办理中" else f"{d.status}（{d.stage}）" if d.status != "已归档" else "已归档")
        colour = {"办理中": "#b3261e", "已归档": "#2e7d32"}.get(d.status, "#6b7280")
        self.stage.setStyleSheet(f"QLabel {{ background: {colour}; color: white; padding: 3px 10px; "
                                 "border-radius: 9px; }")
        self.stage.show()
        f = d.facts
        self._set_facts(self.fact_pairs(d))
        self._set_actions(d.actions)
        self._set_prints(d)
        self.timeline_model.set_rows(d.timeline)
        self._fit_timeline()
        QTimer.singleShot(0, self.timeline, self.timeline.scrollToBottom)  # after the rows took their wrapped heights
        self.exclusions_model.set_rows(f.get("exclusions", []))
        lines = [(l.item, l.department or "—", f"{l.amount:,}", "到户" if l.to_household else "集居点基础设施，不到户")
                 for l in d.subsidy_lines]
        pays = [(f"拨付 {p['date']}", p["department"], f"{p['amount']:,}",
                 f"账号****{p['bank_account'][-4:]} {p['voucher_no']} {p['note']}".strip()) for p in d.disbursements]
        totals = []
        if d.subsidy is not None:
            word = "核定补助合计" if d.subsidy_approved else "预计补助合计"
            totals.append((word, "", f"{d.subsidy:,}", "到户"))
            if d.infrastructure:
                totals.append(("集居点基础设施配套", "", f"{d.infrastructure:,}", "不到户"))
            totals.append(("已拨付合计", "", f"{d.paid:,}",
                           f"未拨付{d.outstanding:,}元" if d.outstanding is not None else "尚未核定"))
        self.funds_model.set_rows(lines + pays + totals)
        self.attachments.show_case(d.id, d.attachments)
        self.audit.show_case(d.id)
        self.tabs.setEnabled(True)

    def fact_pairs(self, d: CaseDetail) -> list[tuple[str, str]]:
        """(label, text) of the case's facts, two a row (易地搬迁 shows its own: ui/relocation/cases_tab.py)."""
        f = d.facts
        subsidy = "—" if d.subsidy is None else f"{d.subsidy:,}元" + ("" if d.subsidy_approved else "（预计）")
        paid = f"{d.paid:,}元" + (f"，未拨付{d.outstanding:,}元" if d.outstanding else "")
        grade = f.get("danger_grade") or f.get("house_structure", "")
        assess = f"{grade}级（{f.get('assessment_agency')} {f.get('assessed_on')}）" if f.get("danger_grade") else grade
        areas = "／".join(f"{x:g}㎡" if x else "—"
                         for x in (f.get("main_area"), f.get("annex_area"), f.get("homestead_area")))
        return [("户编号", d.household_no), ("村组", f"{d.village}{d.group}组"),
                ("人口", f"申请时{d.household_size}人，现{d.current_size}人（{d.household_status}）"),
                ("申请日期", d.applied_on.isoformat()),
                ("改造方式", f"{f.get('mode')}·{f.get('build_type')}" + (f"（{f.get('cluster_site')}）"
                                                                     if f.get("cluster_site") else "")),
                ("户型", f"{f.get('house_type')}㎡" if f.get("house_type") else "不适用（修缮加固）"),
                ("危房鉴定", assess), ("正房／附屋／宅基", areas),
                ("核定补助" if d.subsidy_approved else "补助标准", subsidy), ("已拨付", paid)]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_timeline()

    ACTIONS_PER_ROW = 3

    TIMELINE_CAPS = {"date": 0, "title": 130, "actor": 110}   # widest a column gets (0: its contents; longer wraps)
    TIMELINE_DETAIL_MIN = 170      # 内容 never narrower: a posting entry reads in three lines at most

    def _fit_timeline(self) -> None:
        """日期, 事项 and 办理人 as wide as their contents (capped; 办理人 stays narrow when empty), 内容 the
        rest and at least ``TIMELINE_DETAIL_MIN`` (a narrow window scrolls the timeline sideways)."""
        view, m = self.timeline, self.timeline_model
        fm = view.fontMetrics()
        used = 0
        for key, cap in self.TIMELINE_CAPS.items():
            col = m.col[key]
            texts = [m.index(r, col).data() or "" for r in range(m.rowCount())] + [m.columns[col].header]
            width = max(fm.horizontalAdvance(t) for t in texts) + 16
            width = min(width, cap) if cap else width
            view.setColumnWidth(col, width)
            used += width
        room = view.viewport().width() - used
        view.setColumnWidth(m.col["detail"], max(self.TIMELINE_DETAIL_MIN, room))

    def refresh(self) -> None:
        self.show_case(self.detail.id if self.detail else None)

    def _set_facts(self, pairs) -> None:
        while self.facts.count():
            w = self.facts.takeAt(0).widget()
            if w:
                w.deleteLater()
        for i, (k, v) in enumerate(pairs):
            key = QLabel(k)
            key.setStyleSheet("color: #5b6573;")
            val = QLabel(str(v))
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            val.setWordWrap(True)
            self.facts.addWidget(key, i // 2, (i % 2) * 2)
            self.facts.addWidget(val, i // 2, (i % 2) * 2 + 1)
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 1)

    def _set_actions(self, actions) -> None:
        while self.actions.count():
            item = self.actions.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.action_buttons = {}
        for i, a in enumerate(actions):
            b = QPushButton(a.label, objectName=f"action_{a.key}")
            b.clicked.connect(lambda _=False, key=a.key: self.run_action(key))
            b.setMinimumWidth(b.sizeHint().width())     # never squeezed below its text on a narrow screen
            self.actions.addWidget(b, i // self.ACTIONS_PER_ROW, i % self.ACTIONS_PER_ROW)
            self.action_buttons[a.key] = b
        self.actions.setColumnStretch(self.ACTIONS_PER_ROW, 1)

    def _set_prints(self, d: CaseDetail | None) -> None:
        while self.prints.count():
            item = self.prints.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.print_buttons = {}
        if d is None:
            return
        specs = [("approval", "打印审批表", self.print_approval), ("casefile", "打印一户一册", self.print_casefile)]
        if d.status == REJECTED:
            specs.append(("rejection", "打印告知书", self.print_rejection))
        if d.postings:
            specs.append(("posting", "打印公示名单", lambda: self.print_posting()))
        for key, text, slot in specs:
            b = QPushButton(text, objectName=f"print_{key}")
            b.clicked.connect(lambda _=False, slot=slot: slot())
            b.setEnabled(not self._busy)
            b.setMinimumWidth(b.sizeHint().width())
            self.prints.addWidget(b)
            self.print_buttons[key] = b
        if len(d.postings) > 1:  # one entry per posting the case was on, the latest first
            menu = QMenu(self.print_buttons["posting"])
            for p in reversed(d.postings):
                menu.addAction(_posting_title(p), lambda batch=p.id: self.print_posting(batch))
            self.print_buttons["posting"].setMenu(menu)
        self.prints.addStretch(1)

    # ---- printing (ui/printing/launch.py: font check → background job → preview)
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for b in self.print_buttons.values():
            b.setEnabled(not busy)

    def _print(self, what: str, write, warning: str = ""):
        from ui.printing.launch import print_preview  # QtPdf loads only when printing (start-up time)

        if self.detail is None:
            return None
        self.last_preview = None
        return print_preview(self, what, write, warning=warning)

    def print_approval(self):
        from pjdesk.cases.printouts import write_approval_batch  # reportlab loads only when printing (start-up time)

        db, case = self.ctx.db, self.detail.case_no
        return self._print(f"{case}审批表", lambda path, p: write_approval_batch(db, path, case=case, progress=p))

    def print_casefile(self):
        from pjdesk.cases.printouts import write_case_file_pdf  # reportlab loads only when printing (start-up time)

        db, case = self.ctx.db, self.detail.case_no
        return self._print(f"{case}一户一册", lambda path, p: write_case_file_pdf(db, case, path, p))

    def print_rejection(self):
        from pjdesk.cases.printouts import write_rejection_pdf  # reportlab loads only when printing (start-up time)

        db, case = self.ctx.db, self.detail.case_no
        return self._print(f"{case}不予通过告知书", lambda path, p: write_rejection_pdf(db, case, path, p))

    def print_posting(self, batch_id: int | None = None):
        """The 公示名单 of a posting the case was on (default: its latest)."""
        from pjdesk.cases.printouts import write_batch_disclosure  # reportlab loads only when printing (start-up time)
        from pjdesk.office import supervision_warning  # start-up: loads with the printing code it serves

        if self.detail is None or not self.detail.postings:
            return None
        batch = next((p for p in self.detail.postings if p.id == batch_id), self.detail.postings[-1])
        db = self.ctx.db
        return self._print(f"第{batch.id}批{batch.stage}公示名单",
                           lambda path, p: write_batch_disclosure(db, batch.id, path, p),
                           warning=supervision_warning(db, self.detail.village))

    # ---- acting
    def dialog_for(self, key: str):
        d = self.detail
        if key in DIALOGS:
            return DIALOGS[key](self.ctx, d, self, today=self.today)
        if key in ("开工", "施工检查", "拆旧协议", "拆旧完成"):
            return ConstructionDialog(self.ctx, d, key, self, today=self.today)
        return None

    def run_action(self, key: str) -> None:
        if self.detail is None:
            return
        if key == "post":
            self.posting_requested.emit(self.detail.village, self.detail.stage, self.detail.id)
            return
        if key == "attach":
            self.tabs.setCurrentWidget(self.attachments)
            self.attachments.add()
            return
        dialog = self.dialog_for(key)
        if dialog is not None:
            dialog.exec()


def _posting_title(p: PostingRef) -> str:
    return f"第{p.id}批 {p.stage}（{p.start_on:%Y-%m-%d}至{p.end_on:%Y-%m-%d}，{p.place}）"
