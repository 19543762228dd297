"""A caption, an input and the message shown beside it (error in red, warning in amber)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from mediation_desk.domain.issues import FieldIssue

ERROR_STYLE = "color: #b42318;"
OK_STYLE = "color: #067647;"
WARNING_STYLE = "color: #a15c00;"


class MessageLabel(QLabel):
    """Holds at most one finding; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldMessage")
        self.hide()

    def show_issue(self, issue: FieldIssue | None) -> None:
        if issue is None:
            self.clear()
            self.hide()
            return
        self.setStyleSheet(ERROR_STYLE if issue.is_error else WARNING_STYLE)
        self.setText(("✖ " if issue.is_error else "⚠ ") + issue.message)
        self.show()

    def say(self, text: str | None, *, good: bool = False) -> None:
        """A live check's verdict: an error, a ✔ when ``good``, or nothing (hidden)."""
        if text is None:
            self.clear()
            self.hide()
            return
        self.setStyleSheet(OK_STYLE if good else ERROR_STYLE)
        self.setText(("✔ " if good else "✖ ") + text)
        self.show()


class FieldBox(QWidget):
    """Caption above the input, message below it."""

    def __init__(
        self,
        caption: str,
        widget: QWidget,
        parent: QWidget | None = None,
        *,
        required: bool = False,
    ) -> None:
        super().__init__(parent)
        self.widget = widget
        self.caption = QLabel(caption + (" *" if required else ""), self)
        self.caption.setBuddy(widget)
        self.message = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(widget)
        layout.addWidget(self.message)

    def show_issue(self, issue: FieldIssue | None) -> None:
        self.message.show_issue(issue)
        self._mark_error(bool(issue and issue.is_error))

    def say(self, text: str | None, *, good: bool = False) -> None:
        """A live check's verdict under the input (see ``MessageLabel.say``)."""
        self.message.say(text, good=good)
        self._mark_error(text is not None and not good)

    def _mark_error(self, error: bool) -> None:
        self.widget.setProperty("hasError", error)
        self.widget.setStyleSheet("border: 1px solid #b42318;" if error else "")
