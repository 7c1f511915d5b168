"""The charts of the 统计 page, on pyqtgraph: bars that report a click on one bar through their own
signal (``Bars.sigClicked(bars, index)``) and show its value on hover, a line chart of months, and the
box around each (title, legend) that is also what is saved as a PNG.

Readable in grey: the series' colours differ in lightness, each series after the first is hatched, and
each bar carries its value as a label. Every text (title, axis ticks and labels, legend, value labels)
is drawn in the UI font, set explicitly (pyqtgraph's own default is a Latin font without Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

# (colour, hatch) per series: lightness steps that stay apart in grey (≈ 25 %, 75 %, 50 %, 90 %, 40 %)
PALETTE = (
    ("#1f3f66", Qt.BrushStyle.NoBrush),
    ("#f0b45a", Qt.BrushStyle.BDiagPattern),
    ("#5d8fc4", Qt.BrushStyle.NoBrush),
    ("#e4ecf4", Qt.BrushStyle.CrossPattern),
    ("#8a5a2b", Qt.BrushStyle.FDiagPattern),
    ("#b8c9a3", Qt.BrushStyle.Dense6Pattern),
)
LINE_STYLES = (   # (colour, pen style, symbol) per line of a line chart
    ("#1f3f66", Qt.PenStyle.SolidLine, "o"),
    ("#c77c14", Qt.PenStyle.DashLine, "s"),
    ("#b22222", Qt.PenStyle.DotLine, "t"),
    ("#555555", Qt.PenStyle.DashDotLine, "d"),
)
BACKGROUND = "w"
FOREGROUND = "#222222"


def ui_font(size: int | None = None) -> QFont:
    """The application's font (Chinese families first, ui.app.UI_FONTS), at ``size`` points."""
    font = QFont(QApplication.font())
    if size:
        font.setPointSize(size)
    return font


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple            # one number per category
    tips: tuple = ()         # hover text per category ("" or missing: "<category>：<value>")


def whole_step(top: float, ticks: int = 5) -> int:
    """A tick step of 1, 2 or 5 × 10ⁿ giving about ``ticks`` ticks up to ``top``."""
    step = 1
    while step * ticks < top:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if step * ticks >= top:
                break
    return step


class Bars(pg.BarGraphItem):
    """Bars of one series. ``sigClicked(bars, index)``: the bar under a left click; hovering a bar
    shows its text as the tooltip."""

    sigClicked = Signal(object, int)

    def __init__(self, *, tips, hatch=Qt.BrushStyle.NoBrush, **opts):
        super().__init__(**opts)
        self.tips = list(tips)
        self.hatch = hatch
        self.series_index = 0
        self.setAcceptHoverEvents(True)

    def rects(self) -> list[QRectF]:
        return list(self._rectarray.instances())

    def index_at(self, pos: QPointF) -> int:
        for i, rect in enumerate(self.rects()):
            if rect.contains(pos):
                return i
        return -1

    def paint(self, p: QPainter, *args) -> None:
        super().paint(p, *args)
        if self.hatch != Qt.BrushStyle.NoBrush:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(QColor(0, 0, 0, 120), self.hatch))
            for rect in self.rects():
                p.drawRect(rect)

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        i = self.index_at(ev.pos())
        if i >= 0:
            ev.accept()
            self.sigClicked.emit(self, i)

    def hoverEvent(self, ev) -> None:
        if ev.isExit():
            self.setToolTip("")
            return
        i = self.index_at(ev.pos())
        self.setToolTip(self.tips[i] if 0 <= i < len(self.tips) else "")


class TargetMarks(Bars):
    """A dashed level mark per category (e.g. the year's target) drawn over the bars, white-edged so it
    shows on dark and light bars and in grey. It takes no clicks and shows no tooltip of its own: a
    click or hover there is the bar's."""

    def paint(self, p: QPainter, *args) -> None:
        for pen in (QPen(QColor("white"), 5), QPen(QColor("black"), 2.5, Qt.PenStyle.DashLine)):
            pen.setCosmetic(True)
            p.setPen(pen)
            for rect in self.rects():
                p.drawLine(rect.bottomLeft(), rect.bottomRight()) if self.along_y else \
                    p.drawLine(rect.topRight(), rect.bottomRight())

    along_y = True

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()

    def hoverEvent(self, ev) -> None:
        return


