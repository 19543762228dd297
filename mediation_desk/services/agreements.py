"""Storing the agreement of a case: drafts, signatures, and the case status that follows.

The rules (what is clear enough to print, who must sign, when it takes effect) are in
``domain.agreements``; this module loads and saves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db.agreement_models import Agreement, AgreementClause, AgreementSignature
from ..db.models import Case, Party
from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import (
    AgreementDraft,
    AgreementForm,
    AgreementView,
    ClauseDraft,
    InstalmentDraft,
    SignatureView,
    SignerRole,
    case_status_following,
    clause_text,
    copies,
    effect,
    validate_agreement,
)
from ..domain.case_flow import agreement_refusal
from ..domain.changes import Entity
from ..domain.dates import numeric_date
from ..domain.enums import CaseStatus
from ..domain.issues import FieldIssue
from ..domain.roles import Permission
from ..domain.validation.text import agreement_control_issues, tidy_agreement_draft
from ..errors import DeskError, NotFound, TextRefused
from . import history
from .permissions import requires


def party_names(s: Session, case_id: int) -> list[tuple[int, str]]:
    rows = s.execute(
        select(Party.id, Party.name).where(Party.case_id == case_id).order_by(Party.position)
    )
    return [(pid, name) for pid, name in rows]


def _load(s: Session, case_id: int) -> Agreement | None:
    return s.scalar(select(Agreement).where(Agreement.case_id == case_id))


def _clause(r: AgreementClause) -> ClauseDraft:
    return ClauseDraft(
        kind=r.kind,
        payer_party_id=r.payer_party_id,
        payee_party_id=r.payee_party_id,
        amount_fen=r.amount_fen,
        method=r.method,
        account=r.account,
        due_date=r.due_date,
        instalments=[
            InstalmentDraft(dt.date.fromisoformat(d) if d else None, fen)
            for d, fen in json.loads(r.instalments or "[]")
        ],
        obligor_party_id=r.obligor_party_id,
        act=r.act,
        place=r.place,
        text=r.text,
    )


def agreement_view(
    a: Agreement,
    clauses: list[AgreementClause],
    signatures: list[AgreementSignature],
    parties: list[tuple[int, str]],
) -> AgreementView:
    """The view of stored rows (the loaders decide how the rows are fetched)."""
    drafts = [_clause(r) for r in clauses]
    draft = AgreementDraft(
        a.form,
        a.facts,
        a.disputes,
        a.responsibility,
        drafts,
        a.breach_clause,
        a.extra_copies,
        a.intends_confirmation,
        a.mediator_name,
        a.recorder_name,
        a.place,
        a.reached_on,
    )
    sigs = tuple(SignatureView(g.role, g.party_id, g.signer_name, g.signed_on) for g in signatures)
    missing, effective = effect(a.form, reached_on=a.reached_on, signatures=sigs, parties=parties)
    names = dict(parties)
    return AgreementView(
        a.id,
        a.case_id,
        draft,
        tuple(clause_text(c, names) for c in drafts),
        sigs,
        missing,
        effective,
        copies(len(parties), a.extra_copies),
        a.updated_at,
        tuple(json.loads(a.confirmation_excluded or "[]")),
        a.confirmation_override,
        a.printed_snapshot or "",
    )


def agreement_rows(
    s: Session, agreement_id: int
) -> tuple[list[AgreementClause], list[AgreementSignature]]:
    """The agreement's clauses and signatures, in order (two queries)."""
    clauses = list(
        s.scalars(
            select(AgreementClause)
            .where(AgreementClause.agreement_id == agreement_id)
            .order_by(AgreementClause.position)
        )
    )
    signatures = list(
        s.scalars(
            select(AgreementSignature)
            .where(AgreementSignature.agreement_id == agreement_id)
            .order_by(AgreementSignature.id)
        )
    )
    return clauses, signatures


def load_agreement(
    s: Session, case_id: int, parties: list[tuple[int, str]] | None = None
) -> AgreementView | None:
    """The case's agreement (three queries; ``parties`` saves a fourth when known)."""
    a = _load(s, case_id)
    if a is None:
        return None
    clauses, signatures = agreement_rows(s, a.id)
    names = party_names(s, case_id) if parties is None else parties
    return agreement_view(a, clauses, signatures, names)


def get_agreement(uow: UnitOfWork, case_id: int) -> AgreementView | None:
    return load_agreement(uow.read(), case_id)


def check_agreement(uow: UnitOfWork, case_id: int, draft: AgreementDraft) -> list[FieldIssue]:
    """Errors and warnings of ``draft`` for this case (nothing is saved)."""
    s = uow.read()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    _refuse_when_ended(case)
    ids = {pid for pid, _ in party_names(s, case_id)}
    draft = tidy_agreement_draft(draft)
    return agreement_control_issues(draft) + validate_agreement(
        draft, party_ids=ids, dispute_type_code=case.dispute_type_code
    )


