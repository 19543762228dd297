"""Rooms of the centre: kind, capacity, equipment, opening hours, out-of-service periods;
and the centre-wide scheduling settings (buffer between sessions, grid)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..db.schedule_models import Room, RoomClosure, RoomOpening, ScheduleSetting
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.roles import Permission
from ..domain.validation.text import stored_name
from ..errors import DeskError
from ..scheduling.intervals import span
from ..scheduling.model import Equipment, RoomKind, TimeRange, equipment_label
from . import history
from .permissions import requires

#: New rooms open Monday to Friday, 08:30–12:00 and 13:30–17:30 (typical government hours).
DEFAULT_HOURS: tuple[TimeRange, ...] = (
    (dt.time(8, 30), dt.time(12, 0)),
    (dt.time(13, 30), dt.time(17, 30)),
)
DEFAULT_OPENING: dict[int, tuple[TimeRange, ...]] = {wd: DEFAULT_HOURS for wd in range(5)}

#: A dated period row (a room closure, a mediator leave).
P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class ClosureView:
    id: int
    starts: dt.datetime
    ends: dt.datetime
    reason: str


@dataclass(frozen=True, slots=True)
class RoomView:
    id: int
    name: str
    kind: RoomKind
    capacity: int
    equipment: tuple[str, ...]
    note: str
    active: bool
    opening: dict[int, tuple[TimeRange, ...]]
    closures: tuple[ClosureView, ...]

    @property
    def equipment_text(self) -> str:
        return "、".join(equipment_label(e) for e in self.equipment)


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    buffer_minutes: int = 10
    grid_minutes: int = 15


def split_codes(text: str) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(",") if x)


def join_codes(codes: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(c.strip() for c in codes if c.strip()))


def check_ranges(
    ranges: Mapping[int, Iterable[TimeRange]], what: str
) -> dict[int, tuple[TimeRange, ...]]:
    """Sorted, validated weekly ranges; refuses empty or overlapping ones."""
    out: dict[int, tuple[TimeRange, ...]] = {}
    for wd, rs in ranges.items():
        if not 0 <= wd <= 6:
            raise DeskError(f"{what}：星期须为 0–6")
        items = sorted(rs)
        for a, b in items:
            if b <= a:
                raise DeskError(f"{what}：结束时间须晚于开始时间（{a:%H:%M}–{b:%H:%M}）")
        for (_a0, a1), (b0, _b1) in itertools.pairwise(items):
            if b0 < a1:
                raise DeskError(f"{what}：时间段重叠（{a1:%H:%M} 之前）")
        if items:
            out[wd] = tuple(items)
    return out


def get_settings(uow: UnitOfWork) -> ScheduleSettings:
    return settings_in(uow.read())


def settings_in(s: Session) -> ScheduleSettings:
    row = s.scalar(select(ScheduleSetting).order_by(ScheduleSetting.id).limit(1))
    return ScheduleSettings(row.buffer_minutes, row.grid_minutes) if row else ScheduleSettings()


@requires(Permission.SETTINGS)
def set_settings(uow: UnitOfWork, *, buffer_minutes: int, grid_minutes: int) -> None:
    if not 0 <= buffer_minutes <= 120:
        raise DeskError("场次间隔须在 0–120 分钟之间")
    if grid_minutes not in (5, 10, 15, 20, 30, 60):
        raise DeskError("排期刻度须为 5、10、15、20、30 或 60 分钟")
    s = uow.write()
    row = s.scalar(select(ScheduleSetting).order_by(ScheduleSetting.id).limit(1))
    if row is None:
        row = ScheduleSetting(buffer_minutes=buffer_minutes, grid_minutes=grid_minutes)
        s.add(row)
    else:
        row.buffer_minutes, row.grid_minutes = buffer_minutes, grid_minutes
    s.flush()
    history.record(
        uow,
        entity=Entity.SCHEDULE_SETTING,
        entity_id=row.id,
        action="update",
        summary=f"排期设置：场次间隔 {buffer_minutes} 分钟，刻度 {grid_minutes} 分钟",
    )


def list_rooms(uow: UnitOfWork, *, active_only: bool = False) -> list[RoomView]:
    return rooms_in(uow.read(), active_only=active_only)


def rooms_in(s: Session, *, active_only: bool = False) -> list[RoomView]:
    """All rooms with their hours and closures, in three queries."""
    q = select(Room).order_by(Room.sort_order, Room.id)
    if active_only:
        q = q.where(Room.active.is_(True))
    rooms = list(s.scalars(q))
    opening: dict[int, dict[int, list[TimeRange]]] = {}
    for o in s.scalars(select(RoomOpening).order_by(RoomOpening.opens)):
        opening.setdefault(o.room_id, {}).setdefault(o.weekday, []).append((o.opens, o.closes))
    closures: dict[int, list[ClosureView]] = {}
    for c in s.scalars(select(RoomClosure).order_by(RoomClosure.starts)):
        closures.setdefault(c.room_id, []).append(ClosureView(c.id, c.starts, c.ends, c.reason))
    return [
        RoomView(
            r.id,
            r.name,
            r.kind,
            r.capacity,
            split_codes(r.equipment),
            r.note,
            r.active,
            {wd: tuple(v) for wd, v in sorted(opening.get(r.id, {}).items())},
            tuple(closures.get(r.id, ())),
        )
        for r in rooms
    ]


@requires(Permission.SETTINGS)
def save_room(
    uow: UnitOfWork,
    *,
    room_id: int | None = None,
    name: str,
    kind: RoomKind,
    capacity: int,
    equipment: Iterable[str] = (),
    note: str = "",
    active: bool = True,
    opening: Mapping[int, Iterable[TimeRange]] | None = None,
) -> RoomView:
    """Create (``room_id`` None) or update a room; ``opening`` None keeps (or defaults) hours."""
    name = stored_name(name)
    if not name:
        raise DeskError("请填写调解室名称")
    if len(name) > 60:
        raise DeskError("调解室名称过长")
    if not 1 <= capacity <= 500:
        raise DeskError("容纳人数须在 1–500 之间")
    hours = check_ranges(opening, "开放时间") if opening is not None else None
    equip = join_codes(equipment)
    if kind is RoomKind.REMOTE and Equipment.VIDEO.value not in split_codes(equip):
        raise DeskError("远程视频调解室须配备视频连线设备")
    s = uow.write()
    clash = s.scalar(select(Room.id).where(Room.name == name, Room.id != (room_id or 0)))
    if clash:
        raise DeskError(f"已有名为“{name}”的调解室")
    if room_id is None:
        order = (s.scalar(select(func.max(Room.sort_order))) or 0) + 1
        room = Room(
            name=name,
            kind=kind,
            capacity=capacity,
            equipment=equip,
            note=note,
            active=active,
            sort_order=order,
        )
        s.add(room)
        s.flush()
        hours = DEFAULT_OPENING if hours is None else hours
        action, summary = "create", f"新增调解室：{name}"
    else:
        found = s.get(Room, room_id)
        if found is None:
            raise DeskError("调解室不存在")
        room = found
        room.name, room.kind, room.capacity = name, kind, capacity
        room.equipment, room.note, room.active = equip, note, active
        action, summary = "update", f"修改调解室：{name}"
    if hours is not None:
        s.execute(delete(RoomOpening).where(RoomOpening.room_id == room.id))
        for wd, ranges in hours.items():
            for a, b in ranges:
                s.add(RoomOpening(room_id=room.id, weekday=wd, opens=a, closes=b))
    history.record(
        uow,
        entity=Entity.ROOM,
        entity_id=room.id,
        action=action,
        summary=summary,
        changes={"kind": kind.value, "capacity": capacity, "equipment": equip},
    )
    s.flush()
    room_key = room.id
    return next(r for r in rooms_in(s) if r.id == room_key)


@requires(Permission.SETTINGS)
def add_closure(
    uow: UnitOfWork, *, room_id: int, starts: dt.datetime, ends: dt.datetime, reason: str
) -> ClosureView:
    if ends <= starts:
        raise DeskError("停用结束时间须晚于开始时间")
    if not reason.strip():
        raise DeskError("请填写停用原因")
    s = uow.write()
    room = s.get(Room, room_id)
    if room is None:
        raise DeskError("调解室不存在")
    c = RoomClosure(room_id=room_id, starts=starts, ends=ends, reason=reason.strip())
    s.add(c)
    s.flush()
    history.record(
        uow,
        entity=Entity.ROOM,
        entity_id=room_id,
        action="closure",
        summary=f"调解室“{room.name}”停用 {starts:%Y-%m-%d} {span(starts, ends)}：{c.reason}",
    )
    return ClosureView(c.id, c.starts, c.ends, c.reason)


@requires(Permission.SETTINGS)
def remove_closure(uow: UnitOfWork, *, closure_id: int) -> None:
    remove_period(
        uow,
        RoomClosure,
        closure_id,
        Entity.ROOM,
        "closure_removed",
        lambda c: (c.room_id, f"取消停用 {c.starts:%Y-%m-%d %H:%M}–{c.ends:%Y-%m-%d %H:%M}"),
    )


@requires(Permission.SETTINGS)
def remove_period(
    uow: UnitOfWork,
    model: type[P],
    period_id: int,
    entity: Entity,
    action: str,
    describe: Callable[[P], tuple[int, str]],
) -> None:
    """Delete one dated period of a room or a mediator (a closure, a leave) and record it in
    the owner's history: ``describe(period)`` gives the owner's id and the summary. A period
    already gone (removed at another counter) is no error: there is nothing left to remove."""
    s = uow.write()
    period = s.get(model, period_id)
    if period is None:
        return
    owner_id, summary = describe(period)
    history.record(uow, entity=entity, entity_id=owner_id, action=action, summary=summary)
    s.delete(period)
