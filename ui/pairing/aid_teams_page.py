"""驻村帮扶 page: the 六个一 gaps of every poor village, one village's aid team (dated roles),
adding a role, ending one, and entering the county plan's assisting units."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from pjdesk.errors import PjdeskError
from pjdesk.pairing import vocab
from pjdesk.pairing.aid_teams import RoleInput, add_role, end_role, missing_roles, prefill_from_plan, village_team
from pjdesk.registry.township import village_names

from ui.widgets.form import date_edit, date_value
from ui.pairing.models import ROLE_COLUMNS, whole_text_tip
from ui.widgets.table_model import Col, RowsModel
from ui.pairing.views import list_view

GAP_COLUMNS = (
    Col("village", "村", lambda g: g["village"]),
    Col("missing", "缺少", lambda g: "、".join(g["missing"])),
    Col("unpaired", "未结对户数", lambda g: g["unpaired"], True),    # 0 is a figure too, never a blank
)
UNPAIRED_TIP = "需要帮扶（未脱贫、预脱贫、返贫）而尚未结对的户数；已脱贫、已销户的户不计"


class AidTeamsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("驻村帮扶（六个一）")
        title.setProperty("role", "pageTitle")
        intro = QLabel("每个贫困村：1名责任领导、帮扶单位、1名第一书记、1支驻村工作队、1名驻村农技员，"
                       "每户贫困户1名帮扶责任人（“六个一”）。")
        intro.setWordWrap(True)
        self.gaps_model = RowsModel(GAP_COLUMNS, self, tip=lambda _g, key: UNPAIRED_TIP if key == "unpaired" else None)
        self.gaps = list_view(self.gaps_model, "gaps", widths={"village": 90, "unpaired": 90}, stretch="missing")
        self.gaps.selectionModel().currentRowChanged.connect(
            lambda cur, _p: cur.isValid() and self.village.setCurrentText(self.gaps_model.row_at(cur)["village"]))
        self.gaps_title = QLabel("", objectName="gaps_title")
        prefill = QPushButton("从县规划导入帮扶单位", objectName="prefill")
        prefill.setToolTip("按县扶贫规划表10.1、10.2登记本乡镇各村的帮扶单位和联点领导（已有的不重复登记）")
        prefill.clicked.connect(self.prefill)

        self.village = QComboBox(objectName="village")
        self.village.addItems(village_names(ctx.db))
        self.village.currentTextChanged.connect(self._load_team)
        self.include_ended = QCheckBox("含已结束任职", objectName="include_ended")
        self.include_ended.toggled.connect(self._load_team)
        self.team_model = RowsModel(ROLE_COLUMNS, self, tip=whole_text_tip(
            ROLE_COLUMNS, {"name", "unit", "post", "source"}))
        self.team = list_view(self.team_model, "team", widths={
            "role": 90, "name": 150, "unit": 150, "post": 90, "phone": 110, "start_on": 90, "end_on": 90})
        end = QPushButton("结束任职…", objectName="end_role")
        end.clicked.connect(self.end_selected)

        form = QGroupBox("登记人员 / 单位")
        self.role = QComboBox(objectName="role")
        self.role.addItems(vocab.VILLAGE_ROLES)
        self.name = QLineEdit(objectName="name")
        self.unit = QLineEdit(objectName="unit")
        self.post = QComboBox(objectName="post")
        self.post.setEditable(True)
        self.post.addItems(["", *vocab.TEAM_POSTS])
        self.phone = QLineEdit(objectName="phone")
        self.start = date_edit(dt.date.today(), dt.date.today())
        self.error = QLabel("", objectName="role_error")
        self.error.setProperty("role", "fieldError")
        self.error.setWordWrap(True)
        add = QPushButton("登记", objectName="add_role")
        add.clicked.connect(self.add)
        grid = QGridLayout(form)
        for i, (label, w) in enumerate((("角色", self.role), ("姓名 / 单位名称", self.name), ("所在单位", self.unit),
                                        ("职务", self.post), ("联系电话", self.phone), ("起始日期", self.start))):
            grid.addWidget(QLabel(label), i // 3, (i % 3) * 2)
            grid.addWidget(w, i // 3, (i % 3) * 2 + 1)
        grid.addWidget(add, 1, 6)
        grid.addWidget(self.error, 2, 0, 1, 7)

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(prefill)
        gaps_head = QHBoxLayout()
        gaps_head.addWidget(self.gaps_title)
        team_head = QHBoxLayout()
        for w in (QLabel("村"), self.village, self.include_ended):
            team_head.addWidget(w)
        team_head.addStretch(1)
        team_head.addWidget(end)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(intro)
        layout.addLayout(gaps_head)
        layout.addWidget(self.gaps, 2)
        layout.addLayout(team_head)
        layout.addWidget(self.team, 3)
        layout.addWidget(form)
        self.reload()
        ctx.changed.connect(lambda area: area in ("helpers", "households") and self.reload())

    def reload(self) -> None:
        gaps = missing_roles(self.ctx.db)
        self.gaps_model.set_rows(gaps)
        self.gaps_title.setText(f"“六个一”未落实的贫困村：{len(gaps)}个" if gaps else "各贫困村“六个一”均已落实")
        self._load_team()

    def _load_team(self) -> None:
        if self.village.currentText():
            self.team_model.set_rows(village_team(self.ctx.db, self.village.currentText(),
                                                  include_ended=self.include_ended.isChecked()))

    def add(self) -> None:
        r = RoleInput(self.village.currentText(), self.role.currentText(), self.name.text(), self.unit.text(),
                      self.post.currentText(), self.phone.text(), date_value(self.start))
        try:
            add_role(self.ctx.db, r)
        except PjdeskError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        for w in (self.name, self.unit, self.phone):
            w.clear()
        self.ctx.changed.emit("helpers")

    def end_selected(self) -> None:
        rows = self.team.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "结束任职", "请先在列表中选中一条")
            return
        r = self.team_model.row_at(rows[0])
        if QMessageBox.question(self, "结束任职", f"确认“{r['name']}”（{r['role']}）自今天起结束任职？记录会保留。") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            end_role(self.ctx.db, r["id"], dt.date.today())
        except PjdeskError as exc:
            QMessageBox.warning(self, "结束任职", exc.message)
            return
        self.ctx.changed.emit("helpers")

    def prefill(self) -> None:
        try:
            n = prefill_from_plan(self.ctx.db)
        except PjdeskError as exc:
            QMessageBox.warning(self, "从县规划导入", exc.message)
            return
        QMessageBox.information(self, "从县规划导入", f"已登记{n}条" if n else "县规划中本乡镇的帮扶单位均已登记")
        if n:
            self.ctx.changed.emit("helpers")
