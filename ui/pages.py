"""The navigation areas of the main window and the pages features register for them.

A feature module calls ``register_page("帮扶责任人", factory)`` where ``factory(ctx) -> QWidget``;
``ui/features.py`` imports those modules. Areas with no page yet show what will come there.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWidget

from .context import AppContext

NAV_AREAS = ("户籍台账", "帮扶责任人", "驻村帮扶", "危房改造", "易地搬迁", "公示打印", "统计", "月报导出", "设置")

PageFactory = Callable[[AppContext], QWidget]
_FACTORIES: dict[str, PageFactory] = {}


def register_page(area: str, factory: PageFactory) -> None:
    if area not in NAV_AREAS:
        raise KeyError(area)
    _FACTORIES[area] = factory


def page_factory(area: str) -> PageFactory | None:
    return _FACTORIES.get(area)
