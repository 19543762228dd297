"""The append-only history: every change records who, when and what."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.database import Database
from ..db.models import HistoryEntry, Operator
from ..domain.masking import mask_sensitive
from .actor import Actor

#: Keys whose values are personal data: recorded masked.
SENSITIVE_KEYS = frozenset({"id_number", "phone", "phones"})


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_sensitive(value)
    if isinstance(value, list):
        return [_mask_value(v) for v in value]
    return value


def _masked(changes: Any) -> Any:
    if isinstance(changes, dict):
        return {
            k: (_mask_value(v) if k in SENSITIVE_KEYS else _masked(v)) for k, v in changes.items()
        }
    if isinstance(changes, list):
        return [_masked(v) for v in changes]
    return changes


def record(
    session: Session,
    actor: Actor,
    *,
    entity: str,
    entity_id: int,
    action: str,
    summary: str,
    case_id: int | None = None,
    changes: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Append one entry in the caller's transaction."""
    session.add(
        HistoryEntry(
            at=at or dt.datetime.now(),
            operator_id=actor.operator_id,
            entity=entity,
            entity_id=entity_id,
            case_id=case_id,
            action=action,
            summary=summary,
            changes=json.dumps(_masked(changes or {}), ensure_ascii=False, default=str),
        )
    )


@dataclass(frozen=True, slots=True)
class HistoryView:
    at: dt.datetime
    operator_name: str
    action: str
    summary: str
    changes: dict[str, Any]


def case_history(db: Database, case_id: int) -> list[HistoryView]:
    with db.reading() as s:
        rows = s.execute(
            select(HistoryEntry, Operator.name)
            .join(Operator, Operator.id == HistoryEntry.operator_id)
            .where(HistoryEntry.case_id == case_id)
            .order_by(HistoryEntry.id)
        ).all()
        return [
            HistoryView(h.at, name, h.action, h.summary, json.loads(h.changes)) for h, name in rows
        ]
