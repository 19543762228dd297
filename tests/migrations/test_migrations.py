"""Alembic migrations: the schema they build is the one the models describe, on both backends;
start-up upgrades are safe (SQLite files are copied aside first).

Backend-parametrised tests use ``db_url`` (SQLite; PostgreSQL when
MEDIATION_DESK_TEST_PG_URL is set) and migrate a fresh, empty database themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from mediation_desk.db import (
    migrate,
    models,  # noqa: F401  (registers the tables)
)
from mediation_desk.db.database import Database
from mediation_desk.db.migrate import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    backup_sqlite_file,
    current_revision,
    upgrade_to_head,
)
from mediation_desk.db.schema import Base  # every table module
from tests.conftest import open_database, seed_centre

BACKUP_NAME = re.compile(r"^test\.db\.before-upgrade-\d{8}-\d{6}\.bak$")


def alembic_config(directory: Path = MIGRATIONS_DIR) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(directory))
    return cfg


def run_alembic(db: Database, action, *args) -> None:  # type: ignore[no-untyped-def]
    """An alembic command on the database's own engine, as ``upgrade_to_head`` does it."""
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, *args)


def table_names(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def trigger_names(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        if db.is_sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        return set(conn.execute(text(sql)).scalars())


def schema_differences(db: Database, metadata: sa.MetaData = Base.metadata) -> list:  # type: ignore[type-arg]
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, metadata)


def backups(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.bak"))


@pytest.fixture
def empty_db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


# --- revisions ------------------------------------------------------------------------------


def test_head_revision_constant_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD_REVISION], "one head, named in db/migrate.py"
    assert script.get_current_head() == HEAD_REVISION


def test_revision_chain_starts_at_base() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    chain = list(script.walk_revisions("base", "heads"))
    assert chain[-1].down_revision is None
    assert chain[0].revision == HEAD_REVISION


# --- upgrade, schema, downgrade -------------------------------------------------------------


def test_upgrade_from_empty_creates_every_table(empty_db: Database, tmp_path: Path) -> None:
    assert current_revision(empty_db) is None
    assert upgrade_to_head(empty_db) is None  # nothing to back up
    tables = table_names(empty_db)
    assert set(Base.metadata.tables) <= tables
    assert tables - set(Base.metadata.tables) == {"alembic_version"}
    assert current_revision(empty_db) == HEAD_REVISION
    with empty_db.engine.connect() as conn:
        inspector = inspect(conn)
        for name, table in Base.metadata.tables.items():
            columns = {c["name"] for c in inspector.get_columns(name)}
            assert columns == {c.name for c in table.columns}, name
    if empty_db.is_sqlite:
        expected = {"history_entry_no_update", "history_entry_no_delete"}
    else:
        expected = {"history_entry_append_only"}
    assert trigger_names(empty_db) == expected
    assert backups(tmp_path) == []


def test_models_match_the_migrated_schema(empty_db: Database) -> None:
    upgrade_to_head(empty_db)
    assert schema_differences(empty_db) == []


def test_schema_comparison_would_notice_a_difference(empty_db: Database) -> None:
    """Control for the test above: a column the migrations lack is reported."""
    upgrade_to_head(empty_db)
    changed = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["party"].append_column(sa.Column("nickname", sa.String(40)))
    diffs = schema_differences(empty_db, changed)
    assert [d[0] for d in diffs] == ["add_column"]
    assert diffs[0][3].name == "nickname"


def test_upgrading_at_head_does_nothing(empty_db: Database, tmp_path: Path) -> None:
    upgrade_to_head(empty_db)
    assert upgrade_to_head(empty_db) is None
    assert current_revision(empty_db) == HEAD_REVISION
    assert backups(tmp_path) == []


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    db = open_database(db_url)  # upgraded, with reference data
    try:
        seed_centre(db)
        assert "history_entry" in table_names(db)
        run_alembic(db, command.downgrade, "base")
        assert table_names(db) <= {"alembic_version"}
        assert trigger_names(db) == set()
        assert current_revision(db) is None

        assert upgrade_to_head(db) is None  # no revision before: nothing to back up
        assert set(Base.metadata.tables) <= table_names(db)
        assert current_revision(db) == HEAD_REVISION
        assert schema_differences(db) == []
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM history_entry")).scalar() == 0

        seed_centre(db)  # works again, history included ...
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text("DELETE FROM history_entry"))  # ... and is append-only again
    finally:
        db.dispose()


# --- backups of SQLite files before an upgrade ----------------------------------------------


