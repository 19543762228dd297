"""The case window's 回访 page: every visit planned on the case (automatic or by hand) with its
record when made; 安排回访…, 登记回访… on the chosen visit, and 回手… when a visit found the
agreement not performed or a party not satisfied. What they record reaches the window as a
change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from mediation_desk.domain.case_flow import CaseEvent, refusal
from mediation_desk.domain.follow_ups import TaskState
from ui.widgets.detail_fields import read_only_table, value_label

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.domain.follow_ups import FollowUpTaskView
    from ui.context import AppContext


def _visit_text(t: FollowUpTaskView) -> str:
    if t.visit is None:
        return ""
    d = t.visit.draft
    text = f"{d.visited_on.isoformat() if d.visited_on else ''} {t.visit.summary}"
    return text + (f"；措施：{d.measures}" if d.measures else "")


class FollowUpPage(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        d: CaseDetail,
        tasks: list[FollowUpTaskView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.case_id, self.case_number = ctx, d.id, d.number
        self.tasks = tasks
        self.hui_shou_refusal = refusal(d.status, CaseEvent.FOLLOW_UP_REOPEN)
        self.table = read_only_table(
            [
                self.tr("应回访日期"),
                self.tr("事由"),
                self.tr("状态"),
                self.tr("回访情况"),
                self.tr("安排"),
            ],
            [
                [
                    t.due.isoformat(),
                    t.reason.label + (f"：{t.note}" if t.note else ""),
                    t.state.label,
                    _visit_text(t),
                    t.planned_by,
                ]
                for t in tasks
            ],
            self,
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.plan_button = QPushButton(self.tr("安排回访…"), self)
        self.visit_button = QPushButton(self.tr("登记回访…"), self)
        self.hui_shou_button = QPushButton(self.tr("回手…"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.visit_button)
        buttons.addWidget(self.hui_shou_button)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        if not tasks:
            column.addWidget(
                value_label(
                    self.tr("本案尚无回访安排。协议生效和结案时按中心的回访规则自动安排。"),
                    wrap=True,
                )
            )
        column.addLayout(buttons)
        first_open = next((i for i, t in enumerate(tasks) if t.state is TaskState.OPEN), None)
        offering = next(
            (i for i, t in enumerate(tasks) if t.visit and t.visit.offers_hui_shou), None
        )
        start = offering if offering is not None and not self.hui_shou_refusal else first_open
        if start is not None:
            self.table.selectRow(start)
        self.table.itemSelectionChanged.connect(self._show_buttons)
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.visit_button.clicked.connect(self._on_visit_button_clicked)
        self.hui_shou_button.clicked.connect(self._on_hui_shou_button_clicked)
        self._show_buttons()
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import follow_ups as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.plan_button, guarded(svc.plan_follow_up, P.FOLLOW_UP))
        gate.require(self.visit_button, guarded(svc.record_visit, P.FOLLOW_UP))
        gate.require(self.hui_shou_button, guarded(svc.hui_shou, P.FOLLOW_UP))

    def selected(self) -> FollowUpTaskView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.tasks[rows[0].row()] if rows else None

    @Slot()
    def _show_buttons(self) -> None:
        task = self.selected()
        self.visit_button.setEnabled(task is not None and task.state is TaskState.OPEN)
        offers = task is not None and task.visit is not None and task.visit.offers_hui_shou
        self.hui_shou_button.setEnabled(offers and not self.hui_shou_refusal)
        self.hui_shou_button.setToolTip(
            self.hui_shou_refusal
            or ("" if offers else self.tr("回访不满意或协议未履行的，可以回手重新调解"))
        )

    @Slot()
    def _on_plan_button_clicked(self) -> None:
        from ui.dialogs.follow_up_dialog import PlanFollowUpDialog

        dialog = PlanFollowUpDialog(self.ctx, self.case_id, self.case_number, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def _on_visit_button_clicked(self) -> None:
        from ui.dialogs.follow_up_dialog import VisitDialog

        task = self.selected()
        if task is None or task.state is not TaskState.OPEN:
            return
        dialog = VisitDialog(self.ctx, task, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def _on_hui_shou_button_clicked(self) -> None:
        from ui.dialogs.follow_up_dialog import HuiShouDialog

        dialog = HuiShouDialog(self.ctx, self.case_id, self.case_number, self.selected(), self)
        dialog.exec()
        dialog.deleteLater()
