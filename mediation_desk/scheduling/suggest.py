"""Suggest the earliest feasible (start, room, mediator) options for a case, ranked.

Busy intervals are indexed per resource (``ScheduleData``: sorted lists searched with bisect),
the grid is walked in time order and the walk stops as soon as enough options are found, so a
suggestion over a month of a busy centre costs milliseconds. Every option is checked again by
``rules.check`` before it is returned, so a suggestion never proposes what booking would refuse
(overridable rules included: suggestions need no override).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
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


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A free (start, room, mediator) found by the walk, not yet checked by every rule."""

    starts: dt.datetime
    ends: dt.datetime
    room: RoomInfo
    mediator: MediatorInfo
    n_day: int  # the mediator's sessions that day
    value: float  # the mediator's score less the day's load (lateness comes later)
    special: bool  # a counselling room, the courtroom…: offered after the ordinary rooms


def suggest(data: ScheduleData, req: SuggestRequest) -> list[Option]:
    """The best ``req.n`` of the earliest feasible options, varied: the first ones differ in
    time (they do not overlap) and in room before two share a slot with another mediator, so
    the clerk can offer the parties real choices; the best-suited mediator leads each slot."""
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
    pool: list[_Candidate] = []
    _walk(data, req, rooms, mediators, static, pool, _Spread(req.duration, req.n))
    seen = {c.mediator.id for c in pool}
    missing = [m for m in mediators if m.id in wanted and m.id not in seen]
    if missing:  # the preferred mediators' own earliest slots, even if later
        _walk(data, req, rooms, missing, static, pool, _EachOnce({m.id for m in missing}))
    return _pick(data, req, pool, static)


def spread(options: Iterable[Option], duration: dt.timedelta) -> int:
    """How many of ``options`` are at times that do not overlap one another (counted in time
    order): whether a search found the varied times it should offer, or should look further."""
    count, last = 0, dt.datetime.min
    for o in sorted(options, key=lambda o: o.starts):
        if o.starts >= last + duration:
            count, last = count + 1, o.starts
    return count


class _Spread:
    """Stops the walk once ``n`` slots that do not overlap (one after another) are found; the
    walk jumps past a time it found free by the session's length (the times between would
    overlap it)."""

    jumps = True

    def __init__(self, duration: dt.timedelta, n: int) -> None:
        self.duration, self.n = duration, n
        self.count, self.last = 0, dt.datetime.min

    def enough(self, found: list[_Candidate]) -> bool:
        if found and found[-1].starts >= self.last + self.duration:
            self.count, self.last = self.count + 1, found[-1].starts
        return self.count >= self.n


class _EachOnce:
    """Stops the walk once each of the mediators ``ids`` has a slot."""

    jumps = False

    def __init__(self, ids: set[int]) -> None:
        self.left = set(ids)

    def enough(self, found: list[_Candidate]) -> bool:
        if found:
            self.left.discard(found[-1].mediator.id)
        return not self.left