def test_no_backup_for_a_fresh_file(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    try:
        assert upgrade_to_head(db) is None
        assert Path(tmp_path / "test.db").exists()
        assert backups(tmp_path) == []
    finally:
        db.dispose()


def test_backup_sqlite_file_copies_committed_data(sqlite_url: str, tmp_path: Path) -> None:
    db = open_database(sqlite_url)
    try:
        seed_centre(db)  # rows still in the WAL: the backup must checkpoint first
        backup = backup_sqlite_file(db, at=dt.datetime(2026, 12, 1, 9))
        assert backup is not None and backup.exists()
        assert backup.parent == tmp_path
        assert BACKUP_NAME.match(backup.name), backup.name
        # checked read-only, the copy left no -wal or -shm file beside it (it did while it
        # kept the source's WAL mode)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(backup.name)] == [
            backup.name
        ]
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
                HEAD_REVISION,
            )
            units = [r[0] for r in copy.execute("SELECT name FROM handling_unit ORDER BY id")]
            assert units == ["综合受理窗口", "城南街道人民调解委员会", "交通事故纠纷人民调解委员会"]
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.dispose()


def test_backup_sqlite_file_skips_what_is_not_a_file(tmp_path: Path, db_url: str) -> None:
    memory = Database("sqlite://")
    missing = Database(f"sqlite:///{tmp_path / 'missing.db'}")
    other = Database(db_url)
    try:
        assert backup_sqlite_file(memory, at=dt.datetime(2026, 12, 1, 9)) is None
        assert backup_sqlite_file(missing, at=dt.datetime(2026, 12, 1, 9)) is None
        assert not (tmp_path / "missing.db").exists()
        if not other.is_sqlite:
            assert backup_sqlite_file(other, at=dt.datetime(2026, 12, 1, 9)) is None
    finally:
        for database in (memory, missing, other):
            database.dispose()


NEXT_REVISION = '''"""test only: one more revision on top of the real head

Revision ID: 9999_probe
Revises: {head}
"""
from alembic import op
import sqlalchemy as sa

revision = "9999_probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("md_probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("md_probe")
'''


@pytest.fixture
def install_newer_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """Call it to pretend the app now ships one more migration than the database has."""

    def install() -> str:
        directory = tmp_path / "migrations"
        shutil.copytree(MIGRATIONS_DIR, directory, ignore=shutil.ignore_patterns("__pycache__"))
        (directory / "versions" / "9999_probe.py").write_text(
            NEXT_REVISION.format(head=HEAD_REVISION), encoding="utf-8"
        )
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", directory)
        monkeypatch.setattr(migrate, "HEAD_REVISION", "9999_probe")
        return "9999_probe"

    return install


def test_upgrading_an_older_database_backs_it_up_first(
    db_url: str, tmp_path: Path, install_newer_release: Callable[[], str]
) -> None:
    db = open_database(db_url)  # at the real head, now one behind
    try:
        seed_centre(db)
        assert current_revision(db) == HEAD_REVISION
        newer_release = install_newer_release()
        backup = migrate.upgrade_to_head(db)
        assert current_revision(db) == newer_release
        assert "md_probe" in table_names(db)
        with db.engine.connect() as conn:  # the data survived
            assert conn.execute(text("SELECT count(*) FROM handling_unit")).scalar() == 3
        if not db.is_sqlite:
            assert backup is None  # PostgreSQL is backed up by its own tools
            return
        assert backup is not None
        assert backups(tmp_path) == [backup]
        assert BACKUP_NAME.match(backup.name), backup.name
        with sqlite3.connect(backup) as copy:  # the copy is the database before the upgrade
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
                HEAD_REVISION,
            )
            tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
            assert "md_probe" not in tables
            # the reserved "系统" row and the seeded account
            assert copy.execute("SELECT count(*) FROM operator").fetchone() == (2,)
        assert migrate.upgrade_to_head(db) is None  # now current: no second backup
        assert backups(tmp_path) == [backup]
    finally:
        db.dispose()


