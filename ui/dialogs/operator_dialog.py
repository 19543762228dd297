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
    from mediation_desk.errors import DeskError
    from mediation_desk.services.reference import OperatorView
    from ui.context import AppContext


class OperatorDialog(QDialog):
    """Pick from the existing operators or type a new name (created on OK)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mediation_desk.services.reference import list_operators

        self.ctx = ctx
        operators = ctx.ops.read(list_operators)
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
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
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
        from mediation_desk.services.reference import create_operator

        chosen = self.combo.currentData()
        if chosen is not None:
            self._chosen(chosen)
            return
        name = self.new_name.text()
        self.ctx.ops.run(
            self,
            lambda uow: create_operator(uow, name=name),
            on_success=self._chosen,
            on_failure=self._refused,
            busy=self.tr("正在新增操作员…"),
            disable=[self.ok_button],
        )

    def _chosen(self, operator: OperatorView) -> None:
        self.chosen = operator
        super().accept()

    def _refused(self, error: DeskError) -> bool:
        from mediation_desk.domain.issues import FieldIssue

        self.error.show_issue(FieldIssue("name", "operator", error.message))
        return True
