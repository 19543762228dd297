"""Sections of the intake form: the case itself, routing, and the repeat-visit panel."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.clock import Clock, system_clock
from mediation_desk.domain.drafts import RoutingDraft
from mediation_desk.domain.enums import CaseSource, ReferralTarget, RefusalReason, RiskLevel
from mediation_desk.domain.issues import FieldIssue

from ..widgets.contact_rows import enum_combo
from ..widgets.field_box import FieldBox
from ..widgets.keyboard import Stop
from ..widgets.report_fields_row import ReportFieldsRow
from ..widgets.time_field import DateTimeField
from ..widgets.time_limit_inputs import TimeLimitInputs

if TYPE_CHECKING:
    from mediation_desk.services.reference import DisputeTypeView, MediatorView, UnitView
    from mediation_desk.services.repeat_visits import RepeatMatch


class CaseInfoSection(QGroupBox):
    """Source, referral, dispute type, risk, facts and requests.

    ``clock`` gives the desk's time (the context's): 受理时间 typed without a date is on its
    day; left empty the case is received when it is saved.
    """

    def __init__(self, parent: QWidget | None = None, *, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setTitle(self.tr("案件信息"))
        self.source = enum_combo(CaseSource, self)
        self.received_at = DateTimeField(
            self,
            today=lambda: self._clock().date(),
            empty_text=self.tr("留空为保存时的时间；如 12-2 9:30、9:30"),
        )
        self.referring_body = QLineEdit(self)
        self.referring_body.setPlaceholderText(self.tr("如：某某区人民法院、某某社区网格员"))
        self.referral_letter_no = QLineEdit(self)
        self.referral_letter_no.setPlaceholderText(self.tr("如：（2026）浙0602民诉前调1234号"))
        self.dispute_type = QComboBox(self)
        self.risk_level = enum_combo(RiskLevel, self)
        self.risk_note = QLineEdit(self)
        self.risk_note.setPlaceholderText(self.tr("风险情况，如：扬言上访、情绪激动"))
        self.facts = QPlainTextEdit(self)
        self.facts.setPlaceholderText(self.tr("纠纷主要事实：时间、地点、起因、经过、争议焦点"))
        self.facts.setFixedHeight(90)
        self.requests = QPlainTextEdit(self)
        self.requests.setPlaceholderText(self.tr("当事人的请求事项"))
        self.requests.setFixedHeight(60)
        self.boxes = {
            "source": FieldBox(self.tr("案件来源"), self.source, self),
            "received_at": FieldBox(self.tr("受理时间"), self.received_at, self),
            "referring_body": FieldBox(self.tr("移送或转来单位"), self.referring_body, self),
            "referral_letter_no": FieldBox(self.tr("来函编号"), self.referral_letter_no, self),
            "dispute_type_code": FieldBox(
                self.tr("纠纷类型"), self.dispute_type, self, required=True
            ),
            "risk_level": FieldBox(self.tr("风险等级"), self.risk_level, self),
            "risk_note": FieldBox(self.tr("风险说明"), self.risk_note, self),
            "facts": FieldBox(self.tr("纠纷主要事实"), self.facts, self, required=True),
            "requests": FieldBox(self.tr("请求事项"), self.requests, self),
        }
        self.limit_inputs = TimeLimitInputs(self, clock=clock)
        self.boxes.update(self.limit_inputs.boxes)
        self.report = ReportFieldsRow(self)  # for the statistics (issue 12)
        self.boxes.update(self.report.boxes)
        b = self.boxes
        grid = QGridLayout(self)
        grid.addWidget(b["source"], 0, 0)
        grid.addWidget(b["referring_body"], 0, 1)
        grid.addWidget(b["referral_letter_no"], 0, 2)
        grid.addWidget(b["received_at"], 0, 3)
        grid.addWidget(b["court_procedure"], 4, 0)  # the time limit's inputs, by source
        grid.addWidget(b["materials_received_on"], 4, 1)
        grid.addWidget(b["handed_due_on"], 4, 2)
        grid.addWidget(b["dispute_type_code"], 1, 0)
        grid.addWidget(b["risk_level"], 1, 1)
        grid.addWidget(b["risk_note"], 1, 2, 1, 2)
        grid.addWidget(b["facts"], 2, 0, 1, 4)
        grid.addWidget(b["requests"], 3, 0, 1, 4)
        grid.addWidget(self.report, 5, 0, 1, 4)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        self.source.currentIndexChanged.connect(self._on_source_changed)
        self.risk_level.currentIndexChanged.connect(self._on_risk_changed)
        self.received_at.problem.connect(self._show_received_problem)
        self.reset()

    def set_dispute_types(self, types: list[DisputeTypeView]) -> None:
        """Categories with sub-types show as headers that cannot be chosen. The type chosen
        stays chosen when the list is read again (if it is still offered)."""
        chosen = self.dispute_type.currentData(Qt.ItemDataRole.UserRole) or ""
        model = QStandardItemModel(self.dispute_type)
        placeholder = QStandardItem(self.tr("请选择…"))
        placeholder.setData("", Qt.ItemDataRole.UserRole)
        model.appendRow(placeholder)
        for t in types:
            item = QStandardItem(("　" if t.parent_code else "") + t.name)
            item.setData(t.code if t.is_leaf else "", Qt.ItemDataRole.UserRole)
            if not t.is_leaf:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            model.appendRow(item)
        self.dispute_type.setModel(model)
        index = self.dispute_type.findData(chosen, Qt.ItemDataRole.UserRole) if chosen else 0
        self.dispute_type.setCurrentIndex(max(index, 0))

    def reset(self) -> None:
        self.source.setCurrentIndex(0)
        self.show_now()
        for edit in (
            self.referring_body,
            self.referral_letter_no,
            self.risk_note,
            self.received_at,
        ):
            edit.clear()
        self.facts.clear()
        self.requests.clear()
        self.dispute_type.setCurrentIndex(0)
        self.risk_level.setCurrentIndex(0)
        self.limit_inputs.reset()
        self.report.reset()
        self._on_source_changed()
        self._on_risk_changed()

    def show_now(self) -> None:
        """The desk's today as the court materials' day, unless the clerk set one."""
        self.limit_inputs.show_today()

    def _show_received_problem(self, message: str | None) -> None:
        issue = FieldIssue("received_at", "unreadable", message) if message else None
        self.boxes["received_at"].show_issue(issue)

    def stops(self) -> list[Stop]:
        """The inputs in reading order (rows of the grid, left to right)."""
        r = self.report
        return [
            self.source,
            self.referring_body,
            self.referral_letter_no,
            self.received_at,
            self.dispute_type,
            self.risk_level,
            self.risk_note,
            self.facts,
            self.requests,
            self.limit_inputs.court_procedure,
            self.limit_inputs.materials_received_on,
            self.limit_inputs.handed_due_on,
            r.place,
            r.grid_code,
            r.amount,
            r.persons,
            (*r.group_boxes.values(), r.difficult),
        ]

    def _on_source_changed(self) -> None:
        needs = self.source.currentData().needs_referring_body
        self.boxes["referring_body"].setEnabled(needs)
        self.boxes["referral_letter_no"].setEnabled(needs)
        self.limit_inputs.set_source(self.source.currentData())

    def _on_risk_changed(self) -> None:
        self.boxes["risk_note"].setEnabled(self.risk_level.currentData() is not RiskLevel.NONE)

    def received_at_value(self, *, strict: bool = True) -> dt.datetime | None:
        """None while empty: the case is received when it is saved. Unreadable text raises
        ``TimeTextError`` when ``strict``, else counts as empty."""
        return self.received_at.value(strict=strict)


class RoutingSection(QGroupBox):
    """归口: a handling unit and mediator, a referral out, or refusal at intake."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("分流与受理"))
        self.to_unit = QRadioButton(self.tr("分流至承办单位"), self)
        self.refer_out = QRadioButton(self.tr("移送其他机关"), self)
        self.refuse = QRadioButton(self.tr("不予受理"), self)
        self.to_unit.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.to_unit, self.refer_out, self.refuse):
            group.addButton(button)
        self.unit = QComboBox(self)
        self.mediator = QComboBox(self)
        self.refer_to = enum_combo(ReferralTarget, self)
        self.refer_body = QLineEdit(self)
        self.refer_body.setPlaceholderText(self.tr("接收单位，如：某某区人民法院立案庭"))
        self.refer_note = QLineEdit(self)
        self.reason_boxes: dict[RefusalReason, QCheckBox] = {
            r: QCheckBox(r.label, self) for r in RefusalReason
        }
        self.refusal_note = QLineEdit(self)
        self.refusal_note.setPlaceholderText(self.tr("具体理由"))
        self.refusal_label = QLabel(self.tr("不予受理理由（可多选）"), self)
        self.boxes = {
            "routing.unit_id": FieldBox(self.tr("承办单位"), self.unit, self, required=True),
            "routing.mediator_id": FieldBox(self.tr("调解员（可暂不指定）"), self.mediator, self),
            "routing.refer_to": FieldBox(self.tr("移送去向"), self.refer_to, self),
            "routing.refer_body": FieldBox(self.tr("接收单位"), self.refer_body, self),
            "routing.refer_note": FieldBox(self.tr("移送说明"), self.refer_note, self),
            "refusal_note": FieldBox(self.tr("理由说明"), self.refusal_note, self),
        }
        self.message = FieldBox("", QWidget(self), self)  # rule-level messages (e.g. 拒绝调解)
        self.refusal_message = FieldBox("", QWidget(self), self)
        self._mediators: list[MediatorView] = []
        grid = QGridLayout(self)
        b = self.boxes
        grid.addWidget(self.to_unit, 0, 0)
        grid.addWidget(b["routing.unit_id"], 0, 1)
        grid.addWidget(b["routing.mediator_id"], 0, 2)
        grid.addWidget(self.refer_out, 1, 0)
        grid.addWidget(b["routing.refer_to"], 1, 1)
        grid.addWidget(b["routing.refer_body"], 1, 2)
        grid.addWidget(b["routing.refer_note"], 1, 3)
        grid.addWidget(self.refuse, 2, 0)
        reasons = QVBoxLayout()
        reasons.addWidget(self.refusal_label)
        for box in self.reason_boxes.values():
            reasons.addWidget(box)
        reasons.addWidget(self.refusal_message)
        grid.addLayout(reasons, 2, 1, 1, 2)
        grid.addWidget(b["refusal_note"], 2, 3)
        grid.addWidget(self.message, 3, 0, 1, 4)
        for col in range(1, 4):
            grid.setColumnStretch(col, 1)
        for button in (self.to_unit, self.refer_out, self.refuse):
            button.toggled.connect(self._on_mode_changed)
        self.unit.currentIndexChanged.connect(self._fill_mediators)
        self._on_mode_changed()

    def set_reference(self, units: list[UnitView], mediators: list[MediatorView]) -> None:
        """Fill the units and mediators; the unit and mediator chosen stay chosen when the
        lists are read again (if they are still offered)."""
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr("请选择…"), None)
        for u in units:
            self.unit.addItem(u.name, u.id)
        self.unit.setCurrentIndex(max(self.unit.findData(chosen), 0) if chosen is not None else 0)
        self.unit.blockSignals(False)
        self._mediators = mediators
        self._fill_mediators()

    def _fill_mediators(self) -> None:
        """The mediators of the chosen unit (all when none is chosen); the mediator chosen
        stays chosen while still listed."""
        unit_id = self.unit.currentData()
        chosen = self.mediator.currentData()
        self.mediator.clear()
        self.mediator.addItem(self.tr("（暂不指定）"), None)
        for m in self._mediators:
            if unit_id is None or m.unit_id == unit_id:
                self.mediator.addItem(self.tr("{0}（{1}）").format(m.name, m.kind.label), m.id)
        index = self.mediator.findData(chosen) if chosen is not None else 0
        self.mediator.setCurrentIndex(max(index, 0))

    def _on_mode_changed(self) -> None:
        unit, out, refuse = (
            self.to_unit.isChecked(),
            self.refer_out.isChecked(),
            self.refuse.isChecked(),
        )
        for key in ("routing.unit_id", "routing.mediator_id"):
            self.boxes[key].setEnabled(unit)
        for key in ("routing.refer_to", "routing.refer_body", "routing.refer_note"):
            self.boxes[key].setEnabled(out)
        for box in self.reason_boxes.values():
            box.setEnabled(refuse)
        self.refusal_label.setEnabled(refuse)
        self.boxes["refusal_note"].setEnabled(refuse)
        self.changed.emit()

    def reset(self) -> None:
        self.to_unit.setChecked(True)
        self.unit.setCurrentIndex(0)
        self.mediator.setCurrentIndex(0)
        self.refer_to.setCurrentIndex(0)
        for edit in (self.refer_body, self.refer_note, self.refusal_note):
            edit.clear()
        for box in self.reason_boxes.values():
            box.setChecked(False)

    def routing(self) -> RoutingDraft:
        if self.refer_out.isChecked():
            return RoutingDraft(
                refer_to=self.refer_to.currentData(),
                refer_body=self.refer_body.text().strip(),
                refer_note=self.refer_note.text().strip(),
            )
        if self.refuse.isChecked():
            return RoutingDraft()
        return RoutingDraft(
            unit_id=self.unit.currentData(), mediator_id=self.mediator.currentData()
        )

    def stops(self) -> list[Stop]:
        """Reading order; Enter passes the three ways as one stop (the arrow keys choose)
        and goes on to the chosen way's inputs (the others are disabled)."""
        return [
            (self.to_unit, self.refer_out, self.refuse),
            self.unit,
            self.mediator,
            self.refer_to,
            self.refer_body,
            self.refer_note,
            tuple(self.reason_boxes.values()),
            self.refusal_note,
        ]

    def tab_order(self) -> list[QWidget]:
        """Tab visits the rows as they are laid out."""
        return [
            self.to_unit,
            self.unit,
            self.mediator,
            self.refer_out,
            self.refer_to,
            self.refer_body,
            self.refer_note,
            self.refuse,
            *self.reason_boxes.values(),
            self.refusal_note,
        ]

    def refusal_reasons(self) -> list[RefusalReason]:
        return [r for r, box in self.reason_boxes.items() if box.isChecked()]


