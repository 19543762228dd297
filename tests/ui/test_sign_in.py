"""Sign-in at the window: the first account at the first start, wrong passwords told beside
the field, the slow-down counted down, switching account, signing out."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from mediation_desk.domain.roles import Role
from mediation_desk.services.accounts import create_account, set_password
from mediation_desk.settings import load_settings
from tests.conftest import TEST_ACCOUNT, TEST_PASSWORD
from tests.desk import run
from ui.dialogs.first_account_dialog import FirstAccountDialog
from ui.dialogs.sign_in_dialog import SignInDialog
from ui.main_window import MainWindow
from ui.operations import InlineExecutor
from ui.widgets.retry_countdown import RetryCountdown

ADMIN_PASSWORD = "Lanhua-2024-admin"
CLERK_PASSWORD = "Qingshan-2024-clerk"


@pytest.fixture
def open_window(qtbot, tmp_path, sqlite_url, sqlite_db):  # type: ignore[no-untyped-def]
    """The window on the test centre, its actions inline; refusals recorded, not shown."""

    def make(operator_name: str = "") -> MainWindow:
        window = MainWindow(
            load_settings(data_dir=tmp_path / "data", database_url=sqlite_url),
            operator_name=operator_name,
            executor=InlineExecutor(),
        )
        qtbot.addWidget(window)
        window.show()
        window.open_database()
        assert window.ctx is not None
        window.ctx.ops.shown = []  # type: ignore[attr-defined]
        window.ctx.ops.show_error = lambda _p, _t, message: window.ctx.ops.shown.append(message)  # type: ignore[union-attr]
        return window

    return make


@pytest.fixture
def accounts(sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    """The test centre's account (every role) and a clerk, both able to sign in."""
    admin = sqlite_centre.actor
    clerk = run(
        sqlite_db,
        create_account,
        name="李登记",
        password=CLERK_PASSWORD,
        roles=frozenset({Role.CLERK}),
        actor=admin,
    )
    # (the clerk's own password, not one the administrator chose: no change asked)
    run(
        sqlite_db,
        set_password,
        account_id=clerk.id,
        password=CLERK_PASSWORD,
        must_change=False,
        actor=admin,
    )
    return admin


def prompt(window: MainWindow) -> SignInDialog:
    assert window.session is not None
    dialog = window.session.prompt
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    return dialog


def shows_pages(window: MainWindow) -> bool:
    return window.screens.currentWidget() is window.workspace


