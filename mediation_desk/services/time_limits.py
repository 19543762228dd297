"""Cases' time limits: the centre's calendar and targets, the stored due day, extensions.

``Case.due_on`` / ``Case.due_beyond_table`` are written here only: at intake, after an
extension, and for every open case whenever the holiday table or the targets change (in the
same transaction), so the 督办 board can read them by one index.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ScalarSelect, func, select, update
from sqlalchemy.orm import Session

from ..db.calendar_models import HolidayDay, HolidayYear, TimeLimitExtension, TimeLimitTarget
from ..db.models import Case, Party
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.enums import CaseStatus, CourtProcedure, RiskLevel
from ..domain.roles import Permission
from ..domain.time_limits import (
    MAX_EXTENSION_DAYS,
    MAX_TARGET_DAYS,
    CaseFacts,
    TimeLimit,
    compute_time_limit,
)
from ..domain.work_calendar import WorkCalendar, YearArrangement, base_calendar
from ..errors import DeskError, NotFound
from . import history
from .permissions import requires

OPEN_STATUSES = tuple(s for s in CaseStatus if s.is_open)


def load_calendar(s: Session) -> WorkCalendar:
    """chinesecalendar's table with the centre's years laid over it (one small query)."""
    rows = s.execute(
        select(HolidayYear.year, HolidayYear.complete, HolidayDay.day, HolidayDay.workday)
        .add_columns(HolidayDay.name)
        .outerjoin(HolidayDay, HolidayDay.year == HolidayYear.year)
    ).all()
    if not rows:
        return base_calendar()
    years = {r.year: r.complete for r in rows}
    holidays: dict[int, dict[dt.date, str]] = {y: {} for y in years}
    workdays: dict[int, set[dt.date]] = {y: set() for y in years}
    for r in rows:
        if r.day is None:  # a year entered with no days (only weekends)
            continue
        if r.workday:
            workdays[r.year].add(r.day)
        else:
            holidays[r.year][r.day] = r.name
    return base_calendar().with_centre(
        YearArrangement(y, holidays[y], frozenset(workdays[y]), complete)
        for y, complete in years.items()
    )


def load_targets(s: Session) -> dict[RiskLevel, int]:
    return {t.risk_level: t.days for t in s.scalars(select(TimeLimitTarget))}


def get_targets(uow: UnitOfWork) -> dict[RiskLevel, int]:
    """The centre's targets in days from acceptance, per risk level (unset levels absent)."""
    return load_targets(uow.read())


def case_facts(case: Case) -> CaseFacts:
    return CaseFacts(
        case.source,
        case.received_at.date(),
        CourtProcedure(case.court_procedure) if case.court_procedure else None,
        case.materials_received_on,
        case.handed_due_on,
        case.risk_level,
        case.limit_from,
    )


