"""A page whose view is built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """A page whose view is built the first time it is shown (keeps start-up short)."""

    built = Signal(QWidget)  # the view, once built

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.view: QWidget | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:
        if self.view is None:
            self.view = self._build()
            self.layout().addWidget(self.view)
            self.built.emit(self.view)
        super().showEvent(event)
