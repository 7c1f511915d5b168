"""The 案件 tab of 易地搬迁: the 危房改造 case list and case view (same review, postings, objections and
printouts), with the relocation's columns and facts, its moving members, and its own steps after approval
(搬迁协议 … 后续扶持) recorded through ``RelocationStepDialog``."""

from __future__ import annotations

from pjdesk.cases.detail import CaseDetail
from pjdesk.cases.relocation import EVENTS, KIND

from ..cases.case_view import CaseView
from ..cases.models import CaseListModel
from ..cases.page import CasesPage
from ..widgets.table_model import RowsModel, table_view
from .models import CASE_COLUMNS, MOVER_COLUMNS
from .new_dialog import NewRelocationDialog
from .step_dialog import RelocationStepDialog


class RelocationCaseView(CaseView):
    def __init__(self, ctx, parent=None, *, today=None):
        super().__init__(ctx, parent, today=today)
        for w in (self.exclusions, self.funds):          # 危房改造 only: exclusion answers, subsidy payments
            self.tabs.removeTab(self.tabs.indexOf(w))
            w.hide()
        self.movers_model = RowsModel(MOVER_COLUMNS, self)
        self.movers = table_view(self.movers_model, "movers", fit="reset")
        self.tabs.insertTab(1, self.movers, "搬迁人员")

    def show_case(self, case_id: int | None) -> None:
        super().show_case(case_id)
        d = self.detail
        if d is None:
            self.movers_model.set_rows([])
            return
        f = d.facts
        rows = [dict(m, note="") for m in f.get("movers", [])]
        if f.get("companions"):
            rows.append({"name": f"同步搬迁{f['companions']}人", "relation": "非本户成员",
                         "note": f.get("companions_note", "")})
        self.movers_model.set_rows(rows)

    def fact_pairs(self, d: CaseDetail) -> list[tuple[str, str]]:
        f = d.facts
        old = f.get("old_house_structure", "")
        if f.get("old_house_state"):
            old += f"，{f['old_house_state']}"
        elif f.get("demolition_due_on"):
            old += f"，须于{f['demolition_due_on']}前拆除"
        pairs = [("户编号", d.household_no), ("村组", f"{d.village}{d.group}组"),
                 ("人口", f"申请时{d.household_size}人，现{d.current_size}人（{d.household_status}）"),
                 ("申请日期", d.applied_on.isoformat()),
                 ("安置点", f"{f.get('site')}（{f.get('site_kind')}）"),
                 ("房号／面积", f"{f.get('unit')}，{f.get('area', 0):g}㎡"),
                 ("搬迁人数", f"{f.get('persons')}人" + (f"（含同步搬迁{f['companions']}人）" if f.get("companions") else "")),
                 ("原住房", old),
                 ("搬迁意愿书", f"{f.get('willing_signed_on')} {f.get('willing_signer')}签字"),
                 ("补助标准", f.get("subsidy_standard", ""))]
        if f.get("over_plan_reason"):
            pairs.append(("超规划安置", f"{f['over_plan_approved_by']}批准：{f['over_plan_reason']}"))
        if f.get("priority"):
            pairs.append(("优先情形", f["priority"]))
        return pairs

    def dialog_for(self, key: str):
        if key in EVENTS and self.detail is not None:
            return RelocationStepDialog(self.ctx, self.detail, key, self, today=self.today)
        return super().dialog_for(key)


class RelocationCasesPage(CasesPage):
    KIND = KIND
    TITLE = "易地搬迁"
    NEW_TEXT = "新建搬迁申请…"
    WIDTHS = {"case_no": 104, "village": 84, "head_name": 56, "household_size": 40, "stage": 128, "site": 110,
              "unit": 70, "area": 52, "old_house": 56}

    def make_model(self) -> CaseListModel:
        return CaseListModel(self, CASE_COLUMNS)

    def _fit_stage_column(self) -> None:
        """安置点 too as wide as its longest name (洪家塅安置区 二期), never cut."""
        super()._fit_stage_column()
        col, fm = self.model.col["site"], self.table.fontMetrics()
        texts = {self.model.index(r, col).data() for r in range(self.model.rowCount())} | {"安置点"}
        self.table.setColumnWidth(col, max(fm.horizontalAdvance(t) for t in texts) + 24)

    def make_view(self) -> CaseView:
        return RelocationCaseView(self.ctx, today=self.today)

    def new_case_dialog(self):
        return NewRelocationDialog(self.ctx, self, today=self.today)
