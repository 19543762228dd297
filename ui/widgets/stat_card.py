"""A figure as a card on the dashboard: the label, the value large, last year's beside it.
It is a button: a click, Space or Enter drills down to its cases."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

_STYLE = """
QPushButton { text-align: left; border: 1px solid #b8b8b8; border-radius: 4px;
              background: palette(base); padding: 0; }
QPushButton:hover { border-color: #606060; }
QPushButton:focus { border: 2px solid #1f5fbf; }
QPushButton:pressed { background: #e8eef8; }
"""


class StatCard(QPushButton):
    """``clicked`` when chosen (mouse, Space or Enter)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setStyleSheet(_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = QLabel(self)
        self.value = QLabel(self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.previous = QLabel(self)
        self.previous.setStyleSheet("color: #606060;")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(2)
        for w in (self.label, self.value, self.previous):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(w)

    def show_figure(self, label: str, value: str, previous: str, note: str) -> None:
        self.label.setText(label)
        self.value.setText(value)
        self.previous.setText(previous)
        self.setToolTip(note + self.tr("（单击或按回车列出案件）"))
        self.setAccessibleName(f"{label} {value} {previous}")

    def sizeHint(self) -> QSize:
        layout = self.layout()
        inner = layout.sizeHint() if layout is not None else QSize(120, 60)
        return QSize(max(inner.width(), 120), inner.height() + 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)
