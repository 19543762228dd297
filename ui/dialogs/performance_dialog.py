"""登记履行: how one item of the agreement was performed — the state, the day, the amount of
a partial payment, the proof and its file. The core checks and records it (with the case
history); a refusal shows in the dialog, which stays open with everything typed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.money import AmountError, figures, parse_amount
from mediation_desk.domain.performance_marks import PerformanceState, ProofKind
from ui.dialogs.saving_dialog import SavingDialog
from ui.widgets.clause_editor import date_edit, pydate

if TYPE_CHECKING:
    from mediation_desk.services.performance import PerformanceItemView, PerformanceView
    from ui.context import AppContext

PROOF_FILTER = "凭证文件 (*.jpg *.jpeg *.png *.pdf *.heic *.bmp *.tif *.tiff);;所有文件 (*)"


class MarkPerformanceDialog(SavingDialog):
    """登记履行 of one item of the case's effective agreement."""

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        item: PerformanceItemView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.ctx, self.case_id, self.key = ctx, case_id, item.key
        self.saved: PerformanceView | None = None
        self.setWindowTitle(self.tr("登记履行 — {0}").format(item.label))
        self.setMinimumWidth(480)
        what = QLabel(
            self.tr("{0}：{1}　{2}").format(item.label, item.obligor, item.what)
            + (self.tr("（已付¥{0}）").format(figures(item.paid_fen)) if item.paid_fen else ""),
            self,
        )
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        self.state = QComboBox(self)
        for s in PerformanceState:
            self.state.addItem(s.label, s.value)
        self.on = date_edit(self, ctx.ops.today())
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("本次支付的金额（元），如 5000"))
        self.payment = item.amount_fen is not None
        self.proof_kind = QComboBox(self)
        for p in ProofKind:
            self.proof_kind.addItem(p.label, p.value)
        self.proof_kind.setCurrentIndex(list(ProofKind).index(ProofKind.RECEIPT))
        self.proof_file = QLineEdit(self)
        self.proof_file.setReadOnly(True)
        self.proof_file.setPlaceholderText(self.tr("未选择（可不附文件）"))
        self.choose_button = QPushButton(self.tr("选择文件…"), self)
        self.choose_button.setAutoDefault(False)
        self.clear_button = QPushButton(self.tr("清除"), self)
        self.clear_button.setAutoDefault(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.proof_file, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.clear_button)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("说明（可不填），如：在调解室当面支付现金"))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3)
        form = QFormLayout()
        form.addRow(self.tr("履行情况"), self.state)
        form.addRow(self.tr("履行日期"), self.on)
        form.addRow(self.tr("部分履行金额"), self.amount)
        form.addRow(self.tr("凭证种类"), self.proof_kind)
        form.addRow(self.tr("凭证文件"), file_row)
        form.addRow(self.tr("说明"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.state.currentIndexChanged.connect(self._on_state_current_index_changed)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.clear_button.clicked.connect(self.proof_file.clear)
        self._on_state_current_index_changed()

    def chosen_state(self) -> PerformanceState:
        return PerformanceState(self.state.currentData())

    @Slot()
    def _on_state_current_index_changed(self) -> None:
        partly = self.chosen_state() is PerformanceState.PARTLY
        self.amount.setEnabled(partly and self.payment)

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择履行凭证"), "", self.tr(PROOF_FILTER)
        )
        if path:
            self.proof_file.setText(path)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.documents import case_folder
        from mediation_desk.services.performance import mark_item

        state = self.chosen_state()
        amount = None
        if state is PerformanceState.PARTLY and self.payment:
            try:
                amount = parse_amount(self.amount.text())
            except AmountError as exc:
                self.show_error(self.tr("部分履行金额：{0}").format(exc))
                return
        case_id, key, on = self.case_id, self.key, pydate(self.on.date())
        proof = ProofKind(self.proof_kind.currentData())
        chosen = self.proof_file.text().strip()
        proof_file = Path(chosen) if chosen else None
        note = self.note.toPlainText()
        folder = case_folder(self.ctx.settings.data_dir, case_id)
        self.ctx.ops.run(
            self,
            lambda uow: mark_item(
                uow,
                case_id,
                key,
                state,
                on,
                amount_fen=amount,
                proof_kind=proof,
                proof_file=proof_file,
                note=note,
                folder=folder,
            ),
            on_success=self._on_saved,
            on_failure=self._on_refused,
            busy=self.tr("正在保存…"),
            disable=[self.ok_button],
        )

    def _on_saved(self, view: PerformanceView) -> None:
        self.saved = view
        self.accept()
