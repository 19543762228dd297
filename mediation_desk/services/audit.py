"""The audit trail: events that change nothing but are recorded (full-ID views, exports; later
sign-in, backups), the check of the history's hash chain, and the viewer's queries.

Every row of ``history_entry`` is chained by hash (``domain/audit_chain.py``,
``db/audit_models.py``): ``verify_chain`` reads the rows in id order, a chunk at a time, and
reports the first one whose content, predecessor or position does not match.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from ..db.audit_models import TAIL_ID, AuditTail
from ..db.models import Case, HistoryEntry, Operator
from ..db.unit_of_work import UnitOfWork
from ..domain.audit_chain import FIELDS, GENESIS, row_hash
from ..domain.changes import Entity
from ..domain.history_actions import ACTION_NAMES, action_name
from ..domain.masking import mask_numbers_in_text
from ..domain.roles import Permission, who_may
from ..errors import PermissionDenied
from .history import append_entry
from .permissions import requires

#: The audited events' actions (``history_entry.action``) and their names in the viewer.
REVEAL_ID = "reveal_id"
EXPORT = "export"
ACTION_LABELS = ACTION_NAMES  # the audit filter offers every action by its name

CHUNK = 5000


def audit_event(uow: UnitOfWork, action: str, summary: str, case_id: int | None = None) -> None:
    """Record an event that changes no data (a full-ID view, an export, a sign-in, a backup):
    one chained history row in the acting operator's name. Allowed on an archived case too:
    looking is not changing."""
    append_entry(
        uow,
        entity=Entity.AUDIT,
        entity_id=case_id or 0,
        action=action,
        summary=summary,
        case_id=case_id,
        notify=False,
    )


def reveal_id_number(uow: UnitOfWork, *, case_id: int, whose: str = "") -> None:
    """Allow, and record, showing a party's full identity number in the case window (the lists
    stay masked). The director sees any case's (查看完整证件号码); a mediator only those of the
    cases assigned to them (查看本人案件的完整证件号码: the case's mediator is the account's)."""
    account = uow.account(Permission.VIEW_OWN_IDS)  # as stored now, not as at sign-in
    if not account.can(Permission.VIEW_ALL_IDS):
        uow.require(Permission.VIEW_OWN_IDS)  # refuses the roles that have neither
        mediator_id = uow.read().scalar(select(Case.mediator_id).where(Case.id == case_id))
        if mediator_id is None or mediator_id != account.mediator_id:
            raise PermissionDenied(
                "只能查看本人承办案件的完整证件号码；本案不由当前账户对应的调解员承办，"
                f"请由{who_may(Permission.VIEW_ALL_IDS)}查看。",
                Permission.VIEW_OWN_IDS,
            )
    else:
        uow.require(Permission.VIEW_ALL_IDS)
    summary = f"查看{whose}的完整证件号码" if whose else "查看完整证件号码"
    audit_event(uow, REVEAL_ID, summary, case_id)


# --- the chain --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """The first history row where the chain does not hold, and why (Chinese)."""

    entry_id: int
    reason: str


def _chunks(uow: UnitOfWork) -> Iterator[list[Any]]:
    columns = [HistoryEntry.__table__.c[name] for name in (*FIELDS, "prev_hash", "row_hash")]
    last = 0
    while True:
        rows = (
            uow.read()
            .execute(
                select(*columns)
                .where(HistoryEntry.id > last)
                .order_by(HistoryEntry.id)
                .limit(CHUNK)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        yield list(rows)
        last = rows[-1]["id"]


def verify_chain(uow: UnitOfWork) -> BrokenLink | None:
    """The first broken row of the history's hash chain, or ``None`` when it is whole.

    A row edited in the database fails its own hash; a row deleted breaks the next row's link
    (or, the last one, the tail's); a row inserted by hand has no valid hash. Streams the rows
    in chunks: constant memory for a million rows.
    """
    prev_id, prev_hash = 0, GENESIS
    for rows in _chunks(uow):
        for row in rows:
            if row["prev_hash"] != prev_hash:
                after = f"第 {prev_id} 条" if prev_id else "链的开头"
                return BrokenLink(
                    row["id"], f"与前一条记录（{after}）衔接不上：其间的记录被删除或改动"
                )
            if row["row_hash"] != row_hash(row, prev_hash):
                return BrokenLink(row["id"], "内容与其校验值不符：这条记录在数据库中被直接修改过")
            prev_id, prev_hash = row["id"], row["row_hash"]
    tail = uow.read().get(AuditTail, TAIL_ID)
    if tail is not None and (tail.last_id, tail.last_hash) != (prev_id, prev_hash):
        return BrokenLink(tail.last_id, f"最后一条记录（第 {tail.last_id} 条）缺失或被改动")
    return None


# --- the viewer -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the viewer shows: every criterion optional; dates inclusive."""

    operator_id: int | None = None
    case_number: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    operator_name: str
    case_number: str
    action: str
    summary: str  # ID numbers and phones masked
    changes: str  # the stored JSON, masked


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: list[AuditRow]
    more: bool  # older rows follow: ask again with ``before_id`` = the last row's id


def action_label(code: str) -> str:
    """The Chinese name of a history action (``domain.history_actions``), never the code."""
    return action_name(code)


def _query(f: AuditFilter) -> Select[HistoryEntry, str, str]:
    q = (
        select(HistoryEntry, Operator.name, Case.number)
        .join(Operator, Operator.id == HistoryEntry.operator_id)
        .outerjoin(Case, Case.id == HistoryEntry.case_id)
    )
    if f.operator_id is not None:
        q = q.where(HistoryEntry.operator_id == f.operator_id)
    if f.case_number.strip():
        case_ids = select(Case.id).where(Case.number.contains(f.case_number.strip()))
        q = q.where(HistoryEntry.case_id.in_(case_ids))
    if f.action:
        q = q.where(HistoryEntry.action == f.action)
    if f.date_from is not None:
        q = q.where(HistoryEntry.at >= dt.datetime.combine(f.date_from, dt.time()))
    if f.date_to is not None:
        end = dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time())
        q = q.where(HistoryEntry.at < end)
    return q


