"""How a long core job reports progress, says it is waiting, and learns it should stop.

The core knows no Qt: the window passes a ``Progress`` whose callbacks forward to a progress
dialog. A job runs on a worker thread and the window cancels from the GUI thread, hence the
``threading.Event``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled


class Progress:
    def __init__(
        self,
        *,
        on_report: Callable[[int, int], None] | None = None,
        on_waiting: Callable[[str], None] | None = None,
    ) -> None:
        self._on_report = on_report
        self._on_waiting = on_waiting
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        """``done`` of ``total`` steps are finished."""
        if self._on_report is not None:
            self._on_report(done, total)

    def waiting(self, what: str) -> None:
        """The job waits on something outside it (the database's write lock); '' when it
        goes on."""
        if self._on_waiting is not None:
            self._on_waiting(what)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked the job to stop (call between steps)."""
        if self._cancel.is_set():
            raise Cancelled()
