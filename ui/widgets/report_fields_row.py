"""The statistics' inputs of the intake form (issue 12), in one compact block.

发生地 (the centre's villages and communities, typed to filter), 网格, 争议金额, 涉及人数,
the special groups and 疑难. Used by intake and, through it, the correction form. Reading the
inputs turns typed text into the draft's values; what cannot be read is reported at its field
(``ReportInputError``), the rules themselves are the core's (``services.case_rules``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from mediation_desk.domain.money import AmountError, parse_amount, yuan_text
from mediation_desk.domain.report_fields import ReportFieldError, SpecialGroup, parse_persons

from .field_box import FieldBox

if TYPE_CHECKING:
    from mediation_desk.domain.drafts import CaseDraft
    from mediation_desk.services.places import PlaceView

#: The picker's item for no place (NULL: 未填写).
NO_PLACE = "（未填写）"


class ReportInputError(ValueError):
    """Typed text that cannot be read: ``field`` is the draft's field, ``message`` Chinese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def guard_wheel(widget: QWidget) -> None:
    """The wheel changes ``widget`` (a combo or spin box) only while it has the focus (the
    app's ``ui.wheel_guard`` passes it on otherwise); a click or Tab gives the focus."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class PlacePicker(QComboBox):
    """发生地: the active places, typed to filter (by name, township or code)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.lineEdit()
        assert edit is not None  # editable
        edit.setPlaceholderText(self.tr("输入村（社区）名称筛选"))
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.places: list[PlaceView] = []
        guard_wheel(self)
        self.set_places([])

    def set_places(self, places: list[PlaceView], *, keep: str | None = None) -> None:
        """The active places (and ``keep``, the case's own, even if deactivated since)."""
        chosen = self.code_or_none() if keep is None else keep
        typed = self.currentText()  # text matching no place yet stays as typed
        self.places = places
        self.blockSignals(True)
        self.clear()
        self.addItem(NO_PLACE, "")
        for p in places:
            if p.active or p.code == chosen:
                label = p.label if p.active else self.tr("{0}（已停用）").format(p.label)
                self.addItem(label, p.code)
        self.blockSignals(False)
        self.set_code(chosen or "")
        if chosen is None:
            self.setEditText(typed)

    def set_code(self, code: str) -> None:
        index = self.findData(code) if code else 0
        if index < 0:  # not in the list any more: shown by its code
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.setEditText(self.itemText(index) if index > 0 else "")

    def code_or_none(self) -> str | None:
        """The chosen place's code; '' for none; None while the text matches no place."""
        text = self.currentText().strip()
        if not text or text == NO_PLACE:
            return ""
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            return str(self.itemData(index) or "")
        digits = "".join(text.split())
        match = [p.code for p in self.places if p.code == digits]
        return match[0] if match else None

    def code(self) -> str:
        code = self.code_or_none()
        if code is None:
            raise ReportInputError("place_code", self.tr("请从列表中选择发生地（村/社区）"))
        return code


class ReportFieldsRow(QWidget):
    """The inputs; ``boxes`` by the draft's field names, for findings beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = PlacePicker(self)
        self.grid_code = QLineEdit(self)
        self.grid_code.setPlaceholderText(self.tr("可不填"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("元，可不填"))
        self.persons = QLineEdit(self)
        self.persons.setPlaceholderText(self.tr("默认按当事人人数"))
        self.group_boxes: dict[SpecialGroup, QCheckBox] = {
            g: QCheckBox(g.label, self) for g in SpecialGroup
        }
        self.difficult = QCheckBox(self.tr("疑难案件"), self)
        groups = QWidget(self)
        line = QHBoxLayout(groups)
        line.setContentsMargins(0, 0, 0, 0)
        for box in self.group_boxes.values():
            line.addWidget(box)
        line.addSpacing(24)
        line.addWidget(self.difficult)
        line.addStretch(1)
        self.boxes = {
            "place_code": FieldBox(self.tr("发生地（村/社区）"), self.place, self),
            "grid_code": FieldBox(self.tr("网格"), self.grid_code, self),
            "amount_in_dispute_cents": FieldBox(self.tr("争议金额（元）"), self.amount, self),
            "persons_involved": FieldBox(self.tr("涉及人数"), self.persons, self),
            "special_groups": FieldBox(self.tr("涉及特殊群体"), groups, self),
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        b = self.boxes
        grid.addWidget(b["place_code"], 0, 0)
        grid.addWidget(b["grid_code"], 0, 1)
        grid.addWidget(b["amount_in_dispute_cents"], 0, 2)
        grid.addWidget(b["persons_involved"], 0, 3)
        grid.addWidget(b["special_groups"], 1, 0, 1, 4)
        for col in range(4):
            grid.setColumnStretch(col, 1)

    def set_places(self, places: list[PlaceView]) -> None:
        self.place.set_places(places)

    def values(self, *, strict: bool = True) -> dict[str, Any]:
        """The draft's report fields. ``strict``: unreadable text raises ``ReportInputError``;
        otherwise it counts as not filled (for comparing the form with what it was)."""
        out: dict[str, Any] = {
            "grid_code": self.grid_code.text().strip(),
            "special_groups": [g for g, box in self.group_boxes.items() if box.isChecked()],
            "difficult": self.difficult.isChecked(),
        }
        readers = (
            ("place_code", self.place.code, ""),
            ("amount_in_dispute_cents", self._amount, None),
            ("persons_involved", self._persons, None),
        )
        for field, read, blank in readers:
            try:
                out[field] = read()
            except ReportInputError:
                if strict:
                    raise
                out[field] = blank
        return out

    def _amount(self) -> int | None:
        text = self.amount.text().strip()
        if not text:
            return None
        try:
            return parse_amount(text)
        except AmountError as e:
            raise ReportInputError("amount_in_dispute_cents", str(e)) from None

    def _persons(self) -> int | None:
        try:
            return parse_persons(self.persons.text())
        except ReportFieldError as e:
            raise ReportInputError("persons_involved", str(e)) from None

    def fill(self, d: CaseDraft) -> None:
        self.place.set_places(self.place.places, keep=d.place_code)
        self.grid_code.setText(d.grid_code)
        cents = d.amount_in_dispute_cents
        self.amount.setText(yuan_text(cents) if cents is not None else "")
        self.persons.setText(str(d.persons_involved) if d.persons_involved is not None else "")
        for g, box in self.group_boxes.items():
            box.setChecked(g in d.special_groups)
        self.difficult.setChecked(d.difficult)

    def reset(self) -> None:
        self.place.set_code("")
        for edit in (self.grid_code, self.amount, self.persons):
            edit.clear()
        for box in self.group_boxes.values():
            box.setChecked(False)
        self.difficult.setChecked(False)
