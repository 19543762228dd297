"""Each case's figures as the statistics count them (issue 12), kept in ``case_stat``, and
their sums by month in ``case_stat_month``.

This is where every figure of the MoJ table and of the centre figures is defined, as a SQL
expression over one case joined to its agreement and confirmation (with its parties, agreed
amounts and 回访 as subqueries): ``figure_expressions``. ``refresh_case_stats`` writes the
rows of some cases anew and adds what changed to the month groups (month received, unit,
type, source) they left or joined (an upsert: exact with several counters writing at once,
see its note), ``rebuild_case_stats`` those of
every case (the migration, a repair). ``UnitOfWork`` refreshes the rows of every case an
action touched before it commits (every change writes a history entry naming its case), so
the report sums tables kept current instead of joining six; a report of whole months reads
``case_stat_month``, the days around them ``case_stat``.

What counts as 受理 is ``domain.statistics`` (its module note); the outcome columns follow
``OUTCOME_STATUSES``. The unit's kind is mapped at read time (``services.statistics``), so
editing a unit needs no refresh; the due day of an open case is not kept (no kept figure
depends on it: 按期 counts ended cases, 超期 is read from the cases themselves).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    delete,
    except_,
    extract,
    func,
    insert,
    literal,
    not_,
    select,
    text,
)
from sqlalchemy.orm import Session

from ..domain.agreements import AgreementForm
from ..domain.court_steps import RulingResult
from ..domain.enums import CaseStatus, ReferralTarget
from ..domain.follow_ups import Satisfaction
from ..domain.statistics import CLOSED_STATUSES, OUTCOME_STATUSES, UNRECORDED_OUTCOME
from .agreement_models import Agreement, AgreementClause, ConfirmationPack
from .followup_models import FollowUpTask, FollowUpVisit
from .models import Case, Party
from .report_models import CASE_STAT_FIGURES, CaseStat, CaseStatMonth

#: Cases refreshed per statement pair (bound parameters stay well below SQLite's limit).
CHUNK = 5000
#: 回访 counted as satisfied (the 群众满意率)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASIC)


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


def _day_count(dialect: str) -> ColumnElement[int]:
    """Days from the day received to the day mediation ended, in the database's own terms."""
    if dialect == "sqlite":
        return cast(
            func.julianday(Case.ended_on) - func.julianday(func.date(Case.received_at)), Integer
        )
    return cast(Case.ended_on - cast(Case.received_at, Case.ended_on.type), Integer)


def _flag(cond: ColumnElement[bool], value: Any = 1) -> ColumnElement[int]:
    return case((cond, value), else_=0)


