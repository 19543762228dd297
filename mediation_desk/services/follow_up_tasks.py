"""The automatic follow-up visits (回访) of a case, kept in step with the case and the policy.

``sync_tasks`` is the one place they are planned: called when the agreement takes effect (or
stops), and after every move of ``case_flow`` (结案 plans the visits after closing, 撤销结案 or
回手 cancels those still open). It compares what the policy wants with what is stored, by each
visit's key, so closing, reopening and closing again never plans a visit twice; a visit made
stays as it was, one by hand is never touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.followup_models import FollowUpPolicyRow, FollowUpTask
from ..db.models import Case
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.dates import numeric_date
from ..domain.enums import CaseStatus, RiskLevel
from ..domain.follow_ups import FollowUpPolicy, TaskState, wanted_visits
from ..domain.performance import performance_schedule
from ..errors import NotFound
from . import history

if TYPE_CHECKING:
    from ..domain.agreements import AgreementView

POLICY_ID = 1


def load_policy(s: Session) -> FollowUpPolicy:
    """The centre's policy; the defaults until one is saved."""
    row = s.get(FollowUpPolicyRow, POLICY_ID)
    if row is None:
        return FollowUpPolicy()
    levels = frozenset(RiskLevel(v) for v in row.major_levels.split(",") if v)
    return FollowUpPolicy(
        row.days_after_performance, row.days_after_closing, row.major_months, levels
    )


def sync_tasks(uow: UnitOfWork, case_id: int, agreement: AgreementView | None = None) -> int:
    """Plan the visits the policy wants for the case and cancel the open ones it no longer
    wants; returns how many tasks changed. ``agreement`` (when the caller has it) saves
    reading it again."""
    from .agreements import load_agreement  # agreements calls this module

    s = uow.write()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    view = agreement if agreement is not None else load_agreement(s, case_id)
    days = []
    if view is not None and view.effective_on is not None:
        days = [i.due_date for i in performance_schedule(view.draft) if i.due_date is not None]
    closed_on = case.closed_on if case.status is CaseStatus.CLOSED else None
    wanted = wanted_visits(
        load_policy(s), performance_days=days, closed_on=closed_on, risk=case.risk_level
    )
    stored = {
        t.key: t
        for t in s.scalars(
            select(FollowUpTask).where(
                FollowUpTask.case_id == case_id, FollowUpTask.key.is_not(None)
            )
        )
    }
    done: list[tuple[FollowUpTask, str]] = []  # each task changed, and how (for the history)
    for w in wanted:
        task = stored.pop(w.key, None)
        if task is None:
            task = FollowUpTask(
                case_id=case_id,
                key=w.key,
                reason=w.reason,
                due_on=w.due,
                note=w.note,
                state=TaskState.OPEN,
                planned_by=uow.actor.operator_id,
                planned_at=uow.now(),
            )
            s.add(task)
            done.append((task, f"{numeric_date(w.due)}（{w.note}）"))
        elif task.state is not TaskState.DONE and (
            task.state is TaskState.CANCELLED or task.due_on != w.due
        ):
            task.state, task.due_on, task.note = TaskState.OPEN, w.due, w.note
            done.append((task, f"{numeric_date(w.due)}（{w.note}）"))
    planned = len(done)
    for task in stored.values():
        if task.state is TaskState.OPEN:
            task.state = TaskState.CANCELLED
            done.append((task, numeric_date(task.due_on)))
    if not done:
        return 0
    s.flush()
    parts = []
    if planned:
        parts.append("自动安排回访：" + "；".join(text for _, text in done[:planned]))
    if len(done) > planned:
        why = _why_not(case)
        parts.append("取消回访：" + "、".join(text for _, text in done[planned:]) + f"（{why}）")
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="follow_up_plan",
        summary="。".join(parts),
        changes={
            "tasks": [
                {"task_id": t.id, "due_on": t.due_on.isoformat(), "state": t.state} for t, _ in done
            ]
        },
    )
    return len(done)


def _why_not(case: Case) -> str:
    if case.status is CaseStatus.CLOSED:
        return "协议已不再生效"
    return f"案件{case.status.label}，不再需要该次回访"
