"""A list of dated periods with a reason, and the form to add one or remove the chosen one:
a room's out-of-service periods, a mediator's leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.issues import FieldIssue
from ui.widgets.field_box import FieldBox, MessageLabel

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError

_ID = Qt.ItemDataRole.UserRole
#: The hours a new period with times is offered for (a working day).
OFFERED_HOURS = (dt.time(8, 30), dt.time(17, 30))


@dataclass(frozen=True, slots=True)
class PeriodTexts:
    """What one kind of period is called on screen (already translated)."""

    reason: str  # caption of the reason field
    reason_hint: str
    add: str
    remove: str


@dataclass(frozen=True, slots=True)
class Period:
    id: int
    starts: dt.date | dt.datetime
    ends: dt.date | dt.datetime
    reason: str


class DatedPeriodsEditor(QWidget):
    """The periods listed, earliest first; below them (or beside them) 自, 至, the reason,
    and the buttons. ``with_time`` edits date and time (a closure), else whole days (leave).

    The editor only asks: ``add_clicked`` when the clerk adds the period in the form,
    ``remove_clicked(period id)`` for the chosen one. The page runs the action and, when
    refused, shows why with ``show_error`` (what was typed stays)."""

    add_clicked = Signal()
    remove_clicked = Signal(int)

    def __init__(
        self,
        texts: PeriodTexts,
        parent: QWidget | None = None,
        *,
        with_time: bool,
        form_beside: bool = False,
    ) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.list = QListWidget(self)
        self.starts = QDateTimeEdit(self) if with_time else QDateEdit(self)
        self.ends = QDateTimeEdit(self) if with_time else QDateEdit(self)
        for edit in (self.starts, self.ends):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm" if with_time else "yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(texts.reason_hint)
        self.add_button = QPushButton(texts.add, self)
        self.remove_button = QPushButton(texts.remove, self)
        self.message = MessageLabel(self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.reason.returnPressed.connect(self._on_add_button_clicked)
        self.reason.textEdited.connect(self._on_reason_text_edited)

        span = QHBoxLayout() if not form_beside else QVBoxLayout()
        span.addWidget(FieldBox(self.tr("自"), self.starts, self))
        span.addWidget(FieldBox(self.tr("至"), self.ends, self))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form = QVBoxLayout()
        form.addLayout(span)
        form.addWidget(FieldBox(texts.reason, self.reason, self))
        form.addLayout(buttons)
        form.addWidget(self.message)
        layout = QBoxLayout(
            QBoxLayout.Direction.LeftToRight if form_beside else QBoxLayout.Direction.TopToBottom,
            self,
        )
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 2 if form_beside else 1)
        if form_beside:
            form.addStretch(1)
        layout.addLayout(form, 1 if form_beside else 0)

    # --- what is shown -----------------------------------------------------------------------

    def set_periods(self, periods: Iterable[Period]) -> None:
        chosen = self.chosen_id()
        self.list.clear()
        for p in periods:
            starts, ends = self._text(p.starts), self._text(p.ends)
            item = QListWidgetItem(self.tr("{0} 至 {1}　{2}").format(starts, ends, p.reason))
            item.setData(_ID, p.id)
            self.list.addItem(item)
            if p.id == chosen:
                self.list.setCurrentItem(item)

    def offer_day(self, day: dt.date) -> None:
        """Offer ``day`` in the form (its working hours when times are edited)."""
        if self.with_time:
            opens, closes = OFFERED_HOURS
            self.starts.setDateTime(QDateTime(dt.datetime.combine(day, opens)))
            self.ends.setDateTime(QDateTime(dt.datetime.combine(day, closes)))
        else:
            self.starts.setDate(QDate(day))
            self.ends.setDate(QDate(day))

    def chosen_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(_ID)

    # --- what was typed ----------------------------------------------------------------------

    def period(self) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime, str]:
        """自, 至 (to the minute, or days) and the reason, as typed."""
        if self.with_time:
            starts = self.starts.dateTime().toPython().replace(second=0, microsecond=0)
            ends = self.ends.dateTime().toPython().replace(second=0, microsecond=0)
            return starts, ends, self.reason.text()
        return self.starts.date().toPython(), self.ends.date().toPython(), self.reason.text()

    def added(self) -> None:
        """The period was recorded: the form is ready for the next one."""
        self.reason.clear()
        self.message.show_issue(None)

    def show_error(self, message: str) -> None:
        self.message.show_issue(FieldIssue("period", "service", message) if message else None)

    def refused(self, error: DeskError) -> bool:
        """The core refused the period: say why here (for ``ctx.ops.run``'s ``on_failure``)."""
        self.show_error(error.message)
        return True

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self.add_button.isEnabled():
            self.show_error("")
            self.add_clicked.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        if (period_id := self.chosen_id()) is not None:
            self.show_error("")
            self.remove_clicked.emit(period_id)

    @Slot()
    def _on_reason_text_edited(self) -> None:
        self.show_error("")

    def _text(self, when: dt.date | dt.datetime) -> str:
        if isinstance(when, dt.datetime):
            return f"{when:%Y-%m-%d %H:%M}"
        return f"{when:%Y-%m-%d}"
