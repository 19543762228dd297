"""Shared fixtures: an isolated database (SQLite in tmp_path, or PostgreSQL when
``MEDIATION_DESK_TEST_PG_URL`` is set and the test is marked ``postgres``), seeded through the
services like a real centre."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.desk import run

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Parsed fonts are cached per run of the suite, not in the user's cache folder.
if "MEDIATION_DESK_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["MEDIATION_DESK_CACHE_DIR"] = tempfile.mkdtemp(prefix="md-cache-")

PG_URL = os.environ.get("MEDIATION_DESK_TEST_PG_URL", "")

#: The seeded centre's account (all roles) and its password.
TEST_ACCOUNT = "测试员"
TEST_PASSWORD = "test-pass-1"


def _install_cheap_password_hasher() -> None:
    """argon2 at its cheapest (under a millisecond a check): the production parameters cost
    about 200 ms a sign-in, which every seeded centre would pay."""
    from argon2 import PasswordHasher

    from mediation_desk.services import accounts

    accounts.PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


_install_cheap_password_hasher()


@dataclass
class Centre:
    """A small seeded centre: ids the tests need."""

    actor: object
    desk_id: int
    street_unit_id: int
    traffic_unit_id: int
    mediator_id: int


def _fresh_pg_url() -> str:
    """A new, empty database on the test server, so tests do not see each other's rows."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"md_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Database URL for backend-parametrised tests; the PostgreSQL case runs only with PG_URL."""
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("PostgreSQL test server not configured (MEDIATION_DESK_TEST_PG_URL)")
        return _fresh_pg_url()
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'test.db'}"


def open_database(url: str):  # type: ignore[no-untyped-def]
    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.services import reference

    db = Database(url)
    upgrade_to_head(db)
    run(db, reference.ensure_reference_data)
    return db


def seed_centre(db) -> Centre:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.enums import MediatorKind, UnitKind
    from mediation_desk.domain.roles import ALL_ROLES
    from mediation_desk.services import accounts, reference

    actor = run(
        db,
        accounts.create_first_account,
        name=TEST_ACCOUNT,
        password=TEST_PASSWORD,
        roles=ALL_ROLES,
    )
    run(db, reference.set_centre, name="测试区矛盾纠纷多元化解中心", actor=actor)
    desk = run(
        db,
        reference.create_unit,
        name="综合受理窗口",
        kind=UnitKind.INTAKE_DESK,
        number_format="（{year}）测矛调登字第{seq}号",
        actor=actor,
    )
    street = run(
        db,
        reference.create_unit,
        name="城南街道人民调解委员会",
        kind=UnitKind.STREET_COMMITTEE,
        number_format="（{year}）城南人调字第{seq}号",
        actor=actor,
    )
    traffic = run(
        db,
        reference.create_unit,
        name="交通事故纠纷人民调解委员会",
        kind=UnitKind.TRADE_COMMITTEE,
        number_format="测交调〔{year}〕{seq}号",
        actor=actor,
    )
    med = run(
        db,
        reference.create_mediator,
        name="周建国",
        kind=MediatorKind.PEOPLES,
        unit_id=street.id,
        actor=actor,
    )
    return Centre(actor, desk.id, street.id, traffic.id, med.id)


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[object]:
    database = open_database(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def centre(db) -> Centre:  # type: ignore[no-untyped-def]
    return seed_centre(db)


@pytest.fixture
def sqlite_centre(sqlite_db) -> Centre:  # type: ignore[no-untyped-def]
    return seed_centre(sqlite_db)
