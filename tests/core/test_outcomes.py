"""Ending mediation without agreement, and taking an ended case up again (人民调解法 art. 26)."""

from __future__ import annotations

import pytest

from mediation_desk.domain.case_flow import BY_EVENT, CaseEvent, refusal
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.domain.outcomes import TerminationReason, check_outcome
from mediation_desk.errors import DeskError
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import build_document, document_options
from mediation_desk.services.history import case_history
from tests.desk import run
from tests.documents.sample import full_case, register_sample_case


def _why_not(db, case_id: int, kind: DocumentKind) -> str:  # type: ignore[no-untyped-def]
    """Why the case cannot have ``kind`` now, as the document list says ('' when it can)."""
    options = run(db, lambda uow: document_options(load_case_data(uow.read(), case_id)))
    return next(o.reason for o in options if o.kind is kind)


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("action", list(CaseEvent))
def test_every_refusal_is_in_chinese_and_matches_the_table(status, action) -> None:  # type: ignore[no-untyped-def]
    why = refusal(status, action)
    assert (why == "") == (status in BY_EVENT[action].sources)
    if why:
        assert why.startswith("本案") and status.label in why


def test_what_each_action_needs() -> None:
    assert check_outcome(CaseEvent.TERMINATE, None, "") == "请选择终止调解的原因"
    assert "具体情况" in check_outcome(CaseEvent.TERMINATE, TerminationReason.OTHER, " ")
    assert check_outcome(CaseEvent.TERMINATE, TerminationReason.FAR_APART, "") == ""
    assert check_outcome(CaseEvent.WITHDRAW, None, "") == ""
    assert check_outcome(CaseEvent.REOPEN, None, "") == "请填写恢复调解的原因"


def test_terminate_prints_the_ground_and_reopen_clears_it(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    kind = DocumentKind.TERMINATION
    assert "未终止调解" in _why_not(db, case_id, kind)
    ended = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        note="被申请人只同意赔偿一半",
        actor=centre.actor,
    )
    assert ended.status is CaseStatus.FAILED and ended.ended_on is not None
    assert _why_not(db, case_id, kind) == ""
    text = run(db, build_document, case_id, kind, actor=centre.actor).all_text()
    assert "双方当事人分歧较大，难以达成调解协议（被申请人只同意赔偿一半）。" in text
    assert "＿＿＿" not in text  # no blank left to write the reason by hand
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert any(s.startswith("终止调解（") and "分歧较大" in s for s in summaries)
    with pytest.raises(DeskError, match="不能撤回"):
        run(db, move_case, case_id=case_id, event=CaseEvent.WITHDRAW, actor=centre.actor)
    with pytest.raises(DeskError, match="恢复调解的原因"):
        run(db, move_case, case_id=case_id, event=CaseEvent.REOPEN, actor=centre.actor)
    back = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REOPEN,
        note="双方愿意再谈一次",
        actor=centre.actor,
    )
    assert back.status is CaseStatus.IN_MEDIATION and back.outcome_reason is None
    assert back.ended_on is None
    assert "未终止调解" in _why_not(db, case_id, kind)


def test_a_case_that_succeeded_cannot_be_terminated(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=True)
    with pytest.raises(DeskError, match="调解成功，不能终止调解"):
        run(
            db,
            move_case,
            case_id=case_id,
            event=CaseEvent.TERMINATE,
            reason=TerminationReason.REFUSES,
            actor=centre.actor,
        )
    assert run(db, get_case, case_id).status is CaseStatus.SUCCEEDED


def test_withdrawal_needs_no_ground(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(db, centre)
    out = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.WITHDRAW,
        note="申请人已与对方自行和解",
        actor=centre.actor,
    )
    assert out.status is CaseStatus.WITHDRAWN and out.outcome_note == "申请人已与对方自行和解"
