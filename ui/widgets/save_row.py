"""The foot of a settings page: its save button, and one line saying what saving did (green)
or why it was refused (red), beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.widgets.field_box import ERROR_STYLE, OK_STYLE

if TYPE_CHECKING:
    from collections.abc import Callable

    from mediation_desk.errors import DeskError
    from ui.operations import Operations


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

    def save(
        self,
        ops: Operations,
        owner: QWidget,
        fn: Callable[..., object],
        on_saved: Callable[..., None],
        *,
        busy: str = "",
    ) -> None:
        """Run ``fn(uow)`` through the operation helper with the button disabled meanwhile; a
        refusal is said on this row, success goes to ``on_saved``."""
        self.clear()
        ops.run(
            owner,
            fn,
            on_success=on_saved,
            on_failure=self.show_refused,
            busy=busy or self.tr("正在保存…"),
            disable=[self.button],
        )

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
