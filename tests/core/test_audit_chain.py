"""The history's hash chain: built on every write, an UPDATE, DELETE or INSERT made directly
in the database is found at that row, concurrent writers keep one chain; audited events and
the viewer's queries. SQLite and, with MEDIATION_DESK_TEST_PG_URL, PostgreSQL (``db``)."""

from __future__ import annotations

import datetime as dt
import itertools
import threading

from sqlalchemy import Executable, delete, func, insert, select, text, update

from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry, Operator
from mediation_desk.domain.audit_chain import GENESIS
from mediation_desk.domain.roles import ALL_ROLES, roles_to_str
from mediation_desk.services import intake
from mediation_desk.services.audit import (
    REVEAL_ID,
    AuditFilter,
    audit_event,
    iter_audit,
    search_audit,
    verify_chain,
)
from tests.conftest import Centre
from tests.desk import add_account, as_system, reading, run, writing
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 9, 30, 15, 123456)


def _register(db: object, centre: Centre, name: str = "张三") -> int:
    draft = two_party_draft(centre.street_unit_id, applicant=name)
    return run(db, intake.register_case, draft, actor=centre.actor, now=NOW).id


def _tamper(db: Database, statement: Executable) -> None:
    """Someone with the database's password edits it directly: first the append-only
    triggers go (they stop a mistake, not a determined hand), then the row."""
    with writing(db) as s:
        if db.is_sqlite:
            s.execute(text("DROP TRIGGER history_entry_no_update"))
            s.execute(text("DROP TRIGGER history_entry_no_delete"))
        else:
            s.execute(text("ALTER TABLE history_entry DISABLE TRIGGER history_entry_append_only"))
        s.execute(statement)


def _history_ids(db: object) -> list[int]:
    with reading(db) as s:
        return list(s.scalars(select(HistoryEntry.id).order_by(HistoryEntry.id)))


