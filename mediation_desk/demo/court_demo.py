"""The court's side of judicial confirmation in the demo, through the real services.

The lifecycle story "written" is applied for, accepted and confirmed (确认有效); one more
story of this module, "court_dismissed", is applied for, accepted and dismissed (驳回申请), so
the panel shows the next steps offered to the parties.
"""

from __future__ import annotations

import datetime as dt

from ..db.unit_of_work import UnitOfWork
from ..domain.court_steps import RulingResult
from ..domain.validation import validate_party
from ..services.cases import get_case
from ..services.court_steps import record_acceptance, record_ruling, record_submission
from ..services.intake import register_case, warning_key
from .generator import CaseGenerator
from .lifecycle_demo import COURT, STORIES
from .places import drop_unknown_place

#: The cases this module registers (after the lifecycle stories), by story key.
COURT_STORIES = ("court_dismissed",)
#: How many days ago the dismissed story's case came in, and its agreement took effect.
DISMISSED_RECEIVED_DAYS = 40
DISMISSED_AGREED_DAYS = 30


def seed_court_steps(uow: UnitOfWork, stories: dict[str, int], *, seed: int = 11) -> dict[str, int]:
    """Record the court's handling on the lifecycle story "written" and add the story
    "court_dismissed"; returns the ids of the cases this module worked on, by story key."""
    uow.as_system()  # system work: no account asked for it
    today = uow.today()
    written = stories["written"]
    effective = _effective_day(uow, written)
    number = f"（{today.year}）浙0602民特{300 + written}号"
    record_submission(
        uow,
        case_id=written,
        on=effective + dt.timedelta(days=1),
        court=COURT,
        receipt_no=f"YC{today.year}-{written:04d}",
    )
    record_acceptance(
        uow,
        case_id=written,
        on=effective + dt.timedelta(days=2),
        accepted=True,
        court_case_number=number,
    )
    record_ruling(
        uow,
        case_id=written,
        court_case_number=number,
        on=min(effective + dt.timedelta(days=8), today),
        result=RulingResult.CONFIRMED,
    )
    dismissed = _dismissed_story(uow, get_case(uow, written).unit_id, seed)
    return {"written": written, "court_dismissed": dismissed}


def _effective_day(uow: UnitOfWork, case_id: int) -> dt.date:
    from ..services.confirmation import get_pack

    effective = get_pack(uow, case_id).effective_on
    assert effective is not None  # the story's agreement is signed by everyone
    return effective


def _dismissed_story(uow: UnitOfWork, unit_id: int, seed: int) -> int:
    """A written agreement the court would not confirm: its terms were not clear enough."""
    today = uow.today()
    received = today - dt.timedelta(days=DISMISSED_RECEIVED_DAYS)
    draft = next(
        g.draft
        for g in CaseGenerator(seed=seed, today=today).cases(200, days_back=1)
        if len(g.draft.parties) == 2 and not g.draft.refused and g.draft.routing.refer_to is None
    )
    draft.received_at = dt.datetime.combine(received, dt.time(10, 0))
    draft.routing.unit_id, draft.routing.mediator_id = unit_id, None
    acknowledged = frozenset(
        warning_key(w)
        for i, p in enumerate(draft.parties)
        for w in validate_party(p, i, today=received)
        if not w.is_error
    ) | {"requests:requests_empty", "parties:respondent_missing"}
    drop_unknown_place(uow, draft)
    case_id = register_case(uow, draft, acknowledged=acknowledged).id
    agreed = today - dt.timedelta(days=DISMISSED_AGREED_DAYS)
    write_agreement = next(s.then for s in STORIES if s.key == "written")
    write_agreement(uow, case_id, agreed)
    number = f"（{today.year}）浙0602民特{300 + case_id}号"
    record_submission(uow, case_id=case_id, on=agreed + dt.timedelta(days=3), court=COURT)
    record_acceptance(
        uow,
        case_id=case_id,
        on=agreed + dt.timedelta(days=4),
        accepted=True,
        court_case_number=number,
    )
    record_ruling(
        uow,
        case_id=case_id,
        court_case_number=number,
        on=agreed + dt.timedelta(days=15),
        result=RulingResult.DISMISSED,
        note="调解协议第二条履行方式内容不明确，裁定驳回申请",
    )
    return case_id
