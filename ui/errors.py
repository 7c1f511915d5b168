"""Uncaught exceptions: logged to a daily rotating file and shown in a dialog, never a silent exit."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox

from pjdesk import paths
from pjdesk.paths import create_private
from pjdesk.redact import redact

log = logging.getLogger("pjdesk")


class PrivateLogHandler(logging.handlers.TimedRotatingFileHandler):
    """The daily log, each day's file created readable by its owner only (0600), like the database."""

    def _open(self):
        create_private(self.baseFilename)
        return super()._open()


def setup_logging() -> str:
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    logfile = folder / "pjdesk.log"
    handler = PrivateLogHandler(logfile, when="midnight", backupCount=30, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.TimedRotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(logfile)


def install_excepthook(logfile: str) -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = redact("".join(traceback.format_exception(exc_type, exc, tb)))
        log.error("uncaught exception\n%s", text)      # the log file keeps no ID number, phone or account
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "程序出错",
                          f"程序遇到意外错误：{redact(str(exc))}\n\n本次操作未完成，已保存的数据不受影响。\n"
                          f"错误详情已写入日志文件：\n{logfile}")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def show_error(parent, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)
