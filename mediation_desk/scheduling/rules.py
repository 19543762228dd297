"""The booking rules: given a proposed session and what is already booked, every conflict.

Which rules an override may set aside (with a reason, recorded):

* never: two bookings of one room, one mediator or one party at the same time (people cannot be
  in two places; an "override" would only hide a clash the counter discovers when the parties
  arrive), a room too small for the people expected (safety), a remote session in a room without
  a video link (cannot happen), an out-of-service room, inactive rooms or mediators, and recusal
  (the law requires it: 人民调解法 art. 23, 特邀调解规定 art. 15);
* with a reason: the buffer between sessions, opening hours, a mediator's weekly availability,
  leave and daily maximum, statutory holidays (and dates beyond the holiday table), and missing
  optional equipment — the things an urgent case may justify when the people involved agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ..domain.dates import weekday_name
from ..domain.work_calendar import WorkCalendar, base_calendar
from .calendar import day_kind, opening_weekday
from .intervals import BusyList, hhmm, span, within
from .model import Booked, Equipment, MediatorInfo, Proposal, RoomInfo, equipment_label


class Rule(StrEnum):
    INVALID_TIME = "invalid_time"
    STAFF_TWICE = "staff_twice"
    INACTIVE = "inactive"
    ROOM_OVERLAP = "room_overlap"
    MEDIATOR_OVERLAP = "mediator_overlap"
    PARTY_OVERLAP = "party_overlap"
    CAPACITY = "capacity"
    REMOTE_NEEDS_VIDEO = "remote_needs_video"
    ROOM_CLOSED = "room_closed"
    RECUSAL = "recusal"
    EQUIPMENT = "equipment"
    ROOM_BUFFER = "room_buffer"
    MEDIATOR_BUFFER = "mediator_buffer"
    ROOM_HOURS = "room_hours"
    AVAILABILITY = "availability"
    LEAVE = "leave"
    MAX_PER_DAY = "max_per_day"
    HOLIDAY = "holiday"
    CALENDAR_UNKNOWN = "calendar_unknown"

    @property
    def overridable(self) -> bool:
        return self in OVERRIDABLE


OVERRIDABLE = frozenset(
    {
        Rule.EQUIPMENT,
        Rule.ROOM_BUFFER,
        Rule.MEDIATOR_BUFFER,
        Rule.ROOM_HOURS,
        Rule.AVAILABILITY,
        Rule.LEAVE,
        Rule.MAX_PER_DAY,
        Rule.HOLIDAY,
        Rule.CALENDAR_UNKNOWN,
    }
)


@dataclass(frozen=True, slots=True)
class Conflict:
    rule: Rule
    message_zh: str
    other_session_id: int | None = None
    other_session_label: str = ""

    @property
    def overridable(self) -> bool:
        return self.rule.overridable


def blocking(conflicts: Iterable[Conflict], *, override: bool) -> list[Conflict]:
    """The conflicts that still refuse the booking (all of them without an override)."""
    return [c for c in conflicts if not (override and c.overridable)]


@dataclass
class ScheduleData:
    """Everything the rules look at, loaded by the service; indexes are built once."""

    rooms: Mapping[int, RoomInfo]
    mediators: Mapping[int, MediatorInfo]
    sessions: Iterable[Booked]
    #: (mediator id, person key) → why the mediator must not mediate for that person.
    recusals: Mapping[tuple[int, str], str] = field(default_factory=dict)
    person_names: Mapping[str, str] = field(default_factory=dict)
    buffer: dt.timedelta = dt.timedelta(minutes=10)
    #: The centre's holidays and make-up working days (its own years over chinesecalendar's).
    calendar: WorkCalendar = field(default_factory=base_calendar)

    def __post_init__(self) -> None:
        self.room_busy: dict[int, BusyList[Booked]] = {}
        self.staff_busy: dict[int, BusyList[Booked]] = {}
        self.person_busy: dict[str, BusyList[Booked]] = {}
        self.by_id: dict[int, Booked] = {}
        rooms: dict[int, list[Booked]] = {}
        staff: dict[int, list[Booked]] = {}
        persons: dict[str, list[Booked]] = {}
        for b in self.sessions:  # group first, then sort each list once (no repeated inserts)
            self.by_id[b.id] = b
            rooms.setdefault(b.room_id, []).append(b)
            for m in b.staff:
                staff.setdefault(m, []).append(b)
            for p in b.persons:
                persons.setdefault(p, []).append(b)
        for room, items in rooms.items():
            self.room_busy[room] = _busy(items)
        for mediator, items in staff.items():
            self.staff_busy[mediator] = _busy(items)
        for person, items in persons.items():
            self.person_busy[person] = _busy(items)

    def add(self, b: Booked) -> None:
        self.by_id[b.id] = b
        self.room_busy.setdefault(b.room_id, BusyList()).add(b.starts, b.ends, b)
        for m in b.staff:
            self.staff_busy.setdefault(m, BusyList()).add(b.starts, b.ends, b)
        for p in b.persons:
            self.person_busy.setdefault(p, BusyList()).add(b.starts, b.ends, b)

    def day_count(self, mediator_id: int, day: dt.date, *, excluding: int | None = None) -> int:
        busy = self.staff_busy.get(mediator_id)
        if busy is None:
            return 0
        a = dt.datetime.combine(day, dt.time())
        hits = busy.hits(a, a + dt.timedelta(days=1))
        return sum(1 for b in hits if b.id != excluding and b.starts.date() == day)


def _busy(items: list[Booked]) -> BusyList[Booked]:
    return BusyList.of((b.starts, b.ends, b) for b in items)


def _hits(
    busy: BusyList[Booked] | None, a: dt.datetime, b: dt.datetime, skip: int | None
) -> list[Booked]:
    if busy is None:
        return []
    return [x for x in busy.hits(a, b) if x.id != skip]


def _ranges_text(ranges: Iterable[tuple[dt.time, dt.time]]) -> str:
    return "、".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in ranges)


def check(p: Proposal, data: ScheduleData) -> list[Conflict]:
    """Every rule the proposal breaks, hard ones first."""
    out: list[Conflict] = []
    when = span(p.starts, p.ends)
    if p.ends <= p.starts:
        return [Conflict(Rule.INVALID_TIME, "结束时间须晚于开始时间")]
    staff = p.staff
    if len(set(staff)) != len(staff):
        out.append(Conflict(Rule.STAFF_TWICE, "同一调解员不能在同一场调解中担任两个角色"))
    room = data.rooms.get(p.room_id)
    if room is None or not room.active:
        out.append(Conflict(Rule.INACTIVE, "所选调解室不存在或已停用"))
    people = [data.mediators.get(m) for m in dict.fromkeys(staff)]
    for m_id, m in zip(dict.fromkeys(staff), people, strict=True):
        if m is None or not m.active:
            out.append(Conflict(Rule.INACTIVE, f"调解员（编号{m_id}）不存在或已停用"))
    mediators = [m for m in people if m is not None]
    skip = p.session_id

    # --- double bookings (never overridable)
    if room is not None:
        for b in _hits(data.room_busy.get(room.id), p.starts, p.ends, skip):
            out.append(
                Conflict(
                    Rule.ROOM_OVERLAP,
                    f"调解室“{room.name}”在 {span(b.starts, b.ends)} 已被{b.label}占用",
                    b.id,
                    b.label,
                )
            )
    for m in mediators:
        for b in _hits(data.staff_busy.get(m.id), p.starts, p.ends, skip):
            out.append(
                Conflict(
                    Rule.MEDIATOR_OVERLAP,
                    f"调解员“{m.name}”在 {span(b.starts, b.ends)} 已安排{b.label}的调解",
                    b.id,
                    b.label,
                )
            )
    for key in sorted(p.persons):
        for b in _hits(data.person_busy.get(key), p.starts, p.ends, skip):
            name = data.person_names.get(key, "当事人")
            out.append(
                Conflict(
                    Rule.PARTY_OVERLAP,
                    f"当事人“{name}”在 {span(b.starts, b.ends)} 已安排{b.label}的调解",
                    b.id,
                    b.label,
                )
            )

    # --- the room itself
    if room is not None:
        if p.people > room.capacity:
            out.append(
                Conflict(
                    Rule.CAPACITY,
                    f"调解室“{room.name}”只能容纳 {room.capacity} 人，"
                    f"本场需 {p.people} 人（含调解员、记录人）",
                )
            )
        if p.remote and Equipment.VIDEO.value not in room.equipment:
            out.append(
                Conflict(
                    Rule.REMOTE_NEEDS_VIDEO,
                    f"远程视频调解需要有视频连线设备的调解室，“{room.name}”没有视频连线",
                )
            )
        video = Equipment.VIDEO.value
        missing = sorted(e for e in p.equipment - room.equipment if not (p.remote and e == video))
        if missing:
            names = "、".join(equipment_label(e) for e in missing)
            out.append(Conflict(Rule.EQUIPMENT, f"调解室“{room.name}”缺少所需设备：{names}"))
        for c0, c1, reason in room.closures:
            if c0 < p.ends and p.starts < c1:
                why = f"（{reason}）" if reason else ""
                out.append(
                    Conflict(
                        Rule.ROOM_CLOSED,
                        f"调解室“{room.name}”在 {span(c0, c1)} 停用{why}",
                    )
                )

    # --- recusal (never overridable)
    for m in mediators:
        for key in sorted(p.persons):
            recusal = data.recusals.get((m.id, key))
            if recusal is not None:
                name = data.person_names.get(key, "当事人")
                why = f"（{recusal}）" if recusal else ""
                out.append(
                    Conflict(
                        Rule.RECUSAL,
                        f"调解员“{m.name}”与当事人“{name}”有利害关系{why}，应当回避，不能安排本案",
                    )
                )

    # --- buffers (overridable)
    buf = data.buffer
    if buf:
        mins = int(buf.total_seconds() // 60)
        if room is not None:
            near = _hits(data.room_busy.get(room.id), p.starts - buf, p.ends + buf, skip)
            for b in near:
                if not (b.starts < p.ends and p.starts < b.ends):
                    out.append(
                        Conflict(
                            Rule.ROOM_BUFFER,
                            f"调解室“{room.name}”与{b.label}（{span(b.starts, b.ends)}）"
                            f"之间不足 {mins} 分钟间隔",
                            b.id,
                            b.label,
                        )
                    )
        for m in mediators:
            near = _hits(data.staff_busy.get(m.id), p.starts - buf, p.ends + buf, skip)
            for b in near:
                if not (b.starts < p.ends and p.starts < b.ends):
                    out.append(
                        Conflict(
                            Rule.MEDIATOR_BUFFER,
                            f"调解员“{m.name}”与{b.label}（{span(b.starts, b.ends)}）"
                            f"之间不足 {mins} 分钟间隔",
                            b.id,
                            b.label,
                        )
                    )

    # --- calendar and hours (overridable)
    day = p.starts.date()
    kind = day_kind(day, data.calendar)
    if not kind.known:
        out.append(
            Conflict(
                Rule.CALENDAR_UNKNOWN,
                f"{day.year}年的法定节假日安排尚未收录，无法确认 {day:%Y-%m-%d} 是否为工作日"
                "（请更新节假日数据，或填写理由特批）",
            )
        )
    elif kind.is_holiday:
        out.append(Conflict(Rule.HOLIDAY, f"{day:%Y-%m-%d} 是法定节假日（{kind.holiday}）"))
    weekday = opening_weekday(day, data.calendar)
    same_day = p.ends.date() == day or p.ends == dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time()
    )
    t0, t1 = p.starts.time(), (p.ends.time() if p.ends.date() == day else dt.time.max)
    wd = weekday_name(weekday)
    if room is not None:
        ranges = room.opening.get(weekday, ())
        if not ranges:
            out.append(Conflict(Rule.ROOM_HOURS, f"调解室“{room.name}”{wd}不开放"))
        elif not same_day or not within(ranges, t0, t1):
            out.append(
                Conflict(
                    Rule.ROOM_HOURS,
                    f"调解室“{room.name}”{wd}开放时间为 {_ranges_text(ranges)}，{when} 不在其内",
                )
            )
    for m in mediators:
        if m.availability is not None:
            ranges = m.availability.get(weekday, ())
            if not ranges:
                out.append(Conflict(Rule.AVAILABILITY, f"调解员“{m.name}”{wd}不值班"))
            elif not same_day or not within(ranges, t0, t1):
                out.append(
                    Conflict(
                        Rule.AVAILABILITY,
                        f"调解员“{m.name}”{wd}值班时间为 {_ranges_text(ranges)}，{when} 不在其内",
                    )
                )
        for d0, d1, reason in m.leave:
            if d0 <= day <= d1:
                why = f"（{reason}）" if reason else ""
                out.append(
                    Conflict(
                        Rule.LEAVE,
                        f"调解员“{m.name}”{d0:%m-%d}至{d1:%m-%d}请假{why}",
                    )
                )
        if m.max_per_day:
            n = data.day_count(m.id, day, excluding=skip)
            if n >= m.max_per_day:
                out.append(
                    Conflict(
                        Rule.MAX_PER_DAY,
                        f"调解员“{m.name}”{day:%m-%d}已有 {n} 场调解，"
                        f"达到每日上限 {m.max_per_day} 场",
                    )
                )
    order = {r: i for i, r in enumerate(Rule)}
    out.sort(key=lambda c: (c.overridable, order[c.rule]))
    return out
