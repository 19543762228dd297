"""The case list's filter bar: status, unit, mediator, source, dispute type, received days,
超期, and 清除筛选. It only turns what is chosen into a ``CaseFilter`` (``filter_changed``);
the case list reads the cases.

Every control is reached with Tab or its Alt key; a date left at its lowest value reads
不限 (no bound).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_list import STATUS_GROUPS, STATUS_ORDER, CaseFilter
from mediation_desk.domain.enums import CaseSource
from ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from mediation_desk.services.case_list import Choice, FilterChoices

#: A date edit at this day shows 不限 (no bound on that side).
NO_DAY = QDate(2000, 1, 1)
#: Typing a date changes it at each digit: read the list once the typing pauses.
DATE_PAUSE_MS = 300
_INDENT = "　"  # a sub-type under its parent (full-width space)


class CaseFilterBar(QWidget):
    filter_changed = Signal(object)  # CaseFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseFilterBar")
        self.status = self._combo("状态", 8)
        self.status.addItem(self.tr("全部状态"), frozenset())
        for group in STATUS_GROUPS:
            self.status.addItem(group.label, group.statuses)
        self.status.insertSeparator(self.status.count())
        for status in STATUS_ORDER:
            self.status.addItem(status.label, frozenset({status}))
        self.unit = self._combo("承办单位", 12)
        self.mediator = self._combo("调解员", 5)
        self.source = self._combo("来源", 8)
        self.source.addItem(self.tr("全部来源"), None)
        for source in CaseSource:
            self.source.addItem(source.label, source)
        self.dispute_type = self._combo("纠纷类型", 7)
        self.set_choices(None)
        self.received_from = self._date("受理日期自")
        self.received_to = self._date("受理日期至")
        self.overdue = QCheckBox(self.tr("仅超期(&O)"), self)
        self.overdue.setToolTip(self.tr("办理中且已过办理时限的案件（与督办的“已超期”相同）"))
        self.clear_button = QPushButton(self.tr("清除筛选(&Q)"), self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.setEnabled(False)  # nothing to clear yet
        self.problem = QLabel(self)
        self.problem.setObjectName("caseFilterProblem")
        self.problem.setStyleSheet("color: #b00020;")

        flow = FlowLayout(spacing=10)
        for text, widget in (
            (self.tr("状态(&Z)"), self.status),
            (self.tr("承办单位(&D)"), self.unit),
            (self.tr("调解员(&M)"), self.mediator),
            (self.tr("来源(&Y)"), self.source),
            (self.tr("纠纷类型(&T)"), self.dispute_type),
        ):
            flow.addWidget(self._cell(self._label(text, widget), widget))
        flow.addWidget(
            self._cell(
                self._label(self.tr("受理日期(&R)"), self.received_from),
                self.received_from,
                QLabel(self.tr("至"), self),
                self.received_to,
            )
        )
        flow.addWidget(self._cell(self.overdue, self.clear_button))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(flow)
        layout.addWidget(self.problem)
        self.problem.hide()
        order = [
            self.status,
            self.unit,
            self.mediator,
            self.source,
            self.dispute_type,
            self.received_from,
            self.received_to,
            self.overdue,
            self.clear_button,
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(DATE_PAUSE_MS)
        self._date_timer.timeout.connect(self._on_changed)
        for combo in (self.status, self.unit, self.mediator, self.source, self.dispute_type):
            combo.currentIndexChanged.connect(self._on_changed)
        self.received_from.dateChanged.connect(self._date_timer.start)
        self.received_to.dateChanged.connect(self._date_timer.start)
        self.overdue.toggled.connect(self._on_changed)
        self.clear_button.clicked.connect(self.clear)

    # --- public API ----------------------------------------------------------------------------

    def set_choices(self, choices: FilterChoices | None) -> None:
        """The units, mediators and types to offer; what is chosen stays chosen."""
        self._fill(self.unit, self.tr("全部单位"), choices.units if choices else [])
        self._fill(self.mediator, self.tr("全部调解员"), choices.mediators if choices else [])
        self._fill(self.dispute_type, self.tr("全部类型"), choices.dispute_types if choices else [])

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            statuses=self.status.currentData() or frozenset(),
            unit_id=self.unit.currentData(),
            mediator_id=self.mediator.currentData(),
            source=self.source.currentData(),
            dispute_type=self.dispute_type.currentData(),
            received_from=_day(self.received_from),
            received_to=_day(self.received_to),
            overdue=self.overdue.isChecked(),
        )

    @Slot()
    def clear(self) -> None:
        """Back to every case (one ``filter_changed``)."""
        widgets = (
            self.status,
            self.unit,
            self.mediator,
            self.source,
            self.dispute_type,
            self.received_from,
            self.received_to,
            self.overdue,
        )
        for w in widgets:
            w.blockSignals(True)
        for combo in (self.status, self.unit, self.mediator, self.source, self.dispute_type):
            combo.setCurrentIndex(0)
        self.received_from.setDate(NO_DAY)
        self.received_to.setDate(NO_DAY)
        self.overdue.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self._on_changed()

    # --- slots ---------------------------------------------------------------------------------

    @Slot()
    def _on_changed(self) -> None:
        self._date_timer.stop()
        where = self.current_filter()
        problem = where.check()
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.clear_button.setEnabled(not where.is_empty)
        if problem is None:
            self.filter_changed.emit(where)

    # --- building ------------------------------------------------------------------------------

    def _combo(self, name: str, chars: int) -> QComboBox:
        """A combo ``chars`` characters wide (longer names are elided; the list shows them)."""
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        combo.view().setMinimumWidth(combo.fontMetrics().horizontalAdvance("中") * 14)
        return combo

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(NO_DAY, self)
        edit.setAccessibleName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DAY)
        edit.setSpecialValueText(self.tr("不限"))
        return edit

    def _cell(self, *widgets: QWidget) -> QWidget:
        """Widgets kept together on one line of the bar (a label and its control)."""
        cell = QWidget(self)
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for w in widgets:
            row.addWidget(w)
        return cell

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _fill(self, combo: QComboBox, everything: str, choices: list[Choice]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for c in choices:
            text = _INDENT * c.level + c.name + ("" if c.active else self.tr("（已停用）"))
            combo.addItem(text, c.key)
        at = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(at, 0))
        combo.blockSignals(False)
        if chosen is not None and at < 0:  # the chosen one is gone: the list follows
            self._on_changed()


def _day(edit: QDateEdit) -> dt.date | None:
    day = edit.date()
    return None if day == NO_DAY else dt.date(day.year(), day.month(), day.day())
