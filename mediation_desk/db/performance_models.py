"""The performance (履行) of an effective agreement: its frozen schedule and the marks on it.

The schedule is derived from the agreement (``domain.performance``) while the agreement is not
yet effective; the moment it takes effect its items are stored here and no longer follow the
agreement. Each item keeps its latest state and the amount paid so far (what the 督办 board
and 今日待办 read in one query); every mark is kept with its proof.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.agreements import ClauseKind
from ..domain.performance_marks import PerformanceState, ProofKind
from .base import Base, enum_type


class PerformanceItem(Base):
    """One item of an effective agreement's schedule: a payment, an instalment or an act."""

    __tablename__ = "performance_item"
    __table_args__ = (
        UniqueConstraint("agreement_id", "clause_position", "instalment"),
        # the board and the day's list read items by ranges of due days
        Index("ix_performance_due", "due_date", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    clause_position: Mapped[int] = mapped_column(Integer)
    instalment: Mapped[int] = mapped_column(Integer)  # -1: paid at once, or an act
    kind: Mapped[ClauseKind] = mapped_column(enum_type(ClauseKind, 16))
    obligor_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    payee_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    act: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    # the latest mark: NULL until marked (待履行); the total paid so far
    state: Mapped[PerformanceState | None] = mapped_column(enum_type(PerformanceState, 16))
    paid_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class PerformanceMark(Base):
    """One marking of an item: its state, the amount paid by it, when, and the proof."""

    __tablename__ = "performance_mark"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("performance_item.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[PerformanceState] = mapped_column(enum_type(PerformanceState, 16))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)  # paid by this performance
    performed_on: Mapped[dt.date] = mapped_column(Date)
    proof_kind: Mapped[ProofKind] = mapped_column(enum_type(ProofKind, 16))
    # the proof's copy in the case folder, its original name and SHA-256 ('' without a file)
    proof_file: Mapped[str] = mapped_column(String(300), default="")
    proof_name: Mapped[str] = mapped_column(String(300), default="")
    proof_sha256: Mapped[str] = mapped_column(String(64), default="")
    proof_size: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