def _pick(
    data: ScheduleData,
    req: SuggestRequest,
    pool: list[_Candidate],
    static: dict[int, tuple[float, list[str]]],
) -> list[Option]:
    """Choose ``req.n`` candidates, best first within each round: (1) a time that overlaps no
    option chosen yet, in a room not offered yet; (2) such a time in any room; the same two in
    the special rooms; (3) a (start, room) not offered yet; (4) another mediator in a slot
    already offered. Each is checked by every rule before it is kept."""
    if not pool:
        return []
    first = min(c.starts for c in pool)
    late = LATENESS_PENALTY / 3600
    ranked = sorted(
        pool,
        key=lambda c: (-(c.value - late * (c.starts - first).total_seconds()), c.starts),
    )
    chosen: list[Option] = []
    taken: set[tuple[dt.datetime, int, int]] = set()

    def apart(c: _Candidate) -> bool:  # overlaps no option chosen yet
        return all(abs(c.starts - o.starts) >= req.duration for o in chosen)

    def elsewhere(c: _Candidate) -> bool:  # and in a room not offered yet
        return apart(c) and all(c.room.id != o.room_id for o in chosen)

    def new_slot(c: _Candidate) -> bool:
        return all((c.starts, c.room.id) != (o.starts, o.room_id) for o in chosen)

    rounds: tuple[Callable[[_Candidate], bool], ...] = (
        lambda c: not c.special and elsewhere(c),
        lambda c: not c.special and apart(c),
        elsewhere,
        apart,
        lambda c: not c.special and new_slot(c),
        new_slot,
        lambda _c: True,
    )
    for fits in rounds:
        for c in ranked:
            if len(chosen) >= req.n:
                return chosen
            key = (c.starts, c.room.id, c.mediator.id)
            if key in taken or not fits(c):
                continue
            taken.add(key)
            option = _option(data, req, c, static)
            if option is not None:
                chosen.append(option)
    return chosen


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
    pool: list[_Candidate],
    stop: _Spread | _EachOnce,
) -> None:
    """Walk the grid in time order; at each free time add, for each free room (the first
    ``n``), the ``n`` best-suited free mediators to ``pool``; stop when ``stop`` says so."""
    b, dur, grid = data.buffer, req.duration, req.grid
    person_busy = [data.person_busy[p] for p in req.persons if p in data.person_busy]
    for day in _days(req, data.calendar):
        wd = opening_weekday(day, data.calendar)
        day_rooms = [r for r in rooms if r.opening.get(wd)]
        if not day_rooms:
            continue
        day_meds = []
        for m in mediators:
            if any(d0 <= day <= d1 for d0, d1, _r in m.leave):
                continue
            if m.availability is not None and not m.availability.get(wd):
                continue
            n_day = data.day_count(m.id, day)
            if m.max_per_day and n_day >= m.max_per_day:
                continue
            day_meds.append((static[m.id][0] - LOAD_PENALTY * n_day, m, n_day))
        if not day_meds:
            continue
        day_meds.sort(key=lambda x: (-x[0], x[1].id))  # best suited first
        open0 = min(a for r in day_rooms for a, _b in r.opening[wd])
        close1 = max(b for r in day_rooms for _a, b in r.opening[wd])
        t = dt.datetime.combine(day, open0)
        if day == req.earliest.date():
            t = max(t, _round_up(req.earliest, grid))
        last = dt.datetime.combine(day, close1) - dur
        while t <= last:
            e = t + dur
            if e.date() != day:
                break
            t0, t1 = t.time(), e.time()
            if all(pb.free(t, e) for pb in person_busy):
                free_rooms = []
                for r in day_rooms:
                    if (
                        within(r.opening[wd], t0, t1)
                        and (r.id not in data.room_busy or data.room_busy[r.id].free(t - b, e + b))
                        and not any(c0 < e and t < c1 for c0, c1, _x in r.closures)
                    ):
                        free_rooms.append(r)
                        if len(free_rooms) >= req.n:
                            break
                free_meds = []
                if free_rooms:
                    for value, m, n_day in day_meds:
                        if m.availability is not None and not within(m.availability[wd], t0, t1):
                            continue
                        sb = data.staff_busy.get(m.id)
                        if sb is not None and not sb.free(t - b, e + b):
                            continue
                        free_meds.append((value, m, n_day))
                        if len(free_meds) >= req.n:
                            break
                for room in free_rooms if free_meds else []:
                    special = not req.remote and room.kind in SPECIAL_ROOMS
                    for value, m, n_day in free_meds:
                        pool.append(_Candidate(t, e, room, m, n_day, value, special))
                        if stop.enough(pool):
                            return
                if free_meds and free_rooms and stop.jumps:
                    # the next time worth offering does not overlap this one: skip to it
                    t += -(-dur // grid) * grid
                    continue
            t += grid


def _option(
    data: ScheduleData,
    req: SuggestRequest,
    c: _Candidate,
    static: dict[int, tuple[float, list[str]]],
) -> Option | None:
    proposal = Proposal(
        case_id=req.case_id,
        room_id=c.room.id,
        starts=c.starts,
        ends=c.ends,
        lead_id=c.mediator.id,
        persons=req.persons,
        attendees=req.attendees,
        remote=req.remote,
        equipment=req.equipment,
    )
    if check(proposal, data):  # the full rules agree (a safety net; cheap for one option)
        return None
    _score, why = static[c.mediator.id]
    reasons = list(why)
    if c.n_day:
        reasons.append(f"当天已排{c.n_day}场")
    return Option(
        c.starts,
        c.ends,
        c.room.id,
        c.room.name,
        c.mediator.id,
        c.mediator.name,
        c.value,
        tuple(reasons),
    )
