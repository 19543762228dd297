"""The read-only pages of the case window: the case, its parties, links and history, and its
sessions. Each page is built from the core's view of the case and rebuilt when it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.corrections import correction_lines
from mediation_desk.domain.enums import PartyKind, RiskLevel
from mediation_desk.domain.history_actions import action_name
from mediation_desk.domain.money import figures
from mediation_desk.domain.report_fields import special_groups_label
from ui.widgets.detail_fields import Pairs, SecretField, form_layout, read_only_table, value_label

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import AgentView, CaseDetail, PartyView
    from mediation_desk.services.history import HistoryView
    from mediation_desk.services.session_views import SessionView

DATE_TIME = "%Y-%m-%d %H:%M"


class BasicPage(QWidget):
    def __init__(self, d: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = form_layout(self)
        form.addRow(self.tr("案号"), value_label(d.number))
        form.addRow(self.tr("状态"), value_label(d.status.label))
        risk = d.risk_level.label
        if d.risk_level is not RiskLevel.NONE and d.risk_note.strip():
            risk = self.tr("{0}：{1}").format(risk, d.risk_note.strip())
        form.addRow(self.tr("风险等级"), value_label(risk, wrap=True))
        form.addRow(self.tr("受理时间"), value_label(d.received_at.strftime(DATE_TIME)))
        form.addRow(self.tr("来源"), value_label(d.source.label))
        if d.source.needs_referring_body:
            form.addRow(self.tr("移送单位"), value_label(d.referring_body))
            form.addRow(self.tr("来函文号"), value_label(d.referral_letter_no))
        form.addRow(self.tr("纠纷类型"), value_label(d.dispute_type))
        self._report_rows(form, d)
        if d.refer_to is not None:
            where = self.tr("{0}：{1}").format(d.refer_to.label, d.refer_body)
            form.addRow(self.tr("移送去向"), value_label(where, wrap=True))
            if d.refer_note.strip():
                form.addRow(self.tr("移送说明"), value_label(d.refer_note, wrap=True))
        elif d.refusal_reasons:
            reasons = "\n".join("· " + r.label for r in d.refusal_reasons)
            if d.refusal_note.strip():
                reasons += "\n" + d.refusal_note.strip()
            form.addRow(self.tr("不予受理理由"), value_label(reasons, wrap=True))
        else:
            form.addRow(self.tr("承办单位"), value_label(d.unit_name))
            mediator = d.mediator_name or self.tr("（暂未指定）")
            form.addRow(self.tr("调解员"), value_label(mediator))
        for label, text in ((self.tr("纠纷事实"), d.facts), (self.tr("请求事项"), d.requests)):
            edit = QPlainTextEdit(text, self)
            edit.setReadOnly(True)
            edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
            form.addRow(label, edit)

    def _report_rows(self, form: QFormLayout, d: CaseDetail) -> None:
        """What the statistics count (issue 12): place, amount, persons, groups, 疑难, and
        what the mediation prevented once recorded."""
        place = d.place_name or self.tr("未填写")
        if d.grid_code:
            place = self.tr("{0}　网格：{1}").format(place, d.grid_code)
        form.addRow(self.tr("发生地"), value_label(place, wrap=True))
        cents = d.amount_in_dispute_cents
        amount = self.tr("{0} 元").format(figures(cents)) if cents is not None else self.tr("—")
        persons = (
            self.tr("{0} 人").format(d.persons_involved)
            if d.persons_involved is not None
            else self.tr("—")
        )
        form.addRow(
            self.tr("争议金额"),
            value_label(self.tr("{0}　　涉及人数：{1}").format(amount, persons)),
        )
        groups = special_groups_label(d.special_groups)
        if groups or d.difficult:
            marks = [groups] if groups else []
            if d.difficult:
                marks.append(self.tr("疑难案件"))
            form.addRow(self.tr("特殊情况"), value_label("；".join(marks), wrap=True))
        prevented = d.prevention.labels()
        if prevented:
            form.addRow(self.tr("防止激化"), value_label("、".join(prevented), wrap=True))


class PartiesPage(QScrollArea):
    """Every party with phones, agents and (masked) identity numbers; the participants."""

    def __init__(self, d: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.id_fields: list[SecretField] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        column = QVBoxLayout(page)
        for party in d.parties:
            column.addWidget(self._party_box(party, page))
        if d.participants:
            box = QGroupBox(self.tr("参加人"), page)
            form = form_layout(box)
            for p in d.participants:
                parts = [p.relation, p.phone, p.note]
                form.addRow(
                    p.name, value_label("　".join(x for x in parts if x.strip()), wrap=True)
                )
            column.addWidget(box)
        column.addStretch(1)
        self.setWidget(page)

    def _party_box(self, p: PartyView, parent: QWidget) -> QGroupBox:
        box = QGroupBox(
            self.tr("{0}：{1}（{2}）").format(p.role.label, p.name, p.kind.label), parent
        )
        grid = Pairs(box)
        if p.kind is PartyKind.PERSON:
            grid.add(self.tr("性别"), value_label(p.gender.label if p.gender else ""))
            grid.add(self.tr("民族"), value_label(p.ethnicity))
            birth = p.birth_date.strftime("%Y-%m-%d") if p.birth_date else ""
            grid.add(self.tr("出生日期"), value_label(birth))
            grid.add(self.tr("职业或工作单位"), value_label(p.occupation, wrap=True))
            grid.add(self.tr("证件类型"), value_label(p.id_type.label))
            grid.add(self.tr("证件号码"), self._secret(p.id_number, box, p.name))
            grid.add(self.tr("住址"), value_label(p.address, wrap=True), wide=True)
        else:
            code = p.credit_code
            if p.credit_code_override_reason.strip():
                code += self.tr("（未通过校验，已确认：{0}）").format(p.credit_code_override_reason)
            grid.add(self.tr("统一社会信用代码"), value_label(code, wrap=True), wide=True)
            title = p.representative_title.strip()
            rep = p.representative
            if title and p.representative:
                rep = self.tr("{0}（{1}）").format(p.representative, title)
            grid.add(self.tr("法定代表人/负责人"), value_label(rep), wide=True)
            grid.add(self.tr("住所地"), value_label(p.address, wrap=True), wide=True)
        phones = []
        for ph in p.phones:
            line = self.tr("{0}　{1}").format(ph.label.label, ph.number)
            if ph.note.strip():
                line += self.tr("（{0}）").format(ph.note)
            phones.append(line)
        grid.add(self.tr("联系电话"), value_label("\n".join(phones)))
        grid.add(self.tr("调解意愿"), value_label(p.consent.label))
        for agent in p.agents:
            grid.add(agent.kind.label, self._agent_box(agent, box), wide=True)
        return box

    def _agent_box(self, a: AgentView, parent: QWidget) -> QWidget:
        frame = QGroupBox(parent)
        grid = Pairs(frame)
        who = self.tr("{0}（{1}）").format(a.name, a.relation) if a.relation.strip() else a.name
        grid.add(self.tr("姓名"), value_label(who))
        grid.add(self.tr("联系电话"), value_label(a.phone))
        authority = a.authority.label
        if a.authority_note.strip():
            authority = self.tr("{0}：{1}").format(authority, a.authority_note.strip())
        grid.add(self.tr("代理权限"), value_label(authority, wrap=True), wide=True)
        if a.id_number.strip():
            grid.add(a.id_type.label, self._secret(a.id_number, frame, a.name), wide=True)
        return frame

    def _secret(self, number: str, parent: QWidget, whose: str) -> SecretField:
        field = SecretField(number, parent, whose=whose)
        self.id_fields.append(field)
        return field


class LinksHistoryPage(QWidget):
    """Linked cases (double-click opens one) and the case's history, oldest first."""

    case_opened = Signal(int)

    def __init__(
        self, d: CaseDetail, history: list[HistoryView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        links_box = QGroupBox(self.tr("关联案件（双击打开）"), self)
        links_layout = QVBoxLayout(links_box)
        self.links_table = read_only_table(
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
        self.links_table.setVisible(bool(d.links))
        links_layout.addWidget(self.links_table)
        if not d.links:
            links_layout.addWidget(value_label(self.tr("无关联案件")))
        column.addWidget(links_box)
        history_box = QGroupBox(self.tr("历史记录"), self)
        self.history_table = read_only_table(
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
        for row, h in enumerate(history):
            if h.action == "correct":  # every field's old → new value (masked) on hover
                self.history_table.item(row, 3).setToolTip(correction_lines(h.changes))
        QVBoxLayout(history_box).addWidget(self.history_table)
        column.addWidget(history_box, 1)

    @staticmethod
    def _action(code: str) -> str:
        return action_name(code)  # every code the core writes has a name there

    @Slot(QModelIndex)
    def _on_links_table_double_clicked(self, index: QModelIndex) -> None:
        case_id = self.links_table.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.case_opened.emit(int(case_id))


class SessionsPage(QWidget):
    """The case's mediation sessions, past and booked; the minutes of the one selected."""

    #: Open the minutes (调解记录) of this session (its id).
    minutes_requested = Signal(int)
    #: Print this session's saved minutes (its id).
    print_minutes_requested = Signal(int)

    def __init__(
        self,
        sessions: list[SessionView],
        parent: QWidget | None = None,
        *,
        with_minutes: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__(parent)
        from mediation_desk.services.minutes import MINUTES_STATUSES

        self.sessions = sessions
        self.with_minutes = with_minutes
        column = QVBoxLayout(self)
        self.table = read_only_table(
            [
                self.tr("时间"),
                self.tr("调解室"),
                self.tr("主持调解员"),
                self.tr("当事人"),
                self.tr("状态"),
                self.tr("调解记录"),
            ],
            [
                [
                    self.tr("{0}–{1}").format(
                        s.starts.strftime(DATE_TIME), s.ends.strftime("%H:%M")
                    ),
                    s.room_name + (self.tr("（远程）") if s.remote else ""),
                    s.lead_name,
                    s.party_names,
                    s.status.label,
                    self.tr("已填写")
                    if s.id in with_minutes
                    else self.tr("未填写")
                    if s.status in MINUTES_STATUSES
                    else "",
                ]
                for s in sessions
            ],
            self,
        )
        self.minutes_button = QPushButton(self.tr("调解记录(&M)…"), self)
        self.minutes_button.setToolTip(self.tr("填写或修改所选场次的调解记录（开始调解后）"))
        self.minutes_button.setEnabled(False)
        self.minutes_button.clicked.connect(self._on_minutes_button_clicked)
        self.print_button = QPushButton(self.tr("打印本次调解记录(&P)…"), self)
        self.print_button.setToolTip(self.tr("生成所选场次的调解记录（PDF）并打开打印预览"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_minutes_button_clicked)
        column.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.minutes_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        if not sessions:
            column.addWidget(value_label(self.tr("尚未预约调解。可点“预约调解…”。")))

    def selected(self) -> SessionView | None:
        row = self.table.currentRow()
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    @Slot()
    def _on_table_selection_changed(self) -> None:
        from mediation_desk.services.minutes import MINUTES_STATUSES

        s = self.selected()
        self.minutes_button.setEnabled(s is not None and s.status in MINUTES_STATUSES)
        self.print_button.setEnabled(s is not None and s.id in self.with_minutes)

    @Slot()
    def _on_minutes_button_clicked(self) -> None:
        s = self.selected()
        offered = self.minutes_button.isEnabled() and not self.minutes_button.isHidden()
        if s is not None and offered:  # hidden: the account may not write minutes
            self.minutes_requested.emit(s.id)

    @Slot()
    def _on_print_button_clicked(self) -> None:
        s = self.selected()
        if s is not None and s.id in self.with_minutes:
            self.print_minutes_requested.emit(s.id)
