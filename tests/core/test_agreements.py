"""Agreements: drafting, the clarity check, signatures and the effective date (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.agreements import (
    AgreementDraft,
    AgreementForm,
    ClauseDraft,
    ClauseKind,
    InstalmentDraft,
    SignerRole,
    clause_text,
    validate_agreement,
)
from mediation_desk.errors import DeskError
from mediation_desk.services.agreements import (
    check_agreement,
    get_agreement,
    record_signature,
    remove_signature,
    save_agreement,
)
from mediation_desk.services.cases import get_case
from mediation_desk.services.history import case_history
from tests.desk import run
from tests.documents.sample import EFFECTIVE, register_sample_case, sample_agreement, sign_all


def _codes(issues) -> set[str]:  # type: ignore[no-untyped-def]
    return {i.code for i in issues if i.is_error}


def test_sample_agreement_is_clear() -> None:
    issues = validate_agreement(
        sample_agreement([1, 2]), party_ids={1, 2}, dispute_type_code="neighbour"
    )
    assert not [i for i in issues if i.is_error]


@pytest.mark.parametrize(
    ("clause", "code"),
    [
        (
            ClauseDraft(ClauseKind.PAYMENT, None, 1, 100, "现金", due_date=dt.date(2026, 1, 1)),
            "payer_missing",
        ),
        (
            ClauseDraft(ClauseKind.PAYMENT, 2, 1, None, "现金", due_date=dt.date(2026, 1, 1)),
            "amount_missing",
        ),
        (
            ClauseDraft(ClauseKind.PAYMENT, 2, 1, 100, "", due_date=dt.date(2026, 1, 1)),
            "method_missing",
        ),
        (ClauseDraft(ClauseKind.PAYMENT, 2, 1, 100, "现金"), "due_date_missing"),
        (
            ClauseDraft(ClauseKind.PAYMENT, 2, 2, 100, "现金", due_date=dt.date(2026, 1, 1)),
            "payer_is_payee",
        ),
        (
            ClauseDraft(
                ClauseKind.PAYMENT,
                2,
                1,
                300,
                "现金",
                instalments=[InstalmentDraft(dt.date(2026, 1, 1), 100), InstalmentDraft(None, 100)],
            ),
            "instalment_date_missing",
        ),
        (
            ClauseDraft(
                ClauseKind.PAYMENT,
                2,
                1,
                300,
                "现金",
                instalments=[InstalmentDraft(dt.date(2026, 1, 1), 100)],
            ),
            "instalments_sum",
        ),
        (
            ClauseDraft(ClauseKind.ACT, act="赔礼道歉", due_date=dt.date(2026, 1, 1)),
            "obligor_missing",
        ),
        (ClauseDraft(ClauseKind.ACT, obligor_party_id=2, act="赔礼道歉"), "due_date_missing"),
        (
            ClauseDraft(ClauseKind.ACT, obligor_party_id=2, due_date=dt.date(2026, 1, 1)),
            "act_missing",
        ),
        (ClauseDraft(ClauseKind.TEXT), "text_missing"),
    ],
)
def test_unclear_obligations_are_errors(clause: ClauseDraft, code: str) -> None:
    draft = AgreementDraft(facts="事实", clauses=[clause])
    assert code in _codes(validate_agreement(draft, party_ids={1, 2}, dispute_type_code="x"))


def test_refused_matter_is_a_warning_only_when_confirmation_intended() -> None:
    clause = ClauseDraft(ClauseKind.TEXT, text="双方自愿解除婚姻关系")
    draft = AgreementDraft(facts="事实", disputes="争议", responsibility="责任", clauses=[clause])
    assert not validate_agreement(draft, party_ids=set(), dispute_type_code="marriage_family")
    draft.intends_confirmation = True
    issues = validate_agreement(draft, party_ids=set(), dispute_type_code="marriage_family")
    assert [(i.code, i.is_error) for i in issues] == [("confirmation_status_matter", False)]


def test_clause_text_states_money_in_capitals() -> None:
    names = {1: "张三", 2: "李四"}
    c = ClauseDraft(
        ClauseKind.PAYMENT, 2, 1, 3560000, "银行转账", "6228 4800", dt.date(2026, 12, 1)
    )
    assert clause_text(c, names) == (
        "李四于2026年12月1日前向张三一次性支付人民币叁万伍仟陆佰元整（¥35,600.00）。"
        "支付方式：银行转账；收款账户：6228 4800。"
    )


def test_save_sign_and_take_effect(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    view = run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    assert view.copies == 3 and len(view.clause_texts) == 4
    assert view.effective_on is None and "调解委员会印章" in view.missing_signers
    assert not [i for i in run(db, check_agreement, case_id, view.draft) if i.is_error]
    again = run(db, get_agreement, case_id)
    assert again is not None and again.draft == view.draft
    sign_all(db, centre.actor, case_id, ids)
    signed = run(db, get_agreement, case_id)
    assert signed is not None and signed.effective_on == EFFECTIVE and not signed.missing_signers
    with pytest.raises(DeskError, match="签名"):
        run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    later = run(
        db,
        record_signature,
        case_id=case_id,
        role=SignerRole.SEAL,
        signed_on=EFFECTIVE + dt.timedelta(days=2),
        actor=centre.actor,
    )
    assert later.effective_on == EFFECTIVE + dt.timedelta(days=2)  # the last event counts
    undone = run(
        db,
        remove_signature,
        case_id=case_id,
        role=SignerRole.PARTY,
        party_id=ids[0],
        reason="签名日期记错",
        actor=centre.actor,
    )
    assert undone.effective_on is None and undone.missing_signers == ("张三",)
    actions = [h.action for h in run(db, case_history, case_id)]
    assert "agreement_create" in actions and "agreement_sign" in actions


def test_oral_agreement_takes_effect_when_reached(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    draft = sample_agreement(ids)
    draft.form, draft.reached_on = AgreementForm.ORAL, dt.date(2026, 3, 2)
    view = run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor)
    assert view.effective_on == dt.date(2026, 3, 2)


def test_clause_parties_must_belong_to_the_case(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    draft = AgreementDraft(facts="x", clauses=[ClauseDraft(ClauseKind.ACT, obligor_party_id=999)])
    with pytest.raises(DeskError):
        run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor)


def test_case_follows_its_agreement(db, centre) -> None:  # type: ignore[no-untyped-def]
    """Effective agreement -> 调解成功 (with history); a signature undone -> back to 调解中."""
    from mediation_desk.domain.agreements import SignerRole
    from mediation_desk.domain.enums import CaseStatus
    from mediation_desk.services.agreements import remove_signature
    from mediation_desk.services.cases import get_case
    from mediation_desk.services.history import case_history
    from tests.documents.sample import full_case

    case_id = full_case(db, centre, signed=True)
    assert run(db, get_case, case_id).status is CaseStatus.SUCCEEDED
    assert any(h.summary.startswith("调解成功") for h in run(db, case_history, case_id))
    run(
        db,
        remove_signature,
        case_id=case_id,
        role=SignerRole.SEAL,
        reason="盖章日期记错",
        actor=centre.actor,
    )
    assert run(db, get_case, case_id).status is CaseStatus.IN_MEDIATION


def test_undoing_a_signature_needs_a_reason_kept_in_the_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.history import case_history
    from tests.documents.sample import full_case

    case_id = full_case(db, centre, signed=True)
    with pytest.raises(DeskError, match="原因"):
        run(
            db,
            remove_signature,
            case_id=case_id,
            role=SignerRole.SEAL,
            reason="  ",
            actor=centre.actor,
        )
    run(
        db,
        remove_signature,
        case_id=case_id,
        role=SignerRole.SEAL,
        reason="盖章日期记错",
        actor=centre.actor,
    )
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert f"撤销{SignerRole.SEAL.label}记录：盖章日期记错" in summaries


def test_no_signature_while_the_agreement_fails_its_check(db, centre) -> None:  # type: ignore[no-untyped-def]
    """Signing locks the text: an agreement with errors is corrected first, not signed."""
    case_id = register_sample_case(db, centre)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    draft = sample_agreement(ids)
    draft.facts = ""  # the facts are required
    run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor)
    with pytest.raises(DeskError, match="须改正"):
        run(
            db,
            record_signature,
            case_id=case_id,
            role=SignerRole.PARTY,
            party_id=ids[0],
            signed_on=EFFECTIVE,
            actor=centre.actor,
        )
    assert run(db, get_agreement, case_id).signatures == ()  # type: ignore[union-attr]
    run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    signed = run(
        db,
        record_signature,
        case_id=case_id,
        role=SignerRole.PARTY,
        party_id=ids[0],
        signed_on=EFFECTIVE,
        actor=centre.actor,
    )
    assert len(signed.signatures) == 1
