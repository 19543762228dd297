"""Case numbers: sequential per handling unit per year, no duplicates, no gaps.

The counter row is incremented inside the transaction that saves the case, so a rolled-back
save gives its number back, and two counters saving at once are serialised by the row lock
(PostgreSQL) or the write lock (SQLite ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db.models import HandlingUnit, NumberCounter
from ..domain.case_number import format_case_number


def next_seq(session: Session, unit_id: int, year: int) -> int:
    """Take the next sequence number for ``unit_id`` in ``year`` (in the caller's transaction)."""
    stmt = (
        update(NumberCounter)
        .where(NumberCounter.unit_id == unit_id, NumberCounter.year == year)
        .values(last_seq=NumberCounter.last_seq + 1)
        .returning(NumberCounter.last_seq)
    )
    seq = session.execute(stmt).scalar()
    if seq is not None:
        return seq
    try:  # first case of the year for this unit: create the counter
        with session.begin_nested():
            session.execute(insert(NumberCounter).values(unit_id=unit_id, year=year, last_seq=1))
        return 1
    except IntegrityError:  # another counter created it a moment ago
        seq = session.execute(stmt).scalar()
        assert seq is not None
        return seq


def allocate_number(session: Session, unit: HandlingUnit, year: int) -> tuple[int, str]:
    seq = next_seq(session, unit.id, year)
    return seq, format_case_number(unit.number_format, year, seq)
