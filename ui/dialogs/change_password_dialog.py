"""修改密码: the signed-in account changes its own password (the old one proves it is them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets.field_box import MessageLabel

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
        self.old = self._password_field()
        self.old_message = MessageLabel(self)
        self.new = self._password_field()
        self.new_message = MessageLabel(self)
        self.repeat = self._password_field()
        self.repeat_message = MessageLabel(self)
        self.save_button = QPushButton(self.tr("修改"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("原密码"), self.old)
        form.addRow("", self.old_message)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow("", self.new_message)
        form.addRow(self.tr("再次输入新密码"), self.repeat)
        form.addRow("", self.repeat_message)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.new.textChanged.connect(lambda: self._check(typed_only=True))
        self.repeat.textChanged.connect(lambda: self._check(typed_only=True))
        self.old.returnPressed.connect(self.new.setFocus)
        self.new.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.submit)
        self.old.setFocus()

    def _password_field(self) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _check(self, *, typed_only: bool) -> bool:
        from mediation_desk.services.accounts import password_problem

        name = self.ctx.ops.actor.name if self.ctx.ops.actor is not None else ""
        new, repeat = self.new.text(), self.repeat.text()
        problem = password_problem(new, name=name)
        if typed_only and not new:
            self.new_message.say(None)
        elif problem is not None:
            self.new_message.say(problem)
        else:
            self.new_message.say(self.tr("密码可以使用"), good=True)
        mismatch = repeat != new
        if mismatch and (bool(repeat) or not typed_only):
            self.repeat_message.say(self.tr("两次输入的密码不一致"))
        else:
            self.repeat_message.say(None)
        if not typed_only and not self.old.text():
            self.old_message.say(self.tr("请输入原密码"))
            return False
        return problem is None and not mismatch

    def submit(self) -> None:
        from mediation_desk.services.accounts import change_own_password

        self.old_message.say(None)
        if not self._check(typed_only=False):
            return
        old, new = self.old.text(), self.new.text()
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
        self.old_message.say(error.message)
        return True
