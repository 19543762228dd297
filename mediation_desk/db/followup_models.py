"""Follow-up visits (回访): the tasks planned on a case, the visit records, the centre's policy."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.follow_ups import FollowUpReason, Performed, Satisfaction, TaskState, VisitForm
from .base import Base, enum_type


class FollowUpTask(Base):
    """One visit to make: planned automatically (``key`` tells which) or by hand (no key)."""

    __tablename__ = "follow_up_task"
    # an automatic visit exists once per case (NULL keys, the ones by hand, never collide);
    # the day's list reads the open tasks by due day
    __table_args__ = (
        Index("uq_follow_up_task_case_key", "case_id", "key", unique=True),
        Index("ix_follow_up_task_open", "state", "due_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))
    key: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[FollowUpReason] = mapped_column(enum_type(FollowUpReason, 16))
    due_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(400), default="", info={"multiline": True})
    state: Mapped[TaskState] = mapped_column(enum_type(TaskState, 16))
    planned_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    planned_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FollowUpVisit(Base):
    """The 回访记录 of a task (one per task)."""

    __tablename__ = "follow_up_visit"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("follow_up_task.id", ondelete="CASCADE"), unique=True
    )
    form: Mapped[VisitForm] = mapped_column(enum_type(VisitForm, 16))
    visited_on: Mapped[dt.date] = mapped_column(Date)
    visitors: Mapped[str] = mapped_column(String(120))
    performed: Mapped[Performed] = mapped_column(enum_type(Performed, 16))
    satisfaction: Mapped[Satisfaction] = mapped_column(enum_type(Satisfaction, 16))
    went_to_court: Mapped[bool] = mapped_column(Boolean, default=False)
    court_note: Mapped[str] = mapped_column(String(400), default="", info={"multiline": True})
    measures: Mapped[str] = mapped_column(Text, default="", info={"multiline": True})
    note: Mapped[str] = mapped_column(Text, default="", info={"multiline": True})
    recorded_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FollowUpPolicyRow(Base):
    """The centre's policy (one row; absent: the defaults of ``domain.follow_ups``)."""

    __tablename__ = "follow_up_policy"
    id: Mapped[int] = mapped_column(primary_key=True)
    days_after_performance: Mapped[int] = mapped_column(Integer)
    days_after_closing: Mapped[int] = mapped_column(Integer)
    major_months: Mapped[int] = mapped_column(Integer)
    major_levels: Mapped[str] = mapped_column(String(80))  # comma-separated RiskLevel codes
    updated_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
