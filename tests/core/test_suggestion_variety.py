"""Booking suggestions differ in time and room before they differ in mediator (issue 13: the
eight suggestions shared one time and one room)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.scheduling.suggest import Option, spread
from mediation_desk.services import suggestions
from tests.core.test_scheduling_support import at, build
from tests.desk import run

DURATION = dt.timedelta(minutes=90)  # suggest_sessions' default


@pytest.fixture
def sch(db, centre):  # type: ignore[no-untyped-def]
    return build(db, centre)


def _apart(a: Option, b: Option) -> bool:
    return abs(a.starts - b.starts) >= DURATION


def test_the_first_suggestions_differ_in_time_and_room(db, sch) -> None:  # type: ignore[no-untyped-def]
    # the day has four separate 90-minute times (08:30, 10:00, 13:30, 15:00)
    options = run(db, suggestions.suggest_sessions, case_id=sch.case_a, earliest=at(8, 20), n=4)
    assert len(options) == 4
    first, second = options[:2]
    assert first.starts == at(8, 30) and first.mediator_name == "周建国"  # the best, earliest
    assert second.room_id != first.room_id and _apart(first, second)
    for i, a in enumerate(options):  # times the parties can really choose between
        for b in options[i + 1 :]:
            assert _apart(a, b), (a, b)
    assert spread(options, DURATION) == 4
    assert all(o.mediator_name == "周建国" for o in options)  # the specialist leads each slot


def test_the_mediator_varies_only_once_times_and_rooms_are_used_up(db, sch) -> None:  # type: ignore[no-untyped-def]
    """Late in a one-day search few slots remain: every free (start, room) is offered before
    a slot is offered again with another mediator."""
    options = run(
        db,
        suggestions.suggest_sessions,
        case_id=sch.case_a,
        earliest=at(16),
        n=12,
        working_days=1,
    )
    slots = [(o.starts, o.room_id) for o in options]
    repeated = next(i for i, slot in enumerate(slots) if slot in slots[:i])
    assert len(set(slots[:repeated])) == repeated  # distinct slots first…
    assert set(slots[repeated:]) <= set(slots[:repeated])  # …then no new slot
    assert {o.mediator_id for o in options[:repeated]} == {sch.zhou}
    assert {o.mediator_id for o in options[repeated:]} <= {sch.wang, sch.li}
    firsts = options[: spread(options, DURATION)]
    assert len(firsts) >= 1 and firsts[0].starts == at(16)
    special = [i for i, o in enumerate(options[:repeated]) if o.room_id == sch.remote]
    ordinary = [i for i, o in enumerate(options[:repeated]) if o.room_id != sch.remote]
    assert max(ordinary) < min(special)  # the video room once the ordinary rooms are offered


def test_times_that_do_not_overlap_come_first(db, sch) -> None:  # type: ignore[no-untyped-def]
    """More suggestions than the day has separate times: those times first (each in another
    room while rooms last), then the other free (start, room) slots."""
    options = run(db, suggestions.suggest_sessions, case_id=sch.case_a, earliest=at(8, 20), n=8)
    assert len(options) == 8
    k = spread(options, DURATION)
    assert k >= 3
    head = options[:k]
    assert all(_apart(a, b) for i, a in enumerate(head) for b in head[i + 1 :])
    assert head[0].room_id != head[1].room_id
    assert len({(o.starts, o.room_id) for o in options}) == 8  # no slot twice
