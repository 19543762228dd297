"""中心设置 › 回访: the centre's follow-up policy — how many days after each performance due
day and after closing a visit is planned, and for major cases (the risk levels ticked) a
second visit some months after closing. Visits already planned keep their days."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.enums import RiskLevel
from mediation_desk.domain.follow_ups import MAX_POLICY_DAYS, MAX_POLICY_MONTHS, FollowUpPolicy
from ui.widgets.save_row import SaveRow

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from ui.context import AppContext

#: The levels that may count as major (无 never does).
MAJOR_CHOICES = tuple(lv for lv in RiskLevel if lv is not RiskLevel.NONE)


def _spin(parent: QWidget, most: int, suffix: str, none: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, most)
    spin.setSuffix(suffix)
    spin.setSpecialValueText(none)
    return spin


class FollowUpSettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        box = QGroupBox(self.tr("自动安排回访（0为不安排）"), self)
        form = QFormLayout(box)
        self.after_performance = _spin(box, MAX_POLICY_DAYS, self.tr(" 天"), self.tr("不安排"))
        self.after_closing = _spin(box, MAX_POLICY_DAYS, self.tr(" 天"), self.tr("不安排"))
        self.major_months = _spin(box, MAX_POLICY_MONTHS, self.tr(" 个月"), self.tr("不安排"))
        form.addRow(self.tr("每个履行期限届满后(&P)"), self.after_performance)
        form.addRow(self.tr("结案后(&C)"), self.after_closing)
        form.addRow(self.tr("重大案件结案后再回访(&M)"), self.major_months)
        levels = QHBoxLayout()
        self.major_levels: dict[RiskLevel, QCheckBox] = {}
        for level in MAJOR_CHOICES:
            check = QCheckBox(level.label, box)
            self.major_levels[level] = check
            levels.addWidget(check)
        levels.addStretch(1)
        form.addRow(self.tr("重大案件的风险等级"), levels)
        explain = QLabel(
            self.tr(
                "人民调解委员会应当对调解协议的履行情况进行监督（人民调解法第三十一条）。"
                "协议生效时按每个履行期限安排回访，结案时安排结案后回访；"
                "回访发现协议未履行或当事人不满意的，可以回手重新调解。"
                "修改后只影响此后安排的回访。"
            ),
            box,
        )
        explain.setWordWrap(True)
        form.addRow(explain)
        self.save_row = SaveRow(self.tr("保存回访规则"), self)
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
        from mediation_desk.services.follow_ups import get_policy

        self.show_policy(self.ctx.ops.read(get_policy))

    def show_policy(self, policy: FollowUpPolicy) -> None:
        self.after_performance.setValue(policy.days_after_performance)
        self.after_closing.setValue(policy.days_after_closing)
        self.major_months.setValue(policy.major_months)
        for level, check in self.major_levels.items():
            check.setChecked(level in policy.major_levels)

    def policy(self) -> FollowUpPolicy:
        return FollowUpPolicy(
            self.after_performance.value(),
            self.after_closing.value(),
            self.major_months.value(),
            frozenset(lv for lv, check in self.major_levels.items() if check.isChecked()),
        )

    @Slot()
    def _on_save_button_clicked(self) -> None:
        from mediation_desk.services.follow_ups import save_policy

        policy = self.policy()
        self.save_row.save(self.ctx.ops, self, lambda uow: save_policy(uow, policy), self._on_saved)

    def _on_saved(self, saved: FollowUpPolicy) -> None:
        self.show_policy(saved)
        self.save_row.show_saved(self.tr("已保存：{0}。").format(saved.text))

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if Entity.FOLLOW_UP_SETTINGS in changes.reference and initiator is not self:
            self.reload()
