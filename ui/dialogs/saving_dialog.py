"""The frame every record-and-save dialog shares: a red line for the core's refusal, the
OK/取消 buttons (Ctrl+S too where the OK button saves a record), and one way to run the save
through the operation helper: success hands the value to ``_on_saved``, a refusal shows in the
dialog, which stays open with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QDialog, QDialogButtonBox, QLabel, QWidget

from ui.widgets.field_box import ERROR_STYLE

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from ui.context import AppContext


def error_label(parent: QWidget) -> QLabel:
    """A hidden red line for a refusal (plain text: a message is never read as markup)."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class SavingDialog(QDialog):
    """``ok_text`` names the OK button (确定, 保存(&S), 登记 …); ``save_shortcut`` binds Ctrl+S
    to it. Subclasses lay out ``error`` and ``buttons`` (``add_footer``), implement
    ``_on_buttons_accepted`` and call ``save``; ``_on_saved`` keeps the value and closes."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        *,
        ok_text: str = "",
        save_shortcut: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr(ok_text or "确定"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        if save_shortcut:
            QShortcut(QKeySequence.StandardKey.Save, self, self._on_buttons_accepted)

    def add_footer(self, layout: QBoxLayout) -> None:
        """The refusal line, then the buttons, at the end of ``layout``."""
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def save(self, fn: Callable[..., object], *, busy: str = "") -> None:
        """Run ``fn(uow)`` through the operation helper, the OK button disabled meanwhile."""
        self.show_error("")
        self.ctx.ops.run(
            self,
            fn,
            on_success=self._on_saved,
            on_failure=self._on_refused,
            busy=busy or self.tr("正在保存…"),
            disable=[self.ok_button],
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        raise NotImplementedError

    def _on_saved(self, value: object) -> None:
        self.accept()

    def _on_refused(self, error: DeskError) -> bool:
        self.show_error(error.message)  # in the dialog, which stays open
        return True
