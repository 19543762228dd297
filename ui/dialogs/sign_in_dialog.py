"""登录: who is at the counter, proved by their password (every change is recorded and checked
under that account).

Keyboard first: the cursor starts in the account name, Enter moves to the password, Enter
signs in. On a demo centre a table lists the demo accounts (one per role) with their
passwords; a double-click fills them in. After repeated wrong passwords the core slows the
account down and the dialog counts the wait down with the button disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..widgets.field_box import MessageLabel
from ..widgets.retry_countdown import RetryCountdown

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor
    from mediation_desk.errors import DeskError
    from ui.context import AppContext


class SignInDialog(QDialog):
    """Sign in (at start, after 退出登录) or switch to another account (``switching``: the
    current account is signed out only once the other one's password is right)."""

    #: The account signed in (an ``Actor``); the dialog then closes as accepted.
    signed_in = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        name: str = "",
        centre_name: str = "",
        switching: bool = False,
    ) -> None:
        super().__init__(parent)
        from mediation_desk.services.accounts import demo_accounts, sign_in_names

        self.ctx = ctx
        self.actor: Actor | None = None
        self.switching = switching
        self.setWindowTitle(self.tr("切换账户") if switching else self.tr("登录"))
        self.setMinimumWidth(420)

        heading = QLabel(centre_name or self.tr("矛盾纠纷多元化解中心 · 一窗受理"), self)
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        heading.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        current = ctx.ops.actor
        if switching and current is not None:
            self.note.setText(
                self.tr("输入另一账户的密码；成功后“{0}”退出登录。").format(current.name)
            )
        else:
            self.note.setText(self.tr("请输入账户名和密码。"))

        self.name = QComboBox(self)
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.addItems(ctx.ops.read(sign_in_names))
        self.name.setEditText(name)
        name_edit = self.name.lineEdit()
        assert name_edit is not None  # an editable combo has one
        name_edit.setPlaceholderText(self.tr("账户名"))
        self.name_message = MessageLabel(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.password_message = MessageLabel(self)
        self.wait_label = QLabel(self)
        self.wait_label.hide()

        self.sign_in_button = QPushButton(self.tr("登录"), self)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(
            self.tr("取消") if switching else self.tr("退出"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.countdown = RetryCountdown(self.sign_in_button, self.wait_label, self)
        self.checking = False  # a sign-in is being checked: Enter again does nothing

        form = QFormLayout()
        form.addRow(self.tr("账户名"), self.name)
        form.addRow("", self.name_message)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.password_message)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.wait_label)
        self.demo_table: QTableWidget | None = None
        demo = ctx.ops.read(demo_accounts)
        if demo:
            self.demo_table = self._demo_table(demo)
            hint = QLabel(self.tr("演示中心账户（双击填入）："), self)
            layout.addWidget(hint)
            layout.addWidget(self.demo_table)
        layout.addWidget(buttons)

        # Enter in the name moves on to the password; Enter in the password signs in.
        self.name.installEventFilter(self)
        name_edit.installEventFilter(self)
        self.password.returnPressed.connect(self.submit)
        self.name.setFocus()
        if name:
            self.password.setFocus()

    def _demo_table(self, demo: list[tuple[str, str, str]]) -> QTableWidget:
        table = QTableWidget(len(demo), 3, self)
        table.setObjectName("demoAccounts")
        table.setHorizontalHeaderLabels([self.tr("账户"), self.tr("角色"), self.tr("密码")])
        for row, (account, password, roles) in enumerate(demo):
            for column, text in enumerate((account, roles, password)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, column, item)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes name → password → 登录
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMaximumHeight(table.horizontalHeader().height() + 30 * len(demo) + 4)
        table.cellDoubleClicked.connect(self._on_demo_table_cell_double_clicked)
        return table

    def _on_demo_table_cell_double_clicked(self, row: int, _column: int) -> None:
        assert self.demo_table is not None
        self.fill_demo_account(row)

    def fill_demo_account(self, row: int) -> None:
        """Put demo account ``row``'s name and password in the fields (Enter then signs in)."""
        assert self.demo_table is not None
        name, password = self.demo_table.item(row, 0), self.demo_table.item(row, 2)
        if name is None or password is None:
            return
        self.name.setEditText(name.text())
        self.password.setText(password.text())
        self._clear_messages()
        self.password.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.name.view().isVisible()
        ):
            self.password.setFocus()
            self.password.selectAll()
            return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        """Ask the core to sign in; the answer arrives in ``_on_signed_in`` or ``_refused``."""
        from mediation_desk.services.accounts import sign_in

        if self.countdown.running or self.checking:
            return  # a second Enter while the first is checked would sign in twice
        self._clear_messages()
        name, password = self.name.currentText(), self.password.text()
        if not name.strip():
            self.name_message.say(self.tr("请输入账户名"))
            self.name.setFocus()
            return
        if not password:
            self.password_message.say(self.tr("请输入密码"))
            self.password.setFocus()
            return
        self.checking = True
        self.ctx.ops.run(
            self,
            lambda uow: sign_in(uow, name=name, password=password),
            on_success=self._on_signed_in,
            on_failure=self._refused,
            on_finished=self._on_check_finished,
            title=self.windowTitle(),
            busy=self.tr("正在登录…"),
            disable=[self.sign_in_button],
        )

    def _on_check_finished(self) -> None:
        self.checking = False

    def _on_signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.password.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: DeskError) -> bool:
        return self.countdown.refuse(error, self.password, self.password_message)

    def _clear_messages(self) -> None:
        self.name_message.say(None)
        self.password_message.say(None)
