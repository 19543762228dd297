"""The director's dashboard (issue 12): today's and this month's 受理, 办结 and success rate,
the stock now (在办, 超期), the months of this year against last year, and this year's table
by dispute type and by source. Every card drills down to its cases
(``statistics.drill_down(uow, dashboard.period_of[card.key], card.cell)``). Reads only.

The cards are defined as data in ``domain.statistics`` (``DASHBOARD_CARDS``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from ..db.models import Case
from ..db.unit_of_work import UnitOfWork
from ..domain.statistics import (
    DASHBOARD_CARDS,
    CardScope,
    CardSpan,
    CardSpec,
    Period,
    card_period,
    rate,
)
from .statistics import (
    Cell,
    DrillDown,
    MonthCount,
    StatTable,
    _card_scope,
    _conditions,
    _unit_name,
    drill_down,
    moj_report,
    monthly_counts,
)


@dataclass(frozen=True, slots=True)
class DashboardCard:
    key: str  # DASHBOARD_CARDS: 'received_today', 'closed_month', 'overdue', …
    label: str  # 今日受理 …
    value: float | int | None
    unit: str  # 件 or %
    cell: Cell  # drill_down(uow, dashboard.period_of[key], cell)
    previous: float | int | None = None  # the same days last year (None for the stock)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: dt.date
    unit_id: int | None
    unit_name: str
    cards: tuple[DashboardCard, ...]  # today, this month, the stock now
    this_year: tuple[MonthCount, ...]  # the 12 months of this year (months to come: 0)
    last_year: tuple[MonthCount, ...]  # the 12 months of last year
    by_type: StatTable  # this year's MoJ table by dispute type
    by_source: StatTable  # this year's MoJ table by source
    period_of: dict[str, Period]  # each card's period, for its drill-down

    def card(self, key: str) -> DashboardCard:
        for c in self.cards:
            if c.key == key:
                return c
        raise KeyError(key)

    def drill(self, uow: UnitOfWork, key: str, *, limit: int = 5000) -> DrillDown:
        """The cases behind a card."""
        c = self.card(key)
        return drill_down(uow, self.period_of[key], c.cell, limit=limit)


def dashboard(
    uow: UnitOfWork, today: dt.date | None = None, unit_id: int | None = None
) -> Dashboard:
    """Everything the dashboard shows, for the whole centre or one unit."""
    today = today or uow.today()
    s = uow.read()
    unit_name = _unit_name(s, unit_id)
    year = Period.year(today.year)
    periods = {c.key: card_period(c.span, today) for c in DASHBOARD_CARDS}
    cards = tuple(_card(uow, spec, periods[spec.key], unit_id) for spec in DASHBOARD_CARDS)
    report = moj_report(uow, year, unit_id)
    return Dashboard(
        today,
        unit_id,
        unit_name,
        cards,
        tuple(monthly_counts(uow, year, unit_id)),
        tuple(monthly_counts(uow, Period.year(today.year - 1), unit_id)),
        report.by_type,
        report.by_source,
        periods,
    )


def _count(uow: UnitOfWork, period: Period, cell: Cell) -> int:
    where = _card_scope(period, cell)
    return int(uow.read().scalar(select(func.count(Case.id)).where(*where)) or 0)


def _value(uow: UnitOfWork, spec: CardSpec, period: Period, cell: Cell) -> float | int | None:
    if spec.unit != "%":
        return _count(uow, period, cell)
    succeeded = _count(uow, period, cell)
    closed = Cell(None, "", "closed", cell.unit_id, cell.previous)
    concluded_cond = _conditions()["concluded"][0]
    where = [*_card_scope(period, closed), concluded_cond]
    concluded = int(uow.read().scalar(select(func.count(Case.id)).where(*where)) or 0)
    return rate(succeeded, concluded)


def _card(uow: UnitOfWork, spec: CardSpec, period: Period, unit_id: int | None) -> DashboardCard:
    cell = Cell(None, "", spec.figure, unit_id)
    value = _value(uow, spec, period, cell)
    previous = None
    if spec.has_previous:
        previous = _value(uow, spec, period.same_last_year(), cell)
    assert spec.span is CardSpan.NOW or spec.scope is not CardScope.NOW
    return DashboardCard(spec.key, spec.label, value, spec.unit, cell, previous, spec.note)


__all__ = ["Dashboard", "DashboardCard", "dashboard", "drill_down"]
