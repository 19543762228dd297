"""The director's dashboard (issue 12): today's and this month's 受理, 办结 and success rate,
the stock now (在办, 超期), the months of this year against last year, and this year's table
by dispute type and by source. Every card drills down to its cases
(``statistics.drill_down(uow, dashboard.period_of[card.key], card.cell)``). Reads only.

The cards are defined as data in ``domain.statistics`` (``DASHBOARD_CARDS``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..db.models import Case
from ..db.report_models import CaseStat
from ..db.unit_of_work import UnitOfWork
from ..domain.statistics import (
    DASHBOARD_CARDS,
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
    _unit_name,
    drill_down,
    moj_report,
    monthly_counts,
)
from .supervision import is_open_case, overdue_case


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
    """Everything the dashboard shows, for the whole centre or one unit: seven statements
    (eight with a unit), whatever the number of cases."""
    today = today or uow.today()
    s = uow.read()
    unit_name = _unit_name(s, unit_id)
    periods = {c.key: card_period(c.span, today) for c in DASHBOARD_CARDS}
    sums = _period_sums(s, today, unit_id)
    sums.update(_stock(s, today, unit_id))
    cards = tuple(_card(spec, sums, unit_id) for spec in DASHBOARD_CARDS)
    months = monthly_counts(
        uow, Period.custom(dt.date(today.year - 1, 1, 1), dt.date(today.year, 12, 31)), unit_id
    )
    report = moj_report(uow, Period.year(today.year), unit_id)
    return Dashboard(
        today,
        unit_id,
        unit_name,
        cards,
        tuple(m for m in months if m.year == today.year),
        tuple(m for m in months if m.year == today.year - 1),
        report.by_type,
        report.by_source,
        periods,
    )


#: What the period cards sum: (span, this year or last, figure) → the sum's key.
_Key = tuple[CardSpan, bool, str]


def _period_sums(s: Session, today: dt.date, unit_id: int | None) -> dict[_Key, int]:
    """受理 and 办结 today and this month, and on the same days last year: two statements,
    one by the day received, one by the day mediation ended."""
    spans: dict[tuple[CardSpan, bool], Period] = {}
    for span in (CardSpan.TODAY, CardSpan.MONTH):
        period = card_period(span, today)
        spans[(span, False)], spans[(span, True)] = period, period.same_last_year()
    month, month_before = spans[(CardSpan.MONTH, False)], spans[(CardSpan.MONTH, True)]
    unit = [CaseStat.unit_id == unit_id] if unit_id is not None else []
    out: dict[_Key, int] = {}
    received = CaseStat.received_at

    def when_received(p: Period) -> ColumnElement[bool]:
        start, after = p.bounds()
        return and_(received >= start, received < after)

    keys = list(spans)
    row = s.execute(
        select(*(func.sum(case((when_received(spans[k]), 1), else_=0)) for k in keys)).where(
            CaseStat.accepted.is_(True),
            or_(when_received(month), when_received(month_before)),
            *unit,
        )
    ).one()
    for (span, before), value in zip(keys, row, strict=True):
        out[(span, before, "accepted")] = int(value or 0)

    def when_ended(p: Period) -> ColumnElement[bool]:
        return and_(CaseStat.ended_on >= p.start, CaseStat.ended_on <= p.end)

    figures = {"closed": None, "closed_succeeded": CaseStat.succeeded, "concluded": None}
    columns, names = [], []
    for k in keys:
        for name, value in figures.items():
            column = CaseStat.concluded if name == "concluded" else value
            columns.append(func.sum(case((when_ended(spans[k]), column or 1), else_=0)))
            names.append((*k, name))
    row = s.execute(
        select(*columns).where(
            CaseStat.accepted.is_(True),
            or_(when_ended(month), when_ended(month_before)),
            *unit,
        )
    ).one()
    for key, value in zip(names, row, strict=True):
        out[key] = int(value or 0)
    return out


def _stock(s: Session, today: dt.date, unit_id: int | None) -> dict[_Key, int]:
    """在办 and 超期 now, from the cases themselves (the 督办 board's rule): one statement."""
    where = [is_open_case()]
    if unit_id is not None:
        where.append(Case.unit_id == unit_id)
    row = s.execute(
        select(func.count(), func.sum(case((overdue_case(today), 1), else_=0))).where(*where)
    ).one()
    return {
        (CardSpan.NOW, False, "open"): int(row[0] or 0),
        (CardSpan.NOW, False, "overdue"): int(row[1] or 0),
    }


def _value(spec: CardSpec, sums: dict[_Key, int], before: bool) -> float | int | None:
    if spec.unit == "%":  # the success rate of the cases ended in the period
        won = sums[(spec.span, before, spec.figure)]
        return rate(won, sums[(spec.span, before, "concluded")])
    return sums[(spec.span, before, spec.figure)]


def _card(spec: CardSpec, sums: dict[_Key, int], unit_id: int | None) -> DashboardCard:
    cell = Cell(None, "", spec.figure, unit_id)
    previous = _value(spec, sums, True) if spec.has_previous else None
    value = _value(spec, sums, False)
    return DashboardCard(spec.key, spec.label, value, spec.unit, cell, previous, spec.note)


__all__ = ["Dashboard", "DashboardCard", "dashboard", "drill_down"]
