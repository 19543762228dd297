"""The demo's performance marks go through the real service."""

from __future__ import annotations

from mediation_desk.demo.lifecycle_demo import seed_lifecycle_cases
from mediation_desk.demo.loader import seed_demo_centre
from mediation_desk.demo.performance_demo import seed_performance
from mediation_desk.domain.performance_marks import PerformanceState, ProofKind
from mediation_desk.services.performance import performance_of, receipt_of
from tests.desk import run


def test_written_and_closed_stories_are_marked(db) -> None:  # type: ignore[no-untyped-def]
    def seed(uow):  # type: ignore[no-untyped-def]
        ids = seed_lifecycle_cases(uow, seed_demo_centre(uow).unit_ids["fushan"])
        return ids, seed_performance(uow, ids)

    ids, marked = run(db, seed)
    assert marked == [ids["written"], ids["closed"]]
    written = run(db, performance_of, ids["written"]).items[0]
    assert written.state is PerformanceState.PARTLY and written.paid_fen == 500_000
    assert written.marks[0].proof_kind is ProofKind.TRANSFER
    closed = run(db, performance_of, ids["closed"]).items[0]
    assert closed.state is PerformanceState.PERFORMED and closed.paid_fen == closed.amount_fen
    assert run(db, receipt_of, ids["closed"]).amount_fen == 1_200_000
