"""The statistics: the MoJ table by type, source and committee type, the centre figures, the
months' trend, and the cases behind any figure (drill-down). Reads only: no permission needed.

Every figure is defined once, per case, in ``db.case_stats`` and kept in ``case_stat`` (one
row per case, refreshed by every write that touches the case): the tables sum its columns
grouped by type, source and unit (the unit's kind is mapped here, so a unit edited needs no
refresh), and the drill-down selects the cases whose column is above 0, so a figure and its
list always agree. A fixed number of statements runs, whatever the number of types, units or
cases: the three tables come from one grouped query (plus the type catalogue and the units'
kinds), the centre figures from one (this period and the same period last year side by side).
What counts as 受理 is ``domain.statistics`` (its module note).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from ..db.case_stats import accepted_condition, effective_status
from ..db.models import Case, DisputeType, HandlingUnit
from ..db.report_models import CaseStat, CaseStatMonth
from ..db.unit_of_work import UnitOfWork
from ..domain.enums import CaseStatus
from ..domain.statistics import (
    ACCEPTED_NOTE,
    COLUMNS,
    DASHBOARD_FIGURES,
    FIGURES,
    GRASSROOTS_UNITS,
    OTHER_CHILD,
    OTHER_TYPE,
    SUMMED_KEYS,
    TYPE_ROWS,
    Breakdown,
    CardScope,
    Column,
    FigureSpec,
    Period,
    PeriodKind,
    RowSpec,
    ValueKind,
    committee_row,
    rate,
    source_row,
)
from ..errors import DeskError, NotFound
from .supervision import is_open_case, overdue_case

Values = dict[str, float | int | None]
_Stmt = Select[*tuple[Any, ...]]


def _in_period(period: Period) -> ColumnElement[bool]:
    start, after = period.bounds()
    return and_(Case.received_at >= start, Case.received_at < after)


def _scope(period: Period, unit_id: int | None) -> list[ColumnElement[bool]]:
    """受理 in the period (and the unit), on ``mediation_case`` itself (the case sheet)."""
    where = [_in_period(period), accepted_condition()]
    if unit_id is not None:
        where.append(Case.unit_id == unit_id)
    return where


def _stat_scope(period: Period, unit_id: int | None) -> list[ColumnElement[bool]]:
    """受理 in the period (and the unit), on ``case_stat``."""
    start, after = period.bounds()
    where = [CaseStat.received_at >= start, CaseStat.received_at < after, _accepted()]
    if unit_id is not None:
        where.append(CaseStat.unit_id == unit_id)
    return where


def _accepted() -> ColumnElement[bool]:
    return CaseStat.accepted.is_(True)


def _unit_kinds(s: Session) -> dict[int, str]:
    return {int(i): str(k) for i, k in s.execute(select(HandlingUnit.id, HandlingUnit.kind))}


# ---------------------------------------------------------------- the MoJ tables


@dataclass(frozen=True, slots=True)
class Cell:
    """One figure, to drill into: a table's row ('' the total) and column, or a centre figure
    (``breakdown`` None, ``column`` the figure's key). ``previous``: the same period last year."""

    breakdown: Breakdown | None
    row: str
    column: str
    unit_id: int | None = None
    previous: bool = False


@dataclass(frozen=True, slots=True)
class TableRow:
    key: str  # '' for the total
    label: str
    values: Values
    parent: str = ""
    subtotal: bool = False


@dataclass(frozen=True, slots=True)
class StatTable:
    """One breakdown of the MoJ table: rows × ``columns`` with the total row."""

    breakdown: Breakdown
    period: Period
    unit_name: str
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    total: TableRow
    unit_id: int | None = None
    note: str = ACCEPTED_NOTE

    def cell(self, row: str, column: str) -> Cell:
        """The drill-down address of a figure of this table ('' row: the total)."""
        return Cell(self.breakdown, row, column, self.unit_id)

    def leaves(self) -> tuple[TableRow, ...]:
        """The rows that partition the total (subtotals left out)."""
        return tuple(r for r in self.rows if not r.subtotal)


@dataclass(frozen=True, slots=True)
class MojReport:
    period: Period
    unit_id: int | None
    unit_name: str
    by_type: StatTable
    by_source: StatTable
    by_committee: StatTable

    def tables(self) -> tuple[StatTable, StatTable, StatTable]:
        return (self.by_type, self.by_source, self.by_committee)


def moj_report(uow: UnitOfWork, period: Period, unit_id: int | None = None) -> MojReport:
    """The MoJ table by type, by source and by committee type: three statements in all
    (four with a unit: its name), whatever the number of types, units or cases."""
    s = uow.read()
    unit_name = _unit_name(s, unit_id)
    type_leaf = _type_leaf_map(s)
    kinds = _unit_kinds(s)
    cube: list[tuple[str, str, str, dict[str, int]]] = []
    got = _summed(s, [("now", period)], unit_id, _GROUPS, _TABLE_KEYS)
    for (_tag, code, source, unit), values in got.items():
        cube.append((str(code), str(source), kinds.get(int(unit), ""), values))
    type_rows = _table(Breakdown.TYPE, cube, lambda c: type_leaf.get(c[0], OTHER_TYPE))
    source_rows = _table(Breakdown.SOURCE, cube, lambda c: source_row(c[1]))
    committee_rows = _table(Breakdown.COMMITTEE, cube, lambda c: committee_row(c[2]))

    def make(b: Breakdown, rows: tuple[TableRow, ...]) -> StatTable:
        total = _total(rows)
        return StatTable(b, period, unit_name, COLUMNS, rows, total, unit_id)

    return MojReport(
        period,
        unit_id,
        unit_name,
        make(Breakdown.TYPE, type_rows),
        make(Breakdown.SOURCE, source_rows),
        make(Breakdown.COMMITTEE, committee_rows),
    )


def moj_table(
    uow: UnitOfWork,
    period: Period,
    unit_id: int | None = None,
    breakdown: Breakdown = Breakdown.TYPE,
) -> StatTable:
    """One breakdown of the MoJ table (the same statements as ``moj_report``)."""
    report = moj_report(uow, period, unit_id)
    return {
        Breakdown.TYPE: report.by_type,
        Breakdown.SOURCE: report.by_source,
        Breakdown.COMMITTEE: report.by_committee,
    }[breakdown]


def _whole_months(period: Period) -> tuple[tuple[int, int] | None, list[Period]]:
    """The whole months inside the period (first and last as year * 100 + month, or None),
    and the days before and after them (what ``case_stat`` itself must sum)."""
    start, end = period.start, period.end
    first = (
        start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    )
    after_end = end + dt.timedelta(days=1)
    last_end = end if after_end.day == 1 else end.replace(day=1) - dt.timedelta(days=1)
    if first > last_end:
        return None, [period]
    edges = []
    if start < first:
        edges.append(Period(PeriodKind.CUSTOM, start, first - dt.timedelta(days=1)))
    if last_end < end:
        edges.append(Period(PeriodKind.CUSTOM, last_end + dt.timedelta(days=1), end))
    months = (first.year * 100 + first.month, last_end.year * 100 + last_end.month)
    return months, edges


def _summed(
    s: Session,
    periods: list[tuple[str, Period]],
    unit_id: int | None,
    groups: tuple[str, ...],
    keys: tuple[str, ...],
) -> dict[tuple[Any, ...], dict[str, int]]:
    """The accepted cases' figures ``keys`` ('accepted': how many) summed by ``groups`` for
    each tagged period: one statement, the whole months read from ``case_stat_month``, the
    days around them from ``case_stat``. Keyed by (tag, *group values)."""
    parts: list[_Stmt] = []
    for tag, period in periods:
        months, edges = _whole_months(period)
        if months is not None:
            m = CaseStatMonth
            cols = [getattr(m, g) for g in groups]
            sums: list[ColumnElement[Any]] = [
                func.sum(m.cases if k == "accepted" else getattr(m, k)) for k in keys
            ]
            where = [m.month >= months[0], m.month <= months[1]]
            if unit_id is not None:
                where.append(m.unit_id == unit_id)
            parts.append(select(literal(tag), *cols, *sums).where(*where).group_by(*cols))
        for edge in edges:
            cols = [getattr(CaseStat, g) for g in groups]
            sums = [func.count() if k == "accepted" else func.sum(_stat_column(k)) for k in keys]
            where = _stat_scope(edge, unit_id)
            parts.append(select(literal(tag), *cols, *sums).where(*where).group_by(*cols))
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    out: dict[tuple[Any, ...], dict[str, int]] = {}
    width = 1 + len(groups)
    for row in s.execute(stmt):
        key = tuple(row[:width])
        target = out.setdefault(key, dict.fromkeys(keys, 0))
        for i, k in enumerate(keys):
            target[k] += int(row[width + i] or 0)
    return out


#: The table's summed columns, as ``case_stat`` holds them (``accepted`` is the row's count).
_TABLE_KEYS: tuple[str, ...] = SUMMED_KEYS
_GROUPS = ("dispute_type_code", "source", "unit_id")


def _stat_column(key: str) -> ColumnElement[int]:
    column: ColumnElement[int] = getattr(CaseStat, key)
    return column


def _table(
    breakdown: Breakdown,
    cube: list[tuple[str, str, str, dict[str, int]]],
    leaf_of: object,
) -> tuple[TableRow, ...]:
    assert callable(leaf_of)
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMMED_KEYS, 0))
    for item in cube:
        target = sums[leaf_of(item)]
        for key, value in item[3].items():
            target[key] += value
    rows: list[TableRow] = []
    specs = breakdown.rows
    for spec in specs:
        if spec.subtotal:
            kids = [k.key for k in specs if k.parent == spec.key]
            values: dict[str, int] = dict.fromkeys(SUMMED_KEYS, 0)
            for kid in kids:
                for key in SUMMED_KEYS:
                    values[key] += sums[kid][key] if kid in sums else 0
        else:
            values = dict(sums[spec.key]) if spec.key in sums else dict.fromkeys(SUMMED_KEYS, 0)
        rows.append(TableRow(spec.key, spec.label, _with_rates(values), spec.parent, spec.subtotal))
    return tuple(rows)


