"""One party of the intake form: person or organisation, phones and agents edited in place."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.drafts import PartyDraft
from mediation_desk.domain.enums import (
    ETHNIC_GROUPS,
    ConsentStatus,
    Gender,
    IdType,
    PartyKind,
    PartyRole,
)
from mediation_desk.domain.issues import FieldIssue, Severity
from mediation_desk.domain.validation import apply_id_derivations

from .contact_rows import AgentRow, PhoneRow, enum_combo, remove_button
from .field_box import FieldBox
from .keyboard import Stop, entry_of, focusable, members

ID_FIELDS = ("id_type", "id_number", "birth_date", "gender")
_DATE = re.compile(r"^(\d{4})\D?(\d{1,2})\D?(\d{1,2})\D?$")


def parse_date(text: str) -> dt.date | None:
    """'1980-01-31', '19800131', '1980年1月31日' -> date; raises ValueError when unreadable."""
    text = text.strip()
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        raise ValueError(text)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


class PartyEditor(QGroupBox):
    """Edits one ``PartyDraft``. Field keys match the core's issue paths after ``parties[i].``.

    ``today`` gives the desk's date (the intake view passes its context's clock): an ID
    number is checked against it when birth date and gender are filled in from the number.
    """

    removed = Signal(QWidget)
    identity_finished = Signal()  # ID, credit code, name or phone edited: time to look for repeats
    changed = Signal()

    def __init__(
        self,
        role: PartyRole,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date],
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.kind = enum_combo(PartyKind, self)
        self.role = enum_combo(PartyRole, self)
        self.role.setCurrentIndex(self.role.findData(role))
        self.name = QLineEdit(self)
        self.id_type = enum_combo(IdType, self)
        self.id_number = QLineEdit(self)
        self.id_number.setPlaceholderText(self.tr("18位，末位可为X；15位旧号自动转换"))
        self.gender = enum_combo(Gender, self, blank="")
        self.birth_date = QLineEdit(self)
        self.birth_date.setPlaceholderText(self.tr("如 1980-01-31，可由身份证号自动填入"))
        self.ethnicity = QComboBox(self)
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(list(ETHNIC_GROUPS))
        self.occupation = QLineEdit(self)
        self.credit_code = QLineEdit(self)
        self.credit_code.setPlaceholderText(self.tr("18位统一社会信用代码"))
        self.override_reason = QLineEdit(self)
        self.override_reason.setPlaceholderText(self.tr("校验位不符但确认无误时，写明原因"))
        self.representative = QLineEdit(self)
        self.representative_title = QLineEdit(self)
        self.representative_title.setPlaceholderText(self.tr("如：法定代表人、总经理"))
        self.address = QLineEdit(self)
        self.consent = enum_combo(ConsentStatus, self)
        self.consent.setCurrentIndex(self.consent.findData(ConsentStatus.AGREED))

        self.boxes: dict[str, FieldBox] = {
            "name": FieldBox(self.tr("姓名"), self.name, self, required=True),
            "id_type": FieldBox(self.tr("证件类型"), self.id_type, self),
            "id_number": FieldBox(self.tr("证件号码"), self.id_number, self),
            "gender": FieldBox(self.tr("性别"), self.gender, self),
            "birth_date": FieldBox(self.tr("出生日期"), self.birth_date, self),
            "ethnicity": FieldBox(self.tr("民族"), self.ethnicity, self),
            "occupation": FieldBox(self.tr("职业或工作单位"), self.occupation, self),
            "address": FieldBox(self.tr("住址"), self.address, self),
            "credit_code": FieldBox(self.tr("统一社会信用代码"), self.credit_code, self),
            "credit_code_override_reason": FieldBox(
                self.tr("校验不符的原因"), self.override_reason, self
            ),
            "representative": FieldBox(
                self.tr("法定代表人或主要负责人"), self.representative, self
            ),
            "representative_title": FieldBox(self.tr("职务"), self.representative_title, self),
            "consent": FieldBox(self.tr("调解意愿"), self.consent, self),
        }
        self.phone_rows: list[PhoneRow] = []
        self.agent_rows: list[AgentRow] = []
        self._build()
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.role.currentIndexChanged.connect(self.changed)
        self.id_number.editingFinished.connect(self._on_id_finished)
        self.credit_code.editingFinished.connect(self.identity_finished)
        self.name.editingFinished.connect(self.identity_finished)
        self.add_phone()
        self._on_kind_changed()

    # ----- layout
    def _build(self) -> None:
        b = self.boxes
        head = QHBoxLayout()
        head.addWidget(FieldBox(self.tr("当事人类型"), self.kind, self))
        head.addWidget(FieldBox(self.tr("身份"), self.role, self))
        head.addStretch(1)
        remove = remove_button(self, self.tr("删除此当事人"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        head.addWidget(remove)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.addWidget(b["name"], 0, 0, 1, 2)
        grid.addWidget(b["id_type"], 0, 2)
        grid.addWidget(b["id_number"], 0, 3, 1, 2)
        grid.addWidget(b["credit_code"], 0, 2, 1, 2)
        grid.addWidget(b["gender"], 1, 0)
        grid.addWidget(b["birth_date"], 1, 1)
        grid.addWidget(b["ethnicity"], 1, 2)
        grid.addWidget(b["occupation"], 1, 3, 1, 2)
        grid.addWidget(b["representative"], 1, 0, 1, 2)
        grid.addWidget(b["representative_title"], 1, 2)
        grid.addWidget(b["credit_code_override_reason"], 1, 3, 1, 2)
        grid.addWidget(b["address"], 2, 0, 1, 4)
        grid.addWidget(b["consent"], 2, 4)
        for col in range(5):
            grid.setColumnStretch(col, 1)

        self.phones_layout = QVBoxLayout()
        self.agents_layout = QVBoxLayout()
        add_phone = self.add_phone_button = QPushButton(self.tr("＋ 电话"), self)
        add_phone.clicked.connect(lambda: self.add_phone(focus=True))
        add_agent = self.add_agent_button = QPushButton(self.tr("＋ 代理人"), self)
        add_agent.clicked.connect(lambda: self.add_agent(focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(add_phone)
        buttons.addWidget(add_agent)
        buttons.addStretch(1)

        outer = QVBoxLayout(self)
        outer.addLayout(head)
        outer.addLayout(grid)
        outer.addLayout(self.phones_layout)
        outer.addLayout(self.agents_layout)
        outer.addLayout(buttons)

    # ----- rows in place
    def add_phone(self, *, focus: bool = False) -> PhoneRow:
        row = PhoneRow(self)
        row.removed.connect(self._remove_phone)
        row.number.editingFinished.connect(self.identity_finished)
        self.phone_rows.append(row)
        self.phones_layout.addWidget(row)
        self._order_tabs()
        self.changed.emit()
        if focus:
            row.number.setFocus()
        return row

    def _remove_phone(self, row: QWidget) -> None:
        self.phone_rows.remove(row)  # type: ignore[arg-type]
        row.deleteLater()
        self._order_tabs()
        self.changed.emit()

    def add_agent(self, *, focus: bool = False) -> AgentRow:
        row = AgentRow(self)
        row.removed.connect(self._remove_agent)
        self.agent_rows.append(row)
        self.agents_layout.addWidget(row)
        self._order_tabs()
        self.changed.emit()
        if focus:
            row.name.setFocus()
        return row

    def _remove_agent(self, row: QWidget) -> None:
        self.agent_rows.remove(row)  # type: ignore[arg-type]
        row.deleteLater()
        self._order_tabs()
        self.changed.emit()

    def _order_tabs(self) -> None:
        """Tab order follows the reading order (the form may order all its parts again)."""
        for first, second in itertools.pairwise(self.tab_order()):
            QWidget.setTabOrder(first, second)

    def stops(self) -> list[Stop]:
        """Identity, address and 调解意愿, phones, agents; the add buttons come last (Tab
        reaches them, Enter passes over them)."""
        chain: list[Stop] = [
            self.kind,
            self.role,
            self.name,
            self.id_type,
            self.id_number,
            self.gender,
            self.birth_date,
            self.ethnicity,
            self.occupation,
            self.credit_code,  # an organisation: code, representative and title, reason
            self.representative,
            self.representative_title,
            self.override_reason,
            self.address,
            self.consent,
        ]
        for phone in self.phone_rows:
            chain += [phone.number, phone.label, phone.note]
        for agent in self.agent_rows:
            chain += [
                agent.kind,
                agent.name,
                agent.relation,
                agent.authority,
                agent.id_type,
                agent.id_number,
                agent.phone,
                agent.authority_note,
            ]
        chain += [self.add_phone_button, self.add_agent_button]
        return chain

    def tab_order(self) -> list[QWidget]:
        return [w for stop in self.stops() for w in members(stop)]

    def last_field(self) -> QWidget | None:
        """The last input Enter stops at (a phone's note, an agent's last field…)."""
        for stop in reversed(self.stops()):
            target = entry_of(stop)
            if target is not None:
                return target
        return None

    def skips_after_id(self, target: QWidget) -> QWidget | None:
        """Enter from the ID number landed on ``target``: when the number has filled in both
        gender and birth date, where Enter goes instead (民族)."""
        if target is self.gender and self.gender.currentData() and self.birth_date.text():
            return self.ethnicity if focusable(self.ethnicity) else None
        return None

    # ----- behaviour
    @property
    def is_person(self) -> bool:
        return self.kind.currentData() is PartyKind.PERSON

    def _on_kind_changed(self) -> None:
        person = self.is_person
        for key in ("id_type", "id_number", "gender", "birth_date", "ethnicity", "occupation"):
            self.boxes[key].setVisible(person)
        for key in ("credit_code", "representative", "representative_title"):
            self.boxes[key].setVisible(not person)
        self.boxes["credit_code_override_reason"].setVisible(
            not person and bool(self.override_reason.text())
        )
        self.boxes["name"].caption.setText(self.tr("姓名 *") if person else self.tr("单位名称 *"))
        self.boxes["address"].caption.setText(self.tr("住址") if person else self.tr("住所地"))
        self.changed.emit()

    def _on_id_finished(self) -> None:
        """Normalise the number and fill birth date and gender from it, at once."""
        draft = self.to_draft(strict=False)
        notes = apply_id_derivations(draft, today=self._today())
        if draft.id_number != self.id_number.text():
            self.id_number.setText(draft.id_number)
        if draft.birth_date and not self.birth_date.text().strip():
            self.birth_date.setText(draft.birth_date.isoformat())
        if draft.gender and self.gender.currentData() is None:
            self.gender.set_value(draft.gender)
        for key in ID_FIELDS:  # only the ID's own findings change; others stay shown
            self.boxes[key].show_issue(None)
        for note in notes:
            box = self._box_for(note.field)
            if box is not None:
                box.show_issue(note)
        self.identity_finished.emit()

    def set_title(self, index_in_role: int) -> None:
        self.setTitle(self.tr("{0} {1}").format(self.role.currentData().label, index_in_role))

    def to_draft(self, *, strict: bool = True) -> PartyDraft:
        """The party as typed. With ``strict`` an unreadable date raises ValueError."""
        try:
            birth = parse_date(self.birth_date.text())
        except ValueError:
            if strict:
                raise
            birth = None
        person = self.is_person
        return PartyDraft(
            kind=self.kind.currentData(),
            role=self.role.currentData(),
            name=self.name.text().strip(),
            gender=self.gender.currentData() if person else None,
            ethnicity=self.ethnicity.currentText().strip() if person else "",
            birth_date=birth if person else None,
            id_type=self.id_type.currentData(),
            id_number=self.id_number.text().strip() if person else "",
            occupation=self.occupation.text().strip() if person else "",
            credit_code="" if person else self.credit_code.text().strip(),
            representative="" if person else self.representative.text().strip(),
            representative_title="" if person else self.representative_title.text().strip(),
            credit_code_override_reason="" if person else self.override_reason.text().strip(),
            address=self.address.text().strip(),
            phones=[r.to_draft() for r in self.phone_rows if r.number.text().strip()],
            agents=[r.to_draft() for r in self.agent_rows],
            consent=self.consent.currentData(),
        )

    # ----- messages
    def clear_issues(self) -> None:
        for box in self.boxes.values():
            box.show_issue(None)
        for row in self.phone_rows:
            row.box.show_issue(None)
        for agent in self.agent_rows:
            for box in agent.boxes.values():
                box.show_issue(None)

    def show_issues(self, issues: list[FieldIssue]) -> QWidget | None:
        """Show findings whose field is relative to this party; returns the first errored input."""
        self.clear_issues()
        first_error: QWidget | None = None
        for issue in issues:
            box = self._box_for(issue.field)
            if box is None:
                continue
            if issue.code == "credit_code_check":
                self.boxes["credit_code_override_reason"].show()
            box.show_issue(issue)
            if first_error is None and (issue.is_error or issue.needs_reason):
                first_error = box.widget
        return first_error

    def _box_for(self, field: str) -> FieldBox | None:
        m = re.fullmatch(r"(phones|agents)\[(\d+)\]\.(\w+)", field)
        if m:
            index = int(m[2])
            if m[1] == "phones":
                filled = [r for r in self.phone_rows if r.number.text().strip()]
                return filled[index].box if index < len(filled) else None
            if index < len(self.agent_rows):
                return self.agent_rows[index].boxes.get(m[3])
            return None
        return self.boxes.get(field)


def needs_attention(issue: FieldIssue) -> bool:
    return issue.severity is Severity.ERROR or issue.needs_reason
