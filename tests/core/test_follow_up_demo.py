"""The demo's follow-up visits: a visit made on the closed story, and a 回手 story."""

from __future__ import annotations

from mediation_desk.demo.follow_up_demo import seed_follow_ups
from mediation_desk.demo.lifecycle_demo import seed_lifecycle_cases
from mediation_desk.demo.loader import seed_demo_centre
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.domain.follow_ups import Satisfaction, TaskState
from mediation_desk.domain.time_limits import HUI_SHOU
from mediation_desk.services.cases import get_case
from mediation_desk.services.follow_ups import follow_ups_of
from mediation_desk.services.history import case_history
from tests.desk import run


def test_the_demo_visits_and_takes_a_case_up_again(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    def seed(uow):  # type: ignore[no-untyped-def]
        stories = seed_lifecycle_cases(uow, seed_demo_centre(uow).unit_ids["fushan"])
        return stories, seed_follow_ups(uow, stories)

    stories, added = run(sqlite_db, seed)
    made = [t for t in run(sqlite_db, follow_ups_of, stories["closed"]) if t.visit]
    assert len(made) == 1 and made[0].state is TaskState.DONE
    assert made[0].visit is not None
    assert made[0].visit.draft.satisfaction is Satisfaction.SATISFIED
    reopened = run(sqlite_db, get_case, added["hui_shou"])
    assert reopened.status is CaseStatus.IN_MEDIATION
    assert reopened.time_limit is not None and reopened.time_limit.rule_key == HUI_SHOU.key
    summaries = [h.summary for h in run(sqlite_db, case_history, added["hui_shou"])]
    assert any(s.startswith("回手（调解成功 → 调解中）：回访发现协议未履行") for s in summaries)
    assert run(sqlite_db, get_case, stories["closed"]).status is CaseStatus.CLOSED
