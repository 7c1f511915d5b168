"""Writing a story of flowables as an A4 PDF: embedded CJK font, "第 X 页 共 Y 页" on every page,
atomic output, and optional progress / cancel.

Progress: ``progress(done, total, text)`` is called once the story is built and then as each page is
begun (the page template's ``onPage`` hook), so a long list — one table flowable of thousands of
rows — can be cancelled while reportlab lays it out: an exception raised by ``progress`` (the
user's 取消) propagates out of the build and nothing is written. ``total`` is 0 there (the page
count is not known before the layout ends). No Qt here: ``progress`` is any callable.

Every PDF writer in ``reports`` ends here, so margins, page numbers and metadata are the same on
every printout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from reportlab.lib.pagesizes import A4, landscape as to_landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from .fonts import CjkFont, find_cjk_font, register_cjk_font
from .output import is_path, write_output
from .pdf_page_numbers import PageNumberCanvasMaker

__all__ = ["Frame", "Progress", "ProgressMark", "write_story_pdf", "MARGIN_X", "MARGIN_TOP", "MARGIN_BOTTOM"]

MARGIN_X = 15 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 18 * mm  # room for the page-number footer

# progress(done, total, text); may raise to cancel (the caller's exception propagates, nothing is written)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Frame:
    """What a story builder is handed: the registered font and the usable area of one page."""

    font_name: str
    width: float
    height: float


class ProgressMark(Flowable):
    """Zero-size marker: calls ``progress(done, total, text)`` when the layout reaches it.

    Put one before each sheet of a batch; an exception raised by ``progress`` (the user's 取消)
    stops the build before anything is written.
    """

    def __init__(self, progress: Progress, done: int, total: int, text: str = ""):
        super().__init__()
        self.progress, self.done, self.total, self.text = progress, done, total, text
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.progress(self.done, self.total, self.text)


def _page_hooks(progress: Progress | None, text: str) -> dict:
    """``onFirstPage`` / ``onLaterPages`` for ``SimpleDocTemplate.build``: report each page begun."""
    if progress is None:
        return {}

    def on_page(_canvas, doc) -> None:
        progress(doc.page, 0, f"{text}（第{doc.page}页）…")

    return {"onFirstPage": on_page, "onLaterPages": on_page}


def _render(build: Callable[[Frame], list[Flowable]], out: BinaryIO, font_name: str, *, title: str,
            subject: str, landscape: bool, progress: Progress | None = None,
            progress_text: str = "正在排版") -> int:
    template = SimpleDocTemplate(
        out,
        pagesize=to_landscape(A4) if landscape else A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        subject=subject,
        author="",
        creator="pjdesk",
    )
    maker = PageNumberCanvasMaker(font_name)
    story = build(Frame(font_name, template.width, template.height))
    if progress is not None:   # building a long table's cells takes a while too: a chance to stop
        progress(0, 0, f"{progress_text}…")
    template.build(story, canvasmaker=maker, **_page_hooks(progress, progress_text))
    return maker.page_count


def write_story_pdf(
    build: Callable[[Frame], list[Flowable]],
    out: str | Path | BinaryIO,
    font: CjkFont | None = None,
    *,
    title: str,
    subject: str = "",
    landscape: bool = False,
    progress: Progress | None = None,
    progress_text: str = "正在排版",
) -> int:
    """Lay out ``build(frame)`` on A4 pages and write the PDF; return the page count.

    ``font`` defaults to the first embeddable CJK font found (FontNotFoundError otherwise, never a
    fallback). A path is written atomically: a failed or cancelled run leaves no file behind.
    ``progress(done, total, text)`` hears of every page begun (``progress_text``, e.g. 正在排版,
    gets “（第N页）…” added); whatever it raises stops the build and propagates.
    """
    font_name = register_cjk_font(font or find_cjk_font())
    options = dict(title=title, subject=subject, landscape=landscape, progress=progress, progress_text=progress_text)
    if not is_path(out):
        return _render(build, out, font_name, **options)  # type: ignore[arg-type]
    buf = io.BytesIO()
    pages = _render(build, buf, font_name, **options)
    write_output(buf.getvalue(), out)
    return pages
