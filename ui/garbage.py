"""Python's garbage collection on the GUI thread only.

A collection runs on whichever thread happens to allocate. When a worker thread (rendering a
PDF, say) collects a cycle that holds a Qt widget, the widget is destroyed off the GUI thread
and the process crashes. So automatic collection stays off and the GUI thread collects on a
timer, generation by generation, as the automatic collector would (the approach Anki takes).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        l0, l1, l2 = gc.get_count()
        if l0 > self.threshold[0]:
            gc.collect(0)
            if l1 > self.threshold[1]:
                gc.collect(1)
                if l2 > self.threshold[2]:
                    gc.collect(2)
