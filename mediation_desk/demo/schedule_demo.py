"""Rooms, mediator profiles and a busy week of sessions for the demo centre (and benchmarks).

Sessions are placed with the real rules (``scheduling.rules.check``) in memory, then inserted
in bulk, so the demo never contains a booking the service would refuse.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, insert, select

from ..db.audit_models import append_history_rows
from ..db.models import Case, Party
from ..db.schedule_models import MediationSession, SessionAttendee, SessionEvent, SessionStaff
from ..db.unit_of_work import UnitOfWork
from ..domain.enums import CaseStatus
from ..domain.sessions import SessionStatus
from ..domain.work_calendar import WorkCalendar, base_calendar
from ..scheduling.calendar import day_kind, opening_weekday
from ..scheduling.model import Booked, Equipment, Proposal, RoomKind, StaffRole
from ..scheduling.model import person_key as make_person_key
from ..scheduling.rules import check
from ..services import mediator_profiles, rooms
from ..services.schedule_data import load_schedule
from ..services.time_limits import load_calendar

E = Equipment
DEMO_ROOMS: tuple[tuple[str, RoomKind, int, tuple[str, ...]], ...] = (
    ("第一调解室", RoomKind.MEDIATION, 6, (E.WHITEBOARD.value,)),
    ("第二调解室", RoomKind.MEDIATION, 6, (E.RECORDING.value,)),
    ("第三调解室", RoomKind.MEDIATION, 4, ()),
    ("第四调解室", RoomKind.MEDIATION, 8, (E.PROJECTOR.value, E.RECORDING.value)),
    ("“老娘舅”工作室", RoomKind.STUDIO, 6, (E.RECORDING.value,)),
    ("交通事故调解室", RoomKind.MEDIATION, 6, (E.PROJECTOR.value,)),
    ("心理咨询室", RoomKind.COUNSELLING, 3, ()),
    ("速裁法庭", RoomKind.COURTROOM, 12, (E.RECORDING.value, E.PROJECTOR.value)),
    ("远程视频调解室", RoomKind.REMOTE, 4, (E.VIDEO.value, E.RECORDING.value)),
)

#: Specialties of the demo units' mediators (dispute-type codes).
UNIT_SPECIALTIES: dict[str, tuple[str, ...]] = {
    "traffic": ("traffic_accident", "damages"),
    "medical": ("medical",),
    "labour": ("labour", "labour_wage_arrears", "labour_other"),
    "court": ("contract", "damages", "consumer", "property_management"),
    "legal_aid": ("labour", "contract", "marriage_family"),
    "counselling": ("marriage_family",),
}
STREET_SPECIALTIES = ("neighbour", "marriage_family", "housing_homestead", "property_management")


def seed_demo_rooms(uow: UnitOfWork, extra: int = 0) -> list[int]:
    uow.as_system()  # system work: no account asked for it
    ids = [
        rooms.save_room(uow, name=name, kind=kind, capacity=cap, equipment=eq).id
        for name, kind, cap, eq in DEMO_ROOMS
    ]
    for i in range(extra):
        ids.append(
            rooms.save_room(uow, name=f"第{i + 5}号调解室", kind=RoomKind.MEDIATION, capacity=6).id
        )
    return ids


def seed_demo_profiles(
    uow: UnitOfWork,
    mediators: dict[str, int],
    units: dict[int, str],
    *,
    seed: int = 3,
    max_per_day: int | None = None,
) -> None:
    """``mediators``: key → id; ``units``: mediator id → unit key."""
    uow.as_system()  # system work: no account asked for it
    rnd = random.Random(seed)
    for n, (_key, mid) in enumerate(sorted(mediators.items())):
        unit = units.get(mid, "")
        langs = ["普通话", "绍兴话"] if rnd.random() < 0.7 else ["普通话"]
        if n == 3:
            langs.append("蒙古语")
        part_time = n % 5 == 4  # invited mediators and lawyers often sit two days a week
        availability = (
            {
                wd: [(dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))]
                for wd in (1, 3)
            }
            if part_time
            else None
        )
        mediator_profiles.save_profile(
            uow,
            mediator_id=mid,
            specialties=UNIT_SPECIALTIES.get(unit, STREET_SPECIALTIES),
            languages=langs,
            max_per_day=max_per_day if max_per_day is not None else rnd.choice([3, 4, 4, 5]),
            availability=availability,
        )


def working_days(start: dt.date, n: int, calendar: WorkCalendar | None = None) -> list[dt.date]:
    """The first ``n`` working days from ``start`` (chinesecalendar's table by default)."""
    cal = calendar or base_calendar()
    out: list[dt.date] = []
    day = start
    while len(out) < n:
        kind = day_kind(day, cal)
        if kind.known and not kind.is_holiday and (day.weekday() < 5 or kind.makeup_workday):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def place_sessions(
    uow: UnitOfWork,
    *,
    days: Sequence[dt.date],
    per_day: int,
    case_ids: Sequence[int],
    now: dt.datetime,
    seed: int = 7,
    durations: Sequence[int] = (45, 60, 60, 90),
    step_minutes: int = 30,
    packed: bool = False,
    gap_chance: float = 0.1,
) -> int:
    """Place about ``per_day`` sessions on each day, feasible under every rule; bulk insert.

    ``packed``: fill each room from its opening time, one session after another (with the
    buffer between them and a random 15-minute gap now and then), about ``per_day / rooms``
    per room — how a very busy centre looks; otherwise start times are drawn at random.
    """
    uow.as_system()  # system work: no account asked for it
    rnd = random.Random(seed)
    start = dt.datetime.combine(days[0], dt.time())
    end = dt.datetime.combine(days[-1], dt.time()) + dt.timedelta(days=1)
    s = uow.read()
    data = load_schedule(s, start=start, end=end)
    parties: dict[int, list[tuple[int, str, str]]] = {}
    for party in s.scalars(select(Party).where(Party.case_id.in_(list(case_ids)))):
        parties.setdefault(party.case_id, []).append(
            (party.id, party.name, make_person_key(party.id, party.id_number, party.credit_code))
        )
    next_id = (s.scalar(select(func.max(MediationSession.id))) or 0) + 1
    room_ids = [
        r.id
        for r in data.rooms.values()
        if r.active and (packed or r.kind is not RoomKind.REMOTE)  # packed: every room is used
    ]
    med_ids = [m.id for m in data.mediators.values() if m.active]
    usable = [c for c in case_ids if parties.get(c)]
    rows: list[dict[str, Any]] = []
    staff_rows: list[dict[str, Any]] = []
    people_rows: list[dict[str, Any]] = []
    minutes = [8 * 60 + 30 + i * step_minutes for i in range(9 * 60 // step_minutes)]
    starts = [dt.time(m // 60, m % 60) for m in minutes if not 12 * 60 <= m < 13 * 60 + 30]

    def attempt(case_id: int, room_id: int, t: dt.datetime, e: dt.datetime) -> Proposal | None:
        who = parties[case_id]
        p = Proposal(
            case_id=case_id,
            room_id=room_id,
            starts=t,
            ends=e,
            lead_id=rnd.choice(med_ids),
            persons=frozenset(k for _i, _n, k in who),
            attendees=len(who),
        )
        return None if check(p, data) else p

    def proposals(day: dt.date) -> Iterator[Proposal]:
        if not packed:
            placed = tries = 0
            while placed < per_day and tries < per_day * 60 and usable:
                tries += 1
                t = dt.datetime.combine(day, rnd.choice(starts))
                e = t + dt.timedelta(minutes=rnd.choice(list(durations)))
                p = attempt(rnd.choice(usable), rnd.choice(room_ids), t, e)
                if p is not None:
                    placed += 1
                    yield p
            return
        wd = opening_weekday(day, data.calendar)
        quota = -(-per_day // max(1, len(room_ids)))
        placed = 0
        for room_id in room_ids:
            for r0, r1 in data.rooms[room_id].opening.get(wd, ()):
                t, close = dt.datetime.combine(day, r0), dt.datetime.combine(day, r1)
                n_room = 0
                while placed < per_day and n_room < quota and usable:
                    if rnd.random() < gap_chance:
                        t += dt.timedelta(minutes=15)
                    e = t + dt.timedelta(minutes=rnd.choice(list(durations)))
                    if e > close:
                        break
                    p = next(
                        (
                            x
                            for x in (attempt(rnd.choice(usable), room_id, t, e) for _ in range(12))
                            if x is not None
                        ),
                        None,
                    )
                    if p is None:
                        t += dt.timedelta(minutes=15)
                        continue
                    placed += 1
                    n_room += 1
                    yield p
                    t = e + data.buffer

    for day in days:
        for p in proposals(day):
            case_id, t, e, who = p.case_id, p.starts, p.ends, parties[p.case_id]
            sid = next_id
            next_id += 1
            data.add(Booked(sid, case_id, "", p.room_id, t, e, frozenset({p.lead_id}), p.persons))
            status = _demo_status(t, e, now, rnd)
            arrived = (
                t - dt.timedelta(minutes=rnd.randint(3, 25))
                if status
                not in (
                    SessionStatus.BOOKED,
                    SessionStatus.NO_SHOW,
                )
                else None
            )
            rows.append(
                {
                    "id": sid,
                    "case_id": case_id,
                    "room_id": p.room_id,
                    "starts": t,
                    "ends": e,
                    "status": status,
                    "remote": False,
                    "equipment": "",
                    "extra_attendees": 0,
                    "note": "",
                    "override_reason": "",
                    "checked_in_at": arrived,
                    "started_at": t
                    if status in (SessionStatus.IN_SESSION, SessionStatus.FINISHED)
                    else None,
                    "finished_at": e if status is SessionStatus.FINISHED else None,
                    "created_by": uow.actor.operator_id,
                    "created_at": now - dt.timedelta(days=3),
                    "updated_at": now - dt.timedelta(days=3),
                }
            )
            staff_rows.append({"session_id": sid, "mediator_id": p.lead_id, "role": StaffRole.LEAD})
            for pid, name, key in who:
                people_rows.append(
                    {
                        "session_id": sid,
                        "party_id": pid,
                        "person_key": key,
                        "name": name,
                        "arrived_at": arrived,
                    }
                )
    s = uow.write()
    for model, batch in (
        (MediationSession, rows),
        (SessionStaff, staff_rows),
        (SessionAttendee, people_rows),
    ):
        for i in range(0, len(batch), 2000):
            s.execute(insert(model), batch[i : i + 2000])
    events = [
        {
            "session_id": r["id"],
            "at": r["created_at"],
            "operator_id": uow.actor.operator_id,
            "kind": "booked",
            "reason": "",
            "detail": "{}",
        }
        for r in rows
    ]
    history = [
        {
            "at": r["created_at"],
            "operator_id": uow.actor.operator_id,
            "entity": "mediation_session",
            "entity_id": r["id"],
            "case_id": r["case_id"],
            "action": "book",
            "summary": f"预约调解：{r['starts']:%Y-%m-%d %H:%M}",
            "changes": json.dumps({}),
        }
        for r in rows
    ]
    for i in range(0, len(events), 2000):
        s.execute(insert(SessionEvent), events[i : i + 2000])
    for i in range(0, len(history), 2000):
        append_history_rows(s, history[i : i + 2000])  # the hash chain (db/audit_models.py)
    if not uow.db.is_sqlite and rows:
        s.execute(select(func.setval("mediation_session_id_seq", next_id - 1)))
    return len(rows)


def _demo_status(
    t: dt.datetime, e: dt.datetime, now: dt.datetime, rnd: random.Random
) -> SessionStatus:
    if e <= now:
        return SessionStatus.NO_SHOW if rnd.random() < 0.08 else SessionStatus.FINISHED
    if t <= now:
        return SessionStatus.IN_SESSION
    if t - now <= dt.timedelta(minutes=40) and rnd.random() < 0.6:
        return SessionStatus.CHECKED_IN
    return SessionStatus.BOOKED


def seed_demo_schedule(uow: UnitOfWork, seeded: Any) -> int:
    """Rooms, profiles and a busy week (this week and next) of sessions for open demo cases.

    ``seeded`` is ``demo.loader.SeededCentre``; returns the number of sessions placed.
    """
    uow.as_system()  # system work: no account asked for it
    now = uow.now()
    today = now.date()
    seed_demo_rooms(uow)
    from ..db.models import Mediator

    s = uow.read()
    unit_of = dict(s.execute(select(Mediator.id, Mediator.unit_id)).all())
    case_ids = list(
        s.scalars(
            select(Case.id)
            .where(Case.status.in_([CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION]))
            .order_by(Case.id.desc())
            .limit(400)
        )
    )
    key_of_unit = {v: k for k, v in seeded.unit_ids.items()}
    units = {mid: key_of_unit.get(unit_of.get(mid), "") for mid in seeded.mediator_ids.values()}
    seed_demo_profiles(uow, seeded.mediator_ids, units)
    if not case_ids:
        return 0
    monday = today - dt.timedelta(days=today.weekday())
    days = [d for d in working_days(monday, 10, load_calendar(s)) if d >= monday]
    return place_sessions(uow, days=days, per_day=24, case_ids=case_ids, now=now)
