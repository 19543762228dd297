"""安排回访 (a visit planned by hand), 登记回访 (the 回访记录 of a task) and 回手 (the case taken
up again with a reason). Keyboard first: the first input has the focus, Tab walks the form,
Enter saves. The core checks and records each; a refusal shows in the dialog, which stays
open."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.follow_ups import (
    Performed,
    Satisfaction,
    VisitDraft,
    VisitForm,
    hui_shou_reason,
    offers_hui_shou,
)
from ui.dialogs.saving_dialog import SavingDialog
from ui.widgets.clause_editor import date_edit, pydate
from ui.widgets.contact_rows import enum_combo

if TYPE_CHECKING:
    from mediation_desk.domain.follow_ups import FollowUpTaskView
    from ui.context import AppContext


def _text_box(parent: QWidget, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab walks the form
    box.setFixedHeight(box.fontMetrics().lineSpacing() * (lines + 1))
    return box


class _FormDialog(SavingDialog):
    """A form above the refusal line and 确定/取消; the saved value in ``saved``."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(ctx, parent)
        self.saved: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _on_saved(self, value: object) -> None:
        self.saved = value
        self.accept()


class PlanFollowUpDialog(_FormDialog):
    """安排回访: a day and what to ask about."""

    def __init__(
        self, ctx: AppContext, case_id: int, case_number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("安排回访 — {0}").format(case_number), parent)
        self.case_id = case_id
        self.due = date_edit(self, ctx.ops.today() + dt.timedelta(days=7))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("回访内容，如：了解协议履行情况"))
        self.form.addRow(self.tr("回访日期(&D)"), self.due)
        self.form.addRow(self.tr("回访内容(&N)"), self.note)
        self.due.setFocus()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.follow_ups import plan_follow_up

        case_id, due, note = self.case_id, pydate(self.due.date()), self.note.text()
        self.save(lambda uow: plan_follow_up(uow, case_id, due, note))


class VisitDialog(_FormDialog):
    """登记回访: the 回访记录 of one task."""

    def __init__(
        self, ctx: AppContext, task: FollowUpTaskView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("登记回访 — {0}").format(task.case_number), parent)
        self.task_id = task.id
        asked = QLabel(
            self.tr("{0}（应于{1}回访）{2}").format(
                task.reason.label,
                task.due.isoformat(),
                f"：{task.note}" if task.note else "",
            ),
            self,
        )
        asked.setWordWrap(True)
        asked.setTextFormat(Qt.TextFormat.PlainText)
        self.visit_form = enum_combo(VisitForm, self)
        self.visited_on = date_edit(self, ctx.ops.today())
        self.visitors = QLineEdit(self)
        self.visitors.setPlaceholderText(self.tr("回访人姓名，多人用顿号分隔"))
        self.performed = enum_combo(Performed, self, blank=self.tr("（请选择）"))
        self.satisfaction = enum_combo(Satisfaction, self, blank=self.tr("（请选择）"))
        self.went_to_court = QCheckBox(self.tr("纠纷已起诉到人民法院"), self)
        self.court_note = QLineEdit(self)
        self.court_note.setPlaceholderText(self.tr("法院名称及案件情况"))
        self.court_note.setEnabled(False)
        self.measures = _text_box(self, self.tr("未完全履行的，写明采取的措施（如督促履行）"))
        self.note = _text_box(self, self.tr("回访了解到的情况"))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #a15c00;")
        self.form.addRow(asked)
        self.form.addRow(self.tr("回访方式(&F)"), self.visit_form)
        self.form.addRow(self.tr("回访日期(&D)"), self.visited_on)
        self.form.addRow(self.tr("回访人(&V)"), self.visitors)
        self.form.addRow(self.tr("履行情况(&P)"), self.performed)
        self.form.addRow(self.tr("满意度(&S)"), self.satisfaction)
        self.form.addRow(self.went_to_court)
        self.form.addRow(self.tr("起诉情况"), self.court_note)
        self.form.addRow(self.tr("采取的措施(&M)"), self.measures)
        self.form.addRow(self.tr("回访情况"), self.note)
        self.form.addRow(self.hint)
        self.went_to_court.toggled.connect(self.court_note.setEnabled)
        self.performed.currentIndexChanged.connect(self._on_answer_changed)
        self.satisfaction.currentIndexChanged.connect(self._on_answer_changed)
        self._on_answer_changed()
        self.visit_form.setFocus()

    def draft(self) -> VisitDraft:
        return VisitDraft(
            form=self.visit_form.currentData(),
            visited_on=pydate(self.visited_on.date()),
            visitors=self.visitors.text(),
            performed=self.performed.currentData(),
            satisfaction=self.satisfaction.currentData(),
            went_to_court=self.went_to_court.isChecked(),
            court_note=self.court_note.text(),
            measures=self.measures.toPlainText(),
            note=self.note.toPlainText(),
        )

    @Slot()
    def _on_answer_changed(self) -> None:
        d = self.draft()
        offered = offers_hui_shou(d.performed, d.satisfaction)
        self.hint.setText(
            self.tr("登记后可在“回访”页办理回手：案件重新调解，重新计算办理时限。")
            if offered
            else ""
        )
        self.hint.setVisible(offered)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.follow_ups import record_visit

        task_id, draft = self.task_id, self.draft()
        self.save(lambda uow: record_visit(uow, task_id, draft))


class HuiShouDialog(_FormDialog):
    """回手: the reason (offered from the visit), then the case goes back to its unit."""

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        case_number: str,
        task: FollowUpTaskView | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("回手 — {0}").format(case_number), parent)
        self.case_id = case_id
        explain = QLabel(
            self.tr(
                "回手后案件恢复为“调解中”，交回原承办单位重新调解，"
                "办理时限自今日起重新计算（一个月）。"
            ),
            self,
        )
        explain.setWordWrap(True)
        self.reason = _text_box(self, self.tr("回手的原因"), 3)
        visit = task.visit if task is not None else None
        if visit is not None:
            self.reason.setPlainText(
                hui_shou_reason(visit.draft.performed, visit.draft.satisfaction)
            )
        self.form.addRow(explain)
        self.form.addRow(self.tr("回手原因(&R)"), self.reason)
        self.reason.setFocus()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.follow_ups import hui_shou

        case_id, reason = self.case_id, self.reason.toPlainText()
        self.save(lambda uow: hui_shou(uow, case_id, reason))
