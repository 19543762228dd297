"""One user action, one unit of work: kept whole or not at all, its changes recorded, its waits
bounded, its failures told in Chinese without the driver's English or the values."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select, text

from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry
from mediation_desk.db.unit_of_work import UnitOfWork, perform
from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.clock import fixed_clock
from mediation_desk.domain.drafts import RoutingDraft
from mediation_desk.domain.enums import MediatorKind
from mediation_desk.errors import DatabaseBusy, DeskError, StorageError
from mediation_desk.services import cases, reference
from mediation_desk.services.audit import audit_event
from mediation_desk.services.intake import register_case
from mediation_desk.settings import Timeouts
from tests.desk import reading, run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 9, 30)


def _history_count(db: Database) -> int:
    with reading(db) as s:
        return s.scalar(select(func.count()).select_from(HistoryEntry)) or 0


def test_an_action_is_kept_whole_or_not_at_all(db, centre) -> None:  # type: ignore[no-untyped-def]
    before = _history_count(db)

    def register_then_fail(uow: UnitOfWork) -> None:
        register_case(uow, two_party_draft(centre.street_unit_id))
        raise DeskError("半路出错")

    with pytest.raises(DeskError, match="半路出错"):
        perform(db, register_then_fail, actor=centre.actor)
    assert _history_count(db) == before
    with reading(db) as s:
        assert s.scalar(text("SELECT count(*) FROM mediation_case")) == 0


def test_changes_name_what_changed(db, centre) -> None:  # type: ignore[no-untyped-def]
    outcome = perform(
        db,
        lambda uow: register_case(uow, two_party_draft(centre.street_unit_id)),
        actor=centre.actor,
        clock=fixed_clock(NOW),
    )
    case_id = outcome.value.id
    assert outcome.changes == Changes(
        cases=frozenset({case_id}), touched_cases=frozenset({case_id})
    )
    unit = perform(
        db,
        lambda uow: reference.create_mediator(
            uow, name="李调解", kind=MediatorKind.PEOPLES, unit_id=None
        ),
        actor=centre.actor,
    )
    assert unit.changes.reference == {Entity.MEDIATOR} and not unit.changes.cases
    assert not perform(db, lambda uow: cases.get_case(uow, case_id)).changes  # a read: nothing


def test_the_clock_is_the_actions(db, centre) -> None:  # type: ignore[no-untyped-def]
    reg = run(
        db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor, now=NOW
    )
    assert run(db, cases.get_case, reg.id).received_at == NOW
    with reading(db) as s:
        assert s.scalar(select(HistoryEntry.at).where(HistoryEntry.case_id == reg.id)) == NOW


def test_history_rows_of_an_action_are_one_statement(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from tests.statements import counting

    reg = run(
        sqlite_db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id),
        actor=sqlite_centre.actor,
    )
    other = run(
        sqlite_db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id),
        actor=sqlite_centre.actor,
    )
    with counting(sqlite_db.engine) as count:
        run(
            sqlite_db,
            cases.link_cases,
            case_id=reg.id,
            other_case_id=other.id,
            actor=sqlite_centre.actor,
        )
    # BEGIN, two cases, the existing-link check, the link, the two history rows (one statement),
    # and the hash chain's tail (read for update, then moved on); plus the acting account as
    # stored now (UnitOfWork.account: its SELECT, in a read transaction of its own, BEGIN);
    # and the statistics' rows of the two cases written anew with their month group
    # (db/case_stats.py: their groups, delete, insert; the one group's delete and insert)
    assert count.statements <= 15, count


def test_no_actor_is_a_chinese_refusal(db, centre) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DeskError, match="请先选择操作员"):
        perform(db, lambda uow: register_case(uow, two_party_draft(centre.street_unit_id)))


def test_a_held_sqlite_lock_fails_after_the_set_time(tmp_path, sqlite_centre, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "test.db"
    quick = Database(f"sqlite:///{path}", timeouts=Timeouts(lock=0.3))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    t0 = time.perf_counter()
    try:
        with pytest.raises(DatabaseBusy) as caught:
            run(
                quick,
                register_case,
                two_party_draft(sqlite_centre.street_unit_id),
                actor=sqlite_centre.actor,
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        quick.dispose()
    waited = time.perf_counter() - t0
    assert 0.25 < waited < 3
    message = caught.value.message
    assert "数据库正忙" in message and "0.3 秒" in message and "没有保存" in message
    assert "locked" not in message and "sqlite" not in message.lower()


def test_a_lock_released_in_time_lets_the_save_through(tmp_path, sqlite_centre, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "test.db"
    patient = Database(f"sqlite:///{path}", timeouts=Timeouts(lock=5))
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    waits: list[str] = []
    threading.Timer(0.3, lambda: (holder.execute("COMMIT"), holder.close())).start()
    from mediation_desk.progress import Progress

    try:
        outcome = perform(
            patient,
            lambda uow: register_case(uow, two_party_draft(sqlite_centre.street_unit_id)),
            actor=sqlite_centre.actor,
            progress=Progress(on_waiting=waits.append),
        )
    finally:
        patient.dispose()
    assert outcome.value.number.endswith("第1号")
    assert waits and "等待" in waits[0] and waits[-1] == ""  # the window can say it waits


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_a_held_postgres_lock_fails_after_the_set_time(db, centre) -> None:  # type: ignore[no-untyped-def]
    reg = run(db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor)
    quick = Database(db.url, timeouts=Timeouts(lock=0.3, statement=5))
    blocker = db.engine.connect()
    blocker.execute(text("BEGIN"))
    blocker.execute(text("LOCK TABLE mediation_case IN ACCESS EXCLUSIVE MODE"))
    t0 = time.perf_counter()
    try:
        with pytest.raises(DatabaseBusy) as caught:
            run(
                quick,
                cases.route_case,
                case_id=reg.id,
                routing=RoutingDraft(unit_id=centre.traffic_unit_id),
                actor=centre.actor,
            )
    finally:
        blocker.rollback()
        blocker.close()
        quick.dispose()
    assert time.perf_counter() - t0 < 5
    assert "数据库正忙" in caught.value.message


def test_a_refusal_is_told_without_the_drivers_text_or_values(db) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.db.models import Operator
    from tests.desk import writing

    row = {"name": "王秘密", "active": True, "created_at": NOW}
    with writing(db) as s:
        s.add(Operator(**row))
    with pytest.raises(StorageError) as caught, writing(db) as s:
        s.add(Operator(**row))
    message = caught.value.message
    assert "王秘密" not in message
    assert not any(word in message for word in ("UNIQUE", "constraint", "duplicate", "Error"))
    assert "冲突" in message


def test_an_unreachable_server_is_told_in_chinese() -> None:
    from mediation_desk.errors import DatabaseUnavailable

    nowhere = Database(
        "postgresql+psycopg://desk@127.0.0.1:1/mediation", timeouts=Timeouts(connect=1)
    )
    try:
        with pytest.raises(DatabaseUnavailable, match="无法连接数据库服务器"):
            run(nowhere, reference.list_units)
    finally:
        nowhere.dispose()


def test_what_waits_for_the_commit_runs_after_it_or_is_undone(db, centre) -> None:  # type: ignore[no-untyped-def]
    """``on_commit``: ``done`` once the transaction is kept (its rows are there by then),
    ``undo`` when the action fails or never commits."""
    seen: list[tuple[str, int]] = []

    def action(uow: UnitOfWork, fail: bool) -> None:
        uow.as_system()
        uow.write()
        audit_event(uow, "测试", "等待提交")
        uow.on_commit(
            lambda: seen.append(("done", _history_count(db))),
            undo=lambda: seen.append(("undo", _history_count(db))),
        )
        if fail:
            raise DeskError("失败")

    before = _history_count(db)
    perform(db, lambda uow: action(uow, False), actor=centre.actor)
    assert seen == [("done", before + 1)]  # the entry was committed before ``done`` ran
    with pytest.raises(DeskError):
        perform(db, lambda uow: action(uow, True), actor=centre.actor)
    assert seen[1:] == [("undo", before + 1)]