def figure_expressions(dialect: str) -> dict[str, ColumnElement[int]]:
    """Every figure of one case (``CASE_STAT_FIGURES``), over the case outer-joined to its
    agreement and confirmation pack (``stat_source``)."""
    eff = effective_status()
    succeeded = _in(eff, OUTCOME_STATUSES["succeeded"])
    concluded = _in(
        eff,
        OUTCOME_STATUSES["succeeded"] | OUTCOME_STATUSES["failed"] | OUTCOME_STATUSES["fast_track"],
    )
    # 涉及人数 as typed; when not typed, the parties registered (capture's rule)
    parties = select(func.count(Party.id)).where(Party.case_id == Case.id).scalar_subquery()
    amount = (
        select(func.coalesce(func.sum(AgreementClause.amount_fen), 0))
        .where(AgreementClause.agreement_id == Agreement.id, AgreementClause.amount_fen > 0)
        .scalar_subquery()
    )
    visits = (
        select(func.count(FollowUpVisit.id))
        .join(FollowUpTask, FollowUpTask.id == FollowUpVisit.task_id)
        .where(FollowUpTask.case_id == Case.id)
        .scalar_subquery()
    )
    satisfied = (
        select(func.count(FollowUpVisit.id))
        .join(FollowUpTask, FollowUpTask.id == FollowUpVisit.task_id)
        .where(FollowUpTask.case_id == Case.id, FollowUpVisit.satisfaction.in_(SATISFIED))
        .scalar_subquery()
    )
    ended = Case.ended_on.is_not(None)
    timed = and_(ended, Case.due_on.is_not(None))
    out: dict[str, ColumnElement[int]] = {
        key: _flag(_in(eff, statuses)) for key, statuses in OUTCOME_STATUSES.items()
    }
    out.update(
        written=_flag(and_(succeeded, Agreement.form == AgreementForm.WRITTEN)),
        oral=_flag(and_(succeeded, Agreement.form == AgreementForm.ORAL)),
        concluded=_flag(concluded),
        persons=func.coalesce(Case.persons_involved, parties),
        amount=_flag(and_(succeeded, Agreement.id.is_not(None)), amount),
        difficult=_flag(Case.difficult.is_(True)),
        prev_criminal=_flag(Case.prevented_criminal.is_(True)),
        prev_criminal_persons=_flag(
            and_(Case.prevented_criminal.is_(True), Case.prevented_criminal_persons > 0),
            Case.prevented_criminal_persons,
        ),
        prev_petition=_flag(Case.prevented_group_petition.is_(True)),
        prev_petition_persons=_flag(
            and_(
                Case.prevented_group_petition.is_(True),
                Case.prevented_group_petition_persons > 0,
            ),
            Case.prevented_group_petition_persons,
        ),
        prev_suicide=_flag(Case.prevented_suicide.is_(True)),
        prev_fight=_flag(Case.prevented_group_fight.is_(True)),
        confirm_applied=_flag(ConfirmationPack.applied_on.is_not(None)),
        confirm_confirmed=_flag(ConfirmationPack.ruling_result == RulingResult.CONFIRMED.value),
        referred_court=_flag(
            and_(
                eff == CaseStatus.REFERRED_OUT.value,
                Case.refer_to == ReferralTarget.COURT_FILING,
            )
        ),
        ended=_flag(ended),
        days=_flag(ended, _day_count(dialect)),
        timed=_flag(timed),
        on_time=_flag(and_(timed, Case.ended_on <= Case.due_on)),
        visits=visits,
        satisfied=satisfied,
    )
    assert set(out) == set(CASE_STAT_FIGURES), set(out) ^ set(CASE_STAT_FIGURES)
    return out


def _month_of(at: Any) -> ColumnElement[int]:
    return cast(extract("year", at) * 100 + extract("month", at), Integer)


def stat_select(dialect: str) -> Any:
    """The ``case_stat`` rows of the cases (every one; add a WHERE on ``Case.id``)."""
    figures = figure_expressions(dialect)
    return (
        select(
            Case.id,
            Case.received_at,
            cast(
                extract("year", Case.received_at) * 100 + extract("month", Case.received_at),
                Integer,
            ),
            Case.unit_id,
            Case.dispute_type_code,
            cast(Case.source, CaseStat.source.type),
            accepted_condition(),
            effective_status(),
            Case.ended_on,
            *(figures[k] for k in CASE_STAT_FIGURES),
        )
        .select_from(Case)
        .outerjoin(Agreement, Agreement.case_id == Case.id)
        .outerjoin(ConfirmationPack, ConfirmationPack.case_id == Case.id)
    )


_COLUMNS = (
    "case_id",
    "received_at",
    "month",
    "unit_id",
    "dispute_type_code",
    "source",
    "accepted",
    "status",
    "ended_on",
    *CASE_STAT_FIGURES,
)


def _insert(s: Session, stmt: Any) -> None:
    s.execute(insert(CaseStat).from_select(list(_COLUMNS), stmt))


#: A month group of ``case_stat_month``: (month, unit, type, source).
_GROUP = (CaseStat.month, CaseStat.unit_id, CaseStat.dispute_type_code, CaseStat.source)
_GROUP_NAMES = ("month", "unit_id", "dispute_type_code", "source")
_GROUP_COLUMNS = [*_GROUP_NAMES, "cases", *CASE_STAT_FIGURES]


#: The tables themselves: statements with bound parameters run as Core, not as ORM bulk writes.
_STAT: Any = CaseStat.__table__
_MONTH: Any = CaseStatMonth.__table__


