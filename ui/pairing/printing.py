"""Printing from the helpers page: the village pairing roster and the contact cards.

Both go through the shared print path (``ui.printing.launch.print_preview``): the font is checked
first (no embeddable Chinese font → the clerk is told how to fix it), the PDF is written by the
writers in ``pjdesk.helpers.printouts`` as a background job (busy buttons, progress, 取消 — which
leaves no file), and opens in the print preview (打印 / 页面设置 / 另存为 PDF). Like every other
background job the writers only read the database.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from pjdesk.pairing.printouts import write_contact_cards_pdf, write_roster_pdf

from ui.printing.launch import print_preview
from ui.runner import Job


class PrintActions(QObject):
    def __init__(self, ctx, page):
        super().__init__(page)
        self.ctx, self.page = ctx, page

    def ask_roster(self) -> Job | None:
        village = self.page.ask_village("打印结对帮扶花名册")
        return self.roster(village) if village else None

    def ask_cards(self) -> Job | None:
        village = self.page.ask_village("打印帮扶联系卡")
        return self.cards(village) if village else None

    def roster(self, village: str) -> Job | None:
        """结对帮扶花名册 of ``village`` → preview; None when printing is not possible (reason shown)."""
        db, title = self.ctx.db, f"{village}结对帮扶花名册"
        return print_preview(self.page, title, lambda path, progress: write_roster_pdf(db, village, path,
                                                                                       progress=progress))

    def cards(self, village: str) -> Job | None:
        """帮扶联系卡 of the paired households of ``village`` (one A5 page each) → preview."""
        db, title = self.ctx.db, f"{village}帮扶联系卡"
        return print_preview(self.page, title, lambda path, progress: write_contact_cards_pdf(db, village, path,
                                                                                              progress=progress))
