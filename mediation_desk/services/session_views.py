"""Reading sessions: one session, a case's sessions, the day board, a mediator's week, and a
session's own log. A fixed number of queries however many sessions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ..db.models import Case, DisputeType, Mediator, Operator
from ..db.schedule_models import (
    MediationSession,
    Room,
    SessionAttendee,
    SessionEvent,
    SessionStaff,
)
from ..db.unit_of_work import UnitOfWork
from ..domain.sessions import EventKind, SessionStatus
from ..errors import NotFound
from ..scheduling.calendar import DayKind, day_kind, opening_weekday
from ..scheduling.model import StaffRole
from .rooms import RoomView, rooms_in
from .schedule_data import load_setup

DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class StaffView:
    mediator_id: int
    name: str
    role: StaffRole


@dataclass(frozen=True, slots=True)
class AttendeeView:
    id: int
    party_id: int | None
    name: str
    arrived_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    case_id: int
    case_number: str
    dispute_type: str
    room_id: int
    room_name: str
    starts: dt.datetime
    ends: dt.datetime
    status: SessionStatus
    remote: bool
    note: str
    override_reason: str
    checked_in_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    staff: tuple[StaffView, ...]
    attendees: tuple[AttendeeView, ...]

    @property
    def lead_name(self) -> str:
        return next((x.name for x in self.staff if x.role is StaffRole.LEAD), "")

    @property
    def party_names(self) -> str:
        return "、".join(a.name for a in self.attendees)

    def waiting(self, now: dt.datetime) -> dt.timedelta | None:
        """How long the parties have waited since the first one checked in (until started)."""
        if self.checked_in_at is None or self.status is not SessionStatus.CHECKED_IN:
            return None
        return max(dt.timedelta(0), now - self.checked_in_at)


@dataclass(frozen=True, slots=True)
class EventView:
    at: dt.datetime
    operator_name: str
    kind: EventKind
    reason: str
    detail: dict[str, object]


@dataclass(frozen=True)
class DayBoard:
    day: dt.date
    rooms: list[RoomView]
    sessions: list[SessionView]
    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(18, 0)
    buffer_minutes: int = 10
    grid_minutes: int = 15
    #: The day in the centre's holiday table (its holiday's name, a make-up working day…).
    kind: DayKind = field(default_factory=partial(DayKind, known=True))


def load_sessions(s: Session, where: ColumnElement[bool]) -> list[SessionView]:
    """Sessions matching ``where`` with their people: three queries, however many sessions."""
    staff: dict[int, list[StaffView]] = {}
    order = {StaffRole.LEAD: 0, StaffRole.CO: 1, StaffRole.NOTE_TAKER: 2}
    for sid, mid, name, role in s.execute(
        select(SessionStaff.session_id, SessionStaff.mediator_id, Mediator.name, SessionStaff.role)
        .join(MediationSession, MediationSession.id == SessionStaff.session_id)
        .join(Mediator, Mediator.id == SessionStaff.mediator_id)
        .where(where)
    ):
        staff.setdefault(sid, []).append(StaffView(mid, name, role))
    people: dict[int, list[AttendeeView]] = {}
    for sid, aid, pid, name, arrived in s.execute(
        select(
            SessionAttendee.session_id,
            SessionAttendee.id,
            SessionAttendee.party_id,
            SessionAttendee.name,
            SessionAttendee.arrived_at,
        )
        .join(MediationSession, MediationSession.id == SessionAttendee.session_id)
        .where(where)
        .order_by(SessionAttendee.id)
    ):
        people.setdefault(sid, []).append(AttendeeView(aid, pid, name, arrived))
    rows = s.execute(
        select(MediationSession, Case.number, DisputeType.name, Room.name)
        .join(Case, Case.id == MediationSession.case_id)
        .join(DisputeType, DisputeType.code == Case.dispute_type_code)
        .join(Room, Room.id == MediationSession.room_id)
        .where(where)
        .order_by(MediationSession.starts, MediationSession.id)
    ).all()
    return [
        SessionView(
            m.id,
            m.case_id,
            number,
            dtype,
            m.room_id,
            room,
            m.starts,
            m.ends,
            m.status,
            m.remote,
            m.note,
            m.override_reason,
            m.checked_in_at,
            m.started_at,
            m.finished_at,
            tuple(sorted(staff.get(m.id, ()), key=lambda x: order[x.role])),
            tuple(people.get(m.id, ())),
        )
        for m, number, dtype, room in rows
    ]


def load_session(s: Session, session_id: int) -> SessionView:
    found = load_sessions(s, MediationSession.id == session_id)
    if not found:
        raise NotFound("调解场次不存在")
    return found[0]


def get_session(uow: UnitOfWork, session_id: int) -> SessionView:
    return load_session(uow.read(), session_id)


def case_sessions(uow: UnitOfWork, case_id: int) -> list[SessionView]:
    return load_sessions(uow.read(), MediationSession.case_id == case_id)


def day_board(uow: UnitOfWork, day: dt.date) -> DayBoard:
    """The centre's day: active rooms, every session of the day (cancelled ones included, for
    the record), the hours to show. Seven queries whatever the number of rooms or sessions."""
    a = dt.datetime.combine(day, dt.time())
    s = uow.read()
    rooms = rooms_in(s, active_only=True)
    sessions = load_sessions(
        s, (MediationSession.starts >= a) & (MediationSession.starts < a + DAY)
    )
    settings, calendar = load_setup(s)
    wd = opening_weekday(day, calendar)
    ranges = [r for room in rooms for r in room.opening.get(wd, ())]
    opens = min([r[0] for r in ranges] + [x.starts.time() for x in sessions] + [dt.time(8, 0)])
    closes = max([r[1] for r in ranges] + [x.ends.time() for x in sessions] + [dt.time(18, 0)])
    return DayBoard(
        day,
        rooms,
        sessions,
        dt.time(opens.hour),
        dt.time(min(23, closes.hour + (1 if closes.minute else 0))),
        settings.buffer_minutes,
        settings.grid_minutes,
        day_kind(day, calendar),
    )


def mediator_week(uow: UnitOfWork, mediator_id: int, monday: dt.date) -> list[SessionView]:
    """Sessions in which the mediator sits (any role) in the seven days from ``monday``."""
    a = dt.datetime.combine(monday, dt.time())
    mine = select(SessionStaff.session_id).where(SessionStaff.mediator_id == mediator_id)
    return load_sessions(
        uow.read(),
        (MediationSession.starts >= a)
        & (MediationSession.starts < a + 7 * DAY)
        & MediationSession.id.in_(mine),
    )


def session_events(uow: UnitOfWork, session_id: int) -> list[EventView]:
    s = uow.read()
    rows = s.execute(
        select(SessionEvent, Operator.name)
        .join(Operator, Operator.id == SessionEvent.operator_id)
        .where(SessionEvent.session_id == session_id)
        .order_by(SessionEvent.id)
    ).all()
    return [EventView(e.at, name, e.kind, e.reason, json.loads(e.detail)) for e, name in rows]
