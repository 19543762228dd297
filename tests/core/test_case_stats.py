"""The statistics' per-case rows (``case_stat``, db/case_stats.py): the migration fills them,
and after every kind of write each row equals the row computed afresh from the case, its
agreement, confirmation, parties and visits. Runs on SQLite and, when
MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, update

from mediation_desk.db.case_stats import rebuild_case_stats, refresh_case_stats, stat_select
from mediation_desk.db.database import Database
from mediation_desk.db.models import Case
from mediation_desk.db.report_models import CASE_STAT_FIGURES, CaseStat, CaseStatMonth
from mediation_desk.db.unit_of_work import UnitOfWork
from mediation_desk.domain.agreements import AgreementDraft, ClauseDraft, ClauseKind, SignerRole
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.changes import Entity
from mediation_desk.domain.drafts import PartyDraft, RoutingDraft
from mediation_desk.domain.enums import PartyRole
from mediation_desk.domain.follow_ups import Performed, Satisfaction, VisitDraft, VisitForm
from mediation_desk.domain.outcomes import TerminationReason
from mediation_desk.domain.report_fields import PreventionFlags
from mediation_desk.services import intake
from mediation_desk.services.agreements import record_signature, remove_signature, save_agreement
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case, route_case
from mediation_desk.services.confirmation import record_application
from mediation_desk.services.corrections import correct_case, draft_for_correction
from mediation_desk.services.follow_ups import follow_ups_of, plan_follow_up, record_visit
from tests.desk import reading, run, writing
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
LATER = NOW + dt.timedelta(days=3)
APRIL = dt.datetime(2026, 4, 8, 9, 0)
COLUMNS = ("received_at", "month", "unit_id", "dispute_type_code", "source", "accepted", "status")


def _stored(db: Database) -> dict[int, tuple[Any, ...]]:
    cols = [getattr(CaseStat, c) for c in (*COLUMNS, "ended_on", *CASE_STAT_FIGURES)]
    with reading(db) as s:
        return {r[0]: tuple(r[1:]) for r in s.execute(select(CaseStat.case_id, *cols))}


def _fresh(db: Database) -> dict[int, tuple[Any, ...]]:
    """Every case's row computed now from the definitions (what a refresh would write)."""
    with reading(db) as s:
        rows = s.execute(stat_select(s.get_bind().dialect.name)).all()
    return {r[0]: (*r[1:6], bool(r[6]), *r[7:]) for r in rows}


def _months(db: Database) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """``case_stat_month`` as stored, and as a grouping of ``case_stat`` in Python."""
    m = CaseStatMonth
    groups = (m.month, m.unit_id, m.dispute_type_code, m.source)
    sums = (m.cases, *(getattr(m, k) for k in CASE_STAT_FIGURES))
    with reading(db) as s:
        return {tuple(r[:4]): tuple(r[4:]) for r in s.execute(select(*groups, *sums))}


def _grouped(stored: dict[int, tuple[Any, ...]]) -> dict[tuple[Any, ...], tuple[int, ...]]:
    out: dict[tuple[Any, ...], list[int]] = {}
    at = {c: i for i, c in enumerate(COLUMNS)}
    for row in stored.values():
        if not row[at["accepted"]]:
            continue
        key = (
            row[at["month"]],
            row[at["unit_id"]],
            row[at["dispute_type_code"]],
            row[at["source"]],
        )
        sums = out.setdefault(key, [0] * (1 + len(CASE_STAT_FIGURES)))
        sums[0] += 1
        for i, value in enumerate(row[len(COLUMNS) + 1 :]):
            sums[1 + i] += value
    return {k: tuple(v) for k, v in out.items()}


def assert_current(db: Database) -> None:
    stored, fresh = _stored(db), _fresh(db)
    stale = {k for k in stored.keys() | fresh.keys() if stored.get(k) != fresh.get(k)}
    assert not stale, {k: (stored.get(k), fresh.get(k)) for k in sorted(stale)[:3]}
    assert _months(db) == _grouped(stored)


def _register(db: Database, centre: Any, **fields: Any) -> int:
    draft = dataclasses.replace(two_party_draft(centre.street_unit_id), **fields)
    seen = {intake.warning_key(i) for i in run(db, intake.check_draft, draft) if not i.is_error}
    return run(db, intake.register_case, draft, acknowledged=seen, actor=centre.actor, now=NOW).id


def _agreement(db: Database, centre: Any, case_id: int) -> None:
    ids = [p.id for p in run(db, get_case, case_id).parties]
    draft = AgreementDraft(
        facts="双方经调解，自愿达成如下协议。",
        disputes="双方对赔偿数额存在争议。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.PAYMENT,
                payer_party_id=ids[-1],
                payee_party_id=ids[0],
                amount_fen=880_000,
                method="银行转账",
                account="申请人本人银行账户",
                due_date=NOW.date() + dt.timedelta(days=20),
            )
        ],
        intends_confirmation=True,
        mediator_name="周建国",
        recorder_name="李秀英",
    )
    run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor, now=NOW)
    assert_current(db)
    for pid in ids:
        run(
            db,
            record_signature,
            case_id=case_id,
            role=SignerRole.PARTY,
            party_id=pid,
            signed_on=NOW.date(),
            actor=centre.actor,
            now=NOW,
        )
    for role in (SignerRole.MEDIATOR, SignerRole.RECORDER, SignerRole.SEAL):
        run(
            db,
            record_signature,
            case_id=case_id,
            role=role,
            signed_on=NOW.date(),
            actor=centre.actor,
            now=NOW,
        )


