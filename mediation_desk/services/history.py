"""The append-only history: every change records who, when and what."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..db.models import Case, HistoryEntry, Operator
from ..db.unit_of_work import UnitOfWork
from ..domain.actor import Actor
from ..domain.case_file import EDITABLE_WHEN_ARCHIVED, locked_message
from ..domain.case_flow import CaseEvent, end_day, target
from ..domain.changes import Entity
from ..domain.enums import CaseStatus
from ..domain.masking import mask_sensitive
from ..errors import CaseLocked

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
    uow: UnitOfWork,
    *,
    entity: Entity,
    entity_id: int,
    action: str,
    summary: str,
    case_id: int | None = None,
    changes: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> None:
    """Append one entry in the action's write transaction, and note the change for the views.

    Entries are inserted together when the action commits (one statement however many).

    ``actor`` defaults to the unit of work's (a new operator records its own creation).

    This is also where an archived case's lock holds: every change writes here, so a change
    to an archived case (other than printing and the archive moves) is refused and the whole
    action rolled back (``domain.case_file.EDITABLE_WHEN_ARCHIVED``).
    """
    uow.write()
    if case_id is not None and action not in EDITABLE_WHEN_ARCHIVED:
        refuse_if_archived(uow, case_id)
    append_entry(
        uow,
        entity=entity,
        entity_id=entity_id,
        action=action,
        summary=summary,
        case_id=case_id,
        changes=changes,
        actor=actor,
    )


def append_entry(
    uow: UnitOfWork,
    *,
    entity: Entity,
    entity_id: int,
    action: str,
    summary: str,
    case_id: int | None = None,
    changes: dict[str, Any] | None = None,
    actor: Actor | None = None,
    notify: bool = True,
) -> None:
    """Queue one history row (chained by hash when the action commits) without the archive
    lock: ``record`` for changes, ``services.audit.audit_event`` for what only looks (with
    ``notify`` False: no view reloads for it, a revealed number stays shown)."""
    who = actor or uow.actor
    uow.write()
    uow.append_history(
        {
            "at": uow.now(),
            "operator_id": who.operator_id,
            "entity": entity.value,
            "entity_id": entity_id,
            "case_id": case_id,
            "action": action,
            "summary": summary,
            "changes": json.dumps(_masked(changes or {}), ensure_ascii=False, default=str),
        }
    )
    if notify:
        uow.recorder.note(entity, entity_id, case_id)


def refuse_if_archived(uow: UnitOfWork, case_id: int) -> None:
    """Raise ``CaseLocked`` when the case is archived (the case row is usually already in the
    session: no query then)."""
    case = uow.read().get(Case, case_id)
    if case is not None and case.status is CaseStatus.ARCHIVED:
        raise CaseLocked(locked_message(case.number))


@dataclass(frozen=True, slots=True)
class HistoryView:
    at: dt.datetime
    operator_name: str
    action: str
    summary: str
    changes: dict[str, Any]


def case_history(uow: UnitOfWork, case_id: int) -> list[HistoryView]:
    rows = uow.read().execute(
        select(HistoryEntry, Operator.name)
        .join(Operator, Operator.id == HistoryEntry.operator_id)
        .where(HistoryEntry.case_id == case_id)
        .order_by(HistoryEntry.id)
    )
    return [HistoryView(h.at, name, h.action, h.summary, json.loads(h.changes)) for h, name in rows]


def record_status(
    uow: UnitOfWork,
    case: Case,
    event: CaseEvent,
    summary: str,
    *,
    on: dt.date | None = None,
    action: str = "status",
    changes: dict[str, Any] | None = None,
) -> None:
    """Move ``case`` by ``event`` (the state table, ``domain.case_flow``) and write the
    transition to its history: the one way a case's status changes (agreement, session start,
    end of mediation, closing, routing, the case file).

    The day mediation ended follows the move (``case_flow.end_day``): ``on`` is the day the
    event happened (default today; the agreement's: the day it took effect).
    ``action`` and ``changes``: an action that moves the status along with what else it
    changes (routing) writes its own entry here, one row for both."""
    closed_from = CaseStatus(case.closed_from) if case.closed_from else None
    status = target(case.status, event, closed_from)
    case.ended_on = end_day(event, case.status, case.ended_on, on or uow.today())
    case.status = status
    case.updated_at = uow.now()
    record(
        uow,
        entity=Entity.CASE,
        entity_id=case.id,
        case_id=case.id,
        action=action,
        summary=summary,
        changes={"status": status.value} if changes is None else changes,
    )
