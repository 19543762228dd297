"""One case in full, read-only, laid out for the clerk; routing it again from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.enums import PartyKind, RiskLevel
from mediation_desk.domain.validation import mask_id_number
from ui.dialogs.routing_dialog import RoutingDialog
from ui.models.case_table_model import RISK_COLOURS

if TYPE_CHECKING:
    from mediation_desk.services.cases import AgentView, CaseDetail, PartyView
    from mediation_desk.services.history import HistoryView
    from ui.context import AppContext

DATE_TIME = "%Y-%m-%d %H:%M"
EMPTY = "—"


def _value(text: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(text.strip() or EMPTY)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


def _form(parent: QWidget | None = None) -> QFormLayout:
    form = QFormLayout(parent)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    # wrapped labels get the full width (and so their real height), not their narrow size hint
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class _Pairs:
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


def _table(headers: list[str], rows: list[list[str]], parent: QWidget) -> QTableWidget:
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

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number.strip()
        self.masked = mask_id_number(self.number) if self.number else EMPTY
        self.label = _value(self.masked)
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
        self.label.setText(self.number if shown else self.masked)
        self.button.setText(self.tr("隐藏") if shown else self.tr("显示"))


class CaseDetailDialog(QDialog):
    """Everything the core knows about one case, in three tabs."""

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.id_fields: list[SecretField] = []
        self.routing_dialog: RoutingDialog | None = None
        self.linked_dialogs: list[CaseDetailDialog] = []
        self.resize(820, 640)

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
        self.agreement_editor: QWidget | None = None
        self.documents_panel: QWidget | None = None
        self.tabs = QTabWidget(self)

        self.buttons = QDialogButtonBox(self)
        self.route_button = self.buttons.addButton(
            self.tr("分流/移送…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.book_button = self.buttons.addButton(
            self.tr("预约调解…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(
            self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.route_button.setAutoDefault(False)
        self.book_button.setAutoDefault(False)
        self.book_button.clicked.connect(self._on_book_button_clicked)
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
        self.reload()

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        from mediation_desk.services.cases import get_case
        from mediation_desk.services.history import case_history

        self.show_case(get_case(self.ctx.db, self.case_id), case_history(self.ctx.db, self.case_id))

    def show_case(self, detail: CaseDetail, history: list[HistoryView]) -> None:
        self.detail = detail
        self.setWindowTitle(self.tr("案件详情 — {0}").format(detail.number))
        self.title.setText(detail.number)
        self.badge.setText(
            f"{detail.status.label}  ·  {self.tr('风险')}：{detail.risk_level.label}"
        )
        if detail.risk_level in RISK_COLOURS:
            swatch, tint = RISK_COLOURS[detail.risk_level]
            self.badge.setStyleSheet(
                f"background: {tint}; color: #202020; border-left: 4px solid {swatch};"
                " padding: 2px 6px;"
            )
        else:
            self.badge.setStyleSheet("")
        current = max(self.tabs.currentIndex(), 0)
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self.id_fields = []
        self.tabs.addTab(self._basic_tab(detail), self.tr("基本信息"))
        self.tabs.addTab(self._scrolled(self._parties_tab(detail)), self.tr("当事人"))
        self.tabs.addTab(self._links_tab(detail, history), self.tr("关联与历史"))
        self.tabs.addTab(self._paperwork_tab(detail), self.tr("协议与文书"))
        self.tabs.setCurrentIndex(current)
        self._show_deadline()

    # --- tabs --------------------------------------------------------------------------------

    def _paperwork_tab(self, d: CaseDetail) -> QWidget:
        """The mediator's agreement editor beside the documents and the confirmation pack."""
        from ui.views.agreement_editor import AgreementEditor
        from ui.views.documents_panel import DocumentsPanel

        inner = QTabWidget()
        self.agreement_editor = AgreementEditor(self.ctx, d, inner)
        self.documents_panel = DocumentsPanel(self.ctx, d.id, inner)
        inner.addTab(self.agreement_editor, self.tr("调解协议"))
        inner.addTab(self.documents_panel, self.tr("文书与司法确认"))
        self.agreement_editor.agreement_saved.connect(self._on_agreement_saved)
        self.documents_panel.pack_box.pack_changed.connect(self._on_agreement_saved)
        return inner

    @Slot(int)
    def _on_agreement_saved(self, _case_id: int) -> None:
        if self.documents_panel is not None:
            self.documents_panel.reload()
        self._show_deadline()

    def _show_deadline(self) -> None:
        import datetime as dt

        from mediation_desk.services.confirmation import get_pack
        from ui.views.documents_panel import deadline_text

        pack = get_pack(self.ctx.db, self.case_id)
        text = deadline_text(pack, dt.date.today())
        wanted = pack.agreement is not None and pack.agreement.draft.intends_confirmation
        self.deadline_badge.setVisible(bool(text) and wanted and pack.applied_on is None)
        self.deadline_badge.setText(self.tr("司法确认申请期限：{0}").format(text))
        left = pack.days_left(dt.date.today())
        urgent = left is not None and left <= 7
        self.deadline_badge.setStyleSheet(
            "color: #a00000; font-weight: bold;" if urgent else "color: palette(text);"
        )

    def _basic_tab(self, d: CaseDetail) -> QWidget:
        page = QWidget()
        form = _form(page)
        form.addRow(self.tr("案号"), _value(d.number))
        form.addRow(self.tr("状态"), _value(d.status.label))
        risk = d.risk_level.label
        if d.risk_level is not RiskLevel.NONE and d.risk_note.strip():
            risk = f"{risk}：{d.risk_note.strip()}"
        form.addRow(self.tr("风险等级"), _value(risk, wrap=True))
        form.addRow(self.tr("受理时间"), _value(d.received_at.strftime(DATE_TIME)))
        form.addRow(self.tr("来源"), _value(d.source.label))
        if d.source.needs_referring_body:
            form.addRow(self.tr("移送单位"), _value(d.referring_body))
            form.addRow(self.tr("来函文号"), _value(d.referral_letter_no))
        form.addRow(self.tr("纠纷类型"), _value(d.dispute_type))
        if d.refer_to is not None:
            form.addRow(
                self.tr("移送去向"), _value(f"{d.refer_to.label}：{d.refer_body}", wrap=True)
            )
            if d.refer_note.strip():
                form.addRow(self.tr("移送说明"), _value(d.refer_note, wrap=True))
        elif d.refusal_reasons:
            reasons = "\n".join(f"· {r.label}" for r in d.refusal_reasons)
            if d.refusal_note.strip():
                reasons += f"\n{d.refusal_note.strip()}"
            form.addRow(self.tr("不予受理理由"), _value(reasons, wrap=True))
        else:
            form.addRow(self.tr("承办单位"), _value(d.unit_name))
            form.addRow(self.tr("调解员"), _value(d.mediator_name or self.tr("（暂未指定）")))
        for label, text in ((self.tr("纠纷事实"), d.facts), (self.tr("请求事项"), d.requests)):
            edit = QPlainTextEdit(text, page)
            edit.setReadOnly(True)
            edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
            form.addRow(label, edit)
        return page

    def _parties_tab(self, d: CaseDetail) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        for party in d.parties:
            column.addWidget(self._party_box(party, page))
        if d.participants:
            box = QGroupBox(self.tr("参加人"), page)
            form = _form(box)
            for p in d.participants:
                parts = [p.relation, p.phone, p.note]
                form.addRow(p.name, _value("　".join(x for x in parts if x.strip()), wrap=True))
            column.addWidget(box)
        column.addStretch(1)
        return page

    def _party_box(self, p: PartyView, parent: QWidget) -> QGroupBox:
        box = QGroupBox(f"{p.role.label}：{p.name}（{p.kind.label}）", parent)
        grid = _Pairs(box)
        if p.kind is PartyKind.PERSON:
            grid.add(self.tr("性别"), _value(p.gender.label if p.gender else ""))
            grid.add(self.tr("民族"), _value(p.ethnicity))
            birth = p.birth_date.strftime("%Y-%m-%d") if p.birth_date else ""
            grid.add(self.tr("出生日期"), _value(birth))
            grid.add(self.tr("职业或工作单位"), _value(p.occupation, wrap=True))
            grid.add(self.tr("证件类型"), _value(p.id_type.label))
            grid.add(self.tr("证件号码"), self._secret(p.id_number, box))
            grid.add(self.tr("住址"), _value(p.address, wrap=True), wide=True)
        else:
            code = p.credit_code
            if p.credit_code_override_reason.strip():
                code += self.tr("（未通过校验，已确认：{0}）").format(p.credit_code_override_reason)
            grid.add(self.tr("统一社会信用代码"), _value(code, wrap=True), wide=True)
            title = p.representative_title.strip()
            rep = (
                f"{p.representative}（{title}）" if title and p.representative else p.representative
            )
            grid.add(self.tr("法定代表人/负责人"), _value(rep), wide=True)
            grid.add(self.tr("住所地"), _value(p.address, wrap=True), wide=True)
        phones = [
            f"{ph.label.label}　{ph.number}" + (f"（{ph.note}）" if ph.note.strip() else "")
            for ph in p.phones
        ]
        grid.add(self.tr("联系电话"), _value("\n".join(phones)))
        grid.add(self.tr("调解意愿"), _value(p.consent.label))
        for agent in p.agents:
            grid.add(agent.kind.label, self._agent_box(agent, box), wide=True)
        return box

    def _agent_box(self, a: AgentView, parent: QWidget) -> QWidget:
        frame = QGroupBox(parent)
        grid = _Pairs(frame)
        who = f"{a.name}（{a.relation}）" if a.relation.strip() else a.name
        grid.add(self.tr("姓名"), _value(who))
        grid.add(self.tr("联系电话"), _value(a.phone))
        authority = a.authority.label
        if a.authority_note.strip():
            authority += f"：{a.authority_note.strip()}"
        grid.add(self.tr("代理权限"), _value(authority, wrap=True), wide=True)
        if a.id_number.strip():
            grid.add(a.id_type.label, self._secret(a.id_number, frame), wide=True)
        return frame

    def _links_tab(self, d: CaseDetail, history: list[HistoryView]) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        links_box = QGroupBox(self.tr("关联案件（双击打开）"), page)
        links_layout = QVBoxLayout(links_box)
        if d.links:
            self.links_table = _table(
                [self.tr("案号"), self.tr("关系"), self.tr("受理时间"), self.tr("状态")],
                [
                    [x.number, x.kind.label, x.received_at.strftime(DATE_TIME), x.status.label]
                    for x in d.links
                ],
                links_box,
            )
            for row, link in enumerate(d.links):
                self.links_table.item(row, 0).setData(Qt.ItemDataRole.UserRole, link.case_id)
            self.links_table.doubleClicked.connect(self._on_links_table_double_clicked)
            self.links_table.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
            links_layout.addWidget(self.links_table)
        else:
            links_layout.addWidget(_value(self.tr("无关联案件")))
        column.addWidget(links_box)
        history_box = QGroupBox(self.tr("历史记录"), page)
        self.history_table = _table(
            [self.tr("时间"), self.tr("操作员"), self.tr("操作"), self.tr("摘要")],
            [
                [h.at.strftime(DATE_TIME), h.operator_name, self._action(h.action), h.summary]
                for h in history
            ],
            history_box,
        )
        self.history_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        QVBoxLayout(history_box).addWidget(self.history_table)
        column.addWidget(history_box, 1)
        return page

    def _action(self, code: str) -> str:
        names = {
            "register": self.tr("登记"),
            "route": self.tr("分流/移送"),
            "link": self.tr("关联"),
            "update": self.tr("修改"),
        }
        return names.get(code, code)

    def _secret(self, number: str, parent: QWidget) -> SecretField:
        field = SecretField(number, parent)
        self.id_fields.append(field)
        return field

    def _scrolled(self, page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        return area

    # --- actions -----------------------------------------------------------------------------

    def open_case(self, case_id: int) -> CaseDetailDialog:
        """Open another case's detail on top of this one (non-blocking)."""
        dialog = CaseDetailDialog(self.ctx, case_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.linked_dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self.linked_dialogs.remove(dialog))
        dialog.show()
        return dialog

    @Slot(QModelIndex)
    def _on_links_table_double_clicked(self, index: QModelIndex) -> None:
        case_id = self.links_table.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.open_case(int(case_id))

    @Slot()
    def _on_route_button_clicked(self) -> None:
        dialog = RoutingDialog(self.ctx, self.case_id, self, current=self.detail)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_routing_dialog_accepted)
        self.routing_dialog = dialog
        dialog.open()

    @Slot()
    def _on_book_button_clicked(self) -> None:
        from ui.dialogs.booking_dialog import BookingDialog  # scheduling loads on demand

        if BookingDialog(self.ctx, self.case_id, self).exec():
            self.reload()
            self.ctx.changes.case_saved.emit(self.case_id)

    @Slot()
    def _on_routing_dialog_accepted(self) -> None:
        self.routing_dialog = None
        self.reload()
        self.ctx.changes.case_saved.emit(self.case_id)
