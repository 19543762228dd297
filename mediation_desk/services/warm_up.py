"""What the first save of a case would otherwise do while the clerk waits, done once in the
background after the first sign-in, while the clerk is still typing (issue 13: the first save
in a fresh process ≤ 30 ms).

- Load: the intake service's modules, the pinyin readings table, the holiday calendar for the
  time limit, the statistics rows' statements.
- Rehearse one registration (``db.unit_of_work.rehearse``): a sample case is checked and saved
  as the signed-in account would save it, with its number, search index, history and
  statistics rows, and the whole transaction is rolled back. SQLAlchemy compiles each
  statement on its first run (about 30 ms for a registration's twenty-odd statements); the
  clerk's first save then finds them compiled and the pages it touches read. Nothing is kept:
  on SQLite not even the row ids; on PostgreSQL the id sequences move on (ids are not numbers
  anyone reads; case numbers come from the counter table, which is rolled back).
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from ..db.database import Database
from ..domain.actor import Actor
from ..domain.clock import Clock, system_clock
from ..domain.drafts import CaseDraft, PartyDraft, PhoneDraft, RoutingDraft
from ..domain.enums import PartyRole
from ..errors import DeskError

if TYPE_CHECKING:
    from ..db.unit_of_work import UnitOfWork
    from .intake import RegisteredCase

#: The sample case: two people with an ID number and phones each, as most cases are.
SAMPLE_FACTS = "邻里之间因排水沟堵塞发生纠纷。"
SAMPLE_REQUESTS = "请求疏通排水沟并赔偿损失。"


def warm_up_saving(db: Database, actor: Actor, *, clock: Clock = system_clock) -> None:
    """Load and build what saving a case needs, then rehearse a registration as ``actor``.
    An account that may not register cases, a centre not set up yet, or a database busy or
    read-only rehearses nothing (the first save then just takes longer)."""
    from ..db.case_stats import prepare_statements
    from ..db.unit_of_work import rehearse
    from ..domain.work_calendar import base_calendar
    from .indexing import initials_variants

    initials_variants("张")  # the single-character readings table (≈ 10 ms of JSON)
    base_calendar()  # chinesecalendar's tables, for the case's time limit
    prepare_statements(db.engine.dialect.name)
    with suppress(DeskError):  # not allowed to register, locked, read-only: nothing to do
        rehearse(db, _register_sample_case, actor=actor, clock=clock)


def _register_sample_case(uow: UnitOfWork) -> RegisteredCase | None:
    """Check and register the sample case at the first active unit, acknowledging its
    warnings as a clerk would (raises what ``register_case`` raises)."""
    from .intake import check_draft, register_case, warning_key
    from .reference import list_dispute_types, list_units

    units = list_units(uow)
    leaves = [t.code for t in list_dispute_types(uow) if t.is_leaf]
    if not units or not leaves:
        return None
    draft = sample_case(unit_id=units[0].id, dispute_type_code=leaves[0])
    issues = check_draft(uow, draft)
    acknowledged = {warning_key(issue) for issue in issues if not issue.is_error}
    return register_case(uow, draft, acknowledged=acknowledged)


def sample_case(*, unit_id: int, dispute_type_code: str) -> CaseDraft:
    return CaseDraft(
        dispute_type_code=dispute_type_code,
        facts=SAMPLE_FACTS,
        requests=SAMPLE_REQUESTS,
        parties=[
            PartyDraft(
                role=PartyRole.APPLICANT,
                name="王建国",
                id_number="110105195001010039",
                address="城南街道幸福路1号",
                phones=[PhoneDraft("13800138000")],
            ),
            PartyDraft(
                role=PartyRole.RESPONDENT,
                name="李秀英",
                id_number="11010519491231002X",  # the standard's own example (GB 11643)
                address="城南街道幸福路3号",
                phones=[PhoneDraft("13900139000")],
            ),
        ],
        routing=RoutingDraft(unit_id=unit_id),
    )
