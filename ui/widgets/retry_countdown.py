"""The wait after repeated wrong passwords: "请 N 秒后再试" counting down, the button disabled
until it ends (the core decides how long; this only shows it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from .field_box import WARNING_STYLE, MessageLabel

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError


class RetryCountdown(QObject):
    """Counts ``seconds`` down in ``label`` with ``button`` disabled, then gives both back."""

    #: The wait is over (the button works again).
    ended = Signal()
    #: One step of the count, in milliseconds (tests shorten it).
    tick_ms = 1000

    def __init__(self, button: QAbstractButton, label: QLabel, parent: QObject | None = None):
        super().__init__(parent)
        self.button, self.label = button, label
        self.left = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self.left > 0

    def refuse(self, error: DeskError, password: QLineEdit, message: MessageLabel) -> bool:
        """A refused password: the field emptied for the next try, then either the wait the core
        asks for (``wait_seconds``) counted down, or the reason beside the field."""
        password.clear()
        password.setFocus()
        wait = int(getattr(error, "wait_seconds", 0) or 0)
        if wait > 0:
            self.start(wait)
        else:
            message.say(error.message)
        return True

    def start(self, seconds: int) -> None:
        self.left = max(int(seconds), 1)
        self._timer.start(self.tick_ms)
        self._show()

    def stop(self) -> None:
        self._timer.stop()
        self.left = 0
        self._show()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.stop()
            self.ended.emit()
            return
        self._show()

    def _show(self) -> None:
        self.button.setEnabled(self.left <= 0)
        if self.left > 0:
            self.label.setStyleSheet(WARNING_STYLE)
            self.label.setText(self.tr("⚠ 密码错误次数过多，请 {0} 秒后再试").format(self.left))
            self.label.show()
        else:
            self.label.clear()
            self.label.hide()
