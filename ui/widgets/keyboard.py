"""Keyboard-first forms: Enter in a one-line field moves to the next field, like Tab."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

_ONE_LINE = (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton)


class EnterMovesOn(QObject):
    """Event filter: Return/Enter in a one-line input focuses the next input in tab order."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
        ):
            key_event = event
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                key_event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                if isinstance(watched, QComboBox) and watched.view().isVisible():
                    return False  # let the open popup take the choice
                if isinstance(watched, QAbstractButton) and not isinstance(watched, _ONE_LINE):
                    watched.click()  # a button reached with Tab: Enter presses it
                    return True
                move_to_next_input(watched)
                return True
        return False


def move_to_next_input(widget: QWidget, max_steps: int = 50) -> None:
    """Focus the next input in tab order, passing over buttons (＋ 电话, ✕ …)."""
    widget.focusNextChild()
    for _ in range(max_steps):
        current = QApplication.focusWidget()
        if current is None or current is widget or not isinstance(current, QAbstractButton):
            return
        if isinstance(current, _ONE_LINE):
            return
        current.focusNextChild()


def install_enter_navigation(root: QWidget, nav: EnterMovesOn) -> None:
    """Install ``nav`` on every one-line input below ``root``; multi-line text keeps Enter,
    and Tab moves on from it."""
    for child in root.findChildren(QWidget):
        if isinstance(child, (*_ONE_LINE, QAbstractButton)) and not child.property("enterNav"):
            child.installEventFilter(nav)
            child.setProperty("enterNav", True)
        elif isinstance(child, QPlainTextEdit):
            child.setTabChangesFocus(True)
