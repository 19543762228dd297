"""The centre's reference data: units, mediators, dispute types (accounts are in
``services.accounts``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Centre, DisputeType, HandlingUnit, Mediator
from ..db.unit_of_work import UnitOfWork
from ..domain.case_number import format_case_number, format_problem
from ..domain.changes import Entity
from ..domain.dispute_types import CATALOG, CATALOG_VERSION
from ..domain.enums import MediatorKind, UnitKind
from ..domain.roles import Permission
from ..domain.validation.text import stored_name
from ..errors import DeskError
from . import history
from .permissions import requires


@dataclass(frozen=True, slots=True)
class UnitView:
    id: int
    name: str
    kind: UnitKind
    number_format: str
    active: bool


@dataclass(frozen=True, slots=True)
class MediatorView:
    id: int
    name: str
    kind: MediatorKind
    unit_id: int | None


@dataclass(frozen=True, slots=True)
class DisputeTypeView:
    code: str
    name: str
    parent_code: str | None
    is_leaf: bool


def ensure_reference_data(uow: UnitOfWork) -> None:
    """Seed the dispute-type catalogue rows that are missing (idempotent)."""
    uow.as_system()  # system work: no account asked for it
    if set(uow.read().scalars(select(DisputeType.code))) >= {spec.code for spec in CATALOG}:
        return  # the usual start-up: nothing to write
    s = uow.write()
    have = set(s.scalars(select(DisputeType.code)))
    for order, spec in enumerate(CATALOG):
        if spec.code not in have:
            s.add(
                DisputeType(
                    code=spec.code,
                    name=spec.name,
                    parent_code=spec.parent_code,
                    catalog_version=CATALOG_VERSION,
                    sort_order=order,
                    active=True,
                )
            )
            s.flush()


@dataclass(frozen=True, slots=True)
class CentreView:
    name: str
    address: str
    phone: str


def get_centre(uow: UnitOfWork) -> CentreView:
    """The centre's own details (empty until set)."""
    s = uow.read()
    c = s.scalar(select(Centre).order_by(Centre.id).limit(1))
    return CentreView(c.name, c.address, c.phone) if c else CentreView("", "", "")


@requires(Permission.SETTINGS)
def set_centre(uow: UnitOfWork, *, name: str, address: str = "", phone: str = "") -> None:
    if not name.strip():
        raise DeskError("请填写中心名称")
    s = uow.write()
    centre = s.scalar(select(Centre).order_by(Centre.id).limit(1))
    if centre is None:
        centre = Centre(name=name.strip(), address=address, phone=phone)
        s.add(centre)
    else:
        centre.name, centre.address, centre.phone = name.strip(), address, phone
    s.flush()
    history.record(
        uow,
        entity=Entity.CENTRE,
        entity_id=centre.id,
        action="update",
        summary=f"设置中心信息：{centre.name}",
    )


def list_units(uow: UnitOfWork, *, active_only: bool = True) -> list[UnitView]:
    s = uow.read()
    q = select(HandlingUnit).order_by(HandlingUnit.sort_order, HandlingUnit.id)
    if active_only:
        q = q.where(HandlingUnit.active.is_(True))
    return [UnitView(u.id, u.name, u.kind, u.number_format, u.active) for u in s.scalars(q)]


@requires(Permission.SETTINGS)
def create_unit(uow: UnitOfWork, *, name: str, kind: UnitKind, number_format: str) -> UnitView:
    """Add a handling unit; its case-number format is checked first."""
    name = stored_name(name)
    if not name:
        raise DeskError("请填写受理单位名称")
    problem = format_problem(number_format)
    if problem:
        raise DeskError(problem)
    s = uow.write()
    if s.scalar(select(HandlingUnit.id).where(HandlingUnit.name == name)):
        raise DeskError(f"已有名为“{name}”的受理单位")
    _refuse_shared_format(s, number_format)
    order = (s.scalar(select(func.max(HandlingUnit.sort_order))) or 0) + 1
    unit = HandlingUnit(
        name=name, kind=kind, number_format=number_format, active=True, sort_order=order
    )
    s.add(unit)
    s.flush()
    history.record(
        uow,
        entity=Entity.UNIT,
        entity_id=unit.id,
        action="create",
        summary=f"新增受理单位：{name}",
        changes={"kind": kind.value, "number_format": number_format},
    )
    return UnitView(unit.id, unit.name, unit.kind, unit.number_format, unit.active)


@requires(Permission.SETTINGS)
def set_unit_number_format(uow: UnitOfWork, *, unit_id: int, number_format: str) -> str:
    """Change a unit's case-number format; returns an example number."""
    problem = format_problem(number_format)
    if problem:
        raise DeskError(problem)
    s = uow.write()
    unit = s.get(HandlingUnit, unit_id)
    if unit is None:
        raise DeskError("受理单位不存在")
    _refuse_shared_format(s, number_format, except_unit=unit_id)
    old, unit.number_format = unit.number_format, number_format
    history.record(
        uow,
        entity=Entity.UNIT,
        entity_id=unit.id,
        action="update",
        summary=f"修改案号格式：{unit.name}",
        changes={"number_format": [old, number_format]},
    )
    return format_case_number(number_format, uow.today().year, 1)


def _refuse_shared_format(s: Session, number_format: str, *, except_unit: int = 0) -> None:
    """Numbers are unique across the centre: two units may not number cases the same way."""
    other = s.scalar(
        select(HandlingUnit.name).where(
            HandlingUnit.number_format == number_format, HandlingUnit.id != except_unit
        )
    )
    if other:
        raise DeskError(f"“{other}”已在使用这一案号格式，请为每个单位设置不同的案号格式")


def list_mediators(uow: UnitOfWork, *, unit_id: int | None = None) -> list[MediatorView]:
    s = uow.read()
    q = select(Mediator).where(Mediator.active.is_(True)).order_by(Mediator.id)
    if unit_id is not None:
        q = q.where(Mediator.unit_id == unit_id)
    return [MediatorView(m.id, m.name, m.kind, m.unit_id) for m in s.scalars(q)]


@requires(Permission.SETTINGS)
def create_mediator(
    uow: UnitOfWork, *, name: str, kind: MediatorKind, unit_id: int | None
) -> MediatorView:
    name = stored_name(name)
    if not name:
        raise DeskError("请填写调解员姓名")
    s = uow.write()
    m = Mediator(name=name, kind=kind, unit_id=unit_id, active=True)
    s.add(m)
    s.flush()
    history.record(
        uow,
        entity=Entity.MEDIATOR,
        entity_id=m.id,
        action="create",
        summary=f"新增调解员：{m.name}",
    )
    return MediatorView(m.id, m.name, m.kind, m.unit_id)


def list_dispute_types(uow: UnitOfWork) -> list[DisputeTypeView]:
    s = uow.read()
    rows = list(
        s.scalars(
            select(DisputeType).where(DisputeType.active.is_(True)).order_by(DisputeType.sort_order)
        )
    )
    parents = {r.parent_code for r in rows if r.parent_code}
    return [DisputeTypeView(r.code, r.name, r.parent_code, r.code not in parents) for r in rows]
