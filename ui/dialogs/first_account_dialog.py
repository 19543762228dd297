"""创建管理员账户: the centre's first account, made at the first start (there is never a default
password). The administrator keeps accounts, settings, backups and the audit; in a township
centre the same person usually also works the cases, hence the 中心主任 box ticked by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
    from mediation_desk.domain.actor import Actor
    from mediation_desk.errors import DeskError
    from ui.context import AppContext


class FirstAccountDialog(QDialog):
    """Name, password twice (checked as typed), and whether the administrator also directs."""

    #: The new administrator, signed in (an ``Actor``).
    signed_in = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("创建管理员账户"))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "本中心还没有管理员账户。请创建第一个账户：它负责账户、中心设置、备份和操作审计，"
                "并用它登录。之后可在“账户管理”中为其他工作人员建立账户。"
            ),
            self,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(name, self)
        self.name.setPlaceholderText(self.tr("如：张三"))
        self.name_message = MessageLabel(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_message = MessageLabel(self)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_message = MessageLabel(self)
        self.director = QCheckBox(self.tr("同时担任中心主任（办理案件）"), self)
        self.director.setChecked(True)
        explain = QLabel(
            self.tr(
                "乡镇（街道）中心往往只有一两名工作人员：勾选后，这个账户既管理系统，"
                "也能登记、分流、调解和督办案件。若由专人管理系统、不办理案件，请取消勾选。"
            ),
            self,
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")

        self.create_button = QPushButton(self.tr("创建并登录"), self)
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("账户名"), self.name)
        form.addRow("", self.name_message)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.password_message)
        form.addRow(self.tr("再次输入密码"), self.repeat)
        form.addRow("", self.repeat_message)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.director)
        layout.addWidget(explain)
        layout.addWidget(buttons)

        for field in (self.name, self.password, self.repeat):
            field.textChanged.connect(self._check_as_typed)
        self.name.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.submit)
        self.name.setFocus()

    def _check_as_typed(self) -> None:
        """Say what is wrong with the password while it is typed (not before)."""
        self._check(typed_only=True)

    def _check(self, *, typed_only: bool) -> bool:
        from mediation_desk.services.accounts import password_problem

        name, password, repeat = self.name.text(), self.password.text(), self.repeat.text()
        ok = True
        if not name.strip():
            ok = False
            self.name_message.say(None if typed_only else self.tr("请输入账户名"))
        else:
            self.name_message.say(None)
        problem = password_problem(password, name=name)
        if problem is not None:
            ok = False
        if typed_only and not password:
            self.password_message.say(None)
        elif problem is not None:
            self.password_message.say(problem)
        else:
            self.password_message.say(self.tr("密码可以使用"), good=True)
        if repeat != password:
            ok = False
        if repeat != password and (bool(repeat) or not typed_only):
            self.repeat_message.say(self.tr("两次输入的密码不一致"))
        else:
            self.repeat_message.say(None)
        return ok

    def submit(self) -> None:
        from mediation_desk.domain.roles import Role
        from mediation_desk.services.accounts import create_first_account

        if not self._check(typed_only=False):
            return
        name, password = self.name.text(), self.password.text()
        roles = frozenset(
            {Role.ADMIN, Role.DIRECTOR} if self.director.isChecked() else {Role.ADMIN}
        )
        self.ctx.ops.run(
            self,
            lambda uow: create_first_account(uow, name=name, password=password, roles=roles),
            on_success=self._on_created,
            on_failure=self._refused,
            title=self.windowTitle(),
            busy=self.tr("正在创建账户…"),
            disable=[self.create_button],
        )

    def _on_created(self, actor: Actor) -> None:
        self.actor = actor
        self.password.clear()
        self.repeat.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: DeskError) -> bool:
        self.name_message.say(error.message)
        return True
