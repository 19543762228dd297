"""The foot of a settings page: its save button, and one line saying what saving did (green)
or why it was refused (red), beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.widgets.field_box import ERROR_STYLE, OK_STYLE

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError


class SaveRow(QWidget):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(caption, self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.message, 1)
        row.addWidget(self.button)

    def clear(self) -> None:
        self.message.clear()

    def show_saved(self, text: str) -> None:
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(text)

    def show_refused(self, error: DeskError) -> bool:
        """Says why in the page (``on_failure`` of an operation: handled here)."""
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText("✖ " + error.message)
        return True
