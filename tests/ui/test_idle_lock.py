"""The idle lock: after the set time without input every other window is hidden (a dialog
waiting for its answer is curtained instead), the window shows the centre and account name
only, and the password brings everything back as it was."""

from __future__ import annotations

import time
from unittest.mock import MagicMock

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from mediation_desk.services.intake import register_case
from mediation_desk.settings import load_settings
from tests.conftest import TEST_ACCOUNT, TEST_PASSWORD
from tests.desk import run
from tests.factories import two_party_draft
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.sign_in_dialog import SignInDialog
from ui.idle_lock import IdleWatcher, LockPage
from ui.main_window import MainWindow
from ui.operations import InlineExecutor

PASSWORD = TEST_PASSWORD


@pytest.fixture
def window(qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre) -> MainWindow:  # type: ignore[no-untyped-def]
    admin = sqlite_centre.actor
    win = MainWindow(
        load_settings(data_dir=tmp_path / "data", database_url=sqlite_url),
        executor=InlineExecutor(),
    )
    qtbot.addWidget(win)
    win.show()
    win.open_database()
    assert win.session is not None and win.ctx is not None
    win.ctx.ops.show_error = lambda *_args: None
    win.session.enter(admin)
    return win


@pytest.fixture
def case(sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    return run(sqlite_db, register_case, draft, actor=sqlite_centre.actor)


def idle_until_locked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The idle time shortened to 60 ms from now, then no input until the lock."""
    assert window.session is not None
    window.session.idle.set_interval(60)
    window.session.idle.start()
    qtbot.waitUntil(lambda: locked(window), timeout=3000)


def locked(window: MainWindow) -> bool:
    assert window.session is not None
    return window.session.lock.locked


def spontaneous_close() -> MagicMock:
    """A close event as the window system sends it (``spontaneous()``; Qt offers no way to
    send one from Python)."""
    event = MagicMock(spec=QCloseEvent)
    event.type.return_value = QEvent.Type.Close
    event.spontaneous.return_value = True
    return event


def visible_texts(widget) -> str:  # type: ignore[no-untyped-def]
    return " ".join(
        w.text()
        for w in widget.findChildren(QLabel) + widget.findChildren(QLineEdit)
        if w.isVisible() and w.text()
    )


def test_idle_time_locks_and_hides_the_case_windows(qtbot, window, case) -> None:  # type: ignore[no-untyped-def]
    assert window.ctx is not None and window.session is not None
    case_window = CaseDetailDialog(window.ctx, case.id, window)
    case_window.show()
    window.show_page("cases")
    window.search.setText("王")
    idle_until_locked(qtbot, window)

    page = window.session.lock.page
    assert window.screens.currentWidget() is page
    assert not case_window.isVisible()
    assert not window.case_list.isVisible() and not window.toolbar.isVisible()
    assert not window.actions_by_name["cases"].isEnabled()  # F5 shows nothing
    texts = visible_texts(window.screens)
    assert "测试区矛盾纠纷多元化解中心" in texts and f"账户：{TEST_ACCOUNT}" in texts
    assert case.number not in texts and "王" not in texts
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]

    page.password.setText("wrong-password")
    page.submit()
    assert locked(window) and page.message.isVisible()
    page.password.setText(PASSWORD)
    page.submit()
    assert not locked(window)
    assert case_window.isVisible()  # back as it was
    assert window.screens.currentWidget() is window.workspace
    assert window.current_page_key() == "cases" and window.search.text() == "王"
    assert window.session.idle.watching
    case_window.close()


def test_a_dialog_waiting_for_its_answer_is_curtained_not_ended(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.session is not None
    answer = QDialog(window)
    answer.setWindowModality(Qt.WindowModality.ApplicationModal)
    secret = QLineEdit("110105194912310020", answer)
    answer.resize(400, 300)
    answer.show()
    idle_until_locked(qtbot, window)

    curtain = window.session.lock.curtains[answer]
    assert answer.isVisible() and curtain.isVisible()  # still waiting for its answer
    assert curtain.geometry() == answer.rect() and not secret.isEnabled()
    shot = answer.grab().toImage()
    assert shot.pixelColor(QPoint(5, 5)) == curtain.palette().window().color()
    QApplication.sendEvent(
        curtain.password,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    )
    user_close = spontaneous_close()  # the window's ✕
    assert window.session.lock.eventFilter(answer, user_close)
    user_close.ignore.assert_called_once()
    assert answer.isVisible()  # neither Esc nor closing answers it unseen

    curtain.password.setText(PASSWORD)  # the dialog on top unlocks as well
    curtain.submit()
    assert not locked(window) and answer.isVisible() and secret.isEnabled()
    assert secret.text() == "110105194912310020"
    assert window.session.lock.curtains == {}
    answer.done(0)


def test_switching_account_from_the_lock_closes_the_windows(qtbot, window, case) -> None:  # type: ignore[no-untyped-def]
    assert window.ctx is not None and window.session is not None
    case_window = CaseDetailDialog(window.ctx, case.id, window)
    case_window.show()
    idle_until_locked(qtbot, window)
    window.session.lock.page.switch_button.click()
    dialog = next(d for d in window.findChildren(SignInDialog) if d.isVisible())
    dialog.reject()  # cancelled: still locked
    assert locked(window) and not case_window.isVisible()
    window.session.lock.page.switch_button.click()
    dialog = next(d for d in window.findChildren(SignInDialog) if d.isVisible())
    dialog.name.setEditText(TEST_ACCOUNT)
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert not locked(window) and window.screens.currentWidget() is window.workspace
    assert not case_window.isVisible()  # another sign-in: the earlier windows stay closed
    assert window.current_page_key() == "today"


def test_input_restarts_the_idle_time(qapp) -> None:  # type: ignore[no-untyped-def]
    watcher = IdleWatcher(60_000)
    watcher.start()
    watcher._last_restart -= 50  # as if the last input were 50 s ago
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    watcher.eventFilter(qapp, key)
    assert time.monotonic() - watcher._last_restart < 1
    assert watcher._timer.remainingTime() > 59_000
    watcher.stop()
    assert not watcher.watching


def test_no_lock_before_sign_in(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.session is not None
    window.actions_by_name["sign_out"].trigger()
    assert not window.session.idle.watching
    window.session.lock_now()
    assert not locked(window)
    assert isinstance(window.session.lock.page, LockPage)


def test_a_progress_dialog_ending_while_locked_does_not_stop_the_unlock(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A job's progress dialog is curtained by the lock; the job ends meanwhile and the app
    closes and deletes the dialog: it goes, and the password still unlocks."""
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog("正在备份…", "取消", 0, 0, window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    window.session.lock_now()
    lock = window.session.lock
    assert lock.locked and dialog in lock.curtains
    dialog.close()  # what Operation._end does
    assert not dialog.isVisible()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not lock.curtains)
    lock.page.password.setText(PASSWORD)
    lock.page.submit()
    assert not locked(window)


def test_a_locked_dialog_is_not_closed_by_the_user(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Only the app's own close goes through: a close from outside (the window's ✕) would
    answer the dialog unseen."""
    dialog = QDialog(window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    window.session.lock_now()
    assert window.session.lock.eventFilter(dialog, spontaneous_close())  # refused
    dialog.close()  # the app's own: goes through
    assert not dialog.isVisible()


def test_enter_twice_on_the_lock_page_checks_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A second Enter while the password is checked would count a second failure."""
    from tests.ui.test_sign_in import HeldExecutor

    held = HeldExecutor()
    window.ctx.ops.executor = held
    window.session.lock_now()
    page = window.session.lock.page
    page.password.setText("wrong-password-1")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert len(held.jobs) == 1
    held.release()
    assert locked(window) and not page.checking
    page.password.setText(PASSWORD)
    page.submit()
    held.release()
    assert not locked(window)


def test_a_huge_idle_time_does_not_stop_the_start(
    qtbot, tmp_path, sqlite_url, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    """An AppSettings built with any number (not through ``load_settings``) is clamped too:
    QTimer's 32-bit interval would otherwise raise while the window starts."""
    from dataclasses import replace

    from ui.idle_lock import MAX_INTERVAL_MS

    settings = load_settings(data_dir=tmp_path / "data", database_url=sqlite_url)
    win = MainWindow(replace(settings, idle_lock_minutes=1e9), executor=InlineExecutor())
    qtbot.addWidget(win)
    win.show()
    win.open_database()
    assert win.session is not None
    win.session.enter(sqlite_centre.actor)
    assert win.session.idle._timer.interval() == MAX_INTERVAL_MS == 24 * 60 * 60_000
    assert win.session.idle.watching and not locked(win)
