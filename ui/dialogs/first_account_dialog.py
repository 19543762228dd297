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
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets.field_box import FieldBox
from ..widgets.password_fields import PasswordFields

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
        self.name_box = FieldBox(self.tr("账户名"), self.name, self, required=True)
        self.passwords = PasswordFields(
            self.tr("密码"), self, repeat_caption=self.tr("再次输入密码")
        )
        self.passwords.set_name(name)
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

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name_box)
        layout.addWidget(self.passwords)
        layout.addWidget(self.director)
        layout.addWidget(explain)
        layout.addWidget(buttons)

        self.name.textChanged.connect(self._on_name_changed)
        self.name.returnPressed.connect(self.passwords.first.setFocus)
        self.passwords.submitted.connect(self.submit)
        self.name.setFocus()

    def _on_name_changed(self, name: str) -> None:
        """The policy refuses a password that repeats the name: re-check as the name changes."""
        if name.strip():
            self.name_box.say(None)
        self.passwords.set_name(name)

    def _check(self) -> bool:
        usable = self.passwords.check()
        if not self.name.text().strip():
            self.name_box.say(self.tr("请输入账户名"))
            return False
        return usable

    def submit(self) -> None:
        from mediation_desk.domain.roles import Role
        from mediation_desk.services.accounts import create_first_account

        if not self._check():
            return
        name, password = self.name.text(), self.passwords.password()
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
        self.passwords.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: DeskError) -> bool:
        self.name_box.say(error.message)
        return True
