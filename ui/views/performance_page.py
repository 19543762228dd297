"""The case window's 履行 page: the agreement's schedule item by item — who owes what by when,
its state, what was paid, the last day to apply for enforcement after a ruling — with
登记履行… on the chosen item and 打印收条 for a payment recorded on it.

Before the agreement takes effect the schedule shown follows the agreement (nothing can be
marked); once effective it is frozen. What the buttons record reaches the window as a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.dates import numeric_date
from mediation_desk.domain.money import figures
from ui.widgets.detail_fields import read_only_table, value_label

if TYPE_CHECKING:
    from mediation_desk.services.documents import GeneratedDocumentView
    from mediation_desk.services.performance import PerformanceItemView, PerformanceView
    from ui.context import AppContext

OVERDUE_COLOUR = "#b00020"


def _latest(item: PerformanceItemView) -> str:
    if not item.marks:
        return ""
    m = item.marks[-1]
    proof = "" if m.proof_name == "" else f"（{m.proof_name}）"
    return f"{numeric_date(m.on)} {m.state.label}，凭证：{m.proof_kind.label}{proof}"


def _content(item: PerformanceItemView) -> str:
    """``支付¥20,000.00 → 张三`` or the act (the full wording is in the agreement)."""
    if item.amount_fen is None:
        return item.act
    return f"支付¥{figures(item.amount_fen)}" + (f" → {item.payee}" if item.payee else "")


def _enforcement(item: PerformanceItemView) -> str:
    d = item.enforcement
    return "" if d is None else numeric_date(d.due) + ("※" if d.beyond_table else "")


def heading_text(view: PerformanceView) -> str:
    if view.effective_on is None:
        return "协议尚未生效：以下履行清单随协议内容变化，生效后固定，方可登记履行。"
    text = f"协议于{numeric_date(view.effective_on)}生效，履行清单已固定。"
    if view.ruling_on is not None:
        text += f"法院已于{numeric_date(view.ruling_on)}作出裁定，未履行部分可申请强制执行。"
    return text


def totals_text(view: PerformanceView) -> str:
    text = (
        f"应付合计¥{figures(view.total_fen)} · 已付¥{figures(view.paid_fen)} · "
        f"尚欠¥{figures(view.outstanding_fen)}"
    )
    overdue = len(view.overdue)
    return text + (f" · 逾期{overdue}项" if overdue else "")


class PerformancePage(QWidget):
    def __init__(
        self, ctx: AppContext, view: PerformanceView | None, parent: QWidget | None = None
    ) -> None:
        """``view`` as the case window read it (None: no agreement read)."""
        super().__init__(parent)
        from mediation_desk.services.performance import PerformanceView

        if view is None:
            view = PerformanceView(0, None, False, None, [], ctx.ops.today())
        self.ctx, self.case_id = ctx, view.case_id
        self.view = view
        self.preview_dialog: QWidget | None = None
        view = self.view
        headers = ["事项", "义务人", "内容", "履行期限", "状态", "已付", "最近登记"]
        ruled = view.ruling_on is not None
        if ruled:
            headers.insert(6, "申请执行期限")
        rows = []
        for i in view.items:
            row = [
                i.label,
                i.obligor,
                _content(i),
                numeric_date(i.due_date) if i.due_date else "",
                i.state_text + ("（逾期）" if i.overdue else ""),
                f"¥{figures(i.paid_fen)}" if i.amount_fen is not None else "",
                _latest(i),
            ]
            if ruled:
                row.insert(6, _enforcement(i))
            rows.append(row)
        self.table = read_only_table(headers, rows, self)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, i in enumerate(view.items):
            if i.overdue:
                for c in range(len(headers)):
                    cell = self.table.item(r, c)
                    if cell is not None:
                        cell.setForeground(QColor(OVERDUE_COLOUR))
        self.heading = QLabel(heading_text(view), self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.totals = value_label(totals_text(view) if view.items else "")
        self.mark_button = QPushButton(self.tr("登记履行…"), self)
        self.receipt_button = QPushButton(self.tr("打印收条"), self)
        for b in (self.mark_button, self.receipt_button):
            b.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.totals, 1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.receipt_button)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.table, 1)
        if not view.items:
            column.addWidget(
                value_label(
                    self.tr("本案尚无调解协议。")
                    if view.effective_on is None and not view.frozen
                    else self.tr("协议没有需要履行的给付或行为条款。")
                )
            )
        column.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.mark_button.clicked.connect(self._on_mark_button_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)
        if view.items:
            first = next((n for n, i in enumerate(view.items) if i.overdue), 0)
            self.table.selectRow(first)
        self._on_table_item_selection_changed()
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import performance as svc
        from ui.permissions import RoleGate, guarded

        RoleGate(self.ctx, self).require(self.mark_button, guarded(svc.mark_item, P.FOLLOW_UP))

    def selected(self) -> PerformanceItemView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.view.items[rows[0].row()] if rows else None

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        item = self.selected()
        from mediation_desk.domain.performance_marks import PerformanceState

        can_mark = (
            self.view.frozen and item is not None and item.state is not PerformanceState.PERFORMED
        )
        self.mark_button.setEnabled(can_mark)
        self.mark_button.setToolTip(
            ""
            if can_mark
            else self.tr("协议生效后方可登记履行")
            if not self.view.frozen
            else self.tr("该项已履行完毕")
            if item is not None
            else self.tr("请先选择一项")
        )
        paid = item is not None and item.receipt_mark is not None
        self.receipt_button.setEnabled(paid)
        self.receipt_button.setToolTip(
            "" if paid else self.tr("选择已登记付款（已履行或部分履行）的给付项后打印收条")
        )

    @Slot()
    def _on_mark_button_clicked(self) -> None:
        from ui.dialogs.performance_dialog import MarkPerformanceDialog

        item = self.selected()
        if item is None:
            return
        dialog = MarkPerformanceDialog(self.ctx, self.case_id, item, self)
        dialog.exec()  # what it records reaches the window as a change
        dialog.deleteLater()

    @Slot()
    def _on_receipt_button_clicked(self) -> None:
        from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
        from mediation_desk.services.documents import case_folder, generate_documents

        item = self.selected()
        mark = item.receipt_mark if item is not None else None
        if mark is None:
            return
        case_id, folder = self.case_id, case_folder(self.ctx.settings.data_dir, self.case_id)
        self.ctx.ops.run(
            self,
            lambda uow: generate_documents(
                uow,
                case_id=case_id,
                kinds=[DocumentKind.RECEIPT],
                formats=[FileFormat.PDF],
                folder=folder,
                record_id=mark.id,
            ),
            on_success=self._on_receipt_generated,
            title=self.tr("无法生成收条"),
            busy=self.tr("正在生成收条…"),
            disable=[self.receipt_button],
        )

    def _on_receipt_generated(self, files: list[GeneratedDocumentView]) -> None:
        from mediation_desk.services.documents import case_folder
        from ui.dialogs.print_preview_dialog import PrintPreviewDialog

        if not files:
            return
        f = files[0]
        path = case_folder(self.ctx.settings.data_dir, self.case_id) / f.file_name
        dialog = PrintPreviewDialog(path, self.tr("收条 第{0}版").format(f.version), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()
