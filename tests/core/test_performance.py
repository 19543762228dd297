"""Performance (履行): the schedule frozen when the agreement takes effect, marking items with
their proof, the 收条's data, and the last day to apply for enforcement (both backends)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation_desk.db.agreement_models import ConfirmationPack
from mediation_desk.db.performance_models import PerformanceItem, PerformanceMark
from mediation_desk.domain.agreements import ClauseKind, SignerRole
from mediation_desk.domain.performance_marks import (
    PerformanceState,
    ProofKind,
    enforcement_deadline,
    enforcement_start,
)
from mediation_desk.errors import DeskError
from mediation_desk.services import performance as perf
from mediation_desk.services.agreements import remove_signature
from mediation_desk.services.cases import get_case
from mediation_desk.services.history import case_history
from tests.desk import reading, run, writing
from tests.documents.sample import EFFECTIVE, full_case

NOW = dt.datetime(2024, 11, 4, 10, 0)
TODAY = NOW.date()
FIRST = (0, 0)  # 第一条第一期: ¥20,000.00 by 2024-09-30
SECOND = (0, 1)  # 第一条第二期: ¥15,600.00 by 2024-12-31
ACT = (1, -1)  # 第二条: the drainpipe, by 2024-09-15
CASH = (2, -1)  # 第三条: ¥1,409.50 cash by 2024-09-05


def _mark(db, centre, case_id, key, state, on=TODAY, **kw):  # type: ignore[no-untyped-def]
    return run(db, perf.mark_item, case_id, key, state, on, actor=centre.actor, now=NOW, **kw)


def test_the_schedule_is_live_before_effect_and_stored_when_effective(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=False)
    live = run(db, perf.performance_of, case_id, now=NOW)
    assert not live.frozen and live.effective_on is None
    assert [i.key for i in live.items] == [FIRST, SECOND, ACT, CASH]
    assert all(i.id is None for i in live.items)
    with reading(db) as s:
        assert s.scalars(select(PerformanceItem)).all() == []

    full = full_case(db, centre)
    view = run(db, perf.performance_of, full, now=NOW)
    assert view.frozen and view.effective_on == EFFECTIVE
    assert [i.label for i in view.items] == ["第一条第一期", "第一条第二期", "第二条", "第三条"]
    first = view.item(FIRST)
    assert (first.obligor, first.payee, first.amount_fen) == ("李四", "张三", 2_000_000)
    assert first.due_date == dt.date(2024, 9, 30) and first.overdue  # today is 2024-11-04
    assert not view.item(SECOND).overdue
    assert view.item(ACT).kind is ClauseKind.ACT and view.item(ACT).what.startswith("将排水管")
    assert view.total_fen == 3_560_000 + 140_950 and view.outstanding_fen == view.total_fen
    assert all(i.enforcement is None for i in view.items)  # no ruling recorded


def test_marking_records_state_amount_proof_and_history(db, centre, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    slip = tmp_path / "转账凭证.JPG"
    slip.write_bytes(b"\xff\xd8 a scanned slip")
    folder = tmp_path / "cases" / str(case_id)
    view = _mark(
        db,
        centre,
        case_id,
        FIRST,
        PerformanceState.PARTLY,
        amount_fen=500_000,
        proof_kind=ProofKind.TRANSFER,
        proof_file=slip,
        folder=folder,
        note="先付一部分",
    )
    first = view.item(FIRST)
    assert first.state is PerformanceState.PARTLY and first.paid_fen == 500_000
    assert first.overdue  # partly paid is still owed
    (mark,) = first.marks
    assert (mark.amount_fen, mark.proof_kind, mark.proof_name) == (
        500_000,
        ProofKind.TRANSFER,
        "转账凭证.JPG",
    )
    kept = folder / mark.proof_file
    assert kept.read_bytes() == slip.read_bytes() and kept.suffix == ".jpg"
    assert len(mark.proof_sha256) == 64

    view = _mark(
        db, centre, case_id, FIRST, PerformanceState.PERFORMED, proof_kind=ProofKind.RECEIPT
    )
    first = view.item(FIRST)
    assert first.state is PerformanceState.PERFORMED and not first.overdue
    assert first.paid_fen == 2_000_000 and first.marks[-1].amount_fen == 1_500_000
    assert view.paid_fen == 2_000_000
    _mark(db, centre, case_id, ACT, PerformanceState.NOT_PERFORMED, note="尚未改道")
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert any(
        "第一条第一期部分履行" in x and "¥5,000.00" in x and "转账凭证" in x for x in summaries
    )
    assert any("第二条未履行" in x for x in summaries)


@pytest.mark.parametrize(
    ("key", "state", "on", "amount", "message"),
    [
        (FIRST, PerformanceState.PERFORMED, TODAY + dt.timedelta(days=1), None, "不能晚于今天"),
        (
            FIRST,
            PerformanceState.PERFORMED,
            EFFECTIVE - dt.timedelta(days=1),
            None,
            "不能早于协议生效日",
        ),
        (FIRST, PerformanceState.PARTLY, TODAY, None, "请填写本次部分履行的金额"),
        (FIRST, PerformanceState.PARTLY, TODAY, 2_000_000, "应少于尚欠"),
        (ACT, PerformanceState.PARTLY, TODAY, 100, "不是给付金钱"),
    ],
)
def test_bad_marks_are_refused_in_chinese(db, centre, key, state, on, amount, message) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    with pytest.raises(DeskError, match=message):
        _mark(db, centre, case_id, key, state, on=on, amount_fen=amount)
    with reading(db) as s:
        assert s.scalars(select(PerformanceMark)).all() == []


def test_a_performed_item_is_not_marked_again(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    _mark(db, centre, case_id, CASH, PerformanceState.PERFORMED)
    with pytest.raises(DeskError, match="已登记为已履行"):
        _mark(db, centre, case_id, CASH, PerformanceState.PARTLY, amount_fen=100)


def test_unreadable_or_too_large_proof_is_refused_and_nothing_saved(
    db, centre, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    folder = tmp_path / "cases"
    with pytest.raises(DeskError, match="找不到所选的凭证文件"):
        _mark(
            db,
            centre,
            case_id,
            CASH,
            PerformanceState.PERFORMED,
            proof_kind=ProofKind.PHOTO,
            proof_file=tmp_path / "gone.png",
            folder=folder,
        )
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 10)
    monkeypatch.setattr(perf, "MAX_PROOF_BYTES", 5)
    with pytest.raises(DeskError, match="超过"):
        _mark(
            db,
            centre,
            case_id,
            CASH,
            PerformanceState.PERFORMED,
            proof_kind=ProofKind.PHOTO,
            proof_file=big,
            folder=folder,
        )
    assert run(db, perf.performance_of, case_id, now=NOW).item(CASH).state is None
    assert not folder.exists()


def test_not_yet_effective_cannot_be_marked(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=False)
    with pytest.raises(DeskError, match="尚未生效"):
        _mark(db, centre, case_id, CASH, PerformanceState.PERFORMED)


def test_undoing_a_signature_drops_unmarked_items_and_is_refused_once_marked(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    party = run(db, get_case, case_id).parties[0].id
    run(
        db,
        remove_signature,
        case_id=case_id,
        role=SignerRole.SEAL,
        reason="盖错章",
        actor=centre.actor,
    )
    assert not run(db, perf.performance_of, case_id, now=NOW).frozen
    with reading(db) as s:
        assert s.scalars(select(PerformanceItem)).all() == []

    case_id = full_case(db, centre)
    _mark(db, centre, case_id, CASH, PerformanceState.PERFORMED)
    with pytest.raises(DeskError, match="已登记履行情况"):
        run(
            db,
            remove_signature,
            case_id=case_id,
            role=SignerRole.PARTY,
            party_id=run(db, get_case, case_id).parties[0].id,
            reason="签错",
            actor=centre.actor,
        )
    assert run(db, perf.performance_of, case_id, now=NOW).item(CASH).state is not None
    assert party  # the first case's parties were kept


def test_receipt_data_names_the_payment(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    with pytest.raises(DeskError, match="尚未登记付款"):
        run(db, perf.receipt_of, case_id)
    _mark(db, centre, case_id, FIRST, PerformanceState.PARTLY, amount_fen=500_000)
    _mark(db, centre, case_id, FIRST, PerformanceState.PERFORMED)
    r = run(db, perf.receipt_of, case_id)
    assert (r.payer, r.payee, r.amount_fen, r.item_label) == (
        "李四",
        "张三",
        1_500_000,
        "第一条第一期",
    )
    assert r.paid_total_fen == 2_000_000 and r.item_amount_fen == 2_000_000
    first = run(db, perf.performance_of, case_id, now=NOW).item(FIRST)
    assert run(db, perf.receipt_of, case_id, first.marks[0].id).amount_fen == 500_000
    assert first.receipt_mark == first.marks[-1]


def test_no_enforcement_deadline_after_a_dismissal(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    with writing(db) as s:
        s.add(
            ConfirmationPack(
                case_id=case_id,
                ruling_on=dt.date(2024, 9, 20),
                ruling_result="dismissed",  # 驳回申请: nothing to enforce
                updated_by=centre.actor.operator_id,  # type: ignore[attr-defined]
                updated_at=NOW,
            )
        )
    view = run(db, perf.performance_of, case_id)
    assert all(i.enforcement is None for i in view.items)


def test_enforcement_deadline_follows_the_ruling(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    with writing(db) as s:
        s.add(
            ConfirmationPack(
                case_id=case_id,
                ruling_on=dt.date(2024, 9, 20),
                ruling_result="confirmed",  # 确认有效: only then does enforcement run
                updated_by=centre.actor.operator_id,  # type: ignore[attr-defined]
                updated_at=NOW,
            )
        )
    _mark(db, centre, case_id, CASH, PerformanceState.PERFORMED)
    view = run(db, perf.performance_of, case_id, now=NOW)
    assert view.item(CASH).enforcement is None  # performed: nothing to enforce
    # instalments: two years from the LAST instalment's day (民诉法 art. 250, 2023 text)
    assert view.item(FIRST).enforcement.due == dt.date(2026, 12, 31)  # type: ignore[union-attr]
    assert view.item(SECOND).enforcement.due == dt.date(2026, 12, 31)  # type: ignore[union-attr]
    # the act fell due before the ruling: the period runs from the ruling
    act = view.item(ACT).enforcement
    assert act is not None and act.start == dt.date(2024, 9, 20)
    assert act.due == dt.date(2026, 9, 20)  # a Sunday, but a make-up working day (调休)


def test_enforcement_deadline_rules() -> None:
    ruling = dt.date(2024, 3, 1)
    assert enforcement_start(dt.date(2024, 5, 1), None, ruling) == dt.date(2024, 5, 1)
    assert enforcement_start(dt.date(2024, 5, 1), dt.date(2024, 8, 1), ruling) == dt.date(
        2024, 8, 1
    )
    assert enforcement_start(None, None, ruling) == ruling
    leap = enforcement_deadline(dt.date(2024, 2, 29))
    assert leap.due == dt.date(2026, 2, 28)  # a Saturday, but a make-up working day (调休)
    national_day = enforcement_deadline(dt.date(2024, 10, 1))
    assert national_day.moved_from == dt.date(2026, 10, 1)
    assert national_day.due > dt.date(2026, 10, 1) and "顺延" in national_day.note


# --- the 督办 board and 今日待办 -------------------------------------------------------------


def test_overdue_items_reach_the_board_and_the_day(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.today import TodayKind
    from mediation_desk.services.supervision import ducha_board
    from mediation_desk.services.today import today_list

    case_id = full_case(db, centre)
    _mark(db, centre, case_id, CASH, PerformanceState.PERFORMED)
    _mark(db, centre, case_id, FIRST, PerformanceState.PARTLY, amount_fen=500_000)
    board = run(db, ducha_board, TODAY, now=NOW)
    assert [(i.case_id, i.label) for i in board.performance] == [
        (case_id, "第二条"),  # 2024-09-15
        (case_id, "第一条第一期"),  # 2024-09-30
    ]
    assert board.performance[1].what == "李四应付¥20,000.00（尚欠¥15,000.00）"
    # the day lists what fell due in the last 30 days: the cash (2024-09-05) is older
    day = run(db, today_list, dt.date(2024, 10, 10), now=NOW)
    (item,) = [i for i in day.items if i.kind is TodayKind.PERFORMANCE]
    assert item.case_id == case_id and item.urgent and item.parties
    assert item.detail.startswith("第二条等2项：李四：将排水管改道")
    assert day.count(TodayKind.ENFORCEMENT) == 0  # no ruling
    assert not run(db, today_list, TODAY, now=NOW).count(TodayKind.PERFORMANCE)  # 35 days on

    # a ruling: the enforcement period of the act runs from it; 60 days before its end
    with writing(db) as s:
        s.add(
            ConfirmationPack(
                case_id=case_id,
                ruling_on=dt.date(2024, 9, 20),
                ruling_result="confirmed",  # 确认有效: only then does enforcement run
                updated_by=centre.actor.operator_id,  # type: ignore[attr-defined]
                updated_at=NOW,
            )
        )
    late = dt.date(2026, 8, 1)
    day = run(db, today_list, late, now=NOW)
    (warn,) = [i for i in day.items if i.kind is TodayKind.ENFORCEMENT]
    assert warn.detail == "第二条未履行完毕，申请强制执行还剩50天"
    assert not run(db, today_list, dt.date(2026, 7, 1), now=NOW).count(TodayKind.ENFORCEMENT)


def test_the_case_file_counts_the_marks_as_performance_recorded(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.case_file import follow_up_counts

    case_id = full_case(db, centre)
    assert run(db, follow_up_counts, case_id) == (0, 0)
    _mark(db, centre, case_id, CASH, PerformanceState.PERFORMED)
    assert run(db, follow_up_counts, case_id) == (1, 0)
