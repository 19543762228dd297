"""Charts for the statistics pages, drawn with QPainter: a month trend (lines) and a split by
category (horizontal bars), each with a legend and labelled axes, readable in Chinese and in
black and white (greys, hatching, dashes and marker shapes tell the series apart, never colour
alone). A bar or a point is clicked, or chosen with the arrow keys and Enter, to drill down.

Why QPainter (measured 2026-12-02 on this machine, PySide6 6.11.3, Python 3.11, offscreen,
median of 5 fresh processes; ``/tmp`` scratch venv with PySide6-Addons, pyqtgraph and numpy,
the project's own venv untouched):

=====================  ==============================  ===================================
candidate              import + first chart object     what the bundle gains
=====================  ==============================  ===================================
QPainter (this)        1.1 ms (QtGui, already loaded)  nothing: 0 bytes, no new dependency
QtCharts               7.5 ms                          libQt6Charts.so.6 2.3 MB + QtCharts
                                                       .abi3.so 1.0 MB (QtOpenGL, which it
                                                       links, is in Essentials already) —
                                                       but only via the PySide6-Addons
                                                       wheel: 438 MB installed, pinned to
                                                       Essentials' exact version
pyqtgraph 0.14.0       278 ms (numpy + its modules)    wheel 1.9 MB; installed pyqtgraph
                                                       9.6 MB + numpy 45 MB + numpy.libs
                                                       28 MB ≈ 83 MB
=====================  ==============================  ===================================

Baseline: ``import PySide6.QtWidgets`` alone takes 59 ms in a fresh process. Importing this
module there (Qt loaded) takes 17–30 ms, mostly PySide creating its QtGui types on first use;
the two pages' modules 33–65 ms more: paid when a page first opens, never at start.
pyqtgraph can be installed from the configured index; QtCharts is not in the venv
(PySide6-Essentials only; PySide6-Addons 6.11.3 installs from the index).

The pages need two chart shapes, a dozen categories and two series: QtCharts would add a
dependency of hundreds of megabytes for that, pyqtgraph (built for live scientific plots) a
quarter of a second and numpy; both would need the same work to print in black and white with
hatching. So this module draws them: ~500 lines, no cost until a statistics page opens (the
pages import it lazily; ``tests/ui/test_statistics_view.py`` checks a fresh window has not
imported it), and the same ``paint`` draws on a screen, an image or a printer. The PDF export
draws its own charts with reportlab's graphics (``documents/report_charts.py``, no Qt).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget


@dataclass(frozen=True, slots=True)
class Series:
    """One series: a value per category (None: nothing to draw there, e.g. a month to come)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class _Style:
    line: QColor
    dash: Qt.PenStyle
    fill: QColor
    hatch: Qt.BrushStyle
    marker: str  # "circle" | "square"
    filled_marker: bool


#: Told apart in black and white: solid dark against dashed grey, plain against hatched bars,
#: filled circles against open squares.
STYLES: tuple[_Style, ...] = (
    _Style(
        QColor("#202020"),
        Qt.PenStyle.SolidLine,
        QColor("#4a4a4a"),
        Qt.BrushStyle.NoBrush,
        "circle",
        True,
    ),
    _Style(
        QColor("#707070"),
        Qt.PenStyle.DashLine,
        QColor("#d0d0d0"),
        Qt.BrushStyle.BDiagPattern,
        "square",
        False,
    ),
    _Style(
        QColor("#505050"),
        Qt.PenStyle.DotLine,
        QColor("#f0f0f0"),
        Qt.BrushStyle.CrossPattern,
        "circle",
        False,
    ),
)
_GRID = QColor("#d8d8d8")
_AXIS = QColor("#404040")
_FOCUS = QColor("#1f5fbf")
MARGIN = 8.0


