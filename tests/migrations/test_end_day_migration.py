"""0021_end_day: cases recorded before every move kept the day mediation ended get it from
the most faithful source, open cases lose theirs, and the statistics rows and month sums
follow. SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, PostgreSQL (``db`` fixture)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alembic import command
from sqlalchemy import select, update

from mediation_desk.db.case_stats import refresh_case_stats
from mediation_desk.db.database import Database
from mediation_desk.db.models import Case
from mediation_desk.domain.agreements import AgreementDraft, AgreementForm
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.drafts import RoutingDraft
from mediation_desk.domain.enums import CaseStatus, ReferralTarget
from mediation_desk.domain.outcomes import TerminationReason
from mediation_desk.services.agreements import save_agreement
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import route_case
from mediation_desk.services.follow_ups import hui_shou
from tests.core.test_case_stats import NOW, _register, _stored, assert_current
from tests.core.test_end_day import _sign_all
from tests.desk import reading, run, writing
from tests.migrations.test_migrations import run_alembic

SIGNED = dt.date(2026, 3, 4)  # the written agreement's last signature
ENTERED = dt.datetime(2026, 3, 9, 15, 0)  # the day the signatures were typed in
REACHED = dt.date(2026, 3, 5)  # the oral agreement
TERMINATED = dt.datetime(2026, 3, 11, 9, 0)  # recorded then, dated the 6th in the dialog
CLOSED = dt.datetime(2026, 3, 16, 9, 0)
BACK = dt.datetime(2026, 3, 20, 9, 0)


def _arrange(db: Database, centre: Any) -> dict[str, int]:
    ids = {k: _register(db, centre) for k in ("written", "oral", "failed", "closed", "hui_shou")}
    ids["routed"] = _register(db, centre)
    _sign_all(db, centre, ids["written"], SIGNED, ENTERED)
    oral = AgreementDraft(form=AgreementForm.ORAL, facts="当场和解", reached_on=REACHED)
    run(db, save_agreement, case_id=ids["oral"], draft=oral, actor=centre.actor, now=ENTERED)
    run(db, move_case, case_id=ids["oral"], event=CaseEvent.CLOSE, actor=centre.actor,
        now=CLOSED)  # fmt: skip
    run(db, move_case, case_id=ids["failed"], event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART, on=dt.date(2026, 3, 6), actor=centre.actor,
        now=TERMINATED)  # fmt: skip
    run(db, move_case, case_id=ids["closed"], event=CaseEvent.WITHDRAW, note="申请人撤回",
        actor=centre.actor, now=TERMINATED)  # fmt: skip
    run(db, move_case, case_id=ids["closed"], event=CaseEvent.CLOSE, actor=centre.actor,
        now=CLOSED)  # fmt: skip
    _sign_all(db, centre, ids["hui_shou"], SIGNED, ENTERED)
    run(db, hui_shou, ids["hui_shou"], "回访发现未履行", actor=centre.actor, now=BACK)
    routing = RoutingDraft(refer_to=ReferralTarget.COURT_FILING, refer_body="某区人民法院立案庭")
    run(db, route_case, case_id=ids["routed"], routing=routing, actor=centre.actor, now=NOW)
    return ids


def _damage(db: Database, ids: dict[str, int]) -> None:
    """The data as the release before 0021 left it, statistics rows included: no day for the
    agreements' successes and for a terminated case, a closed case whose outcome was never
    recorded, and 回手 that kept the day of the success it undid."""
    with writing(db) as s:
        lost = [ids[k] for k in ("written", "oral", "failed", "closed")]
        s.execute(update(Case).where(Case.id.in_(lost)).values(ended_on=None))
        s.execute(update(Case).where(Case.id == ids["closed"]).values(closed_from=""))
        s.execute(update(Case).where(Case.id == ids["hui_shou"]).values(ended_on=SIGNED))
        refresh_case_stats(s, ids.values())


def _days(db: Database) -> dict[int, dt.date | None]:
    with reading(db) as s:
        return dict(s.execute(select(Case.id, Case.ended_on)).all())


def test_the_migration_mends_the_end_days(db: Database, centre: Any) -> None:
    ids = _arrange(db, centre)
    mended = _days(db)  # what the moves record now
    run_alembic(db, command.downgrade, "0020_case_list")
    _damage(db, ids)
    assert _stored(db)[ids["hui_shou"]][7] == SIGNED  # 在办 and 办结 at once
    run_alembic(db, command.upgrade, "head")
    days = _days(db)
    assert days[ids["written"]] == SIGNED  # the agreement's effect, not the day typed in
    assert days[ids["oral"]] == REACHED  # closed from 调解成功: its agreement still
    assert days[ids["failed"]] == TERMINATED.date()  # the history: the day recorded
    assert days[ids["closed"]] == CLOSED.date()  # no outcome recorded: the day closed
    assert days[ids["hui_shou"]] is None  # 在办 again
    assert days[ids["routed"]] is None  # handed on at intake: not 受理, no end day
    assert {k: days[i] for k, i in ids.items() if k not in ("failed", "closed")} == {
        k: mended[i] for k, i in ids.items() if k not in ("failed", "closed")
    }  # where the source is exact, the day a move records now
    with reading(db) as s:
        statuses = dict(s.execute(select(Case.id, Case.status)).all())
    assert statuses[ids["hui_shou"]] is CaseStatus.IN_MEDIATION
    assert_current(db)  # every statistics row and month sum as computed afresh
    stored = _stored(db)
    assert stored[ids["hui_shou"]][7] is None
    assert stored[ids["closed"]][7] == CLOSED.date()


def test_a_day_is_never_before_the_case_was_received(db: Database, centre: Any) -> None:
    case_id = _register(db, centre)
    run(db, move_case, case_id=case_id, event=CaseEvent.WITHDRAW, note="申请人撤回",
        actor=centre.actor, now=TERMINATED)  # fmt: skip
    run_alembic(db, command.downgrade, "0020_case_list")
    later = dt.datetime(2026, 3, 25, 8, 0)  # the receiving day corrected after the move
    with writing(db) as s:
        s.execute(update(Case).where(Case.id == case_id).values(ended_on=None, received_at=later))
        refresh_case_stats(s, [case_id])
    run_alembic(db, command.upgrade, "head")
    assert _days(db)[case_id] == later.date()
    assert_current(db)
