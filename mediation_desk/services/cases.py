"""Reading one case in full, routing it again, and linking it to related cases."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from ..db.models import (
    Agent,
    Case,
    CaseLink,
    DisputeType,
    HandlingUnit,
    Mediator,
    Participant,
    Party,
    PartyPhone,
)
from ..db.unit_of_work import UnitOfWork
from ..domain.case_flow import CaseEvent, refusal, target
from ..domain.case_views import (
    AgentView,
    CaseDetail,
    LinkedCaseView,
    ParticipantView,
    PartyView,
    PhoneView,
)
from ..domain.changes import Entity
from ..domain.drafts import RoutingDraft
from ..domain.enums import CaseStatus, CourtProcedure, LinkKind, RefusalReason, UnitKind
from ..domain.outcomes import TerminationReason
from ..domain.report_fields import special_groups_from_str
from ..domain.roles import Permission
from ..domain.time_limits import TimeLimitView
from ..errors import DeskError, NotFound
from . import history
from .case_report import prevention_of
from .permissions import requires
from .places import place_label
from .time_limits import (
    apply_time_limit,
    extension_days,
    extension_days_column,
    load_calendar,
    load_targets,
)


def get_case(uow: UnitOfWork, case_id: int) -> CaseDetail:
    return load_case(uow.read(), case_id)


def case_query() -> Select[Case, str, UnitKind, str, str, int]:
    """The case with its unit (name, kind), dispute type and mediator names and the days its
    time limit was extended (callers add columns)."""
    return (
        select(
            Case,
            HandlingUnit.name,
            HandlingUnit.kind,
            DisputeType.name,
            Mediator.name,
            extension_days_column(),
        )
        .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
        .join(DisputeType, DisputeType.code == Case.dispute_type_code)
        .outerjoin(Mediator, Mediator.id == Case.mediator_id)
    )


def load_case(s: Session, case_id: int, *, links: bool = True) -> CaseDetail:
    """The case with its parties, phones, agents, participants (and links): six queries."""
    row = s.execute(case_query().where(Case.id == case_id)).first()
    if row is None:
        raise NotFound("案件不存在")
    c, unit_name, unit_kind, type_name, mediator_name, extended = row
    return case_detail(
        s, c, unit_name, unit_kind, type_name, mediator_name, links=links, extended=extended
    )


def case_detail(
    s: Session,
    c: Case,
    unit_name: str,
    unit_kind: UnitKind,
    type_name: str,
    mediator_name: str | None,
    *,
    links: bool,
    extended: int = 0,
) -> CaseDetail:
    """The rest of the case, once its row is loaded: four queries (five with links)."""
    case_id = c.id
    phones: dict[int, list[PhoneView]] = {}
    for ph in s.scalars(
        select(PartyPhone)
        .where(PartyPhone.case_id == case_id)
        .order_by(PartyPhone.party_id, PartyPhone.position)
    ):
        phones.setdefault(ph.party_id, []).append(PhoneView(ph.label, ph.number, ph.note))
    agents: dict[int, list[AgentView]] = {}
    for a in s.scalars(
        select(Agent).where(Agent.case_id == case_id).order_by(Agent.party_id, Agent.position)
    ):
        agents.setdefault(a.party_id, []).append(
            AgentView(
                a.kind,
                a.authority,
                a.authority_note,
                a.relation,
                a.name,
                a.id_type,
                a.id_number,
                a.phone,
            )
        )
    parties = tuple(
        PartyView(
            p.id,
            p.kind,
            p.role,
            p.name,
            p.gender,
            p.ethnicity,
            p.birth_date,
            p.id_type,
            p.id_number,
            p.occupation,
            p.address,
            p.credit_code,
            p.credit_code_override_reason,
            p.representative,
            p.representative_title,
            p.consent,
            tuple(phones.get(p.id, ())),
            tuple(agents.get(p.id, ())),
        )
        for p in s.scalars(select(Party).where(Party.case_id == case_id).order_by(Party.position))
    )
    participants = tuple(
        ParticipantView(p.name, p.relation, p.phone, p.note)
        for p in s.scalars(
            select(Participant).where(Participant.case_id == case_id).order_by(Participant.position)
        )
    )
    linked = tuple(_links(s, case_id)) if links else ()
    return CaseDetail(
        c.id,
        c.number,
        c.unit_id,
        unit_name,
        unit_kind,
        c.received_at,
        c.source,
        c.referring_body,
        c.referral_letter_no,
        c.dispute_type_code,
        type_name,
        c.facts,
        c.requests,
        c.risk_level,
        c.risk_note,
        c.status,
        c.mediator_id,
        mediator_name or "",
        c.refer_to,
        c.refer_body,
        c.refer_note,
        tuple(RefusalReason(r) for r in c.refusal_reasons.split(",") if r),
        c.refusal_note,
        parties,
        participants,
        linked,
        outcome_reason=TerminationReason(c.outcome_reason) if c.outcome_reason else None,
        outcome_note=c.outcome_note,
        ended_on=c.ended_on,
        closed_from=CaseStatus(c.closed_from) if c.closed_from else None,
        closed_on=c.closed_on,
        returned_materials=c.returned_materials,
        materials_received_on=c.materials_received_on,
        court_procedure=CourtProcedure(c.court_procedure) if c.court_procedure else None,
        handed_due_on=c.handed_due_on,
        time_limit=TimeLimitView(
            c.time_limit_rule,
            c.due_on,
            c.due_beyond_table,
            c.status.is_open,
            int(extended or 0),
        ),
        place_code=c.place_code or "",
        place_name=place_label(s, c.place_code) if c.place_code else "",
        grid_code=c.grid_code,
        amount_in_dispute_cents=c.amount_in_dispute_cents,
        persons_involved=c.persons_involved,
        special_groups=special_groups_from_str(c.special_groups),
        difficult=c.difficult,
        prevention=prevention_of(c),
    )


def _links(s: Session, case_id: int) -> list[LinkedCaseView]:
    rows = s.execute(
        select(CaseLink, Case)
        .join(
            Case,
            or_(
                (CaseLink.case_id == case_id) & (Case.id == CaseLink.linked_case_id),
                (CaseLink.linked_case_id == case_id) & (Case.id == CaseLink.case_id),
            ),
        )
        .where(or_(CaseLink.case_id == case_id, CaseLink.linked_case_id == case_id))
        .order_by(Case.received_at.desc())
    ).all()
    return [LinkedCaseView(c.id, c.number, link.kind, c.received_at, c.status) for link, c in rows]


@requires(Permission.ROUTE)
def route_case(uow: UnitOfWork, *, case_id: int, routing: RoutingDraft) -> CaseDetail:
    """Assign the case to a unit (and optionally a mediator) or refer it out, keeping its number."""
    s = uow.write()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    if not case.status.is_open and case.status is not CaseStatus.REFERRED_OUT:
        raise DeskError(f"案件状态为“{case.status.label}”，不能再分流")
    before = {
        "unit_id": case.unit_id,
        "mediator_id": case.mediator_id,
        "refer_to": case.refer_to.value if case.refer_to else None,
    }
    referred = case.status is CaseStatus.REFERRED_OUT
    if routing.refer_to is not None:
        if not routing.refer_body.strip():
            raise DeskError("请填写移送的具体单位")
        case.refer_to, case.refer_body = routing.refer_to, routing.refer_body.strip()
        case.refer_note = routing.refer_note.strip()
        summary = f"移送{routing.refer_to.label}：{case.refer_body}"
        move = None if referred else CaseEvent.ROUTE_OUT  # a referral corrected: no move
    else:
        unit = s.get(HandlingUnit, routing.unit_id) if routing.unit_id else None
        if unit is None or not unit.active:
            raise DeskError("请选择承办单位")
        if routing.mediator_id is not None and s.get(Mediator, routing.mediator_id) is None:
            raise DeskError("所选调解员不存在")
        case.unit_id, case.mediator_id = unit.id, routing.mediator_id
        case.refer_to, case.refer_body, case.refer_note = None, "", ""
        summary = f"分流至{unit.name}"
        move = CaseEvent.ROUTE_BACK if referred else None
    case.updated_at = uow.now()
    after = {
        "unit_id": case.unit_id,
        "mediator_id": case.mediator_id,
        "refer_to": case.refer_to.value if case.refer_to else None,
    }
    changes: dict[str, object] = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if move is None:
        history.record(
            uow,
            entity=Entity.CASE,
            entity_id=case.id,
            case_id=case.id,
            action="route",
            summary=summary,
            changes=changes,
        )
    else:  # a move of the case's state table, in the routing's one history entry
        refused = refusal(case.status, move)
        if refused:
            raise DeskError(refused)
        to = target(case.status, move, None)
        changes["status"] = [case.status.value, to.value]
        history.record_status(uow, case, move, summary, action="route", changes=changes)
        if to.is_open:  # handled here again: its time limit counts from the table once more
            apply_time_limit(case, load_calendar(s), load_targets(s), extension_days(s, case.id))
    s.flush()
    return load_case(s, case_id)


@requires(Permission.REGISTER)
def link_cases(
    uow: UnitOfWork,
    *,
    case_id: int,
    other_case_id: int,
    kind: LinkKind = LinkKind.RELATED,
) -> None:
    if case_id == other_case_id:
        raise DeskError("不能把案件与自身关联")
    s = uow.write()
    a, b = s.get(Case, case_id), s.get(Case, other_case_id)
    if a is None or b is None:
        raise NotFound("案件不存在")
    exists = s.scalar(
        select(CaseLink.id).where(
            or_(
                (CaseLink.case_id == case_id) & (CaseLink.linked_case_id == other_case_id),
                (CaseLink.case_id == other_case_id) & (CaseLink.linked_case_id == case_id),
            )
        )
    )
    if exists:
        return
    s.add(
        CaseLink(
            case_id=case_id,
            linked_case_id=other_case_id,
            kind=kind,
            created_by=uow.actor.operator_id,
            created_at=uow.now(),
        )
    )
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="link",
        summary=f"关联案件 {b.number}（{kind.label}）",
    )
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=other_case_id,
        case_id=other_case_id,
        action="link",
        summary=f"被关联案件 {a.number}（{kind.label}）",
    )
