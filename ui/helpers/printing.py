"""Printing from the helpers page: the village pairing roster and the contact cards.

The data is read on the GUI thread (a few quick queries); only the PDF rendering runs as a
background job (ui.runner.Job), so no database connection crosses threads."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from pjdesk.errors import PjdeskError
from pjdesk.helpers.printouts import contact_cards, pdf_font, roster_document
from reports.contact_card import write_contact_cards
from reports.errors import ReportError
from reports.pdf_table import write_table_pdf

from ..runner import Job


class PrintActions(QObject):
    def __init__(self, ctx, page):
        super().__init__(page)
        self.ctx, self.page = ctx, page
        self.last_result: object = None

    def ask_roster(self) -> None:
        village = self.page.ask_village("打印结对帮扶花名册")
        path = village and self.page.ask_path("保存结对帮扶花名册", f"{village}结对帮扶花名册.pdf")
        if path:
            self.roster(village, path)

    def ask_cards(self) -> None:
        village = self.page.ask_village("打印帮扶联系卡")
        path = village and self.page.ask_path("保存帮扶联系卡", f"{village}帮扶联系卡.pdf")
        if path:
            self.cards(village, path)

    def roster(self, village: str, path: str) -> Job | None:
        try:
            doc, font = roster_document(self.ctx.db, village), pdf_font(self.ctx.db)
        except (PjdeskError, ReportError) as exc:
            return self._fail(exc)
        return self._start(lambda progress: write_table_pdf(doc, path, font=font), "正在生成结对帮扶花名册…",
                           lambda pages: f"已保存{village}结对帮扶花名册（{pages}页）：\n{path}")

    def cards(self, village: str, path: str) -> Job | None:
        try:
            cards, font = contact_cards(self.ctx.db, village), pdf_font(self.ctx.db)
        except (PjdeskError, ReportError) as exc:
            return self._fail(exc)
        if not cards:
            return self._fail(PjdeskError(f"{village}没有已结对的户，无需打印帮扶联系卡"))

        def work(progress):
            return write_contact_cards(cards, path, font=font,
                                       progress=lambda i, n: progress(i, n, f"正在生成第{i + 1}/{n}张联系卡"))
        return self._start(work, "正在生成帮扶联系卡…", lambda pages: f"已保存{village}帮扶联系卡{pages}张：\n{path}")

    def _start(self, fn, title: str, message) -> Job:
        job = Job(fn, title=title, parent=self.page)
        job.done.connect(lambda result: self._done(message(result), result))
        job.failed.connect(lambda exc, _tb: self._fail(exc))
        return job.start()

    def _done(self, text: str, result) -> None:
        self.last_result = result
        QMessageBox.information(self.page, "打印", text)

    def _fail(self, exc: Exception) -> None:
        self.last_result = exc
        text = getattr(exc, "message", None) or str(exc)
        QMessageBox.warning(self.page, "打印", text)
        return None
