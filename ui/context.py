"""What every window and page is handed: the open database and one change notification."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from db import Database
from pjdesk import settings as settings_mod


class AppContext(QObject):
    """Shared state of the running app.

    ``changed`` is emitted after each successful user action with the area that changed
    ("households", "members", "helpers", "cases", "settings" …); views refresh from it.
    ``done`` carries the Chinese confirmation of a successful action that wrote ("已保存：户编号 …"),
    which the main window shows in its status bar for a few seconds (``ActionDialog.done_message``).
    """

    changed = Signal(str)
    done = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db

    def setting(self, key: str):
        return settings_mod.value(self.db, key)

    def actor(self) -> str:
        """Name recorded as 经办人: the logged-in user's display name (issue 14)."""
        return settings_mod.actor(self.db)
