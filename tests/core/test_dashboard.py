"""The director's dashboard (issue 12): every card is its cases' count, the cohort cards agree
with the MoJ table, 办结 counts by the day mediation ended, 超期 is the 督办 board's."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from mediation_desk.db.database import Database
from mediation_desk.domain.statistics import DASHBOARD_CARDS, Period, rate
from mediation_desk.domain.supervision import DueGroup
from mediation_desk.services import reference
from mediation_desk.services.dashboard import Dashboard, dashboard
from mediation_desk.services.statistics import drill_down, moj_report, monthly_counts
from mediation_desk.services.supervision import ducha_board
from tests.conftest import open_database
from tests.desk import run
from tests.statements import counting

NOW = dt.datetime(2026, 11, 20, 9)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    from mediation_desk.demo.loader import load_demo

    path = tmp_path_factory.mktemp("dash") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    run(db, lambda uow: load_demo(uow, n_cases=900, seed=12), now=NOW)
    yield db, path
    db.dispose()


def _board(db: Database) -> Dashboard:
    return run(db, dashboard, TODAY, now=NOW)


def test_every_card_drills_down_to_its_count(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    board = _board(db)
    assert [c.key for c in board.cards] == [c.key for c in DASHBOARD_CARDS]
    assert board.unit_name == "全中心"
    for card in board.cards:
        found = run(db, drill_down, board.period_of[card.key], card.cell)
        assert card.label and found.title
        if card.unit == "件":
            assert found.total == card.value, card.key
        if card.previous is not None and card.unit == "件":
            before = run(
                db,
                drill_down,
                board.period_of[card.key],
                card.cell.__class__(None, "", card.cell.column, None, True),
            )
            assert before.total == card.previous, card.key
    assert board.card("in_mediation").value
    assert board.card("received_month").previous is not None
    assert board.card("overdue").previous is None


def test_the_cards_agree_with_the_table_and_the_board(
    demo: tuple[Database, Path],
) -> None:
    db, path = demo
    board = _board(db)
    month = board.period_of["received_month"]
    assert month.start == TODAY.replace(day=1) and month.end == TODAY
    table = run(db, moj_report, month).by_type.total.values
    assert board.card("received_month").value == table["accepted"]
    ducha = run(db, ducha_board, TODAY, now=NOW)
    overdue = sum(1 for r in ducha.rows if r.group is DueGroup.OVERDUE)
    assert board.card("overdue").value == overdue
    assert board.card("in_mediation").value == len(ducha.rows)
    # 办结 and its success rate, counted by the day mediation ended (plain SQL)
    start = month.start.isoformat()
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT CASE WHEN status IN ('closed','archived') THEN COALESCE(NULLIF(closed_from,''),"
            " 'failed') ELSE status END FROM mediation_case WHERE ended_on >= ? AND ended_on <= ?",
            (start, TODAY.isoformat()),
        ).fetchall()
    outcomes = [r[0] for r in rows if r[0] != "refused"]
    assert board.card("closed_month").value == len(outcomes)
    won = outcomes.count("succeeded")
    concluded = sum(
        outcomes.count(k) for k in ("succeeded", "failed", "referred_out", "fast_track_closed")
    )
    assert board.card("success_rate_month").value == rate(won, concluded)


def test_the_months_and_the_tables(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    board = _board(db)
    assert [(m.year, m.month) for m in board.this_year] == [(2026, m) for m in range(1, 13)]
    assert [(m.year, m.month) for m in board.last_year] == [(2025, m) for m in range(1, 13)]
    assert all(m.accepted == 0 for m in board.this_year if m.month == 12)
    assert board.last_year == tuple(run(db, monthly_counts, Period.year(2025)))
    assert sum(m.accepted for m in board.this_year) == board.by_type.total.values["accepted"]
    assert board.by_source.total.values == board.by_type.total.values


def test_one_unit_and_statements(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    units = run(db, reference.list_units)
    whole = _board(db)
    parts = [run(db, dashboard, TODAY, u.id, now=NOW) for u in units]
    for key in ("received_month", "closed_month", "in_mediation", "overdue"):
        assert sum(int(p.card(key).value or 0) for p in parts) == whole.card(key).value, key
    some = next(p for p in parts if p.card("in_mediation").value)
    found = run(db, drill_down, some.period_of["in_mediation"], some.card("in_mediation").cell)
    assert found.total == some.card("in_mediation").value
    with counting(db.engine) as count:
        _board(db)
    assert count.statements <= 8
