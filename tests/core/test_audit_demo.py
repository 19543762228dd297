"""The demo's audited events: full-ID views on two lifecycle stories, in a whole chain."""

from __future__ import annotations

from mediation_desk.demo.audit_demo import seed_audit_events
from mediation_desk.demo.lifecycle_demo import seed_lifecycle_cases
from mediation_desk.demo.loader import seed_demo_centre
from mediation_desk.services.audit import REVEAL_ID, AuditFilter, search_audit, verify_chain
from tests.desk import every_role, run


def test_the_demo_records_full_id_views(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    def seed(uow):  # type: ignore[no-untyped-def]
        stories = seed_lifecycle_cases(uow, seed_demo_centre(uow).unit_ids["fushan"])
        return stories, seed_audit_events(uow, stories)

    stories, seen = run(sqlite_db, seed)
    assert seen == [stories["written"], stories["closed"]]
    rows = run(
        sqlite_db, search_audit, AuditFilter(action=REVEAL_ID), actor=every_role(sqlite_db)
    ).rows
    assert len(rows) == 2
    assert all(r.summary.startswith("查看") and r.case_number for r in rows)
    assert run(sqlite_db, verify_chain) is None
