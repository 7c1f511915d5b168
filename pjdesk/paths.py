"""Where pjdesk keeps its files (platformdirs); ``PJDESK_DB`` overrides the database path."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

from db.engine import create_private  # noqa: F401  (owner-only files: the database's rule, for the log too)

from . import APP_ID


def data_dir() -> Path:
    return Path(os.environ.get("PJDESK_HOME") or user_data_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    home = os.environ.get("PJDESK_HOME")
    return Path(home) / "logs" if home else Path(user_log_dir(APP_ID, appauthor=False))


def default_db_path() -> Path:
    env = os.environ.get("PJDESK_DB")
    return Path(env) if env else data_dir() / "pjdesk.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"