def test_every_row_is_chained_to_the_one_before(db, centre: Centre) -> None:
    _register(db, centre)
    with reading(db) as s:
        rows = s.execute(
            select(HistoryEntry.prev_hash, HistoryEntry.row_hash).order_by(HistoryEntry.id)
        ).all()
    assert rows[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash and len(after.row_hash) == 64
    assert run(db, verify_chain) is None


def test_a_direct_update_is_found_at_that_row(db, centre: Centre) -> None:
    _register(db, centre)
    _register(db, centre, "王五")
    target = _history_ids(db)[3]
    _tamper(db, update(HistoryEntry).where(HistoryEntry.id == target).values(summary="改过"))
    broken = run(db, verify_chain)
    assert broken is not None and broken.entry_id == target
    assert "直接修改" in broken.reason


def test_a_direct_delete_is_found_at_the_next_row(db, centre: Centre) -> None:
    _register(db, centre)
    ids = _history_ids(db)
    _tamper(db, delete(HistoryEntry).where(HistoryEntry.id == ids[2]))
    broken = run(db, verify_chain)
    assert broken is not None and broken.entry_id == ids[3]
    assert "删除" in broken.reason


def test_deleting_the_last_row_is_found_by_the_tail(db, centre: Centre) -> None:
    _register(db, centre)
    last = _history_ids(db)[-1]
    _tamper(db, delete(HistoryEntry).where(HistoryEntry.id == last))
    broken = run(db, verify_chain)
    assert broken is not None and broken.entry_id == last


def test_a_row_slipped_in_by_hand_is_found(db, centre: Centre) -> None:
    _register(db, centre)
    with writing(db) as s:
        s.execute(
            insert(HistoryEntry).values(
                id=10_000,
                at=NOW,
                operator_id=centre.actor.operator_id,
                entity="case",
                entity_id=1,
                action="edit",
                summary="伪造",
                changes="{}",
            )
        )
    broken = run(db, verify_chain)
    assert broken is not None and broken.entry_id == 10_000


def test_concurrent_appends_keep_one_chain(db, centre: Centre) -> None:
    errors: list[BaseException] = []

    def counter(n: int) -> None:
        try:
            for i in range(5):
                _register(db, centre, f"柜台{n}号{i}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=counter, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with reading(db) as s:
        assert (
            s.scalar(select(func.count(HistoryEntry.id)).where(HistoryEntry.action == "register"))
            == 15
        )
    assert run(db, verify_chain) is None


def test_an_audited_event_is_chained_and_allowed_on_any_case(db, centre: Centre) -> None:
    case_id = _register(db, centre)
    run(
        db,
        as_system(audit_event),
        REVEAL_ID,
        "查看申请人张三的完整身份证号",
        case_id,
        actor=centre.actor,
    )
    page = run(db, search_audit, AuditFilter(action=REVEAL_ID), actor=centre.actor)
    assert [(r.action, r.operator_name) for r in page.rows] == [(REVEAL_ID, "测试员")]
    assert page.rows[0].case_number
    assert run(db, verify_chain) is None


def test_viewer_filters_and_pages_newest_first(db, centre: Centre) -> None:
    for i in range(3):
        _register(db, centre, f"当事人{i}")
    other = add_account(db, "第二位")
    everything = list(run(db, lambda uow: list(iter_audit(uow, AuditFilter())), actor=centre.actor))
    first = run(db, search_audit, AuditFilter(), limit=2, actor=centre.actor)
    assert first.more and [r.id for r in first.rows] == [everything[0].id, everything[1].id]
    second = run(
        db, search_audit, AuditFilter(), limit=2, before_id=first.rows[-1].id, actor=centre.actor
    )
    assert second.rows[0].id == everything[2].id
    assert all(r.id > s.id for r, s in itertools.pairwise(everything))
    mine = run(
        db,
        search_audit,
        AuditFilter(operator_id=centre.actor.operator_id, action="register"),
        actor=centre.actor,
    )
    assert len(mine.rows) == 3
    day = run(
        db, search_audit, AuditFilter(date_from=NOW.date(), date_to=NOW.date()), actor=centre.actor
    )
    assert {r.action for r in day.rows} == {"register"}
    assert other.operator_id  # the account's own creation is recorded today, not on NOW's day
    number = mine.rows[0].case_number
    by_case = run(db, search_audit, AuditFilter(case_number=number), actor=centre.actor)
    assert {r.case_number for r in by_case.rows} == {number}


def test_viewer_masks_id_numbers_and_phones(db, centre: Centre) -> None:
    run(
        db,
        as_system(audit_event),  # the export's own check is test_audit_view's
        "export",
        "导出：申请人13812345678 身份证 110101199003074514",
        actor=centre.actor,
    )
    row = run(db, search_audit, AuditFilter(action="export"), actor=centre.actor).rows[0]
    assert "13812345678" not in row.summary and "138****5678" in row.summary
    assert "110101199003074514" not in row.summary


def test_the_migration_chains_the_rows_already_there(db, centre: Centre) -> None:
    from alembic import command

    from tests.migrations.test_migrations import run_alembic

    _register(db, centre)
    with reading(db) as s:
        before = list(
            s.execute(select(HistoryEntry.id, HistoryEntry.row_hash).order_by(HistoryEntry.id))
        )
    run_alembic(db, command.downgrade, "0015_performance")  # the columns go, the rows stay
    run_alembic(db, command.upgrade, "0016_audit_chain")  # the backfill, in chunks
    with reading(db) as s:
        after = list(
            s.execute(select(HistoryEntry.id, HistoryEntry.row_hash).order_by(HistoryEntry.id))
        )
    assert after == before
    # as the system: the accounts' columns (0017) do not exist yet at this revision
    assert run(db, as_system(verify_chain)) is None
    run_alembic(db, command.upgrade, "head")  # the later revisions: today's intake needs them
    with writing(db) as s:  # the round trip through 0015 dropped the account's roles (0017)
        s.execute(
            update(Operator)
            .where(Operator.id == centre.actor.operator_id)
            .values(roles=roles_to_str(ALL_ROLES))
        )
    _register(db, centre, "王五")  # the tail continues the backfilled chain
    assert run(db, verify_chain) is None


def test_the_demo_centre_keeps_one_chain(db) -> None:
    """The demo's bulk loaders write history through the chain too."""
    from mediation_desk.demo.loader import load_demo

    run(db, lambda uow: load_demo(uow, n_cases=60, seed=7), now=NOW)
    assert run(db, verify_chain) is None
    with reading(db) as s:
        assert (
            s.scalar(select(func.count(HistoryEntry.id)).where(HistoryEntry.row_hash.is_(None)))
            == 0
        )


def test_looking_at_an_archived_case_is_audited_not_refused(db, centre: Centre) -> None:
    from mediation_desk.db.models import Case
    from mediation_desk.domain.enums import CaseStatus

    case_id = _register(db, centre)
    with writing(db) as s:
        s.get(Case, case_id).status = CaseStatus.ARCHIVED  # type: ignore[union-attr]
    run(
        db, as_system(audit_event), REVEAL_ID, "查看张三的完整证件号码", case_id, actor=centre.actor
    )
    rows = run(db, search_audit, AuditFilter(action=REVEAL_ID), actor=centre.actor).rows
    assert [r.summary for r in rows] == ["查看张三的完整证件号码"]
