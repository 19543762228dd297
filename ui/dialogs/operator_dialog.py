"""Who is at the counter: choose an operator, or add the first one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..widgets.field_box import MessageLabel

if TYPE_CHECKING:
    from mediation_desk.db.database import Database
    from mediation_desk.services.reference import OperatorView


class OperatorDialog(QDialog):
    """Pick from the existing operators or type a new name (created on OK)."""

    def __init__(
        self, db: Database, operators: list[OperatorView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.chosen: OperatorView | None = None
        self.setWindowTitle(self.tr("选择操作员"))
        self.combo = QComboBox(self)
        for op in operators:
            self.combo.addItem(op.name, op)
        self.combo.addItem(self.tr("新增操作员…"), None)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(self.tr("新操作员姓名"))
        self.error = MessageLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("本次登记、分流等操作将记在以下操作员名下："), self))
        layout.addWidget(self.combo)
        layout.addWidget(self.new_name)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.combo.currentIndexChanged.connect(self._on_choice)
        self._on_choice()

    def _on_choice(self) -> None:
        creating = self.combo.currentData() is None
        self.new_name.setVisible(creating)
        if creating:
            self.new_name.setFocus()

    def accept(self) -> None:
        from mediation_desk.domain.issues import FieldIssue
        from mediation_desk.errors import DeskError
        from mediation_desk.services.reference import create_operator

        chosen = self.combo.currentData()
        if chosen is None:
            try:
                chosen = create_operator(self.db, name=self.new_name.text())
            except DeskError as error:
                self.error.show_issue(FieldIssue("name", "operator", error.message))
                return
        self.chosen = chosen
        super().accept()
