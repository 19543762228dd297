"""Suggest the earliest feasible (start, room, mediator) options for a case, ranked.

Busy intervals are indexed per resource (``ScheduleData``: sorted lists searched with bisect),
the grid is walked in time order and the walk stops as soon as enough options are found, so a
suggestion over a month of a busy centre costs milliseconds. Every option is checked again by
``rules.check`` before it is returned, so a suggestion never proposes what booking would refuse
(overridable rules included: suggestions need no override).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain.work_calendar import WorkCalendar
from .calendar import day_kind, opening_weekday
from .intervals import within
from .model import Equipment, MediatorInfo, Proposal, RoomInfo, RoomKind
from .rules import ScheduleData, check

SPECIALTY_SCORE = 4.0
LANGUAGE_SCORE = 3.0
CASE_MEDIATOR_SCORE = 3.0
CHOSEN_SCORE = 5.0
LOAD_PENALTY = 0.5  # per session the mediator already has that day
LATENESS_PENALTY = 0.25  # per hour after the earliest option
SPECIAL_ROOMS = frozenset({RoomKind.COUNSELLING, RoomKind.COURTROOM, RoomKind.REMOTE})


@dataclass(frozen=True)
class SuggestRequest:
    case_id: int
    persons: frozenset[str]
    attendees: int
    duration: dt.timedelta
    earliest: dt.datetime
    dispute_codes: frozenset[str] = frozenset()  # the case's type and its parent
    languages: frozenset[str] = frozenset()
    case_mediator_id: int | None = None
    chosen_mediator_id: int | None = None
    remote: bool = False
    equipment: frozenset[str] = frozenset()
    working_days: int = 20
    grid: dt.timedelta = dt.timedelta(minutes=15)
    n: int = 5
    mediator_ids: frozenset[int] | None = None  # restrict to these (e.g. a unit's mediators)


@dataclass(frozen=True)
class Option:
    starts: dt.datetime
    ends: dt.datetime
    room_id: int
    room_name: str
    mediator_id: int
    mediator_name: str
    score: float
    reasons: tuple[str, ...] = field(default=())


def _round_up(t: dt.datetime, grid: dt.timedelta) -> dt.datetime:
    base = dt.datetime.combine(t.date(), dt.time())
    steps = -(-(t - base) // grid)
    return base + steps * grid


def _static_score(m: MediatorInfo, req: SuggestRequest) -> tuple[float, list[str]]:
    score, why = 0.0, []
    if req.chosen_mediator_id == m.id:
        score += CHOSEN_SCORE
        why.append("当事人选定")
    if req.case_mediator_id == m.id:
        score += CASE_MEDIATOR_SCORE
        why.append("本案调解员")
    if req.dispute_codes & m.specialties:
        score += SPECIALTY_SCORE
        why.append("擅长此类纠纷")
    shared = req.languages & m.languages
    if shared:
        score += LANGUAGE_SCORE
        why.append("会讲" + "、".join(sorted(shared)))
    return score, why


def suggest(data: ScheduleData, req: SuggestRequest) -> list[Option]:
    """The best ``req.n`` of the earliest feasible options (each mediator at most once)."""
    people = req.attendees + 1
    rooms = sorted(
        (
            r
            for r in data.rooms.values()
            if r.active
            and r.capacity >= people
            and (not req.remote or Equipment.VIDEO.value in r.equipment)
            and req.equipment <= r.equipment | ({Equipment.VIDEO.value} if req.remote else set())
        ),
        # Ordinary mediation rooms first (a counselling room or the courtroom only when they
        # are what is free), then the smallest that fits, keeping large rooms for large cases.
        key=lambda r: (not req.remote and r.kind in SPECIAL_ROOMS, r.capacity, r.id),
    )
    mediators = [
        m
        for m in data.mediators.values()
        if m.active
        and (req.mediator_ids is None or m.id in req.mediator_ids)
        and not any((m.id, p) in data.recusals for p in req.persons)
    ]
    if not rooms or not mediators:
        return []
    static = {m.id: _static_score(m, req) for m in mediators}
    wanted = {x for x in (req.chosen_mediator_id, req.case_mediator_id) if x is not None}
    found: dict[int, Option] = {}
    limit = 2 * req.n
    _walk(data, req, rooms, mediators, static, found, limit)
    missing = [m for m in mediators if m.id in wanted and m.id not in found]
    if missing:  # the preferred mediators' own earliest slots, even if later
        _walk(data, req, rooms, missing, static, found, len(found) + len(missing))
    if not found:
        return []
    first = min(o.starts for o in found.values())
    ranked = sorted(
        found.values(),
        key=lambda o: (
            -(o.score - LATENESS_PENALTY * (o.starts - first).total_seconds() / 3600),
            o.starts,
            o.room_id,
        ),
    )
    return ranked[: req.n]


def search_days(first: dt.date, n: int, calendar: WorkCalendar) -> list[dt.date]:
    """The first ``n`` days from ``first`` that may hold sessions (known, not a holiday); the
    rooms' opening hours then decide which of them (e.g. weekends) are really open."""
    out, day = [], first
    for _ in range(n * 3 + 14):
        kind = day_kind(day, calendar)
        if kind.known and not kind.is_holiday:
            out.append(day)
            if len(out) >= n:
                break
        day += dt.timedelta(days=1)
    return out or [first]