def nice_ceiling(value: float) -> tuple[float, float]:
    """The axis' top and its step: a round number at or above ``value`` in 4–5 steps."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)  # counts: whole numbers on the axis
    return math.ceil(value / step) * step, step


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


class _Chart(QWidget):
    """What both charts share: series over categories, a legend, the current item, clicks and
    keys. ``activated(series, index)`` asks to drill into one value."""

    activated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.value_label = ""  # the value axis' unit, e.g. 件
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.current: tuple[int, int] = (0, 0)  # series, category
        self._hits: list[tuple[QRectF, int, int]] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

    # --- public API --------------------------------------------------------------------------

    def set_data(
        self, categories: Sequence[str], series: Sequence[Series], *, title: str = ""
    ) -> None:
        """Show ``series`` over ``categories``; the current item is kept where it still is."""
        self.categories = tuple(categories)
        self.series = tuple(series)
        if title:
            self.title = title
        s, i = self.current
        self.current = (min(s, max(len(self.series) - 1, 0)), min(i, max(len(categories) - 1, 0)))
        self.setAccessibleName(self.title)
        self.updateGeometry()  # a bar chart's height follows its rows
        self.update()

    def value(self, series: int, index: int) -> float | None:
        values = self.series[series].values
        return values[index] if 0 <= index < len(values) else None

    def item_rect(self, series: int, index: int) -> QRectF:
        """Where an item was last drawn (empty before the first paint): for tests and clicks."""
        for rect, s, i in self._hits:
            if (s, i) == (series, index):
                return QRectF(rect)
        return QRectF()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        """Draw the chart into ``rect`` of any paint device (screen, image, printer)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hits = []
        top = rect.top() + MARGIN
        fm = QFontMetricsF(painter.font())
        if self.title:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(_AXIS)
            painter.drawText(
                QRectF(rect.left() + MARGIN, top, rect.width(), fm.height()),
                Qt.AlignmentFlag.AlignLeft,
                self.title,
            )
            font.setBold(False)
            painter.setFont(font)
        legend_right = rect.right() - MARGIN
        self._legend(painter, QPointF(legend_right, top + fm.height() / 2))
        top += fm.height() + 6
        body = QRectF(
            rect.left() + MARGIN, top, rect.width() - 2 * MARGIN, rect.bottom() - MARGIN - top
        )
        if not self.categories or not self.series:
            painter.setPen(_AXIS)
            painter.drawText(body, Qt.AlignmentFlag.AlignCenter, self.tr("没有数据"))
        else:
            self._plot(painter, body, fm)
        painter.restore()

    # --- drawing helpers (subclasses) --------------------------------------------------------

    def _plot(self, painter: QPainter, body: QRectF, fm: QFontMetricsF) -> None:
        raise NotImplementedError

    def _top_value(self) -> float:
        return max((v for s in self.series for v in s.values if v is not None), default=0.0)

    def _legend(self, painter: QPainter, right_middle: QPointF) -> None:
        fm = QFontMetricsF(painter.font())
        x = right_middle.x()
        for n in reversed(range(len(self.series))):
            name = self.series[n].name
            x -= fm.horizontalAdvance(name)
            painter.setPen(_AXIS)
            painter.drawText(QPointF(x, right_middle.y() + fm.ascent() / 2 - 1), name)
            x -= 30
            self._swatch(painter, QRectF(x, right_middle.y() - 6, 24, 12), n)
            x -= 16

    def _swatch(self, painter: QPainter, box: QRectF, n: int) -> None:
        """The legend's sample of series ``n``: its bar fill (or its line and marker)."""
        raise NotImplementedError

    def _fill_bar(self, painter: QPainter, bar: QRectF, n: int) -> None:
        style = STYLES[n % len(STYLES)]
        painter.setPen(QPen(QColor("#202020"), 0.8))
        painter.setBrush(style.fill)
        painter.drawRect(bar)
        if style.hatch is not Qt.BrushStyle.NoBrush:
            painter.setBrush(QBrush(QColor("#303030"), style.hatch))
            painter.drawRect(bar)

    def _marker(self, painter: QPainter, at: QPointF, n: int, radius: float = 3.5) -> None:
        style = STYLES[n % len(STYLES)]
        painter.setPen(QPen(style.line, 1.4))
        painter.setBrush(style.line if style.filled_marker else QColor("white"))
        box = QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius)
        if style.marker == "circle":
            painter.drawEllipse(box)
        else:
            painter.drawRect(box)

    def _focus(self, painter: QPainter, rect: QRectF) -> None:
        if self.hasFocus():
            pen = QPen(_FOCUS, 2, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-3, -3, 3, 3))

    # --- Qt overrides ------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.current = hit
            self.update()
            self.activated.emit(*hit)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if hit is not None else Qt.CursorShape.ArrowCursor
        )
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self._describe(*hit), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        s, i = self.current
        step = self._steps().get(Qt.Key(key))
        if step is not None and self.categories:
            ds, di = step
            self.current = (
                (s + ds) % max(len(self.series), 1),
                max(0, min(i + di, len(self.categories) - 1)),
            )
            self.setToolTip(self._describe(*self.current))
            self.repaint()  # where the item now is
            self._reveal(self.item_rect(*self.current))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.categories:
            self.activated.emit(*self.current)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def _steps(self) -> dict[Qt.Key, tuple[int, int]]:
        raise NotImplementedError

    def _reveal(self, rect: QRectF) -> None:
        """Scroll the item chosen by key into sight when the chart sits in a scroll area."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        if isinstance(area, QScrollArea) and not rect.isEmpty():
            centre = rect.center().toPoint()
            area.ensureVisible(centre.x(), centre.y(), 8, int(rect.height()))

    def _hit(self, pos: QPointF) -> tuple[int, int] | None:
        for rect, s, i in self._hits:
            if rect.adjusted(-4, -4, 4, 4).contains(pos):
                return s, i
        return None

    def _describe(self, s: int, i: int) -> str:
        value = self.value(s, i)
        shown = "—" if value is None else _fmt(value) + self.value_label
        return f"{self.series[s].name} · {self.categories[i]}：{shown}"


class LineChart(_Chart):
    """Values by month (or any ordered category) as lines with markers; y axis from 0."""

    def sizeHint(self) -> QSize:
        return QSize(560, 260)

    def _steps(self) -> dict[Qt.Key, tuple[int, int]]:
        return {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
        }

    def _swatch(self, painter: QPainter, box: QRectF, n: int) -> None:
        style = STYLES[n % len(STYLES)]
        painter.setPen(QPen(style.line, 2, style.dash))
        y = box.center().y()
        painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
        self._marker(painter, box.center(), n)

    def _plot(self, painter: QPainter, body: QRectF, fm: QFontMetricsF) -> None:
        top, step = nice_ceiling(self._top_value())
        axis_w = fm.horizontalAdvance(_fmt(top)) + 8
        unit_h = fm.height() if self.value_label else 0.0
        plot = QRectF(
            body.left() + axis_w,
            body.top() + unit_h + fm.height() / 2,
            body.width() - axis_w - 4,
            body.height() - unit_h - fm.height() * 2 - 6,
        )
        # the value axis: grid lines, tick labels, and the unit above them
        painter.setPen(_AXIS)
        if self.value_label:
            painter.drawText(
                QPointF(body.left(), body.top() + fm.ascent()),
                self.tr("（{0}）").format(self.value_label),
            )
        ticks = round(top / step)
        for k in range(ticks + 1):
            y = plot.bottom() - plot.height() * k / ticks
            painter.setPen(QPen(_GRID, 1, Qt.PenStyle.DotLine if k else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_AXIS)
            label = _fmt(k * step)
            painter.drawText(
                QRectF(body.left(), y - fm.height() / 2, axis_w - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.setPen(QPen(_AXIS, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        n = len(self.categories)
        slot = plot.width() / n

        def x_at(i: int) -> float:
            return plot.left() + slot * (i + 0.5)

        every = max(1, math.ceil(max(fm.horizontalAdvance(c) for c in self.categories) / slot))
        for i, label in enumerate(self.categories):
            if i % every == 0:
                painter.drawText(
                    QRectF(
                        x_at(i) - slot * every / 2, plot.bottom() + 3, slot * every, fm.height()
                    ),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        for s_index, series in enumerate(self.series):
            style = STYLES[s_index % len(STYLES)]
            path = QPainterPath()
            points: list[tuple[int, QPointF]] = []
            for i, value in enumerate(series.values[:n]):
                if value is None:
                    continue
                point = QPointF(x_at(i), plot.bottom() - plot.height() * value / top)
                if points and points[-1][0] == i - 1:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                points.append((i, point))
            painter.setPen(QPen(style.line, 2, style.dash))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            for i, point in points:
                self._marker(painter, point, s_index)
                self._hits.append((QRectF(point.x() - 6, point.y() - 6, 12, 12), s_index, i))
        s, i = self.current
        rect = self.item_rect(s, i)
        if not rect.isEmpty():
            self._focus(painter, rect)


class BarChart(_Chart):
    """Categories down the left, a horizontal bar per series, its value at the end."""

    ROW = 22.0

    def sizeHint(self) -> QSize:
        rows = max(len(self.categories), 3)
        per = self.ROW * max(len(self.series), 1) + 6
        return QSize(420, int(rows * per + 60))

    def minimumSizeHint(self) -> QSize:
        """Every row at least a line of text high (a scroll area shows what does not fit)."""
        line = self.fontMetrics().height() + 3
        rows = max(len(self.categories), 3) * max(len(self.series), 1)
        return QSize(260, int(rows * line + 2 * line + 3 * MARGIN))

    def _steps(self) -> dict[Qt.Key, tuple[int, int]]:
        return {
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
        }

    def _swatch(self, painter: QPainter, box: QRectF, n: int) -> None:
        if len(self.series) > 1:
            self._fill_bar(painter, box, n)

    def _plot(self, painter: QPainter, body: QRectF, fm: QFontMetricsF) -> None:
        top, _step = nice_ceiling(self._top_value())
        label_w = min(
            max(fm.horizontalAdvance(c) for c in self.categories) + 10, body.width() * 0.45
        )
        value_w = fm.horizontalAdvance(_fmt(top)) + 8
        plot = QRectF(
            body.left() + label_w, body.top(), body.width() - label_w - value_w, body.height()
        )
        groups = len(self.categories)
        bars = max(len(self.series), 1)
        per = min(plot.height() / groups, self.ROW * bars + 8)
        bar_h = max(4.0, (per - 6) / bars)
        painter.setPen(QPen(_AXIS, 1))
        painter.drawLine(plot.topLeft(), QPointF(plot.left(), plot.top() + per * groups))
        for i, label in enumerate(self.categories):
            y0 = plot.top() + per * i
            painter.setPen(_AXIS)
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8)
            painter.drawText(
                QRectF(body.left(), y0, label_w - 8, per),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            for s_index, series in enumerate(self.series):
                value = series.values[i] if i < len(series.values) else None
                if value is None:
                    continue
                y = y0 + 3 + bar_h * s_index
                width = 0.0 if top == 0 else plot.width() * value / top
                bar = QRectF(plot.left(), y, max(width, 1.0), bar_h - 2)
                self._fill_bar(painter, bar, s_index)
                painter.setPen(_AXIS)
                painter.drawText(
                    QRectF(
                        bar.right() + 4, bar.center().y() - fm.height() / 2, value_w, fm.height()
                    ),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    _fmt(value),
                )
                hit = QRectF(plot.left(), y, max(width, 24.0), bar_h - 2)
                self._hits.append((hit, s_index, i))
        s, i = self.current
        rect = self.item_rect(s, i)
        if not rect.isEmpty():
            self._focus(painter, rect)
