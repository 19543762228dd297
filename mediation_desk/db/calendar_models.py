"""Tables of the time limits: the centre's holiday arrangement, its targets, and extensions.

The holiday arrangement a centre enters (``holiday_year`` and its ``holiday_day`` rows) is laid
over ``chinesecalendar``'s table by ``domain.work_calendar``; targets and extensions feed the
rule chooser in ``domain.time_limits``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.enums import RiskLevel
from .base import Base, enum_type


class HolidayYear(Base):
    """One year's arrangement as the centre entered it (国务院办公厅关于…部分节假日安排的通知)."""

    __tablename__ = "holiday_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    source_note: Mapped[str] = mapped_column(String(200), default="")  # e.g. the notice's number
    updated_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class HolidayDay(Base):
    """A rest day of a holiday (``workday`` false, with the holiday's name) or a make-up
    working day (``workday`` true) in a year the centre entered."""

    __tablename__ = "holiday_day"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(
        ForeignKey("holiday_year.year", ondelete="CASCADE"), index=True
    )
    workday: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(40), default="")


class TimeLimitTarget(Base):
    """The centre's own target for cases of one risk level, in days from acceptance."""

    __tablename__ = "time_limit_target"
    risk_level: Mapped[RiskLevel] = mapped_column(enum_type(RiskLevel), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TimeLimitExtension(Base):
    """An extension of a case's time limit, granted with every party's consent."""

    __tablename__ = "time_limit_extension"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    days: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[dt.date | None] = mapped_column(Date)
    due_after: Mapped[dt.date] = mapped_column(Date)
    consents: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [{"party_id", "name"}]
    note: Mapped[str] = mapped_column(String(400), info={"multiline": True})
    created_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
