"""领导看板: the cards, the month trend and the splits show the dashboard's figures; a card (mouse
or keyboard), a point or a bar lists its cases; a change to the cases refreshes the figures in
place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mediation_desk.db.database import Database
from mediation_desk.domain.actor import Actor
from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.statistics import DASHBOARD_CARDS, Period
from mediation_desk.services.dashboard import dashboard
from mediation_desk.services.statistics import Cell, drill_down
from tests.conftest import open_database
from tests.desk import every_role, run
from tests.ui.conftest import make_ctx
from ui.dialogs.drill_down_dialog import DrillDownDialog
from ui.views.dashboard_view import REFRESH_DELAY_MS, DashboardView, split_rows
from ui.views.figures_follow import ms_to_next_midnight
from ui.widgets.charts import BarChart, LineChart, nice_ceiling

NOW = dt.datetime(2026, 11, 20, 9)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from mediation_desk.demo.loader import load_demo

    path = tmp_path_factory.mktemp("dash-ui") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    run(db, lambda uow: load_demo(uow, n_cases=400, seed=5), now=NOW)
    yield db
    db.dispose()


@pytest.fixture
def director(demo: Database) -> Actor:
    return every_role(demo)


@pytest.fixture
def view(qtbot, demo, director, tmp_path: Path) -> DashboardView:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo, director, tmp_path / "data", now=NOW)
    v = DashboardView(ctx)
    qtbot.addWidget(v)
    v.resize(1300, 860)
    v.show()
    v.grab()  # painted: the charts know where their bars are
    return v


def _listing(view: DashboardView) -> DrillDownDialog:
    shown = [d for d in view.findChildren(DrillDownDialog) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _close(view: DashboardView) -> None:
    for d in view.findChildren(DrillDownDialog):
        d.close()


def test_the_cards_show_the_dashboards_figures(view, demo) -> None:  # type: ignore[no-untyped-def]
    board = run(demo, dashboard, TODAY, now=NOW)
    assert list(view.cards) == [c.key for c in DASHBOARD_CARDS]
    for card in board.cards:
        shown = view.cards[card.key]
        assert shown.label.text() == card.label
        if card.unit == "件":
            assert shown.value.text() == f"{int(card.value or 0):,} 件"
            if card.previous is not None:
                assert shown.previous.text() == f"去年同期 {int(card.previous):,} 件"
    assert view.cards["overdue"].previous.text() == "截至今日"
    assert "2026年11月20日" in view.title.text() and "全中心" in view.title.text()
    # the trend: this year's months to come are not drawn; last year's all are
    this_year, last_year = view.trend.series
    assert this_year.values[10] == board.this_year[10].accepted and this_year.values[11] is None
    assert last_year.values == tuple(float(m.accepted) for m in board.last_year)
    # the splits: the rows with cases, most first
    labels = [label for _key, label, _n in split_rows(board.by_type)]
    assert list(view.by_type.categories) == labels
    values = view.by_type.series[0].values
    assert list(values) == sorted(values, reverse=True)


def test_a_card_lists_its_cases_by_mouse_and_by_keyboard(qtbot, view, demo) -> None:  # type: ignore[no-untyped-def]
    board = run(demo, dashboard, TODAY, now=NOW)
    month = board.card("received_month")
    assert month.value
    qtbot.mouseClick(view.cards["received_month"], Qt.MouseButton.LeftButton)
    listing = _listing(view)
    assert listing.model.rowCount() == month.value
    _close(view)
    overdue = board.card("overdue")
    view.cards["overdue"].setFocus()
    qtbot.keyClick(view.cards["overdue"], Qt.Key.Key_Return)
    listing = _listing(view)
    assert listing.found.total == overdue.value
    assert "超期" in listing.found.title
    opened: list[int] = []
    view.case_activated.connect(opened.append)
    if listing.found.cases:
        listing.table.selectRow(0)
        qtbot.keyClick(listing.table, Qt.Key.Key_Enter)
        assert opened == [listing.found.cases[0].id]
    _close(view)


def test_a_bar_lists_the_cases_of_its_row(qtbot, view, demo) -> None:  # type: ignore[no-untyped-def]
    chart: BarChart = view.by_type
    first = chart.item_rect(0, 0)
    assert not first.isEmpty()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=first.center().toPoint())
    listing = _listing(view)
    assert listing.found.total == chart.series[0].values[0]
    assert chart.categories[0] in listing.found.title
    _close(view)
    # the keyboard: the second row of the source split
    source: BarChart = view.by_source
    source.setFocus()
    qtbot.keyClick(source, Qt.Key.Key_Down)
    qtbot.keyClick(source, Qt.Key.Key_Return)
    listing = _listing(view)
    assert listing.found.total == source.series[0].values[1]
    _close(view)


def test_a_point_of_the_trend_lists_that_months_cases(qtbot, view, demo) -> None:  # type: ignore[no-untyped-def]
    trend: LineChart = view.trend
    point = trend.item_rect(1, 2)  # last year's March
    qtbot.mouseClick(trend, Qt.MouseButton.LeftButton, pos=point.center().toPoint())
    listing = _listing(view)
    expected = run(demo, drill_down, Period.month(2025, 3), Cell(None, "", "accepted"), now=NOW)
    assert listing.found.total == expected.total == trend.series[1].values[2]
    _close(view)
    trend.setFocus()
    trend.current = (0, 0)
    for _ in range(4):
        qtbot.keyClick(trend, Qt.Key.Key_Right)
    qtbot.keyClick(trend, Qt.Key.Key_Return)  # this year's May
    assert _listing(view).found.total == trend.series[0].values[4]
    _close(view)


def test_a_change_refreshes_the_figures_in_place(qtbot, view, demo, director) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.intake import register_case
    from tests.factories import two_party_draft

    before = view.cards["received_today"].value.text()
    card = view.cards["received_today"]
    unit_id = view.unit.itemData(1)
    with qtbot.waitSignal(view.refreshed, timeout=REFRESH_DELAY_MS + 3000):
        view.ctx.ops.run(view, lambda uow: register_case(uow, two_party_draft(unit_id)))
    assert view.cards["received_today"] is card  # the same widgets, new figures
    assert before != card.value.text()
    assert not view.ctx.ops.shown.errors  # type: ignore[attr-defined]
    # hidden (another page shows): nothing is read until it shows again
    view.hide()
    view.ctx.ops.changed.emit(Changes(cases=frozenset({1})), None)
    assert not view._refresh_timer.isActive()
    with qtbot.waitSignal(view.refreshed, timeout=REFRESH_DELAY_MS + 3000):
        view.show()


def test_the_value_axis_has_round_steps() -> None:
    assert nice_ceiling(0) == (1.0, 1.0)
    assert nice_ceiling(7) == (8.0, 2.0)
    assert nice_ceiling(76) == (80.0, 20.0)
    assert nice_ceiling(109) == (125.0, 25.0)


def test_the_keyboard_scrolls_a_long_split_to_the_chosen_bar(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QScrollArea

    view.resize(1300, 620)  # too low for every type's row
    view.grab()
    chart: BarChart = view.by_type
    area = chart.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    chart.setFocus()
    for _ in range(len(chart.categories)):
        qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert chart.current == (0, len(chart.categories) - 1)
    assert bar.value() > 0  # the last row is in sight


@pytest.mark.parametrize(
    "entity", [Entity.HOLIDAYS, Entity.TIME_LIMIT_SETTINGS, Entity.UNIT, Entity.CENTRE]
)
def test_reference_changes_the_figures_depend_on_refresh_them(  # type: ignore[no-untyped-def]
    qtbot, view, entity: Entity
) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=REFRESH_DELAY_MS + 3000):
        view.ctx.ops.changed.emit(Changes(reference=frozenset({entity})), None)
    view.hide()
    view.ctx.ops.changed.emit(Changes(reference=frozenset({Entity.MEDIATOR})), None)
    view.ctx.ops.changed.emit(Changes(reference=frozenset({entity})), None)
    with qtbot.waitSignal(view.refreshed, timeout=REFRESH_DELAY_MS + 3000):
        view.show()  # out of date while hidden: read when shown


def test_units_are_read_through_the_operation_helper(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Never a direct read on the GUI thread: a new unit (another counter's, or this one's)
    appears in the chooser through ``Operations.run``, the unit chosen kept."""
    from mediation_desk.domain.enums import UnitKind
    from mediation_desk.services.reference import create_unit

    ctx = make_ctx(demo, director, tmp_path / "data", now=NOW)

    def refused(_fn: object) -> None:
        raise AssertionError("ops.read on the GUI thread")

    ctx.ops.read = refused  # type: ignore[method-assign]
    v = DashboardView(ctx)
    qtbot.addWidget(v)
    assert v.unit.count() > 2 and v.unit.itemText(0) == "全中心"
    v.unit.setCurrentIndex(2)
    chosen = v.unit.currentData()
    ctx.ops.run(
        v,
        lambda uow: create_unit(
            uow,
            name="看板新设调解室",
            kind=UnitKind.STREET_COMMITTEE,
            number_format="（{year}）看板新{seq}号",
        ),
    )
    assert not ctx.ops.shown.errors, ctx.ops.shown.errors  # type: ignore[attr-defined]
    names = [v.unit.itemText(i) for i in range(v.unit.count())]
    assert "看板新设调解室" in names and v.unit.currentData() == chosen