def test_every_kind_of_write_keeps_the_row_current(db: Database, centre: Any) -> None:
    first = _register(db, centre)
    other = _register(db, centre, persons_involved=6)
    assert len(_stored(db)) == 2
    assert_current(db)
    # corrections: type, persons, difficulty, a party added
    draft = run(db, draft_for_correction, first, now=LATER)
    draft.dispute_type_code = "contract" if draft.dispute_type_code != "contract" else "neighbour"
    draft.difficult = True
    draft.persons_involved = None
    draft.parties.append(PartyDraft(name="王五", role=PartyRole.THIRD_PARTY))
    run(db, correct_case, first, draft, "", actor=centre.actor, now=LATER)
    assert_current(db)
    # the handling unit
    routing = RoutingDraft(unit_id=centre.traffic_unit_id)
    run(db, route_case, case_id=other, routing=routing, actor=centre.actor, now=LATER)
    assert_current(db)
    # ended with prevention flags, reopened, ended again, closed with flags, closing undone
    run(
        db,
        move_case,
        case_id=other,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        prevention=PreventionFlags(criminal=True, criminal_persons=2, suicide=True),
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    run(
        db,
        move_case,
        case_id=other,
        event=CaseEvent.REOPEN,
        note="当事人同意继续调解",
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    run(db, move_case, case_id=other, event=CaseEvent.REFER_COURT, receiver="某区人民法院立案庭",
        actor=centre.actor, now=LATER)  # fmt: skip
    assert_current(db)
    run(
        db,
        move_case,
        case_id=other,
        event=CaseEvent.CLOSE,
        prevention=PreventionFlags(group_petition=True, group_petition_persons=30),
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    run(
        db,
        move_case,
        case_id=other,
        event=CaseEvent.REOPEN_CLOSED,
        note="结案有误",
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    # the agreement: saved, signed (succeeded), a signature undone, signed again
    _agreement(db, centre, first)
    assert_current(db)
    assert _stored(db)[first][COLUMNS.index("status")] == "succeeded"
    run(
        db,
        remove_signature,
        case_id=first,
        role=SignerRole.SEAL,
        reason="盖章有误",
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    run(
        db,
        record_signature,
        case_id=first,
        role=SignerRole.SEAL,
        signed_on=LATER.date(),
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    # judicial confirmation applied for
    run(
        db,
        record_application,
        case_id=first,
        applied_on=LATER.date(),
        actor=centre.actor,
        now=LATER,
    )
    assert_current(db)
    # a follow-up visit
    task = run(db, plan_follow_up, first, LATER.date(), "回访履行", actor=centre.actor, now=LATER)
    assert_current(db)
    visit = VisitDraft(VisitForm.PHONE, LATER.date(), "周建国", Performed.YES, Satisfaction.BASIC)
    run(db, record_visit, task.id, visit, actor=centre.actor, now=LATER)
    assert_current(db)
    assert any(t.visit is not None for t in run(db, follow_ups_of, first))
    row = _stored(db)[first]
    base = len(COLUMNS) + 1
    figures = dict(zip(CASE_STAT_FIGURES, row[base:], strict=True))
    assert figures["visits"] == 1 and figures["satisfied"] == 1
    assert figures["succeeded"] == figures["written"] == figures["confirm_applied"] == 1
    assert figures["amount"] == 880_000 and figures["difficult"] == 1 and figures["persons"] == 3


def test_refresh_and_rebuild(db: Database, centre: Any) -> None:
    ids = [_register(db, centre) for _ in range(3)]
    with writing(db) as s:  # a change behind the services' back: the row is stale
        s.get(Case, ids[0]).difficult = True  # type: ignore[union-attr]
    assert _stored(db) != _fresh(db)
    with writing(db) as s:
        s.get(Case, ids[2]).received_at = NOW - dt.timedelta(days=40)  # type: ignore[union-attr]
    with writing(db) as s:
        refresh_case_stats(s, [ids[0], ids[2], 999_999])  # a missing case is no error
    assert_current(db)
    with writing(db) as s:
        s.get(Case, ids[1]).persons_involved = 9  # type: ignore[union-attr]
        s.flush()
        rebuild_case_stats(s)
    assert_current(db)
    assert set(_stored(db)) == set(ids)


def test_the_migration_fills_every_case(db: Database, centre: Any) -> None:
    """A database at 0018 with cases gets every case's row when upgraded to 0019."""
    from tests.migrations.test_migrations import run_alembic

    ids = [_register(db, centre) for _ in range(2)]
    _agreement(db, centre, ids[0])
    run_alembic(db, command.downgrade, "0018_report_fields")
    run_alembic(db, command.upgrade, "head")
    assert set(_stored(db)) == set(ids)
    assert_current(db)


def test_the_frozen_migration_fills_the_demo_as_the_application_would(db: Database) -> None:
    """0019's frozen SQL gives every case of the demo (every outcome, agreements, rulings,
    visits) the row and the month sums the application's definitions give."""
    from mediation_desk.demo.loader import load_demo
    from tests.migrations.test_migrations import run_alembic

    run(db, lambda uow: load_demo(uow, n_cases=60, seed=11), now=NOW)
    run_alembic(db, command.downgrade, "0018_report_fields")
    run_alembic(db, command.upgrade, "head")
    with reading(db) as s:
        assert len(_stored(db)) == len(s.scalars(select(Case.id)).all()) > 60
    assert_current(db)


def test_the_migration_imports_nothing_of_the_application() -> None:
    """Frozen: what 0019 does cannot change with the models, ``db.case_stats`` or the domain."""
    import ast
    from pathlib import Path

    import mediation_desk

    source = Path(mediation_desk.__file__).parent / "migrations/versions/0019_case_stats.py"
    imported = {
        name
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert imported == {"sqlalchemy", "alembic"}, imported


def test_a_deleted_case_takes_its_row() -> None:
    """``ON DELETE CASCADE``: no row outlives its case (checked on the model)."""
    fk = next(iter(CaseStat.__table__.c.case_id.foreign_keys))
    assert fk.ondelete == "CASCADE" and fk.column.table.name == "mediation_case"


def test_the_demo_keeps_every_row_current(db: Database) -> None:
    """The demo's bulk load and its stories through the services (agreements, court rulings,
    performance, visits, 回手, archiving) leave every row as a fresh computation has it."""
    from mediation_desk.demo.loader import load_demo

    run(db, lambda uow: load_demo(uow, n_cases=60, seed=5), now=NOW)
    stored = _stored(db)
    with reading(db) as s:
        assert len(stored) == len(s.scalars(select(Case.id)).all())
    assert_current(db)


def _move_to_april(uow: UnitOfWork, case_id: int, type_code: str) -> None:
    """A write that takes one case out of its month group into another (as a correction of
    the day received and the type would), noted the way every service notes its case."""
    s = uow.write()
    values = {"received_at": APRIL, "dispute_type_code": type_code}
    s.execute(update(Case).where(Case.id == case_id).values(**values))
    uow.recorder.note(Entity.CASE, case_id, case_id)


@pytest.mark.parametrize("second_type", ["", "contract"])
def test_two_counters_refreshing_the_same_groups_at_once(
    db: Database, centre: Any, second_type: str
) -> None:
    """Two transactions on their own connections, each moving its case from March (the same
    group, or two groups) into the same new April group: the second waits for the first's
    group rows, then adds its change to what the first committed (PostgreSQL; on SQLite it
    waits at BEGIN IMMEDIATE). No UniqueViolation on the new group, no lost case: the sums
    equal a fresh grouping."""
    first = _register(db, centre)
    first_type = run(db, get_case, first).dispute_type_code
    second = _register(db, centre, dispute_type_code=second_type or first_type)
    assert len(_months(db)) == (2 if second_type else 1)
    failures: list[BaseException] = []
    started = threading.Event()

    def other_counter() -> None:
        try:
            with UnitOfWork(db) as uow:
                uow.as_system()
                started.set()
                _move_to_april(uow, second, first_type)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)
            started.set()

    with UnitOfWork(db) as uow:
        uow.as_system()
        _move_to_april(uow, first, first_type)
        refresh_case_stats(uow.write(), uow.recorder.take_cases())  # holds both groups' rows
        thread = threading.Thread(target=other_counter)
        thread.start()
        started.wait(10)
        time.sleep(0.5)  # the other counter is now waiting for this one's locks
        assert thread.is_alive() and not failures
    thread.join(30)
    assert not thread.is_alive() and not failures, failures
    months = _months(db)
    assert [(k[0], v[0]) for k, v in months.items()] == [(202604, 2)]  # March's row is gone
    assert_current(db)


def test_counters_correcting_cases_into_one_group_at_once(db: Database, centre: Any) -> None:
    """The services' own path: three counters, each on its own connection, correct two cases
    each into the same new type at the same moment (the refresh of one waits for another's
    group row, then adds to it). Every correction is kept, and the sums equal a fresh
    grouping."""
    ids = [_register(db, centre) for _ in range(6)]
    target = "contract" if run(db, get_case, ids[0]).dispute_type_code != "contract" else "other"
    drafts = {}
    for case_id in ids:
        drafts[case_id] = run(db, draft_for_correction, case_id, now=LATER)
        drafts[case_id].dispute_type_code = target
    start = threading.Barrier(3)
    failures: list[BaseException] = []

    def counter(mine: list[int]) -> None:
        try:
            start.wait(10)
            for case_id in mine:
                run(db, correct_case, case_id, drafts[case_id], "", actor=centre.actor, now=LATER)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=counter, args=(ids[i::3],)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures, failures
    assert {k[2]: v[0] for k, v in _months(db).items()} == {target: 6}
    assert_current(db)
