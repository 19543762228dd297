"""A visible focus mark on every control, however the focus came (Tab, Enter, a click, F2).

Qt's Fusion style marks a focused dropdown or tick box only after the Tab key, and then
faintly, so a dropdown reached by Enter showed nothing. Here one ring — 2 px of blue just
outside the focused control — follows the focus across the whole app, drawn above the
control's neighbours and clipped by the scroll area it sits in. It changes nothing of the
controls' own look or size, and costs nothing until the focus moves (an application style
sheet with ``:focus`` rules would do the same for text fields, but costs every widget of
the window a style-sheet polish: +65 ms before the first paint, measured).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QRegion
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

FOCUS_BLUE = QColor("#1a73e8")
MARGIN = 2
#: A move or resize of the control or of anything between it and the ring's host.
_TRACKED = frozenset(
    {
        QEvent.Type.Move,
        QEvent.Type.Resize,
        QEvent.Type.Show,
        QEvent.Type.Hide,
        QEvent.Type.ParentChange,
    }
)


class FocusRing(QWidget):
    """The ring itself: a masked child of the host, above the control's neighbours."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def surround(self, rect: QRect) -> None:
        outer = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        if outer != self.geometry():
            self.setGeometry(outer)
            inner = QRect(MARGIN, MARGIN, rect.width(), rect.height())
            self.setMask(QRegion(self.rect()).subtracted(QRegion(inner)))
        self.show()
        self.raise_()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(FOCUS_BLUE, MARGIN))
        half = MARGIN / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class FocusMarks(QObject):
    """Moves the ring to each newly focused control (``QApplication.focusChanged``)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.target: QWidget | None = None
        self.host: QWidget | None = None
        self.ring: FocusRing | None = None
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._on_focus_changed)

    def stop(self) -> None:
        """No more ring (tests: the application outlives them)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._on_focus_changed)
        self._unwatch()
        if self.ring is not None and shiboken6.isValid(self.ring):
            self.ring.deleteLater()
        self.ring = self.target = self.host = None
        self.setParent(None)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self.follow(new)

    def follow(self, widget: QWidget | None) -> None:
        self._unwatch()
        self.target = widget if widget is not None and _marked(widget) else None
        if self.target is None:
            self._hide()
            return
        host = _host_of(self.target)
        if self.ring is None or not shiboken6.isValid(self.ring) or self.host is not host:
            if self.ring is not None and shiboken6.isValid(self.ring):
                self.ring.deleteLater()
            self.ring = FocusRing(host)
            self.host = host
        w: QWidget | None = self.target
        while w is not None and w is not host:
            w.installEventFilter(self)
            self._watched.append(w)
            w = w.parentWidget()
        self.place()

    def place(self) -> None:
        target, ring, host = self.target, self.ring, self.host
        if target is None or ring is None or host is None or not _alive(target, ring, host):
            return
        if not target.isVisible():
            ring.hide()
            return
        ring.surround(QRect(target.mapTo(host, QPoint(0, 0)), target.size()))

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in _TRACKED:
            self.place()
        return False

    def _unwatch(self) -> None:
        for w in self._watched:
            if shiboken6.isValid(w):
                w.removeEventFilter(self)
        self._watched.clear()

    def _hide(self) -> None:
        if self.ring is not None and shiboken6.isValid(self.ring):
            self.ring.hide()


def _alive(*objects: QObject) -> bool:
    return all(shiboken6.isValid(o) for o in objects)


def _marked(widget: QWidget) -> bool:
    """Controls in windows, not in popups (an open dropdown's list, a menu)."""
    kind = widget.window().windowType()
    return kind not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip) and not widget.isWindow()


def _host_of(widget: QWidget) -> QWidget:
    """The viewport of the nearest scroll area around ``widget`` (the ring scrolls and is
    clipped with it), else its window."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            return child
        if parent.isWindow():
            return parent
        child, parent = parent, parent.parentWidget()
    return widget.window()


def install_focus_marks(app: QApplication) -> FocusMarks:
    """Once per application; the marks live as long as ``app``."""
    existing = app.findChild(FocusMarks)
    return existing if existing is not None else FocusMarks(app)
