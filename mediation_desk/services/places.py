"""The centre's villages and communities (村（社区）): where disputes arise, for the statistics.

Kept in 中心设置 › 村（社区）. A place is known by its 12-digit statistical division code, which
is unique and never changes once cases point at it; places are deactivated, never deleted.
Intake offers the active ones; a case keeps its place when the place is deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Case
from ..db.report_models import Place
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.report_fields import PlaceKind, ReportFieldError, normalize_place_code
from ..domain.roles import Permission
from ..errors import DeskError
from . import history
from .permissions import requires

NAME_MAX = 60


@dataclass(frozen=True, slots=True)
class PlaceView:
    code: str
    name: str
    kind: PlaceKind
    township: str
    sort_order: int
    active: bool

    @property
    def label(self) -> str:
        """As pickers show it: ``东街社区（塔山街道）``."""
        return f"{self.name}（{self.township}）" if self.township else self.name


def _view(p: Place) -> PlaceView:
    return PlaceView(p.code, p.name, p.kind, p.township, p.sort_order, p.active)


def list_places(uow: UnitOfWork, *, active_only: bool = False) -> list[PlaceView]:
    return places_in(uow.read(), active_only=active_only)


def places_in(s: Session, *, active_only: bool = False) -> list[PlaceView]:
    """In the centre's order (then by code, which groups a township's places)."""
    q = select(Place).order_by(Place.sort_order, Place.code)
    if active_only:
        q = q.where(Place.active.is_(True))
    return [_view(p) for p in s.scalars(q)]


def active_place_codes(s: Session) -> set[str]:
    return set(s.scalars(select(Place.code).where(Place.active.is_(True))))


def place_label(s: Session, code: str | None) -> str:
    """The name a case shows for its place; ``未填写`` when none."""
    if not code:
        return "未填写"
    place = s.get(Place, code)
    return _view(place).label if place else code


def _clean(name: str, township: str) -> tuple[str, str]:
    name, township = name.strip(), township.strip()
    if not name:
        raise DeskError("请填写村（社区）名称")
    if len(name) > NAME_MAX or len(township) > NAME_MAX:
        raise DeskError(f"名称不能超过{NAME_MAX}个字")
    return name, township


@requires(Permission.SETTINGS)
def add_place(
    uow: UnitOfWork, *, code: str, name: str, kind: PlaceKind, township: str = ""
) -> PlaceView:
    """A new place at the end of the list; the code must be 12 digits and not yet used."""
    try:
        code = normalize_place_code(code)
    except ReportFieldError as e:
        raise DeskError(str(e)) from None
    name, township = _clean(name, township)
    s = uow.write()
    existing = s.get(Place, code)
    if existing is not None:
        state = "" if existing.active else "（已停用，可重新启用）"
        raise DeskError(f"区划代码 {code} 已用于“{existing.name}”{state}")
    order = (s.scalar(select(func.max(Place.sort_order))) or 0) + 1
    place = Place(code=code, name=name, kind=kind, township=township, sort_order=order, active=True)
    s.add(place)
    s.flush()
    history.record(
        uow,
        entity=Entity.PLACE,
        entity_id=0,
        action="place_add",
        summary=f"添加村（社区）：{name}（{code}）",
        changes={"code": code, "name": name, "kind": kind.value, "township": township},
    )
    return _view(place)


@requires(Permission.SETTINGS)
def update_place(
    uow: UnitOfWork,
    code: str,
    *,
    name: str,
    kind: PlaceKind,
    township: str = "",
    active: bool = True,
) -> PlaceView:
    """Rename, re-file or (de)activate a place; its code stays (cases point at it)."""
    name, township = _clean(name, township)
    s = uow.write()
    place = s.get(Place, code)
    if place is None:
        raise DeskError("该村（社区）不存在，可能已被他人修改，请刷新")
    before = {
        "name": place.name,
        "kind": place.kind.value,
        "township": place.township,
        "active": place.active,
    }
    after = {"name": name, "kind": kind.value, "township": township, "active": active}
    changed = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if not changed:
        return _view(place)
    place.name, place.kind, place.township, place.active = name, kind, township, active
    s.flush()
    if list(changed) == ["active"]:
        summary = f"{'启用' if active else '停用'}村（社区）：{name}（{code}）"
    else:
        summary = f"修改村（社区）：{name}（{code}）"
    history.record(
        uow,
        entity=Entity.PLACE,
        entity_id=0,
        action="place_update",
        summary=summary,
        changes={"code": code, **changed},
    )
    return _view(place)


@requires(Permission.SETTINGS)
def move_place(uow: UnitOfWork, code: str, step: int) -> None:
    """Move a place up (-1) or down (+1) in the list intake shows."""
    s = uow.write()
    places = list(s.scalars(select(Place).order_by(Place.sort_order, Place.code)))
    index = next((i for i, p in enumerate(places) if p.code == code), None)
    if index is None:
        raise DeskError("该村（社区）不存在，可能已被他人修改，请刷新")
    target = index + step
    if not 0 <= target < len(places):
        return
    places[index], places[target] = places[target], places[index]
    for order, p in enumerate(places, start=1):
        p.sort_order = order
    s.flush()
    history.record(
        uow,
        entity=Entity.PLACE,
        entity_id=0,
        action="place_move",
        summary=f"调整村（社区）顺序：{places[target].name}",
        changes={"code": code, "position": target + 1},
    )


def case_count(uow: UnitOfWork, code: str) -> int:
    """How many cases arose in a place (the settings tab shows it beside 停用)."""
    return uow.read().scalar(select(func.count(Case.id)).where(Case.place_code == code)) or 0
