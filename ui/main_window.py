"""The main window: navigation list of the work areas, a page per area, status bar, About."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QStackedWidget,
                               QVBoxLayout, QWidget)

from pjdesk import APP_NAME, __version__, paths
from pjdesk.registry.township import township_info

from .auth.session import UserMenu
from .backups.session import FileMenu
from .context import AppContext
from .pages import NAV_AREAS, page_factory
from .resources import resource
from .widgets.screen import size_to_screen

PLANNED = {
    "帮扶责任人": "帮扶责任人登记、结对（每人最多5户）、帮扶记录。",
    "驻村帮扶": "驻村帮扶“六个一”：责任领导、帮扶单位、第一书记、工作队、农技员。",
    "危房改造": "危房改造申请、三级审核、三榜公示、竣工验收与资金拨付。",
    "易地搬迁": "易地扶贫搬迁对象的申请、审核与安置。",
    "公示打印": "公示名单、审批表、一户一册的打印与预览。",
    "统计": "各村户数、人数、脱贫进度与致贫原因统计图。",
    "月报导出": "每月向县里报送的工作簿。",
    "设置": "公示天数、字体、监督电话等设置。",
}


class PlaceholderPage(QWidget):
    def __init__(self, area: str):
        super().__init__()
        layout = QVBoxLayout(self)
        title = QLabel(area)
        title.setProperty("role", "pageTitle")
        text = QLabel(f"本模块尚在建设中，将提供：{PLANNED.get(area, '')}")
        text.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        info = township_info(ctx.db)
        self.township = info.name if info else ""
        # The app's display name ends the title: Qt appends it only to a title that does not end with it.
        place = f"{info.county}{self.township}" if info else ""
        self.setWindowTitle(f"{place} — {APP_NAME}" if place else APP_NAME)
        self.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
        self.nav = QListWidget(objectName="nav")
        self.nav.addItems(NAV_AREAS)
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentTextChanged.connect(self.show_area)
        self.backups = FileMenu(self, ctx)   # 备份到… / 从备份恢复… / 备份文件夹, the checks after the first paint
        self._build_menu()
        self.users = UserMenu(self, ctx)     # 用户 menu, 当前用户 in the status bar, the idle screen lock
        self.statusBar().addWidget(QLabel(f"乡镇：{info.county}{self.township}" if info else "乡镇：未设定"))
        if paths.is_portable():
            portable = QLabel("便携模式", objectName="portable_mode")
            portable.setToolTip(f"数据、日志和备份保存在程序旁的文件夹：{paths.data_dir()}")
            self.statusBar().addPermanentWidget(portable)
        if ctx.db.read_only:        # open in another window: this one only reads (issue 14)
            read_only = QLabel("只读", objectName="read_only")
            read_only.setToolTip(ctx.db.read_only)
            self.statusBar().addPermanentWidget(read_only)
        self.statusBar().addPermanentWidget(QLabel(f"数据库：{ctx.db.path}"))
        ctx.done.connect(self.show_done)
        self._restore()
        self.nav.setCurrentRow(0)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        villages = QAction("村名管理(&V)…", self)
        villages.triggered.connect(self.manage_villages)
        file_menu.addAction(villages)
        self.import_roster_action = QAction("导入花名册(&I)…", self)      # issue 13
        self.import_roster_action.triggered.connect(self.import_roster)
        file_menu.addAction(self.import_roster_action)
        file_menu.addSeparator()
        for text, slot in (("备份到(&B)…", self.backups.backup_to), ("从备份恢复(&R)…", self.backups.restore_from),
                           ("备份文件夹", self.backups.open_folder)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def show_area(self, area: str) -> None:
        page = self._pages.get(area)
        if page is None:
            factory = page_factory(area)
            page = factory(self.ctx) if factory else PlaceholderPage(area)
            self._pages[area] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def page(self, area: str) -> QWidget:
        self.nav.setCurrentRow(NAV_AREAS.index(area))
        return self._pages[area]

    DONE_MS = 6000  # how long a confirmation stays in the status bar

    def show_done(self, message: str) -> None:
        """A successful action's confirmation (``AppContext.done``), for a few seconds."""
        self.statusBar().showMessage(message, self.DONE_MS)

    def manage_villages(self) -> None:
        from .villages_dialog import VillagesDialog  # loads when first opened (start-up time)

        VillagesDialog(self.ctx, self).exec()

    def import_roster(self) -> None:
        from .roster.import_dialog import open_import  # loads when first opened (start-up time)

        open_import(self.ctx, self)

    def about(self) -> None:
        QMessageBox.about(self, f"关于{APP_NAME}",
                          f"<h3>{APP_NAME}</h3><p>版本 {__version__}</p>"
                          "<p>平江县乡镇扶贫工作台：建档立卡贫困户台账、帮扶责任人、驻村帮扶、"
                          "危房改造与易地搬迁的三级审核、三榜公示，公示名单与审批表打印，月报导出。</p>"
                          f"<p>数据库：{self.ctx.db.path}</p>" + self._data_folder_text())

    @staticmethod
    def _data_folder_text() -> str:
        if paths.is_portable():
            return f"<p>便携模式：数据库、日志和备份在程序旁的文件夹<br>{paths.data_dir()}</p>"
        return f"<p>数据文件夹：{paths.data_dir()}</p>"

    def _restore(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            size_to_screen(self, 1280, 800)

    def closeEvent(self, event) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        for page in self._pages.values():
            save = getattr(page, "save_state", None)
            if save:
                save()
        super().closeEvent(event)