def test_first_start_creates_the_administrator_and_signs_in(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert window.session is not None
    dialog = window.session.prompt
    assert isinstance(dialog, FirstAccountDialog) and dialog.isVisible()
    assert not shows_pages(window) and not window.pages_built  # no case read before sign-in
    assert not window.actions_by_name["cases"].isEnabled()
    assert dialog.director.isChecked()  # a township centre: one person does both

    dialog.name.setText("张三")
    passwords = dialog.passwords
    passwords.first.setText("abc")
    assert passwords.first_box.message.isVisible()  # the policy, live
    assert passwords.first_box.message.text().startswith("✖")
    passwords.first.setText(ADMIN_PASSWORD)
    assert passwords.first_box.message.text().startswith("✔")
    passwords.second.setText(ADMIN_PASSWORD + "x")
    assert "不一致" in passwords.second_box.message.text()
    dialog.submit()
    assert window.ctx is not None and window.ctx.ops.actor is None  # nothing created
    passwords.second.setText(ADMIN_PASSWORD)
    dialog.submit()

    actor = window.ctx.ops.actor
    assert actor is not None and actor.name == "张三"
    assert actor.roles >= {Role.ADMIN, Role.DIRECTOR}
    assert shows_pages(window) and window.current_page_key() == "today"
    assert window.account_label.text() == "账户：张三（中心主任、系统管理员）"
    assert all(a.isEnabled() for a in window.actions_by_name.values())
    assert window.session.prompt is None


def test_a_wrong_password_is_told_beside_the_field(open_window, accounts) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    dialog = prompt(window)
    assert "李登记" in [dialog.name.itemText(i) for i in range(dialog.name.count())]
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.name.setEditText("李登记")
    dialog.password.setText("not-the-password")
    dialog.submit()
    assert window.ctx is not None and window.ctx.ops.actor is None
    assert dialog.password_message.isVisible() and dialog.password_message.text()
    assert dialog.password.text() == ""  # typed again, not kept
    assert window.ctx.ops.shown == []  # beside the field, not in a box  # type: ignore[attr-defined]
    assert not shows_pages(window)

    dialog.password.setText(CLERK_PASSWORD)
    dialog.submit()
    assert window.ctx.ops.actor is not None and window.ctx.ops.actor.name == "李登记"
    assert window.account_label.text() == "账户：李登记（登记员）"
    assert not dialog.isVisible()


def test_enter_moves_from_the_name_to_the_password_then_signs_in(  # type: ignore[no-untyped-def]
    qtbot, open_window, accounts
) -> None:
    from PySide6.QtCore import Qt

    window = open_window()
    dialog = prompt(window)
    dialog.activateWindow()
    dialog.name.setEditText(TEST_ACCOUNT)  # (QTest types ASCII only)
    qtbot.keyClick(dialog.name.lineEdit(), Qt.Key.Key_Return)
    assert window.ctx is not None and window.ctx.ops.actor is None  # Enter did not sign in
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.ctx.ops.actor is not None and window.ctx.ops.actor.name == TEST_ACCOUNT


def test_a_slowed_down_account_counts_the_wait_down(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, open_window, accounts
) -> None:
    monkeypatch.setattr(RetryCountdown, "tick_ms", 5)
    window = open_window()
    dialog = prompt(window)
    dialog.name.setEditText("李登记")
    for _attempt in range(12):
        dialog.password.setText("wrong-password")
        dialog.submit()
        if dialog.countdown.running:
            break
    assert dialog.countdown.running
    assert "秒后再试" in dialog.wait_label.text() and dialog.wait_label.isVisible()
    assert not dialog.sign_in_button.isEnabled()
    dialog.password.setText(CLERK_PASSWORD)
    dialog.submit()  # ignored while the wait runs
    assert window.ctx is not None and window.ctx.ops.actor is None
    qtbot.waitUntil(lambda: not dialog.countdown.running, timeout=5000)
    assert dialog.sign_in_button.isEnabled() and not dialog.wait_label.isVisible()


def test_switching_account_needs_the_other_accounts_password(open_window, accounts) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert window.session is not None
    window.session.enter(accounts)
    changes: list[object] = []
    assert window.ctx is not None
    window.ctx.ops.actor_changed.connect(changes.append)
    window.actions_by_name["switch_account"].trigger()
    dialog = next(d for d in window.findChildren(SignInDialog) if d.isVisible())
    assert dialog.switching and dialog.windowTitle() == "切换账户"
    dialog.name.setEditText("李登记")
    dialog.password.setText(TEST_PASSWORD)  # the current account's password is not enough
    dialog.submit()
    assert window.ctx.ops.actor == accounts and changes == []
    dialog.password.setText(CLERK_PASSWORD)
    dialog.submit()
    actor = window.ctx.ops.actor
    assert actor is not None and actor.name == "李登记" and actor.roles == {Role.CLERK}
    assert [getattr(c, "name", None) for c in changes] == ["李登记"]
    assert window.account_label.text() == "账户：李登记（登记员）"
    assert shows_pages(window)


def test_signing_out_brings_the_sign_in_back_and_cancelling_it_quits(  # type: ignore[no-untyped-def]
    open_window, accounts
) -> None:
    window = open_window()
    assert window.session is not None and window.ctx is not None
    window.session.enter(accounts)
    window.search.setText("王")
    window.actions_by_name["sign_out"].trigger()
    assert window.ctx.ops.actor is None
    assert not shows_pages(window) and not window.toolbar.isVisible()
    assert window.account_label.text() == "未登录"
    assert not window.actions_by_name["cases"].isEnabled()
    dialog = prompt(window)
    dialog.name.setEditText(TEST_ACCOUNT)
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    assert shows_pages(window) and window.search.text() == ""  # the last person's search
    window.actions_by_name["sign_out"].trigger()
    prompt(window).reject()
    assert not window.isVisible()  # cancelling the sign-in quits


def test_the_own_password_is_changed_with_the_old_one(  # type: ignore[no-untyped-def]
    monkeypatch, open_window, accounts, sqlite_db
) -> None:
    from mediation_desk.services.accounts import sign_in
    from ui.dialogs.change_password_dialog import ChangePasswordDialog

    window = open_window()
    assert window.session is not None and window.ctx is not None
    window.session.enter(accounts)
    seen: list[ChangePasswordDialog] = []
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda self: seen.append(self) or 0)
    window.actions_by_name["change_password"].trigger()
    dialog = seen[0]
    dialog.old.setText("not-it-at-all")
    dialog.passwords.first.setText("Xinmima-2025-zm")
    dialog.passwords.second.setText("Xinmima-2025-zm")
    dialog.submit()
    assert not dialog.changed and not dialog.old_box.message.isHidden()
    dialog.old.setText(TEST_PASSWORD)
    dialog.submit()
    assert dialog.changed
    assert (
        run(sqlite_db, sign_in, name=TEST_ACCOUNT, password="Xinmima-2025-zm").name == TEST_ACCOUNT
    )