def test_today_rolls_over_at_midnight(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.clock import fixed_clock

    assert view._midnight.isActive()
    assert view._midnight.remainingTime() == pytest.approx(ms_to_next_midnight(NOW), abs=2000)
    assert "2026年11月20日" in view.title.text()
    after = dt.datetime(2026, 11, 21, 0, 0, 1)
    view.ctx.ops.clock = fixed_clock(after)
    with qtbot.waitSignal(view.refreshed, timeout=REFRESH_DELAY_MS + 3000):
        view._midnight.timeout.emit()  # what the timer does at a second past midnight
    assert "2026年11月21日" in view.title.text() and view.board.today == after.date()
    assert view._midnight.remainingTime() == pytest.approx(24 * 3600 * 1000, abs=3000)


def test_a_month_lists_the_cases_of_the_unit_shown(qtbot, view, demo) -> None:  # type: ignore[no-untyped-def]
    """The unit of the figures on screen, even when the chooser moved before a refresh."""
    unit_id = view.unit.itemData(1)
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.unit.setCurrentIndex(1)
        view.unit.activated.emit(1)
    assert view.board.unit_id == unit_id
    view.unit.setCurrentIndex(0)  # chosen, not yet read
    view.drill_month(2025, 3)
    listing = _listing(view)
    mine = run(demo, drill_down, Period.month(2025, 3), Cell(None, "", "accepted", unit_id))
    everyone = run(demo, drill_down, Period.month(2025, 3), Cell(None, "", "accepted"))
    assert listing.found.total == mine.total < everyone.total
    _close(view)
