"""Who is at the counter: choose an account, or create the centre's first administrator.

A stop-gap until the sign-in dialog: an existing account is chosen by name; on a centre with
no administrator yet the first one is created here with a password."""

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
    from mediation_desk.domain.actor import Actor
    from mediation_desk.errors import DeskError
    from ui.context import AppContext


class OperatorDialog(QDialog):
    """Pick from the active accounts, or (no administrator yet) create the first one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mediation_desk.services.accounts import needs_first_account, working_accounts

        self.ctx = ctx
        operators, self.first = ctx.ops.read(
            lambda uow: (working_accounts(uow), needs_first_account(uow))
        )
        self.chosen: Actor | None = None
        self.setWindowTitle(self.tr("选择操作员"))
        self.combo = QComboBox(self)
        for op in operators:
            self.combo.addItem(op.name, op)
        if self.first:
            self.combo.addItem(self.tr("新建系统管理员账户…"), None)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(self.tr("账户名"))
        self.new_password = QLineEdit(self)
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(self.tr("密码（至少 8 个字符）"))
        self.error = MessageLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("本次登记、分流等操作将记在以下账户名下："), self))
        layout.addWidget(self.combo)
        layout.addWidget(self.new_name)
        layout.addWidget(self.new_password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.combo.currentIndexChanged.connect(self._on_choice)
        self._on_choice()

    def _on_choice(self) -> None:
        creating = self.combo.currentData() is None
        self.new_name.setVisible(creating)
        self.new_password.setVisible(creating)
        if creating:
            self.new_name.setFocus()

    def accept(self) -> None:
        from mediation_desk.services.accounts import create_first_account

        chosen = self.combo.currentData()
        if chosen is not None:
            self._chosen(chosen)
            return
        name, password = self.new_name.text(), self.new_password.text()
        self.ctx.ops.run(
            self,
            lambda uow: create_first_account(uow, name=name, password=password),
            on_success=self._chosen,
            on_failure=self._refused,
            busy=self.tr("正在新建账户…"),
            disable=[self.ok_button],
        )

    def _chosen(self, operator: Actor) -> None:
        self.chosen = operator
        super().accept()

    def _refused(self, error: DeskError) -> bool:
        from mediation_desk.domain.issues import FieldIssue

        self.error.show_issue(FieldIssue("name", "operator", error.message))
        return True
