"""Follow-up visits (回访) of a case: planning one by hand, recording a visit (回访记录), the
centre's policy, and 回手 — taking the case up again after a visit that found the agreement
not performed or a party not satisfied (人民调解法 art. 31).

The automatic visits are planned in ``follow_up_tasks``; every change is in the case history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..db.followup_models import FollowUpPolicyRow, FollowUpTask, FollowUpVisit
from ..db.models import Case, Operator
from ..db.unit_of_work import UnitOfWork
from ..domain.case_flow import CaseEvent, refusal
from ..domain.case_views import CaseDetail
from ..domain.changes import Entity
from ..domain.dates import numeric_date
from ..domain.follow_ups import (
    FollowUpPolicy,
    FollowUpReason,
    FollowUpTaskView,
    TaskState,
    VisitDraft,
    VisitView,
    check_due,
    check_policy,
    check_visit,
    sorted_levels,
)
from ..domain.roles import Permission
from ..errors import DeskError, NotFound
from . import history
from .case_flow import apply_event
from .follow_up_tasks import POLICY_ID, load_policy
from .permissions import requires

MAX_NOTE = 400


def follow_ups_of(uow: UnitOfWork, case_id: int) -> list[FollowUpTaskView]:
    """The case's visits, by due day, each with its record when made (one query)."""
    return load_follow_ups(uow.read(), [case_id])


def load_follow_ups(s: Session, case_ids: Iterable[int]) -> list[FollowUpTaskView]:
    """The visits of the cases, by case and due day (one query)."""
    planner, recorder = aliased(Operator), aliased(Operator)
    rows = s.execute(
        select(FollowUpTask, Case.number, planner.name, FollowUpVisit, recorder.name)
        .join(Case, Case.id == FollowUpTask.case_id)
        .join(planner, planner.id == FollowUpTask.planned_by)
        .outerjoin(FollowUpVisit, FollowUpVisit.task_id == FollowUpTask.id)
        .outerjoin(recorder, recorder.id == FollowUpVisit.recorded_by)
        .where(FollowUpTask.case_id.in_(list(case_ids)))
        .order_by(FollowUpTask.case_id, FollowUpTask.due_on, FollowUpTask.id)
    ).all()
    out: list[FollowUpTaskView] = []
    ordinals: dict[int, int] = {}  # visit id: 1, 2, … per case in the order they were made
    seen: dict[int, int] = {}
    for _, visit_id, case_id in sorted(
        (r[3].visited_on, r[3].id, r[0].case_id) for r in rows if r[3] is not None
    ):
        seen[case_id] = ordinals[visit_id] = seen.get(case_id, 0) + 1
    for task, number, planned_by, visit, recorded_by in rows:
        view = _visit_view(visit, recorded_by or "") if visit is not None else None
        out.append(
            FollowUpTaskView(
                task.id,
                task.case_id,
                number,
                task.due_on,
                task.reason,
                task.note,
                task.state,
                planned_by,
                task.planned_at,
                view,
                ordinals.get(visit.id, 0) if visit is not None else 0,
            )
        )
    return out


def _visit_view(v: FollowUpVisit, recorded_by: str) -> VisitView:
    draft = VisitDraft(
        v.form,
        v.visited_on,
        v.visitors,
        v.performed,
        v.satisfaction,
        v.went_to_court,
        v.court_note,
        v.measures,
        v.note,
    )
    return VisitView(v.id, v.task_id, draft, recorded_by, v.recorded_at)


def _task_view(uow: UnitOfWork, task_id: int) -> FollowUpTaskView:
    s = uow.write() if uow.writing else uow.read()
    s.flush()
    task = s.get(FollowUpTask, task_id)
    assert task is not None
    return next(t for t in load_follow_ups(s, [task.case_id]) if t.id == task_id)


@requires(Permission.FOLLOW_UP)
def plan_follow_up(
    uow: UnitOfWork, case_id: int, due: dt.date | None, note: str = ""
) -> FollowUpTaskView:
    """Plan a visit by hand (安排回访) on ``due``, any time in the case's life."""
    problem = check_due(due, uow.today())
    note = note.strip()
    if not problem and len(note) > MAX_NOTE:
        problem = f"说明不能超过{MAX_NOTE}字"
    if problem:
        raise DeskError(problem)
    assert due is not None
    s = uow.write()
    if s.get(Case, case_id) is None:
        raise NotFound("案件不存在")
    task = FollowUpTask(
        case_id=case_id,
        key=None,
        reason=FollowUpReason.MANUAL,
        due_on=due,
        note=note,
        state=TaskState.OPEN,
        planned_by=uow.actor.operator_id,
        planned_at=uow.now(),
    )
    s.add(task)
    s.flush()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="follow_up_plan",
        summary=f"安排回访：{numeric_date(due)}" + (f"，{note}" if note else ""),
        changes={"task_id": task.id, "due_on": due.isoformat(), "state": task.state},
    )
    return _task_view(uow, task.id)


