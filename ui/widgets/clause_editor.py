"""Inputs of the agreement editor: a date field, an amount in figures with its capitals, one
clause edited as a structured item, and a watch for the user's edits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.agreements import ClauseDraft, ClauseKind, InstalmentDraft
from mediation_desk.domain.money import AmountError, amount_text, parse_amount, yuan_text


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def date_edit(parent: QWidget, today: dt.date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(qdate(today))
    return edit


def watch_edits(root: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the user may have changed an input under ``root``."""
    for w in root.findChildren(QLineEdit):
        w.textChanged.connect(slot)
    for w in root.findChildren(QPlainTextEdit):
        w.textChanged.connect(slot)
    for w in root.findChildren(QComboBox):
        w.currentIndexChanged.connect(slot)
    for w in root.findChildren(QDateEdit):
        w.dateChanged.connect(slot)
    for w in root.findChildren(QSpinBox):
        w.valueChanged.connect(slot)
    for w in root.findChildren(QCheckBox):
        w.toggled.connect(slot)
    for w in root.findChildren(QTableWidget):
        w.itemChanged.connect(slot)
        w.model().rowsInserted.connect(slot)
        w.model().rowsRemoved.connect(slot)


class AmountEdit(QWidget):
    """Yuan typed in figures, the capitals shown beside it as the agreement will print them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("金额（元），如 35600 或 35,600.00"))
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.edit)
        column.addWidget(self.preview)
        self.edit.textChanged.connect(self._on_edit_text_changed)

    def fen(self) -> int | None:
        try:
            return parse_amount(self.edit.text()) if self.edit.text().strip() else None
        except AmountError:
            return None

    def set_fen(self, fen: int | None) -> None:
        self.edit.setText(yuan_text(fen) if fen is not None else "")

    @Slot(str)
    def _on_edit_text_changed(self, text: str) -> None:
        if not text.strip():
            self.preview.setText("")
            return
        try:
            self.preview.setText(amount_text(parse_amount(text)))
        except AmountError as exc:
            self.preview.setText(str(exc))


class ClauseEditor(QGroupBox):
    """One clause; the fields shown depend on its kind."""

    changed = Signal()

    def __init__(
        self, parties: list[tuple[int, str]], today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.setTitle(self.tr("条款内容"))
        self.kind = QComboBox(self)
        for k in ClauseKind:
            self.kind.addItem(k.label, k.value)  # Qt hands back a plain str: keep the value
        self.stack = QStackedWidget(self)
        # payment
        pay = QWidget()
        form = QFormLayout(pay)
        self.payer, self.payee = self._party_combo(parties), self._party_combo(parties)
        self.amount = AmountEdit(pay)
        self.method = QLineEdit(pay)
        self.method.setPlaceholderText(self.tr("现金 / 银行转账 / 微信转账 …"))
        self.account = QLineEdit(pay)
        self.pay_due = date_edit(pay, today)
        self.instalments = QTableWidget(0, 2, pay)
        self.instalments.setHorizontalHeaderLabels(
            [self.tr("期限（yyyy-mm-dd）"), self.tr("金额（元）")]
        )
        header = self.instalments.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # never clipped
        header.setStretchLastSection(True)
        self.instalments.setMaximumHeight(120)
        add_row, del_row = (
            QPushButton(self.tr("增加一期"), pay),
            QPushButton(self.tr("删除一期"), pay),
        )
        add_row.clicked.connect(self._on_add_instalment_clicked)
        del_row.clicked.connect(self._on_remove_instalment_clicked)
        rows = QHBoxLayout()
        rows.addWidget(add_row)
        rows.addWidget(del_row)
        rows.addStretch(1)
        form.addRow(self.tr("付款人"), self.payer)
        form.addRow(self.tr("收款人"), self.payee)
        form.addRow(self.tr("金额"), self.amount)
        form.addRow(self.tr("支付方式"), self.method)
        form.addRow(self.tr("收款账户"), self.account)
        form.addRow(self.tr("付款期限（一次付清）"), self.pay_due)
        form.addRow(self.tr("分期（可选）"), self.instalments)
        form.addRow("", rows)
        # act
        act = QWidget()
        form = QFormLayout(act)
        self.obligor = self._party_combo(parties)
        self.act = QPlainTextEdit(act)
        self.act.setTabChangesFocus(True)
        self.act.setMaximumHeight(70)
        self.place = QLineEdit(act)
        self.act_due = date_edit(act, today)
        form.addRow(self.tr("义务人"), self.obligor)
        form.addRow(self.tr("履行事项"), self.act)
        form.addRow(self.tr("履行地点"), self.place)
        form.addRow(self.tr("履行期限"), self.act_due)
        # free text
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        for page in (pay, act, self.text):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow(self.tr("条款类型"), self.kind)
        layout.addLayout(top)
        layout.addWidget(self.stack)
        self.kind.currentIndexChanged.connect(self.stack.setCurrentIndex)

    def _party_combo(self, parties: list[tuple[int, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(self.tr("（请选择）"), None)
        for pid, name in parties:
            combo.addItem(name, pid)
        return combo

    @Slot()
    def _on_add_instalment_clicked(self) -> None:
        self.instalments.insertRow(self.instalments.rowCount())

    @Slot()
    def _on_remove_instalment_clicked(self) -> None:
        if self.instalments.rowCount():
            self.instalments.removeRow(self.instalments.rowCount() - 1)

    def load(self, c: ClauseDraft) -> None:
        def pick(combo: QComboBox, pid: int | None) -> None:
            combo.setCurrentIndex(max(combo.findData(pid), 0))

        self.kind.setCurrentIndex(self.kind.findData(c.kind.value))
        pick(self.payer, c.payer_party_id)
        pick(self.payee, c.payee_party_id)
        pick(self.obligor, c.obligor_party_id)
        self.amount.set_fen(c.amount_fen)
        self.method.setText(c.method)
        self.account.setText(c.account)
        self.pay_due.setDate(qdate(c.due_date or self.today))
        self.act_due.setDate(qdate(c.due_date or self.today))
        self.instalments.setRowCount(0)
        for p in c.instalments:
            r = self.instalments.rowCount()
            self.instalments.insertRow(r)
            self.instalments.setItem(
                r, 0, QTableWidgetItem(p.due_date.isoformat() if p.due_date else "")
            )
            self.instalments.setItem(
                r, 1, QTableWidgetItem(yuan_text(p.amount_fen) if p.amount_fen is not None else "")
            )
        self.act.setPlainText(c.act)
        self.place.setText(c.place)
        self.text.setPlainText(c.text)

    def draft(self) -> ClauseDraft:
        kind = ClauseKind(self.kind.currentData())
        if kind is ClauseKind.PAYMENT:
            instalments = []
            for r in range(self.instalments.rowCount()):
                cells = [self.instalments.item(r, c) for c in range(2)]
                texts = [c.text().strip() if c else "" for c in cells]
                try:
                    due = dt.date.fromisoformat(texts[0]) if texts[0] else None
                except ValueError:
                    due = None
                try:
                    fen = parse_amount(texts[1]) if texts[1] else None
                except AmountError:
                    fen = None
                instalments.append(InstalmentDraft(due, fen))
            return ClauseDraft(
                kind,
                self.payer.currentData(),
                self.payee.currentData(),
                self.amount.fen(),
                self.method.text(),
                self.account.text(),
                None if instalments else pydate(self.pay_due.date()),
                instalments,
            )
        if kind is ClauseKind.ACT:
            return ClauseDraft(
                kind,
                obligor_party_id=self.obligor.currentData(),
                act=self.act.toPlainText(),
                place=self.place.text(),
                due_date=pydate(self.act_due.date()),
            )
        return ClauseDraft(kind, text=self.text.toPlainText())
