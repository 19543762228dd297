"""The case's states as one table: handing a case on (移送法院立案, 转有关部门, 速裁结案),
closing it (结案) and undoing it, and the written report to a referring court."""

from __future__ import annotations

import pytest

from mediation_desk.domain.case_flow import (
    BY_EVENT,
    BY_HAND,
    OUTCOMES,
    TRANSITIONS,
    CaseEvent,
    offered,
    outcome_of,
    refusal,
)
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.domain.enums import CaseSource, CaseStatus, ReferralTarget
from mediation_desk.domain.outcomes import TerminationReason, check_outcome
from mediation_desk.errors import DeskError
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.documents import build_document, document_options
from mediation_desk.services.history import case_history
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.documents.sample import full_case, register_sample_case
from tests.factories import two_party_draft


def _why_not(db, case_id: int, kind: DocumentKind) -> str:  # type: ignore[no-untyped-def]
    options = run(db, lambda uow: document_options(load_case_data(uow.read(), case_id)))
    return next(o.reason for o in options if o.kind is kind)


def _court_case(db, centre, source: CaseSource) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id)
    draft.source = source
    draft.referring_body = "城南区人民法院"
    draft.referral_letter_no = "（2026）浙0102民诉前调1234号"
    return run(db, register_case, draft, actor=centre.actor).id


def test_the_table_has_one_row_per_event_and_every_status_is_reachable() -> None:
    assert len(BY_EVENT) == len(TRANSITIONS) == len(CaseEvent)
    reached = {t.target for t in TRANSITIONS if t.target is not None}
    created = {CaseStatus.ACCEPTED, CaseStatus.REFUSED, CaseStatus.REFERRED_OUT}
    assert reached | created | {CaseStatus.ARCHIVED} == set(CaseStatus)  # 归档: issue 10
    assert set(offered(CaseStatus.IN_MEDIATION)) == {
        CaseEvent.TERMINATE,
        CaseEvent.WITHDRAW,
        CaseEvent.REFER_COURT,
        CaseEvent.REFER_DEPARTMENT,
        CaseEvent.FAST_TRACK,
    }
    assert offered(CaseStatus.CLOSED) == [CaseEvent.REOPEN_CLOSED]
    assert CaseEvent.START not in BY_HAND and CaseEvent.AGREEMENT_EFFECTIVE not in BY_HAND


@pytest.mark.parametrize("status", [CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION])
def test_an_open_case_is_not_closed_before_its_outcome(status: CaseStatus) -> None:
    assert "请先记录调解结果" in refusal(status, CaseEvent.CLOSE)
    assert all(not refusal(s, CaseEvent.CLOSE) for s in OUTCOMES)


def test_what_handing_on_needs() -> None:
    assert check_outcome(CaseEvent.REFER_COURT, None, "") == "请填写接收案件的人民法院"
    assert check_outcome(CaseEvent.REFER_DEPARTMENT, None, "", receiver="区人社局") == (
        "请选择转交的部门类别"
    )
    done = check_outcome(
        CaseEvent.REFER_DEPARTMENT,
        None,
        "",
        receiver="区人社局",
        refer_to=ReferralTarget.ARBITRATION,
    )
    assert done == ""
    assert check_outcome(CaseEvent.REOPEN_CLOSED, None, " ") == "请填写撤销结案的原因"


def test_refer_to_court_then_fast_track_then_close_and_undo(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    with pytest.raises(DeskError, match="接收案件的人民法院"):
        run(db, move_case, case_id=case_id, event=CaseEvent.REFER_COURT, actor=centre.actor)
    out = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REFER_COURT,
        receiver="城南区人民法院",
        note="已告知申请人向法院起诉",
        actor=centre.actor,
    )
    assert out.status is CaseStatus.REFERRED_OUT
    assert (out.refer_to, out.refer_body) == (ReferralTarget.COURT_FILING, "城南区人民法院")
    fast = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.FAST_TRACK,
        receiver="城南区人民法院速裁庭",
        actor=centre.actor,
    )
    assert fast.status is CaseStatus.FAST_TRACK_CLOSED
    closed = run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    assert closed.status is CaseStatus.CLOSED and closed.closed_on is not None
    assert closed.outcome_status is CaseStatus.FAST_TRACK_CLOSED
    with pytest.raises(DeskError, match="撤销结案的原因"):
        run(db, move_case, case_id=case_id, event=CaseEvent.REOPEN_CLOSED, actor=centre.actor)
    back = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REOPEN_CLOSED,
        note="速裁未审结，误点结案",
        actor=centre.actor,
    )
    assert back.status is CaseStatus.FAST_TRACK_CLOSED and back.closed_on is None
    summaries = [h.summary for h in run(db, case_history, case_id)]
    for expected in (
        "移送法院立案（已受理 → 已移送）：城南区人民法院；已告知申请人向法院起诉",
        "速裁结案（已移送 → 速裁结案）：城南区人民法院速裁庭",
        "结案（速裁结案 → 已结案）",
        "撤销结案（已结案 → 速裁结案）：速裁未审结，误点结案",
    ):
        assert expected in summaries


