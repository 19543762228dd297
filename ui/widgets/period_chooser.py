"""The statistics' period: a month, a quarter, a year, or two days of one's choosing.

Keyboard-first: 期间 (Alt+Q) chooses the kind, the year is a spin box (arrows, PgUp/PgDn or
typing), the month or quarter a list, the custom days date fields; Enter anywhere asks the page
to run its query (``submitted``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from mediation_desk.domain.statistics import Period, PeriodKind

KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "按月",
    PeriodKind.QUARTER: "按季度",
    PeriodKind.YEAR: "按年",
    PeriodKind.CUSTOM: "自定义",
}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class PeriodChooser(QWidget):
    """Chooses a ``Period``; ``changed`` when any part changes, ``submitted`` on Enter."""

    changed = Signal()
    submitted = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(self.tr(label), kind)
        self.kind.setAccessibleName(self.tr("统计期间"))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setSuffix(self.tr(" 年"))
        self.year.setValue(today.year)
        self.year.setAccessibleName(self.tr("年份"))
        self.month = QComboBox(self)
        for m in range(1, 13):
            self.month.addItem(self.tr("{0}月").format(m), m)
        self.month.setCurrentIndex(today.month - 1)
        self.month.setAccessibleName(self.tr("月份"))
        self.quarter = QComboBox(self)
        for q in range(1, 5):
            self.quarter.addItem(self.tr("第{0}季度").format(q), q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.quarter.setAccessibleName(self.tr("季度"))
        self.start = QDateEdit(_qdate(today.replace(day=1)), self)
        self.end = QDateEdit(_qdate(today), self)
        self.to_label = QLabel(self.tr("至"), self)
        for edit, name in ((self.start, "开始日期"), (self.end, "结束日期")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(self.tr(name))

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.kind, self.year, self.month, self.quarter):
            row.addWidget(w)
        row.addWidget(self.start)
        row.addWidget(self.to_label)
        row.addWidget(self.end)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        for combo in (self.month, self.quarter):
            combo.currentIndexChanged.connect(self.changed)
        self.year.valueChanged.connect(self.changed)
        self.start.dateChanged.connect(self.changed)
        self.end.dateChanged.connect(self.changed)
        self._show_parts()

    # --- public API --------------------------------------------------------------------------

    def current_kind(self) -> PeriodKind:
        return PeriodKind(self.kind.currentData())

    def set_kind(self, kind: PeriodKind) -> None:
        self.kind.setCurrentIndex(list(KIND_LABELS).index(kind))

    def period(self) -> Period:
        """The chosen period; ``PeriodError`` (a Chinese message) for custom days that cannot
        be a period (the end before the start, more than ten years)."""
        kind, year = self.current_kind(), self.year.value()
        if kind is PeriodKind.MONTH:
            return Period.month(year, int(self.month.currentData()))
        if kind is PeriodKind.QUARTER:
            return Period.quarter(year, int(self.quarter.currentData()))
        if kind is PeriodKind.YEAR:
            return Period.year(year)
        return Period.custom(_pydate(self.start.date()), _pydate(self.end.date()))

    def set_period(self, period: Period) -> None:
        self.set_kind(period.kind)
        self.year.setValue(period.start.year)
        self.month.setCurrentIndex(period.start.month - 1)
        self.quarter.setCurrentIndex((period.start.month - 1) // 3)
        self.start.setDate(_qdate(period.start))
        self.end.setDate(_qdate(period.end))

    # --- Qt overrides ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    # --- slots -------------------------------------------------------------------------------

    def _show_parts(self) -> None:
        kind = self.current_kind()
        custom = kind is PeriodKind.CUSTOM
        self.year.setVisible(not custom)
        self.month.setVisible(kind is PeriodKind.MONTH)
        self.quarter.setVisible(kind is PeriodKind.QUARTER)
        for w in (self.start, self.to_label, self.end):
            w.setVisible(custom)

    @Slot(int)
    def _on_kind_current_index_changed(self, _index: int) -> None:
        self._show_parts()
        self.changed.emit()
