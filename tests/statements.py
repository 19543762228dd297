"""Counting the SQL statements an action sends (``BEGIN`` included), for tests and benches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class Count:
    statements: int = 0
    transactions: int = 0


@contextmanager
def counting(engine: Engine) -> Iterator[Count]:
    """Counts every statement the driver executes (an executemany batch is one) and every
    transaction begun, while the block runs."""
    count = Count()

    def on_statement(*_args: Any) -> None:
        count.statements += 1

    def on_begin(*_args: Any) -> None:
        count.transactions += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "begin", on_begin)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "begin", on_begin)