def _month_sums(source: Any) -> Any:
    """``case_stat_month``'s rows summed from ``source`` (``case_stat`` or a fresh select)."""
    c = source.c
    sums = [func.count(), *(func.sum(c[k]) for k in CASE_STAT_FIGURES)]
    return (
        select(*(c[n] for n in _GROUP_NAMES), *sums)
        .where(c.accepted.is_(True))
        .group_by(*(c[n] for n in _GROUP_NAMES))
    )


#: What a ``case_stat`` row adds to its month group: the group, whether it counts, its figures.
_CONTRIBUTION = [_STAT.c[c] for c in (*_GROUP_NAMES, "accepted", *CASE_STAT_FIGURES)]


@dataclass(frozen=True, slots=True)
class _Statements:
    """A refresh's statements, built once per dialect (building them costs more than running
    them for one case); the cases and the groups are bound parameters."""

    delete: Any  # the cases' rows, returning what they added to their groups
    insert: Any  # the cases' rows anew, returning what they add
    add: Any  # one group's change added to its row (created if missing)
    prune: Any  # one group's row removed once it counts no case


def _upsert(dialect: str) -> Any:
    """``INSERT … ON CONFLICT (group) DO UPDATE SET figure = figure + excluded.figure``."""
    stmt: Any
    if dialect == "postgresql":  # only the dialect in use is imported (≈ 25 ms each)
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        stmt = postgresql_insert(_MONTH)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(_MONTH)
    sums = _GROUP_COLUMNS[len(_GROUP_NAMES) :]
    return stmt.on_conflict_do_update(
        index_elements=list(_GROUP_NAMES),
        set_={c: _MONTH.c[c] + stmt.excluded[c] for c in sums},
    )


def prepare_statements(dialect: str) -> None:
    """Build the refresh's statements ahead of the first save (``services.warm_up``)."""
    _statements(dialect)


@functools.cache
def _statements(dialect: str) -> _Statements:
    ids: Any = bindparam("ids", expanding=True)
    in_group = and_(*(_MONTH.c[n] == bindparam(f"g_{n}") for n in _GROUP_NAMES))
    return _Statements(
        delete(_STAT).where(CaseStat.case_id.in_(ids)).returning(*_CONTRIBUTION),
        insert(_STAT)
        .from_select(list(_COLUMNS), stat_select(dialect).where(Case.id.in_(ids)))
        .returning(*_CONTRIBUTION),
        _upsert(dialect),
        delete(_MONTH).where(in_group, _MONTH.c.cases == 0),
    )


Delta = dict[tuple[Any, ...], list[int]]