def test_a_referred_case_can_be_taken_up_again(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REFER_DEPARTMENT,
        receiver="城南区劳动人事争议仲裁委员会",
        refer_to=ReferralTarget.ARBITRATION,
        actor=centre.actor,
    )
    back = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REOPEN,
        note="仲裁委退回",
        actor=centre.actor,
    )
    assert back.status is CaseStatus.IN_MEDIATION and back.refer_to is None


def test_a_closed_success_still_offers_its_confirmation_application(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=True)
    kind = DocumentKind.CONFIRMATION_APPLICATION
    assert _why_not(db, case_id, kind) == ""
    closed = run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    assert closed.outcome_status is CaseStatus.SUCCEEDED
    assert _why_not(db, case_id, kind) == ""
    assert outcome_of(CaseStatus.CLOSED, "failed") is CaseStatus.FAILED


def test_court_report_for_a_terminated_pre_filing_case(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _court_case(db, centre, CaseSource.COURT_PRE_FILING)
    kind = DocumentKind.COURT_REPORT
    assert "调解尚未结束" in _why_not(db, case_id, kind)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        returned_materials="起诉状副本\n证据材料（共12页）\n",
        actor=centre.actor,
    )
    assert _why_not(db, case_id, kind) == ""
    doc = run(db, build_document, case_id, kind, actor=centre.actor)
    text = doc.all_text()
    assert doc.title == "终止调解报告"
    assert text.startswith("城南区人民法院：") or "城南区人民法院：" in text
    assert "你院委派本委员会调解的（2026）浙0102民诉前调1234号张三、李四" in text
    assert "双方当事人分歧较大，难以达成调解协议。" in text
    assert "请你院依法登记立案" in text
    assert "起诉状副本" in text and "证据材料（共12页）" in text


