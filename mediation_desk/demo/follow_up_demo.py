"""Demo follow-up visits (回访), worked through the real services: on the lifecycle story
"closed" a visit made by phone, the agreement performed and the parties satisfied; and one more
story of this module's own — a written agreement not performed, found so on a home visit, and
the case taken up again (回手) with a new time limit.
"""

from __future__ import annotations

import datetime as dt

from ..db.unit_of_work import UnitOfWork
from ..domain.follow_ups import (
    FollowUpReason,
    Performed,
    Satisfaction,
    VisitDraft,
    VisitForm,
    hui_shou_reason,
)
from ..services.cases import get_case
from ..services.follow_ups import follow_ups_of, hui_shou, plan_follow_up, record_visit
from ..services.intake import register_case, warning_key
from .generator import CaseGenerator
from .lifecycle_demo import _written_agreement
from .places import drop_unknown_place

VISITORS = "周建国、李秀英"
#: The story this module adds: days since intake.
REOPENED_DAYS_AGO = 50


def seed_follow_ups(uow: UnitOfWork, story_ids: dict[str, int]) -> dict[str, int]:
    """Add the demo's visits to the lifecycle cases (``story_ids`` from
    ``seed_lifecycle_cases``) and register the 回手 story; returns its case id by key."""
    uow.as_system()  # system work: no account asked for it
    today = uow.today()
    closed = story_ids["closed"]
    tasks = follow_ups_of(uow, closed)
    task = next((t for t in tasks if t.reason is FollowUpReason.CLOSING), None)
    if task is None:  # the policy plans no visit after closing: one by hand
        task = plan_follow_up(uow, closed, today, "了解协议履行情况")
    record_visit(
        uow,
        task.id,
        VisitDraft(
            VisitForm.PHONE,
            today,
            VISITORS,
            Performed.YES,
            Satisfaction.SATISFIED,
            note="申请人表示赔偿款已全部收到，双方关系已缓和。",
        ),
    )
    return {"hui_shou": _reopened(uow, story_ids)}


def _reopened(uow: UnitOfWork, story_ids: dict[str, int]) -> int:
    """A written agreement to pay within a week, not paid: visited, then 回手."""
    from ..domain.validation import validate_party

    today = uow.today()
    received = today - dt.timedelta(days=REOPENED_DAYS_AGO)
    unit_id = get_case(uow, story_ids["closed"]).unit_id
    generator = CaseGenerator(seed=31, today=today)
    draft = next(
        g.draft
        for g in generator.cases(200, days_back=1)
        if len(g.draft.parties) == 2 and not g.draft.refused and g.draft.routing.refer_to is None
    )
    draft.received_at = dt.datetime.combine(received, dt.time(10, 0))
    draft.routing.unit_id, draft.routing.mediator_id = unit_id, None
    acknowledged = {
        warning_key(w)
        for i, p in enumerate(draft.parties)
        for w in validate_party(p, i, today=received)
        if not w.is_error
    } | {"requests:requests_empty", "parties:respondent_missing"}
    drop_unknown_place(uow, draft)
    case_id = register_case(uow, draft, acknowledged=frozenset(acknowledged)).id
    _written_agreement(uow, case_id, received + dt.timedelta(days=5))  # pay within 30 days
    task = follow_ups_of(uow, case_id)[0]
    performed, satisfaction = Performed.NO, Satisfaction.DISSATISFIED
    record_visit(
        uow,
        task.id,
        VisitDraft(
            VisitForm.HOME,
            today,
            VISITORS,
            performed,
            satisfaction,
            measures="当场督促被申请人履行，被申请人称资金困难，要求分期支付。",
            note="履行期限已过，被申请人分文未付，申请人对调解结果不满意。",
        ),
    )
    hui_shou(uow, case_id, hui_shou_reason(performed, satisfaction) + "，被申请人要求分期支付")
    return case_id
