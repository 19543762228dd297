"""The statistics report's charts, drawn with reportlab's own graphics (vectors in the PDF).

They must read when printed in black and white: this period is dark grey and solid, last
year is white with diagonal hatching (bars), or a dashed line with hollow square markers beside
a solid one with filled circles (the months' trend). Every chart has a legend and Chinese
labels in the report's embedded font.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.validators import Auto

from .report_model import MonthPoint, Share

THIS_FILL = colors.Color(0.35, 0.35, 0.35)
LAST_FILL = colors.white
HATCH_STEP = 3.2  # points between the hatching's diagonals
INK = colors.black
_marker = cast(Callable[..., Any], makeMarker)  # untyped in reportlab's stubs


def _hatch(x: float, y: float, w: float, h: float) -> list[Line]:
    """45° lines filling the rectangle, clipped to it."""
    out: list[Line] = []
    if w <= 0.5 or h <= 0.5:
        return out
    t = -h
    while t < w:
        lo, hi = max(0.0, -t), min(h, w - t)
        if hi > lo:
            out.append(
                Line(x + t + lo, y + lo, x + t + hi, y + hi, strokeColor=INK, strokeWidth=0.4)
            )
        t += HATCH_STEP
    return out


class _HatchedBars(HorizontalBarChart):
    """A bar chart whose first series (last year: drawn below this period's bar of each
    pair) is hatched, in the bars and the legend."""

    hatched_row = 0

    def _makeBar(  # reportlab's hook (absent from its stubs)
        self, g: Group, x: float, y: float, width: float, height: float, rowNo: int, style: Any
    ) -> None:
        super()._makeBar(g, x, y, width, height, rowNo, style)  # type: ignore[misc]
        if rowNo == self.hatched_row:
            if width < 0:
                x, width = x + width, -width
            for line in _hatch(x, y, width, height):
                g.add(line)

    def makeSwatchSample(
        self, rowNo: int, x: float, y: float, width: float, height: float
    ) -> Group:
        g = Group()
        style = self.bars[rowNo % len(self.bars)]
        swatch = Rect(x, y, width, height, fillColor=style.fillColor)
        swatch.strokeColor, swatch.strokeWidth = INK, 0.5
        g.add(swatch)
        if rowNo == self.hatched_row:
            for line in _hatch(x, y, width, height):
                g.add(line)
        return g


def _legend(chart: Any, names: Sequence[tuple[int, str]], font: str, x: float, y: float) -> Legend:
    """``names``: each series' index in the chart and its name, in the legend's order."""
    legend: Any = Legend()
    legend.colorNamePairs = [(Auto(obj=chart, index=i), n) for i, n in names]
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 80
    legend.dx, legend.dy = 14, 8
    legend.x, legend.y = x, y
    legend.boxAnchor = "nw"
    legend.strokeColor = None
    return cast(Legend, legend)


def _nice_top(value: int) -> int:
    """An axis maximum a little above ``value`` on a round step."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for k in (1, 2, 5, 10):
        if value <= k * step:
            return k * step if k * step > value * 1.05 else int(k * step * 1.2)
    return value  # pragma: no cover


def _title(d: Drawing, text: str, font: str) -> None:
    d.add(
        String(d.width / 2, d.height - 12, text, fontName=font, fontSize=10.5, textAnchor="middle")
    )


def trend_chart(
    months: Sequence[MonthPoint],
    *,
    width: float,
    height: float,
    font: str,
    title_font: str,
    names: tuple[str, str] = ("本期", "上年同期"),
) -> Drawing:
    """受理 per month: this period (solid, filled circles) against the same months last year
    (dashed, hollow squares), each point labelled with its count."""
    d: Any = Drawing(width, height)
    d.initialFontName = font  # reportlab would start in Helvetica, which is never embedded
    _title(d, "按月受理纠纷数：本期与上年同期", title_font)
    chart: Any = HorizontalLineChart()
    chart.x, chart.y = 42, 42
    chart.width, chart.height = width - 60, height - 92
    chart.data = [[m.value for m in months] or [0], [m.previous for m in months] or [0]]
    chart.categoryAxis.categoryNames = [m.label for m in months] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_top(max(max(row) for row in chart.data))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.joinedLines = True
    chart.lines[0].strokeColor = INK
    chart.lines[0].strokeWidth = 1.6
    chart.lines[0].symbol = _marker("FilledCircle", size=4.5)
    chart.lines[1].strokeColor = colors.Color(0.3, 0.3, 0.3)
    chart.lines[1].strokeWidth = 1.1
    chart.lines[1].strokeDashArray = (4, 2.5)
    last_marker = _marker("Square", size=4.5)
    last_marker.fillColor = colors.white
    last_marker.strokeColor = colors.Color(0.3, 0.3, 0.3)
    last_marker.strokeWidth = 0.8
    chart.lines[1].symbol = last_marker
    chart.lineLabelFormat = "%d"
    chart.lineLabels.fontName = font
    chart.lineLabels.fontSize = 6.5
    chart.lineLabels.dy = 6
    d.add(chart)
    d.add(_legend(chart, list(enumerate(names)), font, width - 190, height - 22))
    d.add(String(6, chart.y + chart.height + 8, "件", fontName=font, fontSize=7.5))
    return cast(Drawing, d)


def split_chart(
    shares: Sequence[Share],
    *,
    title: str,
    width: float,
    font: str,
    title_font: str,
    names: tuple[str, str] = ("本期", "上年同期"),
    label_width: float = 120,
) -> Drawing:
    """A horizontal bar pair per category, in the order given: this period solid grey, last
    year hatched, each bar labelled with its count."""
    n = max(1, len(shares))
    pair = 17.0 if n > 10 else 24.0
    plot_h = n * pair
    height = plot_h + 70
    d: Any = Drawing(width, height)
    d.initialFontName = font  # reportlab would start in Helvetica, which is never embedded
    _title(d, title, title_font)
    chart: Any = _HatchedBars()
    chart.x, chart.y = label_width, 26
    chart.width, chart.height = width - label_width - 40, plot_h
    # reportlab draws the first category, and in each pair the first series, at the bottom:
    # reversed, the list reads top down, and this period (series 1) sits above last year
    ordered = list(reversed(shares)) or [Share("", 0, 0)]
    chart.data = [[s.previous for s in ordered], [s.value for s in ordered]]
    chart.categoryAxis.categoryNames = [s.label for s in ordered]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_top(max(max(row) for row in chart.data))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barSpacing = 0.5
    chart.groupSpacing = pair * 0.28
    chart.bars.strokeColor = INK
    chart.bars.strokeWidth = 0.5
    chart.bars[0].fillColor = LAST_FILL
    chart.bars[1].fillColor = THIS_FILL
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    d.add(_legend(chart, [(1, names[0]), (0, names[1])], font, width - 190, height - 22))
    return cast(Drawing, d)


__all__ = ["split_chart", "trend_chart"]
