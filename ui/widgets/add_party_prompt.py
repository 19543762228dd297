"""再添加一位当事人？ — offered when Enter leaves the last party of the intake form.

Enter adds the party whose button has the focus (the arrow keys move between them); Esc or
Tab goes on to what follows the parties (routing); Shift+Tab goes back to the last field.
The prompt hides as soon as the focus leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from mediation_desk.domain.enums import PartyRole

from .keyboard import focus_by_keyboard

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AddPartyPrompt(QFrame):
    add = Signal(object)  # PartyRole
    go_on = Signal()
    go_back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addPartyPrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#addPartyPrompt { background: #fff8e1; border: 1px solid #e0b000;"
            " border-radius: 4px; }"
        )
        self.question = QLabel(self.tr("再添加一位当事人？"), self)
        self.question.setStyleSheet("font-weight: bold;")
        self.buttons: dict[PartyRole, QPushButton] = {
            role: QPushButton(self.tr("＋ {0}").format(role.label), self)
            for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT, PartyRole.THIRD_PARTY)
        }
        self.skip = QPushButton(self.tr("不添加，继续（Esc）"), self)
        hint = QLabel(self.tr("Enter 添加，←→ 选择身份，Esc 或 Tab 不添加、继续"), self)
        hint.setStyleSheet("color: #6b5900;")
        group = QButtonGroup(self)  # the arrow keys move between the buttons
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.question)
        for role, button in self.buttons.items():
            button.clicked.connect(lambda _=False, r=role: self._add(r))
            group.addButton(button)
            layout.addWidget(button)
        self.skip.clicked.connect(self._go_on)
        group.addButton(self.skip)
        layout.addWidget(self.skip)
        layout.addWidget(hint)
        layout.addStretch(1)
        for button in self.all_buttons():
            button.setAutoDefault(False)
            button.installEventFilter(self)
            button.setProperty("enterNav", True)  # the form's Enter filter leaves them to us
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def all_buttons(self) -> list[QPushButton]:
        return [*self.buttons.values(), self.skip]

    def offer(self, role: PartyRole) -> None:
        """Show the prompt with ``role``'s button focused (Enter adds such a party)."""
        self.show()
        focus_by_keyboard(self.buttons.get(role, self.buttons[PartyRole.RESPONDENT]))

    def _add(self, role: PartyRole) -> None:
        self.hide()
        self.add.emit(role)

    def _go_on(self) -> None:
        self.hide()
        self.go_on.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if kind == QEvent.Type.ShortcutOverride and key == Qt.Key.Key_Escape:
            event.accept()  # Esc here means "go on", not the form's "discard"
            return True
        if kind != QEvent.Type.KeyPress:
            return False
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Tab):
            self._go_on()
            return True
        if key == Qt.Key.Key_Backtab:
            self.hide()
            self.go_back.emit()
            return True
        if key in _ENTER and isinstance(watched, QPushButton):
            watched.click()
            return True
        return False

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and (new is None or not self.isAncestorOf(new)):
            self.hide()
