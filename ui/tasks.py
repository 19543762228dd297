"""Background work: run a callable off the GUI thread, deliver its result on the GUI thread.

The callable must not touch widgets. It may accept a ``progress`` keyword (a callable taking
``done, total``) to report progress. Tests set ``TaskRunner.synchronous = True`` to run work
inline.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals) -> None:
        super().__init__()
        self.fn, self.signals = fn, signals

    def run(self) -> None:
        try:
            result = _call(self.fn, self.signals.progressed.emit)
        except Exception as exc:  # delivered to the GUI thread, shown to the user there
            log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def _call(fn: Callable[..., Any], progress: Callable[[int, int], None]) -> Any:
    if "progress" in inspect.signature(fn).parameters:
        return fn(progress=progress)
    return fn()


class TaskRunner(QObject):
    """Owns the thread pool; one place where success, failure and progress are handled."""

    synchronous = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one database writer at a time from this window
        self._live: set[_Signals] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        if self.synchronous:
            try:
                result = _call(fn, on_progress or (lambda _d, _t: None))
            except Exception as exc:
                on_failure(exc)
            else:
                on_success(result)
            return
        signals = _Signals()
        self._live.add(signals)

        def done(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver(value: Any) -> None:
                self._live.discard(signals)
                handler(value)

            return deliver

        signals.succeeded.connect(done(on_success))
        signals.failed.connect(done(on_failure))
        if on_progress:
            signals.progressed.connect(on_progress)
        self.pool.start(_Job(fn, signals))

    def wait(self) -> None:
        """Block until every job has finished (at shutdown)."""
        self.pool.waitForDone()