def test_court_report_for_an_entrusted_case_with_agreement(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.agreements import save_agreement
    from mediation_desk.services.cases import get_case
    from tests.documents.sample import sample_agreement, sign_all

    case_id = _court_case(db, centre, CaseSource.COURT_ENTRUSTED)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    sign_all(db, centre.actor, case_id, ids)
    assert run(db, get_case, case_id).status is CaseStatus.SUCCEEDED
    assert "不申请司法确认" in _why_not(db, case_id, DocumentKind.CONFIRMATION_APPLICATION)
    doc = run(db, build_document, case_id, DocumentKind.COURT_REPORT, actor=centre.actor)
    assert doc.title == "调解情况告知函"
    text = doc.all_text()
    assert "你院委托本委员会调解" in text and "审查并制作调解书" in text
    assert "本案无需移送的材料。" in text


def test_no_court_report_for_a_walk_in_case(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    assert "不是人民法院委派或委托" in _why_not(db, case_id, DocumentKind.COURT_REPORT)


def test_an_oral_agreement_succeeds_when_reached(db, centre) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from mediation_desk.domain.agreements import AgreementDraft, AgreementForm
    from mediation_desk.services.agreements import save_agreement
    from mediation_desk.services.cases import get_case

    case_id = register_sample_case(db, centre)
    oral = AgreementDraft(form=AgreementForm.ORAL, facts="当场和解", reached_on=dt.date.today())
    run(db, save_agreement, case_id=case_id, draft=oral, actor=centre.actor)
    assert run(db, get_case, case_id).status is CaseStatus.SUCCEEDED  # 人民调解法 art. 30
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert any(s.startswith("调解成功：调解协议于") for s in summaries)
    written = AgreementDraft(form=AgreementForm.WRITTEN, facts="改为书面协议")
    run(db, save_agreement, case_id=case_id, draft=written, actor=centre.actor)
    assert run(db, get_case, case_id).status is CaseStatus.IN_MEDIATION  # not signed yet


def test_a_closed_case_keeps_its_agreement_and_its_ending_day(db, centre) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from mediation_desk.domain.agreements import SignerRole
    from mediation_desk.services.agreements import remove_signature

    case_id = full_case(db, centre, signed=True)
    run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    with pytest.raises(DeskError, match="请先撤销结案"):
        run(
            db,
            remove_signature,
            case_id=case_id,
            role=SignerRole.SEAL,
            reason="印章日期错误",
            actor=centre.actor,
        )
    # terminated on one day, handed back to the court later: the ending day stays
    draft = two_party_draft(centre.street_unit_id)
    draft.source, draft.referring_body = CaseSource.COURT_PRE_FILING, "城南区人民法院"
    week_ago = dt.datetime.now() - dt.timedelta(days=7)
    other = run(db, register_case, draft, actor=centre.actor, now=week_ago).id
    ended = week_ago.date() + dt.timedelta(days=2)
    run(
        db,
        move_case,
        case_id=other,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        on=ended,
        actor=centre.actor,
    )
    with pytest.raises(DeskError, match="不能早于调解结束的日期"):
        run(
            db,
            move_case,
            case_id=other,
            event=CaseEvent.CLOSE,
            on=ended - dt.timedelta(days=1),
            actor=centre.actor,
        )
    court = "城南区人民法院"
    out = run(
        db,
        move_case,
        case_id=other,
        event=CaseEvent.REFER_COURT,
        receiver=court,
        actor=centre.actor,
    )
    assert out.ended_on == ended and out.status is CaseStatus.REFERRED_OUT


def test_court_report_of_a_withdrawn_case_says_a_party_withdrew(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _court_case(db, centre, CaseSource.COURT_PRE_FILING)
    withdraw = CaseEvent.WITHDRAW
    run(db, move_case, case_id=case_id, event=withdraw, note="已自行和解", actor=centre.actor)
    text = run(
        db, build_document, case_id, DocumentKind.COURT_REPORT, actor=centre.actor
    ).all_text()
    assert "一方当事人撤回调解请求。已自行和解。" in text


def test_an_entrusted_case_goes_back_to_trial_not_to_filing(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _court_case(db, centre, CaseSource.COURT_ENTRUSTED)
    refer = CaseEvent.REFER_COURT
    run(db, move_case, case_id=case_id, event=refer, receiver="城南区人民法院", actor=centre.actor)
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert any(s.startswith("退回法院审理（已受理 → 已移送）") for s in summaries)


def test_routing_out_and_back_are_rows_of_the_table_not_offered_by_hand() -> None:
    for status in (CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION):
        assert not refusal(status, CaseEvent.ROUTE_OUT)
        assert BY_EVENT[CaseEvent.ROUTE_OUT].target is CaseStatus.REFERRED_OUT
    assert refusal(CaseStatus.SUCCEEDED, CaseEvent.ROUTE_OUT) == "本案调解成功，不能分流时移送"
    assert [s for s in CaseStatus if not refusal(s, CaseEvent.ROUTE_BACK)] == [
        CaseStatus.REFERRED_OUT
    ]
    assert BY_EVENT[CaseEvent.ROUTE_BACK].target is CaseStatus.ACCEPTED
    assert CaseEvent.ROUTE_OUT not in BY_HAND and CaseEvent.ROUTE_BACK not in BY_HAND
    assert CaseEvent.ROUTE_BACK not in offered(CaseStatus.REFERRED_OUT)  # 结束调解 offers none


def test_routing_out_and_back_moves_the_status_with_one_history_row_each(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.db.models import Case
    from mediation_desk.domain.drafts import RoutingDraft
    from mediation_desk.services.cases import route_case
    from tests.desk import reading

    case_id = run(db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor).id

    def due() -> object:
        with reading(db) as s:
            c = s.get(Case, case_id)
            assert c is not None
            return c.due_on

    assert due() is not None
    out = RoutingDraft(refer_to=ReferralTarget.ARBITRATION, refer_body="区劳动人事争议仲裁委员会")
    moved = run(db, route_case, case_id=case_id, routing=out, actor=centre.actor)
    assert moved.status is CaseStatus.REFERRED_OUT
    entries = run(db, case_history, case_id)
    assert [e.action for e in entries] == ["register", "route"]  # one row, not a second
    assert entries[-1].summary == "移送劳动人事争议仲裁：区劳动人事争议仲裁委员会"
    assert entries[-1].changes == {
        "refer_to": [None, "arbitration"],
        "status": ["accepted", "referred_out"],
    }

    # a referral corrected stays a referral: no move, no status in the entry
    again = RoutingDraft(refer_to=ReferralTarget.ARBITRATION, refer_body="市劳动人事争议仲裁院")
    run(db, route_case, case_id=case_id, routing=again, actor=centre.actor)
    assert "status" not in run(db, case_history, case_id)[-1].changes

    back = RoutingDraft(unit_id=centre.traffic_unit_id, mediator_id=centre.mediator_id)
    routed = run(db, route_case, case_id=case_id, routing=back, actor=centre.actor)
    assert routed.status is CaseStatus.ACCEPTED and routed.unit_id == centre.traffic_unit_id
    entries = run(db, case_history, case_id)
    assert [e.action for e in entries] == ["register", "route", "route", "route"]
    assert entries[-1].summary == "分流至交通事故纠纷人民调解委员会"
    assert entries[-1].changes["status"] == ["referred_out", "accepted"]
    assert entries[-1].changes["refer_to"] == ["arbitration", None]
    assert due() is not None  # handled here again: its time limit is counted again

    run(db, move_case, case_id=case_id, event=CaseEvent.WITHDRAW, actor=centre.actor)
    with pytest.raises(DeskError, match="不能再分流"):
        run(db, route_case, case_id=case_id, routing=out, actor=centre.actor)
