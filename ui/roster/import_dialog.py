"""文件 → 导入花名册…: choose the file, see the preview — households and persons new / changed / unchanged,
every problem with sheet, row, column, value and reason, what would change — save the problems as an .xlsx
(保存问题清单…), and 确认导入 once no 错误 remains. Reading and checking run in the background (``ui.runner.Job``:
progress after 400 ms, 取消); so does the import, while this modal dialog keeps the rest of the window
still — its one transaction holds the write lock, and 取消 before the commit leaves the database as it was.
The rules, the checks and every message are in ``pjdesk.roster``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QTabWidget, QWidget)

from pjdesk.errors import PjdeskError
from pjdesk.roster.apply import import_roster, preview
from pjdesk.roster.parse import ERROR
from pjdesk.roster.plan import CHANGED, NEW, UNCHANGED, refusal

from ..errors import show_error
from ..runner import Job
from ..widgets.action_dialog import ActionDialog
from ..widgets.screen import size_to_screen
from ..widgets.table_model import Col, RowsModel, table_view

OPEN_FILTER = "Excel 工作簿 (*.xlsx *.xlsm *.xls);;所有文件 (*)"
PROBLEM_COLUMNS = (
    Col("level", "级别", lambda p: p.level, centre=True),
    Col("sheet", "工作表", lambda p: p.sheet),
    Col("row", "行", lambda p: p.row, centre=True),
    Col("column", "列", lambda p: p.column),
    Col("value", "值", lambda p: p.value),
    Col("reason", "原因", lambda p: p.reason),
)
CHANGE_COLUMNS = (
    Col("household_no", "户编号", lambda c: c.household_no),
    Col("who", "成员", lambda c: c.who),
    Col("what", "项目", lambda c: c.what),
    Col("old", "原值", lambda c: c.old),
    Col("new", "新值", lambda c: c.new),
)
FIGURES = (("households", "户"), ("members", "人"))
ACTIONS = (NEW, CHANGED, UNCHANGED)


def _colour(problem, _key: str) -> str | None:
    return "#b3261e" if problem.level == ERROR else None


def _problem_tip(problem, key: str) -> str | None:
    """The whole reason (or value) when the column is too narrow for it."""
    return problem.reason if key == "reason" else problem.value if key == "value" else None


def _change_tip(change, key: str) -> str | None:
    return getattr(change, key, None) if key in ("old", "new") else None


class RosterImportDialog(ActionDialog):
    area = "households"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "导入花名册", "", parent, ok_text="确认导入", cancel_text="关闭")
        self.plan = None
        self.path: str | None = None
        self.last_job: Job | None = None
        self.form.hide()                      # nothing to type: the file is the input
        self.file_label = QLabel("尚未选择文件", objectName="roster_file")
        self.file_label.setWordWrap(True)
        self.choose = QPushButton("选择文件…", objectName="choose_file")
        top = QHBoxLayout()
        top.addWidget(QLabel("花名册文件："))
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose)

        self.figures: dict[tuple[str, str], QLabel] = {}
        box = QGroupBox("预览")
        grid = QGridLayout(box)
        for c, action in enumerate(ACTIONS, 1):
            grid.addWidget(QLabel(action), 0, c)
        for r, (what, unit) in enumerate(FIGURES, 1):
            grid.addWidget(QLabel("户数" if what == "households" else "人数"), r, 0)
            for c, action in enumerate(ACTIONS, 1):
                label = QLabel("—", objectName=f"figure_{what}_{action}")
                self.figures[(what, action)] = label
                grid.addWidget(label, r, c)
        grid.setColumnStretch(len(ACTIONS) + 1, 1)
        self.status = QLabel("", objectName="import_status")
        self.status.setWordWrap(True)

        self.problems = RowsModel(PROBLEM_COLUMNS, self, colour=_colour, tip=_problem_tip)
        self.problem_view = table_view(self.problems, "roster_problems", fit=None, stretch="reason",
                                       widths={"level": 48, "sheet": 90, "row": 56, "column": 110, "value": 170})
        self.changes = RowsModel(CHANGE_COLUMNS, self, tip=_change_tip)
        self.change_view = table_view(self.changes, "roster_changes", fit=None, stretch="new",
                                      widths={"household_no": 150, "who": 80, "what": 120, "old": 220})
        self.tabs = QTabWidget(objectName="roster_tabs")
        self.tabs.addTab(self.problem_view, "问题")
        self.tabs.addTab(self.change_view, "变更明细")
        self.save_problems = QPushButton("保存问题清单…", objectName="save_problems")
        self.save_problems.setEnabled(False)
        self.buttons.addButton(self.save_problems, self.buttons.ButtonRole.ActionRole)

        at = self.body.indexOf(self.form)
        self.body.insertLayout(at, top)
        self.body.insertWidget(at + 1, box)
        self.body.insertWidget(at + 2, self.status)
        self.body.insertWidget(at + 3, self.tabs, 1)
        self.choose.clicked.connect(lambda: self.choose_file())
        self.save_problems.clicked.connect(lambda: self.save_problem_list())
        self.ok.setEnabled(False)
        size_to_screen(self, 1100, 700)

    # ---- the file and its preview (background)
    def choose_file(self) -> bool:
        """Ask for the roster file and start its preview; False when none was chosen."""
        path, _ = QFileDialog.getOpenFileName(self, "选择花名册文件", self.path or str(Path.home()), OPEN_FILTER)
        if not path:
            return False
        self.start_preview(path)
        return True

    def start_preview(self, path: str) -> Job:
        self.path, self.plan = path, None
        self.file_label.setText(path)
        self.status.setText("正在读取和检查花名册…")
        self.status.setProperty("role", "")
        self.ok.setEnabled(False)
        self.save_problems.setEnabled(False)
        self.choose.setEnabled(False)
        self.problems.set_rows([])
        self.changes.set_rows([])
        for label in self.figures.values():
            label.setText("—")
        db = self.ctx.db
        job = Job(lambda progress: preview(db, path, progress), title="正在读取花名册", parent=self)
        job.done.connect(self._show_plan)
        job.failed.connect(self._preview_failed)
        job.cancelled.connect(lambda: self.status.setText("已取消读取，未导入任何数据。"))
        job.finished.connect(lambda: self.choose.setEnabled(True))
        self.last_job = job
        return job.start()

    def _show_plan(self, plan) -> None:
        self.plan = plan
        for (what, action), label in self.figures.items():
            label.setText(str(plan.count(what, action)))
        self.problems.set_rows(plan.problems)
        self.changes.set_rows(plan.changes)
        self.tabs.setTabText(0, f"问题（{len(plan.problems)}）")
        self.tabs.setTabText(1, f"变更明细（{len(plan.changes)}）")
        notes = len(plan.problems) - plan.errors
        if not plan.ok:
            text = f"{refusal(plan).message}。错误 {plan.errors} 项，提示 {notes} 项；可“保存问题清单…”交村里更正。"
        elif not plan.writes:
            text = f"花名册与台账一致，无需导入（提示 {notes} 项）。"
        else:
            text = f"{plan.summary()}。" + (f"提示 {notes} 项（不影响导入）。" if notes else "") + "确认无误后请点“确认导入”。"
        self.status.setText(text)
        self.status.setProperty("role", "fieldError" if not plan.ok else "")
        self.status.style().polish(self.status)
        self.save_problems.setEnabled(bool(plan.problems))
        self.revalidate()

    def _preview_failed(self, exc, _tb) -> None:
        message = exc.message if isinstance(exc, PjdeskError) else str(exc)
        self.status.setText(message)
        self.status.setProperty("role", "fieldError")
        self.status.style().polish(self.status)

    def revalidate(self) -> bool:
        ok = super().revalidate() and self.plan is not None and self.plan.ok and self.plan.writes
        self.ok.setEnabled(ok)
        return ok

    # ---- the problems workbook
    def save_problem_list(self, path: str | None = None) -> str | None:
        if self.plan is None or not self.plan.problems:
            return None
        if path is None:
            default = str(Path(self.path or "花名册").with_name(f"{Path(self.path or '花名册').stem}-问题清单.xlsx"))
            path, _ = QFileDialog.getSaveFileName(self, "保存问题清单", default, "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        from pjdesk.roster.problems import write_problems  # openpyxl's writer loads only when asked (start-up time)

        try:
            write_problems(self.plan, path)
        except Exception as exc:            # a file open in Excel, a full disk: said, never a crash
            show_error(self, "保存失败", f"问题清单未能保存：{getattr(exc, 'message', None) or exc}")
            return None
        self.status.setText(f"问题清单已保存：{path}")
        return path

    # ---- the import (background, one transaction)
    def accept(self) -> None:
        if not self.revalidate():
            return
        plan, db, actor = self.plan, self.ctx.db, self.ctx.actor()
        self.ok.setEnabled(False)
        self.choose.setEnabled(False)
        self.status.setText("正在导入…")
        job = Job(lambda progress: import_roster(db, plan, actor=actor, progress=progress), title="正在导入花名册",
                  parent=self)
        job.done.connect(self._imported)
        job.failed.connect(self._import_failed)
        job.cancelled.connect(self._import_cancelled)
        self.last_job = job
        job.start()

    def _imported(self, result) -> None:
        self.result_value = result
        self.ctx.changed.emit(self.area)
        self.ctx.done.emit(result.message())
        QDialog.accept(self)

    def _import_failed(self, exc, _tb) -> None:
        self.choose.setEnabled(True)
        if isinstance(exc, PjdeskError):
            self.show_general(exc.message)
            self.status.setText("未导入任何数据。")
        else:
            raise exc

    def _import_cancelled(self) -> None:
        self.choose.setEnabled(True)
        self.status.setText("已取消导入，未写入任何数据。")
        self.revalidate()

    def done_message(self, result) -> str:
        return result.message() if result is not None else ""


def open_import(ctx, parent: QWidget | None = None) -> RosterImportDialog | None:
    """文件 → 导入花名册…: the file dialog first, then the preview dialog (None when no file was chosen)."""
    dialog = RosterImportDialog(ctx, parent)
    if not dialog.choose_file():
        dialog.deleteLater()
        return None
    dialog.exec()
    return dialog
