"""PySide6 user interface. Thin: every action calls a pjdesk service; no SQL here."""