@requires(Permission.MEDIATE)
def save_agreement(uow: UnitOfWork, *, case_id: int, draft: AgreementDraft) -> AgreementView:
    """Save the draft (errors allowed: printing checks them). Refused once signing began.
    A control character in its text is refused (``TextRefused`` naming the field, nothing
    saved), unlike its other errors: it could not be printed at all."""
    draft = tidy_agreement_draft(draft)
    refused = agreement_control_issues(draft)
    if refused:
        raise TextRefused(refused[0].message)
    s = uow.write()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    ids = {pid for pid, _ in party_names(s, case_id)}
    for c in draft.clauses:
        for pid in (c.payer_party_id, c.payee_party_id, c.obligor_party_id):
            if pid is not None and pid not in ids:
                raise DeskError("协议条款中的当事人不属于本案")
    a = _load(s, case_id)
    now = uow.now()
    action = "agreement_update"
    if a is None:
        a = Agreement(case_id=case_id, updated_by=uow.actor.operator_id, updated_at=now)
        s.add(a)
        action = "agreement_create"
    elif s.scalar(select(AgreementSignature.id).where(AgreementSignature.agreement_id == a.id)):
        raise DeskError("协议已有签名或盖章记录，不能再修改内容；如需修改，请先撤销签名记录。")
    else:
        before = load_agreement(s, case_id)
        names = dict(party_names(s, case_id))
        if before and before.clause_texts != tuple(clause_text(c, names) for c in draft.clauses):
            # which clauses were left out of a confirmation request no longer holds
            a.confirmation_excluded, a.confirmation_override = "[]", ""
    a.form, a.facts, a.disputes = draft.form, draft.facts.strip(), draft.disputes.strip()
    a.responsibility = draft.responsibility.strip()
    a.breach_clause = draft.breach_clause.strip()
    a.extra_copies = max(draft.extra_copies, 0)
    a.intends_confirmation = draft.intends_confirmation
    a.mediator_name, a.recorder_name = draft.mediator_name.strip(), draft.recorder_name.strip()
    a.place, a.reached_on = draft.place.strip(), draft.reached_on
    a.updated_by, a.updated_at = uow.actor.operator_id, now
    s.flush()
    s.execute(delete(AgreementClause).where(AgreementClause.agreement_id == a.id))
    for pos, c in enumerate(draft.clauses):
        s.add(
            AgreementClause(
                agreement_id=a.id,
                position=pos,
                kind=c.kind,
                payer_party_id=c.payer_party_id,
                payee_party_id=c.payee_party_id,
                amount_fen=c.amount_fen,
                method=c.method.strip(),
                account=c.account.strip(),
                due_date=c.due_date,
                instalments=json.dumps(
                    [
                        [p.due_date.isoformat() if p.due_date else None, p.amount_fen]
                        for p in c.instalments
                    ]
                ),
                obligor_party_id=c.obligor_party_id,
                act=c.act.strip(),
                place=c.place.strip(),
                text=c.text.strip(),
            )
        )
    history.record(
        uow,
        entity=Entity.AGREEMENT,
        entity_id=a.id,
        case_id=case_id,
        action=action,
        summary=f"{draft.form.label}：{len(draft.clauses)}条",
    )
    # an oral agreement takes effect when reached (人民调解法 art. 30): the case follows now
    return _after_signing(uow, case_id)


def _refuse_when_ended(case: Case | None) -> None:
    """A closed (or otherwise ended) case keeps its agreement as it was (domain.case_flow)."""
    refused = agreement_refusal(case.status) if case is not None else "案件不存在"
    if refused:
        raise DeskError(refused)


def _signature_row(
    s: Session, agreement_id: int, role: SignerRole, party_id: int | None
) -> AgreementSignature | None:
    return s.scalar(
        select(AgreementSignature).where(
            AgreementSignature.agreement_id == agreement_id,
            AgreementSignature.role == role,
            AgreementSignature.party_id.is_(None)
            if party_id is None
            else AgreementSignature.party_id == party_id,
        )
    )


