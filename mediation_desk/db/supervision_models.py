"""The 督办 instructions kept on a case: who issued what, at which level, by when; the reply."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.supervision import EscalationLevel
from .base import Base, enum_type
from .models import Case

#: The 督办 board and the day's list read every open case's row from this index alone (a
#: covering index: no visit to the wide case rows), in due-day order.
Index(
    "ix_case_board",
    Case.status,
    Case.due_on,
    Case.unit_id,
    Case.mediator_id,
    Case.due_beyond_table,
    Case.number,
)


class SupervisionInstruction(Base):
    """One 督办 instruction on a case and its one reply (empty until answered)."""

    __tablename__ = "supervision_instruction"
    # the day's list reads unanswered instructions by reply day
    __table_args__ = (Index("ix_instruction_open", "replied_at", "respond_by"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[EscalationLevel] = mapped_column(enum_type(EscalationLevel, 16))
    text: Mapped[str] = mapped_column(String(400), info={"multiline": True})
    respond_by: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reply_text: Mapped[str] = mapped_column(String(400), default="", info={"multiline": True})
    replied_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
