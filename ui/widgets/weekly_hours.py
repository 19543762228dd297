"""Weekly hours, 周一 to 周日: a room's opening hours, a mediator's sitting hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mediation_desk.domain.dates import WEEKDAY_CHARS, weekday_name
from mediation_desk.domain.issues import FieldIssue
from mediation_desk.scheduling.intervals import format_ranges, parse_ranges
from ui.widgets.field_box import MessageLabel

TimeRange = tuple[dt.time, dt.time]
_ERROR_BORDER = "border: 1px solid #b42318;"


class WeeklyHoursEditor(QWidget):
    """One field a weekday, written ``08:30-12:00, 13:30-17:30`` (blank: none that day).

    ``hours()`` reads them all; a field it cannot read is outlined and the reason, with the
    day, is shown below the fields. What was typed stays as typed."""

    def __init__(
        self, caption: str, blank: str, parent: QWidget | None = None, *, columns: int = 1
    ) -> None:
        super().__init__(parent)
        self.edits: list[QLineEdit] = []
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        rows = -(-len(WEEKDAY_CHARS) // columns)  # column by column: 周一 … top to bottom
        for wd in range(len(WEEKDAY_CHARS)):
            edit = QLineEdit(self)
            edit.setPlaceholderText(blank)
            edit.textEdited.connect(self._on_edit_text_edited)
            label = QLabel(weekday_name(wd), self)
            label.setBuddy(edit)
            row, column = wd % rows, (wd // rows) * 2
            grid.addWidget(label, row, column)
            grid.addWidget(edit, row, column + 1)
            self.edits.append(edit)
        self.message = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(grid)
        layout.addWidget(self.message)

    def set_hours(self, hours: Mapping[int, Iterable[TimeRange]]) -> None:
        self._clear_issue()
        for wd, edit in enumerate(self.edits):
            edit.setText(format_ranges(hours.get(wd, ())))

    def hours(self) -> dict[int, list[TimeRange]] | None:
        """The ranges of each day; None when a field cannot be read (shown beside it)."""
        self._clear_issue()
        out: dict[int, list[TimeRange]] = {}
        for wd, edit in enumerate(self.edits):
            try:
                out[wd] = parse_ranges(edit.text())
            except ValueError as error:
                edit.setStyleSheet(_ERROR_BORDER)
                edit.setFocus()
                message = self.tr("{0}：{1}").format(weekday_name(wd), str(error))
                self.message.show_issue(FieldIssue("hours", "hours", message))
                return None
        return out

    @Slot()
    def _on_edit_text_edited(self) -> None:
        self._clear_issue()

    def _clear_issue(self) -> None:
        self.message.show_issue(None)
        for edit in self.edits:
            edit.setStyleSheet("")
