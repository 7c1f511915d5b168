"""Generate a printout in the background, then open it in the print preview.

Before the job starts the font is checked: with no embeddable Chinese font the clerk is told so
(and how to fix it) instead of getting a PDF of empty boxes. The PDF goes to a temporary file that
the preview deletes when it closes.
"""

from __future__ import annotations

import os
import tempfile
from typing import Callable

from pjdesk.office import font_problem

from ..errors import show_error
from ..runner import Job, Progress
from .preview import PreviewDialog

Writer = Callable[[str, Progress], int]  # (path, progress) -> page count

_temp_dir: str | None = None


def temp_pdf(stem: str) -> str:
    """A new file name in this run's temporary folder."""
    global _temp_dir
    if _temp_dir is None or not os.path.isdir(_temp_dir):
        _temp_dir = tempfile.mkdtemp(prefix="pjdesk-print-")
    fd, path = tempfile.mkstemp(prefix=f"{stem}-", suffix=".pdf", dir=_temp_dir)
    os.close(fd)
    return path


def _discard(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def print_preview(page, title: str, write: Writer, *, suggested_name: str = "", warning: str = "") -> Job | None:
    """Run ``write`` off the GUI thread; on success open the preview (kept as ``page.last_preview``),
    showing ``warning`` above the pages when given. Returns the started job, or None when printing is
    not possible (the reason is shown)."""
    problem = font_problem(page.ctx.db)
    if problem:
        show_error(page, "无法打印", problem)
        return None
    path = temp_pdf("pjdesk")
    job = Job(lambda progress: write(path, progress), title=f"正在生成{title}", parent=page)

    def done(_pages) -> None:
        dialog = PreviewDialog(path, title, page, suggested_name=suggested_name or f"{title}.pdf", temporary=True,
                               warning=warning)
        page.last_preview = dialog
        dialog.open()

    def failed(exc, _tb) -> None:
        _discard(path)
        show_error(page, "未能生成", f"{title}未能生成：{getattr(exc, 'message', None) or exc}")

    job.done.connect(done)
    job.failed.connect(failed)
    job.cancelled.connect(lambda: _discard(path))
    page.set_busy(True)
    job.finished.connect(lambda: page.set_busy(False))
    page.last_job = job
    return job.start()
