"""Keyboard-first forms: Enter in a one-line field moves to the next field, like Tab.

A form may give its fields' order as a list of *stops* (``FocusChain``): a widget, or a group
of buttons (a row of tick boxes, a set of radio buttons) that Enter passes as one stop — the
arrow keys move inside the group and Space ticks. Enter then follows that order and never
leaves the form; Tab follows the same order (``QWidget.setTabOrder``), stopping at every
widget. Without a chain Enter follows Qt's tab order, passing over buttons.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

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
    QPushButton,
    QRadioButton,
    QWidget,
)

_ONE_LINE = (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton)

#: One stop of a chain: a widget, or a group of buttons passed as one.
Stop = QWidget | tuple[QWidget, ...]

#: Enter stops at a push button only when it carries this property (e.g. 保存登记).
ENTER_STOP = "enterStop"


def focusable(widget: QWidget) -> bool:
    """Can Tab or Enter give ``widget`` the focus now (shown, enabled, takes focus)?"""
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def members(stop: Stop) -> tuple[QWidget, ...]:
    return stop if isinstance(stop, tuple) else (stop,)


def entry_of(stop: Stop) -> QWidget | None:
    """Where Enter lands in ``stop``: the widget, or the group's checked button (else its
    first); None when nothing of it can take the focus now."""
    if not isinstance(stop, tuple):
        if not focusable(stop):
            return None
        if isinstance(stop, QPushButton) and not stop.property(ENTER_STOP):
            return None  # ＋ 电话, ✕ …: Tab reaches them, Enter passes over
        return stop
    ready = [w for w in stop if focusable(w)]
    checked = [w for w in ready if isinstance(w, QAbstractButton) and w.isChecked()]
    if checked and all(isinstance(w, QRadioButton) for w in ready):
        return checked[0]
    return ready[0] if ready else None


class FocusChain:
    """A form's stops in reading order; ``stops`` is called each time (rows come and go).
    ``tab_order`` gives Tab's order when it differs from the stops flattened (a row of radio
    buttons each followed by its inputs)."""

    def __init__(
        self,
        stops: Callable[[], Sequence[Stop]],
        tab_order: Callable[[], Sequence[QWidget]] | None = None,
    ) -> None:
        self._stops = stops
        self._tab_order = tab_order

    def stops(self) -> list[Stop]:
        return list(self._stops())

    def index_of(self, widget: QWidget, stops: Sequence[Stop] | None = None) -> int:
        """The stop holding ``widget`` (or a widget inside it, e.g. a combo's line edit)."""
        for i, stop in enumerate(self.stops() if stops is None else stops):
            for w in members(stop):
                if w is widget or w.isAncestorOf(widget):
                    return i
        return -1

    def holds(self, widget: QWidget) -> bool:
        return self.index_of(widget) >= 0

    def next_after(self, widget: QWidget) -> QWidget | None:
        """The first stop after ``widget``'s that can take the focus; None at the end."""
        stops = self.stops()
        index = self.index_of(widget, stops)
        if index < 0:
            return None
        return first_entry(stops[index + 1 :])

    def apply_tab_order(self) -> None:
        """Tab visits every widget of every stop in this order (hidden ones included, for
        when they show)."""
        if self._tab_order is not None:
            widgets = list(self._tab_order())
        else:
            widgets = [w for stop in self.stops() for w in members(stop)]
        for first, second in itertools.pairwise(widgets):
            QWidget.setTabOrder(first, second)


def first_entry(stops: Iterable[Stop]) -> QWidget | None:
    for stop in stops:
        target = entry_of(stop)
        if target is not None:
            return target
    return None


def focus_by_keyboard(widget: QWidget) -> None:
    """Focus ``widget`` as Tab would: text selected, and the style's keyboard focus mark."""
    widget.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
    widget.setFocus(Qt.FocusReason.TabFocusReason)


class EnterMovesOn(QObject):
    """Event filter: Return/Enter in a one-line input focuses the next input.

    With a ``chain`` the next input is the chain's next stop, and Enter at its end stays put.
    ``intercept(widget)`` may take the Enter first (True: handled, e.g. offering to add a
    party); ``after_move(source, target)`` hears where Enter went. A widget with a
    ``ready_to_move_on()`` method keeps the focus while it answers False (a typed time that
    cannot be read: its message shows, the clerk corrects it)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        chain: FocusChain | None = None,
        intercept: Callable[[QWidget], bool] | None = None,
        after_move: Callable[[QWidget, QWidget], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.chain = chain
        self.intercept = intercept
        self.after_move = after_move

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
                self.move_on(watched)
                return True
        return False

    def move_on(self, widget: QWidget) -> None:
        ready = getattr(widget, "ready_to_move_on", None)
        if callable(ready) and not ready():
            return
        if self.intercept is not None and self.intercept(widget):
            return
        if self.chain is None or not self.chain.holds(widget):
            move_to_next_input(widget)
            return
        target = self.chain.next_after(widget)
        if target is None:
            return  # the end of the form: Enter never leaves it
        focus_by_keyboard(target)
        if self.after_move is not None:
            self.after_move(widget, target)


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
