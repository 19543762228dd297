"""The case list: every case, filtered and sorted, a page at a time, and how many there are.

Pages are read by key (keyset pagination), never by OFFSET: a page asks for the rows after
the last one shown (``WHERE (received_at, id) < (:last_received, :last_id)``), so the
200th page costs what the first does and a case registered meanwhile neither repeats nor
hides a row. Each order ends with the case id, so cases received at the same minute keep
one order across pages.

An order may run in *segments* read one after the other (the status order: one status after
the next; the due-day order: cases with a due day, then those without), and a segment may
gather *parts* read by the same key and merged (newest first among several statuses: each
status walks its own stretch of ``ix_case_status_received``). Each part is one walk of an
index, whatever the filter, so a page stays a few milliseconds on 200,000 cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, false, func, or_, select, true
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from ..db.models import Case, DisputeType, HandlingUnit, Mediator, Party
from ..db.unit_of_work import UnitOfWork
from ..domain.case_list import PAGE_SIZE, STATUS_ORDER, CaseFilter, CaseSort, SortKey
from ..domain.enums import CaseStatus, PartyRole, RiskLevel
from ..errors import DeskError
from .supervision import OPEN_STATUSES, overdue_case

#: Ids per ``IN (…)`` when the rows of a page are read (well below every backend's limit).
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class CaseListRow:
    """One case as the list shows it: names of the parties, no ID number or phone."""

    case_id: int
    number: str
    received_at: dt.datetime
    status: CaseStatus
    risk_level: RiskLevel
    dispute_type: str
    unit_name: str
    mediator_name: str
    applicants: str
    respondents: str
    due_on: dt.date | None
    due_beyond_table: bool


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts: after ``values`` (the last row's key) in ``segment``."""

    segment: int
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class CasePage:
    rows: list[CaseListRow]
    next: Cursor | None  # None: this page is the last


