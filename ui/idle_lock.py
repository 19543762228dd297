"""The idle lock: a counter left alone for ``idle_lock_minutes`` shows no one's cases.

``IdleWatcher`` (an application event filter) notices keyboard and mouse input and says when
there has been none for the set time. ``ScreenLock`` then hides every other window of the app
(case windows and their dialogs) and the main window shows ``LockPage``: the centre's name,
the account's name, a password field, 解锁 and 切换账户. A modal dialog waiting for its
answer cannot be hidden without ending it (Qt ends a dialog's ``exec`` when it is hidden), so
such a window keeps its place under a curtain: an opaque lock page of its own that takes every
key, from which the account can unlock as well. After unlocking every window comes back as it
was.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.settings import IDLE_LOCK_RANGE

from .widgets.field_box import MessageLabel
from .widgets.retry_countdown import RetryCountdown

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor
    from mediation_desk.errors import DeskError

    from .context import AppContext

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


#: The longest idle time: a day (``settings.IDLE_LOCK_RANGE``), well within QTimer's int.
MAX_INTERVAL_MS = int(IDLE_LOCK_RANGE[1] * 60_000)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``interval_ms`` without keyboard or mouse input."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._last_restart = 0.0
        self._installed = False
        self.set_interval(interval_ms)

    def set_interval(self, interval_ms: int) -> None:
        # QTimer takes a 32-bit int: a larger interval raises (and would stop the start)
        self._timer.setInterval(min(max(int(interval_ms), 1), MAX_INTERVAL_MS))
        # A restart costs a little; restarting at most this often keeps mouse moves cheap
        # (the lock then comes at most this much early).
        self._throttle_s = min(1.0, self._timer.interval() / 10_000)

    @property
    def watching(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._last_restart = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            now = time.monotonic()
            if now - self._last_restart >= self._throttle_s:
                self._last_restart = now
                self._timer.start()
        return False


class LockPage(QFrame):
    """Centre and account name only, the password, 解锁 and 切换账户."""

    #: The password was right: the account (an ``Actor``, roles as now stored).
    unlocked = Signal(object)
    switch_requested = Signal()

    def __init__(self, ctx: AppContext, centre_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lockPage")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lockPage { background: #eef1f5; }")
        self.centre = QLabel(centre_name, self)
        self.centre.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.centre.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.account = QLabel(self)
        self.account.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.account.setStyleSheet("font-size: 15px;")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.password.setFixedWidth(260)
        self.message = MessageLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wait_label = QLabel(self)
        self.wait_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wait_label.hide()
        self.unlock_button = QPushButton(self.tr("解锁"), self)
        self.switch_button = QPushButton(self.tr("切换账户…"), self)
        self.countdown = RetryCountdown(self.unlock_button, self.wait_label, self)
        self.checking = False  # the password is being checked: Enter again does nothing
        self.unlock_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.switch_button.clicked.connect(self.switch_requested)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        field = QHBoxLayout()
        field.addStretch(1)
        field.addWidget(self.password)
        field.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.centre)
        locked = QLabel(self.tr("已锁定"), self)
        locked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        locked.setStyleSheet("font-size: 15px; color: #555;")
        layout.addWidget(locked)
        layout.addSpacing(12)
        layout.addWidget(self.account)
        layout.addLayout(field)
        layout.addWidget(self.message)
        layout.addWidget(self.wait_label)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def prepare(self, actor: Actor) -> None:
        self.actor = actor
        self.account.setText(self.tr("账户：{0}").format(actor.name))
        self.password.clear()
        self.message.say(None)
        self.password.setFocus()

    def submit(self) -> None:
        from mediation_desk.services.accounts import verify_for_unlock

        if self.countdown.running or self.checking:
            return  # a second Enter while the first is checked would count two failures
        password = self.password.text()
        if not password:
            self.message.say(self.tr("请输入密码"))
            return
        self.message.say(None)
        operator_id = self.actor.operator_id
        self.checking = True
        self.ctx.ops.run(
            self,
            lambda uow: verify_for_unlock(uow, operator_id=operator_id, password=password),
            on_success=self._on_verified,
            on_failure=self._refused,
            on_finished=self._on_check_finished,
            title=self.tr("解锁"),
            busy=self.tr("正在验证…"),
            disable=[self.unlock_button],
        )

    def _on_check_finished(self) -> None:
        self.checking = False

    def _on_verified(self, actor: Actor) -> None:
        self.password.clear()
        self.unlocked.emit(actor)

    def _refused(self, error: DeskError) -> bool:
        return self.countdown.refuse(error, self.password, self.message)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # no key reaches the window below (Esc would close a dialog)


class ScreenLock(QObject):
    """Hides (or curtains) the app's other windows and shows the lock page in the main
    window; ``unlock`` puts everything back."""

    #: Unlocked by the password (the ``Actor``).
    unlocked = Signal(object)
    switch_requested = Signal()

    def __init__(self, ctx: AppContext, main: QWidget) -> None:
        super().__init__(main)
        self.ctx, self.main = ctx, main
        self.centre_name = ""  # shown on every lock page (the session keeps it current)
        self.page = self._lock_page(main)
        self.page.hide()
        self.locked = False
        self.hidden: list[QWidget] = []
        self.curtains: dict[QWidget, LockPage] = {}
        self._disabled: list[QWidget] = []

    def _lock_page(self, parent: QWidget) -> LockPage:
        page = LockPage(self.ctx, self.centre_name, parent)
        page.unlocked.connect(self.unlocked)
        page.switch_requested.connect(self.switch_requested)
        return page

    def lock(self, actor: Actor) -> None:
        if self.locked:
            return
        self.locked = True
        for window in other_windows(self.main):
            if _waits_for_answer(window):
                self._curtain(window, actor)
            else:
                window.hide()
                self.hidden.append(window)
        self.page.prepare(actor)
        # the dialog answered last takes the keys: its curtain gets the cursor
        topmost = self.curtains.get(QApplication.activeModalWidget())  # type: ignore[arg-type]
        (topmost or self.page).password.setFocus()

    def _curtain(self, window: QWidget, actor: Actor) -> None:
        for child in window.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if child.isEnabled():
                child.setEnabled(False)  # Tab and typing never reach the fields below
                self._disabled.append(child)
        curtain = self._lock_page(window)
        curtain.setGeometry(window.rect())
        curtain.show()
        curtain.raise_()
        curtain.prepare(actor)
        window.installEventFilter(self)
        window.destroyed.connect(partial(self._forget, window))
        self.curtains[window] = curtain

    def _forget(self, window: QWidget, *_args: object) -> None:
        """A curtained window deleted while locked (a finished job's progress dialog): its
        curtain and disabled children went with it."""
        self.curtains.pop(window, None)
        self._disabled = [c for c in self._disabled if shiboken6.isValid(c)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        curtain = self.curtains.get(watched)  # type: ignore[call-overload]
        if curtain is None:
            return False
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            curtain.setGeometry(watched.rect())
        if event.type() == QEvent.Type.Close and event.spontaneous():
            # the user closing a locked window would answer its dialog unseen; the app's own
            # close (a job's progress dialog when the job ends) goes through
            event.ignore()
            return True
        return False

    def unlock(self) -> None:
        """Every window back as it was (the caller verified the password)."""
        self._lift()
        for window in self.hidden:
            window.show()
        self.hidden.clear()

    def close_others(self) -> None:
        """Another account takes the counter: the windows opened before are closed, not
        shown again."""
        self._lift()
        windows, self.hidden = self.hidden, []
        for window in reversed(other_windows(self.main) + windows):
            if isinstance(window, QDialog):
                window.reject()
            else:
                window.close()

    def _lift(self) -> None:
        for window, curtain in self.curtains.items():
            if shiboken6.isValid(window):
                window.removeEventFilter(self)
            if shiboken6.isValid(curtain):
                curtain.hide()
                curtain.deleteLater()
        self.curtains.clear()
        for child in self._disabled:
            if shiboken6.isValid(child):  # gone with a window deleted while locked
                child.setEnabled(True)
        self._disabled.clear()
        self.locked = False


def other_windows(main: QWidget) -> list[QWidget]:
    """The app's visible windows besides ``main`` (popups and tooltips aside)."""
    out = []
    for widget in QApplication.topLevelWidgets():
        if widget is main or not widget.isVisible():
            continue
        kind = widget.windowType()
        if kind in (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet):
            out.append(widget)
    return out


def _waits_for_answer(window: QWidget) -> bool:
    """A modal dialog: hiding it would end its ``exec`` (its caller would read "cancelled")."""
    return window.windowModality() is not Qt.WindowModality.NonModal
