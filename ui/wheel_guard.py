"""The mouse wheel scrolls the page, not the dropdown under the pointer (the whole app).

A combo box or spin box (dates and times included) that does not have the focus lets the
wheel pass to the scroll area behind it: scrolling a long form never changes 民族 or 证件类型
on the way. The one the clerk is in (clicked or reached with Tab) still takes the wheel. The
wheel no longer gives these widgets the focus either (Qt's default ``WheelFocus``), or the
first notch would take it and the next ones change the value.

One application event filter (``install_wheel_guard``); it looks at nothing but wheel events
and each widget's first polish. Every event of the application passes through it (~2 µs
each), so the app installs it a second after the start-up has handed over, off the path to
the first paint and the first search (it would add ~30 ms to building the window); the
widgets built before are set at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox)
_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _WHEEL:
            if isinstance(watched, _GUARDED) and not watched.hasFocus():
                assert isinstance(event, QWheelEvent)
                pass_to_scroll_area(watched, event)
                return True
        elif (
            kind == _POLISH
            and isinstance(watched, _GUARDED)
            and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus
        ):
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def pass_to_scroll_area(widget: QWidget, event: QWheelEvent) -> None:
    """Give ``event`` to the nearest scroll area around ``widget`` (none: it is dropped)."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is None:
        event.ignore()
        return
    viewport = area.viewport()
    scrolled = QWheelEvent(
        viewport.mapFromGlobal(event.globalPosition()),
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(viewport, scrolled)
    event.accept()


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Once per application; the guard lives as long as ``app``. The combo and spin boxes
    already built stop taking the focus from the wheel at once; later ones when polished."""
    existing = app.findChild(WheelGuard)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    for window in app.topLevelWidgets():  # Qt finds them by class: few wrappers made
        for kind in _GUARDED:
            no_focus_from_the_wheel(window.findChildren(kind))
    return guard


def no_focus_from_the_wheel(widgets: Iterable[QWidget]) -> None:
    """The combo and spin boxes among ``widgets`` take the focus from a click or Tab only."""
    for widget in widgets:
        if isinstance(widget, _GUARDED) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
