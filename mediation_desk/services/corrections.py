"""Correcting a registered case: every intake field, checked by the intake rules, in one
transaction with its history, search index, repeat-visit links and stale documents.

``correct_case`` validates the draft exactly as intake does (same messages, same field paths),
updates the parties in place (matched by id: agreement clauses, signatures and sessions point
at them), rewrites phones, agents, participants and the search tokens, and records one history
entry with every field's old → new value (ID numbers and phones masked). Files generated
before the correction are marked 已过期 with the reason, and kept.

What a correction does not change [D]: the case number, the handling unit, the mediator, a
referral and the receiving time. The number is ``（year）…第seq号`` of the unit that received
the case (``services.numbering``): re-routing keeps it (``services.cases.route_case``), and
giving a new one would leave a gap in a sequence that must have none. Routing has its own
action (分流/移送…); the receiving time is when the desk took the case.

While the agreement carries a signature, the parties (everything the agreement prints about
them) and the dispute type cannot be corrected: undo the signatures first, as for the
agreement's own text (``services.agreements.save_agreement``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..db.agreement_models import (
    Agreement,
    AgreementClause,
    AgreementSignature,
    GeneratedDocument,
)
from ..db.minutes_models import MinutesAccount
from ..db.models import (
    Agent,
    Case,
    CaseLink,
    DisputeType,
    Participant,
    Party,
    PartyPhone,
    SearchToken,
)
from ..db.schedule_models import Recusal, SessionAttendee
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.corrections import (
    FieldChange,
    correction_refusal,
    diff_drafts,
    draft_from_detail,
    identity_changed,
    party_data_changed,
    summary,
)
from ..domain.drafts import CaseDraft, PartyDraft
from ..domain.enums import LinkKind, PartyKind
from ..domain.issues import FieldIssue
from ..domain.masking import mask_numbers_in_text
from ..domain.roles import Permission
from ..domain.validation import mask_id_number, normalize_phone
from ..errors import DeskError, NotFound, ValidationFailed
from ..scheduling.model import person_key
from . import history
from .case_report import intake_columns
from .case_rules import validate_case
from .cases import load_case
from .indexing import digits_only, reversed_key
from .intake import (
    _reference_sets,
    add_contacts,
    add_participants,
    blocking_issues,
    party_row,
    prepare,
    search_tokens,
    time_limit_inputs,
)
from .permissions import requires
from .places import active_place_codes, place_label
from .repeat_visits import RepeatMatch, find_repeat_visits
from .time_limits import apply_time_limit, extension_days, load_calendar, load_targets

#: The longest reason kept (``generated_document.stale_reason``).
MAX_REASON = 400


class NothingToCorrect(DeskError):
    """The draft equals what is stored: nothing was written."""

    def __init__(self) -> None:
        super().__init__("登记信息没有任何改动，无需保存。")


@dataclass(frozen=True, slots=True)
class CorrectionState:
    """What the case window needs to offer a correction."""

    case_id: int
    refusal: str  # why the case cannot be corrected ('' when it can)
    documents: int  # generated files: a reason is required when there are any
    signed: bool  # the agreement carries a signature: parties cannot change
    updated_at: dt.datetime  # the case as loaded (a correction made meanwhile is refused)

    @property
    def open(self) -> bool:
        return not self.refusal


@dataclass(frozen=True, slots=True)
class CorrectionResult:
    case_id: int
    number: str
    changes: tuple[FieldChange, ...]
    documents_marked: int  # files marked 已过期 by this correction
    links_added: tuple[int, ...]
    links_removed: tuple[int, ...]  # repeat-visit links that no longer match any party
    repeat_matches: tuple[RepeatMatch, ...]  # cases now matching a party (linked or not)


def draft_for_correction(uow: UnitOfWork, case_id: int) -> CaseDraft:
    """The registered case as the intake form's draft; each party carries its id and the
    repeat-visit links made from this case are listed in ``linked_case_ids``."""
    s = uow.read()
    draft = draft_from_detail(load_case(s, case_id, links=False))
    draft.linked_case_ids = _repeat_links(s, case_id)
    return draft


def correction_state(uow: UnitOfWork, case_id: int) -> CorrectionState:
    s = uow.read()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    return CorrectionState(
        case_id,
        correction_refusal(case.status),
        _document_count(s, case_id),
        _signed(s, case_id),
        case.updated_at,
    )


def check_correction(uow: UnitOfWork, case_id: int, draft: CaseDraft) -> list[FieldIssue]:
    """Errors and warnings for a correction, as the form shows them (nothing is saved)."""
    s = uow.read()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    stored = draft_from_detail(load_case(s, case_id, links=False))
    return _issues(uow, s, case, _ready(uow, case, keep_masked_ids(stored, draft)))


@requires(Permission.REGISTER)
def correct_case(
    uow: UnitOfWork,
    case_id: int,
    draft: CaseDraft,
    reason: str = "",
    *,
    acknowledged: set[str] | frozenset[str] = frozenset(),
    expected_updated_at: dt.datetime | None = None,
) -> CorrectionResult:
    """Save a corrected registration; all of it, or nothing.

    Raises ``ValidationFailed`` (findings beside the fields, as at intake; ``reason`` when
    documents exist and none is given), ``NothingToCorrect`` when nothing differs, and
    ``DeskError`` for a case not open for correction or changed meanwhile by another counter
    (``expected_updated_at``: the ``CorrectionState.updated_at`` the form was loaded with).
    """
    # the reason is kept in the history and on every file marked 已过期: no number in clear
    reason = mask_numbers_in_text(" ".join(reason.split()))
    s = uow.write()
    case = s.get(Case, case_id, with_for_update=True)
    if case is None:
        raise NotFound("案件不存在")
    refusal = correction_refusal(case.status)
    if refusal:
        raise DeskError(refusal)
    if expected_updated_at is not None and case.updated_at != expected_updated_at:
        raise DeskError("本案已被其他窗口修改，请关闭后重新打开“修改登记信息”，再作更正。")
    before = draft_from_detail(load_case(s, case_id, links=False))
    ready = _ready(uow, case, keep_masked_ids(before, draft))
    blocking = blocking_issues(_issues(uow, s, case, ready), ready, set(acknowledged))
    if len(reason) > MAX_REASON:
        blocking.append(
            FieldIssue("reason", "too_long", f"内容过长（最多{MAX_REASON}个字），请精简")
        )
    if blocking:
        raise ValidationFailed(blocking)

    _check_party_ids(before, ready)
    _apply(s, case, ready, before)
    s.flush()
    after = draft_from_detail(load_case(s, case_id, links=False))
    changes = diff_drafts(
        before,
        after,
        type_names=_type_names(s, before, after),
        place_names=_place_names(s, before, after),
    )

    added, removed, matches = _relink(uow, s, case, after, ready, changes)
    if not changes and not added and not removed:
        raise NothingToCorrect()
    _refuse_if_signed(s, case_id, changes)
    marked = 0
    if changes:
        documents = _document_count(s, case_id)
        if documents and not reason:
            raise ValidationFailed(
                [
                    FieldIssue(
                        "reason",
                        "reason_required",
                        "本案已生成文书，修改登记信息须写明原因（已生成的文书将标为“已过期”）",
                    )
                ]
            )
        marked = _mark_documents_stale(uow, s, case_id, reason)
        _rekey_sessions(s, before, after)
    case.updated_at = uow.now()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case.id,
        case_id=case.id,
        action="correct",
        summary=summary(changes) if changes else "更正重复来访关联",
        changes={
            "reason": reason,
            "fields": [c.as_record() for c in changes],
            "documents_marked": marked,
            "links_added": added,
            "links_removed": removed,
        },
    )
    return CorrectionResult(
        case.id,
        case.number,
        tuple(changes),
        marked,
        tuple(added),
        tuple(removed),
        tuple(matches),
    )


# ----- checking ------------------------------------------------------------------------------


def keep_masked_ids(stored: CaseDraft, draft: CaseDraft) -> CaseDraft:
    """The draft with every ID number still shown masked replaced by the stored number.

    The correction form shows stored ID numbers masked (``110105********002X``) to an account
    that may not see them in full; such a value left as it was means "unchanged", never "save
    the mask". A party is matched by its id, an agent by the mask among its party's stored
    agents. A masked value matching nothing stored is left as typed (intake's rules refuse it).
    """
    by_id = {p.party_id: p for p in stored.parties if p.party_id is not None}
    parties: list[PartyDraft] = []
    for p in draft.parties:
        was = by_id.get(p.party_id) if p.party_id is not None else None
        if was is None:
            parties.append(p)
            continue
        known_agents = [a.id_number for a in was.agents]
        agents = [
            dataclasses.replace(a, id_number=_unmasked(a.id_number, known_agents)) for a in p.agents
        ]
        id_number = _unmasked(p.id_number, [was.id_number])
        parties.append(dataclasses.replace(p, id_number=id_number, agents=agents))
    return dataclasses.replace(draft, parties=parties)


def _unmasked(typed: str, stored: list[str]) -> str:
    """The one stored number whose mask is ``typed``; ``typed`` itself otherwise."""
    shown = "".join(typed.split())
    if "*" not in shown:
        return typed
    matches = {n for n in stored if n and mask_id_number(n) == shown}
    return matches.pop() if len(matches) == 1 else typed


def _ready(uow: UnitOfWork, case: Case, draft: CaseDraft) -> CaseDraft:
    """The draft prepared as intake prepares it, with what a correction keeps as stored."""
    ready = prepare(draft, today=uow.today())
    ready.received_at = case.received_at
    ready.refused = False
    ready.refusal_reasons, ready.refusal_note = [], ""
    ready.routing = dataclasses.replace(
        ready.routing,
        unit_id=None if case.refer_to else case.unit_id,
        mediator_id=case.mediator_id,
        refer_to=case.refer_to,
        refer_body=case.refer_body,
        refer_note=case.refer_note,
    )
    return ready


def _issues(uow: UnitOfWork, s: Session, case: Case, ready: CaseDraft) -> list[FieldIssue]:
    """The intake rules; the case's own unit, mediator and dispute type count as valid even
    if since deactivated (a correction does not re-route the case)."""
    leaves, units, mediators = _reference_sets(s)
    leaves.add(case.dispute_type_code)
    units.add(case.unit_id)
    if case.mediator_id is not None:
        mediators.add(case.mediator_id)
    places = active_place_codes(s)
    if case.place_code:  # kept when its place has since been deactivated
        places.add(case.place_code)
    issues = validate_case(
        ready,
        leaf_dispute_codes=leaves,
        unit_ids=units,
        mediator_ids=mediators,
        now=uow.now(),
        place_codes=places,
    )
    # Routing is not edited here: a rule about it is shown with the parties.
    return [
        dataclasses.replace(i, field="parties") if i.field.startswith("routing") else i
        for i in issues
    ]


def _check_party_ids(before: CaseDraft, ready: CaseDraft) -> None:
    known = {p.party_id for p in before.parties}
    seen: set[int] = set()
    for p in ready.parties:
        if p.party_id is None:
            continue
        if p.party_id not in known or p.party_id in seen:
            raise DeskError("当事人不属于本案，请关闭后重新打开“修改登记信息”。")
        seen.add(p.party_id)


def _refuse_if_signed(s: Session, case_id: int, changes: list[FieldChange]) -> None:
    if not _signed(s, case_id):
        return
    if party_data_changed(changes) or any(c.field == "dispute_type_code" for c in changes):
        raise DeskError(
            "调解协议已有签名或盖章记录，协议上载明的当事人信息和纠纷类型不能再修改；"
            "如确需修改，请先撤销签名记录。"
        )


# ----- saving --------------------------------------------------------------------------------


_CASE_COLUMNS = (
    "source",
    "referring_body",
    "referral_letter_no",
    "dispute_type_code",
    "facts",
    "requests",
    "risk_level",
    "risk_note",
)
#: Party columns intake writes and a correction copies (the rest are keys and position).
_PARTY_COLUMNS = tuple(
    c.key for c in Party.__table__.columns if c.key not in ("id", "case_id", "position")
)


def _apply(s: Session, case: Case, ready: CaseDraft, before: CaseDraft) -> None:
    for name in _CASE_COLUMNS:
        value = getattr(ready, name)
        setattr(case, name, value.strip() if type(value) is str else value)
    for name, value in time_limit_inputs(ready, case.received_at.date()).items():
        setattr(case, name, value)
    for name, value in intake_columns(ready).items():
        setattr(case, name, value)
    if case.status.is_open:  # the source or its dates may set another limit
        apply_time_limit(case, load_calendar(s), load_targets(s), extension_days(s, case.id))
    removed = {p.party_id for p in before.parties} - {p.party_id for p in ready.parties}
    _refuse_referenced_removal(s, case.id, removed)
    s.execute(delete(PartyPhone).where(PartyPhone.case_id == case.id))
    s.execute(delete(Agent).where(Agent.case_id == case.id))
    s.execute(delete(Participant).where(Participant.case_id == case.id))
    s.execute(delete(SearchToken).where(SearchToken.case_id == case.id))
    rows = {p.id: p for p in s.scalars(select(Party).where(Party.case_id == case.id))}
    for position, p in enumerate(ready.parties):
        fresh = party_row(case.id, position, p)
        row = rows.get(p.party_id) if p.party_id is not None else None
        if row is None:
            s.add(fresh)
            s.flush()
            row = fresh
        else:
            for column in _PARTY_COLUMNS:
                setattr(row, column, getattr(fresh, column))
            row.position = position
        add_contacts(s, case.id, row.id, p)
    add_participants(s, case.id, ready)
    s.add_all(SearchToken(token=t, case_id=case.id) for t in search_tokens(ready))
    if removed:  # after the new parties are in: SQLite would give a new one a removed id
        s.flush()
        s.execute(delete(Party).where(Party.id.in_(removed)))


def _refuse_referenced_removal(s: Session, case_id: int, removed: set[int | None]) -> None:
    ids = {i for i in removed if i is not None}
    if not ids:
        return
    referenced = s.scalar(
        select(func.count())
        .select_from(AgreementClause)
        .join(Agreement, Agreement.id == AgreementClause.agreement_id)
        .where(Agreement.case_id == case_id)
        .where(
            or_(
                AgreementClause.payer_party_id.in_(ids),
                AgreementClause.payee_party_id.in_(ids),
                AgreementClause.obligor_party_id.in_(ids),
            )
        )
    )
    signed = s.scalar(
        select(func.count())
        .select_from(AgreementSignature)
        .where(AgreementSignature.party_id.in_(ids))
    )
    if referenced or signed:
        raise DeskError("要删除的当事人已写入调解协议的条款或签名，不能删除；请先修改调解协议。")
    stated = s.scalar(
        select(func.count()).select_from(MinutesAccount).where(MinutesAccount.party_id.in_(ids))
    )
    if stated:  # a session that took place keeps what each party said
        raise DeskError(
            "要删除的当事人在已保存的调解记录中有陈述，不能删除；如确属登记错误，请先修改该次调解记录。"
        )


def _rekey_sessions(s: Session, before: CaseDraft, after: CaseDraft) -> None:
    """Sessions and recusals find a person across cases by a key made from the ID number or
    credit code: a corrected number gives the party its new key (and attendees its name)."""
    old = {p.party_id: p for p in before.parties}
    for p in after.parties:
        was = old.get(p.party_id)
        if p.party_id is None or was is None:
            continue
        key, old_key = _key(p), _key(was)
        if key != old_key or p.name != was.name:
            s.execute(
                update(SessionAttendee)
                .where(SessionAttendee.party_id == p.party_id)
                .values(person_key=key, name=p.name)
            )
        if key != old_key:
            s.execute(update(Recusal).where(Recusal.party_id == p.party_id).values(person_key=key))


def _key(p: PartyDraft) -> str:
    assert p.party_id is not None
    return person_key(p.party_id, p.id_number, p.credit_code)


def _mark_documents_stale(uow: UnitOfWork, s: Session, case_id: int, reason: str) -> int:
    """Mark the case's current files 已过期 (a file already marked keeps its first reason)."""
    result = s.execute(
        update(GeneratedDocument)
        .where(GeneratedDocument.case_id == case_id, GeneratedDocument.stale_since.is_(None))
        .values(stale_since=uow.now(), stale_reason=reason)
    )
    marked = int(getattr(result, "rowcount", 0) or 0)
    if marked:
        uow.recorder.note(Entity.DOCUMENT, case_id, case_id)
    return marked


# ----- repeat visits ---------------------------------------------------------------------------


def _repeat_links(s: Session, case_id: int) -> list[int]:
    return list(
        s.scalars(
            select(CaseLink.linked_case_id)
            .where(CaseLink.case_id == case_id, CaseLink.kind == LinkKind.REPEAT_VISIT)
            .order_by(CaseLink.id)
        )
    )


def _relink(
    uow: UnitOfWork,
    s: Session,
    case: Case,
    after: CaseDraft,
    ready: CaseDraft,
    changes: list[FieldChange],
) -> tuple[list[int], list[int], list[RepeatMatch]]:
    """Repeat-visit links after the correction: the ones the clerk ticked are added (a link
    is never removed by unticking: ``linked_case_ids`` lists the links wanted); when a party's
    identity changed, links from this case to cases no longer sharing a party are removed
    (they rested on the wrong data). Returns (added, removed, current matches)."""
    existing = _repeat_links(s, case.id)
    wanted = [i for i in dict.fromkeys(ready.linked_case_ids) if i != case.id]
    known = set(s.scalars(select(Case.id).where(Case.id.in_(wanted)))) if wanted else set()
    added = [i for i in wanted if i in known and i not in existing]
    removed: list[int] = []
    matches: list[RepeatMatch] = []
    if identity_changed(changes):
        still = _sharing_a_party(s, after, set(existing))
        removed = [i for i in existing if i not in still]
        matches = find_repeat_visits(uow, after, exclude_case_id=case.id)
    now = uow.now()
    for linked_id in added:
        s.add(
            CaseLink(
                case_id=case.id,
                linked_case_id=linked_id,
                kind=LinkKind.REPEAT_VISIT,
                created_by=uow.actor.operator_id,
                created_at=now,
            )
        )
    if removed:
        s.execute(
            delete(CaseLink).where(
                CaseLink.case_id == case.id,
                CaseLink.kind == LinkKind.REPEAT_VISIT,
                CaseLink.linked_case_id.in_(removed),
            )
        )
    for linked_id in added + removed:
        uow.recorder.note(Entity.CASE, linked_id, linked_id)  # its links list changed
    return added, removed, matches


def _sharing_a_party(s: Session, draft: CaseDraft, among: set[int]) -> set[int]:
    """Which of ``among`` share a party with ``draft``, by the repeat-visit rules (same ID
    number, same credit code, or same name and phone), however long ago."""
    if not among:
        return set()
    conditions = []
    for p in draft.parties:
        if p.kind is PartyKind.PERSON and len(p.id_number) >= 6:
            conditions.append(Party.id_number == p.id_number)
        if p.kind is PartyKind.ORGANISATION and len(p.credit_code) == 18:
            conditions.append(Party.credit_code == p.credit_code)
        keys = _phone_keys([ph.number for ph in p.phones])
        if p.name and keys:
            same_phone = select(PartyPhone.party_id).where(PartyPhone.digits_rev.in_(keys))
            conditions.append((Party.name == p.name) & Party.id.in_(same_phone))
    if not conditions:
        return set()
    return set(
        s.scalars(select(Party.case_id).where(Party.case_id.in_(among)).where(or_(*conditions)))
    )


def _phone_keys(numbers: list[str]) -> list[str]:
    keys = []
    for raw in numbers:
        try:
            keys.append(reversed_key(digits_only(normalize_phone(raw).number)))
        except ValueError:
            continue
    return keys


# ----- small reads -------------------------------------------------------------------------------


def _document_count(s: Session, case_id: int) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(GeneratedDocument)
            .where(GeneratedDocument.case_id == case_id)
        )
        or 0
    )


def _signed(s: Session, case_id: int) -> bool:
    return (
        s.scalar(
            select(AgreementSignature.id)
            .join(Agreement, Agreement.id == AgreementSignature.agreement_id)
            .where(Agreement.case_id == case_id)
            .limit(1)
        )
        is not None
    )


def _place_names(s: Session, *drafts: CaseDraft) -> dict[str, str]:
    return {d.place_code: place_label(s, d.place_code) for d in drafts if d.place_code}


def _type_names(s: Session, *drafts: CaseDraft) -> dict[str, str]:
    codes = {d.dispute_type_code for d in drafts}
    rows = s.execute(select(DisputeType.code, DisputeType.name).where(DisputeType.code.in_(codes)))
    return {code: name for code, name in rows}
