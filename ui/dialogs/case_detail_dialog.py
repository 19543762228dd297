"""One case in full, laid out for the clerk: the case, its parties, links and history, its
sessions, its 督办 instructions, and the paperwork; routing it again, booking a session and
ending (or resuming) mediation from here.

Everything shown comes from one ``CaseSource``: one read when the window opens, one more
whenever an action anywhere touches the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.routing_dialog import RoutingDialog
from ui.models.case_source import CaseSource
from ui.models.case_table_model import RISK_COLOURS
from ui.views.case_pages import BasicPage, LinksHistoryPage, PartiesPage, SessionsPage
from ui.views.supervision_page import SupervisionPage

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.services.case_overview import CaseOverview
    from ui.context import AppContext
    from ui.widgets.detail_fields import SecretField

#: The pages rebuilt from each load, before the paperwork tab (which keeps its editors).
INFO_PAGES = 5


class CaseDetailDialog(QDialog):
    """Everything the core knows about one case, in tabs."""

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.views.agreement_editor import AgreementEditor
        from ui.views.documents_panel import DocumentsPanel

        self.ctx = ctx
        self.case_id = case_id
        self.id_fields: list[SecretField] = []
        self.routing_dialog: RoutingDialog | None = None
        self.linked_dialogs: list[CaseDetailDialog] = []
        self.resize(860, 660)

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.badge = QLabel(self)
        self.badge.setTextFormat(Qt.TextFormat.PlainText)
        self.deadline_badge = QLabel(self)  # judicial-confirmation deadline, when there is one
        self.deadline_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.deadline_badge.hide()
        self.tabs = QTabWidget(self)
        self.history_table: QTableWidget | None = None
        self.links_table: QTableWidget | None = None

        self.buttons = QDialogButtonBox(self)
        self.route_button = self.buttons.addButton(
            self.tr("分流/移送…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.book_button = self.buttons.addButton(
            self.tr("预约调解…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.outcome_button = self.buttons.addButton(
            self.tr("结束调解…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(
            self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.route_button.setAutoDefault(False)
        self.book_button.setAutoDefault(False)
        self.outcome_button.setAutoDefault(False)
        self.book_button.clicked.connect(self._on_book_button_clicked)
        self.outcome_button.clicked.connect(self._on_outcome_button_clicked)
        self.route_button.clicked.connect(self._on_route_button_clicked)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.badge)
        top.addSpacing(12)
        top.addWidget(self.deadline_badge)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.source = CaseSource(ctx, case_id, self)
        self.paperwork = QTabWidget()
        self.agreement_editor = AgreementEditor(ctx, self.source, self.paperwork)
        self.documents_panel = DocumentsPanel(ctx, self.source, self.paperwork)
        self.paperwork.addTab(self.agreement_editor, self.tr("调解协议"))
        self.paperwork.addTab(self.documents_panel, self.tr("文书与司法确认"))
        self.tabs.addTab(self.paperwork, self.tr("协议与文书"))
        self.show_overview(self.source.overview)
        self.tabs.setCurrentIndex(0)
        self.source.loaded.connect(self.show_overview)

    # --- showing -----------------------------------------------------------------------------

    @Slot(object)
    def show_overview(self, overview: CaseOverview) -> None:
        d = overview.case
        self.detail = d
        self.setWindowTitle(self.tr("案件详情 — {0}").format(d.number))
        self.title.setText(d.number)
        self.badge.setText(self.tr("{0}  ·  风险：{1}").format(d.status.label, d.risk_level.label))
        if d.risk_level in RISK_COLOURS:
            swatch, tint = RISK_COLOURS[d.risk_level]
            self.badge.setStyleSheet(
                f"background: {tint}; color: #202020; border-left: 4px solid {swatch};"
                " padding: 2px 6px;"
            )
        else:
            self.badge.setStyleSheet("")
        self._show_deadline(overview)
        self._show_outcome_button(d)
        current = self.tabs.currentIndex()
        for _ in range(min(INFO_PAGES, self.tabs.count() - 1)):
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        parties = PartiesPage(d)
        links = LinksHistoryPage(d, overview.history)
        links.case_opened.connect(self.open_case)
        self.id_fields, self.links_table, self.history_table = (
            parties.id_fields,
            links.links_table,
            links.history_table,
        )
        sessions = self.tr("调解场次（{0}）").format(len(overview.sessions))
        supervision = self.tr("督办（{0}）").format(len(overview.instructions))
        pages = (
            (BasicPage(d), self.tr("基本信息")),
            (parties, self.tr("当事人")),
            (links, self.tr("关联与历史")),
            (SessionsPage(overview.sessions), sessions),
            (SupervisionPage(self.ctx, d, overview.instructions), supervision),
        )
        for i, (page, title) in enumerate(pages):
            self.tabs.insertTab(i, page, title)
        self.tabs.setCurrentIndex(max(current, 0))

    def _show_deadline(self, overview: CaseOverview) -> None:
        from ui.views.documents_panel import deadline_text

        pack = overview.data.pack
        today = self.ctx.ops.today()
        self.deadline_badge.setVisible(pack.deadline_pending)
        self.deadline_badge.setText(
            self.tr("司法确认申请期限：{0}").format(deadline_text(pack, today))
        )
        left = pack.days_left(today)
        urgent = left is not None and left <= 7
        self.deadline_badge.setStyleSheet(
            "color: #a00000; font-weight: bold;" if urgent else "color: palette(text);"
        )

    def _show_outcome_button(self, d: CaseDetail) -> None:
        from mediation_desk.domain.outcomes import EndAction
        from ui.dialogs.outcome_dialog import offered_actions

        actions = offered_actions(d)
        self.outcome_button.setText(
            self.tr("恢复调解…") if actions == [EndAction.REOPEN] else self.tr("结束调解…")
        )
        self.outcome_button.setEnabled(bool(actions))
        self.outcome_button.setToolTip(
            "" if actions else self.tr("本案{0}，不能终止、撤回或恢复调解").format(d.status.label)
        )

    # --- actions -----------------------------------------------------------------------------

    @Slot(int)
    def open_case(self, case_id: int) -> CaseDetailDialog:
        """Open another case's detail on top of this one (non-blocking)."""
        dialog = CaseDetailDialog(self.ctx, case_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.linked_dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self.linked_dialogs.remove(dialog))
        dialog.show()
        return dialog

    @Slot()
    def _on_route_button_clicked(self) -> None:
        dialog = RoutingDialog(self.ctx, self.case_id, self, current=self.detail)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_routing_dialog_finished)
        self.routing_dialog = dialog
        dialog.open()

    @Slot()
    def _on_routing_dialog_finished(self) -> None:
        self.routing_dialog = None

    @Slot()
    def _on_outcome_button_clicked(self) -> None:
        from ui.dialogs.outcome_dialog import OutcomeDialog

        dialog = OutcomeDialog(self.ctx, self.detail, self)
        dialog.exec()  # what it records reaches this window as a change
        dialog.deleteLater()

    @Slot()
    def _on_book_button_clicked(self) -> None:
        from ui.dialogs.booking_dialog import BookingDialog  # scheduling loads on demand

        dialog = BookingDialog(self.ctx, self.case_id, self)
        dialog.exec()  # a booking reaches this window as a change
        dialog.deleteLater()