class ChartBox(QFrame):
    """A titled chart: the title (a QLabel in the UI font), the plot and its legend. ``grab()`` of the
    box is the chart as an image (title included)."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None, *, left_label: str = "",
                 bottom_label: str = ""):
        super().__init__(parent, objectName=name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title, objectName=f"{name}_title")
        self.title.setProperty("role", "chartTitle")
        font = ui_font()
        font.setBold(True)
        self.title.setFont(font)
        self.plot = pg.PlotWidget(background=BACKGROUND, enableMenu=False)   # no context menu: half the set-up time
        self.plot.setMinimumSize(QSize(340, 230))
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        item = self.plot.getPlotItem()
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setTickFont(ui_font(9))
            axis.setTextPen(FOREGROUND)
            axis.setPen(FOREGROUND)
        for side, text in (("left", left_label), ("bottom", bottom_label)):
            if text:
                item.setLabel(side, text, color=FOREGROUND)
                item.getAxis(side).label.setFont(ui_font(9))
        self.legend = item.addLegend(offset=(4, 2), verSpacing=-4, labelTextColor=FOREGROUND, brush=pg.mkBrush(255, 255, 255, 220),
                                     pen=pg.mkPen("#999999"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)

    def _legend_font(self) -> None:
        for _sample, label in self.legend.items:
            label.item.setFont(ui_font(9))

    def image(self, scale: float = 2.0) -> QPixmap:
        """The box rendered at ``scale`` × its size (sharper in a PDF than a screen grab)."""
        pix = QPixmap(self.size() * scale)
        pix.setDevicePixelRatio(scale)
        pix.fill(Qt.GlobalColor.white)
        self.render(pix)
        return pix


class BarChart(ChartBox):
    """Bars per category; several series side by side (``stacked=False``) or stacked. ``clicked(category
    index, series index)`` is emitted from the clicked bar's own ``sigClicked``."""

    clicked = Signal(int, int)

    def __init__(self, title: str, name: str, parent=None, *, horizontal: bool = False, stacked: bool = True,
                 left_label: str = "", bottom_label: str = ""):
        super().__init__(title, name, parent, left_label=left_label, bottom_label=bottom_label)
        self.horizontal, self.stacked = horizontal, stacked
        self.hint = ""      # added to each bar's hover text (e.g. that a click opens the list)
        self.bars: list[Bars] = []
        self.categories: list[str] = []
        self.series: list[Series] = []
        self._labels: list[pg.TextItem] = []

    def set_data(self, categories: list[str], series: list[Series], *, outline: list[Series] | None = None) -> None:
        """``outline``: series drawn as level marks over the first series' bars (e.g. the targets). The
        plot's items are made once for the chart's categories and series and then updated in place (a
        refresh rebuilds nothing)."""
        outline = outline or []
        shape = (tuple(categories), tuple(s.name for s in series), tuple(o.name for o in outline))
        if shape != self._shape:
            self._rebuild(len(categories), series, outline)
            self._shape = shape
        self.categories, self.series = list(categories), list(series)
        n = len(series)
        width = 0.7 if self.stacked or n == 1 else 0.8 / n
        base = [0] * len(categories)
        points = []             # (position, value) of each value label
        for k, s in enumerate(series):
            tips = [(s.tips[i] if i < len(s.tips) and s.tips[i] else f"{categories[i]}　{s.name}：{v:,}") + self.hint
                    for i, v in enumerate(s.values)]
            pos = [i + (0 if self.stacked or n == 1 else (k - (n - 1) / 2) * width) for i in range(len(categories))]
            start = list(base) if self.stacked else [0] * len(categories)
            self.bars[k].tips = tips
            self.bars[k].setOpts(**self._geometry(start, list(s.values), pos, width))
            if self.stacked:
                base = [b + v for b, v in zip(base, s.values)]
            else:
                points += list(zip(pos, s.values))
        if self.stacked:
            points = list(enumerate(base))
        for marks, o in zip(self._marks, outline):
            marks.setOpts(**self._geometry([0] * len(categories), list(o.values), list(range(len(categories))), 0.9))
        for label, (pos, v) in zip(self._labels, points):
            label.setText(f"{v:,}")
            label.setPos(v, pos) if self.horizontal else label.setPos(pos, v)
        self._empty.setVisible(not any(v for s in series for v in s.values))
        middle = (len(categories) - 1) / 2
        self._empty.setPos(0.5, middle) if self.horizontal else self._empty.setPos(middle, 0.5)
        self._axes(headroom=1.4 if n > 1 or outline else 1.2)

    _shape: tuple | None = None
    _marks: list = []
    _empty = None

    def _geometry(self, start: list, values: list, pos: list, width: float) -> dict:
        if self.horizontal:
            return dict(x0=start, width=values, y=pos, height=width)
        return dict(x=pos, y0=start, height=values, width=width)

    def _rebuild(self, count: int, series: list[Series], outline: list[Series]) -> None:
        """The plot's items for ``count`` categories, these series and outlines (values set afterwards)."""
        item = self.plot.getPlotItem()
        for old in self.bars + self._marks + self._labels + ([self._empty] if self._empty is not None else []):
            item.removeItem(old)
        self.legend.clear()
        self.bars, self._marks, self._labels = [], [], []
        zero = [0] * count
        for k, s in enumerate(series):
            colour, hatch = PALETTE[k % len(PALETTE)]
            bars = Bars(tips=[], hatch=hatch, brush=pg.mkBrush(colour), pen=pg.mkPen("#333333", width=1),
                        name=s.name, **self._geometry(zero, zero, list(range(count)), 0.7))
            bars.series_index = k
            bars.sigClicked.connect(lambda b, i: self.clicked.emit(i, b.series_index))
            item.addItem(bars)      # named: the plot's legend lists it
            self.bars.append(bars)
        for o in outline:
            marks = TargetMarks(tips=[], pen=pg.mkPen("#000000", width=2, style=Qt.PenStyle.DashLine),
                                brush=pg.mkBrush(None), name=o.name, **self._geometry(zero, zero, list(range(count)), 0.9))
            marks.along_y = not self.horizontal
            marks.setZValue(5)
            item.addItem(marks)
            self._marks.append(marks)
        font = ui_font(8)
        anchor = (0, 0.5) if self.horizontal else (0.5, 1)
        for _ in range(count if self.stacked else count * len(series)):
            label = pg.TextItem("", color=FOREGROUND, anchor=anchor)
            label.setFont(font)
            item.addItem(label)
            self._labels.append(label)
        self._empty = pg.TextItem("暂无数据", color="#666666", anchor=(0.5, 0.5))
        self._empty.setFont(ui_font(11))
        item.addItem(self._empty)
        self._legend_font()
        self.legend.setColumnCount(max(1, len(self.legend.items)))   # one row along the top
        self.legend.setVisible(len(series) > 1 or bool(outline))

    def _axes(self, headroom: float) -> None:
        item = self.plot.getPlotItem()
        ticks = [[(i, name) for i, name in enumerate(self.categories)]]
        top = max([sum(vs) for vs in zip(*[s.values for s in self.series])] if self.stacked and self.series else
                  [v for s in self.series for v in s.values] or [0])
        for side in ("left", "bottom"):
            item.getAxis(side).setStyle(hideOverlappingLabels=False)
        step = whole_step(top)      # counts: whole-number ticks (no 0.5 case)
        item.getAxis("bottom" if self.horizontal else "left").setTickSpacing(step, step)
        if self.horizontal:
            item.getAxis("left").setTicks(ticks)
            # wide enough for the longest name (pyqtgraph drops a tick label wider than the axis)
            metrics = QFontMetrics(ui_font(9))
            item.getAxis("left").setWidth(max([metrics.horizontalAdvance(c) for c in self.categories] or [20]) + 14)
            item.getAxis("bottom").setTicks(None)
            item.invertY(True)
            item.setYRange(-0.6, len(self.categories) - 0.4, padding=0)
            item.setXRange(0, max(top, 1) * (headroom - 0.02), padding=0)
        else:
            item.getAxis("bottom").setTicks(ticks)
            item.setXRange(-0.6, len(self.categories) - 0.4, padding=0)
            item.setYRange(0, max(top, 1) * headroom, padding=0)

    def bar_center(self, category: int, series: int = 0) -> QPointF:
        """Where the bar is on the plot widget (for a test's mouse click)."""
        rect = self.bars[series].rects()[category]
        vb = self.plot.getPlotItem().getViewBox()
        scene = vb.mapViewToScene(rect.center())
        return self.plot.mapFromScene(scene)


