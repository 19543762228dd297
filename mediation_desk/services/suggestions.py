"""Suggesting sessions: the earliest feasible (time, room, mediator) options for a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..db.unit_of_work import UnitOfWork
from ..scheduling.model import ETHNIC_LANGUAGE
from ..scheduling.suggest import Option, SuggestRequest, search_days, suggest
from .booking import case_info
from .schedule_data import load_schedule, load_setup

DAY = dt.timedelta(days=1)


def suggest_sessions(
    uow: UnitOfWork,
    *,
    case_id: int,
    earliest: dt.datetime,
    duration_minutes: int = 90,
    n: int = 5,
    remote: bool = False,
    equipment: Iterable[str] = (),
    languages: Iterable[str] | None = None,
    chosen_mediator_id: int | None = None,
    extra_attendees: int = 0,
    working_days: int = 20,
) -> list[Option]:
    """The earliest feasible options for the case, best first (see ``scheduling.suggest``).

    ``languages`` None: derived from the parties' ethnicities (蒙古族 → 蒙古语 …).
    """
    s = uow.read()
    info = case_info(s, case_id)
    setup = load_setup(s)
    settings, calendar = setup
    grid = settings.grid_minutes
    persons = frozenset(p[2] for p in info.parties)
    if languages is None:
        languages = {ETHNIC_LANGUAGE[p[3]] for p in info.parties if p[3] in ETHNIC_LANGUAGE}
    # Load the first day and widen (doubling) only when it holds too few options: the search
    # stops early, so the data it never reaches need not be loaded (or indexed) at all. The
    # window starts at midnight (daily maximum counts the whole day); sessions begun earlier
    # are still loaded (``occupying_in``).
    day0 = dt.datetime.combine(earliest.date(), dt.time())
    duration = dt.timedelta(minutes=duration_minutes)
    days = 1
    while True:
        horizon = (
            dt.datetime.combine(search_days(earliest.date(), days, calendar)[-1], dt.time()) + DAY
        )
        data = load_schedule(s, start=day0, end=horizon, persons=persons, setup=setup)
        found = suggest(
            data,
            SuggestRequest(
                case_id=case_id,
                persons=persons,
                attendees=len(info.parties) + extra_attendees,
                duration=duration,
                earliest=earliest,
                dispute_codes=info.dispute_codes,
                languages=frozenset(languages),
                case_mediator_id=info.mediator_id,
                chosen_mediator_id=chosen_mediator_id,
                remote=remote,
                equipment=frozenset(equipment),
                working_days=days,
                grid=dt.timedelta(minutes=grid),
                n=n,
            ),
        )
        if len(found) >= n or days >= working_days:
            return found
        days = min(working_days, days * 2)