@dataclass(frozen=True, slots=True)
class Choice:
    key: int | str
    name: str
    active: bool = True
    level: int = 0  # 1: a sub-type, shown indented under its parent


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What the filter bar offers: every unit, mediator and dispute type cases may carry."""

    units: list[Choice]
    mediators: list[Choice]
    dispute_types: list[Choice]


# --- what the list reads ------------------------------------------------------------------------


def case_page(
    uow: UnitOfWork,
    *,
    where: CaseFilter = CaseFilter(),  # noqa: B008 (frozen: shared safely)
    sort: CaseSort = CaseSort(),  # noqa: B008
    after: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> CasePage:
    """The ``limit`` cases after ``after`` (the first ones when None) in ``sort`` order."""
    s = uow.read()
    plan = _by_status(_plan(s, where), sort)
    condition = _condition(plan, uow.today())
    segments = _segments(sort, plan)
    keys: list[tuple[int, tuple[Any, ...]]] = []  # (segment, key values), in order
    first = after.segment if after is not None else 0
    for index in range(first, len(segments)):
        since = after.values if after is not None and index == first else None
        wanted = limit + 1 - len(keys)
        read = segments[index].read_small if plan.small else segments[index].read
        keys += [(index, v) for v in read(s, condition, since, wanted)]
        if len(keys) > limit:
            break
    more = len(keys) > limit
    keys = keys[:limit]
    rows = _rows(s, [values[-1] for _, values in keys])
    return CasePage(rows, Cursor(*keys[-1]) if more else None)


def count_cases(uow: UnitOfWork, *, where: CaseFilter = CaseFilter()) -> int:  # noqa: B008
    """How many cases ``where`` lets through."""
    s = uow.read()
    condition = _condition(_plan(s, where), uow.today())
    stmt = select(func.count()).select_from(Case).where(condition)
    return int(s.execute(stmt).scalar_one())


def filter_choices(uow: UnitOfWork) -> FilterChoices:
    """The units, mediators and dispute types to filter by, inactive ones included (old
    cases carry them), in the order the settings keep them."""
    s = uow.read()
    units = [
        Choice(i, name, bool(active))
        for i, name, active in s.execute(
            select(HandlingUnit.id, HandlingUnit.name, HandlingUnit.active).order_by(
                HandlingUnit.sort_order, HandlingUnit.id
            )
        )
    ]
    mediators = [
        Choice(i, name, bool(active))
        for i, name, active in s.execute(
            select(Mediator.id, Mediator.name, Mediator.active).order_by(
                Mediator.active.desc(), Mediator.name, Mediator.id
            )
        )
    ]
    types = list(
        s.execute(
            select(
                DisputeType.code, DisputeType.name, DisputeType.parent_code, DisputeType.active
            ).order_by(DisputeType.sort_order, DisputeType.code)
        )
    )
    children: dict[str, list[Choice]] = {}
    for code, name, parent, active in types:
        if parent:
            children.setdefault(parent, []).append(Choice(code, name, bool(active), 1))
    dispute_types: list[Choice] = []
    for code, name, parent, active in types:
        if not parent:
            dispute_types += [Choice(code, name, bool(active)), *children.get(code, [])]
    return FilterChoices(units, mediators, dispute_types)


# --- the filter ---------------------------------------------------------------------------------


#: The columns a filter compares for equality (status and type: with a list of values).
_EQUALITY = ("status", "unit_id", "mediator_id", "source", "dispute_type_code")
#: Rows counted at most when the filters' sizes are compared (``_plan``).
_SIZE_CAP = 4000


@dataclass(frozen=True)
class _Plan:
    """A filter made ready to read: the type codes it takes in, and the column whose index
    the reads walk (``driver``: the filter with the fewest cases). SQLite's planner knows
    the average size of a status or a unit, not that 办理中 holds 2,000 cases and 已归档
    140,000: asked for a unit's open cases it walks the unit's 26,000. So with several
    filters it is told which index to take: the others are compared as ``+column``, which
    SQLite reads as "no index for this one" (PostgreSQL's statistics see the sizes)."""

    where: CaseFilter
    codes: list[str]
    driver: str | None
    sqlite: bool
    small: bool = False  # the driver holds fewer than ``_SIZE_CAP`` cases: sorting them is cheap

    def column(self, name: str) -> Any:
        column = getattr(Case, name)
        if not self.sqlite or self.driver is None or name == self.driver:
            return column
        return UnaryExpression(column, operator=custom_op("+"), type_=column.type)

    def values(self) -> dict[str, list[Any]]:
        """Each equality filter given: its column's name and the values it lets through."""
        w = self.where
        statuses = sorted(w.statuses)
        if w.overdue:  # only open cases can be overdue: say so to the index
            statuses = sorted(set(w.statuses or OPEN_STATUSES) & set(OPEN_STATUSES)) or statuses
        given: dict[str, list[Any]] = {
            "status": statuses,
            "unit_id": [w.unit_id] if w.unit_id is not None else [],
            "mediator_id": [w.mediator_id] if w.mediator_id is not None else [],
            "source": [w.source] if w.source is not None else [],
            "dispute_type_code": self.codes,
        }
        return {name: values for name, values in given.items() if values}


def _plan(s: Session, where: CaseFilter) -> _Plan:
    problem = where.check()
    if problem:
        raise DeskError(problem)
    sqlite = s.get_bind().dialect.name == "sqlite"
    codes = _type_codes(s, where.dispute_type)
    given = _Plan(where, codes, None, sqlite).values()
    if not given:
        return _Plan(where, codes, None, sqlite)
    sizes = {
        name: s.execute(
            select(func.count()).select_from(
                select(Case.id).where(getattr(Case, name).in_(values)).limit(_SIZE_CAP).subquery()
            )
        ).scalar_one()
        for name, values in given.items()
    }
    driver = min(sizes, key=lambda name: sizes[name])
    return _Plan(where, codes, driver, sqlite, sizes[driver] < _SIZE_CAP)


def _by_status(plan: _Plan, sort: CaseSort) -> _Plan:
    """The plan for an order read status by status (``SortKey.STATUS``, ``SortKey.DUE``):
    each status walks its own (status, …) index, unless another filter holds so few cases
    that reading them all and sorting is cheaper."""
    if sort.key not in (SortKey.STATUS, SortKey.DUE) or (plan.small and plan.driver != "status"):
        return plan
    return replace(plan, driver="status", small=False)


def _condition(plan: _Plan, today: dt.date) -> ColumnElement[bool]:
    where = plan.where
    terms = [plan.column(name).in_(values) for name, values in plan.values().items()]
    if where.received_from is not None:
        terms.append(Case.received_at >= dt.datetime.combine(where.received_from, dt.time()))
    if where.received_to is not None:
        end = where.received_to + dt.timedelta(days=1)
        terms.append(Case.received_at < dt.datetime.combine(end, dt.time()))
    if where.overdue:
        terms.append(overdue_case(today))
    return and_(true(), *terms)


def _type_codes(s: Session, code: str | None) -> list[str]:
    """The type and its sub-types (劳动争议: 拖欠农民工工资, 其他劳动争议); none: []."""
    if code is None:
        return []
    subtypes = s.scalars(select(DisputeType.code).where(DisputeType.parent_code == code))
    return [code, *subtypes]


# --- orders, segments, parts --------------------------------------------------------------------

Order = tuple[tuple[QueryableAttribute[Any], bool], ...]  # (column, descending), the id last


@dataclass(frozen=True)
class _Segment:
    """Rows of ``parts`` (each a condition read on its own, results merged) in ``order``."""

    parts: tuple[ColumnElement[bool], ...]
    order: Order
    also: ColumnElement[bool] | None = None  # the segment's own condition

    def read(
        self, s: Session, condition: ColumnElement[bool], since: tuple[Any, ...] | None, n: int
    ) -> list[tuple[Any, ...]]:
        """The key values of the first ``n`` rows after ``since``."""
        columns = [c for c, _ in self.order]
        found: list[tuple[Any, ...]] = []
        for part in self.parts:
            stmt = select(*columns).where(condition, part)
            if self.also is not None:
                stmt = stmt.where(self.also)
            if since is not None:
                stmt = stmt.where(_after(self.order, since))
            ordering = [c.desc() if d else c.asc() for c, d in self.order]
            rows = s.connection().execute(stmt.order_by(*ordering).limit(n))
            found += [tuple(r) for r in rows]
        if len(self.parts) > 1:  # one direction throughout (``_segments`` builds it so)
            found.sort(reverse=self.order[0][1])
        return found[:n]

    def read_small(
        self, s: Session, condition: ColumnElement[bool], since: tuple[Any, ...] | None, n: int
    ) -> list[tuple[Any, ...]]:
        """``read`` for a filter with few cases (``_Plan.small``): they are all read along the
        filter's index, and sorted here. (Asked for an order, SQLite may walk the order's
        index instead, through most of the table.) Several parts are read as one: they
        only split the filter's own values."""
        stmt = select(*[c for c, _ in self.order]).where(condition)
        if self.also is not None:
            stmt = stmt.where(self.also)
        if len(self.parts) == 1:
            stmt = stmt.where(self.parts[0])
        descending = self.order[0][1]  # one direction throughout
        rows = [tuple(r) for r in s.connection().execute(stmt)]
        if since is not None:
            rows = [r for r in rows if (r < since if descending else r > since)]
        rows.sort(reverse=descending)
        return rows[:n]


def _after(order: Order, values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows after ``values`` in ``order``: (a, b, id) > (x, y, z) spelled out, with a plain
    bound on the first column so that either backend walks its index from there."""
    alternatives = []
    for i, (column, descending) in enumerate(order):
        beyond = column < values[i] if descending else column > values[i]
        alternatives.append(
            and_(*[c == v for (c, _), v in zip(order[:i], values, strict=False)], beyond)
        )
    first, descending = order[0]
    bound = first <= values[0] if descending else first >= values[0]
    return and_(bound, or_(*alternatives))


def _segments(sort: CaseSort, plan: _Plan) -> list[_Segment]:
    desc = sort.descending
    newest: Order = ((Case.received_at, True), (Case.id, True))
    match sort.key:
        case SortKey.RECEIVED:
            order: Order = ((Case.received_at, desc), (Case.id, desc))
            return [_Segment(_parts(plan), order)]
        case SortKey.NUMBER:
            order = ((Case.unit_id, desc), (Case.year, desc), (Case.seq, desc), (Case.id, desc))
            return [_Segment((true(),), order)]
        case SortKey.STATUS:
            statuses = plan.where.statuses
            ranked = [st for st in STATUS_ORDER if not statuses or st in statuses]
            if desc:
                ranked.reverse()
            # each status on its own (along its (status, received) index unless ``_by_status``
            # chose a small filter's)
            status = plan.column("status")
            segments = [_Segment((status == st,), newest) for st in ranked]
            return segments or [_Segment((false(),), newest)]
        case SortKey.DUE:
            order = ((Case.due_on, desc), (Case.id, desc))
            # status by status, each along its (status, due_on) index: no index holds every
            # case's due day alone
            parts: tuple[ColumnElement[bool], ...] = (true(),)
            if plan.driver == "status":  # see ``_by_status``
                parts = tuple(
                    Case.status == st for st in sorted(plan.where.statuses or STATUS_ORDER)
                )
            return [
                _Segment(parts, order, Case.due_on.is_not(None)),
                _Segment((true(),), newest, Case.due_on.is_(None)),  # no time limit: last
            ]


def _parts(plan: _Plan) -> tuple[ColumnElement[bool], ...]:
    """The walked filter holds several values (statuses, a type and its sub-types): one part
    each, so that each walks its own stretch of the (value, key) index in order instead of
    sorting them all."""
    if plan.driver is None:
        return (true(),)
    values = plan.values()[plan.driver]
    column = plan.column(plan.driver)
    return tuple(column == v for v in values) if len(values) > 1 else (true(),)


# --- the rows of a page -------------------------------------------------------------------------


def _rows(s: Session, ids: list[int]) -> list[CaseListRow]:
    """The rows of ``ids``, in that order: two queries a chunk (cases, their parties)."""
    rows: list[CaseListRow] = []
    for start in range(0, len(ids), _CHUNK):
        rows += _chunk(s, ids[start : start + _CHUNK])
    return rows


def _chunk(s: Session, ids: list[int]) -> list[CaseListRow]:
    if not ids:
        return []
    read = s.connection().execute
    cases = {r.id: r for r in read(_CASES, {"ids": ids})}
    names: dict[int, dict[PartyRole, list[str]]] = {i: {} for i in ids}
    for case_id, role, name in read(_PARTIES, {"ids": ids}):
        names[case_id].setdefault(role, []).append(name)
    return [
        CaseListRow(
            c.id,
            c.number,
            c.received_at,
            c.status,
            c.risk_level,
            c.type_name,
            c.unit_name,
            c.mediator_name or "",
            "、".join(names[i].get(PartyRole.APPLICANT, [])),
            "、".join(names[i].get(PartyRole.RESPONDENT, [])),
            c.due_on,
            bool(c.due_beyond_table),
        )
        for i in ids
        if (c := cases.get(i)) is not None
    ]


def _name(column: Any, match: ColumnElement[bool], label: str) -> Any:
    return select(column).where(match).scalar_subquery().label(label)


#: A chunk's two reads, built once (a page is read at each scroll to the end: building the
#: statements cost about what SQLite takes to answer them); ``ids`` is expanded at each run.
_CASES = select(
    Case.id,
    Case.number,
    Case.received_at,
    Case.status,
    Case.risk_level,
    Case.due_on,
    Case.due_beyond_table,
    # looked up by the case, not joined: a join lets SQLite start from the
    # dispute type and walk the (type, received) index
    _name(DisputeType.name, DisputeType.code == Case.dispute_type_code, "type_name"),
    _name(HandlingUnit.name, HandlingUnit.id == Case.unit_id, "unit_name"),
    _name(Mediator.name, Mediator.id == Case.mediator_id, "mediator_name"),
).where(Case.id.in_(bindparam("ids", expanding=True)))
_PARTIES = (
    select(Party.case_id, Party.role, Party.name)
    .where(Party.case_id.in_(bindparam("ids", expanding=True)))
    .order_by(Party.case_id, Party.position)
)
