"""Route a registered case again: to a handling unit (optionally a mediator), or refer it out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.drafts import RoutingDraft
from mediation_desk.domain.enums import ReferralTarget
from ui.dialogs.saving_dialog import SavingDialog

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from ui.context import AppContext


class RoutingDialog(SavingDialog):
    """Choose where the case goes; OK asks the core, which checks and records it.

    ``result_detail`` holds the case as saved once the dialog is accepted. A refusal from the
    core is shown in the dialog, which stays open.
    """

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        parent: QWidget | None = None,
        *,
        current: CaseDetail | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        from mediation_desk.services.cases import get_case
        from mediation_desk.services.reference import list_units

        self.ctx = ctx
        self.case_id = case_id
        self.result_detail: CaseDetail | None = None
        current = current or ctx.ops.read(lambda uow: get_case(uow, case_id))
        self.setWindowTitle(self.tr("分流/移送 — {0}").format(current.number))
        self.setMinimumWidth(460)

        self.to_unit = QRadioButton(self.tr("分流至承办单位"), self)
        self.refer_out = QRadioButton(self.tr("移送其他机关、单位处理"), self)
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.to_unit)
        self._mode.addButton(self.refer_out)

        self.unit_box = QGroupBox(self)
        self.unit_box.setFlat(True)
        self.unit = QComboBox(self)
        for u in ctx.ops.read(list_units):
            self.unit.addItem(u.name, u.id)
        self.mediator = QComboBox(self)
        unit_form = QFormLayout(self.unit_box)
        unit_form.addRow(self.tr("承办单位"), self.unit)
        unit_form.addRow(self.tr("调解员"), self.mediator)

        self.refer_box = QGroupBox(self)
        self.refer_box.setFlat(True)
        self.refer_target = QComboBox(self)
        for target in ReferralTarget:
            self.refer_target.addItem(target.label, target.value)
        self.refer_body = QLineEdit(self)
        self.refer_body.setPlaceholderText(self.tr("如：某某区人民法院立案庭"))
        self.refer_note = QPlainTextEdit(self)
        self.refer_note.setPlaceholderText(self.tr("移送理由、告知当事人的情况等（可不填）"))
        self.refer_note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        refer_form = QFormLayout(self.refer_box)
        refer_form.addRow(self.tr("移送去向"), self.refer_target)
        refer_form.addRow(self.tr("接收单位"), self.refer_body)
        refer_form.addRow(self.tr("说明"), self.refer_note)

        layout = QVBoxLayout(self)
        layout.addWidget(self.to_unit)
        layout.addWidget(self.unit_box)
        layout.addWidget(self.refer_out)
        layout.addWidget(self.refer_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._preselect(current)
        self.unit.currentIndexChanged.connect(self._on_unit_changed)
        self.to_unit.toggled.connect(self._on_mode_toggled)
        self.refer_body.textChanged.connect(self._clear_error)
        self.refer_target.currentIndexChanged.connect(self._clear_error)

    # --- what the clerk chose ---------------------------------------------------------------

    def routing(self) -> RoutingDraft:
        if self.refer_out.isChecked():
            return RoutingDraft(
                refer_to=ReferralTarget(self.refer_target.currentData()),
                refer_body=self.refer_body.text(),
                refer_note=self.refer_note.toPlainText(),
            )
        return RoutingDraft(
            unit_id=self.unit.currentData(), mediator_id=self.mediator.currentData()
        )

    def select_unit(self, unit_id: int) -> None:
        index = self.unit.findData(unit_id)
        if index >= 0:
            self.unit.setCurrentIndex(index)

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.cases import route_case

        case_id, routing = self.case_id, self.routing()
        self.ctx.ops.run(
            self,
            lambda uow: route_case(uow, case_id=case_id, routing=routing),
            on_success=self._on_routed,
            on_failure=self._on_refused,
            busy=self.tr("正在保存分流…"),
            disable=[self.ok_button],
        )

    def _on_routed(self, detail: CaseDetail) -> None:
        self.result_detail = detail
        self.accept()

    @Slot(int)
    def _on_unit_changed(self, _index: int) -> None:
        self._load_mediators(None)
        self._clear_error()

    @Slot(bool)
    def _on_mode_toggled(self, _checked: bool) -> None:
        self.unit_box.setEnabled(self.to_unit.isChecked())
        self.refer_box.setEnabled(self.refer_out.isChecked())
        self._clear_error()

    @Slot()
    def _clear_error(self) -> None:
        self.show_error("")

    # --- helpers -----------------------------------------------------------------------------

    def _preselect(self, current: CaseDetail) -> None:
        if current.refer_to is not None:
            self.refer_out.setChecked(True)
            self.refer_target.setCurrentIndex(self.refer_target.findData(current.refer_to.value))
            self.refer_body.setText(current.refer_body)
            self.refer_note.setPlainText(current.refer_note)
        else:
            self.to_unit.setChecked(True)
        self.select_unit(current.unit_id)
        self._load_mediators(current.mediator_id)
        self._on_mode_toggled(True)

    def _load_mediators(self, selected: int | None) -> None:
        from mediation_desk.services.reference import list_mediators

        self.mediator.clear()
        self.mediator.addItem(self.tr("（暂不指定）"), None)
        unit_id = self.unit.currentData()
        if unit_id is None:
            return
        for m in self.ctx.ops.read(lambda uow: list_mediators(uow, unit_id=unit_id)):
            self.mediator.addItem(f"{m.name}（{m.kind.label}）", m.id)
        index = self.mediator.findData(selected) if selected is not None else 0
        self.mediator.setCurrentIndex(max(index, 0))
