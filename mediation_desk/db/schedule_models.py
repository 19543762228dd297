"""Tables of rooms, mediator availability and mediation sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.sessions import EventKind, SessionStatus
from ..scheduling.model import RoomKind, StaffRole
from .base import Base, enum_type


class ScheduleSetting(Base):
    """Centre-wide scheduling settings: one row."""

    __tablename__ = "schedule_setting"
    id: Mapped[int] = mapped_column(primary_key=True)
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=10)
    grid_minutes: Mapped[int] = mapped_column(Integer, default=15)


class Room(Base):
    __tablename__ = "room"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[RoomKind] = mapped_column(enum_type(RoomKind))
    capacity: Mapped[int] = mapped_column(Integer)
    equipment: Mapped[str] = mapped_column(String(200), default="")  # comma-separated codes
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class RoomOpening(Base):
    """Opening hours of a room on one weekday (0 = Monday); several ranges per day allowed."""

    __tablename__ = "room_opening"
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)


class RoomClosure(Base):
    """An out-of-service period [starts, ends) of a room."""

    __tablename__ = "room_closure"
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    starts: Mapped[dt.datetime] = mapped_column(DateTime)
    ends: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")


class MediatorProfile(Base):
    """Scheduling data of a mediator (the ``mediator`` table itself belongs to intake)."""

    __tablename__ = "mediator_profile"
    mediator_id: Mapped[int] = mapped_column(
        ForeignKey("mediator.id", ondelete="CASCADE"), primary_key=True
    )
    specialties: Mapped[str] = mapped_column(String(400), default="")  # dispute-type codes
    languages: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    max_per_day: Mapped[int] = mapped_column(Integer, default=0)  # 0 = no limit


class MediatorAvailability(Base):
    """A weekly range in which the mediator sits at the centre (0 = Monday)."""

    __tablename__ = "mediator_availability"
    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(
        ForeignKey("mediator.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    starts: Mapped[dt.time] = mapped_column(Time)
    ends: Mapped[dt.time] = mapped_column(Time)


class MediatorLeave(Base):
    __tablename__ = "mediator_leave"
    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(
        ForeignKey("mediator.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class Recusal(Base):
    """A mediator related to a party (close relative, interest, …) must not mediate the case."""

    __tablename__ = "recusal"
    __table_args__ = (UniqueConstraint("mediator_id", "party_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id", ondelete="CASCADE"))
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    person_key: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class MediationSession(Base):
    """One booked sitting of a case: a room, people and a time range [starts, ends)."""

    __tablename__ = "mediation_session"
    __table_args__ = (Index("ix_session_room_starts", "room_id", "starts"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"))
    starts: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    ends: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[SessionStatus] = mapped_column(enum_type(SessionStatus))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    equipment: Mapped[str] = mapped_column(String(200), default="")
    extra_attendees: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(400), default="")
    override_reason: Mapped[str] = mapped_column(String(400), default="")
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SessionStaff(Base):
    __tablename__ = "session_staff"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_session.id", ondelete="CASCADE"), primary_key=True
    )
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id"), primary_key=True)
    role: Mapped[StaffRole] = mapped_column(enum_type(StaffRole))


class SessionAttendee(Base):
    """A party expected at a session; ``person_key`` finds the same person in other cases."""

    __tablename__ = "session_attendee"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_session.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="SET NULL"))
    person_key: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(120))
    arrived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SessionEvent(Base):
    """What happened to a session (booked, moved, cancelled, arrivals …), with reasons."""

    __tablename__ = "session_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_session.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind))
    reason: Mapped[str] = mapped_column(String(400), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class ScheduleLock(Base):
    """One row per bookable resource (room, mediator, person); a booking locks the rows of
    everything it touches (SELECT … FOR UPDATE, in key order) so that on PostgreSQL two
    counters booking the same slot are serialised. SQLite serialises writers itself."""

    __tablename__ = "schedule_lock"
    resource: Mapped[str] = mapped_column(String(60), primary_key=True)