def _count(delta: Delta, rows: Iterable[Any], sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) what these ``case_stat`` rows add to their groups."""
    width = len(_GROUP_NAMES)
    for row in rows:
        if not row[width]:  # not 受理: counted nowhere
            continue
        sums = delta.setdefault(tuple(row[:width]), [0] * (1 + len(CASE_STAT_FIGURES)))
        sums[0] += sign
        for i, value in enumerate(row[width + 1 :], start=1):
            sums[i] += sign * value


def _group_order(group: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is None, v) for v in group)


def _apply(s: Session, delta: Delta, st: _Statements) -> None:
    """Add each group's change to its ``case_stat_month`` row, in one order (two counters
    adding to the same groups queue instead of deadlocking), and drop the rows left empty."""
    groups = sorted((g for g, sums in delta.items() if any(sums)), key=_group_order)
    if not groups:
        return
    s.execute(
        st.add,
        [dict(zip(_GROUP_COLUMNS, (*g, *delta[g]), strict=True)) for g in groups],
    )
    emptied = [g for g in groups if delta[g][0] < 0]
    if emptied:
        s.execute(
            st.prune,
            [{f"g_{n}": v for n, v in zip(_GROUP_NAMES, g, strict=True)} for g in emptied],
        )


def refresh_case_stats(s: Session, case_ids: Iterable[int]) -> None:
    """Write the rows of these cases anew (a case that no longer exists loses its row), and
    add to their month groups what changed: two statements per ``CHUNK`` cases, one upsert of
    the groups that changed and one removal of the groups left empty.

    Why the sums stay exact with several counters writing at once (PostgreSQL, READ
    COMMITTED): a group's change is the rows this transaction deleted (``RETURNING``: exactly
    the committed rows it removed, whoever wrote them) taken away, plus the rows it inserted.
    Adding changes commutes, and ``ON CONFLICT DO UPDATE`` adds to the row as committed (a
    second counter waits for the first's row lock, then adds to its result; a group created by
    both at once is inserted by one and updated by the other). Writing a group anew from
    ``case_stat`` instead would sum what this transaction sees, which misses what another one
    has not committed yet; and two inserting the same new group would collide. Two counters
    refreshing the same case cannot both commit: the second's insert meets the first's row
    (primary key), and it is rolled back whole. A group's row is removed when it counts no
    case (every figure sums accepted cases only, so its figures are all zero too).
    """
    ids = sorted(set(case_ids))
    if not ids:
        return
    s.flush()
    st = _statements(s.get_bind().dialect.name)
    delta: Delta = {}
    for i in range(0, len(ids), CHUNK):
        chunk = {"ids": ids[i : i + CHUNK]}
        _count(delta, s.execute(st.delete, chunk).all(), -1)
        _count(delta, s.execute(st.insert, chunk).all(), 1)
    _apply(s, delta, st)


def rebuild_case_stats(s: Session) -> None:
    """Write every case's row and every month group anew (after the migration, a bulk load,
    or as a repair). On PostgreSQL both tables are locked first (reads go on): a counter
    refreshing its cases meanwhile would add its change to sums that are being replaced."""
    s.flush()
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("LOCK TABLE case_stat, case_stat_month IN EXCLUSIVE MODE"))
    s.execute(delete(CaseStat))
    _insert(s, stat_select(s.get_bind().dialect.name))
    rebuild_month_groups(s)


def rebuild_month_groups(s: Session) -> None:
    """Sum every month group anew from ``case_stat`` (rows copied in by SQL: the bench)."""
    s.execute(delete(CaseStatMonth))
    s.execute(insert(CaseStatMonth).from_select(_GROUP_COLUMNS, _month_sums(_STAT)))


@dataclass(frozen=True, slots=True)
class StatsDrift:
    """Where the kept rows differ from a fresh computation (``stats_drift``)."""

    cases: list[int]  # cases whose row is missing, left over or different, by id
    #: month groups that differ: (month, unit, type, source) → (受理 kept, 受理 computed);
    #: None where the group has no row on that side
    groups: dict[tuple[Any, ...], tuple[int | None, int | None]]
    case_rows: int  # rows computed afresh (every case)
    group_rows: int  # month groups computed afresh

    @property
    def clean(self) -> bool:
        return not self.cases and not self.groups


def stats_drift(s: Session) -> StatsDrift:
    """Compare ``case_stat`` and ``case_stat_month`` with what the definitions give now, in
    the database (``EXCEPT`` both ways): a fixed number of statements whatever the number of
    cases. A row found one way only is missing on the other side; found both ways, it differs.
    """
    fresh = stat_select(s.get_bind().dialect.name)
    kept = select(*(_STAT.c[c] for c in _COLUMNS))
    cases: set[int] = set()
    for left, right in ((fresh, kept), (kept, fresh)):
        cases.update(s.scalars(select(except_(left, right).subquery().c[0])))
    named = fresh.subquery("fresh")
    fresh_months = _month_sums(
        select(*(col.label(n) for col, n in zip(named.c, _COLUMNS, strict=True))).subquery()
    )
    kept_months = select(*(_MONTH.c[c] for c in _GROUP_COLUMNS))
    width = len(_GROUP_NAMES)
    groups: dict[tuple[Any, ...], list[int | None]] = {}
    for side, (left, right) in enumerate(
        ((kept_months, fresh_months), (fresh_months, kept_months))
    ):
        for row in s.execute(except_(left, right)):
            groups.setdefault(tuple(row[:width]), [None, None])[side] = int(row[width])
    return StatsDrift(
        sorted(cases),
        {k: (v[0], v[1]) for k, v in sorted(groups.items(), key=lambda kv: _group_order(kv[0]))},
        s.scalar(select(func.count()).select_from(Case)) or 0,
        s.scalar(select(func.count()).select_from(fresh_months.subquery())) or 0,
    )
