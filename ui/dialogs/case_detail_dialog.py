"""One case in full, laid out for the clerk: the case, its parties, links and history, its
sessions, its 督办 instructions, the agreement's performance (履行), its follow-up visits
(回访), and the paperwork; routing it again, booking a session and ending (or resuming)
mediation from here.

Everything shown comes from one ``CaseSource``: one read when the window opens, one more
whenever an action anywhere touches the case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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
from ui.models.case_rows import RISK_COLOURS
from ui.models.case_source import CaseSource
from ui.views.case_pages import BasicPage, LinksHistoryPage, PartiesPage, SessionsPage
from ui.views.follow_up_page import FollowUpPage
from ui.views.investigations_page import InvestigationsPage
from ui.views.performance_page import PerformancePage
from ui.views.supervision_page import SupervisionPage

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.services.case_overview import CaseOverview
    from ui.context import AppContext
    from ui.widgets.detail_fields import SecretField

#: The pages rebuilt from each load, before the paperwork tab (which keeps its editors).
INFO_PAGES = 8
#: The pages after them, kept across loads: the paperwork and the case file (卷宗).
KEPT_PAGES = 2


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
        self.limit_badge = QLabel(self)  # the case's time limit (办理时限), always shown
        self.limit_badge.setTextFormat(Qt.TextFormat.PlainText)
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
        self.correct_button = self.buttons.addButton(
            self.tr("修改登记信息…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.correct_button.setAutoDefault(False)
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.correction_dialog: QDialog | None = None
        self.extend_button = self.buttons.addButton(
            self.tr("延长期限…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.extend_button.setAutoDefault(False)
        self.extend_button.clicked.connect(self._on_extend_button_clicked)
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
        top.addWidget(self.limit_badge)
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
        from ui.views.case_file_page import CaseFilePage

        self.case_file_page = CaseFilePage(ctx, self.source, self.tabs)  # reads when shown
        self.case_file_page.fix_requested.connect(self.show_fix_place)
        self.tabs.addTab(self.case_file_page, self.tr("卷宗"))
        self._gate_buttons()
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
        self._show_time_limit(d)
        self._show_outcome_button(d)
        self._show_correct_button(d)
        current = self.tabs.currentIndex()
        for _ in range(min(INFO_PAGES, self.tabs.count() - KEPT_PAGES)):
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
        for field in self.id_fields:  # a full-ID view is audited before it shows
            field.before_reveal = partial(self._record_reveal, field.whose)
        self._gate_id_fields(parties, d)
        sessions = self.tr("调解场次（{0}）").format(len(overview.sessions))
        self.sessions_page = SessionsPage(overview.sessions, with_minutes=overview.minutes_sessions)
        self.sessions_page.minutes_requested.connect(self.open_minutes)
        self.sessions_page.print_minutes_requested.connect(self.documents_panel.print_minutes)
        self.investigations_page = InvestigationsPage(overview.investigations)
        self.investigations_page.add_requested.connect(self.open_investigation)
        self.investigations_page.edit_requested.connect(self.open_investigation)
        self.investigations_page.delete_requested.connect(self.delete_investigation)
        self._gate_record_pages()
        investigations = self.tr("调查记录（{0}）").format(len(overview.investigations))
        supervision = self.tr("督办（{0}）").format(len(overview.instructions))
        self.follow_up_page = FollowUpPage(self.ctx, d, overview.follow_ups)
        follow_ups = self.tr("回访（{0}）").format(len(overview.follow_ups))
        pages = (
            (BasicPage(d), self.tr("基本信息")),
            (parties, self.tr("当事人")),
            (links, self.tr("关联与历史")),
            (self.sessions_page, sessions),
            (self.investigations_page, investigations),
            (SupervisionPage(self.ctx, d, overview.instructions), supervision),
            (PerformancePage(self.ctx, overview.performance), self.tr("履行")),
            (self.follow_up_page, follow_ups),
        )
        for i, (page, title) in enumerate(pages):
            self.tabs.insertTab(i, page, title)
        self.tabs.setCurrentIndex(max(current, 0))

    # --- what the acting account may do (ui.permissions) ----------------------------------------

    def _gate_buttons(self) -> None:
        """The window's own buttons, shown only to an account whose roles may use them."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import booking, cases, corrections, time_limits
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.route_button, guarded(cases.route_case, P.ROUTE))
        gate.require(self.book_button, guarded(booking.book_session, P.SCHEDULE))
        gate.require(self.outcome_button, P.MEDIATE)  # case_flow events: mediation's end
        gate.require(self.correct_button, guarded(corrections.correct_case, P.REGISTER))
        gate.require(self.extend_button, guarded(time_limits.extend_time_limit, P.MEDIATE))

    def _gate_record_pages(self) -> None:
        """Minutes and investigation records (rebuilt with each load: the gate goes with
        its page)."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import minutes
        from ui.permissions import RoleGate, guarded

        sessions = RoleGate(self.ctx, self.sessions_page)
        sessions.require(
            self.sessions_page.minutes_button, guarded(minutes.save_minutes, P.MEDIATE)
        )
        sessions.require(self.sessions_page.print_button, P.MEDIATE)  # a generated document
        records = RoleGate(self.ctx, self.investigations_page)
        page = self.investigations_page
        records.require(page.add_button, guarded(minutes.record_investigation, P.MEDIATE))
        records.require(page.edit_button, guarded(minutes.update_investigation, P.MEDIATE))
        records.require(page.delete_button, guarded(minutes.delete_investigation, P.MEDIATE))

    def _gate_id_fields(self, parties: QWidget, d: CaseDetail) -> None:
        """查看完整证件号: every case with VIEW_ALL_IDS, the account's own cases with
        VIEW_OWN_IDS (the case's mediator is the account's mediator)."""
        from ui.permissions import RoleGate, may_see_full_ids

        gate = RoleGate(self.ctx, parties)
        for field in self.id_fields:

            def may_see(actor: Actor | None, field: SecretField = field) -> bool:
                if bool(field.number) and may_see_full_ids(actor, d.mediator_id):
                    return True
                field.conceal()  # a number shown to the previous account is masked again
                return False

            gate.require(field.button, may_see)

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

    def _show_time_limit(self, d: CaseDetail) -> None:
        from mediation_desk.domain.time_limits import header_text, header_tooltip

        limit = d.time_limit
        today = self.ctx.ops.today()
        self.limit_badge.setText(header_text(limit, today) if limit else self.tr("无办理时限"))
        self.limit_badge.setToolTip(header_tooltip(limit) if limit else "")
        left = limit.days_left(today) if limit and limit.is_open else None
        self.limit_badge.setStyleSheet(
            "color: #a00000; font-weight: bold;"
            if left is not None and left <= 3
            else "color: #a15c00;"
            if limit and limit.beyond_table
            else "color: palette(text);"
        )
        extendable = bool(limit and limit.is_open and limit.due)
        self.extend_button.setEnabled(extendable)
        self.extend_button.setToolTip("" if extendable else self.tr("只有在办案件可以延长办理时限"))

    def _show_outcome_button(self, d: CaseDetail) -> None:
        from ui.dialogs.outcome_dialog import dialog_title, offered_actions

        actions = offered_actions(d)
        self.outcome_button.setText(dialog_title(actions) + "…")
        self.outcome_button.setEnabled(bool(actions))
        self.outcome_button.setToolTip(
            "" if actions else self.tr("本案{0}，不能结束、结案或恢复调解").format(d.status.label)
        )

    def _show_correct_button(self, d: CaseDetail) -> None:
        from mediation_desk.domain.corrections import correction_refusal

        refusal = correction_refusal(d.status)
        self.correct_button.setEnabled(not refusal)
        self.correct_button.setToolTip(
            refusal or self.tr("修改当事人、电话、代理人、参加人、事实、请求、类型和来源")
        )

    @Slot(object)
    def show_fix_place(self, place: object) -> None:
        """Go where a missing item of the case file is put right (its tab)."""
        from mediation_desk.domain.case_file import FixPlace

        pages = {
            FixPlace.SESSIONS: 3,
            FixPlace.INVESTIGATIONS: 4,
            FixPlace.AGREEMENT: INFO_PAGES,
            FixPlace.DOCUMENTS: INFO_PAGES,
            FixPlace.CONFIRMATION: INFO_PAGES,
            FixPlace.ATTACHMENTS: INFO_PAGES + 1,
            FixPlace.PERFORMANCE: INFO_PAGES + 1,  # the performance records' tab, once merged
        }
        if isinstance(place, FixPlace):
            self.tabs.setCurrentIndex(pages[place])
            if place is FixPlace.AGREEMENT:
                self.paperwork.setCurrentWidget(self.agreement_editor)
            elif place in (FixPlace.DOCUMENTS, FixPlace.CONFIRMATION):
                self.paperwork.setCurrentWidget(self.documents_panel)

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

    @Slot(int)
    def open_minutes(self, session_id: int) -> None:
        """The minutes editor of the session (saved minutes reach this window as a change)."""
        from mediation_desk.services.minutes import minutes_for
        from ui.dialogs.minutes_dialog import MinutesDialog

        minutes = self.ctx.ops.read(lambda uow: minutes_for(uow, session_id))
        dialog = MinutesDialog(self.ctx, minutes, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    @Slot(object)
    def open_investigation(self, record: object = None) -> None:
        """Add an investigation record, or correct ``record``."""
        from mediation_desk.domain.minutes import InvestigationView
        from ui.dialogs.investigation_dialog import InvestigationDialog

        chosen = record if isinstance(record, InvestigationView) else None
        dialog = InvestigationDialog(self.ctx, self.case_id, chosen, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot(int, str)
    def delete_investigation(self, record_id: int, reason: str) -> None:
        """Remove an investigation record with the reason typed (the core refuses an empty
        one; the removal reaches this window as a change)."""
        from mediation_desk.services.minutes import delete_investigation

        self.ctx.ops.run(
            self,
            lambda uow: delete_investigation(uow, record_id=record_id, reason=reason),
            title=self.tr("无法删除调查记录"),
        )

    def _record_reveal(self, whose: str, reveal: Callable[[], None]) -> None:
        """Record the full-ID view in the audit trail, then show the number (not shown when
        the account may not see it or the record cannot be written)."""
        from mediation_desk.services.audit import reveal_id_number

        self.ctx.ops.run(
            self,
            lambda uow: reveal_id_number(uow, case_id=self.case_id, whose=whose),
            on_success=lambda _none: reveal(),
            title=self.tr("无法显示证件号码"),
        )

    @Slot()
    def _on_extend_button_clicked(self) -> None:
        from ui.dialogs.extension_dialog import ExtensionDialog

        dialog = ExtensionDialog(self.ctx, self.detail, self)
        dialog.exec()  # the new due day reaches this window as a change
        dialog.deleteLater()

    @Slot()
    def _on_book_button_clicked(self) -> None:
        from ui.dialogs.booking_dialog import BookingDialog  # scheduling loads on demand

        dialog = BookingDialog(self.ctx, self.case_id, self)
        dialog.exec()  # a booking reaches this window as a change
        dialog.deleteLater()

    @Slot()
    def _on_correct_button_clicked(self) -> None:
        from ui.dialogs.correction_dialog import CorrectionDialog

        if self.correction_dialog is not None:
            self.correction_dialog.raise_()
            return
        dialog = CorrectionDialog(self.ctx, self.case_id, self.detail.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_correction_dialog_finished)
        self.correction_dialog = dialog
        dialog.open()  # a saved correction reaches this window as a change

    @Slot()
    def _on_correction_dialog_finished(self) -> None:
        self.correction_dialog = None
