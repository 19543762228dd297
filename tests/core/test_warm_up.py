"""The first save's warm-up (``services.warm_up``): a whole registration rehearsed and rolled
back, so nothing of it is kept, on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select

from mediation_desk.db.models import (
    Case,
    HistoryEntry,
    NumberCounter,
    Party,
    PartyPhone,
    SearchToken,
)
from mediation_desk.db.report_models import CaseStat, CaseStatMonth
from mediation_desk.domain.clock import fixed_clock
from mediation_desk.domain.roles import Role
from mediation_desk.services import intake
from mediation_desk.services.warm_up import warm_up_saving
from tests.conftest import Centre
from tests.desk import add_account, reading, run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
KEPT = (Case, Party, PartyPhone, SearchToken, HistoryEntry, CaseStat, CaseStatMonth, NumberCounter)


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in KEPT}


@contextmanager
def _statements(db) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def on_statement(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()[:3]).upper())

    event.listen(db.engine, "before_cursor_execute", on_statement)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", on_statement)


def test_the_rehearsal_runs_a_whole_registration_and_keeps_nothing(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    run(
        db,
        intake.register_case,
        two_party_draft(centre.street_unit_id),
        actor=centre.actor,
        now=NOW,
    )
    before = _counts(db)
    with _statements(db) as seen:
        warm_up_saving(db, centre.actor, clock=fixed_clock(NOW))
    # the save went all the way: the case, its parties and index, the history, the statistics
    for table in ("MEDIATION_CASE", "PARTY", "SEARCH_TOKEN", "HISTORY_ENTRY", "CASE_STAT"):
        assert any(s.startswith("INSERT INTO") and table in s for s in seen), (table, seen)
    assert _counts(db) == before  # … and was rolled back whole
    # the next real case takes the number it would have taken without the rehearsal
    second = run(
        db, intake.register_case, two_party_draft(centre.desk_id), actor=centre.actor, now=NOW
    )
    assert second.number == f"（{NOW.year}）测矛调登字第1号"


def test_an_account_that_may_not_register_rehearses_nothing(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    admin = add_account(db, "管理员小钱", roles=frozenset({Role.ADMIN}))
    before = _counts(db)
    with _statements(db) as seen:
        warm_up_saving(db, admin, clock=fixed_clock(NOW))
    assert not any(s.startswith("INSERT") for s in seen), "|".join(seen)
    assert _counts(db) == before