def _total(rows: tuple[TableRow, ...]) -> TableRow:
    values: dict[str, int] = dict.fromkeys(SUMMED_KEYS, 0)
    for row in rows:
        if row.subtotal:
            continue
        for key in SUMMED_KEYS:
            values[key] += int(row.values[key] or 0)
    return TableRow("", "合计", _with_rates(values))


def _with_rates(values: Mapping[str, int]) -> Values:
    out: Values = dict(values)
    for col in COLUMNS:
        if col.kind is ValueKind.RATE and col.ratio:
            out[col.key] = rate(values[col.ratio[0]], values[col.ratio[1]])
    return out


def _type_leaf_map(s: Session) -> dict[str, str]:
    """Each dispute-type code to its row: the catalogue's own leaves to themselves, a centre's
    own type to its parent's 其他… leaf (or its parent's row), anything else to 其他纠纷."""
    leaves = {r.key for r in TYPE_ROWS if not r.subtotal}
    out = {code: code for code in leaves}
    for code, parent in s.execute(select(DisputeType.code, DisputeType.parent_code)):
        if code in out:
            continue
        if parent in OTHER_CHILD:
            out[code] = OTHER_CHILD[parent]
        elif parent in leaves:
            out[code] = parent
        else:
            out[code] = OTHER_TYPE
    return out


