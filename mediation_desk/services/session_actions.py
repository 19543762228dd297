"""What happens to a booked session: arrivals at the counter, start, finish, no-show, cancel.

Which action is allowed in which state is ``domain.sessions.TRANSITIONS``; this module
applies it, writes the session's own log and the case history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Case, Mediator
from ..db.schedule_models import MediationSession, SessionAttendee, SessionEvent, SessionStaff
from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import case_status_on_session_start
from ..domain.changes import Entity
from ..domain.roles import Permission
from ..domain.sessions import (
    EventKind,
    SessionAction,
    SessionStatus,
    after,
    allowed,
    refusal,
)
from ..errors import DeskError, NotFound
from ..scheduling.model import StaffRole
from . import history
from .permissions import requires
from .session_views import SessionView, load_session


def locked_session(s: Session, session_id: int) -> MediationSession:
    session = s.get(MediationSession, session_id)
    if session is None:
        raise NotFound("调解场次不存在")
    return session


def session_event(
    uow: UnitOfWork, session_id: int, kind: EventKind, reason: str = "", **detail: object
) -> None:
    """Append one entry to the session's own log (who, when, what, why)."""
    uow.write().add(
        SessionEvent(
            session_id=session_id,
            at=uow.now(),
            operator_id=uow.actor.operator_id,
            kind=kind,
            reason=reason,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def _apply(
    uow: UnitOfWork,
    session_id: int,
    action: SessionAction,
    *,
    event: EventKind,
    summary: str,
    reason: str = "",
) -> SessionView:
    now = uow.now()
    s = uow.write()
    session = locked_session(s, session_id)
    if not allowed(session.status, action):
        raise DeskError(refusal(session.status, action))
    session.status = after(session.status, action)
    session.updated_at = now
    if session.status is SessionStatus.IN_SESSION:
        session.started_at = now
    elif session.status is SessionStatus.FINISHED:
        session.finished_at = now
    session_event(uow, session.id, event, reason)
    history.record(
        uow,
        entity=Entity.SESSION,
        entity_id=session.id,
        case_id=session.case_id,
        action=event.value,
        summary=summary + (f"（{reason}）" if reason else ""),
    )
    s.flush()
    return load_session(s, session_id)


@requires(Permission.SCHEDULE)
def cancel_session(uow: UnitOfWork, *, session_id: int, reason: str) -> SessionView:
    if not reason.strip():
        raise DeskError("请填写取消原因")
    return _apply(
        uow,
        session_id,
        SessionAction.CANCEL,
        event=EventKind.CANCELLED,
        summary="取消调解场次",
        reason=reason.strip(),
    )


@requires(Permission.SCHEDULE)
def mark_no_show(uow: UnitOfWork, *, session_id: int, reason: str = "") -> SessionView:
    return _apply(
        uow,
        session_id,
        SessionAction.NO_SHOW,
        event=EventKind.NO_SHOW,
        summary="当事人未到场",
        reason=reason.strip(),
    )


@requires(Permission.MEDIATE)
def start_session(uow: UnitOfWork, *, session_id: int) -> SessionView:
    """The session begins. The case is now being mediated (已受理 → 调解中), and the session's
    lead mediator becomes the case's mediator when it had none."""
    view = _apply(uow, session_id, SessionAction.START, event=EventKind.STARTED, summary="开始调解")
    s = uow.write()
    case = s.get(Case, view.case_id)
    if case is None:
        return view
    follows = case_status_on_session_start(case.status)
    if follows is not None:
        history.record_status(uow, case, *follows)
    if case.mediator_id is None:
        lead = s.scalar(
            select(SessionStaff.mediator_id).where(
                SessionStaff.session_id == session_id, SessionStaff.role == StaffRole.LEAD
            )
        )
        if lead is not None:
            case.mediator_id = lead
            name = s.scalar(select(Mediator.name).where(Mediator.id == lead)) or ""
            history.record(
                uow,
                entity=Entity.CASE,
                entity_id=case.id,
                case_id=case.id,
                action="mediator",
                summary=f"承办调解员：{name}（主持本次调解）",
                changes={"mediator_id": lead},
            )
    return view


@requires(Permission.MEDIATE)
def finish_session(uow: UnitOfWork, *, session_id: int) -> SessionView:
    return _apply(
        uow, session_id, SessionAction.FINISH, event=EventKind.FINISHED, summary="调解结束"
    )


@requires(Permission.SCHEDULE)
def record_arrival(
    uow: UnitOfWork, *, session_id: int, attendee_ids: Iterable[int] | None = None
) -> SessionView:
    """Parties checking in at the counter: arrival time per party; the session becomes
    "已签到" at the first arrival (its waiting time counts from then)."""
    now = uow.now()
    s = uow.write()
    session = locked_session(s, session_id)
    if not allowed(session.status, SessionAction.CHECK_IN):
        raise DeskError(refusal(session.status, SessionAction.CHECK_IN))
    rows = list(s.scalars(select(SessionAttendee).where(SessionAttendee.session_id == session_id)))
    wanted = set(attendee_ids) if attendee_ids is not None else {a.id for a in rows}
    arrived = [a for a in rows if a.id in wanted and a.arrived_at is None]
    if not arrived:
        raise DeskError("所选当事人已签到")
    for a in arrived:
        a.arrived_at = now
    if session.status is SessionStatus.BOOKED:
        session.checked_in_at = now
    session.status = after(session.status, SessionAction.CHECK_IN)
    session.updated_at = now
    names = "、".join(a.name for a in arrived)
    session_event(uow, session.id, EventKind.ARRIVED, names=[a.name for a in arrived])
    history.record(
        uow,
        entity=Entity.SESSION,
        entity_id=session.id,
        case_id=session.case_id,
        action="arrived",
        summary=f"当事人到场签到：{names}（{now:%H:%M}）",
    )
    s.flush()
    return load_session(s, session_id)
