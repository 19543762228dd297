"""账户管理's dialogs: a new account (name, roles, the mediator it is, an initial password
typed twice), an account's roles and mediator, and a new password for an account.

Each dialog runs its change through ``ctx.ops`` and stays open with the core's refusal shown
in red (a name already used, the centre's last administrator …); it closes on success. The
password policy is the core's (``services.accounts.password_problem``), shown while typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.issues import FieldIssue
from mediation_desk.domain.roles import MATRIX, Role
from ui.widgets.field_box import FieldBox, MessageLabel
from ui.widgets.password_fields import PasswordFields

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.services.accounts import AccountView
    from mediation_desk.services.reference import MediatorView
    from ui.context import AppContext

_HINT_STYLE = "color: #475467;"


def _issue(message: str | None) -> FieldIssue | None:
    return FieldIssue("form", "service", message) if message else None


class RolesBox(QGroupBox):
    """One checkbox per role (an account may hold several), and the mediator it is when it
    holds 调解员: the mediator's own cases are where it sees full ID numbers."""

    def __init__(self, mediators: list[MediatorView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("角色（可多选）"))
        self.checks: dict[Role, QCheckBox] = {}
        column = QVBoxLayout(self)
        for role in Role:
            check = QCheckBox(role.label, self)
            check.setToolTip("、".join(sorted(p.label for p in MATRIX[role])))
            check.toggled.connect(self._on_role_toggled)
            self.checks[role] = check
            column.addWidget(check)
        self.mediator = QComboBox(self)
        self.mediator.addItem(self.tr("（不对应调解员）"), None)
        for m in mediators:
            self.mediator.addItem(m.name, m.id)
        self.mediator_box = FieldBox(self.tr("对应的调解员"), self.mediator, self)
        hint = QLabel(self.tr("调解员账户可查看本人承办案件的完整证件号码。"), self)
        hint.setStyleSheet(_HINT_STYLE)
        hint.setWordWrap(True)
        column.addWidget(self.mediator_box)
        column.addWidget(hint)
        self._on_role_toggled()

    def roles(self) -> frozenset[Role]:
        return frozenset(r for r, c in self.checks.items() if c.isChecked())

    def set_roles(self, roles: frozenset[Role], mediator_id: int | None) -> None:
        for role, check in self.checks.items():
            check.setChecked(role in roles)
        index = self.mediator.findData(mediator_id)
        self.mediator.setCurrentIndex(max(index, 0))

    def mediator_id(self) -> int | None:
        if Role.MEDIATOR not in self.roles():
            return None
        value = self.mediator.currentData()
        return int(value) if value is not None else None

    @Slot()
    def _on_role_toggled(self) -> None:
        self.mediator_box.setEnabled(self.checks[Role.MEDIATOR].isChecked())


class _ChangeDialog(QDialog):
    """OK runs the change; the dialog stays open with the refusal shown, closes on success."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.error = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        raise NotImplementedError  # each dialog says what OK does

    def refuse(self, message: str) -> None:
        self.error.show_issue(_issue(message))

    def submit(self, fn: Callable[[Any], object]) -> None:
        self.error.show_issue(None)

        def refused(error: DeskError) -> bool:
            self.refuse(error.message)
            return True

        def done(value: object) -> None:
            self.result_value = value
            self.accept()

        self.ctx.ops.run(
            self,
            fn,
            on_success=done,
            on_failure=refused,
            title=self.windowTitle(),
            busy=self.tr("正在保存…"),
            disable=[self.ok_button],
        )


class NewAccountDialog(_ChangeDialog):
    """新建账户: the name, its roles, the mediator it is, and an initial password (the account
    must change it at its first sign-in when the core says so)."""

    def __init__(
        self, ctx: AppContext, mediators: list[MediatorView], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("新建账户"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("登录名，如：王丽"))
        self.roles = RolesBox(mediators, self)
        self.passwords = PasswordFields(self.tr("初始密码"), self)
        self.name.textChanged.connect(self.passwords.set_name)
        column = QVBoxLayout(self)
        column.addWidget(FieldBox(self.tr("账户名"), self.name, self, required=True))
        column.addWidget(self.roles)
        column.addWidget(self.passwords)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.accounts import create_account

        problem = self.passwords.problem()
        if problem:
            self.refuse(problem)
            return
        name, password = self.name.text(), self.passwords.password()
        roles, mediator_id = self.roles.roles(), self.roles.mediator_id()
        self.submit(
            lambda uow: create_account(
                uow, name=name, password=password, roles=roles, mediator_id=mediator_id
            )
        )


class EditAccountDialog(_ChangeDialog):
    """An account's roles and the mediator it is (its name and password stay)."""

    def __init__(
        self,
        ctx: AppContext,
        account: AccountView,
        mediators: list[MediatorView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("修改账户 — {0}").format(account.name))
        self.account = account
        self.roles = RolesBox(mediators, self)
        self.roles.set_roles(account.roles, account.mediator_id)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(self.tr("账户名：{0}").format(account.name), self))
        column.addWidget(self.roles)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.accounts import update_account

        account_id, active = self.account.id, self.account.active
        roles, mediator_id = self.roles.roles(), self.roles.mediator_id()
        self.submit(
            lambda uow: update_account(
                uow, account_id=account_id, roles=roles, mediator_id=mediator_id, active=active
            )
        )


class ResetPasswordDialog(_ChangeDialog):
    """重置密码: a new password typed twice; the account must change it at its next sign-in."""

    def __init__(
        self, ctx: AppContext, account: AccountView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("重置密码 — {0}").format(account.name))
        self.account = account
        self.passwords = PasswordFields(self.tr("新密码"), self)
        self.passwords.set_name(account.name)
        note = QLabel(self.tr("该账户下次登录时须修改此密码。"), self)
        note.setStyleSheet(_HINT_STYLE)
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("账户名：{0}").format(account.name), self))
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.passwords)
        column.addWidget(note)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.accounts import set_password

        problem = self.passwords.problem()
        if problem:
            self.refuse(problem)
            return
        account_id, password = self.account.id, self.passwords.password()
        self.submit(
            lambda uow: set_password(
                uow, account_id=account_id, password=password, must_change=True
            )
        )
