"""Background jobs (exports, batch PDFs): off the GUI thread, progress shown only if the job
takes long, cancellable, result delivered by signal. Jobs only read the database; user actions
that write stay short and run on the GUI thread, so SQLite never sees two writers from here."""

from __future__ import annotations

import gc
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget


class _GuiThreadGC(QObject):
    """Python's cyclic garbage collector runs in whichever thread happens to allocate; run in a
    worker it may destroy Qt objects that belong to the GUI thread (a crash). Once background jobs
    exist, automatic collection is switched off and the same thresholds are checked here, on the GUI
    thread, twice a second (the approach of Calibre's GUI)."""

    def __init__(self):
        super().__init__(QCoreApplication.instance())
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=500)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 2 if counts[2] > self.threshold[2] and counts[1] > self.threshold[1] else \
                1 if counts[1] > self.threshold[1] else 0
            gc.collect(generation)


_gui_gc: _GuiThreadGC | None = None


def collect_garbage_on_gui_thread() -> None:
    """Idempotent; call from the GUI thread before the first worker starts."""
    global _gui_gc
    if _gui_gc is None and QCoreApplication.instance() is not None:
        _gui_gc = _GuiThreadGC()


def stop_jobs(timeout_ms: int = 10000) -> None:
    """At exit: ask the running jobs to stop and wait for the worker threads, so that no job runs
    Python code while the interpreter shuts down."""
    for job in list(Job._running):
        job.progress.cancel()
    QThreadPool.globalInstance().waitForDone(timeout_ms)


class Cancelled(Exception):
    """Raised inside a job when the user pressed 取消."""


class Progress:
    """Handed to the job function: ``progress(done, total, text)``; raises Cancelled when asked."""

    def __init__(self, signals: "_Signals"):
        self._signals = signals
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class _Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals, progress: Progress):
        super().__init__()
        self.fn, self.signals, self.progress = fn, signals, progress

    def run(self) -> None:
        signals, fn, progress = self.signals, self.fn, self.progress
        # Drop the task's references first: nothing Qt-owned may be released by this thread later.
        self.signals = self.fn = self.progress = None
        try:
            result = fn(progress)
        except Cancelled:
            signals.cancelled.emit()
        except Exception as exc:  # delivered to the GUI thread, shown there
            signals.failed.emit(exc, traceback.format_exc())
        else:
            signals.done.emit(result)


class Job(QObject):
    """Run ``fn(progress)`` in the thread pool. Connect ``done``/``failed``/``cancelled``."""

    done = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], Any], *, title: str, parent: QWidget | None = None,
                 show_after_ms: int | None = 400):
        """``show_after_ms``: when the progress dialog appears if the job is still running; None: never
        (the caller shows that it is busy, e.g. the registry's 正在载入…)."""
        super().__init__(parent)
        # Parented to the Job: its C++ object lives and dies with the Job on the GUI thread, even
        # when the worker thread drops the last Python reference to it.
        self._signals = _Signals(self)
        self.progress = Progress(self._signals)
        self._task = _Task(fn, self._signals, self.progress)
        self._dialog: QProgressDialog | None = None
        self._title, self._parent = title, parent
        self._timer = QTimer(self, singleShot=True, interval=show_after_ms or 0)
        if show_after_ms is not None:
            self._timer.timeout.connect(self._show_dialog)
        self._last = (0, 0, "")
        self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.done.connect(lambda r: self._finish(self.done, r), Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(lambda e, tb: self._finish(self.failed, e, tb), Qt.ConnectionType.QueuedConnection)
        self._signals.cancelled.connect(lambda: self._finish(self.cancelled), Qt.ConnectionType.QueuedConnection)

    _running: set["Job"] = set()  # a started job stays alive until it has finished

    def start(self) -> "Job":
        collect_garbage_on_gui_thread()
        Job._running.add(self)
        self._timer.start()
        QThreadPool.globalInstance().start(self._task)
        return self

    def _show_dialog(self) -> None:
        dlg = QProgressDialog(self._title, "取消", 0, 0, self._parent)
        dlg.setWindowTitle(self._title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.canceled.connect(self.progress.cancel)
        self._dialog = dlg
        self._on_progress(*self._last)
        dlg.show()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text)
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(min(done, total) if total else 0)
            if text:
                self._dialog.setLabelText(text)

    def _finish(self, signal, *args) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect()
            self._dialog.close()
            self._dialog = None
        signal.emit(*args)
        self.finished.emit()
        Job._running.discard(self)
        self.deleteLater()
