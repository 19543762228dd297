"""Timing a window's action up to its real paint: ``PaintWait`` runs Qt's event loop until the
watched widget has handled a paint event while a condition holds (the action's result is in
place), then handles what the action left queued (a delayed layout, other widgets' paints), so
the next action does not pay for it — not a model's update alone, nor a second paint forced by
``grab()``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

TIMEOUT_MS = 5000


class PaintWait:
    def __init__(self, widget: Any, ready: Callable[[], bool] = lambda: True) -> None:  # type: ignore[misc]
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

        self.ready = ready
        self.loop = QEventLoop()
        self.painted = False
        self.painted_ms = 0.0  # the last action's time until its paint alone
        wait = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and wait.ready():
                    wait.painted = True
                    wait.loop.quit()  # the loop returns once this paint is done
                return False

        self.filter = Filter()
        self.timeout = QTimer()
        self.timeout.setSingleShot(True)
        self.timeout.setInterval(TIMEOUT_MS)
        self.timeout.timeout.connect(self.loop.quit)
        widget.installEventFilter(self.filter)

    def time_ms(self, action: Callable[[], object]) -> float:
        """Run ``action``; ms until the widget has painted with ``ready()`` true and the
        events left queued are handled (``painted_ms``: until that paint alone)."""
        from PySide6.QtWidgets import QApplication

        self.painted = False
        t0 = time.perf_counter()
        action()
        if not self.painted:
            self.timeout.start()
            self.loop.exec()
            self.timeout.stop()
        self.painted_ms = (time.perf_counter() - t0) * 1000  # the result on screen
        for _ in range(2):  # a delayed layout's own paint is posted by the first pass
            QApplication.processEvents()
        elapsed = (time.perf_counter() - t0) * 1000
        if not self.painted:
            raise RuntimeError(f"no paint within {TIMEOUT_MS} ms")
        return elapsed
