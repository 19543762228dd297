"""Rows added and removed in place: phones of a party, agents of a party, participants."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from mediation_desk.domain.drafts import AgentDraft, ParticipantDraft, PhoneDraft
from mediation_desk.domain.enums import AgentAuthority, AgentKind, IdType, PhoneLabel

from .field_box import FieldBox


class EnumCombo(QComboBox):
    """A combo box of enum members shown by their Chinese labels.

    Qt stores a ``StrEnum`` member as a plain string; ``currentData`` turns it back into the
    member, so callers always get the enum (or None for the optional blank item).
    """

    def __init__(
        self, enum_cls: type, parent: QWidget | None = None, *, blank: str | None = None
    ) -> None:
        super().__init__(parent)
        self._enum = enum_cls
        if blank is not None:
            self.addItem(blank, None)
        for member in enum_cls:
            self.addItem(member.label, member.value)

    def currentData(self, role: int = Qt.ItemDataRole.UserRole):  # type: ignore[no-untyped-def,override]
        value = super().currentData(role)
        if role == Qt.ItemDataRole.UserRole and value is not None:
            return self._enum(value)
        return value

    def set_value(self, member: object) -> None:
        self.setCurrentIndex(self.findData(member.value if member is not None else None))  # type: ignore[attr-defined]


def enum_combo(
    enum_cls: type, parent: QWidget | None = None, *, blank: str | None = None
) -> EnumCombo:
    return EnumCombo(enum_cls, parent, blank=blank)


def remove_button(parent: QWidget, tip: str) -> QPushButton:
    button = QPushButton("✕", parent)
    button.setToolTip(tip)
    button.setFixedWidth(32)
    button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep Tab and Enter on the inputs
    return button


class PhoneRow(QWidget):
    removed = Signal(QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("手机或固话，如 13812345678、0575-88123456"))
        self.label = enum_combo(PhoneLabel, self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("备注，如：女儿 李丽"))
        self.box = FieldBox(self.tr("电话"), self.number, self)
        remove = remove_button(self, self.tr("删除此电话"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 3)
        layout.addWidget(FieldBox(self.tr("归属"), self.label, self), 1)
        layout.addWidget(FieldBox(self.tr("备注"), self.note, self), 2)
        layout.addWidget(remove)

    def to_draft(self) -> PhoneDraft:
        return PhoneDraft(
            self.number.text().strip(), self.label.currentData(), self.note.text().strip()
        )


class AgentRow(QWidget):
    """An agent (委托/法定代理人) under their principal."""

    removed = Signal(QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = enum_combo(AgentKind, self)
        self.name = QLineEdit(self)
        self.relation = QLineEdit(self)
        self.relation.setPlaceholderText(self.tr("如：律师、儿子"))
        self.id_type = enum_combo(IdType, self)
        self.id_number = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.authority = enum_combo(AgentAuthority, self)
        self.authority_note = QLineEdit(self)
        self.authority_note.setPlaceholderText(self.tr("授权范围，如：代为承认、放弃、变更请求"))
        self.boxes = {
            "name": FieldBox(self.tr("代理人姓名"), self.name, self, required=True),
            "id_number": FieldBox(self.tr("证件号码"), self.id_number, self),
            "phone": FieldBox(self.tr("电话"), self.phone, self),
        }
        remove = remove_button(self, self.tr("删除此代理人"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 0, 0, 0)
        grid.addWidget(FieldBox(self.tr("代理类型"), self.kind, self), 0, 0)
        grid.addWidget(self.boxes["name"], 0, 1)
        grid.addWidget(FieldBox(self.tr("与当事人关系"), self.relation, self), 0, 2)
        grid.addWidget(FieldBox(self.tr("代理权限"), self.authority, self), 0, 3)
        grid.addWidget(remove, 0, 4)
        grid.addWidget(FieldBox(self.tr("证件类型"), self.id_type, self), 1, 0)
        grid.addWidget(self.boxes["id_number"], 1, 1)
        grid.addWidget(self.boxes["phone"], 1, 2)
        grid.addWidget(FieldBox(self.tr("授权范围"), self.authority_note, self), 1, 3)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)

    def _on_kind_changed(self) -> None:
        if self.kind.currentData() is AgentKind.LEGAL:
            self.authority.setCurrentIndex(self.authority.findData(AgentAuthority.STATUTORY))

    def to_draft(self) -> AgentDraft:
        return AgentDraft(
            name=self.name.text().strip(),
            kind=self.kind.currentData(),
            authority=self.authority.currentData(),
            authority_note=self.authority_note.text().strip(),
            relation=self.relation.text().strip(),
            id_type=self.id_type.currentData(),
            id_number=self.id_number.text().strip(),
            phone=self.phone.text().strip(),
        )


class ParticipantRow(QWidget):
    """An invited participant (参加人): relative, neighbour, village cadre, expert."""

    removed = Signal(QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.relation = QLineEdit(self)
        self.relation.setPlaceholderText(self.tr("如：村干部、亲属、邻居"))
        self.phone = QLineEdit(self)
        self.note = QLineEdit(self)
        remove = remove_button(self, self.tr("删除此参加人"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(FieldBox(self.tr("参加人姓名"), self.name, self), 2)
        layout.addWidget(FieldBox(self.tr("身份或关系"), self.relation, self), 2)
        layout.addWidget(FieldBox(self.tr("电话"), self.phone, self), 2)
        layout.addWidget(FieldBox(self.tr("备注"), self.note, self), 3)
        layout.addWidget(remove)

    def to_draft(self) -> ParticipantDraft:
        return ParticipantDraft(
            self.name.text().strip(),
            self.relation.text().strip(),
            self.phone.text().strip(),
            self.note.text().strip(),
        )
