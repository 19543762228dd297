"""A page whose view is built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """A page whose view is built the first time it is shown (keeps start-up short)."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.view: QWidget | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.view is None:
            self.view = self._build()
            self.layout().addWidget(self.view)
        super().showEvent(event)
