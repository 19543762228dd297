"""What the statistics count that no other table holds: the centre's villages and communities,
and each case's figures as the report sums them (``case_stat``).

``Place`` is the configured list of where disputes arise (``mediation_case.place_code``), keyed
by the 12-digit statistical division code (统计用区划代码) so reports and the national exchange
record can use the code as is. Rows are deactivated, never deleted: cases point at them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.report_fields import PlaceKind
from .base import Base, enum_type


class Place(Base):
    """A village (村) or community (社区) of the centre's area."""

    __tablename__ = "place"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[PlaceKind] = mapped_column(enum_type(PlaceKind, 16))
    #: the 乡镇 or 街道 it belongs to (by name)
    township: Mapped[str] = mapped_column(String(60), default="", server_default=text("''"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


#: The figures ``case_stat`` holds per case, each an integer (0 when the case does not count):
#: the MoJ table's summed columns and what the centre figures sum (``db.case_stats`` defines
#: them). A figure's drill-down is the cases whose column is above 0.
CASE_STAT_FIGURES: tuple[str, ...] = (
    "succeeded",
    "written",
    "oral",
    "failed",
    "fast_track",
    "withdrawn",
    "pending",
    "concluded",
    "persons",
    "amount",
    "difficult",
    "prev_criminal",
    "prev_criminal_persons",
    "prev_petition",
    "prev_petition_persons",
    "prev_suicide",
    "prev_fight",
    "confirm_applied",
    "confirm_confirmed",
    "referred_court",
    "ended",
    "days",
    "timed",
    "on_time",
    "visits",
    "satisfied",
)


class CaseStat(Base):
    """One case as the statistics count it (issue 12), kept by every write that touches the
    case (``UnitOfWork`` refreshes the rows of the cases an action changed): the report reads
    this table instead of joining cases, units, agreements, confirmations, parties and visits.
    The unit's kind is not kept: the report maps ``unit_id`` to it, so editing a unit needs no
    refresh. A row is derived data: ``db.case_stats.rebuild_case_stats`` writes it anew."""

    __tablename__ = "case_stat"
    __table_args__ = (
        Index("ix_case_stat_received", "received_at"),
        Index("ix_case_stat_unit_received", "unit_id", "received_at"),
        Index("ix_case_stat_ended", "ended_on"),
        Index("ix_case_stat_month_unit", "month", "unit_id"),
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    month: Mapped[int] = mapped_column(Integer)  # received in: year * 100 + month
    unit_id: Mapped[int] = mapped_column(Integer)
    dispute_type_code: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(32))
    #: 受理 (``domain.statistics``): every other figure counts only where this holds
    accepted: Mapped[bool] = mapped_column(Boolean)
    #: the outcome the case stands at (``closed_from`` for 结案/归档)
    status: Mapped[str] = mapped_column(String(32))
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    succeeded: Mapped[int] = mapped_column(Integer)
    written: Mapped[int] = mapped_column(Integer)
    oral: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    fast_track: Mapped[int] = mapped_column(Integer)
    withdrawn: Mapped[int] = mapped_column(Integer)
    pending: Mapped[int] = mapped_column(Integer)
    concluded: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)  # fen covered by the agreement
    difficult: Mapped[int] = mapped_column(Integer)
    prev_criminal: Mapped[int] = mapped_column(Integer)
    prev_criminal_persons: Mapped[int] = mapped_column(Integer)
    prev_petition: Mapped[int] = mapped_column(Integer)
    prev_petition_persons: Mapped[int] = mapped_column(Integer)
    prev_suicide: Mapped[int] = mapped_column(Integer)
    prev_fight: Mapped[int] = mapped_column(Integer)
    confirm_applied: Mapped[int] = mapped_column(Integer)
    confirm_confirmed: Mapped[int] = mapped_column(Integer)
    referred_court: Mapped[int] = mapped_column(Integer)
    ended: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)  # from the day received to the day it ended
    timed: Mapped[int] = mapped_column(Integer)  # ended, with a due day
    on_time: Mapped[int] = mapped_column(Integer)  # ended by its due day
    visits: Mapped[int] = mapped_column(Integer)  # 回访 recorded
    satisfied: Mapped[int] = mapped_column(Integer)  # of them 满意 or 基本满意


class CaseStatMonth(Base):
    """The accepted cases' figures summed by the month received, unit, type and source: what
    a report of whole months reads (a year is some ten thousand rows at a million cases, not a
    quarter of a million). Kept with ``case_stat``: a refresh adds what changed to the groups
    its cases left or joined (``db.case_stats``)."""

    __tablename__ = "case_stat_month"
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dispute_type_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)  # 受理
    succeeded: Mapped[int] = mapped_column(BigInteger)
    written: Mapped[int] = mapped_column(BigInteger)
    oral: Mapped[int] = mapped_column(BigInteger)
    failed: Mapped[int] = mapped_column(BigInteger)
    fast_track: Mapped[int] = mapped_column(BigInteger)
    withdrawn: Mapped[int] = mapped_column(BigInteger)
    pending: Mapped[int] = mapped_column(BigInteger)
    concluded: Mapped[int] = mapped_column(BigInteger)
    persons: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    difficult: Mapped[int] = mapped_column(BigInteger)
    prev_criminal: Mapped[int] = mapped_column(BigInteger)
    prev_criminal_persons: Mapped[int] = mapped_column(BigInteger)
    prev_petition: Mapped[int] = mapped_column(BigInteger)
    prev_petition_persons: Mapped[int] = mapped_column(BigInteger)
    prev_suicide: Mapped[int] = mapped_column(BigInteger)
    prev_fight: Mapped[int] = mapped_column(BigInteger)
    confirm_applied: Mapped[int] = mapped_column(BigInteger)
    confirm_confirmed: Mapped[int] = mapped_column(BigInteger)
    referred_court: Mapped[int] = mapped_column(BigInteger)
    ended: Mapped[int] = mapped_column(BigInteger)
    days: Mapped[int] = mapped_column(BigInteger)
    timed: Mapped[int] = mapped_column(BigInteger)
    on_time: Mapped[int] = mapped_column(BigInteger)
    visits: Mapped[int] = mapped_column(BigInteger)
    satisfied: Mapped[int] = mapped_column(BigInteger)
