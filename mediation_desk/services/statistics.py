"""The statistics: the MoJ table by type, source and committee type, the centre figures, the
months' trend, and the cases behind any figure (drill-down). Reads only: no permission needed.

Every figure is defined once as a SQL condition (``_conditions``) over a case joined to its
unit, agreement and confirmation: the tables sum those conditions with conditional aggregates
(``SUM(CASE WHEN … THEN 1 ELSE 0 END)``) grouped by type, source and unit kind, and the
drill-down selects the cases the same condition holds for. A fixed number of statements runs,
whatever the number of types, units or cases: the three tables come from one grouped query
(plus one for the agreement amounts and one for the type catalogue), the centre figures from
two (this period and the same period last year side by side, grouped by which one).
What counts as 受理 is ``domain.statistics`` (its module note).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    exists,
    extract,
    false,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from ..db.agreement_models import Agreement, AgreementClause, ConfirmationPack
from ..db.followup_models import FollowUpTask, FollowUpVisit
from ..db.models import Case, DisputeType, HandlingUnit, Party
from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import AgreementForm
from ..domain.court_steps import RulingResult
from ..domain.enums import CaseStatus, ReferralTarget
from ..domain.follow_ups import Satisfaction
from ..domain.statistics import (
    ACCEPTED_NOTE,
    CLOSED_STATUSES,
    COLUMNS,
    DASHBOARD_FIGURES,
    FIGURES,
    GRASSROOTS_UNITS,
    OTHER_CHILD,
    OTHER_TYPE,
    OUTCOME_STATUSES,
    SUMMED_KEYS,
    TYPE_ROWS,
    UNRECORDED_OUTCOME,
    Breakdown,
    CardScope,
    Column,
    FigureSpec,
    Period,
    RowSpec,
    ValueKind,
    committee_row,
    rate,
    source_row,
)
from ..errors import DeskError, NotFound
from .supervision import is_open_case, overdue_case

Values = dict[str, float | int | None]
#: a figure's condition, and what a case meeting it adds (None: one)
_Cond = tuple[ColumnElement[bool], Any]
_Stmt = Select[*tuple[Any, ...]]
_Sel = TypeVar("_Sel", bound=_Stmt)


# ---------------------------------------------------------------- the figures as conditions


def effective_status() -> ColumnElement[str]:
    """The outcome a case stands at: its status, or for 结案/归档 the status it closed from."""
    closed = Case.status.in_([s.value for s in CLOSED_STATUSES])
    return case(
        (and_(closed, Case.closed_from != ""), Case.closed_from),
        (closed, literal(UNRECORDED_OUTCOME.value)),
        else_=cast(Case.status, Case.closed_from.type),
    )


def accepted_condition() -> ColumnElement[bool]:
    """受理 (``domain.statistics``): not refused, not handed on at intake without mediation."""
    eff = effective_status()
    return and_(
        eff != CaseStatus.REFUSED.value,
        not_(and_(eff == CaseStatus.REFERRED_OUT.value, Case.ended_on.is_(None))),
    )


def _in(eff: ColumnElement[str], statuses: frozenset[CaseStatus]) -> ColumnElement[bool]:
    return eff.in_(sorted(s.value for s in statuses))


def _conditions() -> dict[str, _Cond]:
    """Each summed column: the condition a case must meet, and what it adds (None: one)."""
    eff = effective_status()
    succeeded = _in(eff, OUTCOME_STATUSES["succeeded"])
    concluded = _in(
        eff,
        OUTCOME_STATUSES["succeeded"] | OUTCOME_STATUSES["failed"] | OUTCOME_STATUSES["fast_track"],
    )
    # 涉及人数 as typed; when not typed, the parties registered (capture's rule)
    parties = select(func.count(Party.id)).where(Party.case_id == Case.id).scalar_subquery()
    persons = func.coalesce(Case.persons_involved, parties)
    out: dict[str, _Cond] = {
        "accepted": (literal(True), None),
        "written": (and_(succeeded, Agreement.form == AgreementForm.WRITTEN), None),
        "oral": (and_(succeeded, Agreement.form == AgreementForm.ORAL), None),
        "concluded": (concluded, None),
        "persons": (literal(True), persons),  # every case counts its persons (one lookup)
        "difficult": (Case.difficult.is_(True), None),
        "prev_criminal": (Case.prevented_criminal.is_(True), None),
        "prev_criminal_persons": (
            and_(Case.prevented_criminal.is_(True), Case.prevented_criminal_persons > 0),
            Case.prevented_criminal_persons,
        ),
        "prev_petition": (Case.prevented_group_petition.is_(True), None),
        "prev_petition_persons": (
            and_(
                Case.prevented_group_petition.is_(True),
                Case.prevented_group_petition_persons > 0,
            ),
            Case.prevented_group_petition_persons,
        ),
        "prev_suicide": (Case.prevented_suicide.is_(True), None),
        "prev_fight": (Case.prevented_group_fight.is_(True), None),
        "confirm_applied": (ConfirmationPack.applied_on.is_not(None), None),
        "confirm_confirmed": (
            ConfirmationPack.ruling_result == RulingResult.CONFIRMED.value,
            None,
        ),
        "referred_court": (
            and_(
                eff == CaseStatus.REFERRED_OUT.value,
                Case.refer_to == ReferralTarget.COURT_FILING,
            ),
            None,
        ),
    }
    for key, statuses in OUTCOME_STATUSES.items():
        out[key] = (_in(eff, statuses), None)
    return out


def _amount_condition() -> ColumnElement[bool]:
    """Cases whose effective agreement covers money: the drill-down of 协议涉及金额."""
    return and_(
        _in(effective_status(), OUTCOME_STATUSES["succeeded"]),
        exists().where(
            AgreementClause.agreement_id == Agreement.id, AgreementClause.amount_fen > 0
        ),
    )


def _joined(stmt: _Sel) -> _Sel:
    return (
        stmt.select_from(Case)
        .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
        .outerjoin(Agreement, Agreement.case_id == Case.id)
        .outerjoin(ConfirmationPack, ConfirmationPack.case_id == Case.id)
    )


def _in_period(period: Period) -> ColumnElement[bool]:
    start, after = period.bounds()
    return and_(Case.received_at >= start, Case.received_at < after)


def _scope(period: Period, unit_id: int | None) -> list[ColumnElement[bool]]:
    where = [_in_period(period), accepted_condition()]
    if unit_id is not None:
        where.append(Case.unit_id == unit_id)
    return where


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
    stmt, keys = _table_statement(unit_id is not None)
    cube: list[tuple[str, str, str, dict[str, int]]] = []
    for row in s.execute(stmt, _params(period, unit_id)):
        values = {k: int(row[3 + i] or 0) for i, k in enumerate(keys)}
        cube.append((str(row[0]), str(row[1]), str(row[2]), values))
    amounts = _amounts(s, period, unit_id)
    for code, source, kind, values in cube:
        values["amount"] = amounts.get((code, source, kind), 0)
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


def _amounts(s: Session, period: Period, unit_id: int | None) -> dict[tuple[str, str, str], int]:
    """The money the effective agreements cover, by type, source and unit kind."""
    rows = s.execute(_amount_statement(unit_id is not None), _params(period, unit_id))
    return {(str(r[0]), str(r[1]), str(r[2])): int(r[3] or 0) for r in rows}


# The statements are built once (per shape) with the period and unit as bound parameters:
# building two dozen conditional aggregates costs more than running them on a month's cases.
_START = bindparam("period_start", type_=DateTime())
_AFTER = bindparam("period_after", type_=DateTime())
_PREV_START = bindparam("prev_start", type_=DateTime())
_PREV_AFTER = bindparam("prev_after", type_=DateTime())
_UNIT = bindparam("unit_id", type_=Integer())


def _params(period: Period, unit_id: int | None) -> dict[str, object]:
    start, after = period.bounds()
    prev_start, prev_after = period.same_last_year().bounds()
    return {
        "period_start": start,
        "period_after": after,
        "prev_start": prev_start,
        "prev_after": prev_after,
        "unit_id": unit_id,
    }


def _bound_scope(with_unit: bool, *, with_previous: bool = False) -> list[ColumnElement[bool]]:
    now = and_(Case.received_at >= _START, Case.received_at < _AFTER)
    if with_previous:
        now = or_(now, and_(Case.received_at >= _PREV_START, Case.received_at < _PREV_AFTER))
    where = [now, accepted_condition()]
    if with_unit:
        where.append(Case.unit_id == _UNIT)
    return where


_GROUPS = (Case.dispute_type_code, Case.source, HandlingUnit.kind)


@functools.cache
def _table_statement(with_unit: bool) -> tuple[_Stmt, list[str]]:
    conditions = _conditions()
    aggregates = [
        func.sum(case((cond, 1 if value is None else value), else_=0)).label(key)
        for key, (cond, value) in conditions.items()
    ]
    stmt = _joined(select(*_GROUPS, *aggregates)).where(*_bound_scope(with_unit)).group_by(*_GROUPS)
    return stmt, list(conditions)


@functools.cache
def _amount_statement(with_unit: bool) -> _Stmt:
    return (
        select(*_GROUPS, func.sum(AgreementClause.amount_fen))
        .select_from(Case)
        .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
        .join(Agreement, Agreement.case_id == Case.id)
        .join(AgreementClause, AgreementClause.agreement_id == Agreement.id)
        .where(
            *_bound_scope(with_unit),
            _in(effective_status(), OUTCOME_STATUSES["succeeded"]),
            AgreementClause.amount_fen > 0,
        )
        .group_by(*_GROUPS)
    )


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


def _day_count(dialect: str) -> ColumnElement[int]:
    """Days from the day received to the day mediation ended, in the database's own terms."""
    if dialect == "sqlite":
        return cast(
            func.julianday(Case.ended_on) - func.julianday(func.date(Case.received_at)), Integer
        )
    return cast(Case.ended_on - cast(Case.received_at, Case.ended_on.type), Integer)


