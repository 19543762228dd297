"""Tables of the session minutes (调解记录) and the investigation records (调查记录).

Who was present is copied into the minutes when they are saved (names and roles as they were
that day): the check-in says who came through the counter, the minutes add who came without.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SessionMinutes(Base):
    """The minutes of one session; its people are in ``session_staff`` (lead and co-mediators)."""

    __tablename__ = "session_minutes"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_session.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    place: Mapped[str] = mapped_column(String(200), default="")
    note_taker: Mapped[str] = mapped_column(String(60), default="")
    rights_read: Mapped[bool] = mapped_column(Boolean, default=False)
    recusal_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    recusal_note: Mapped[str] = mapped_column(String(400), default="", info={"multiline": True})
    mediator_work: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(400), default="", info={"multiline": True})
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    saved_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)


class MinutesAttendance(Base):
    """One person present at the session, as the minutes record them."""

    __tablename__ = "minutes_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("session_minutes.session_id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="SET NULL"))
    agent_of: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120))
    checked_in: Mapped[bool] = mapped_column(Boolean, default=False)


class MinutesAccount(Base):
    """One side's account at the session: one row per party."""

    __tablename__ = "minutes_account"
    __table_args__ = (UniqueConstraint("session_id", "party_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("session_minutes.session_id", ondelete="CASCADE")
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")


class InvestigationRecord(Base):
    """An investigation for a case: when, where, by whom, whom or what, and what was found."""

    __tablename__ = "investigation_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    starts: Mapped[dt.datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    investigators: Mapped[str] = mapped_column(String(200), default="")
    note_taker: Mapped[str] = mapped_column(String(60), default="")
    subjects: Mapped[str] = mapped_column(Text, default="")
    examined: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    saved_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