def _days(req: SuggestRequest, calendar: WorkCalendar) -> Iterable[dt.date]:
    if not req.working_days:
        return []
    return search_days(req.earliest.date(), req.working_days, calendar)


def _walk(
    data: ScheduleData,
    req: SuggestRequest,
    rooms: list[RoomInfo],
    mediators: list[MediatorInfo],
    static: dict[int, tuple[float, list[str]]],
    found: dict[int, Option],
    limit: int,
) -> None:
    buf, dur, grid = data.buffer, req.duration, req.grid
    person_busy = [data.person_busy[p] for p in req.persons if p in data.person_busy]
    for day in _days(req, data.calendar):
        wd = opening_weekday(day, data.calendar)
        day_rooms = [r for r in rooms if r.opening.get(wd)]
        if not day_rooms:
            continue
        day_meds = []
        for m in mediators:
            if m.id in found or any(d0 <= day <= d1 for d0, d1, _r in m.leave):
                continue
            if m.availability is not None and not m.availability.get(wd):
                continue
            n_day = data.day_count(m.id, day)
            if m.max_per_day and n_day >= m.max_per_day:
                continue
            day_meds.append((m, n_day))
        if not day_meds:
            continue
        open0 = min(a for r in day_rooms for a, _b in r.opening[wd])
        close1 = max(b for r in day_rooms for _a, b in r.opening[wd])
        t = dt.datetime.combine(day, open0)
        if day == req.earliest.date():
            t = max(t, _round_up(req.earliest, grid))
        last = dt.datetime.combine(day, close1) - dur
        while t <= last and day_meds:
            e = t + dur
            if e.date() != day:
                break
            t0, t1 = t.time(), e.time()
            if all(pb.free(t, e) for pb in person_busy):
                room = next(
                    (
                        r
                        for r in day_rooms
                        if within(r.opening[wd], t0, t1)
                        and (
                            r.id not in data.room_busy
                            or data.room_busy[r.id].free(t - buf, e + buf)
                        )
                        and not any(c0 < e and t < c1 for c0, c1, _x in r.closures)
                    ),
                    None,
                )
                if room is not None:
                    for m, n_day in list(day_meds):
                        if m.availability is not None and not within(m.availability[wd], t0, t1):
                            continue
                        sb = data.staff_busy.get(m.id)
                        if sb is not None and not sb.free(t - buf, e + buf):
                            continue
                        opt = _option(data, req, room, m, n_day, t, e, static)
                        if opt is None:
                            continue
                        found[m.id] = opt
                        day_meds.remove((m, n_day))
                        if len(found) >= limit:
                            return
            t += grid


def _option(
    data: ScheduleData,
    req: SuggestRequest,
    room: RoomInfo,
    m: MediatorInfo,
    n_day: int,
    t: dt.datetime,
    e: dt.datetime,
    static: dict[int, tuple[float, list[str]]],
) -> Option | None:
    proposal = Proposal(
        case_id=req.case_id,
        room_id=room.id,
        starts=t,
        ends=e,
        lead_id=m.id,
        persons=req.persons,
        attendees=req.attendees,
        remote=req.remote,
        equipment=req.equipment,
    )
    if check(proposal, data):  # the full rules agree (a safety net; cheap for one option)
        return None
    score, why = static[m.id]
    reasons = list(why)
    if n_day:
        reasons.append(f"当天已排{n_day}场")
    return Option(
        t, e, room.id, room.name, m.id, m.name, score - LOAD_PENALTY * n_day, tuple(reasons)
    )
