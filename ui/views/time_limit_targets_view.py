"""中心设置 › 办理时限: the rules the law sets (read-only, with their citations) and the centre's
own targets per risk level. A target shorter than the legal limit sets the due day; saving
counts every open case's due day again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.enums import RiskLevel
from mediation_desk.domain.time_limits import CENTRE_TARGET, MAX_TARGET_DAYS, RULES
from ui.widgets.save_row import SaveRow

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.time_limits import TargetsSaved
    from ui.context import AppContext


class TimeLimitTargetsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        rules_box = QGroupBox(self.tr("法定及规定的办理时限"), self)
        rules = QVBoxLayout(rules_box)
        for rule in RULES:
            if rule is CENTRE_TARGET:
                continue
            label = QLabel(f"{rule.label}（自{rule.runs_from.label}起算）\n　{rule.citation}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            rules.addWidget(label)
        note = QLabel(
            self.tr(
                "期限届满日为休息日的，顺延至其后第一个工作日（民事诉讼法第八十五条）。"
                "延长期限须经双方当事人同意，在案件窗口“延长期限…”中办理。"
            ),
            rules_box,
        )
        note.setWordWrap(True)
        rules.addWidget(note)
        targets_box = QGroupBox(self.tr("本中心办理目标（自受理之日起，0为不设）"), self)
        form = QFormLayout(targets_box)
        self.targets: dict[RiskLevel, QSpinBox] = {}
        for level in RiskLevel:
            spin = QSpinBox(targets_box)
            spin.setRange(0, MAX_TARGET_DAYS)
            spin.setSuffix(self.tr(" 日"))
            spin.setSpecialValueText(self.tr("不设"))
            self.targets[level] = spin
            form.addRow(self.tr("风险等级：{0}").format(level.label), spin)
        explain = QLabel(
            self.tr("目标短于法定期限的，以目标日为办理时限；长于法定期限的，仍以法定期限为准。"),
            targets_box,
        )
        explain.setWordWrap(True)
        form.addRow(explain)
        self.save_row = SaveRow(self.tr("保存办理目标"), self)
        self.save_button, self.message = self.save_row.button, self.save_row.message
        layout = QVBoxLayout(self)
        layout.addWidget(rules_box)
        layout.addWidget(targets_box)
        layout.addStretch(1)
        layout.addWidget(self.save_row)
        self.save_button.clicked.connect(self._on_save_clicked)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.time_limits import get_targets

        saved = self.ctx.ops.read(get_targets)
        for level, spin in self.targets.items():
            spin.setValue(saved.get(level, 0))

    @Slot()
    def _on_save_clicked(self) -> None:
        self.save()

    def save(self) -> None:
        from mediation_desk.services.time_limits import save_targets

        values: dict[RiskLevel, int | None] = {
            level: spin.value() or None for level, spin in self.targets.items()
        }
        self.save_row.save(
            self.ctx.ops,
            self,
            lambda uow: save_targets(uow, values),
            self._on_saved,
            busy=self.tr("正在保存并重算在办案件的办理时限…"),
        )

    def _on_saved(self, saved: TargetsSaved) -> None:
        self.save_row.show_saved(
            self.tr("已保存。{0}件在办案件的办理时限随之重新计算。").format(saved.recomputed)
        )

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if Entity.TIME_LIMIT_SETTINGS in changes.reference and initiator is not self:
            self.reload()