def extension_days_column() -> ScalarSelect[int]:
    """The days a case's limit was extended, as a column of a query over ``Case``."""
    return (
        select(func.coalesce(func.sum(TimeLimitExtension.days), 0))
        .where(TimeLimitExtension.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
    )


def extension_days(s: Session, case_id: int) -> tuple[int, ...]:
    """The days of each extension of the case, in the order they were granted."""
    return tuple(
        s.scalars(
            select(TimeLimitExtension.days)
            .where(TimeLimitExtension.case_id == case_id)
            .order_by(TimeLimitExtension.id)
        )
    )


def apply_time_limit(
    case: Case,
    calendar: WorkCalendar,
    targets: Mapping[RiskLevel, int],
    extension_days: Sequence[int] = (),
) -> TimeLimit | None:
    """Store the case's rule, due day and beyond-table mark (none for a case not open)."""
    if not case.status.is_open:
        case.time_limit_rule, case.due_on, case.due_beyond_table = "", None, False
        return None
    limit = compute_time_limit(
        case_facts(case), calendar, targets=targets, extension_days=extension_days
    )
    case.time_limit_rule = limit.rule.key
    case.due_on = limit.due
    case.due_beyond_table = limit.beyond_table
    return limit


def fill_missing_time_limits(uow: UnitOfWork) -> int:
    """Give every open case without a due day its limit (cases registered before time limits
    existed, after the upgrade); returns how many. One indexed read when there are none."""
    uow.as_system()  # system work: no account asked for it
    missing = select(Case.id).where(Case.status.in_(OPEN_STATUSES), Case.due_on.is_(None))
    if uow.read().scalar(missing.limit(1)) is None:
        return 0
    return recompute_open_cases(uow.write())


def recompute_open_cases(s: Session) -> int:
    """Count every open case's due day again with the stored calendar and targets; returns
    how many changed. Reads only the columns the rule needs and updates by primary key."""
    calendar, targets = load_calendar(s), load_targets(s)
    s.flush()
    extended: dict[int, list[int]] = {}
    for case_id, days in s.execute(
        select(TimeLimitExtension.case_id, TimeLimitExtension.days)
        .join(Case, Case.id == TimeLimitExtension.case_id)
        .where(Case.status.in_(OPEN_STATUSES))
        .order_by(TimeLimitExtension.id)
    ):
        extended.setdefault(case_id, []).append(days)
    rows = s.execute(
        select(
            Case.id,
            Case.source,
            Case.received_at,
            Case.court_procedure,
            Case.materials_received_on,
            Case.handed_due_on,
            Case.risk_level,
            Case.limit_from,
            Case.time_limit_rule,
            Case.due_on,
            Case.due_beyond_table,
        ).where(Case.status.in_(OPEN_STATUSES))
    ).all()
    changed = []
    for row in rows:
        case_id, source, received, procedure, materials, handed, risk, restarted = row[:8]
        rule, due, beyond = row[8:]
        facts = CaseFacts(
            source,
            received.date(),
            CourtProcedure(procedure) if procedure else None,
            materials,
            handed,
            risk,
            restarted,
        )
        limit = compute_time_limit(
            facts, calendar, targets=targets, extension_days=extended.get(case_id, ())
        )
        if (limit.rule.key, limit.due, limit.beyond_table) != (rule, due, beyond):
            changed.append(
                {
                    "id": case_id,
                    "time_limit_rule": limit.rule.key,
                    "due_on": limit.due,
                    "due_beyond_table": limit.beyond_table,
                }
            )
    if changed:
        s.execute(update(Case), changed)
    return len(changed)


@dataclass(frozen=True, slots=True)
class TargetsSaved:
    targets: dict[RiskLevel, int]
    recomputed: int  # open cases whose due day changed


@requires(Permission.SETTINGS)
def save_targets(uow: UnitOfWork, targets: Mapping[RiskLevel, int | None]) -> TargetsSaved:
    """Set the centre's targets (None or 0: no target for that level) and recount open cases."""
    for level, days in targets.items():
        if days is not None and not 0 <= days <= MAX_TARGET_DAYS:
            raise DeskError(f"{level.label}的办理目标应为1至{MAX_TARGET_DAYS}天（0为不设）")
    s = uow.write()
    now = uow.now()
    rows = {t.risk_level: t for t in s.scalars(select(TimeLimitTarget))}
    for level, days in targets.items():
        row = rows.get(level)
        if not days:
            if row is not None:
                s.delete(row)
            continue
        if row is None:
            row = TimeLimitTarget(risk_level=level)
            s.add(row)
        row.days, row.updated_by, row.updated_at = days, uow.actor.operator_id, now
    s.flush()
    saved = load_targets(s)
    recomputed = recompute_open_cases(s)
    history.record(
        uow,
        entity=Entity.TIME_LIMIT_SETTINGS,
        entity_id=0,
        action="targets",
        summary="修改办理目标："
        + ("，".join(f"{lv.label}{d}天" for lv, d in saved.items()) or "不设")
        + f"（{recomputed}件在办案件的办理时限随之变化）",
        changes={"targets": {lv.value: d for lv, d in saved.items()}, "recomputed": recomputed},
    )
    return TargetsSaved(saved, recomputed)


# --- extensions --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtensionView:
    days: int
    due_before: dt.date | None
    due_after: dt.date
    consenting: tuple[str, ...]
    note: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ExtensionResult:
    case_id: int
    days: int
    due_on: dt.date
    beyond_table: bool
    note: str  # how the new due day was counted (Chinese)


@requires(Permission.MEDIATE)
def extend_time_limit(
    uow: UnitOfWork,
    case_id: int,
    *,
    consenting_party_ids: set[int] | frozenset[int],
    note: str,
    days: int | None = None,
    new_due_on: dt.date | None = None,
) -> ExtensionResult:
    """Extend an open case's limit by ``days`` (or to ``new_due_on``), with every party's
    consent and a note; the due day is counted again and the history says why."""
    note = note.strip()
    if (days is None) == (new_due_on is None):
        raise DeskError("请填写延长的天数或延长后的期限（二选一）")
    if not note:
        raise DeskError("请填写延长期限的说明（如当事人同意延长的方式和理由）")
    s = uow.write()
    case = s.get(Case, case_id, with_for_update=True)
    if case is None:
        raise NotFound("案件不存在")
    if not case.status.is_open:
        raise DeskError(f"本案{case.status.label}，不能延长办理时限")
    parties = list(s.scalars(select(Party).where(Party.case_id == case_id)))
    missing = [p.name for p in parties if p.id not in consenting_party_ids]
    if missing:
        raise DeskError("延长办理时限须经双方当事人同意：" + "、".join(missing) + "尚未同意")
    if len(parties) < 2:
        raise DeskError("延长办理时限须经双方当事人同意，本案当事人不足两方")
    before = case.due_on
    if new_due_on is not None:
        if before is None or new_due_on <= before:
            raise DeskError("延长后的期限应晚于现在的期限")
        days = (new_due_on - before).days
    assert days is not None
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise DeskError(f"延长的天数应为1至{MAX_EXTENSION_DAYS}天")
    steps = (*extension_days(s, case_id), days)
    limit = apply_time_limit(case, load_calendar(s), load_targets(s), steps)
    assert limit is not None
    now = uow.now()
    consents = [{"party_id": p.id, "name": p.name} for p in parties]
    s.add(
        TimeLimitExtension(
            case_id=case_id,
            days=days,
            due_before=before,
            due_after=limit.due,
            consents=json.dumps(consents, ensure_ascii=False),
            note=note,
            created_by=uow.actor.operator_id,
            created_at=now,
        )
    )
    case.updated_at = now
    was = f"{before.isoformat()}" if before else "无"
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="extend_time_limit",
        summary=f"经双方当事人同意延长办理时限{days}日（{was} → {limit.due.isoformat()}）：{note}",
        changes={
            "days": days,
            "due_before": before.isoformat() if before else None,
            "due_after": limit.due.isoformat(),
            "consenting": [p.name for p in parties],
            "note": note,
        },
    )
    return ExtensionResult(case_id, days, limit.due, limit.beyond_table, limit.note)


def list_extensions(uow: UnitOfWork, case_id: int) -> list[ExtensionView]:
    rows = uow.read().scalars(
        select(TimeLimitExtension)
        .where(TimeLimitExtension.case_id == case_id)
        .order_by(TimeLimitExtension.id)
    )
    return [
        ExtensionView(
            r.days,
            r.due_before,
            r.due_after,
            tuple(c["name"] for c in json.loads(r.consents)),
            r.note,
            r.created_at,
        )
        for r in rows
    ]
