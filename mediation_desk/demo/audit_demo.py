"""Demo entries for 操作审计: the clerk looked up the full ID numbers of the parties of two
lifecycle stories (as 当事人 › 显示 records it), so the viewer has audited events to filter."""

from __future__ import annotations

from ..db.unit_of_work import UnitOfWork
from ..services.audit import REVEAL_ID, audit_event
from ..services.cases import get_case

#: The stories whose applicant's full ID number was looked at (preparing the agreement).
REVEALED = ("written", "closed")


def seed_audit_events(uow: UnitOfWork, story_ids: dict[str, int]) -> list[int]:
    """Record the full-ID views of the ``REVEALED`` stories (``story_ids`` from
    ``seed_lifecycle_cases``); returns their case ids."""
    uow.as_system()  # system work: no account asked for it
    seen = []
    for key in REVEALED:
        case_id = story_ids[key]
        applicant = get_case(uow, case_id).parties[0].name
        audit_event(uow, REVEAL_ID, f"查看{applicant}的完整证件号码", case_id)
        seen.append(case_id)
    return seen
