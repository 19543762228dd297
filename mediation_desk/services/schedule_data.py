"""Loading what the scheduling rules need, in a fixed number of queries, and locking the
resources a booking touches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ..db.calendar_models import HolidayYear
from ..db.models import Case, Mediator
from ..db.schedule_models import (
    MediationSession,
    MediatorAvailability,
    MediatorLeave,
    MediatorProfile,
    Recusal,
    ScheduleLock,
    ScheduleSetting,
    SessionAttendee,
    SessionStaff,
)
from ..domain.sessions import SessionStatus
from ..domain.work_calendar import WorkCalendar, base_calendar
from ..scheduling.model import Booked, MediatorInfo, RoomInfo
from ..scheduling.rules import ScheduleData
from .rooms import ScheduleSettings, rooms_in, split_codes
from .time_limits import load_calendar

#: No session lasts longer than this: lets the window query use the index on ``starts``.
MAX_SESSION = dt.timedelta(hours=12)
OCCUPYING = [s.value for s in SessionStatus if s.occupies]


def occupying_in(a: dt.datetime, b: dt.datetime) -> ColumnElement[bool]:
    """Filter: sessions holding their resources somewhere in [a, b)."""
    return and_(
        MediationSession.starts < b,
        MediationSession.starts > a - MAX_SESSION,
        MediationSession.ends > a,
        MediationSession.status.in_(OCCUPYING),
    )


def load_setup(s: Session) -> tuple[ScheduleSettings, WorkCalendar]:
    """The schedule settings and the centre's holiday calendar, for one unit of work.

    One statement (the number of holiday years the centre entered rides on the settings'),
    and a second only when it entered any: otherwise chinesecalendar's table is the calendar.
    """
    first = select(ScheduleSetting).order_by(ScheduleSetting.id).limit(1).subquery()
    buffer_minutes, grid_minutes, centre_years = s.execute(
        select(
            select(first.c.buffer_minutes).scalar_subquery(),
            select(first.c.grid_minutes).scalar_subquery(),
            select(func.count()).select_from(HolidayYear).scalar_subquery(),
        )
    ).one()
    default = ScheduleSettings()
    settings = ScheduleSettings(
        default.buffer_minutes if buffer_minutes is None else buffer_minutes,
        default.grid_minutes if grid_minutes is None else grid_minutes,
    )
    return settings, (load_calendar(s) if centre_years else base_calendar())


def load_schedule(
    s: Session,
    *,
    start: dt.datetime,
    end: dt.datetime,
    persons: Iterable[str] | None = None,
    setup: tuple[ScheduleSettings, WorkCalendar] | None = None,
) -> ScheduleData:
    """Rooms, mediators and the sessions touching [start, end); 10 queries whatever the size
    (one more when the centre entered holiday years).

    ``persons``: the people whose bookings matter (the parties of the session being checked
    or suggested) — only their attendance rows and recusals are loaded, which keeps the load
    small on a busy centre; None loads every person (bulk placement checks many cases).
    ``setup``: ``load_setup``'s result when the caller already has it (loads it otherwise).
    """
    settings, calendar = setup if setup is not None else load_setup(s)
    rooms = {
        r.id: RoomInfo(
            r.id,
            r.name,
            r.kind,
            r.capacity,
            frozenset(r.equipment),
            r.active,
            r.opening,
            tuple((c.starts, c.ends, c.reason) for c in r.closures if c.ends > start),
        )
        for r in rooms_in(s)
    }
    avail: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = {}
    for m_id, wd, a, b in s.execute(
        select(
            MediatorAvailability.mediator_id,
            MediatorAvailability.weekday,
            MediatorAvailability.starts,
            MediatorAvailability.ends,
        ).order_by(MediatorAvailability.starts)
    ):
        avail.setdefault(m_id, {}).setdefault(wd, []).append((a, b))
    leave: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
    for m_id, d0, d1, why in s.execute(
        select(
            MediatorLeave.mediator_id,
            MediatorLeave.first_day,
            MediatorLeave.last_day,
            MediatorLeave.reason,
        ).where(MediatorLeave.last_day >= start.date(), MediatorLeave.first_day <= end.date())
    ):
        leave.setdefault(m_id, []).append((d0, d1, why))
    mediators: dict[int, MediatorInfo] = {}
    for m_id, name, active, unit_id, spec, langs, max_day in s.execute(
        select(
            Mediator.id,
            Mediator.name,
            Mediator.active,
            Mediator.unit_id,
            MediatorProfile.specialties,
            MediatorProfile.languages,
            MediatorProfile.max_per_day,
        ).outerjoin(MediatorProfile, MediatorProfile.mediator_id == Mediator.id)
    ):
        hours = avail.get(m_id)
        mediators[m_id] = MediatorInfo(
            m_id,
            name,
            active,
            frozenset(split_codes(spec or "")),
            frozenset(split_codes(langs or "")),
            {wd: tuple(v) for wd, v in hours.items()} if hours is not None else None,
            tuple(leave.get(m_id, ())),
            max_day or 0,
            unit_id,
        )
    window = occupying_in(start, end)
    staff: dict[int, set[int]] = {}
    for sid, mid in s.execute(
        select(SessionStaff.session_id, SessionStaff.mediator_id)
        .join(MediationSession, MediationSession.id == SessionStaff.session_id)
        .where(window)
    ):
        staff.setdefault(sid, set()).add(mid)
    keys = None if persons is None else list(persons)
    people: dict[int, set[str]] = {}
    if keys is None or keys:
        q = (
            select(SessionAttendee.session_id, SessionAttendee.person_key)
            .join(MediationSession, MediationSession.id == SessionAttendee.session_id)
            .where(window)
        )
        if keys is not None:
            q = q.where(SessionAttendee.person_key.in_(keys))
        for sid, key in s.execute(q):
            people.setdefault(sid, set()).add(key)
    sessions = [
        Booked(
            sid,
            case_id,
            number,
            room_id,
            a,
            b,
            frozenset(staff.get(sid, ())),
            frozenset(people.get(sid, ())),
        )
        for sid, case_id, number, room_id, a, b in s.execute(
            select(
                MediationSession.id,
                MediationSession.case_id,
                Case.number,
                MediationSession.room_id,
                MediationSession.starts,
                MediationSession.ends,
            )
            .join(Case, Case.id == MediationSession.case_id)
            .where(window)
        )
    ]
    recusals: dict[tuple[int, str], str] = {}
    if keys:
        for m_id, key, why in s.execute(
            select(Recusal.mediator_id, Recusal.person_key, Recusal.reason).where(
                Recusal.person_key.in_(keys)
            )
        ):
            recusals[(m_id, key)] = why
    return ScheduleData(
        rooms,
        mediators,
        sessions,
        recusals=recusals,
        buffer=dt.timedelta(minutes=settings.buffer_minutes),
        calendar=calendar,
    )


def lock_resources(s: Session, keys: Iterable[str]) -> None:
    """Serialise bookings touching the same room, mediator or person.

    PostgreSQL: one row per resource in ``schedule_lock``, created if missing and locked
    FOR UPDATE in key order (no deadlocks: every booking takes its locks in the same order);
    READ COMMITTED then shows the checks that follow everything committed before the lock was
    granted. SQLite: the write transaction already began with BEGIN IMMEDIATE, which admits
    one writer at a time, so nothing more is needed.
    """
    ordered = sorted(set(keys))
    if not ordered or s.get_bind().dialect.name == "sqlite":
        return
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    s.execute(
        pg_insert(ScheduleLock)
        .values([{"resource": k} for k in ordered])
        .on_conflict_do_nothing(index_elements=["resource"])
    )
    s.execute(
        select(ScheduleLock.resource)
        .where(ScheduleLock.resource.in_(ordered))
        .order_by(ScheduleLock.resource)
        .with_for_update()
    ).all()


def resource_keys(room_id: int, staff: Iterable[int], persons: Iterable[str]) -> list[str]:
    return [f"room:{room_id}", *(f"med:{m}" for m in staff), *persons]