def test_a_failed_backup_stops_the_upgrade(
    sqlite_url: str,
    tmp_path: Path,
    install_newer_release: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The copy is verified (integrity_check, opened); a bad copy raises a Chinese error, is
    removed, and the database stays at its revision."""
    from mediation_desk.db import sqlite_copy

    db = open_database(sqlite_url)
    try:
        seed_centre(db)
        install_newer_release()

        def corrupt(path: Path, *, quick: bool = False) -> sqlite_copy.CopyFacts:
            raise sqlite_copy.CopyFailed(f"数据库副本“{path.name}”未通过完整性检查：page 3")

        monkeypatch.setattr(sqlite_copy, "verify_copy", corrupt)
        with pytest.raises(migrate.UpgradeBackupFailed, match="数据库未升级") as raised:
            migrate.upgrade_to_head(db)
        assert "未通过完整性检查" in raised.value.message
        assert current_revision(db) == HEAD_REVISION
        assert "md_probe" not in table_names(db)
        assert backups(tmp_path) == []  # the bad copy is not left to be trusted later
    finally:
        db.dispose()


def test_the_upgrade_copy_is_private(sqlite_url: str, tmp_path: Path) -> None:
    db = open_database(sqlite_url)
    try:
        backup = backup_sqlite_file(db, at=dt.datetime(2026, 12, 1, 9))
        assert backup is not None and (backup.stat().st_mode & 0o777) == 0o600
    finally:
        db.dispose()


# --- 0017_accounts: existing operators become accounts ----------------------------------------


def test_accounts_migration_keeps_operators_and_retires_look_alikes(empty_db: Database) -> None:
    run_alembic(empty_db, command.upgrade, "0016_audit_chain")
    names = ["李婷婷", "李婷婷\u200b", "ＺＨＡＮＧ", "系统", "zhang"]
    with empty_db.engine.begin() as conn:
        for name in names:
            conn.execute(
                text("INSERT INTO operator (name, active, created_at) VALUES (:n, :a, :t)"),
                {"n": name, "a": True, "t": dt.datetime(2025, 1, 1)},
            )
    upgrade_to_head(empty_db)
    with empty_db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, name_key, active, password_hash, roles, is_system, failed_attempts,"
                " must_change_password FROM operator ORDER BY id"
            )
        ).all()
    by_name = {r.name: r for r in rows}
    # the first of each look-alike group keeps the key; the later one is kept, inactive
    assert (by_name["李婷婷"].name_key, bool(by_name["李婷婷"].active)) == ("李婷婷", True)
    assert (by_name["李婷婷\u200b"].name_key, bool(by_name["李婷婷\u200b"].active)) == (None, False)
    assert by_name["ＺＨＡＮＧ"].name_key == "zhang" and by_name["zhang"].name_key is None
    assert all(r.password_hash is None and r.roles == "" for r in rows)
    assert all(r.failed_attempts == 0 and not r.must_change_password for r in rows)
    # an operator already called 系统: the reserved row takes another name, and no key
    (system,) = [r for r in rows if r.is_system]
    assert system.name == "系统（自动记录）" and system.name_key is None and not system.active
    assert by_name["系统"].name_key == "系统" and not by_name["系统"].is_system
    assert schema_differences(empty_db) == []


def test_accounts_migration_reserves_the_system_name(empty_db: Database) -> None:
    upgrade_to_head(empty_db)
    with empty_db.engine.connect() as conn:
        rows = conn.execute(text("SELECT name, name_key, is_system, active FROM operator")).all()
    assert [tuple(r) for r in rows] == [("系统", "系统", True, False)]


# --- 0018_report_fields: what the statistics count --------------------------------------------


def test_report_fields_migration_gives_existing_cases_defaults(empty_db: Database) -> None:
    """Cases registered before 0018 (made by going down to 0017 with them in place) get the
    party count as persons involved and no place, amount, group, difficulty or prevention."""
    from mediation_desk.domain.drafts import PartyDraft
    from mediation_desk.domain.enums import PartyRole
    from mediation_desk.services.intake import check_draft, register_case, warning_key
    from mediation_desk.services.reference import ensure_reference_data
    from tests.desk import run
    from tests.factories import two_party_draft

    upgrade_to_head(empty_db)
    run(empty_db, ensure_reference_data)
    centre = seed_centre(empty_db)
    three = two_party_draft(centre.street_unit_id)
    three.parties.append(PartyDraft(name="王五", role=PartyRole.THIRD_PARTY))
    for draft in (two_party_draft(centre.street_unit_id), three):
        seen = {warning_key(i) for i in run(empty_db, check_draft, draft) if not i.is_error}
        run(empty_db, register_case, draft, acknowledged=seen, actor=centre.actor)
    run_alembic(empty_db, command.downgrade, "0017_accounts")
    assert "place" not in table_names(empty_db)
    upgrade_to_head(empty_db)
    with empty_db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT place_code, grid_code, amount_in_dispute_cents, persons_involved,"
                " special_groups, difficult, prevented_criminal, prevented_criminal_persons,"
                " prevented_group_petition, prevented_group_petition_persons,"
                " prevented_suicide, prevented_group_fight FROM mediation_case ORDER BY id"
            )
        ).all()
    assert [r.persons_involved for r in rows] == [2, 3]
    for r in rows:
        assert (r.place_code, r.grid_code, r.amount_in_dispute_cents, r.special_groups) == (
            None,
            "",
            None,
            "",
        )
        flags = (r.difficult, r.prevented_criminal, r.prevented_group_petition)
        assert not any(flags) and not r.prevented_suicide and not r.prevented_group_fight
        assert r.prevented_criminal_persons == 0 and r.prevented_group_petition_persons == 0
    assert schema_differences(empty_db) == []