@requires(Permission.MEDIATE)
def record_signature(
    uow: UnitOfWork,
    *,
    case_id: int,
    role: SignerRole,
    signed_on: dt.date,
    party_id: int | None = None,
    signer_name: str = "",
) -> AgreementView:
    """Record (or correct the date of) one signing or sealing. Refused while the agreement
    fails its check: what is signed can no longer be changed."""
    if signed_on > uow.today():
        raise DeskError("签名日期不能晚于今天")
    s = uow.write()
    a = _load(s, case_id)
    if a is None:
        raise NotFound("本案尚无调解协议")
    _refuse_when_ended(s.get(Case, case_id))
    _refuse_unchecked(s, case_id)
    names = dict(party_names(s, case_id))
    if role is SignerRole.PARTY:
        if party_id not in names:
            raise DeskError("请选择签名的当事人")
        signer_name = signer_name or names[party_id]
    else:
        party_id = None
    row = _signature_row(s, a.id, role, party_id)
    if row is None:
        row = AgreementSignature(agreement_id=a.id, role=role, party_id=party_id)
        s.add(row)
    row.signer_name, row.signed_on = signer_name.strip(), signed_on
    row.recorded_by, row.recorded_at = uow.actor.operator_id, uow.now()
    history.record(
        uow,
        entity=Entity.AGREEMENT,
        entity_id=a.id,
        case_id=case_id,
        action="agreement_sign",
        summary=f"{role.label}：{signer_name or role.label}，{numeric_date(signed_on)}",
    )
    return _after_signing(uow, case_id)


def _refuse_unchecked(s: Session, case_id: int) -> None:
    """Signing locks the agreement's text: not while the saved text still has errors."""
    view = load_agreement(s, case_id)
    case = s.get(Case, case_id)
    if view is None or case is None or view.signatures:
        return  # a date corrected, or a further signer: the text was checked at the first
    ids = {pid for pid, _ in party_names(s, case_id)}
    issues = validate_agreement(view.draft, party_ids=ids, dispute_type_code=case.dispute_type_code)
    errors = [i.message for i in issues if i.is_error]
    if errors:
        raise DeskError(
            f"协议尚有 {len(errors)} 处须改正，签名后就不能再改，请先改正并保存协议：\n"
            + "\n".join(errors[:5])
        )


@requires(Permission.MEDIATE)
def remove_signature(
    uow: UnitOfWork,
    *,
    case_id: int,
    role: SignerRole,
    reason: str,
    party_id: int | None = None,
) -> AgreementView:
    """Undo one signing record, with the reason (kept in the history): the agreement is then
    no longer effective, and may be corrected once no signature is left."""
    reason = reason.strip()
    if not reason:
        raise DeskError("请填写撤销签名的原因")
    s = uow.write()
    a = _load(s, case_id)
    if a is None:
        raise NotFound("本案尚无调解协议")
    _refuse_when_ended(s.get(Case, case_id))
    row = _signature_row(s, a.id, role, party_id)
    if row is None:
        raise DeskError("没有这条签名记录")
    s.delete(row)
    history.record(
        uow,
        entity=Entity.AGREEMENT,
        entity_id=a.id,
        case_id=case_id,
        action="agreement_unsign",
        summary=f"撤销{role.label}记录：{reason}",
    )
    return _after_signing(uow, case_id)


def _after_signing(uow: UnitOfWork, case_id: int) -> AgreementView:
    """The agreement as signed now, and the case status that follows from it."""
    s = uow.write()
    s.flush()
    view = load_agreement(s, case_id)
    assert view is not None
    case = s.get(Case, case_id)
    assert case is not None
    _freeze_printed_text(uow, case_id, view)
    from .performance import sync_schedule  # its schedule is frozen (or dropped) with it

    sync_schedule(uow, case_id, view)
    follows = case_status_following(case.status, view.effective_on)
    if follows is not None:
        event, summary = follows
        history.record_status(uow, case, event, summary, on=view.effective_on)
    elif case.status is CaseStatus.SUCCEEDED and view.effective_on is not None:
        case.ended_on = view.effective_on  # a signing date corrected: it took effect then
    from .follow_up_tasks import sync_tasks  # imports this module

    sync_tasks(uow, case_id, view)  # the visits after each performance due day
    return view


def _freeze_printed_text(uow: UnitOfWork, case_id: int, view: AgreementView) -> None:
    """Freeze the 协议书's text the moment it takes effect (人民调解法 art. 29): what the
    parties signed no longer follows later changes (the confirmation court, the centre's
    settings, a party's new phone). A new effective date (a signature corrected) freezes it
    again; an agreement no longer effective (a signature undone) prints from the data again.
    """
    from ..documents.agreement_docs import build_agreement_now, document_to_json
    from ..documents.builders import DocumentData
    from .case_data import load_case_data

    s = uow.write()
    a = _load(s, case_id)
    assert a is not None
    if view.effective_on is None or a.form is not AgreementForm.WRITTEN:
        a.printed_snapshot = None
        return
    if a.printed_snapshot:
        frozen = json.loads(a.printed_snapshot).get("meta", {}).get("effective_on")
        if frozen == view.effective_on.isoformat():
            return
    data = load_case_data(s, case_id, links=False)
    doc = build_agreement_now(
        DocumentData(
            case=data.case,
            settings=data.settings,
            today=uow.today(),
            agreement=data.agreement,
            pack=data.pack,
        )
    )
    meta = {**doc.meta, "effective_on": view.effective_on.isoformat()}
    a.printed_snapshot = document_to_json(dataclasses.replace(doc, meta=meta))
