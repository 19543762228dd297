"""领导看板: the director's view of the centre — today and this month (受理, 办结, 调解成功率),
the stock now (在办, 超期), this year's 受理 month by month against last year's, and this
year's split by dispute type and by source. Every card, point and bar drills down to its cases
(click, or the keyboard: Tab to it, arrows, Enter).

Read through ``Operations.run`` (the units of the chooser too); it follows every change its
figures depend on (``figures_follow``: the cases, units, holidays, time-limit settings),
updating the cards and charts in place (nothing is rebuilt, so nothing flickers); a hidden page
reads when next shown. At midnight "today" rolls over: a timer reads the new day. A month's
drill-down lists the cases of the unit the figures shown are for.

A director's sign-in still opens on 今日待办, not here: a 中心主任 also works cases and answers
督办, which 今日待办 lists; the dashboard is one key away (F8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.dates import weekday_name
from mediation_desk.domain.statistics import CARD_BY_KEY, DASHBOARD_CARDS, CardSpan, Period
from ui.models.figures_model import figure_text
from ui.views.figures_follow import figures_changed, load_units, ms_to_next_midnight
from ui.widgets.charts import BarChart, LineChart, Series
from ui.widgets.stat_card import StatCard

if TYPE_CHECKING:
    from collections.abc import Callable

    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.dashboard import Dashboard, DashboardCard
    from mediation_desk.services.statistics import Cell, DrillDown, StatTable
    from ui.context import AppContext

#: Changes arriving together (a save writes several) are read once.
REFRESH_DELAY_MS = 250
SPAN_TITLES = {CardSpan.TODAY: "今日", CardSpan.MONTH: "本月", CardSpan.NOW: "当前"}


def _scrolled(chart: BarChart) -> QScrollArea:
    """A split in a frameless scroll area: its rows keep a readable height however many."""
    area = QScrollArea(chart.parentWidget())
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the chart itself
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(chart)
    return area


def split_rows(table: StatTable) -> list[tuple[str, str, int]]:
    """The rows of a breakdown with cases (key, label, 受理), most first: subtotals left out,
    so each case is in one bar."""
    rows = [(r.key, r.label, int(r.values.get("accepted") or 0)) for r in table.leaves()]
    return sorted((r for r in rows if r[2] > 0), key=lambda r: -r[2])


class DashboardView(QWidget):
    case_activated = Signal(int)
    #: The figures were shown (first read or a refresh).
    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.board: Dashboard | None = None
        self._type_keys: list[str] = []
        self._source_keys: list[str] = []
        self._stale = False

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.unit = QComboBox(self)
        self.unit.setMinimumContentsLength(14)
        unit_label = QLabel(self.tr("调解组织(&G)："), self)
        unit_label.setBuddy(self.unit)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(unit_label)
        top.addWidget(self.unit)
        top.addWidget(self.refresh_button)

        self.cards: dict[str, StatCard] = {}
        cards = QGridLayout()
        cards.setHorizontalSpacing(8)
        column = 0
        for span in CardSpan:
            specs = [c for c in DASHBOARD_CARDS if c.span is span]
            heading = QLabel(self.tr(SPAN_TITLES[span]), self)
            heading.setStyleSheet("color: #404040; font-weight: bold;")
            cards.addWidget(heading, 0, column, 1, len(specs))
            for spec in specs:
                card = StatCard(spec.key, self)
                card.clicked.connect(lambda _c=False, key=spec.key: self.drill_card(key))
                self.cards[spec.key] = card
                cards.addWidget(card, 1, column)
                column += 1

        self.trend = LineChart(self)
        self.trend.value_label = self.tr("件")
        self.trend.setMinimumHeight(220)
        self.by_type = BarChart(self)
        self.by_source = BarChart(self)
        for chart in (self.by_type, self.by_source):
            chart.value_label = self.tr("件")
        splits = QHBoxLayout()
        splits.addWidget(_scrolled(self.by_type), 3)
        splits.addWidget(_scrolled(self.by_source), 2)
        hint = QLabel(
            self.tr(
                "单击卡片、折线上的点或条形列出其案件；键盘：Tab 移到图上，方向键选择，回车打开。"
            ),
            self,
        )
        hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(self.trend, 3)
        layout.addLayout(splits, 4)
        layout.addWidget(hint)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._midnight = QTimer(self)  # "today" rolls over
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_midnight_timeout)
        self._arm_midnight()
        self.refresh_button.clicked.connect(self.refresh)
        self.unit.activated.connect(self.refresh)
        self.trend.activated.connect(self._on_trend_activated)
        self.by_type.activated.connect(self._on_by_type_activated)
        self.by_source.activated.connect(self._on_by_source_activated)
        ctx.ops.changed.connect(self._on_ops_changed)
        self._load_units()
        self.refresh()

    def _load_units(self) -> None:
        load_units(self.ctx, self, self.unit, active_only=True)

    def _arm_midnight(self) -> None:
        self._midnight.start(ms_to_next_midnight(self.ctx.ops.clock()))

    def _follow(self) -> None:
        """The figures may have changed: read them soon, or when next shown."""
        if self.isVisible():
            self._refresh_timer.start()
        else:  # read when next shown: a hidden page costs the database nothing
            self._stale = True

    # --- public API --------------------------------------------------------------------------

    def unit_id(self) -> int | None:
        data = self.unit.currentData()
        return None if data is None else int(data)

    def refresh(self) -> None:
        from mediation_desk.services.dashboard import dashboard

        self._refresh_timer.stop()
        today, unit_id = self.ctx.ops.today(), self.unit_id()
        self.ctx.ops.run(
            self,
            lambda uow: dashboard(uow, today, unit_id),
            on_success=self._show,
            title=self.tr("无法读取看板数据"),
            busy=self.tr("正在读取看板数据…"),
        )

    def drill_card(self, key: str) -> None:
        if self.board is not None:
            board = self.board
            self._drill(lambda uow: board.drill(uow, key))

    def drill_month(self, year: int, month: int) -> None:
        """The cases received (受理) in a month of the trend."""
        from mediation_desk.services.statistics import Cell

        shown = self.board.unit_id if self.board is not None else self.unit_id()
        cell = Cell(None, "", "accepted", shown)  # the unit of the figures shown
        self._drill_cell(Period.month(year, month), cell)

    # --- showing -----------------------------------------------------------------------------

    def _show(self, board: Dashboard) -> None:
        self.board = board
        today = board.today
        self.title.setText(
            self.tr("领导看板　{0}年{1}月{2}日 {3}　{4}").format(
                today.year,
                today.month,
                today.day,
                weekday_name(today.weekday(), "星期"),
                board.unit_name,
            )
        )
        for card in board.cards:
            self.cards[card.key].show_figure(
                self.tr(card.label),
                figure_text(card.value, card.unit),
                self._previous(card),
                card.note,
            )
        months = [self.tr("{0}月").format(m) for m in range(1, 13)]
        this_year = tuple(
            float(m.accepted) if (m.year, m.month) <= (today.year, today.month) else None
            for m in board.this_year
        )
        last_year = tuple(float(m.accepted) for m in board.last_year)
        self.trend.set_data(
            months,
            [
                Series(self.tr("{0}年").format(today.year), this_year),
                Series(self.tr("{0}年").format(today.year - 1), last_year),
            ],
            title=self.tr("每月受理　今年与去年（{0}月截至{1}日）").format(today.month, today.day),
        )
        self._show_split(self.by_type, board.by_type, self.tr("本年受理 · 按纠纷类型"))
        self._show_split(self.by_source, board.by_source, self.tr("本年受理 · 按纠纷来源"))
        self.refreshed.emit()

    def _previous(self, card: DashboardCard) -> str:
        if CARD_BY_KEY[card.key].span is CardSpan.NOW:
            return self.tr("截至今日")  # the stock has no last year beside it
        return self.tr("去年同期 {0}").format(figure_text(card.previous, card.unit))

    def _show_split(self, chart: BarChart, table: StatTable, title: str) -> None:
        rows = split_rows(table)
        keys = [key for key, _label, _n in rows]
        if chart is self.by_type:
            self._type_keys = keys
        else:
            self._source_keys = keys
        chart.set_data(
            [label for _key, label, _n in rows],
            [Series(self.tr("受理"), tuple(float(n) for _k, _l, n in rows))],
            title=title,
        )

    # --- drilling down -----------------------------------------------------------------------

    def _drill_cell(self, period: Period, cell: Cell) -> None:
        from mediation_desk.services.statistics import drill_down

        self._drill(lambda uow: drill_down(uow, period, cell))

    def _drill(self, read: Callable[[Any], DrillDown]) -> None:
        from ui.dialogs.drill_down_dialog import show_drill_down

        show_drill_down(self.ctx, self, read, self.case_activated.emit)

    def _drill_split(self, table: StatTable, keys: list[str], index: int) -> None:
        if self.board is not None and 0 <= index < len(keys):
            self._drill_cell(table.period, table.cell(keys[index], "accepted"))

    # --- slots -------------------------------------------------------------------------------

    @Slot(int, int)
    def _on_trend_activated(self, series: int, index: int) -> None:
        if self.board is not None:
            self.drill_month(self.board.today.year - series, index + 1)

    @Slot(int, int)
    def _on_by_type_activated(self, _series: int, index: int) -> None:
        if self.board is not None:
            self._drill_split(self.board.by_type, self._type_keys, index)

    @Slot(int, int)
    def _on_by_source_activated(self, _series: int, index: int) -> None:
        if self.board is not None:
            self._drill_split(self.board.by_source, self._source_keys, index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._refresh_timer.start()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        from mediation_desk.domain.changes import Entity

        if Entity.UNIT in changes.reference:
            self._load_units()
        if figures_changed(changes):
            self._follow()

    @Slot()
    def _on_midnight_timeout(self) -> None:
        self._arm_midnight()
        self._follow()
