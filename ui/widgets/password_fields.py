"""A password typed twice, checked as it is typed against the core's policy
(``services.accounts.password_problem``): one widget for every dialog that sets a password."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui.widgets.field_box import FieldBox


class PasswordFields(QWidget):
    """The policy's verdict under the first field once typed (✖ or ✔), the mismatch under the
    second; Enter in the first moves to the second, Enter in the second emits ``submitted``."""

    submitted = Signal()

    def __init__(
        self, caption: str, parent: QWidget | None = None, *, repeat_caption: str = ""
    ) -> None:
        super().__init__(parent)
        self.first = QLineEdit(self)
        self.second = QLineEdit(self)
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self.refresh)
        self.first_box = FieldBox(caption, self.first, self, required=True)
        self.second_box = FieldBox(
            repeat_caption or self.tr("再次输入"), self.second, self, required=True
        )
        self.first.returnPressed.connect(self.second.setFocus)
        self.second.returnPressed.connect(self.submitted)
        self.name = ""
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.first_box)
        column.addWidget(self.second_box)

    def set_name(self, name: str) -> None:
        """The account's name: a password must not repeat it."""
        self.name = name
        self.refresh()

    def problem(self) -> str | None:
        """Why the password cannot be used (None when it can)."""
        found = self._policy(self.first.text())
        if found:
            return found
        if self.first.text() != self.second.text():
            return self.tr("两次输入的密码不一致")
        return None

    def check(self) -> bool:
        """On submit: every finding shown, empty fields included; True when usable."""
        self._show(typed_only=False)
        return self.problem() is None

    @Slot()
    def refresh(self) -> None:
        """Live: say nothing about a field before something is typed in it."""
        self._show(typed_only=True)

    def password(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _show(self, *, typed_only: bool) -> None:
        first, second = self.first.text(), self.second.text()
        box = self.first_box
        if typed_only and not first:
            box.say(None)
        elif (policy := self._policy(first)) is not None:
            box.say(policy)
        else:
            box.say(self.tr("密码可以使用"), good=True)
        mismatch = first != second and (bool(second) or not typed_only)
        self.second_box.say(self.tr("两次输入的密码不一致") if mismatch else None)

    def _policy(self, password: str) -> str | None:
        from mediation_desk.services.accounts import password_problem

        return password_problem(password, name=self.name)
