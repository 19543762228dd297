"""The time a user action happens at, injectable so tests and benchmarks choose it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

#: Returns the current local time (naive, as every stored timestamp is).
Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now()


def fixed_clock(at: dt.datetime) -> Clock:
    """A clock that always says ``at`` (tests, benchmarks, screenshots)."""

    def clock() -> dt.datetime:
        return at

    return clock