def _figure_conditions(dialect: str) -> dict[str, _Cond]:
    eff = effective_status()
    conds = _conditions()
    ended = Case.ended_on.is_not(None)
    timed = and_(ended, Case.due_on.is_not(None))
    return {
        "accepted": conds["accepted"],
        "succeeded": conds["succeeded"],
        "confirmed": conds["confirm_confirmed"],
        "fast_track": conds["fast_track"],
        "referred_court": conds["referred_court"],
        "concluded": conds["concluded"],
        "timed": (timed, None),
        "on_time": (and_(timed, Case.ended_on <= Case.due_on), None),
        "grassroots": (
            and_(
                _in(eff, OUTCOME_STATUSES["succeeded"]),
                HandlingUnit.kind.in_(sorted(GRASSROOTS_UNITS)),
            ),
            None,
        ),
        "ended": (ended, None),
        "days": (ended, _day_count(dialect)),
    }


_SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASIC)


def centre_figures(uow: UnitOfWork, period: Period, unit_id: int | None = None) -> CentreFigures:
    """The headline line and the quality figures, each beside the same period last year:
    two statements (the cases, the follow-up visits), each grouped by which period."""
    s = uow.read()
    prev = period.same_last_year()
    dialect = s.get_bind().dialect.name
    cases_stmt, visits_stmt, keys = _figure_statements(dialect, unit_id is not None)
    params = _params(period, unit_id)
    got: dict[str, dict[str, int]] = {
        "now": dict.fromkeys(keys, 0),
        "prev": dict.fromkeys(keys, 0),
    }
    for row in s.execute(cases_stmt, params):
        got[str(row[0])] = {k: int(row[1 + i] or 0) for i, k in enumerate(keys)}
    for row in s.execute(visits_stmt, params):
        got[str(row[0])]["visits"] = int(row[1] or 0)
        got[str(row[0])]["satisfied"] = int(row[2] or 0)
    figures = [_figure(spec, got["now"], got["prev"]) for spec in FIGURES]
    return CentreFigures(period, prev, unit_id, tuple(figures))


