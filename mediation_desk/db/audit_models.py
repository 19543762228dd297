"""The tail of the history's hash chain, and the one way history rows are inserted.

``audit_tail`` is one row: the last chained history row's id and hash. Appending locks it
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already lets one writer
at a time), so two counters saving at once queue here and never fork the chain. The rows get
their ids from the tail (not the id sequence): the id is part of the hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, String, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..domain.audit_chain import GENESIS, row_hash
from .base import Base
from .models import HistoryEntry

TAIL_ID = 1


class AuditTail(Base):
    """The last history row of the chain (one row, id 1)."""

    __tablename__ = "audit_tail"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


def append_history_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (history entries without id) at the end of the chain, in one
    executemany, inside the caller's write transaction."""
    if not rows:
        return
    tail = session.execute(
        select(AuditTail.last_id, AuditTail.last_hash)
        .where(AuditTail.id == TAIL_ID)
        .with_for_update()
    ).first()
    if tail is None:  # a database made before the chain's migration filled it: start it
        last_id = session.execute(select(func.max(HistoryEntry.id))).scalar() or 0
        last_hash = GENESIS
        session.execute(insert(AuditTail).values(id=TAIL_ID, last_id=last_id, last_hash=last_hash))
    else:
        last_id, last_hash = tail
    chained = []
    for row in rows:
        last_id += 1
        entry = {**row, "id": last_id, "prev_hash": last_hash}
        entry["row_hash"] = last_hash = row_hash(entry, last_hash)
        chained.append(entry)
    session.execute(insert(HistoryEntry), chained)
    session.execute(
        update(AuditTail)
        .where(AuditTail.id == TAIL_ID)
        .values(last_id=last_id, last_hash=last_hash)
    )