def _unit_name(s: Session, unit_id: int | None) -> str:
    if unit_id is None:
        return "全中心"
    name = s.scalar(select(HandlingUnit.name).where(HandlingUnit.id == unit_id))
    if name is None:
        raise NotFound("所选调解组织不存在")
    return name


def find_unit(uow: UnitOfWork, name: str) -> int:
    """The id of the unit named ``name`` (as typed on the command line)."""
    wanted = name.strip()
    found = uow.read().scalar(select(HandlingUnit.id).where(HandlingUnit.name == wanted))
    if found is None:
        raise NotFound(f"没有名为“{wanted}”的调解组织")
    return int(found)


# ---------------------------------------------------------------- the centre figures


@dataclass(frozen=True, slots=True)
class Figure:
    """A centre figure now and in the same period last year; for a share or average, the
    numerator and base it comes from."""

    spec: FigureSpec
    value: float | None
    previous: float | None
    numerator: int = 0
    base: int = 0
    previous_numerator: int = 0
    previous_base: int = 0

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def change(self) -> float | None:
        """The difference with last year (points for a share)."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)


@dataclass(frozen=True, slots=True)
class CentreFigures:
    period: Period
    previous_period: Period
    unit_id: int | None
    figures: tuple[Figure, ...]
    note: str = ACCEPTED_NOTE

    def __getitem__(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def cell(self, key: str, *, previous: bool = False) -> Cell:
        return Cell(None, "", key, self.unit_id, previous)


#: The centre figures' sums: the figure's key and the ``case_stat`` column it sums.
_FIGURE_SUMS: dict[str, str] = {
    "succeeded": "succeeded",
    "confirmed": "confirm_confirmed",
    "fast_track": "fast_track",
    "referred_court": "referred_court",
    "concluded": "concluded",
    "timed": "timed",
    "on_time": "on_time",
    "ended": "ended",
    "days": "days",
    "visits": "visits",
    "satisfied": "satisfied",
}


def centre_figures(uow: UnitOfWork, period: Period, unit_id: int | None = None) -> CentreFigures:
    """The headline line and the quality figures, each beside the same period last year:
    one statement grouped by which period and unit (plus the units' kinds)."""
    s = uow.read()
    prev = period.same_last_year()
    keys = ("accepted", *_FIGURE_SUMS.values())
    got: dict[str, dict[str, int]] = {
        "now": dict.fromkeys([*_FIGURE_SUMS, "accepted", "grassroots"], 0),
        "prev": dict.fromkeys([*_FIGURE_SUMS, "accepted", "grassroots"], 0),
    }
    kinds = _unit_kinds(s)
    grassroots = {str(k) for k in GRASSROOTS_UNITS}
    sums = _summed(s, [("now", period), ("prev", prev)], unit_id, ("unit_id",), keys)
    for (tag, unit), values in sums.items():
        target = got[str(tag)]
        target["accepted"] += values["accepted"]
        for figure, column in _FIGURE_SUMS.items():
            target[figure] += values[column]
        if kinds.get(int(unit), "") in grassroots:
            target["grassroots"] += values["succeeded"]
    figures = [_figure(spec, got["now"], got["prev"]) for spec in FIGURES]
    return CentreFigures(period, prev, unit_id, tuple(figures))


#: Shares and averages: the numerator's and base's keys in the grouped query.
_RATIOS: dict[str, tuple[str, str]] = {
    "success_rate": ("succeeded", "concluded"),
    "on_time_rate": ("on_time", "timed"),
    "satisfaction_rate": ("satisfied", "visits"),
    "grassroots_rate": ("grassroots", "succeeded"),
    "avg_days": ("days", "ended"),
}


def _figure(spec: FigureSpec, now: dict[str, int], prev: dict[str, int]) -> Figure:
    if spec.key not in _RATIOS:
        return Figure(spec, now[spec.key], prev[spec.key], now[spec.key], 0, prev[spec.key], 0)
    num, base = _RATIOS[spec.key]
    n, b = now.get(num, 0), now.get(base, 0)
    pn, pb = prev.get(num, 0), prev.get(base, 0)
    if spec.key == "avg_days":
        value = None if b == 0 else round(n / b, 1)
        before = None if pb == 0 else round(pn / pb, 1)
    else:
        value, before = rate(n, b), rate(pn, pb)
    return Figure(spec, value, before, n, b, pn, pb)


# ---------------------------------------------------------------- the trend by month


@dataclass(frozen=True, slots=True)
class MonthCount:
    year: int
    month: int
    accepted: int
    succeeded: int

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def monthly_counts(uow: UnitOfWork, period: Period, unit_id: int | None = None) -> list[MonthCount]:
    """受理 and 调解成功 per month of the period (every month listed, empty ones as 0): one
    statement."""
    sums = _summed(uow.read(), [("now", period)], unit_id, ("month",), ("accepted", "succeeded"))
    got = {int(k[1]): (v["accepted"], v["succeeded"]) for k, v in sums.items()}
    return [MonthCount(y, m, *got.get(y * 100 + m, (0, 0))) for y, m in period.months()]


# ---------------------------------------------------------------- drill-down


@dataclass(frozen=True, slots=True)
class CaseRef:
    id: int
    number: str
    received_on: dt.date
    status: CaseStatus


@dataclass(frozen=True, slots=True)
class DrillDown:
    """The cases behind a figure, oldest first; ``total`` counts them all when ``cases`` was
    cut at the limit."""

    title: str
    cases: tuple[CaseRef, ...]
    total: int
    ids: tuple[int, ...] = field(default=())


def drill_down(uow: UnitOfWork, period: Period, cell: Cell, *, limit: int = 5000) -> DrillDown:
    """The cases of any figure: the cases whose ``case_stat`` column for it is above 0, with
    the row's codes. A dashboard card's figure (``DASHBOARD_FIGURES``) selects by its own day:
    办结 by the day mediation ended, the stock (在办, 超期) as it stands on the period's last
    day, from the cases themselves."""
    s = uow.read()
    use = period.same_last_year() if cell.previous else period
    cols = (Case.id, Case.number, Case.received_at, Case.status)
    if cell.breakdown is None and DASHBOARD_FIGURES.get(cell.column) is CardScope.NOW:
        base = select(*cols).where(*_card_scope(use, cell))
    else:
        if cell.breakdown is None and cell.column in DASHBOARD_FIGURES:
            where = _card_scope(use, cell)
        else:
            where = _stat_scope(use, cell.unit_id)
            where.append(_cell_condition(s, cell))
        base = select(*cols).select_from(CaseStat).join(Case, Case.id == CaseStat.case_id)
        base = base.where(*where)
    total = int(s.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows = s.execute(base.order_by(Case.received_at, Case.id).limit(limit)).all()
    refs = tuple(CaseRef(int(r[0]), str(r[1]), r[2].date(), CaseStatus(r[3])) for r in rows)
    return DrillDown(_title(cell, use), refs, total, tuple(r.id for r in refs))


def _card_scope(period: Period, cell: Cell) -> list[ColumnElement[bool]]:
    """A dashboard figure's cases: on ``case_stat`` for the received and the ended, on
    ``mediation_case`` for the stock."""
    scope = DASHBOARD_FIGURES[cell.column]
    if scope is CardScope.NOW:
        where = [is_open_case()]
        if cell.column == "overdue":
            where.append(overdue_case(period.end))
        if cell.unit_id is not None:
            where.append(Case.unit_id == cell.unit_id)
        return where
    if scope is CardScope.RECEIVED:
        return _stat_scope(period, cell.unit_id)
    where = [
        CaseStat.ended_on >= period.start,
        CaseStat.ended_on <= period.end,
        _accepted(),
    ]
    if cell.column == "closed_succeeded":
        where.append(CaseStat.succeeded > 0)
    if cell.unit_id is not None:
        where.append(CaseStat.unit_id == cell.unit_id)
    return where


def _cell_condition(s: Session, cell: Cell) -> ColumnElement[bool]:
    if cell.breakdown is None:
        return _figure_condition(cell.column)
    if cell.column == "success_rate":
        column: ColumnElement[bool] = CaseStat.succeeded > 0  # a share: its numerator's cases
    elif cell.column == "accepted":
        column = true()
    elif cell.column in SUMMED_KEYS:
        column = _stat_column(cell.column) > 0
    else:
        raise DeskError(f"统计表没有“{cell.column}”这一栏")
    if not cell.row:
        return column
    return and_(column, _row_condition(s, cell.breakdown, cell.row))


def _units_of(kinds: object) -> ColumnElement[bool]:
    codes = sorted(str(k) for k in kinds)  # type: ignore[attr-defined]
    if not codes:
        return false()
    return CaseStat.unit_id.in_(select(HandlingUnit.id).where(HandlingUnit.kind.in_(codes)))


def _row_condition(s: Session, breakdown: Breakdown, row: str) -> ColumnElement[bool]:
    spec = next((r for r in breakdown.rows if r.key == row), None)
    if spec is None:
        raise DeskError(f"统计表没有“{row}”这一行")
    keys = {spec.key} | {r.key for r in breakdown.rows if r.parent == spec.key}
    if breakdown is Breakdown.TYPE:
        leaf_of = _type_leaf_map(s)
        codes = sorted(c for c, leaf in leaf_of.items() if leaf in keys)
        if OTHER_TYPE in keys:  # a code the catalogue table does not know
            return or_(
                CaseStat.dispute_type_code.in_(codes),
                CaseStat.dispute_type_code.not_in(sorted(leaf_of)),
            )
        return CaseStat.dispute_type_code.in_(codes)
    codes = sorted(str(c) for r in breakdown.rows if r.key in keys for c in r.codes)
    if not codes:
        return false()
    if breakdown is Breakdown.SOURCE:
        return CaseStat.source.in_(codes)
    return _units_of(codes)


def _figure_condition(key: str) -> ColumnElement[bool]:
    """A centre figure's cases: a count's own, a share's numerator's, an average's base."""
    if key == "accepted":
        return true()
    if key in ("grassroots", "grassroots_rate"):
        return and_(CaseStat.succeeded > 0, _units_of(GRASSROOTS_UNITS))
    column = {"satisfaction_rate": "satisfied", "avg_days": "ended"}.get(key)
    if column is None and key in _RATIOS:
        column = _FIGURE_SUMS[_RATIOS[key][0]]
    if column is None:
        column = _FIGURE_SUMS.get(key)
    if column is None:
        raise DeskError(f"没有“{key}”这项统计")
    return _stat_column(column) > 0


def _title(cell: Cell, period: Period) -> str:
    from ..domain.statistics import COLUMN_BY_KEY, DASHBOARD_FIGURE_LABELS, FIGURE_BY_KEY

    if cell.breakdown is None:
        if cell.column in DASHBOARD_FIGURE_LABELS:
            what = DASHBOARD_FIGURE_LABELS[cell.column]
            if DASHBOARD_FIGURES[cell.column] is CardScope.NOW:
                return f"{period.end:%Y年%m月%d日}：{what}"
            return f"{period.label}：{what}"
        spec = FIGURE_BY_KEY.get(cell.column)
        what = spec.label if spec else cell.column
        return f"{period.label}：{what}"
    col = COLUMN_BY_KEY.get(cell.column)
    header = (f"{col.group}·{col.header}" if col and col.group else col.header) if col else ""
    row = next((r.label for r in cell.breakdown.rows if r.key == cell.row), "合计")
    return f"{period.label}：{row}，{header}"


__all__ = [
    "Cell",
    "CentreFigures",
    "DrillDown",
    "Figure",
    "MojReport",
    "RowSpec",
    "StatTable",
    "TableRow",
    "centre_figures",
    "drill_down",
    "effective_status",
    "find_unit",
    "moj_report",
    "moj_table",
    "monthly_counts",
]