def _row(h: HistoryEntry, operator: str, number: str | None) -> AuditRow:
    return AuditRow(
        id=h.id,
        at=h.at,
        operator_name=operator,
        case_number=number or "",
        action=h.action,
        summary=mask_numbers_in_text(h.summary),
        changes=mask_numbers_in_text(h.changes),
    )


@requires(Permission.AUDIT)
def search_audit(
    uow: UnitOfWork, f: AuditFilter, *, limit: int = 200, before_id: int | None = None
) -> AuditPage:
    """A page of the history, newest first (keyset paging by id: as fast on page 500 as on
    page 1)."""
    q = _query(f)
    if before_id is not None:
        q = q.where(HistoryEntry.id < before_id)
    rows = uow.read().execute(q.order_by(HistoryEntry.id.desc()).limit(limit + 1)).all()
    return AuditPage([_row(*r) for r in rows[:limit]], more=len(rows) > limit)


@requires(Permission.AUDIT)
def audit_operators(uow: UnitOfWork) -> list[tuple[int, str]]:
    """Every operator (id, name), for the viewer's filter."""
    return [
        (r.id, r.name)
        for r in uow.read().execute(select(Operator.id, Operator.name).order_by(Operator.id))
    ]


@requires(Permission.AUDIT)
def iter_audit(uow: UnitOfWork, f: AuditFilter) -> Iterator[AuditRow]:
    """Every matching row, newest first, a chunk at a time (for the export)."""
    before: int | None = None
    while True:
        page = search_audit(uow, f, limit=CHUNK, before_id=before)
        yield from page.rows
        if not page.more or not page.rows:
            return
        before = page.rows[-1].id


def changes_text(changes: str) -> str:
    """The stored JSON changes as one readable line (``字段：值；…``)."""
    try:
        data = json.loads(changes)
    except ValueError:
        return changes
    if not isinstance(data, dict):
        return changes
    return "；".join(
        f"{k}：{json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}"
        for k, v in data.items()
    )
