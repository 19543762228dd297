"""Sessions of a case: book, check, move, cancel, arrivals, and the day and week views.

Every rule lives in ``scheduling.rules`` and is checked here inside the writing transaction,
after the resources involved are locked (``schedule_data.lock_resources``), so no path and no
race between two counters can store a double booking. Each change writes a session event and
the case history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.database import Database
from ..db.models import Case, DisputeType, Mediator, Operator, Party
from ..db.schedule_models import (
    MediationSession,
    Room,
    SessionAttendee,
    SessionEvent,
    SessionStaff,
)
from ..errors import DeskError, NotFound
from ..scheduling.intervals import span
from ..scheduling.model import (
    ETHNIC_LANGUAGE,
    EventKind,
    Proposal,
    SessionStatus,
    StaffRole,
    person_key,
)
from ..scheduling.rules import Conflict, blocking, check
from ..scheduling.suggest import Option, SuggestRequest, search_days, suggest
from . import history
from .actor import Actor
from .rooms import join_codes, rooms_in, settings_in, split_codes
from .schedule_data import load_schedule, lock_resources, occupying_in, resource_keys

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


@dataclass(frozen=True, slots=True)
class StaffView:
    mediator_id: int
    name: str
    role: StaffRole


@dataclass(frozen=True, slots=True)
class AttendeeView:
    id: int
    party_id: int | None
    name: str
    arrived_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    case_id: int
    case_number: str
    dispute_type: str
    room_id: int
    room_name: str
    starts: dt.datetime
    ends: dt.datetime
    status: SessionStatus
    remote: bool
    note: str
    override_reason: str
    checked_in_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    staff: tuple[StaffView, ...]
    attendees: tuple[AttendeeView, ...]

    @property
    def lead_name(self) -> str:
        return next((x.name for x in self.staff if x.role is StaffRole.LEAD), "")

    @property
    def party_names(self) -> str:
        return "、".join(a.name for a in self.attendees)

    def waiting(self, now: dt.datetime) -> dt.timedelta | None:
        """How long the parties have waited since the first one checked in (until started)."""
        if self.checked_in_at is None or self.status is not SessionStatus.CHECKED_IN:
            return None
        return max(dt.timedelta(0), now - self.checked_in_at)


@dataclass(frozen=True, slots=True)
class EventView:
    at: dt.datetime
    operator_name: str
    kind: EventKind
    reason: str
    detail: dict[str, object]


@dataclass(frozen=True)
class DayBoard:
    day: dt.date
    rooms: list  # list[rooms.RoomView]
    sessions: list[SessionView]
    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(18, 0)
    buffer_minutes: int = 10
    grid_minutes: int = 15


@dataclass(frozen=True)
class CaseInfo:
    id: int
    number: str
    dispute_codes: frozenset[str]
    mediator_id: int | None
    parties: tuple[tuple[int, str, str, str], ...]  # id, name, person key, ethnicity
    names: dict[str, str] = field(default_factory=dict)


# ----- loading ------------------------------------------------------------------------------


def _case_info(s: Session, case_id: int) -> CaseInfo:
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


def check_session(db: Database, request: SessionRequest) -> list[Conflict]:
    """What booking ``request`` now would run into (for live validation in the window)."""
    with db.reading() as s:
        info = _case_info(s, request.case_id)
        return _conflicts(s, info, _proposal(info, request))


# ----- booking ------------------------------------------------------------------------------


def _decide(conflicts: list[Conflict], override_reason: str) -> None:
    override = bool(override_reason.strip())
    if blocking(conflicts, override=override):
        raise BookingRefused(conflicts, override=override)


def _event(
    s: Session,
    actor: Actor,
    session_id: int,
    kind: EventKind,
    at: dt.datetime,
    reason: str = "",
    **detail: object,
) -> None:
    s.add(
        SessionEvent(
            session_id=session_id,
            at=at,
            operator_id=actor.operator_id,
            kind=kind,
            reason=reason,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def book_session(
    db: Database,
    actor: Actor,
    request: SessionRequest,
    *,
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> SessionView:
    """Book a session, or raise ``BookingRefused`` naming every rule and booking in the way.

    Overridable conflicts are accepted when ``override_reason`` is given; the reason is stored
    on the session, in a session event and in the case history.
    """
    now = now or dt.datetime.now()
    with db.writing() as s:
        info = _case_info(s, request.case_id)
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
            created_by=actor.operator_id,
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
                s.add(
                    SessionAttendee(session_id=session.id, party_id=pid, person_key=key, name=name)
                )
        room_name = s.scalar(select(Room.name).where(Room.id == p.room_id)) or ""
        summary = f"预约调解：{p.starts:%Y-%m-%d} {span(p.starts, p.ends)}，{room_name}"
        _event(s, actor, session.id, EventKind.BOOKED, now, room=room_name, starts=p.starts)
        history.record(
            s,
            actor,
            entity="mediation_session",
            entity_id=session.id,
            case_id=info.id,
            action="book",
            summary=summary,
            changes={"room_id": p.room_id, "starts": p.starts, "ends": p.ends, "staff": p.staff},
            at=now,
        )
        if overridden:
            _override(s, actor, session.id, info.id, overridden, override_reason, now)
        s.flush()
        sid = session.id
    return get_session(db, sid)


def _override(
    s: Session,
    actor: Actor,
    session_id: int,
    case_id: int,
    overridden: list[Conflict],
    reason: str,
    now: dt.datetime,
) -> None:
    rules = [c.rule.value for c in overridden]
    _event(s, actor, session_id, EventKind.OVERRIDE, now, reason.strip(), rules=rules)
    history.record(
        s,
        actor,
        entity="mediation_session",
        entity_id=session_id,
        case_id=case_id,
        action="override",
        summary=f"特批越规（{reason.strip()}）：" + "；".join(c.message_zh for c in overridden),
        changes={"rules": rules},
        at=now,
    )


def _locked_session(s: Session, session_id: int) -> MediationSession:
    session = s.get(MediationSession, session_id)
    if session is None:
        raise NotFound("调解场次不存在")
    return session


def _request_of(s: Session, session: MediationSession, **changes: object) -> SessionRequest:
    staff = list(
        s.execute(select(SessionStaff).where(SessionStaff.session_id == session.id)).scalars()
    )
    parties = [
        a.party_id
        for a in s.scalars(select(SessionAttendee).where(SessionAttendee.session_id == session.id))
        if a.party_id is not None
    ]
    values: dict[str, object] = {
        "case_id": session.case_id,
        "room_id": session.room_id,
        "starts": session.starts,
        "ends": session.ends,
        "lead_id": next((x.mediator_id for x in staff if x.role is StaffRole.LEAD), 0),
        "co_ids": tuple(x.mediator_id for x in staff if x.role is StaffRole.CO),
        "note_taker_id": next(
            (x.mediator_id for x in staff if x.role is StaffRole.NOTE_TAKER), None
        ),
        "party_ids": tuple(parties),
        "extra_attendees": session.extra_attendees,
        "remote": session.remote,
        "equipment": frozenset(split_codes(session.equipment)),
        "note": session.note,
    }
    values.update({k: v for k, v in changes.items() if v is not None})
    return SessionRequest(**values)  # type: ignore[arg-type]


def check_move(
    db: Database,
    *,
    session_id: int,
    starts: dt.datetime,
    ends: dt.datetime,
    room_id: int | None = None,
) -> list[Conflict]:
    """What moving the session would run into (the day board validates drags with this)."""
    with db.reading() as s:
        session = _locked_session(s, session_id)
        req = _request_of(s, session, starts=starts, ends=ends, room_id=room_id)
        info = _case_info(s, session.case_id)
        return _conflicts(s, info, _proposal(info, req, session_id))


def move_session(
    db: Database,
    actor: Actor,
    *,
    session_id: int,
    starts: dt.datetime,
    ends: dt.datetime,
    room_id: int | None = None,
    reason: str = "",
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> SessionView:
    """Move a session in time and/or to another room; the old slot is kept in its events."""
    now = now or dt.datetime.now()
    with db.writing() as s:
        session = _locked_session(s, session_id)
        if not session.status.movable:
            raise DeskError(f"“{session.status.label}”的场次不能改期")
        req = _request_of(s, session, starts=starts, ends=ends, room_id=room_id)
        info = _case_info(s, session.case_id)
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
        _event(
            s,
            actor,
            session.id,
            EventKind.MOVED,
            now,
            reason.strip(),
            from_room=old[0],
            from_starts=old[1],
            from_ends=old[2],
            to_room=p.room_id,
            to_starts=p.starts,
            to_ends=p.ends,
        )
        history.record(
            s,
            actor,
            entity="mediation_session",
            entity_id=session.id,
            case_id=info.id,
            action="move",
            summary=summary,
            changes={"from": [old[0], old[1], old[2]], "to": [p.room_id, p.starts, p.ends]},
            at=now,
        )
        if overridden:
            _override(s, actor, session.id, info.id, overridden, override_reason, now)
    return get_session(db, session_id)


def _transition(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    allowed: Iterable[SessionStatus],
    to: SessionStatus,
    kind: EventKind,
    summary: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> SessionView:
    now = now or dt.datetime.now()
    with db.writing() as s:
        session = _locked_session(s, session_id)
        if session.status not in tuple(allowed):
            raise DeskError(f"该场次当前为“{session.status.label}”，不能{kind.label}")
        session.status = to
        session.updated_at = now
        if to is SessionStatus.IN_SESSION:
            session.started_at = now
        elif to is SessionStatus.FINISHED:
            session.finished_at = now
        _event(s, actor, session.id, kind, now, reason)
        history.record(
            s,
            actor,
            entity="mediation_session",
            entity_id=session.id,
            case_id=session.case_id,
            action=kind.value,
            summary=summary + (f"（{reason}）" if reason else ""),
            at=now,
        )
    return get_session(db, session_id)


def cancel_session(
    db: Database, actor: Actor, *, session_id: int, reason: str, now: dt.datetime | None = None
) -> SessionView:
    if not reason.strip():
        raise DeskError("请填写取消原因")
    return _transition(
        db,
        actor,
        session_id,
        allowed=(SessionStatus.BOOKED, SessionStatus.CHECKED_IN),
        to=SessionStatus.CANCELLED,
        kind=EventKind.CANCELLED,
        summary="取消调解场次",
        reason=reason.strip(),
        now=now,
    )


def mark_no_show(
    db: Database, actor: Actor, *, session_id: int, reason: str = "", now: dt.datetime | None = None
) -> SessionView:
    return _transition(
        db,
        actor,
        session_id,
        allowed=(SessionStatus.BOOKED, SessionStatus.CHECKED_IN),
        to=SessionStatus.NO_SHOW,
        kind=EventKind.NO_SHOW,
        summary="当事人未到场",
        reason=reason.strip(),
        now=now,
    )


def start_session(
    db: Database, actor: Actor, *, session_id: int, now: dt.datetime | None = None
) -> SessionView:
    return _transition(
        db,
        actor,
        session_id,
        allowed=(SessionStatus.BOOKED, SessionStatus.CHECKED_IN),
        to=SessionStatus.IN_SESSION,
        kind=EventKind.STARTED,
        summary="开始调解",
        now=now,
    )


def finish_session(
    db: Database, actor: Actor, *, session_id: int, now: dt.datetime | None = None
) -> SessionView:
    return _transition(
        db,
        actor,
        session_id,
        allowed=(SessionStatus.IN_SESSION,),
        to=SessionStatus.FINISHED,
        kind=EventKind.FINISHED,
        summary="调解结束",
        now=now,
    )


def record_arrival(
    db: Database,
    actor: Actor,
    *,
    session_id: int,
    attendee_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> SessionView:
    """Parties checking in at the counter: arrival time per party; the session becomes
    "已签到" at the first arrival (its waiting time counts from then)."""
    now = now or dt.datetime.now()
    with db.writing() as s:
        session = _locked_session(s, session_id)
        if session.status not in (SessionStatus.BOOKED, SessionStatus.CHECKED_IN):
            raise DeskError(f"该场次当前为“{session.status.label}”，不能签到")
        rows = list(
            s.scalars(select(SessionAttendee).where(SessionAttendee.session_id == session_id))
        )
        wanted = set(attendee_ids) if attendee_ids is not None else {a.id for a in rows}
        arrived = [a for a in rows if a.id in wanted and a.arrived_at is None]
        if not arrived:
            raise DeskError("所选当事人已签到")
        for a in arrived:
            a.arrived_at = now
        if session.status is SessionStatus.BOOKED:
            session.status = SessionStatus.CHECKED_IN
            session.checked_in_at = now
        session.updated_at = now
        names = "、".join(a.name for a in arrived)
        _event(s, actor, session.id, EventKind.ARRIVED, now, names=[a.name for a in arrived])
        history.record(
            s,
            actor,
            entity="mediation_session",
            entity_id=session.id,
            case_id=session.case_id,
            action="arrived",
            summary=f"当事人到场签到：{names}（{now:%H:%M}）",
            at=now,
        )
    return get_session(db, session_id)


# ----- reading ------------------------------------------------------------------------------


def _views(s: Session, where) -> list[SessionView]:  # type: ignore[no-untyped-def]
    """Sessions matching ``where`` with their people: three queries, however many sessions."""
    staff: dict[int, list[StaffView]] = {}
    order = {StaffRole.LEAD: 0, StaffRole.CO: 1, StaffRole.NOTE_TAKER: 2}
    for sid, mid, name, role in s.execute(
        select(SessionStaff.session_id, SessionStaff.mediator_id, Mediator.name, SessionStaff.role)
        .join(MediationSession, MediationSession.id == SessionStaff.session_id)
        .join(Mediator, Mediator.id == SessionStaff.mediator_id)
        .where(where)
    ):
        staff.setdefault(sid, []).append(StaffView(mid, name, role))
    people: dict[int, list[AttendeeView]] = {}
    for sid, aid, pid, name, arrived in s.execute(
        select(
            SessionAttendee.session_id,
            SessionAttendee.id,
            SessionAttendee.party_id,
            SessionAttendee.name,
            SessionAttendee.arrived_at,
        )
        .join(MediationSession, MediationSession.id == SessionAttendee.session_id)
        .where(where)
        .order_by(SessionAttendee.id)
    ):
        people.setdefault(sid, []).append(AttendeeView(aid, pid, name, arrived))
    rows = s.execute(
        select(MediationSession, Case.number, DisputeType.name, Room.name)
        .join(Case, Case.id == MediationSession.case_id)
        .join(DisputeType, DisputeType.code == Case.dispute_type_code)
        .join(Room, Room.id == MediationSession.room_id)
        .where(where)
        .order_by(MediationSession.starts, MediationSession.id)
    ).all()
    return [
        SessionView(
            m.id,
            m.case_id,
            number,
            dtype,
            m.room_id,
            room,
            m.starts,
            m.ends,
            m.status,
            m.remote,
            m.note,
            m.override_reason,
            m.checked_in_at,
            m.started_at,
            m.finished_at,
            tuple(sorted(staff.get(m.id, ()), key=lambda x: order[x.role])),
            tuple(people.get(m.id, ())),
        )
        for m, number, dtype, room in rows
    ]


def get_session(db: Database, session_id: int) -> SessionView:
    with db.reading() as s:
        found = _views(s, MediationSession.id == session_id)
    if not found:
        raise NotFound("调解场次不存在")
    return found[0]


def case_sessions(db: Database, case_id: int) -> list[SessionView]:
    with db.reading() as s:
        return _views(s, MediationSession.case_id == case_id)


def day_board(db: Database, day: dt.date) -> DayBoard:
    """The centre's day: active rooms, every session of the day (cancelled ones included, for
    the record), the hours to show. Seven queries whatever the number of rooms or sessions."""
    a = dt.datetime.combine(day, dt.time())
    with db.reading() as s:
        rooms = rooms_in(s, active_only=True)
        sessions = _views(
            s,
            (MediationSession.starts >= a) & (MediationSession.starts < a + DAY),
        )
        settings = settings_in(s)
    from ..scheduling.calendar import opening_weekday

    wd = opening_weekday(day)
    ranges = [r for room in rooms for r in room.opening.get(wd, ())]
    opens = min([r[0] for r in ranges] + [x.starts.time() for x in sessions] + [dt.time(8, 0)])
    closes = max([r[1] for r in ranges] + [x.ends.time() for x in sessions] + [dt.time(18, 0)])
    return DayBoard(
        day,
        rooms,
        sessions,
        dt.time(opens.hour),
        dt.time(min(23, closes.hour + (1 if closes.minute else 0))),
        settings.buffer_minutes,
        settings.grid_minutes,
    )


def mediator_week(db: Database, mediator_id: int, monday: dt.date) -> list[SessionView]:
    """Sessions in which the mediator sits (any role) in the seven days from ``monday``."""
    a = dt.datetime.combine(monday, dt.time())
    mine = select(SessionStaff.session_id).where(SessionStaff.mediator_id == mediator_id)
    with db.reading() as s:
        return _views(
            s,
            (MediationSession.starts >= a)
            & (MediationSession.starts < a + 7 * DAY)
            & MediationSession.id.in_(mine),
        )


def session_events(db: Database, session_id: int) -> list[EventView]:
    with db.reading() as s:
        rows = s.execute(
            select(SessionEvent, Operator.name)
            .join(Operator, Operator.id == SessionEvent.operator_id)
            .where(SessionEvent.session_id == session_id)
            .order_by(SessionEvent.id)
        ).all()
        return [EventView(e.at, name, e.kind, e.reason, json.loads(e.detail)) for e, name in rows]


# ----- suggestions --------------------------------------------------------------------------


def suggest_sessions(
    db: Database,
    *,
    case_id: int,
    earliest: dt.datetime,
    duration_minutes: int = 90,
    n: int = 5,
    remote: bool = False,
    equipment: Iterable[str] = (),
    languages: Iterable[str] | None = None,
    chosen_mediator_id: int | None = None,
    extra_attendees: int = 0,
    working_days: int = 20,
) -> list[Option]:
    """The earliest feasible options for the case, best first (see ``scheduling.suggest``).

    ``languages`` None: derived from the parties' ethnicities (蒙古族 → 蒙古语 …).
    """
    with db.reading() as s:
        info = _case_info(s, case_id)
        grid = settings_in(s).grid_minutes
    persons = frozenset(p[2] for p in info.parties)
    if languages is None:
        languages = {ETHNIC_LANGUAGE[p[3]] for p in info.parties if p[3] in ETHNIC_LANGUAGE}
    # Load the first day and widen (doubling) only when it holds too few options: the search
    # stops early, so the data it never reaches need not be loaded (or indexed) at all. The
    # window starts at midnight (daily maximum counts the whole day); sessions begun earlier
    # are still loaded (``occupying_in``).
    day0 = dt.datetime.combine(earliest.date(), dt.time())
    days = 1
    while True:
        horizon = dt.datetime.combine(search_days(earliest.date(), days)[-1], dt.time()) + DAY
        with db.reading() as s:
            data = load_schedule(s, start=day0, end=horizon, persons=persons)
        found = suggest(
            data,
            SuggestRequest(
                case_id=case_id,
                persons=persons,
                attendees=len(info.parties) + extra_attendees,
                duration=dt.timedelta(minutes=duration_minutes),
                earliest=earliest,
                dispute_codes=info.dispute_codes,
                languages=frozenset(languages),
                case_mediator_id=info.mediator_id,
                chosen_mediator_id=chosen_mediator_id,
                remote=remote,
                equipment=frozenset(equipment),
                working_days=days,
                grid=dt.timedelta(minutes=grid),
                n=n,
            ),
        )
        if len(found) >= n or days >= working_days:
            return found
        days = min(working_days, days * 2)


def book_option(
    db: Database,
    actor: Actor,
    *,
    case_id: int,
    option: Option,
    remote: bool = False,
    equipment: Iterable[str] = (),
    extra_attendees: int = 0,
    note: str = "",
    now: dt.datetime | None = None,
) -> SessionView:
    """Book a suggested option in one step (checked again: the slot may have gone meanwhile)."""
    return book_session(
        db,
        actor,
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
        now=now,
    )


__all__ = [
    "BookingRefused",
    "DayBoard",
    "SessionRequest",
    "SessionView",
    "book_option",
    "book_session",
    "cancel_session",
    "case_sessions",
    "check_move",
    "check_session",
    "day_board",
    "get_session",
    "mark_no_show",
    "mediator_week",
    "move_session",
    "occupying_in",
    "record_arrival",
    "session_events",
    "start_session",
    "suggest_sessions",
]
