"""修改登记信息: the intake form in edit mode, in its own window over the case window.

Saving closes it; the case window and the case list read again when the change record
reaches them (``ops.changed``). Closing with unsaved edits asks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ui.views.correction_view import CorrectionView

if TYPE_CHECKING:
    from mediation_desk.services.corrections import CorrectionResult
    from ui.context import AppContext


class CorrectionDialog(QDialog):
    """``result`` holds what the correction changed once the dialog is accepted."""

    def __init__(
        self, ctx: AppContext, case_id: int, number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改登记信息 — {0}").format(number))
        self.resize(1180, 780)
        self.result_: CorrectionResult | None = None
        self.view = CorrectionView(ctx, case_id, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        self.view.case_corrected.connect(self._on_view_case_corrected)
        self.view.discard_requested.connect(self._on_view_discard_requested)

    @Slot(object)
    def _on_view_case_corrected(self, result: CorrectionResult) -> None:
        self.result_ = result
        if not self.view.pending_matches:  # else the clerk may link the cases found first
            self.accept()

    @Slot()
    def _on_view_discard_requested(self) -> None:
        self.done(QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        """Esc or the window's close button: the view asks when something was changed."""
        self.view.request_new()
