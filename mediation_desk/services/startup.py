"""What a database needs once its schema is current, before anyone works on it (idempotent,
and nothing to write on a usual start-up)."""

from __future__ import annotations

from ..db.unit_of_work import UnitOfWork
from .reference import ensure_reference_data
from .time_limits import fill_missing_time_limits


def prepare_database(uow: UnitOfWork) -> None:
    """The dispute-type catalogue complete; every open case with its time limit."""
    ensure_reference_data(uow)
    fill_missing_time_limits(uow)