@functools.cache
def _figure_statements(dialect: str, with_unit: bool) -> tuple[_Stmt, _Stmt, list[str]]:
    """The cases' and the visits' grouped statements, the period and last year side by side."""
    now = and_(Case.received_at >= _START, Case.received_at < _AFTER)
    which = case((now, literal("now")), else_=literal("prev")).label("which")
    scope = _bound_scope(with_unit, with_previous=True)
    conds = _figure_conditions(dialect)
    aggregates = [
        func.sum(case((cond, 1 if value is None else value), else_=0)).label(key)
        for key, (cond, value) in conds.items()
    ]
    cases_stmt = _joined(select(which, *aggregates)).where(*scope).group_by(which)
    visits = (
        select(
            which,
            func.count(FollowUpVisit.id),
            func.sum(case((FollowUpVisit.satisfaction.in_(_SATISFIED), 1), else_=0)),
        )
        .select_from(Case)
        .join(FollowUpTask, FollowUpTask.case_id == Case.id)
        .join(FollowUpVisit, FollowUpVisit.task_id == FollowUpTask.id)
        .where(*scope)
        .group_by(which)
    )
    return cases_stmt, visits, list(conds)


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
    s = uow.read()
    year = extract("year", Case.received_at)
    month = extract("month", Case.received_at)
    succeeded = _in(effective_status(), OUTCOME_STATUSES["succeeded"])
    stmt = (
        select(year, month, func.count(Case.id), func.sum(case((succeeded, 1), else_=0)))
        .where(*_scope(period, unit_id))
        .group_by(year, month)
    )
    got = {(int(r[0]), int(r[1])): (int(r[2]), int(r[3] or 0)) for r in s.execute(stmt)}
    return [MonthCount(y, m, *got.get((y, m), (0, 0))) for y, m in period.months()]


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
    """The cases of any figure: the same condition as the figure, with the row's codes. A
    dashboard card's figure (``DASHBOARD_FIGURES``) selects by its own day: 办结 by the day
    mediation ended, the stock (在办, 超期) as it stands on the period's last day."""
    s = uow.read()
    use = period.same_last_year() if cell.previous else period
    if cell.breakdown is None and cell.column in DASHBOARD_FIGURES:
        where = _card_scope(use, cell)
    else:
        where = _scope(use, cell.unit_id)
        where.append(_cell_condition(s, cell))
    base = _joined(select(Case.id, Case.number, Case.received_at, Case.status)).where(*where)
    total = int(s.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows = s.execute(base.order_by(Case.received_at, Case.id).limit(limit)).all()
    refs = tuple(CaseRef(int(r[0]), str(r[1]), r[2].date(), CaseStatus(r[3])) for r in rows)
    return DrillDown(_title(cell, use), refs, total, tuple(r.id for r in refs))


def _card_scope(period: Period, cell: Cell) -> list[ColumnElement[bool]]:
    scope = DASHBOARD_FIGURES[cell.column]
    if scope is CardScope.RECEIVED:
        where = [_in_period(period), accepted_condition()]
    elif scope is CardScope.ENDED:
        where = [Case.ended_on >= period.start, Case.ended_on <= period.end, accepted_condition()]
        if cell.column == "closed_succeeded":
            where.append(_conditions()["succeeded"][0])
    else:
        where = [is_open_case()]
        if cell.column == "overdue":
            where.append(overdue_case(period.end))
    if cell.unit_id is not None:
        where.append(Case.unit_id == cell.unit_id)
    return where


def _cell_condition(s: Session, cell: Cell) -> ColumnElement[bool]:
    if cell.breakdown is None:
        return _figure_condition(s, cell.column)
    conds = _conditions()
    if cell.column == "amount":
        column: ColumnElement[bool] = _amount_condition()
    elif cell.column == "success_rate":
        column = conds["succeeded"][0]  # a share drills down to its numerator's cases
    elif cell.column in conds:
        column = conds[cell.column][0]
    else:
        raise DeskError(f"统计表没有“{cell.column}”这一栏")
    if not cell.row:
        return column
    return and_(column, _row_condition(s, cell.breakdown, cell.row))


def _row_condition(s: Session, breakdown: Breakdown, row: str) -> ColumnElement[bool]:
    spec = next((r for r in breakdown.rows if r.key == row), None)
    if spec is None:
        raise DeskError(f"统计表没有“{row}”这一行")
    keys = {spec.key} | {r.key for r in breakdown.rows if r.parent == spec.key}
    if breakdown is Breakdown.TYPE:
        codes = sorted(c for c, leaf in _type_leaf_map(s).items() if leaf in keys)
        known = set(_type_leaf_map(s))
        if OTHER_TYPE in keys:  # a code the catalogue table does not know
            return or_(Case.dispute_type_code.in_(codes), Case.dispute_type_code.not_in(known))
        return Case.dispute_type_code.in_(codes)
    codes = sorted(str(c) for r in breakdown.rows if r.key in keys for c in r.codes)
    if not codes:
        return false()
    if breakdown is Breakdown.SOURCE:
        return Case.source.in_(codes)
    return HandlingUnit.kind.in_(codes)


def _figure_condition(s: Session, key: str) -> ColumnElement[bool]:
    conds = _figure_conditions(s.get_bind().dialect.name)
    if key in conds:
        return conds[key][0]
    if key == "satisfaction_rate":
        return exists().where(
            FollowUpTask.case_id == Case.id,
            FollowUpVisit.task_id == FollowUpTask.id,
            FollowUpVisit.satisfaction.in_(_SATISFIED),
        )
    if key in _RATIOS:
        return conds[_RATIOS[key][0]][0]
    raise DeskError(f"没有“{key}”这项统计")


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
    "find_unit",
    "moj_report",
    "moj_table",
    "monthly_counts",
]
