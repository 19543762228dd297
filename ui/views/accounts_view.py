"""设置 › 账户管理 (系统管理员 only): every account with its roles, the mediator it is, whether
it is in use, its last sign-in and the state of its password; 新建账户…, 修改角色…, 停用/启用
and 重置密码…. Every change goes through ``services.accounts`` by ``ctx.ops``; a refusal (the
centre's last administrator, a name already used …) is shown in red beside the buttons or in
the dialog that caused it. The page reads again when accounts or mediators change anywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mediation_desk.domain.changes import Entity
from ui.widgets.field_box import ERROR_STYLE, OK_STYLE
from ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.errors import DeskError
    from mediation_desk.services.accounts import AccountView
    from mediation_desk.services.reference import MediatorView
    from ui.context import AppContext

#: What this page shows: the accounts (operator rows) and the mediators they may be.
_SHOWS = frozenset({Entity.OPERATOR, Entity.MEDIATOR})
_HINT_STYLE = "color: #475467;"
_INACTIVE_COLOUR = "#98a2b3"


def password_text(account: AccountView) -> str:
    if not account.has_password:
        return "未设置"
    return "需修改" if account.must_change_password else "已设置"


def account_cells(account: AccountView) -> list[str]:
    last = account.last_sign_in_at
    return [
        account.name,
        account.roles_text,
        account.mediator_name or "",
        "启用" if account.active else "停用",
        f"{last:%Y-%m-%d %H:%M}" if last is not None else "从未登录",
        password_text(account),
    ]


class AccountsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.accounts: list[AccountView] = []
        self.mediators: list[MediatorView] = []
        self.table = RecordTable(
            self,
            [
                self.tr("账户名"),
                self.tr("角色"),
                self.tr("对应调解员"),
                self.tr("状态"),
                self.tr("上次登录"),
                self.tr("密码"),
            ],
        )
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        hint = QLabel(
            self.tr(
                "一个账户可兼任多个角色（如乡镇中心的调解员兼中心主任、系统管理员）。"
                "停用的账户不能登录，其历史操作记录保留。中心至少保留一个启用的系统管理员。"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(_HINT_STYLE)
        self.new_button = QPushButton(self.tr("新建账户…"), self)
        self.edit_button = QPushButton(self.tr("修改角色…"), self)
        self.active_button = QPushButton(self.tr("停用"), self)
        self.password_button = QPushButton(self.tr("重置密码…"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.password_button.clicked.connect(self._on_password_button_clicked)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.active_button, self.password_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()

    # --- loading -----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.accounts import list_accounts
        from mediation_desk.services.reference import list_mediators

        self.accounts, self.mediators = self.ctx.ops.read(
            lambda uow: (list_accounts(uow), list_mediators(uow))
        )
        self.table.fill([(a.id, account_cells(a)) for a in self.accounts])
        inactive = QColor(_INACTIVE_COLOUR)
        for r, account in enumerate(self.accounts):
            if not account.active:  # kept for the history, but out of use: greyed
                for c in range(self.table.columnCount()):
                    if (item := self.table.item(r, c)) is not None:
                        item.setForeground(inactive)
        for c in range(self.table.columnCount() - 1):  # breathing room; the last one stretches
            self.table.setColumnWidth(c, self.table.columnWidth(c) + 16)
        self._on_table_selection_changed()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.reference & _SHOWS:
            self.reload()

    def selected(self) -> AccountView | None:
        chosen = self.table.selected_id()
        return next((a for a in self.accounts if a.id == chosen), None)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        account = self.selected()
        for b in (self.edit_button, self.active_button, self.password_button):
            b.setEnabled(account is not None)
        self.active_button.setText(
            self.tr("启用") if account is not None and not account.active else self.tr("停用")
        )

    # --- messages ----------------------------------------------------------------------------

    def show_done(self, text: str) -> None:
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText("✔ " + text)

    def show_refused(self, error: DeskError) -> bool:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText("✖ " + error.message)
        return True

    # --- actions -----------------------------------------------------------------------------

    def new_account_dialog(self) -> QDialog:
        from ui.dialogs.account_dialog import NewAccountDialog

        return NewAccountDialog(self.ctx, self.mediators, self)

    def edit_account_dialog(self, account: AccountView) -> QDialog:
        from ui.dialogs.account_dialog import EditAccountDialog

        return EditAccountDialog(self.ctx, account, self.mediators, self)

    def reset_password_dialog(self, account: AccountView) -> QDialog:
        from ui.dialogs.account_dialog import ResetPasswordDialog

        return ResetPasswordDialog(self.ctx, account, self)

    def _run_dialog(self, dialog: QDialog, done: str) -> None:
        self.message.clear()
        if dialog.exec():
            self.reload()
            self.show_done(done)
        dialog.deleteLater()

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self._run_dialog(self.new_account_dialog(), self.tr("已新建账户"))

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        if (account := self.selected()) is not None:
            self._run_dialog(
                self.edit_account_dialog(account), self.tr("已修改“{0}”").format(account.name)
            )

    @Slot()
    def _on_password_button_clicked(self) -> None:
        if (account := self.selected()) is not None:
            self._run_dialog(
                self.reset_password_dialog(account),
                self.tr("已重置“{0}”的密码，下次登录时须修改").format(account.name),
            )

    @Slot()
    def _on_active_button_clicked(self) -> None:
        if (account := self.selected()) is not None:
            self.set_active(account, not account.active)

    def set_active(self, account: AccountView, active: bool) -> None:
        """停用 or 启用 ``account``, keeping its roles and mediator."""
        from mediation_desk.services.accounts import update_account

        self.message.clear()
        done = (self.tr("已启用“{0}”") if active else self.tr("已停用“{0}”")).format(account.name)

        def saved(_view: object) -> None:
            self.reload()
            self.show_done(done)

        self.ctx.ops.run(
            self,
            lambda uow: update_account(
                uow,
                account_id=account.id,
                roles=account.roles,
                mediator_id=account.mediator_id,
                active=active,
            ),
            on_success=saved,
            on_failure=self.show_refused,
            busy=self.tr("正在保存…"),
            disable=[self.active_button],
        )
