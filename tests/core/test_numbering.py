"""Case numbers (domain.md §3): per unit, per year, no duplicates, no gaps — also when several
desks save at the same moment from separate processes.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db_url``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import queue
import random
import time
import traceback

import pytest
from sqlalchemy import select

from mediation_desk.db.models import Case, HandlingUnit, NumberCounter
from mediation_desk.errors import StorageError, ValidationFailed
from mediation_desk.services import intake
from tests.desk import reading, run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
PROCESSES = 4
CASES_EACH = 15
BAD_CHECK_ID = "110105194912310021"


def _worker(
    url: str, operator_id: int, operator_name: str, unit_id: int, count: int, start, results
) -> None:  # type: ignore[no-untyped-def]
    """Runs in a spawned process: its own Database, then ``count`` registrations at once."""
    from mediation_desk.db.database import Database
    from mediation_desk.domain.actor import Actor

    numbers: list[str] = []
    try:
        db = Database(url)
        actor = Actor(operator_id, operator_name)
        draft = two_party_draft(unit_id)
        with reading(db) as s:  # connect before the start line, not after
            s.execute(select(1))
        start.wait(timeout=60)
        for _ in range(count):
            numbers.append(run(db, intake.register_case, draft, now=NOW, actor=actor).number)
            time.sleep(random.uniform(0, 0.02))  # a clerk's pause: lets the other desks in
        db.dispose()
        results.put(("ok", numbers))
    except BaseException:  # report everything to the parent
        results.put(("error", traceback.format_exc()))


def _collect(results, procs, *, deadline: float) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """One outcome per worker; stops early when workers died without reporting."""
    outcomes: list[tuple[str, object]] = []
    while len(outcomes) < len(procs) and time.monotonic() < deadline:
        try:
            outcomes.append(results.get(timeout=0.5))
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    return outcomes


def _register(db, centre, unit_id: int, *, received_at: dt.datetime | None = None) -> str:  # type: ignore[no-untyped-def]
    draft = two_party_draft(unit_id)
    draft.received_at = received_at
    return run(db, intake.register_case, draft, now=NOW, actor=centre.actor).number


def test_concurrent_processes_get_distinct_gapless_numbers(db_url, db, centre) -> None:
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    args = (
        db_url,
        centre.actor.operator_id,
        centre.actor.name,
        centre.street_unit_id,
        CASES_EACH,
        start,
        results,
    )
    procs = [ctx.Process(target=_worker, args=args, daemon=True) for _ in range(PROCESSES)]
    began = time.monotonic()
    for p in procs:
        p.start()
    outcomes = _collect(results, procs, deadline=began + 90)
    elapsed = time.monotonic() - began
    errors = [detail for status, detail in outcomes if status == "error"]
    assert not errors, "\n".join(errors)
    assert len(outcomes) == PROCESSES, f"exit codes: {[p.exitcode for p in procs]}"
    for p in procs:
        p.join(timeout=30)
    assert [p.exitcode for p in procs] == [0] * PROCESSES

    issued = [n for _, numbers in outcomes for n in numbers]
    total = PROCESSES * CASES_EACH
    assert len(issued) == total
    assert len(set(issued)) == total, "duplicate numbers issued"
    assert set(issued) == {f"（2026）城南人调字第{i}号" for i in range(1, total + 1)}
    per_desk = [[int(n.split("第")[1].rstrip("号")) for n in numbers] for _, numbers in outcomes]
    for seqs in per_desk:  # each desk sees its own numbers increase
        assert seqs == sorted(seqs)
    # the desks really took turns (no desk got one unbroken block)
    assert any(seqs != list(range(seqs[0], seqs[0] + len(seqs))) for seqs in per_desk)

    with reading(db) as s:
        seqs = sorted(s.scalars(select(Case.seq).where(Case.unit_id == centre.street_unit_id)))
        counter = s.get(NumberCounter, (centre.street_unit_id, 2026))
    assert seqs == list(range(1, total + 1))
    assert counter is not None and counter.last_seq == total
    assert elapsed < 60, f"{total} concurrent registrations took {elapsed:.1f} s"


def test_sequences_are_per_unit_and_per_year(db, centre) -> None:
    y25 = dt.datetime(2025, 12, 31, 23, 50)
    y26 = dt.datetime(2026, 1, 1, 0, 5)
    street, traffic = centre.street_unit_id, centre.traffic_unit_id
    assert _register(db, centre, street, received_at=y25) == "（2025）城南人调字第1号"
    assert _register(db, centre, street, received_at=y26) == "（2026）城南人调字第1号"
    assert _register(db, centre, traffic, received_at=y26) == "测交调〔2026〕1号"
    assert _register(db, centre, street, received_at=y25) == "（2025）城南人调字第2号"
    assert _register(db, centre, street) == "（2026）城南人调字第2号"  # received now: 2026
    assert _register(db, centre, traffic, received_at=y26) == "测交调〔2026〕2号"
    assert _register(db, centre, traffic, received_at=y25) == "测交调〔2025〕1号"
    with reading(db) as s:
        counters = {(c.unit_id, c.year): c.last_seq for c in s.scalars(select(NumberCounter))}
        years = {(c.number, c.year, c.seq) for c in s.scalars(select(Case))}
    assert counters == {
        (centre.street_unit_id, 2025): 2,
        (centre.street_unit_id, 2026): 2,
        (centre.traffic_unit_id, 2025): 1,
        (centre.traffic_unit_id, 2026): 2,
    }
    assert ("（2025）城南人调字第2号", 2025, 2) in years


def test_validation_failure_consumes_no_number(db, centre) -> None:
    assert _register(db, centre, centre.street_unit_id) == "（2026）城南人调字第1号"
    bad = two_party_draft(centre.street_unit_id, applicant_id=BAD_CHECK_ID)
    for _ in range(3):
        with pytest.raises(ValidationFailed):
            run(db, intake.register_case, bad, now=NOW, actor=centre.actor)
    assert _register(db, centre, centre.street_unit_id) == "（2026）城南人调字第2号"


def test_failure_after_the_number_was_taken_gives_it_back(db, centre) -> None:
    """The save fails at the database (a link to a missing case) after ``allocate_number``:
    the transaction rolls back as a whole, counter included."""
    assert _register(db, centre, centre.street_unit_id) == "（2026）城南人调字第1号"
    draft = two_party_draft(centre.street_unit_id)
    draft.linked_case_ids = [987_654]
    with pytest.raises(StorageError):
        run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    with reading(db) as s:
        assert s.get(NumberCounter, (centre.street_unit_id, 2026)).last_seq == 1
        assert len(s.scalars(select(Case.id)).all()) == 1
    assert _register(db, centre, centre.street_unit_id) == "（2026）城南人调字第2号"


def test_first_case_of_a_year_creates_the_counter(db, centre) -> None:
    with reading(db) as s:
        assert s.scalars(select(NumberCounter)).all() == []
    _register(db, centre, centre.traffic_unit_id)
    with reading(db) as s:
        (counter,) = s.scalars(select(NumberCounter)).all()
    assert (counter.unit_id, counter.year, counter.last_seq) == (centre.traffic_unit_id, 2026, 1)


def test_changed_number_format_keeps_the_sequence(db, centre) -> None:
    from mediation_desk.services import reference

    assert _register(db, centre, centre.street_unit_id) == "（2026）城南人调字第1号"
    example = run(
        db,
        reference.set_unit_number_format,
        unit_id=centre.street_unit_id,
        number_format="城南调〔{year}〕{seq}号",
        actor=centre.actor,
    )
    assert example.startswith("城南调〔") and example.endswith("〕1号")
    assert _register(db, centre, centre.street_unit_id) == "城南调〔2026〕2号"


def test_a_number_format_used_by_another_unit_is_refused(db, centre) -> None:
    """Case numbers are unique across the centre (uq_mediation_case_number): two units with
    one format would issue the same number, and the second unit's first registration would
    fail at the database. The set-up screen pre-fills every new unit with the same
    "（{year}）X人调字第{seq}号", so this must be caught when the format is chosen."""
    from mediation_desk.domain.enums import UnitKind
    from mediation_desk.errors import DeskError
    from mediation_desk.services import reference

    with pytest.raises(DeskError):
        run(
            db,
            reference.create_unit,
            name="城北街道人民调解委员会",
            kind=UnitKind.STREET_COMMITTEE,
            number_format="（{year}）城南人调字第{seq}号",
            actor=centre.actor,
        )
    with pytest.raises(DeskError):
        run(
            db,
            reference.set_unit_number_format,
            unit_id=centre.traffic_unit_id,
            number_format="（{year}）城南人调字第{seq}号",
            actor=centre.actor,
        )
    with reading(db) as s:
        formats = list(s.scalars(select(HandlingUnit.number_format)))
    assert len(set(formats)) == len(formats) == 3
