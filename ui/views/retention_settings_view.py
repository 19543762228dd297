"""中心设置 › 卷宗保管期限: the 保管期限 a case file gets when archived, by how the case came out
(a file whose agreement went to court for confirmation is kept at least 长期). The archive
dialog proposes it; the clerk may still choose another for one file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_file import DEFAULT_RETENTION, Retention
from mediation_desk.domain.changes import Entity
from mediation_desk.domain.enums import CaseStatus
from ui.widgets.save_row import SaveRow

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from ui.context import AppContext


class RetentionSettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        box = QGroupBox(self.tr("归档时的保管期限（按调解结果）"), self)
        form = QFormLayout(box)
        self.choices: dict[CaseStatus, QComboBox] = {}
        for outcome in DEFAULT_RETENTION:
            combo = QComboBox(box)
            for r in Retention:
                combo.addItem(r.label, r.value)
            self.choices[outcome] = combo
            form.addRow(outcome.label, combo)
        explain = QLabel(
            self.tr("申请过司法确认的卷宗至少长期保管。归档时按此建议，也可对单个卷宗另选。"),
            box,
        )
        explain.setWordWrap(True)
        form.addRow(explain)
        self.save_row = SaveRow(self.tr("保存保管期限"), self)
        self.save_button, self.message = self.save_row.button, self.save_row.message
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.save_row)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.case_file import retention_rule

        self.show_rule(self.ctx.ops.read(retention_rule))

    def show_rule(self, rule: dict[CaseStatus, Retention]) -> None:
        for outcome, combo in self.choices.items():
            combo.setCurrentIndex(combo.findData(rule[outcome].value))

    def rule(self) -> dict[CaseStatus, Retention]:
        return {o: Retention(c.currentData()) for o, c in self.choices.items()}

    @Slot()
    def _on_save_button_clicked(self) -> None:
        from mediation_desk.services.case_file import retention_rule, set_retention_rule

        rule = self.rule()

        def save(uow):  # type: ignore[no-untyped-def]
            set_retention_rule(uow, rule)
            return retention_rule(uow)

        self.save_row.save(self.ctx.ops, self, save, self._on_saved)

    def _on_saved(self, saved: dict[CaseStatus, Retention]) -> None:
        self.show_rule(saved)
        self.save_row.show_saved(self.tr("已保存。此后归档的卷宗按此建议保管期限。"))

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if Entity.CENTRE in changes.reference and initiator is not self:
            self.reload()
