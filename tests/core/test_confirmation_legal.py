"""What judicial confirmation is never offered for, and what courts refuse (issue 8).

民诉解释 art. 355 (matters not accepted), 特邀调解规定 art. 20 (委托 cases), 人民调解法 art. 33.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.db.models import Case
from mediation_desk.domain.agreements import ClauseDraft, ClauseKind
from mediation_desk.domain.confirmation_rules import (
    RefusedKind,
    refused_matter_issues,
    refused_matters,
    unresolved_matters,
)
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.domain.enums import CaseSource, CaseStatus
from mediation_desk.errors import DeskError
from mediation_desk.services.agreements import get_agreement, save_agreement
from mediation_desk.services.case_overview import case_overview
from mediation_desk.services.cases import get_case
from mediation_desk.services.confirmation import (
    get_pack,
    record_application,
    set_confirmation_scope,
    set_material,
)
from mediation_desk.services.documents import build_document
from mediation_desk.services.history import case_history
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.documents.cases import SCENARIOS
from tests.documents.sample import full_case, register_sample_case, sample_agreement, sign_all
from tests.factories import two_party_draft

# --- never offered ---------------------------------------------------------------------------


def _entrusted_case(db, centre) -> int:  # type: ignore[no-untyped-def]
    """A case a court entrusted after filing (委托), with a signed, effective agreement."""
    draft = two_party_draft(centre.street_unit_id)
    draft.source, draft.referring_body = CaseSource.COURT_ENTRUSTED, "绍兴市越城区人民法院"
    draft.referral_letter_no = "（2024）浙0602民初88号"
    draft.routing.mediator_id = centre.mediator_id
    case_id = int(run(db, register_case, draft, actor=centre.actor).id)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    sign_all(db, centre.actor, case_id, ids)
    return case_id


def _terminated_case(db, centre) -> int:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)

    def terminate(uow) -> None:  # type: ignore[no-untyped-def]
        uow.as_system()  # arranged data, not a user's action
        case = uow.write().get(Case, case_id)
        case.status = CaseStatus.FAILED

    run(db, terminate)
    return case_id


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (_entrusted_case, "委托"),
        (SCENARIOS["oral_agreement"], "口头调解协议"),
        (_terminated_case, "调解终止"),
    ],
    ids=["entrusted", "oral", "terminated"],
)
def test_confirmation_is_never_offered(sqlite_db, sqlite_centre, make, why: str) -> None:  # type: ignore[no-untyped-def]
    case_id = make(sqlite_db, sqlite_centre)
    options = {o.kind: o for o in run(sqlite_db, case_overview, case_id).options}
    option = options[DocumentKind.CONFIRMATION_APPLICATION]
    assert not option.available and why in option.reason
    with pytest.raises(DeskError, match=why):
        run(
            sqlite_db,
            build_document,
            case_id,
            DocumentKind.CONFIRMATION_APPLICATION,
            actor=sqlite_centre.actor,
        )
    pack = run(sqlite_db, get_pack, case_id)
    assert why in pack.unavailable and not pack.ready and pack.problems[0] == pack.unavailable
    assert pack.deadline is None and not pack.deadline_pending  # no 30-day clock runs
    with pytest.raises(DeskError, match=why):
        run(
            sqlite_db,
            record_application,
            case_id=case_id,
            applied_on=dt.date(2024, 9, 2),
            actor=sqlite_centre.actor,
        )
    with pytest.raises(DeskError, match=why):
        run(
            sqlite_db,
            set_material,
            case_id=case_id,
            code="agreement",
            gathered=True,
            actor=sqlite_centre.actor,
        )


def test_entrusted_agreement_does_not_promise_an_application(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _entrusted_case(sqlite_db, sqlite_centre)
    text = run(
        sqlite_db, build_document, case_id, DocumentKind.AGREEMENT, actor=sqlite_centre.actor
    ).all_text()
    assert "司法确认" not in text


def test_a_case_mediated_by_the_committee_itself_may_apply(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(sqlite_db, sqlite_centre)
    options = {o.kind: o for o in run(sqlite_db, case_overview, case_id).options}
    assert options[DocumentKind.CONFIRMATION_APPLICATION].available
    assert not run(sqlite_db, get_pack, case_id).unavailable


# --- matters courts refuse (民诉解释 art. 355) --------------------------------------------------

FLAGGED = [
    ("确认李小明为李大山之子", RefusedKind.STATUS),
    ("双方确认李小明系李大山的亲生子女", RefusedKind.STATUS),
    ("双方自愿离婚", RefusedKind.STATUS),  # in a neighbour dispute too: whatever the type
    ("双方同意解除收养关系", RefusedKind.STATUS),
    ("争议房屋归张三所有", RefusedKind.OWNERSHIP),
    ("双方确认该房屋属于张三所有。", RefusedKind.OWNERSHIP),
    ("争议宅基地由张三使用", RefusedKind.OWNERSHIP),
    ("村东土地由李四耕种使用", RefusedKind.OWNERSHIP),
    ("“红星”商标由甲方注册使用", RefusedKind.OWNERSHIP),
    ("该专利由乙方使用", RefusedKind.OWNERSHIP),
    ("某专利权归乙方", RefusedKind.OWNERSHIP),
]
NOT_FLAGGED = [
    "婚姻关系存续期间所负夫妻共同债务由双方各自承担一半",
    "夫妻共同债务人民币五万元由男方偿还",
    "双方离婚前所欠债务由男方偿还",
    "李四于2024年9月30日前将借用的电动车返还张三",
    "李四将房屋钥匙归还张三",
    "李四归还张三所有借款",
    "男方每月支付抚养费",
    "李四属于过错方，承担所有费用。",
    "将排水管改道至其自家院内排水沟",
]


@pytest.mark.parametrize(("text", "kind"), FLAGGED)
def test_refused_matters_are_flagged(text: str, kind: RefusedKind) -> None:
    found = refused_matters(["李四向张三支付修缮费", text])
    assert [(m.index, m.kind) for m in found] == [(1, kind)]
    assert "第二条" in found[0].message and "第三百五十五条" in found[0].message
    # the drafting-time warning says the same, whatever the dispute type
    issues = refused_matter_issues(dispute_type_code="neighbour", clause_texts=[text])
    assert [(i.code, i.is_error) for i in issues] == [(f"confirmation_{kind.value}_matter", False)]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_marriage_debts_and_returning_items_are_not_flagged(text: str) -> None:
    assert refused_matters([text]) == []


def test_unresolved_until_excluded_or_overridden() -> None:
    texts = ["争议宅基地由张三使用", "李四向张三支付补偿款"]
    assert [m.index for m in unresolved_matters(texts, excluded=(), override_reason="")] == [0]
    assert unresolved_matters(texts, excluded=(0,), override_reason="") == []
    assert unresolved_matters(texts, excluded=(), override_reason="经法院释明同意") == []


def _homestead_case(db, centre, *, signed: bool = True) -> int:  # type: ignore[no-untyped-def]
    """The sample agreement with a fifth clause giving the use of a homestead."""
    case_id = register_sample_case(db, centre)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    draft = sample_agreement(ids)
    draft.clauses.append(ClauseDraft(ClauseKind.TEXT, text="争议宅基地由张三使用"))
    run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor)
    if signed:
        sign_all(db, centre.actor, case_id, ids)
    return case_id


def test_flagged_clause_blocks_until_excluded(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = _homestead_case(db, sqlite_centre)
    pack = run(db, get_pack, case_id)
    assert [m.index for m in pack.unresolved] == [4]
    assert any("第五条" in p and "物权" in p for p in pack.problems)
    kind = DocumentKind.CONFIRMATION_APPLICATION
    with pytest.raises(DeskError, match="第五条"):
        run(db, build_document, case_id, kind, actor=sqlite_centre.actor)
    with pytest.raises(DeskError, match="不予受理"):
        run(db, record_application, case_id=case_id, applied_on=dt.date(2024, 9, 2), actor=actor)

    # partial confirmation: the application names the clauses it asks for
    pack = run(db, set_confirmation_scope, case_id=case_id, excluded=[4], actor=actor)
    assert not pack.unresolved and pack.requested == (0, 1, 2, 3)
    assert not any("第五条" in p for p in pack.problems)
    text = run(db, build_document, case_id, kind, actor=sqlite_centre.actor).all_text()
    # the breach clause (第六条) goes with the obligations it secures
    assert "《人民调解协议书》第一条、第二条、第三条、第四条、第六条予以司法确认" in text
    run(db, record_application, case_id=case_id, applied_on=dt.date(2024, 9, 2), actor=actor)
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert "申请确认范围：不申请确认第五条" in summaries


def test_flagged_clause_kept_with_a_reason(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = _homestead_case(db, sqlite_centre)
    reason = "该条仅约定使用安排，不涉及确权"
    pack = run(
        db,
        set_confirmation_scope,
        case_id=case_id,
        excluded=[],
        override_reason=reason,
        actor=actor,
    )
    assert not pack.unresolved and pack.override_reason == reason
    assert [m.index for m in pack.refused] == [4]  # still shown, for the record
    text = run(
        db,
        build_document,
        case_id,
        DocumentKind.CONFIRMATION_APPLICATION,
        actor=sqlite_centre.actor,
    ).all_text()
    assert "《人民调解协议书》予以司法确认" in text  # the whole agreement


def test_scope_is_checked_and_cleared_when_the_clauses_change(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = _homestead_case(db, sqlite_centre, signed=False)
    with pytest.raises(DeskError, match="全部条款"):
        run(db, set_confirmation_scope, case_id=case_id, excluded=range(5), actor=actor)
    with pytest.raises(DeskError, match="没有这一条"):
        run(db, set_confirmation_scope, case_id=case_id, excluded=[9], actor=actor)
    run(db, set_confirmation_scope, case_id=case_id, excluded=[4], override_reason="x", actor=actor)
    assert run(db, get_agreement, case_id).confirmation_excluded == (4,)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    draft = sample_agreement(ids)
    draft.clauses.append(ClauseDraft(ClauseKind.TEXT, text="争议房屋归张三所有"))
    run(db, save_agreement, case_id=case_id, draft=draft, actor=actor)
    view = run(db, get_agreement, case_id)
    assert view.confirmation_excluded == () and view.confirmation_override == ""


@pytest.mark.parametrize(
    ("status", "kinds"),
    [
        (CaseStatus.REFUSED, {"rights_notice", "session_record", "termination"}),
        (CaseStatus.SUCCEEDED, {"termination"}),
        (CaseStatus.REFERRED_OUT, {"termination"}),
    ],
)
def test_forms_of_a_mediation_that_did_not_take_place_are_not_offered(status, kinds) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.document_kinds import DocumentKind, unavailable_reason

    refused = {
        k.value
        for k in (DocumentKind.RIGHTS_NOTICE, DocumentKind.SESSION_RECORD, DocumentKind.TERMINATION)
        if unavailable_reason(k, status=status, agreement_form=None, agreement_effective=False)
    }
    assert refused == kinds
    assert not unavailable_reason(
        DocumentKind.TERMINATION,
        status=CaseStatus.FAILED,
        agreement_form=None,
        agreement_effective=False,
    )
