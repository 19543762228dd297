"""Scheduling data of mediators: specialties, languages, weekly availability, leave, daily
maximum; and recusals (a mediator related to a party must not mediate the case)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select

from ..db.models import HandlingUnit, Mediator, Party
from ..db.schedule_models import MediatorAvailability, MediatorLeave, MediatorProfile, Recusal
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.enums import MediatorKind
from ..domain.roles import Permission
from ..errors import DeskError
from ..scheduling.model import TimeRange, person_key
from . import history
from .permissions import requires
from .rooms import check_ranges, join_codes, remove_period, split_codes


@dataclass(frozen=True, slots=True)
class LeaveView:
    id: int
    first_day: dt.date
    last_day: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class ProfileView:
    mediator_id: int
    name: str
    kind: MediatorKind
    unit_id: int | None
    unit_name: str
    specialties: tuple[str, ...]
    languages: tuple[str, ...]
    max_per_day: int
    #: None: sits whenever the rooms are open.
    availability: dict[int, tuple[TimeRange, ...]] | None
    leave: tuple[LeaveView, ...]


@dataclass(frozen=True, slots=True)
class RecusalView:
    id: int
    mediator_id: int
    mediator_name: str
    party_id: int
    party_name: str
    reason: str


def list_profiles(uow: UnitOfWork) -> list[ProfileView]:
    """Every active mediator with scheduling data, in four queries."""
    s = uow.read()
    rows = s.execute(
        select(Mediator, MediatorProfile, HandlingUnit.name)
        .outerjoin(MediatorProfile, MediatorProfile.mediator_id == Mediator.id)
        .outerjoin(HandlingUnit, HandlingUnit.id == Mediator.unit_id)
        .where(Mediator.active.is_(True))
        .order_by(Mediator.id)
    ).all()
    avail: dict[int, dict[int, list[TimeRange]]] = {}
    for a in s.scalars(select(MediatorAvailability).order_by(MediatorAvailability.starts)):
        avail.setdefault(a.mediator_id, {}).setdefault(a.weekday, []).append((a.starts, a.ends))
    leave: dict[int, list[LeaveView]] = {}
    for lv in s.scalars(select(MediatorLeave).order_by(MediatorLeave.first_day)):
        leave.setdefault(lv.mediator_id, []).append(
            LeaveView(lv.id, lv.first_day, lv.last_day, lv.reason)
        )
    out = []
    for m, p, unit_name in rows:
        hours = avail.get(m.id)
        out.append(
            ProfileView(
                m.id,
                m.name,
                m.kind,
                m.unit_id,
                unit_name or "",
                split_codes(p.specialties) if p else (),
                split_codes(p.languages) if p else (),
                p.max_per_day if p else 0,
                {wd: tuple(v) for wd, v in sorted(hours.items())} if hours is not None else None,
                tuple(leave.get(m.id, ())),
            )
        )
    return out


def get_profile(uow: UnitOfWork, mediator_id: int) -> ProfileView:
    for p in list_profiles(uow):
        if p.mediator_id == mediator_id:
            return p
    raise DeskError("调解员不存在或已停用")


@requires(Permission.SETTINGS)
def save_profile(
    uow: UnitOfWork,
    *,
    mediator_id: int,
    specialties: Iterable[str] = (),
    languages: Iterable[str] = (),
    max_per_day: int = 0,
    availability: Mapping[int, Iterable[TimeRange]] | None = None,
) -> ProfileView:
    if not 0 <= max_per_day <= 20:
        raise DeskError("每日上限须在 0–20 场之间（0 表示不限）")
    hours = check_ranges(availability, "值班时间") if availability is not None else None
    s = uow.write()
    m = s.get(Mediator, mediator_id)
    if m is None:
        raise DeskError("调解员不存在")
    p = s.get(MediatorProfile, mediator_id)
    if p is None:
        p = MediatorProfile(mediator_id=mediator_id)
        s.add(p)
    p.specialties, p.languages = join_codes(specialties), join_codes(languages)
    p.max_per_day = max_per_day
    s.execute(delete(MediatorAvailability).where(MediatorAvailability.mediator_id == m.id))
    for wd, ranges in (hours or {}).items():
        for a, b in ranges:
            s.add(MediatorAvailability(mediator_id=m.id, weekday=wd, starts=a, ends=b))
    history.record(
        uow,
        entity=Entity.MEDIATOR,
        entity_id=m.id,
        action="profile",
        summary=f"修改调解员排期资料：{m.name}",
        changes={
            "specialties": p.specialties,
            "languages": p.languages,
            "max_per_day": max_per_day,
        },
    )
    return get_profile(uow, mediator_id)


@requires(Permission.SETTINGS)
def add_leave(
    uow: UnitOfWork,
    *,
    mediator_id: int,
    first_day: dt.date,
    last_day: dt.date,
    reason: str = "",
) -> LeaveView:
    if last_day < first_day:
        raise DeskError("请假结束日期不能早于开始日期")
    s = uow.write()
    m = s.get(Mediator, mediator_id)
    if m is None:
        raise DeskError("调解员不存在")
    lv = MediatorLeave(
        mediator_id=mediator_id, first_day=first_day, last_day=last_day, reason=reason.strip()
    )
    s.add(lv)
    s.flush()
    history.record(
        uow,
        entity=Entity.MEDIATOR,
        entity_id=m.id,
        action="leave",
        summary=f"登记请假：{m.name} {first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d}",
    )
    return LeaveView(lv.id, lv.first_day, lv.last_day, lv.reason)


@requires(Permission.SETTINGS)
def remove_leave(uow: UnitOfWork, *, leave_id: int) -> None:
    remove_period(
        uow,
        MediatorLeave,
        leave_id,
        Entity.MEDIATOR,
        "leave_removed",
        lambda lv: (lv.mediator_id, f"撤销请假 {lv.first_day:%Y-%m-%d} 至 {lv.last_day:%Y-%m-%d}"),
    )


@requires(Permission.SETTINGS)
def add_recusal(uow: UnitOfWork, *, mediator_id: int, party_id: int, reason: str) -> RecusalView:
    """Record that the mediator is related to the party: never bookable for that person."""
    if not reason.strip():
        raise DeskError("请填写回避理由（如近亲属、与纠纷有利害关系）")
    s = uow.write()
    m, p = s.get(Mediator, mediator_id), s.get(Party, party_id)
    if m is None or p is None:
        raise DeskError("调解员或当事人不存在")
    if s.scalar(select(Recusal.id).where(Recusal.mediator_id == m.id, Recusal.party_id == p.id)):
        raise DeskError(f"已登记调解员“{m.name}”对“{p.name}”回避")
    r = Recusal(
        mediator_id=m.id,
        party_id=p.id,
        person_key=person_key(p.id, p.id_number, p.credit_code),
        reason=reason.strip(),
        created_by=uow.actor.operator_id,
        created_at=uow.now(),
    )
    s.add(r)
    s.flush()
    history.record(
        uow,
        entity=Entity.RECUSAL,
        entity_id=r.id,
        case_id=p.case_id,
        action="create",
        summary=f"登记回避：调解员“{m.name}”与当事人“{p.name}”（{r.reason}）",
    )
    return RecusalView(r.id, m.id, m.name, p.id, p.name, r.reason)


def mediator_recusals(uow: UnitOfWork, mediator_id: int) -> list[RecusalView]:
    """Every recusal recorded for the mediator (the settings screen lists them)."""
    s = uow.read()
    rows = s.execute(
        select(Recusal, Mediator.name, Party.name)
        .join(Mediator, Mediator.id == Recusal.mediator_id)
        .join(Party, Party.id == Recusal.party_id)
        .where(Recusal.mediator_id == mediator_id)
        .order_by(Recusal.id)
    ).all()
    return [RecusalView(r.id, r.mediator_id, mn, r.party_id, pn, r.reason) for r, mn, pn in rows]
