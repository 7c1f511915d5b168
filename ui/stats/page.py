"""统计: the township's figures in charts (issue 15) — households by status, village, type and main cause;
exits per year against the targets; the helpers' load; the renovation and relocation pipelines; the
monthly trend of changes. Clicking a bar opens the household or case list filtered to what it counts.

Every figure comes from ``pjdesk.stats.overview.overview`` (what ``pjdesk stats --format json`` prints),
read in a background job (``ui/runner.Job``) when the page is first shown and again after a change
(``AppContext.changed``) while it is shown, or when it is next shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QMenu, QPushButton, QScrollArea,
                               QTabWidget, QVBoxLayout, QWidget)

from pjdesk.registry import vocab
from pjdesk.stats.overview import TREND_KINDS, Overview, overview

from ..runner import Job
from .charts import BarChart, LineChart, Series

ALL = "全部"
LOADING = "正在统计…"
HOUSEHOLDS = "户籍台账"
HELPERS = "帮扶责任人"
CASE_AREAS = {"renovation": "危房改造", "relocation": "易地搬迁"}


class StatsPage(QWidget):
    loaded = Signal()            # a fresh overview is on the charts

    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.data: Overview | None = None
        self.is_loaded = False
        self._stale = False
        self._job: Job | None = None
        self.last_export: str | None = None

        title = QLabel("统计")
        title.setProperty("role", "pageTitle")
        self.summary = QLabel(LOADING, objectName="summary")
        self.summary.setProperty("role", "count")
        refresh = QPushButton("刷新", objectName="refresh")
        refresh.clicked.connect(lambda: self.refresh())
        targets = QPushButton("年度目标…", objectName="targets")
        targets.clicked.connect(lambda: self.edit_targets())
        self.export_button = QPushButton("导出", objectName="export_menu")
        menu = QMenu(self.export_button)
        menu.addAction("各图存为 PNG…", lambda: self.export("png"))
        menu.addAction("数据存为 Excel…", lambda: self.export("xlsx"))
        menu.addAction("摘要存为 PDF…", lambda: self.export("pdf"))
        self.export_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        for b in (refresh, targets, self.export_button):
            top.addWidget(b)

        self.status_chart = BarChart("各状态户数", "chart_status")
        self.village_chart = BarChart("各村户数（按状态）", "chart_village")
        self.type_chart = BarChart("贫困户类型", "chart_type")
        self.cause_chart = BarChart("主要致贫原因", "chart_cause", horizontal=True)
        self.exits_chart = BarChart("年度脱贫户数与目标", "chart_exits")
        self.load_chart = BarChart("帮扶责任人负担（帮扶户数的人数分布）", "chart_load",
                                   bottom_label="当前帮扶户数")
        self.pipeline_village = QComboBox(objectName="pipeline_village")
        self.pipeline_village.currentTextChanged.connect(lambda _t: self._show_pipelines())
        self.renovation_chart = BarChart("危房改造进度（各阶段案件数）", "chart_renovation", horizontal=True)
        self.relocation_chart = BarChart("易地搬迁进度（各阶段案件数）", "chart_relocation", horizontal=True)
        for chart in (self.renovation_chart, self.relocation_chart):
            chart.plot.setMinimumHeight(330)    # a line per stage (12), each name whole
        self.trend_chart = LineChart("每月变动（户）", "chart_trend")
        for chart in (self.status_chart, self.village_chart, self.type_chart, self.cause_chart, self.exits_chart,
                      self.load_chart, self.renovation_chart, self.relocation_chart):
            chart.hint = "（点击查看名单）"
        self.charts = {"status": self.status_chart, "village": self.village_chart, "type": self.type_chart,
                       "cause": self.cause_chart, "exits": self.exits_chart, "load": self.load_chart,
                       "renovation": self.renovation_chart, "relocation": self.relocation_chart,
                       "trend": self.trend_chart}

        self.status_chart.clicked.connect(lambda i, _s: self._households(status=vocab.STATUSES[i]))
        self.village_chart.clicked.connect(
            lambda i, s: self._households(village=self.data.by_village[i].village, status=vocab.STATUSES[s]))
        self.type_chart.clicked.connect(lambda i, _s: self._households(type=self.data.by_type[i].key))
        self.cause_chart.clicked.connect(lambda i, _s: self._households(main_cause=self._causes[i]))
        self.exits_chart.clicked.connect(lambda i, _s: self._households(exit_year=self.data.exits[i].year))
        self.load_chart.clicked.connect(lambda i, _s: self._helpers(self.data.helper_load[i].households))
        self.renovation_chart.clicked.connect(lambda i, _s: self._cases("renovation", i))
        self.relocation_chart.clicked.connect(lambda i, _s: self._cases("relocation", i))
        self._causes: list[str] = []

        grid = QGridLayout()
        grid.setSpacing(8)
        for n, chart in enumerate((self.status_chart, self.village_chart, self.type_chart, self.cause_chart,
                                   self.exits_chart, self.load_chart)):
            grid.addWidget(chart, n // 2, n % 2)
        pipelines = QWidget()
        pv = QVBoxLayout(pipelines)
        pv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("危房改造和易地搬迁进度：村"))
        row.addWidget(self.pipeline_village)
        row.addStretch(1)
        pv.addLayout(row)
        both = QHBoxLayout()
        both.addWidget(self.renovation_chart)
        both.addWidget(self.relocation_chart)
        pv.addLayout(both)
        grid.addWidget(pipelines, 3, 0, 1, 2)
        grid.addWidget(self.trend_chart, 4, 0, 1, 2)
        body = QWidget(objectName="charts")
        body.setLayout(grid)
        scroll = QScrollArea(objectName="scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # ---- data
    def refresh(self) -> None:
        """Read every figure again, off the GUI thread; the charts change when it is done."""
        if self._job is not None:
            self._stale = True       # read again once the running job is done
            return
        self._stale = False
        db, today = self.ctx.db, self.today
        if not self.is_loaded:
            self.summary.setText(LOADING)
        job = Job(lambda _progress: overview(db, today), title=LOADING, show_after_ms=None)
        job.done.connect(self._arrived)
        job.failed.connect(self._failed)
        self._job = job.start()

    def _arrived(self, data: Overview) -> None:
        self._job = None
        self.show_overview(data)
        if self._stale and self.isVisible():
            self.refresh()

    def _failed(self, exc: Exception, _traceback: str) -> None:
        self._job = None
        raise exc   # shown by the uncaught-exception dialog, which names the log file (ui.errors)

    def _on_changed(self, _area: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        if self._stale and self._job is None:
            self.refresh()
        super().showEvent(event)

    # ---- charts
    def show_overview(self, d: Overview) -> None:
        self.data = d
        active = sum(d.status(s).households for s in vocab.ACTIVE_POOR_STATUSES)
        self.summary.setText(f"截至{d.as_of:%Y-%m-%d}　共 {d.households:,} 户 {d.persons:,} 人，在册贫困户 {active:,} 户")
        self.summary.setToolTip(f"{d.township}建档立卡 {d.households:,} 户 {d.persons:,} 人（现有成员）；"
                                f"在册贫困户指未脱贫、预脱贫和返贫的户")
        self.status_chart.set_data([c.key for c in d.by_status], [Series(
            "户数", tuple(c.households for c in d.by_status),
            tuple(f"{c.key}：{c.households:,} 户，{c.persons:,} 人" for c in d.by_status))])
        self.village_chart.set_data([v.village for v in d.by_village], [
            Series(st, tuple(v.by_status[st] for v in d.by_village),
                   tuple(f"{v.village}　{st}：{v.by_status[st]:,} 户（全村 {v.households:,} 户 {v.persons:,} 人）"
                         for v in d.by_village)) for st in vocab.STATUSES])
        self.type_chart.set_data([c.key for c in d.by_type], [Series(
            "户数", tuple(c.households for c in d.by_type),
            tuple(f"{c.key}：{c.households:,} 户，{c.persons:,} 人" for c in d.by_type))])
        causes = [c for c in d.main_cause if c.households]
        self._causes = [c.key for c in causes]
        self.cause_chart.set_data(self._causes, [Series(
            "户数", tuple(c.households for c in causes),
            tuple(f"主要致贫原因 {c.key}：{c.households:,} 户，{c.persons:,} 人；"
                  f"含其他致贫原因的户占 {d.cause_share.get(c.key, 0):.1%}" for c in causes))])
        years = [str(e.year) for e in d.exits]
        self.exits_chart.set_data(years, [Series(
            "脱贫户数", tuple(e.exited for e in d.exits),
            tuple(f"{e.year}年脱贫 {e.exited:,} 户；" + (f"目标 {e.target:,} 户（{'按规划折算' if e.target_is_default else '本乡镇设定'}）"
                                                       if e.target is not None else "未定目标") for e in d.exits))],
            outline=[Series("目标", tuple(e.target or 0 for e in d.exits))])
        self.load_chart.set_data([str(b.households) for b in d.helper_load], [Series(
            "人数", tuple(b.helpers for b in d.helper_load),
            tuple(f"帮扶 {b.households} 户的责任人：{b.helpers:,} 人" for b in d.helper_load))])
        village = self.pipeline_village.currentText()
        self.pipeline_village.blockSignals(True)
        self.pipeline_village.clear()
        self.pipeline_village.addItems([ALL] + [v.village for v in d.by_village])
        self.pipeline_village.setCurrentText(village or ALL)
        self.pipeline_village.blockSignals(False)
        self._show_pipelines()
        self.trend_chart.set_data([m.month for m in d.trend], [
            Series(label, tuple(getattr(m, key) for m in d.trend)) for key, label in TREND_KINDS])
        self.is_loaded = True
        self.loaded.emit()

    def _village(self) -> str:
        text = self.pipeline_village.currentText()
        return "" if text in (ALL, "") else text

    def _show_pipelines(self) -> None:
        if self.data is None:
            return
        village = self._village()
        for kind, chart in (("renovation", self.renovation_chart), ("relocation", self.relocation_chart)):
            p = self.data.pipeline(kind)
            values = tuple(p.stage_total(st, village) for st in p.stages)
            where = village or "全乡镇"
            chart.set_data(list(p.stages), [Series("案件数", values, tuple(
                f"{p.label}　{where}　{st}：{n:,} 件" for st, n in zip(p.stages, values)))])

    # ---- drill-down
    def _main_window(self):
        window = self.window()
        return window if hasattr(window, "page") else None

    def _households(self, **filters) -> None:
        window = self._main_window()
        if window is None:
            return
        page = window.page(HOUSEHOLDS)
        page.show_filtered(**filters)

    def _helpers(self, households: int) -> None:
        window = self._main_window()
        if window is not None:
            window.page(HELPERS).show_load(households)

    def _cases(self, kind: str, index: int) -> None:
        window = self._main_window()
        if window is None or self.data is None:
            return
        stage = self.data.pipeline(kind).stages[index]
        page = window.page(CASE_AREAS[kind])
        target = case_list(page, kind)
        if target is not None:
            target.show_filtered(stage, self._village())

    # ---- actions
    def edit_targets(self) -> None:
        from .targets_dialog import TargetsDialog  # loads when first opened (start-up time)

        TargetsDialog(self.ctx, self).exec()

    last_job = None

    def export_done(self, path: str, message: str) -> None:
        self.last_export = path
        window = self._main_window()
        if window is not None:
            window.statusBar().showMessage(message, 10000)

    def export(self, kind: str, path: str | None = None):
        from .export import export_stats  # the PDF and Excel writers load on the first export (start-up time)

        return export_stats(self, kind, path)


def case_list(page: QWidget, kind: str):
    """The case list of ``kind`` on a page: the page itself (危房改造) or its tab (易地搬迁), made current."""
    from ..cases.page import CasesPage  # loaded with the case pages (start-up time)

    lists = ([page] if isinstance(page, CasesPage) else []) + page.findChildren(CasesPage)
    target = next((p for p in lists if p.KIND == kind), None)
    if target is not None:
        node = target
        while node is not None and node is not page:
            parent = node.parentWidget()
            tabs = parent.parentWidget() if parent is not None else None
            if isinstance(tabs, QTabWidget):
                tabs.setCurrentWidget(node)
            node = parent
    return target
