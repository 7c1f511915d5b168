"""Where pjdesk keeps its files: the user's folders (platformdirs), or — portable mode, for an office that
keeps everything on one PC or a USB stick — a ``data`` folder beside the program when a file named
``portable`` (or ``portable.txt``) is there. ``PJDESK_HOME`` overrides both; ``PJDESK_DB`` the database path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

from db.engine import create_private  # noqa: F401  (owner-only files: the database's rule, for the log too)

from . import APP_ID


PORTABLE_MARKERS = ("portable", "portable.txt")   # Notepad saves "portable" as portable.txt (extensions hidden)
PORTABLE_DATA = "data"


def program_dir() -> Path:
    """The folder of the program: the build's folder (``pjdesk.exe``), else the source tree."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_dir() -> Path | None:
    """``data`` beside the program in portable mode (a marker file there), else None."""
    folder = program_dir()
    if any((folder / name).is_file() for name in PORTABLE_MARKERS):
        return folder / PORTABLE_DATA
    return None


def is_portable() -> bool:
    """True when the files are in the portable ``data`` folder (not overridden by ``PJDESK_HOME``)."""
    return not os.environ.get("PJDESK_HOME") and portable_dir() is not None


def data_dir() -> Path:
    home = os.environ.get("PJDESK_HOME")
    if home:
        return Path(home)
    return portable_dir() or Path(user_data_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    home = os.environ.get("PJDESK_HOME")
    if home:
        return Path(home) / "logs"
    portable = portable_dir()
    return portable / "logs" if portable else Path(user_log_dir(APP_ID, appauthor=False))


def settings_dir() -> Path | None:
    """Where the window's own settings (sizes, column widths: QSettings) go as an INI file in portable
    mode; None: the system's place (the registry on Windows)."""
    return data_dir() if is_portable() else None


def default_db_path() -> Path:
    env = os.environ.get("PJDESK_DB")
    return Path(env) if env else data_dir() / "pjdesk.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"