@pytest.fixture
def demo_window(qtbot, tmp_path, sqlite_url, sqlite_db):  # type: ignore[no-untyped-def]
    """The window on a small demo centre (``--demo 30``), as a scripted run starts it."""

    def make(operator_name: str = "") -> MainWindow:
        window = MainWindow(
            load_settings(data_dir=tmp_path / "data", database_url=sqlite_url),
            demo_cases=30,
            operator_name=operator_name,
            executor=InlineExecutor(),
        )
        qtbot.addWidget(window)
        window.show()
        window.open_database()
        return window

    return make


def test_a_demo_centre_lists_its_accounts_and_a_double_click_fills_them_in(  # type: ignore[no-untyped-def]
    demo_window,
) -> None:
    from mediation_desk.services.accounts import DEMO_ACCOUNTS

    window = demo_window()
    dialog = prompt(window)
    table = dialog.demo_table
    assert table is not None and table.rowCount() == len(DEMO_ACCOUNTS)
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert ("演示调解员", "调解员", "demo-1234") in rows
    row = next(r for r, cells in enumerate(rows) if cells[0] == "演示调解员")
    table.cellDoubleClicked.emit(row, 0)
    assert dialog.name.currentText() == "演示调解员" and dialog.password.text() == "demo-1234"
    dialog.submit()
    assert window.ctx is not None and window.ctx.ops.actor is not None
    assert window.ctx.ops.actor.roles == {Role.MEDIATOR}


def test_operator_signs_a_demo_account_in_without_a_dialog(demo_window) -> None:  # type: ignore[no-untyped-def]
    window = demo_window("演示中心主任")
    assert window.ctx is not None and window.ctx.ops.actor is not None
    assert window.ctx.ops.actor.name == "演示中心主任"
    assert shows_pages(window) and window.current_page_key() == "today"
    assert window.session is not None and window.session.prompt is None


def test_operator_only_fills_the_name_on_a_real_centre(open_window, accounts) -> None:  # type: ignore[no-untyped-def]
    window = open_window("李登记")
    dialog = prompt(window)
    assert dialog.name.currentText() == "李登记" and dialog.demo_table is None
    assert window.ctx is not None and window.ctx.ops.actor is None


def test_a_password_set_by_the_administrator_is_changed_first(  # type: ignore[no-untyped-def]
    open_window, accounts, sqlite_db
) -> None:
    from ui.dialogs.change_password_dialog import ChangePasswordDialog

    account = run(
        sqlite_db,
        create_account,
        name="王新人",
        password="Linshi-2024-pw",
        roles=frozenset({Role.MEDIATOR}),
        actor=accounts,
    )
    assert account.must_change_password
    window = open_window()
    dialog = prompt(window)
    dialog.name.setEditText("王新人")
    dialog.password.setText("Linshi-2024-pw")
    dialog.submit()
    QApplication.processEvents()  # the request comes once the pages show
    change = next(d for d in window.findChildren(ChangePasswordDialog) if d.isVisible())
    assert "临时密码" in change.findChild(QLabel).text()
    change.reject()  # declined: signed out again
    assert window.ctx is not None and window.ctx.ops.actor is None
    assert prompt(window).isVisible()


class HeldExecutor:
    """Keeps each job until ``release``: the worker thread is still checking the password."""

    def __init__(self) -> None:
        self.jobs: list = []  # type: ignore[type-arg]

    def start(self, job) -> None:  # type: ignore[no-untyped-def]
        self.jobs.append(job)

    def release(self) -> None:
        jobs, self.jobs = self.jobs, []
        for job in jobs:
            job()

    def wait(self) -> None:
        self.release()


def test_enter_twice_signs_in_once(qtbot, open_window, accounts) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window = open_window()
    dialog = prompt(window)
    held = HeldExecutor()
    window.ctx.ops.executor = held
    entered: list[object] = []
    enter = window.session.enter
    window.session.enter = lambda actor: (entered.append(actor), enter(actor))  # type: ignore[method-assign]
    dialog.name.setEditText(TEST_ACCOUNT)
    dialog.password.setText(TEST_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # while the first is checked
    assert len(held.jobs) == 1
    held.release()
    qtbot.waitUntil(lambda: len(entered) == 1)
    assert window.ctx.ops.shown == []
    assert shows_pages(window)
