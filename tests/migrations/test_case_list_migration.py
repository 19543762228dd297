"""0020_case_list: the case list's indexes, and their statistics where the file was analysed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import inspect, text

from mediation_desk.db.database import Database
from mediation_desk.db.migrate import upgrade_to_head
from tests.conftest import seed_centre
from tests.migrations.test_migrations import run_alembic

INDEXES = {
    "ix_case_status_received",
    "ix_case_unit_received",
    "ix_case_mediator_received",
    "ix_case_source_received",
    "ix_case_type_received",
}


@pytest.fixture
def sqlite_file(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    yield database
    database.dispose()


def _indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {i["name"] for i in inspect(conn).get_indexes("mediation_case")} & INDEXES


def _analysed(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        if not conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        ).first():
            return set()
        return set(conn.execute(text("SELECT idx FROM sqlite_stat1")).scalars()) & INDEXES


def test_indexes_come_and_go_and_an_analysed_file_gets_their_statistics(sqlite_file) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.intake import register_case
    from mediation_desk.services.reference import ensure_reference_data
    from tests.desk import run
    from tests.factories import two_party_draft

    upgrade_to_head(sqlite_file)
    assert _indexes(sqlite_file) == INDEXES
    assert _analysed(sqlite_file) == set()  # never analysed: no statistics made up
    run(sqlite_file, ensure_reference_data)
    centre = seed_centre(sqlite_file)
    for name in ("张三", "王五"):
        draft = two_party_draft(centre.street_unit_id, applicant=name, applicant_id="")
        run(sqlite_file, register_case, draft, actor=centre.actor)
    run_alembic(sqlite_file, command.downgrade, "0019_case_stats")
    assert _indexes(sqlite_file) == set()
    with sqlite_file.engine.begin() as conn:
        conn.execute(text("ANALYZE"))  # as the benchmark database is
    upgrade_to_head(sqlite_file)
    assert _indexes(sqlite_file) == INDEXES
    assert _analysed(sqlite_file) == INDEXES
