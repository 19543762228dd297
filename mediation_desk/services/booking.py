"""Booking and moving sessions, checked against every scheduling rule.

Every rule lives in ``scheduling.rules`` and is checked here inside the write transaction,
after the resources involved are locked (``schedule_data.lock_resources``), so no path and no
race between two counters can store a double booking. Each change writes a session event and
the case history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Case, DisputeType, Party
from ..db.schedule_models import MediationSession, Room, SessionAttendee, SessionStaff
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.roles import Permission
from ..domain.sessions import EventKind, SessionAction, SessionStatus, allowed, refusal
from ..errors import DeskError, NotFound
from ..scheduling.intervals import span
from ..scheduling.model import Proposal, StaffRole, person_key
from ..scheduling.rules import Conflict, blocking, check
from ..scheduling.suggest import Option
from . import history
from .permissions import requires
from .rooms import join_codes, split_codes
from .schedule_data import load_schedule, lock_resources, resource_keys
from .session_actions import locked_session, session_event
from .session_views import SessionView, load_session

DAY = dt.timedelta(days=1)


class BookingRefused(DeskError):
    """The booking breaks rules; ``conflicts`` says which, ``needs_reason`` whether an override
    with a reason would be accepted."""

    def __init__(self, conflicts: list[Conflict], *, override: bool) -> None:
        self.conflicts = conflicts
        hard = blocking(conflicts, override=True)
        self.needs_reason = not hard and not override
        lead = "无法预约：" if hard else "需要填写特批理由才能预约："
        super().__init__(lead + "；".join(c.message_zh for c in conflicts[:3]))


@dataclass(frozen=True)
class SessionRequest:
    case_id: int
    room_id: int
    starts: dt.datetime
    ends: dt.datetime
    lead_id: int
    co_ids: tuple[int, ...] = ()
    note_taker_id: int | None = None
    party_ids: tuple[int, ...] | None = None  # None: every party of the case
    extra_attendees: int = 0  # agents, relatives, interpreters … (not parties)
    remote: bool = False
    equipment: frozenset[str] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class CaseInfo:
    id: int
    number: str
    dispute_codes: frozenset[str]
    mediator_id: int | None
    parties: tuple[tuple[int, str, str, str], ...]  # id, name, person key, ethnicity
    names: dict[str, str] = field(default_factory=dict)


# ----- loading ------------------------------------------------------------------------------


def case_info(s: Session, case_id: int) -> CaseInfo:
    row = s.execute(
        select(
            Case.id, Case.number, Case.dispute_type_code, DisputeType.parent_code, Case.mediator_id
        )
        .join(DisputeType, DisputeType.code == Case.dispute_type_code)
        .where(Case.id == case_id)
    ).first()
    if row is None:
        raise NotFound("案件不存在")
    parties = tuple(
        (p.id, p.name, person_key(p.id, p.id_number, p.credit_code), p.ethnicity)
        for p in s.scalars(select(Party).where(Party.case_id == case_id).order_by(Party.position))
    )
    codes = frozenset(c for c in (row[2], row[3]) if c)
    return CaseInfo(row[0], row[1], codes, row[4], parties, {k: n for _i, n, k, _e in parties})


def _proposal(info: CaseInfo, req: SessionRequest, session_id: int | None = None) -> Proposal:
    chosen = info.parties
    if req.party_ids is not None:
        unknown = set(req.party_ids) - {p[0] for p in info.parties}
        if unknown:
            raise DeskError("所选当事人不属于本案")
        chosen = tuple(p for p in info.parties if p[0] in req.party_ids)
    if req.extra_attendees < 0:
        raise DeskError("其他到场人数不能为负数")
    return Proposal(
        case_id=info.id,
        room_id=req.room_id,
        starts=req.starts,
        ends=req.ends,
        lead_id=req.lead_id,
        co_ids=tuple(req.co_ids),
        note_taker_id=req.note_taker_id,
        persons=frozenset(p[2] for p in chosen),
        attendees=len(chosen) + req.extra_attendees,
        remote=req.remote,
        equipment=frozenset(req.equipment),
        session_id=session_id,
    )


def _conflicts(s: Session, info: CaseInfo, p: Proposal) -> list[Conflict]:
    data = load_schedule(s, start=p.starts - DAY, end=p.ends + DAY, persons=p.persons)
    data.person_names = {**info.names}
    return check(p, data)


def check_session(uow: UnitOfWork, request: SessionRequest) -> list[Conflict]:
    """What booking ``request`` now would run into (for live validation in the window)."""
    s = uow.read()
    info = case_info(s, request.case_id)
    return _conflicts(s, info, _proposal(info, request))


# ----- booking ------------------------------------------------------------------------------


def _decide(conflicts: list[Conflict], override_reason: str) -> None:
    override = bool(override_reason.strip())
    if blocking(conflicts, override=override):
        raise BookingRefused(conflicts, override=override)


@requires(Permission.SCHEDULE)
def book_session(
    uow: UnitOfWork, request: SessionRequest, *, override_reason: str = ""
) -> SessionView:
    """Book a session, or raise ``BookingRefused`` naming every rule and booking in the way.

    Overridable conflicts are accepted when ``override_reason`` is given; the reason is stored
    on the session, in a session event and in the case history.
    """
    now = uow.now()
    s = uow.write()
    info = case_info(s, request.case_id)
    p = _proposal(info, request)
    lock_resources(s, resource_keys(p.room_id, p.staff, p.persons))
    conflicts = _conflicts(s, info, p)
    _decide(conflicts, override_reason)
    overridden = [c for c in conflicts if c.overridable]
    session = MediationSession(
        case_id=info.id,
        room_id=p.room_id,
        starts=p.starts,
        ends=p.ends,
        status=SessionStatus.BOOKED,
        remote=p.remote,
        equipment=join_codes(p.equipment),
        extra_attendees=request.extra_attendees,
        note=request.note.strip(),
        override_reason=override_reason.strip() if overridden else "",
        created_by=uow.actor.operator_id,
        created_at=now,
        updated_at=now,
    )
    s.add(session)
    s.flush()
    roles = [(request.lead_id, StaffRole.LEAD)]
    roles += [(m, StaffRole.CO) for m in request.co_ids]
    if request.note_taker_id is not None:
        roles.append((request.note_taker_id, StaffRole.NOTE_TAKER))
    for m, role in roles:
        s.add(SessionStaff(session_id=session.id, mediator_id=m, role=role))
    for pid, name, key, _eth in info.parties:
        if key in p.persons:
            s.add(SessionAttendee(session_id=session.id, party_id=pid, person_key=key, name=name))
    room_name = s.scalar(select(Room.name).where(Room.id == p.room_id)) or ""
    summary = f"预约调解：{p.starts:%Y-%m-%d} {span(p.starts, p.ends)}，{room_name}"
    session_event(uow, session.id, EventKind.BOOKED, room=room_name, starts=p.starts)
    history.record(
        uow,
        entity=Entity.SESSION,
        entity_id=session.id,
        case_id=info.id,
        action="book",
        summary=summary,
        changes={"room_id": p.room_id, "starts": p.starts, "ends": p.ends, "staff": p.staff},
    )
    if overridden:
        _override(uow, session.id, info.id, overridden, override_reason)
    s.flush()
    return load_session(s, session.id)


def _override(
    uow: UnitOfWork, session_id: int, case_id: int, overridden: list[Conflict], reason: str
) -> None:
    rules = [c.rule.value for c in overridden]
    session_event(uow, session_id, EventKind.OVERRIDE, reason.strip(), rules=rules)
    history.record(
        uow,
        entity=Entity.SESSION,
        entity_id=session_id,
        case_id=case_id,
        action="override",
        summary=f"特批越规（{reason.strip()}）：" + "；".join(c.message_zh for c in overridden),
        changes={"rules": rules},
    )


def _request_of(
    s: Session,
    session: MediationSession,
    *,
    starts: dt.datetime,
    ends: dt.datetime,
    room_id: int | None,
) -> SessionRequest:
    """The session as stored, moved to ``starts``–``ends`` (and ``room_id`` when given)."""
    staff = list(
        s.execute(select(SessionStaff).where(SessionStaff.session_id == session.id)).scalars()
    )
    parties = [
        a.party_id
        for a in s.scalars(select(SessionAttendee).where(SessionAttendee.session_id == session.id))
        if a.party_id is not None
    ]
    stored = SessionRequest(
        case_id=session.case_id,
        room_id=session.room_id,
        starts=session.starts,
        ends=session.ends,
        lead_id=next((x.mediator_id for x in staff if x.role is StaffRole.LEAD), 0),
        co_ids=tuple(x.mediator_id for x in staff if x.role is StaffRole.CO),
        note_taker_id=next((x.mediator_id for x in staff if x.role is StaffRole.NOTE_TAKER), None),
        party_ids=tuple(parties),
        extra_attendees=session.extra_attendees,
        remote=session.remote,
        equipment=frozenset(split_codes(session.equipment)),
        note=session.note,
    )
    return replace(stored, starts=starts, ends=ends, room_id=room_id or stored.room_id)


def check_move(
    uow: UnitOfWork,
    *,
    session_id: int,
    starts: dt.datetime,
    ends: dt.datetime,
    room_id: int | None = None,
) -> list[Conflict]:
    """What moving the session would run into (the day board validates drags with this)."""
    s = uow.read()
    session = locked_session(s, session_id)
    req = _request_of(s, session, starts=starts, ends=ends, room_id=room_id)
    info = case_info(s, session.case_id)
    return _conflicts(s, info, _proposal(info, req, session_id))


@requires(Permission.SCHEDULE)
def move_session(
    uow: UnitOfWork,
    *,
    session_id: int,
    starts: dt.datetime,
    ends: dt.datetime,
    room_id: int | None = None,
    reason: str = "",
    override_reason: str = "",
) -> SessionView:
    """Move a session in time and/or to another room; the old slot is kept in its events."""
    now = uow.now()
    s = uow.write()
    session = locked_session(s, session_id)
    if not allowed(session.status, SessionAction.MOVE):
        raise DeskError(refusal(session.status, SessionAction.MOVE))
    req = _request_of(s, session, starts=starts, ends=ends, room_id=room_id)
    info = case_info(s, session.case_id)
    p = _proposal(info, req, session_id)
    lock_resources(s, resource_keys(p.room_id, p.staff, p.persons))
    conflicts = _conflicts(s, info, p)
    _decide(conflicts, override_reason)
    old = (session.room_id, session.starts, session.ends)
    session.room_id, session.starts, session.ends = p.room_id, p.starts, p.ends
    session.updated_at = now
    overridden = [c for c in conflicts if c.overridable]
    if overridden:
        session.override_reason = override_reason.strip()
    rooms = dict(
        s.execute(select(Room.id, Room.name).where(Room.id.in_([old[0], p.room_id]))).all()
    )
    summary = (
        f"调解改期：{old[1]:%m-%d} {span(old[1], old[2])} {rooms.get(old[0], '')} → "
        f"{p.starts:%m-%d} {span(p.starts, p.ends)} {rooms.get(p.room_id, '')}"
    )
    if reason.strip():
        summary += f"（{reason.strip()}）"
    session_event(
        uow,
        session.id,
        EventKind.MOVED,
        reason.strip(),
        from_room=old[0],
        from_starts=old[1],
        from_ends=old[2],
        to_room=p.room_id,
        to_starts=p.starts,
        to_ends=p.ends,
    )
    history.record(
        uow,
        entity=Entity.SESSION,
        entity_id=session.id,
        case_id=info.id,
        action="move",
        summary=summary,
        changes={"from": [old[0], old[1], old[2]], "to": [p.room_id, p.starts, p.ends]},
    )
    if overridden:
        _override(uow, session.id, info.id, overridden, override_reason)
    s.flush()
    return load_session(s, session_id)


@requires(Permission.SCHEDULE)
def book_option(
    uow: UnitOfWork,
    *,
    case_id: int,
    option: Option,
    remote: bool = False,
    equipment: Iterable[str] = (),
    extra_attendees: int = 0,
    note: str = "",
) -> SessionView:
    """Book a suggested option in one step (checked again: the slot may have gone meanwhile)."""
    return book_session(
        uow,
        SessionRequest(
            case_id=case_id,
            room_id=option.room_id,
            starts=option.starts,
            ends=option.ends,
            lead_id=option.mediator_id,
            extra_attendees=extra_attendees,
            remote=remote,
            equipment=frozenset(equipment),
            note=note,
        ),
    )