@requires(Permission.FOLLOW_UP)
def cancel_follow_up(uow: UnitOfWork, task_id: int, reason: str) -> FollowUpTaskView:
    """Cancel a visit not yet made, with a reason."""
    reason = reason.strip()
    if not reason:
        raise DeskError("请填写取消回访的原因")
    s = uow.write()
    task = s.get(FollowUpTask, task_id)
    if task is None:
        raise NotFound("回访任务不存在")
    if task.state is not TaskState.OPEN:
        raise DeskError(f"该次回访{task.state.label}，不能取消")
    task.state = TaskState.CANCELLED
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=task.case_id,
        case_id=task.case_id,
        action="follow_up_cancel",
        summary=f"取消回访（{numeric_date(task.due_on)}）：{reason}",
        changes={"task_id": task.id, "state": task.state},
    )
    return _task_view(uow, task_id)


@requires(Permission.FOLLOW_UP)
def record_visit(uow: UnitOfWork, task_id: int, draft: VisitDraft) -> FollowUpTaskView:
    """Record the visit of a task (登记回访): the task is done. A visit made without a task
    planned is recorded by planning one by hand first."""
    draft = dataclasses.replace(
        draft,
        visitors=draft.visitors.strip(),
        court_note=draft.court_note.strip() if draft.went_to_court else "",
        measures=draft.measures.strip(),
        note=draft.note.strip(),
    )
    s = uow.write()
    task = s.get(FollowUpTask, task_id)
    if task is None:
        raise NotFound("回访任务不存在")
    if task.state is TaskState.DONE:
        raise DeskError("该次回访已登记")
    case = s.get(Case, task.case_id)
    assert case is not None
    problem = check_visit(draft, today=uow.today(), earliest=case.received_at.date())
    if problem:
        raise DeskError(problem)
    assert draft.visited_on and draft.performed and draft.satisfaction
    s.add(
        FollowUpVisit(
            task_id=task_id,
            form=draft.form,
            visited_on=draft.visited_on,
            visitors=draft.visitors,
            performed=draft.performed,
            satisfaction=draft.satisfaction,
            went_to_court=draft.went_to_court,
            court_note=draft.court_note,
            measures=draft.measures,
            note=draft.note,
            recorded_by=uow.actor.operator_id,
            recorded_at=uow.now(),
        )
    )
    task.state = TaskState.DONE
    s.flush()
    view = _task_view(uow, task_id)
    assert view.visit is not None
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=task.case_id,
        case_id=task.case_id,
        action="follow_up_visit",
        summary=f"登记回访（{numeric_date(draft.visited_on)}，{draft.visitors}）："
        + view.visit.summary.split("：", 1)[1],
        changes={
            "task_id": task_id,
            "form": draft.form,
            "performed": draft.performed,
            "satisfaction": draft.satisfaction,
            "went_to_court": draft.went_to_court,
        },
    )
    return view


@requires(Permission.FOLLOW_UP)
def hui_shou(uow: UnitOfWork, case_id: int, reason: str) -> CaseDetail:
    """回手: take a succeeded or closed case up again, with a reason; it goes back to its
    unit in 调解中 and its time limit runs anew from today. Open automatic visits after
    closing are cancelled (the case is no longer closed)."""
    case = uow.write().get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    refused = refusal(case.status, CaseEvent.FOLLOW_UP_REOPEN)
    if refused:
        raise DeskError(refused)
    return apply_event(uow, case_id=case_id, event=CaseEvent.FOLLOW_UP_REOPEN, note=reason)


# --- the centre's policy ---------------------------------------------------------------------


def get_policy(uow: UnitOfWork) -> FollowUpPolicy:
    return load_policy(uow.read())


@requires(Permission.SETTINGS)
def save_policy(uow: UnitOfWork, policy: FollowUpPolicy) -> FollowUpPolicy:
    """Save the centre's policy (中心设置 › 回访). Visits already planned keep their days; the
    policy applies to what is planned from now on."""
    problem = check_policy(policy)
    if problem:
        raise DeskError(problem)
    s = uow.write()
    row = s.get(FollowUpPolicyRow, POLICY_ID)
    if row is None:
        row = FollowUpPolicyRow(id=POLICY_ID)
        s.add(row)
    row.days_after_performance = policy.days_after_performance
    row.days_after_closing = policy.days_after_closing
    row.major_months = policy.major_months
    row.major_levels = ",".join(lv.value for lv in sorted_levels(policy.major_levels))
    row.updated_by, row.updated_at = uow.actor.operator_id, uow.now()
    s.flush()
    saved = load_policy(s)
    history.record(
        uow,
        entity=Entity.FOLLOW_UP_SETTINGS,
        entity_id=0,
        action="follow_up_policy",
        summary="修改回访规则：" + saved.text,
        changes={
            "days_after_performance": saved.days_after_performance,
            "days_after_closing": saved.days_after_closing,
            "major_months": saved.major_months,
            "major_levels": [lv.value for lv in sorted_levels(saved.major_levels)],
        },
    )
    return saved
