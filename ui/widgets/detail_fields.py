"""Read-only layout pieces of the case window: values, label/value pairs, small tables, and an
identity number shown masked until the clerk asks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from mediation_desk.domain.validation import mask_id_number

EMPTY = "—"


def value_label(text: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(text.strip() or EMPTY)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    form = QFormLayout(parent)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    # wrapped labels get the full width (and so their real height), not their narrow size hint
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class Pairs:
    """Label/value pairs two to a row, to keep a party on one screen; wide values span a row."""

    def __init__(self, parent: QWidget) -> None:
        self.grid = QGridLayout(parent)
        self.grid.setHorizontalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.row = self.col = 0

    def add(self, label: str, widget: QWidget, *, wide: bool = False) -> None:
        if wide and self.col:
            self.row, self.col = self.row + 1, 0
        name = QLabel(label)
        name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(name, self.row, self.col * 2)
        top = Qt.AlignmentFlag.AlignTop  # vertical only: the value still fills the cell's width
        self.grid.addWidget(widget, self.row, self.col * 2 + 1, 1, 3 if wide else 1, top)
        if wide or self.col:
            self.row, self.col = self.row + 1, 0
        else:
            self.col = 1


def read_only_table(headers: list[str], rows: list[list[str]], parent: QWidget) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(len(headers) - 1):  # breathing room; the last column stretches
        table.setColumnWidth(c, table.columnWidth(c) + 12)
    return table


class SecretField(QWidget):
    """An identity number shown masked, with a 显示/隐藏 toggle for the clerk who needs it."""

    def __init__(self, number: str, parent: QWidget | None = None, *, whose: str = "") -> None:
        super().__init__(parent)
        self.number = number.strip()
        self.whose = whose  # the holder's name, for the audit entry of a reveal
        #: Called with ``reveal`` before the full number shows (the case window records the
        #: view in the audit trail first, then reveals); None shows it at once.
        self.before_reveal: Callable[[Callable[[], None]], None] | None = None
        self.masked = mask_id_number(self.number) if self.number else EMPTY
        self.label = value_label(self.masked)
        self.button = QToolButton(self)  # compact, so the row keeps the height of a text line
        self.button.setText(self.tr("显示"))
        self.button.setToolTip(self.tr("显示完整证件号码"))
        self.button.setCheckable(True)
        self.button.setAutoRaise(True)
        self.button.setStyleSheet("QToolButton { color: palette(link); }")  # reads as a link
        self.button.setVisible(bool(self.number))
        self.button.toggled.connect(self._on_button_toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.button)
        row.addStretch(1)

    @Slot(bool)
    def _on_button_toggled(self, shown: bool) -> None:
        if shown and self.before_reveal is not None:
            self._show(False)  # stays masked until the view is recorded
            self.before_reveal(self.reveal)
            return
        self._show(shown)

    def reveal(self) -> None:
        """Show the full number (after its view was recorded)."""
        self._show(True)

    def conceal(self) -> None:
        """Back to the masked number (e.g. another account now acts, which may not see it)."""
        self._show(False)

    def _show(self, shown: bool) -> None:
        blocked = self.button.blockSignals(True)
        self.button.setChecked(shown)
        self.button.blockSignals(blocked)
        self.label.setText(self.number if shown else self.masked)
        self.button.setText(self.tr("隐藏") if shown else self.tr("显示"))
