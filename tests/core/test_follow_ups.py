"""Follow-up visits (回访): planned after each performance due day and after closing, by hand;
the 回访记录 with its checks; the policy; 回手 with a new time limit from its day."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.case_flow import CaseEvent, offered, refusal
from mediation_desk.domain.enums import CaseSource, CaseStatus, RiskLevel
from mediation_desk.domain.follow_ups import (
    CLOSING_KEY,
    MAJOR_KEY,
    FollowUpPolicy,
    FollowUpReason,
    Performed,
    Satisfaction,
    TaskState,
    VisitDraft,
    VisitForm,
    check_policy,
    check_visit,
    hui_shou_reason,
    offers_hui_shou,
    wanted_visits,
)
from mediation_desk.domain.time_limits import HUI_SHOU, CaseFacts, compute_time_limit
from mediation_desk.domain.today import TodayKind
from mediation_desk.domain.work_calendar import base_calendar
from mediation_desk.errors import DeskError
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.follow_ups import (
    cancel_follow_up,
    follow_ups_of,
    get_policy,
    hui_shou,
    plan_follow_up,
    record_visit,
    save_policy,
)
from mediation_desk.services.history import case_history
from mediation_desk.services.today import today_list
from tests.desk import run, writing
from tests.documents.sample import full_case

TODAY = dt.date.today()
POLICY = FollowUpPolicy(7, 15, 3, frozenset({RiskLevel.ORANGE, RiskLevel.RED}))


def _visit(**changes: object) -> VisitDraft:
    draft = VisitDraft(
        VisitForm.PHONE, TODAY, "李秀英", Performed.YES, Satisfaction.SATISFIED, measures=""
    )
    for k, v in changes.items():
        setattr(draft, k, v)
    return draft


# --- the rules -------------------------------------------------------------------------------


def test_one_visit_per_performance_day_and_after_closing() -> None:
    days = [dt.date(2026, 3, 31), dt.date(2026, 3, 31), dt.date(2026, 1, 31)]
    open_case = wanted_visits(POLICY, performance_days=days, closed_on=None, risk=RiskLevel.RED)
    assert [(v.reason, v.due) for v in open_case] == [
        (FollowUpReason.PERFORMANCE, dt.date(2026, 2, 7)),
        (FollowUpReason.PERFORMANCE, dt.date(2026, 4, 7)),
    ]
    closed = wanted_visits(
        POLICY, performance_days=[], closed_on=dt.date(2026, 1, 31), risk=RiskLevel.RED
    )
    assert [(v.key, v.due) for v in closed] == [
        (CLOSING_KEY, dt.date(2026, 2, 15)),
        (MAJOR_KEY, dt.date(2026, 4, 30)),  # three months on: the month's last day
    ]
    minor = wanted_visits(
        POLICY, performance_days=[], closed_on=dt.date(2026, 1, 31), risk=RiskLevel.YELLOW
    )
    assert [v.key for v in minor] == [CLOSING_KEY]
    none = FollowUpPolicy(0, 0, 0, frozenset())
    assert wanted_visits(none, performance_days=days, closed_on=TODAY, risk=RiskLevel.RED) == []


def test_policy_and_visit_checks_speak_chinese() -> None:
    assert check_policy(POLICY) == ""
    assert "0至365天" in check_policy(FollowUpPolicy(400, 15, 3))
    assert "月数" in check_policy(FollowUpPolicy(7, 15, 30))
    assert "无风险" in check_policy(FollowUpPolicy(7, 15, 3, frozenset({RiskLevel.NONE})))
    earliest = TODAY - dt.timedelta(days=30)
    assert check_visit(_visit(), today=TODAY, earliest=earliest) == ""
    assert check_visit(_visit(visited_on=None), today=TODAY, earliest=earliest) == "请填写回访日期"
    tomorrow = TODAY + dt.timedelta(days=1)
    assert "晚于今天" in check_visit(_visit(visited_on=tomorrow), today=TODAY, earliest=earliest)
    assert check_visit(_visit(visitors=" "), today=TODAY, earliest=earliest) == "请填写回访人"
    assert "满意度" in check_visit(_visit(satisfaction=None), today=TODAY, earliest=earliest)
    court = _visit(went_to_court=True)
    assert "法院" in check_visit(court, today=TODAY, earliest=earliest)
    assert "措施" in check_visit(_visit(performed=Performed.NO), today=TODAY, earliest=earliest)


def test_dissatisfied_or_not_performed_offers_hui_shou() -> None:
    assert not offers_hui_shou(Performed.YES, Satisfaction.BASIC)
    assert offers_hui_shou(Performed.YES, Satisfaction.DISSATISFIED)
    assert offers_hui_shou(Performed.NO, Satisfaction.SATISFIED)
    assert offers_hui_shou(Performed.PARTLY, Satisfaction.BASIC)
    assert hui_shou_reason(Performed.NO, Satisfaction.DISSATISFIED) == (
        "回访发现协议未履行，当事人对调解结果不满意"
    )


def test_hui_shou_is_a_row_of_the_case_table() -> None:
    assert refusal(CaseStatus.SUCCEEDED, CaseEvent.FOLLOW_UP_REOPEN) == ""
    assert refusal(CaseStatus.CLOSED, CaseEvent.FOLLOW_UP_REOPEN) == ""
    assert "只有调解成功或已结案" in refusal(CaseStatus.FAILED, CaseEvent.FOLLOW_UP_REOPEN)
    # offered on the 回访 page, not in the outcome dialog
    assert CaseEvent.FOLLOW_UP_REOPEN not in offered(CaseStatus.CLOSED)


def test_a_restarted_case_counts_one_month_from_the_day_of_hui_shou() -> None:
    facts = CaseFacts(
        source=CaseSource.WALK_IN,
        received_on=dt.date(2026, 1, 5),
        restarted_on=dt.date(2026, 6, 10),
    )
    limit = compute_time_limit(facts, base_calendar(), targets={RiskLevel.NONE: 20})
    assert limit.legal_rule is HUI_SHOU
    assert limit.start == dt.date(2026, 6, 10)
    assert limit.legal_due == dt.date(2026, 7, 10)
    assert limit.target_due == dt.date(2026, 6, 30)  # the target too runs from 回手


# --- the services ----------------------------------------------------------------------------


def test_visits_are_planned_when_the_agreement_takes_effect_and_at_closing(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)  # performance days 2024-09-05, 09-15, 09-30, 12-31
    tasks = run(db, follow_ups_of, case_id)
    assert [(t.reason, t.due, t.state) for t in tasks] == [
        (FollowUpReason.PERFORMANCE, dt.date(2024, 9, 12), TaskState.OPEN),
        (FollowUpReason.PERFORMANCE, dt.date(2024, 9, 22), TaskState.OPEN),
        (FollowUpReason.PERFORMANCE, dt.date(2024, 10, 7), TaskState.OPEN),
        (FollowUpReason.PERFORMANCE, dt.date(2025, 1, 7), TaskState.OPEN),
    ]
    run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REOPEN_CLOSED,
        note="误结",
        actor=centre.actor,
    )
    after_undo = run(db, follow_ups_of, case_id)
    closing = [t for t in after_undo if t.reason is FollowUpReason.CLOSING]
    assert [t.state for t in closing] == [TaskState.CANCELLED]
    run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    again = run(db, follow_ups_of, case_id)
    closing = [t for t in again if t.reason is FollowUpReason.CLOSING]
    assert [(t.due, t.state) for t in closing] == [
        (TODAY + dt.timedelta(days=15), TaskState.OPEN)
    ]  # closed twice: still one visit after closing
    assert len(again) == 5
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert any(s.startswith("自动安排回访：") and "结案后15天回访" in s for s in summaries)
    assert any(s.startswith("取消回访：") and "不再需要该次回访" in s for s in summaries)
    # the due ones are on the day's list
    day = run(db, today_list, TODAY)
    assert {i.case_id for i in day.items if i.kind is TodayKind.FOLLOW_UP} == {case_id}
    assert day.count(TodayKind.FOLLOW_UP) == 4  # the performance visits are past due


def test_a_major_case_is_visited_again_after_the_policy_months(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    with writing(db) as s:
        from mediation_desk.db.models import Case

        case = s.get(Case, case_id)
        assert case is not None
        case.risk_level = RiskLevel.ORANGE
    run(
        db, save_policy, FollowUpPolicy(0, 10, 2, frozenset({RiskLevel.ORANGE})), actor=centre.actor
    )
    assert run(db, get_policy).days_after_closing == 10
    run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    keys = [(t.reason, t.due) for t in run(db, follow_ups_of, case_id) if t.state is TaskState.OPEN]
    assert (FollowUpReason.CLOSING, TODAY + dt.timedelta(days=10)) in keys
    from mediation_desk.domain.time_limits import add_months

    assert (FollowUpReason.CLOSING, add_months(TODAY, 2)) in keys
    with pytest.raises(DeskError, match="结案后回访的天数"):
        run(db, save_policy, FollowUpPolicy(7, -1, 3), actor=centre.actor)


def test_a_visit_planned_by_hand_is_recorded_and_printed_in_the_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=False)
    with pytest.raises(DeskError, match="早于今天"):
        run(db, plan_follow_up, case_id, TODAY - dt.timedelta(days=1), actor=centre.actor)
    task = run(db, plan_follow_up, case_id, TODAY, "电话了解邻里关系", actor=centre.actor)
    assert (task.reason, task.state, task.due) == (FollowUpReason.MANUAL, TaskState.OPEN, TODAY)
    with pytest.raises(DeskError, match="请填写回访人"):
        run(db, record_visit, task.id, _visit(visitors=""), actor=centre.actor)
    done = run(db, record_visit, task.id, _visit(form=VisitForm.HOME), actor=centre.actor)
    assert done.state is TaskState.DONE and done.visit is not None and done.ordinal == 1
    assert done.visit.draft.form is VisitForm.HOME and not done.visit.offers_hui_shou
    with pytest.raises(DeskError, match="已登记"):
        run(db, record_visit, task.id, _visit(), actor=centre.actor)
    summaries = [h.summary for h in run(db, case_history, case_id)]
    assert any(s.startswith("安排回访") for s in summaries)
    assert any("登记回访" in s and "上门回访" not in s and "已履行，满意" in s for s in summaries)
    other = run(db, plan_follow_up, case_id, TODAY, actor=centre.actor)
    with pytest.raises(DeskError, match="原因"):
        run(db, cancel_follow_up, other.id, " ", actor=centre.actor)
    cancelled = run(db, cancel_follow_up, other.id, "当事人已搬离", actor=centre.actor)
    assert cancelled.state is TaskState.CANCELLED


def test_hui_shou_reopens_with_a_reason_and_a_new_time_limit(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    assert run(db, get_case, case_id).status is CaseStatus.SUCCEEDED
    task = run(db, follow_ups_of, case_id)[0]
    visit = _visit(performed=Performed.NO, satisfaction=Satisfaction.DISSATISFIED, measures="督促")
    done = run(db, record_visit, task.id, visit, actor=centre.actor)
    assert done.visit is not None and done.visit.offers_hui_shou
    with pytest.raises(DeskError, match="请填写回手的原因"):
        run(db, hui_shou, case_id, " ", actor=centre.actor)
    detail = run(db, hui_shou, case_id, "回访发现协议未履行", actor=centre.actor)
    assert detail.status is CaseStatus.IN_MEDIATION
    limit = detail.time_limit
    assert limit is not None and limit.rule_key == HUI_SHOU.key
    assert limit.due is not None and limit.due > TODAY + dt.timedelta(days=27)
    history = run(db, case_history, case_id)
    assert any(
        h.summary.startswith("回手（调解成功 → 调解中）：回访发现协议未履行") for h in history
    )
    with pytest.raises(DeskError, match="只有调解成功或已结案"):
        run(db, hui_shou, case_id, "再次", actor=centre.actor)
