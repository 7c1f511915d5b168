"""Two-pass canvas that prints "第 X 页 共 Y 页" at the foot of every page.

The canvas holds every finished page back until ``save()``, when the total
page count is known, then stamps the footer on each and emits them.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

__all__ = ["PageNumberCanvasMaker", "PAGE_FOOTER_TEMPLATE"]

PAGE_FOOTER_TEMPLATE = "第 {page} 页 共 {total} 页"


class PageNumberCanvasMaker:
    """Pass as ``canvasmaker=`` to ``doc.build``; ``page_count`` is set after build."""

    def __init__(self, font_name: str, font_size: float = 9.0, baseline: float = 9 * mm):
        self.font_name = font_name
        self.font_size = font_size
        self.baseline = baseline
        self.page_count = 0

    def __call__(self, *args, **kwargs) -> Canvas:
        maker = self

        class _NumberedCanvas(Canvas):
            def __init__(self, *a, **kw):
                super().__init__(*a, **kw)
                self._held_pages: list[dict] = []

            def showPage(self):  # noqa: N802 (reportlab API)
                self._held_pages.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._held_pages)
                for state in self._held_pages:
                    self.__dict__.update(state)
                    self._stamp(total)
                    Canvas.showPage(self)
                self._held_pages = []
                maker.page_count = total
                Canvas.save(self)

            def _stamp(self, total: int) -> None:
                width = self._pagesize[0]
                text = PAGE_FOOTER_TEMPLATE.format(page=self._pageNumber, total=total)
                self.saveState()
                self.setFont(maker.font_name, maker.font_size)
                self.drawCentredString(width / 2, maker.baseline, text)
                self.restoreState()

        # Start in the CJK font so no unembedded Helvetica is referenced.
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = self.font_name
        return _NumberedCanvas(*args, **kwargs)
