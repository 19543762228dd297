"""What a database needs once its schema is current, before anyone works on it (idempotent,
and nothing to write on a usual start-up)."""

from __future__ import annotations

from ..db.unit_of_work import UnitOfWork
from .reference import ensure_reference_data
from .search_index import rebuild_outdated_tokens
from .time_limits import fill_missing_time_limits


def prepare_database(uow: UnitOfWork) -> None:
    """The dispute-type catalogue complete; every open case with its time limit; the search
    tokens built by the current index."""
    uow.as_system()  # system work: no account asked for it
    ensure_reference_data(uow)
    fill_missing_time_limits(uow)
    rebuild_outdated_tokens(uow)
