"""Start the GUI: logging and the exception dialog, pick and open the database, first run, main window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QSettings, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from db import open_database
from pjdesk import APP_ID, APP_NAME, __version__, paths
from pjdesk import opening
from pjdesk.errors import DatabaseDamaged, PjdeskError
from pjdesk.registry.township import init_township, township_info

from .backups.session import READ_ONLY, claim, offer_backup, release
from .auth.session import login_at_start
from .context import AppContext
from .errors import install_excepthook, setup_logging
from .main_window import MainWindow
from .resources import resource
from .runner import stop_jobs

# Qt's own texts (取消/确定 of message boxes, the print and page-setup dialogs …) in Chinese: catalogues
# shipped in the PySide6-Essentials wheel (PySide6/Qt/translations) and bundled by build.spec.
QT_TRANSLATIONS = ("qtbase_zh_CN",)
_translators: list[QTranslator] = []    # kept alive as long as the application


def qt_translation_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_qt_translations(app: QApplication) -> list[str]:
    """Load Qt's Chinese catalogues once; returns the files loaded (a missing one is logged, not fatal)."""
    if _translators:
        return [t.filePath() for t in _translators]
    folders = [qt_translation_dir()]
    bundle = getattr(sys, "_MEIPASS", None)      # a PyInstaller build: where build.spec put them
    if bundle:
        folders.append(Path(bundle) / "PySide6" / "Qt" / "translations")
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)
        if any(translator.load(name, str(folder)) for folder in folders):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            logging.getLogger(__name__).warning("Qt translation %s not found in %s", name, folders)
    return [t.filePath() for t in _translators]


UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "WenQuanYi Micro Hei", "Noto Sans CJK SC",
            "PingFang SC"]


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0]] + list(argv or []))
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    portable = paths.settings_dir()
    if portable is not None:   # portable mode: window sizes and column widths in data/ too, not the registry
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(portable))
    install_qt_translations(app)
    app.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
    return app


def open_or_create(path: Path, *, demo: bool, parent=None):
    """Open the database at ``path``; build the demo or ask for the township when it is new.
    Returns the open Database, or None when the user cancelled."""
    if demo and not path.exists():
        from pjdesk.demo import build_demo  # only when the demo file is first built (start-up time)

        db = open_database(path)
        build_demo(db)
        return db
    db = open_database(path)
    if township_info(db) is None:
        from .first_run import FirstRunDialog  # only on the first run (start-up time)

        dlg = FirstRunDialog(str(path), parent)
        if dlg.exec() != QDialog.DialogCode.Accepted or not login_at_start(AppContext(db), parent):
            db.close()              # (creating the township is a write: its administrator first, issue 14)
            return None
        init_township(db, dlg.chosen())
    return db


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pjdesk")
    parser.add_argument("--demo", action="store_true", help="打开演示数据库（不存在时自动生成）")
    parser.add_argument("--db", help="数据库文件路径")
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    logfile = setup_logging()
    app = make_app(qt_args)
    install_excepthook(logfile)

    path = Path(args.db) if args.db else paths.demo_db_path() if args.demo else paths.default_db_path()
    lock = claim(path)              # one window per database file; a second one may only read (issue 14)
    if lock is None:
        return 0
    try:
        db = open_or_create(path, demo=args.demo)
    except DatabaseDamaged as exc:  # empty or unreadable: the newest good backup is offered
        db = None
        if offer_backup(None, opening.refuse_unreadable(path, exc), path):
            db = open_or_create(path, demo=False)
        else:
            release(lock)
            return 1
    except PjdeskError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        release(lock)
        return 1
    if db is None:
        release(lock)
        return 0
    if lock == READ_ONLY:
        opening.open_read_only(db)
    if db.backup_path is not None:
        QMessageBox.information(None, "数据库已升级",
                                f"数据库结构已升级到当前版本。升级前的文件已另存为：\n{db.backup_path}")
    ctx = AppContext(db)
    if not login_at_start(ctx):     # issue 14: nobody works unlogged; the first run creates the administrator
        release(lock)
        db.close()
        return 0
    window = MainWindow(ctx)
    window.backups.lock = lock if lock != READ_ONLY else None
    window.show()
    window.backups.check_later()    # quick_check (integrity_check after a crash) once painted
    code = app.exec()
    stop_jobs()
    window.backups.finish()         # today's automatic backup, the lock let go: a clean exit
    db.close()
    return code
