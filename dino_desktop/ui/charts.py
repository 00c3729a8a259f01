"""pyqtgraph charts for the KPI tab: bars per day and the top tables by volume.

The charts carry no words of their own (the KPI tab sets translated titles), follow the
widget palette so they stay readable in light and dark themes, and answer hovering with a
tooltip: the date or table, and the value written the way the current language writes it.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QDate, QEvent, QLocale, QPointF
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

from dino_desktop.ui import formatting

DAY_S = 86_400
BAR_SHARE = 0.7  # of the slot a bar takes
TOP_TABLES = 10
NAME_CHARS = 28  # longer table names are shortened on the axis (the tooltip has them whole)
Formatter = Callable[[float], str]


def day_seconds(day: dt.date) -> float:
    """Midnight UTC of `day`, in seconds: the run log counts runs per UTC day."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


def day_text(day: dt.date, long: bool = False) -> str:
    fmt = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    return QLocale().toString(QDate(day.year, day.month, day.day), fmt)


class ValueAxis(pg.AxisItem):
    """Tick labels through a formatter (money, sizes, counts), at steps the formatter can
    write without repeating a label (no "R$ 0.01" twice); sizes step in 1024s."""

    def __init__(self, orientation: str, fmt: Formatter = formatting.number,
                 min_step: float = 0.0, binary: bool = False) -> None:
        super().__init__(orientation)
        self.fmt, self.min_step, self.binary = fmt, min_step, binary
        self.enableAutoSIPrefix(False)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        scale = 1.0
        if self.binary:  # bytes: nice steps in the unit the labels use
            while max(abs(minVal), abs(maxVal)) / scale >= 1024 and scale < 1024 ** 4:
                scale *= 1024
        floor = self.min_step if scale == 1 else 0.1
        levels = [(sp, vals) for sp, vals in super().tickValues(minVal / scale, maxVal / scale,
                                                                size) if sp >= floor * 0.999]
        if not levels and floor:
            first = math.ceil(minVal / scale / floor)
            last = math.floor(maxVal / scale / floor)
            levels = [(floor, [i * floor for i in range(first, last + 1)])]
        return [(sp * scale, [v * scale for v in vals]) for sp, vals in levels[:1]]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.fmt(v) for v in values]


class DayAxis(pg.DateAxisItem):
    """Ticks on whole UTC days only, as many as fit, labelled in the current language."""

    STEPS = (1, 2, 3, 7, 14, 28, 56, 91)

    def __init__(self) -> None:
        super().__init__("bottom", utcOffset=0)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        first = math.ceil(minVal / DAY_S) * DAY_S
        days = max(1, int((maxVal - first) // DAY_S) + 1)
        label_px = self._label_px()
        step = next((s for s in self.STEPS if days / s * label_px <= max(size, 1)),
                    self.STEPS[-1])
        values = [float(v) for v in range(int(first), int(maxVal) + 1, step * DAY_S)]
        return [(float(step * DAY_S), values)]

    def _label_px(self) -> int:
        metrics = getattr(self, "fontMetrics", None)
        sample = self.tickStrings([day_seconds(dt.date(2026, 12, 30))], 1, DAY_S)[0]
        return (metrics.horizontalAdvance(sample) if metrics else 8 * len(sample)) + 16

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            day = dt.datetime.fromtimestamp(v, dt.UTC).date()
            out.append(QLocale().toString(QDate(day.year, day.month, day.day), "d MMM"))
        return out


class Chart(pg.PlotWidget):
    """A static bar chart: no pan or zoom, no pyqtgraph menu (its texts are not ours)."""

    def __init__(self, axes: dict[str, pg.AxisItem], parent: QWidget | None = None) -> None:
        self._ready = False  # Qt sends palette events while PlotWidget is being built
        super().__init__(parent, axisItems=axes)
        self.setMinimumSize(240, 180)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        self.hover_text = ""  # the tooltip shown now ("" when none): also what tests read
        self._title = ""
        self._bars: pg.BarGraphItem | None = None
        self._proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._mouse_moved)
        self._ready = True
        self.apply_palette()

    # ---- theme

    def apply_palette(self) -> None:
        """Background, axes, title and bars from the palette (light or dark theme)."""
        pal = self.palette()
        self.setBackground(pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        item = self.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(text)
            axis.setTextPen(text)
        item.showGrid(x=False, y=self._grid_y(), alpha=0.2)
        self._render_title()
        if self._bars is not None:
            self._bars.setOpts(brush=self.bar_color(), pen=None)

    def bar_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Highlight)

    def _grid_y(self) -> bool:
        return True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ThemeChange,
                            QEvent.Type.ApplicationPaletteChange) and self._ready:
            self.apply_palette()
        super().changeEvent(event)

    # ---- title

    def set_title(self, text: str) -> None:
        self._title = text
        self._render_title()

    @property
    def title(self) -> str:
        return self._title

    def _render_title(self) -> None:
        color = self.palette().color(QPalette.ColorRole.Text).name()
        self.getPlotItem().setTitle(html.escape(self._title), color=color, size="10pt")

    # ---- hover

    def _mouse_moved(self, args: tuple) -> None:
        self.hover_at(args[0])

    def hover_at(self, scene_pos: QPointF) -> str:
        """Show the tooltip for what is under `scene_pos` (a scene position); return it."""
        box = self.getPlotItem().getViewBox()
        text = ""
        if self._bars is not None and box.sceneBoundingRect().contains(scene_pos):
            point = box.mapSceneToView(scene_pos)
            text = self.text_at(point.x(), point.y())
        self.hover_text = text
        if text:
            where = self.viewport().mapToGlobal(self.mapFromScene(scene_pos))
            QToolTip.showText(where, text, self)
        else:
            QToolTip.hideText()
        return text

    def leaveEvent(self, event: QEvent) -> None:
        self.hover_text = ""
        QToolTip.hideText()
        super().leaveEvent(event)

    def text_at(self, x: float, y: float) -> str:
        raise NotImplementedError

    def _replace_bars(self, **opts: object) -> None:
        item = self.getPlotItem()
        if self._bars is not None:
            item.removeItem(self._bars)
        self._bars = pg.BarGraphItem(brush=self.bar_color(), pen=None, **opts)
        item.addItem(self._bars)

    def clear_bars(self) -> None:
        if self._bars is not None:
            self.getPlotItem().removeItem(self._bars)
            self._bars = None
        self.hover_text = ""