class LineChart(ChartBox):
    """Lines over months (``labels``), a tick per January; hovering shows every line's value that month."""

    def __init__(self, title: str, name: str, parent=None, *, left_label: str = ""):
        super().__init__(title, name, parent, left_label=left_label)
        self.labels: list[str] = []
        self.series: list[Series] = []
        self._names: tuple = ()
        self._curves: list = []
        self.plot.scene().sigMouseMoved.connect(self._hover)

    def set_data(self, labels: list[str], series: list[Series]) -> None:
        item = self.plot.getPlotItem()
        self.labels, self.series = list(labels), list(series)
        xs = list(range(len(labels)))
        names = tuple(s.name for s in series)
        if names != self._names:        # the lines are made once, then given new values
            item.clear()
            self.legend.clear()
            self._curves = []
            for k, s in enumerate(series):
                colour, style, symbol = LINE_STYLES[k % len(LINE_STYLES)]
                self._curves.append(item.plot([], [], pen=pg.mkPen(colour, width=2, style=style), symbol=symbol,
                                              symbolSize=5, symbolBrush=colour, symbolPen=colour, name=s.name))
            self._legend_font()
            self.legend.setColumnCount(max(1, len(series)))
            self._names = names
        for curve, s in zip(self._curves, series):
            curve.setData(xs, list(s.values))
        ticks = [(i, m[:4]) for i, m in enumerate(labels) if m.endswith("-01")]
        item.getAxis("bottom").setTicks([ticks])
        top = max([v for s in series for v in s.values] or [0])
        item.setXRange(-1, max(len(labels), 1), padding=0)
        item.setYRange(0, max(top, 1) * 1.3, padding=0)

    def text_at(self, index: int) -> str:
        return f"{self.labels[index]}　" + "　".join(f"{s.name} {s.values[index]:,}" for s in self.series)

    def _hover(self, scene_pos) -> None:
        if not self.labels:
            return
        vb = self.plot.getPlotItem().getViewBox()
        x = vb.mapSceneToView(scene_pos).x()
        i = int(round(x))
        self.plot.setToolTip(self.text_at(i) if 0 <= i < len(self.labels) else "")
