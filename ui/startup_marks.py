"""Start-up marks for the benchmarks (``--timing``): wall-clock times, printed on stdout as
``<mark>_epoch=<seconds since the epoch>`` lines, that a harness sets against the moment it
started the process.

- ``first_paint``: the window's first frame has been drawn. A paint event starts a frame (the
  window first, then its children, then the flush to the screen); the mark is a call queued
  from the window's first paint event, so it runs once that whole frame has returned to the
  event loop.
- ``handover``: the start-up has handed over (signed in, or a sign-in dialog waits).
- ``ready`` (with a query): once the start-up hands over, the query is typed into the search
  box key by key and Enter pressed; the mark is taken the same way after the results table
  has painted a frame with rows of that query. Then the memory at that moment
  (``rss_kb``: VmRSS, ``hwm_kb``: VmHWM, from /proc/self/status) and the program quits.

``bench/bare_window.py`` marks a bare PySide6 window's first paint with ``FrameMark`` too, so
the floor is measured the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


def say(name: str, value: str) -> None:
    print(f"{name}={value}", flush=True)


def say_epoch(mark: str) -> None:
    say(f"{mark}_epoch", f"{time.time():.6f}")


class FrameMark(QObject):
    """Calls ``then`` once ``widget`` has drawn a whole frame for which ``when()`` holds (asked
    at the frame's paint event), then stops watching."""

    def __init__(
        self,
        widget: QWidget,
        then: Callable[[], None],
        when: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        self._when = when
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._when():
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after the frame this paint event begins
        return False


def memory_kb() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in kB (empty where /proc is absent)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return {}
    out = {}
    for line in status.read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def type_text(line_edit: QLineEdit, text: str) -> None:
    """``text`` typed into ``line_edit`` key by key, then Enter, as from the keyboard."""
    line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)  # as Ctrl+F puts it there
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key_event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QCoreApplication.sendEvent(line_edit, key_event)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        enter = QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.sendEvent(line_edit, enter)
