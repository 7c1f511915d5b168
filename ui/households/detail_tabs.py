"""Extra tabs of the household dialog that other features provide (帮扶, 危改/搬迁 cases …).
``register_tab(title, factory)`` with ``factory(ctx, household_no) -> QWidget``."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWidget

TabFactory = Callable[[object, str], QWidget]
DETAIL_TABS: list[tuple[str, TabFactory]] = []


def register_tab(title: str, factory: TabFactory) -> None:
    DETAIL_TABS.append((title, factory))
