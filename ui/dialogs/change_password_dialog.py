"""修改密码: the signed-in account changes its own password (the old one proves it is them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets.field_box import FieldBox
from ..widgets.password_fields import PasswordFields

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from ui.context import AppContext


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, note: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = False
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(420)
        name = ctx.ops.actor.name if ctx.ops.actor is not None else ""
        heading = QLabel(note or self.tr("修改账户“{0}”的密码。").format(name), self)
        heading.setWordWrap(True)
        self.old = QLineEdit(self)
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        self.old_box = FieldBox(self.tr("原密码"), self.old, self, required=True)
        self.passwords = PasswordFields(
            self.tr("新密码"), self, repeat_caption=self.tr("再次输入新密码")
        )
        self.passwords.set_name(name)
        self.save_button = QPushButton(self.tr("修改"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.old_box)
        layout.addWidget(self.passwords)
        layout.addWidget(buttons)
        self.old.returnPressed.connect(self.passwords.first.setFocus)
        self.passwords.submitted.connect(self.submit)
        self.old.setFocus()

    def _check(self) -> bool:
        usable = self.passwords.check()
        if not self.old.text():
            self.old_box.say(self.tr("请输入原密码"))
            return False
        return usable

    def submit(self) -> None:
        from mediation_desk.services.accounts import change_own_password

        self.old_box.say(None)
        if not self._check():
            return
        old, new = self.old.text(), self.passwords.password()
        self.ctx.ops.run(
            self,
            lambda uow: change_own_password(uow, old_password=old, new_password=new),
            on_success=self._on_changed,
            on_failure=self._refused,
            title=self.windowTitle(),
            busy=self.tr("正在修改密码…"),
            disable=[self.save_button],
        )

    def _on_changed(self, _result: object) -> None:
        self.changed = True
        self.ctx.ops.notice.emit(self.tr("密码已修改"))
        self.accept()

    def _refused(self, error: DeskError) -> bool:
        self.old.clear()
        self.old.setFocus()
        self.old_box.say(error.message)
        return True