class DayChart(Chart):
    """One value per day as bars on a date axis: cost, files or volume."""

    def __init__(self, fmt: Formatter, min_step: float = 0.0, binary: bool = False,
                 parent: QWidget | None = None) -> None:
        self.fmt = fmt
        super().__init__({"bottom": DayAxis(),
                          "left": ValueAxis("left", fmt, min_step, binary)}, parent)
        self.days: list[dt.date] = []
        self.values: list[float] = []
        self.line_values: list[float | None] = []  # a second series (measured cost), if any
        self.line_title = ""
        self._line: pg.PlotDataItem | None = None

    def set_line(self, title: str, values: Sequence[float | None]) -> None:
        """A line over the bars (gaps where None): e.g. the measured cost beside the
        estimate. Call after set_data, with one value per day."""
        item = self.getPlotItem()
        if self._line is not None:
            item.removeItem(self._line)
            self._line = None
        self.line_title, self.line_values = title, list(values)
        points = [(day_seconds(d), v) for d, v in zip(self.days, self.line_values, strict=False)
                  if v is not None]
        if not points:
            return
        color = self.palette().color(QPalette.ColorRole.Highlight).darker(160)
        self._line = pg.PlotDataItem([x for x, _ in points], [y for _, y in points],
                                     pen=pg.mkPen(color, width=2), symbol="o", symbolSize=6,
                                     symbolBrush=color, symbolPen=None, connect="finite")
        item.addItem(self._line)
        top = max([*self.values, *(v for _, v in points)], default=1.0) or 1.0
        item.getViewBox().setYRange(0, top * 1.1, padding=0)

    def set_data(self, days: Sequence[dt.date], values: Sequence[float]) -> None:
        self.days, self.values = list(days), [float(v or 0) for v in values]
        self.set_line("", [])
        if not self.days:
            self.clear_bars()
            return
        xs = [day_seconds(d) for d in self.days]
        self._replace_bars(x=xs, height=self.values, width=BAR_SHARE * DAY_S)
        box = self.getPlotItem().getViewBox()
        box.setXRange(xs[0] - DAY_S * 0.6, xs[-1] + DAY_S * 0.6, padding=0)
        top = max(self.values) if any(self.values) else 1.0
        box.setYRange(0, top * 1.1, padding=0)

    def bar_at(self, day: dt.date) -> float | None:
        """The value drawn for `day` (None when the day is not on the chart)."""
        try:
            return self.values[self.days.index(day)]
        except ValueError:
            return None

    def text_at(self, x: float, y: float) -> str:
        if not self.days:
            return ""
        index = round((x - day_seconds(self.days[0])) / DAY_S)
        if not 0 <= index < len(self.days):
            return ""
        text = f"{day_text(self.days[index], long=True)}\n{self.title}: " \
               f"{self.fmt(self.values[index])}"
        if index < len(self.line_values) and self.line_values[index] is not None:
            text += f"\n{self.line_title}: {self.fmt(self.line_values[index])}"
        return text


class TableChart(Chart):
    """The biggest tables of the period as horizontal bars, biggest on top."""

    def __init__(self, fmt: Formatter = lambda v: formatting.size(round(v)),
                 parent: QWidget | None = None) -> None:
        self.fmt = fmt
        super().__init__({"bottom": ValueAxis("bottom", fmt, 1, binary=True),
                          "left": pg.AxisItem("left")}, parent)
        self.names: list[str] = []
        self.values: list[float] = []
        self.getPlotItem().getViewBox().invertY(True)

    def _grid_y(self) -> bool:
        return False

    def set_data(self, names: Sequence[str], values: Sequence[float]) -> None:
        pairs = list(zip(names, values, strict=True))[:TOP_TABLES]
        self.names = [n for n, _v in pairs]
        self.values = [float(v or 0) for _n, v in pairs]
        axis = self.getPlotItem().getAxis("left")
        axis.setTicks([[(i, _short(n)) for i, n in enumerate(self.names)], []])
        if not self.names:
            self.clear_bars()
            return
        ys = list(range(len(self.names)))
        self._replace_bars(x0=0, y=ys, height=0.6, width=self.values)
        box = self.getPlotItem().getViewBox()
        box.setYRange(-0.6, len(ys) - 0.4, padding=0)
        top = max(self.values) if any(self.values) else 1.0
        box.setXRange(0, top * 1.05, padding=0)

    def text_at(self, x: float, y: float) -> str:
        index = round(y)
        if not 0 <= index < len(self.names) or abs(y - index) > 0.4:
            return ""
        return f"{self.names[index]}\n{self.title}: {self.fmt(self.values[index])}"


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
