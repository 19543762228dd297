"""Single-window intake: check a draft, look up repeat visits, register the case.

``register_case`` saves the case, its parties, agents, participants, links, search index,
case number and history entry in one transaction: all of it, or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
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
    SearchToken,
)
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.drafts import CaseDraft, PartyDraft
from ..domain.enums import CaseSource, CaseStatus, LinkKind, PartyKind, UnitKind
from ..domain.issues import FieldIssue
from ..domain.roles import Permission
from ..domain.validation import apply_id_derivations
from ..domain.validation.text import tidy_case_draft
from ..errors import ConfigurationError, ValidationFailed
from . import history
from .case_report import intake_columns, intake_record
from .case_rules import validate_case
from .indexing import digits_only, initials_variants, name_tokens, reversed_key
from .numbering import allocate_number
from .permissions import requires
from .places import active_place_codes
from .time_limits import apply_time_limit, load_calendar, load_targets


@dataclass(frozen=True, slots=True)
class RegisteredCase:
    id: int
    number: str
    status: CaseStatus
    unit_name: str


def warning_key(issue: FieldIssue) -> str:
    """How the form acknowledges a warning it has shown."""
    return f"{issue.field}:{issue.code}"


def prepare(draft: CaseDraft, *, today: dt.date) -> CaseDraft:
    """A normalised copy: line breaks as "\\n" and invisible format characters out of names
    (``tidy_case_draft``; control characters are left for validation to refuse), IDs to 18
    upper-case chars, phones tidied, birth date and gender filled in from the ID number. The
    caller's draft is left as it is."""
    ready = tidy_case_draft(draft)
    for party in ready.parties:
        apply_id_derivations(party, today=today)
    return ready


def _reference_sets(s: Session) -> tuple[set[str], set[int], set[int]]:
    types = s.execute(
        select(DisputeType.code, DisputeType.parent_code).where(DisputeType.active.is_(True))
    ).all()
    parents = {p for _, p in types if p}
    leaves = {c for c, _ in types if c not in parents}
    units = set(s.scalars(select(HandlingUnit.id).where(HandlingUnit.active.is_(True))))
    mediators = set(s.scalars(select(Mediator.id).where(Mediator.active.is_(True))))
    return leaves, units, mediators


def check_draft(uow: UnitOfWork, draft: CaseDraft) -> list[FieldIssue]:
    """All errors and warnings for a draft, as the form shows them (nothing is saved)."""
    now = uow.now()
    ready = prepare(draft, today=now.date())
    s = uow.read()
    leaves, units, mediators = _reference_sets(s)
    return validate_case(
        ready,
        leaf_dispute_codes=leaves,
        unit_ids=units,
        mediator_ids=mediators,
        now=now,
        place_codes=active_place_codes(s),
    )


def blocking_issues(
    issues: list[FieldIssue], draft: CaseDraft, acknowledged: set[str]
) -> list[FieldIssue]:
    """Errors, warnings needing a reason that has not been given, and unacknowledged warnings."""
    out = []
    for issue in issues:
        if issue.is_error:
            out.append(issue)
        elif issue.needs_reason:
            if not _override_reason(draft, issue.field):
                out.append(issue)
        elif warning_key(issue) not in acknowledged:
            out.append(issue)
    return out


def _override_reason(draft: CaseDraft, field: str) -> str:
    # fields look like "parties[2].credit_code"
    if field.startswith("parties[") and field.endswith("].credit_code"):
        index = int(field[len("parties[") : field.index("]")])
        return draft.parties[index].credit_code_override_reason.strip()
    return ""


@requires(Permission.REGISTER)
def register_case(
    uow: UnitOfWork,
    draft: CaseDraft,
    *,
    acknowledged: set[str] | frozenset[str] = frozenset(),
) -> RegisteredCase:
    """Validate and save a new case with its number; raises ``ValidationFailed`` saving nothing.

    ``acknowledged`` holds ``warning_key`` of each warning the clerk has seen and accepted.
    """
    now = uow.now()
    ready = prepare(draft, today=now.date())
    s = uow.write()
    leaves, units, mediators = _reference_sets(s)
    issues = validate_case(
        ready,
        leaf_dispute_codes=leaves,
        unit_ids=units,
        mediator_ids=mediators,
        now=now,
        place_codes=active_place_codes(s),
    )
    blocking = blocking_issues(issues, ready, set(acknowledged))
    if blocking:
        raise ValidationFailed(blocking)
    unit = _handling_unit(s, ready)
    received_at = ready.received_at or now
    seq, number = allocate_number(s, unit, received_at.year)
    case = Case(
        number=number,
        unit_id=unit.id,
        year=received_at.year,
        seq=seq,
        received_at=received_at,
        source=ready.source,
        referring_body=ready.referring_body.strip(),
        referral_letter_no=ready.referral_letter_no.strip(),
        dispute_type_code=ready.dispute_type_code,
        facts=ready.facts.strip(),
        requests=ready.requests.strip(),
        risk_level=ready.risk_level,
        risk_note=ready.risk_note.strip(),
        status=_initial_status(ready),
        mediator_id=ready.routing.mediator_id,
        refer_to=ready.routing.refer_to,
        refer_body=ready.routing.refer_body.strip(),
        refer_note=ready.routing.refer_note.strip(),
        refusal_reasons=",".join(r.value for r in ready.refusal_reasons),
        refusal_note=ready.refusal_note.strip(),
        **time_limit_inputs(ready, received_at.date()),
        **intake_columns(ready),
        created_by=uow.actor.operator_id,
        created_at=now,
        updated_at=now,
    )
    limit = apply_time_limit(case, load_calendar(s), load_targets(s))
    s.add(case)
    s.flush()
    add_parties(s, case, ready)
    for linked_id in dict.fromkeys(ready.linked_case_ids):
        s.add(
            CaseLink(
                case_id=case.id,
                linked_case_id=linked_id,
                kind=LinkKind.REPEAT_VISIT,
                created_by=uow.actor.operator_id,
                created_at=now,
            )
        )
        uow.recorder.note(Entity.CASE, linked_id, linked_id)  # its links list grew
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case.id,
        case_id=case.id,
        action="register",
        summary=f"登记{case.status.label}：{number}（{unit.name}）",
        changes={
            "status": case.status.value,
            "unit": unit.name,
            "parties": len(ready.parties),
            "linked_cases": ready.linked_case_ids,
            "acknowledged_warnings": sorted(acknowledged),
            "time_limit": limit.rule.key if limit else "",
            "due_on": case.due_on.isoformat() if case.due_on else None,
            **intake_record(s, ready),
        },
    )
    return RegisteredCase(case.id, number, case.status, unit.name)