class RepeatVisitPanel(QGroupBox):
    """Open and recent cases of the same people; ticked ones are linked to the new case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("重复来访提示"))
        self.hint = QLabel(
            self.tr("录入证件号码、信用代码或姓名和电话后，这里会列出同一当事人的在办或近期案件。"),
            self,
        )
        self.hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        self.matches: list[RepeatMatch] = []

    def set_matches(self, matches: list[RepeatMatch], party_names: list[str]) -> None:
        linked = set(self.linked_case_ids())
        self.matches = matches
        self.list.clear()
        for m in matches:
            shared = self.tr("；").join(
                self.tr("{who}：{reason}").format(
                    who=(party_names[p.party_index] if p.party_index < len(party_names) else "")
                    or p.matched_name,
                    reason=p.reason,
                )
                for p in m.parties
            )
            text = self.tr("{number}\n{date}　{type}　{status}\n{shared}").format(
                number=m.number,
                date=m.received_at.strftime("%Y-%m-%d"),
                type=m.dispute_type,
                status=m.status.label,
                shared=shared,
            )
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, m.case_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if m.case_id in linked else Qt.CheckState.Unchecked
            )
        self.setTitle(
            self.tr("重复来访提示（{n}）").format(n=len(matches))
            if matches
            else self.tr("重复来访提示")
        )

    def linked_case_ids(self) -> list[int]:
        ids = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return list(dict.fromkeys(ids))

    def reset(self) -> None:
        self.matches = []
        self.list.clear()
        self.setTitle(self.tr("重复来访提示"))