def time_limit_inputs(draft: CaseDraft, received: dt.date) -> dict[str, Any]:
    """The dates the time limit runs from, for the sources that have them (the materials'
    day of a court's case defaults to the day it was received)."""
    court = draft.source in (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED)
    entrusted = draft.source is CaseSource.COURT_ENTRUSTED
    return {
        "court_procedure": draft.court_procedure.value
        if entrusted and draft.court_procedure
        else "",
        "materials_received_on": (draft.materials_received_on or received) if court else None,
        "handed_due_on": draft.handed_due_on if draft.source is CaseSource.PETITIONS else None,
    }


def _initial_status(draft: CaseDraft) -> CaseStatus:
    if draft.refused:
        return CaseStatus.REFUSED
    if draft.routing.refer_to is not None:
        return CaseStatus.REFERRED_OUT
    return CaseStatus.ACCEPTED


def _handling_unit(s: Session, draft: CaseDraft) -> HandlingUnit:
    """The routed unit; refusals and referrals out are numbered by the intake desk."""
    if not draft.refused and draft.routing.refer_to is None and draft.routing.unit_id:
        unit = s.get(HandlingUnit, draft.routing.unit_id)
        assert unit is not None  # validated above
        return unit
    desk = s.scalar(
        select(HandlingUnit)
        .where(HandlingUnit.kind == UnitKind.INTAKE_DESK, HandlingUnit.active.is_(True))
        .order_by(HandlingUnit.sort_order, HandlingUnit.id)
        .limit(1)
    )
    if desk is None:
        raise ConfigurationError(
            "尚未设置“综合受理窗口”单位，无法为不予受理或移送的案件编号。请先在中心设置中添加。"
        )
    return desk


def add_parties(s: Session, case: Case, draft: CaseDraft) -> None:
    """Insert parties, phones, agents, participants and the search index of a new case."""
    for position, p in enumerate(draft.parties):
        party = party_row(case.id, position, p)
        s.add(party)
        s.flush()
        add_contacts(s, case.id, party.id, p)
    add_participants(s, case.id, draft)
    s.add_all(SearchToken(token=t, case_id=case.id) for t in search_tokens(draft))


def search_tokens(draft: CaseDraft) -> set[str]:
    """The name tokens of a case: its parties' and agents' names."""
    names: list[str] = []
    for p in draft.parties:
        names.append(p.name)
        names += [a.name for a in p.agents]
    return name_tokens(names)


def add_contacts(s: Session, case_id: int, party_id: int, p: PartyDraft) -> None:
    """Insert a party's phones (with their reversed digits) and agents."""
    for j, phone in enumerate(p.phones):
        s.add(
            PartyPhone(
                party_id=party_id,
                case_id=case_id,
                position=j,
                label=phone.label,
                note=phone.note.strip(),
                number=phone.number,
                digits_rev=reversed_key(digits_only(phone.number)),
            )
        )
    for k, a in enumerate(p.agents):
        s.add(
            Agent(
                party_id=party_id,
                case_id=case_id,
                position=k,
                kind=a.kind,
                authority=a.authority,
                authority_note=a.authority_note.strip(),
                relation=a.relation.strip(),
                name=a.name.strip(),
                id_type=a.id_type,
                id_number=a.id_number.strip().upper(),
                phone=a.phone.strip(),
            )
        )


def add_participants(s: Session, case_id: int, draft: CaseDraft) -> None:
    for position, pt in enumerate(draft.participants):
        s.add(
            Participant(
                case_id=case_id,
                position=position,
                name=pt.name.strip(),
                relation=pt.relation.strip(),
                phone=pt.phone.strip(),
                note=pt.note.strip(),
            )
        )


def party_row(case_id: int, position: int, p: PartyDraft) -> Party:
    """The row of a party as intake stores it (a correction copies its columns)."""
    person = p.kind is PartyKind.PERSON
    variants = initials_variants(p.name)
    return Party(
        case_id=case_id,
        position=position,
        kind=p.kind,
        role=p.role,
        name=p.name.strip(),
        name_initials=variants[0] if variants else "",
        gender=p.gender if person else None,
        ethnicity=p.ethnicity if person else "",
        birth_date=p.birth_date if person else None,
        id_type=p.id_type,
        id_number=p.id_number if person else "",
        id_number_rev=reversed_key(p.id_number) if person and p.id_number else "",
        occupation=p.occupation.strip(),
        address=p.address.strip(),
        credit_code="" if person else p.credit_code,
        credit_code_override_reason="" if person else p.credit_code_override_reason.strip(),
        representative="" if person else p.representative.strip(),
        representative_title="" if person else p.representative_title.strip(),
        consent=p.consent,
    )
