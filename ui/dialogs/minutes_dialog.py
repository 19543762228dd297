"""The minutes of one session (调解记录), typed during or right after it.

Who was present comes from the counter's check-in (ticked already); the clerk ticks anyone
else the case names who came, and types people the case does not name, one per line. Tab
moves from box to box; Ctrl+S saves. The core checks and records; what is missing is listed
in the dialog, which stays open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.minutes import OTHER_ROLE, MinutesDraft, PresentPerson
from ui.dialogs.saving_dialog import SavingDialog

if TYPE_CHECKING:
    from mediation_desk.domain.minutes import MinutesView
    from ui.context import AppContext


def text_box(parent: QWidget, text: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A box of several lines in which Tab moves on (keyboard-first forms)."""
    box = QPlainTextEdit(text, parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def others_text(people: list[PresentPerson]) -> str:
    return "\n".join(f"{p.name}，{p.role}" for p in people)


def parse_others(text: str) -> list[PresentPerson]:
    """``赵小妹，申请人的女儿`` per line (the role may be left out)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in ("，", ",", "（", " "):
            if sep in line:
                name, role = line.split(sep, 1)
                out.append(PresentPerson(name.strip(), role.strip(" ）)") or OTHER_ROLE))
                break
        else:
            out.append(PresentPerson(line, OTHER_ROLE))
    return out


class MinutesDialog(SavingDialog):
    """Edit and save a session's minutes; ``saved`` carries them as stored."""

    saved = Signal(object)  # MinutesView

    def __init__(
        self, ctx: AppContext, minutes: MinutesView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent, ok_text="保存(&S)", save_shortcut=True)
        self.ctx, self.minutes = ctx, minutes
        self.setWindowTitle(
            self.tr("调解记录 — {0} 第{1}次调解").format(minutes.case_number, minutes.ordinal)
        )
        self.resize(720, 760)
        d = minutes.draft
        page = QWidget()
        head = QLabel(
            self.tr("时间：{0}\n调解员：{1}").format(minutes.time_text, minutes.mediators), page
        )
        head.setTextFormat(Qt.TextFormat.PlainText)
        self.place = QLineEdit(d.place, page)
        self.note_taker = QLineEdit(d.note_taker, page)

        self.present_box = QGroupBox(self.tr("到场人员（已签到的已勾选）"), page)
        present_layout = QVBoxLayout(self.present_box)
        self.present_checks: list[tuple[QCheckBox, PresentPerson]] = []
        chosen = {(p.name, p.role) for p in d.present}
        named = {(c.name, c.role) for c in minutes.candidates}
        for c in minutes.candidates:
            label = f"{c.name}（{c.role}）"
            if c.checked_in:
                label += self.tr("　已签到")
            box = QCheckBox(label, self.present_box)
            box.setChecked((c.name, c.role) in chosen)
            present_layout.addWidget(box)
            self.present_checks.append((box, c))
        others = [p for p in d.present if (p.name, p.role) not in named]
        self.others = text_box(
            self.present_box,
            others_text(others),
            2,
            self.tr("未签到、案件中也没有登记的到场人员，每行一人：姓名，身份"),
        )
        present_layout.addWidget(self.others)

        self.rights_read = QCheckBox(self.tr("已告知当事人权利义务，当事人表示清楚(&R)"), page)
        self.rights_read.setChecked(d.rights_read)
        self.recusal_asked = QCheckBox(self.tr("已询问当事人是否申请回避(&H)"), page)
        self.recusal_asked.setChecked(d.recusal_asked)
        self.recusal_note = text_box(
            page,
            d.recusal_note,
            2,
            self.tr("当事人申请回避时填写：申请的内容及处理（不申请则留空）"),
        )
        self.accounts: dict[int, QPlainTextEdit] = {}
        accounts_box = QGroupBox(self.tr("各方陈述"), page)
        accounts_form = QFormLayout(accounts_box)
        for party in minutes.parties:
            box = text_box(accounts_box, minutes.account(party.id), 4)
            self.accounts[party.id] = box
            accounts_form.addRow(f"{party.role}\n{party.name}", box)
        self.work = text_box(page, d.mediator_work, 4)
        self.outcome = text_box(page, d.outcome, 3)
        self.next_step = text_box(page, d.next_step, 2)

        form = QFormLayout()
        form.addRow(self.tr("地点"), self.place)
        form.addRow(self.tr("记录人"), self.note_taker)
        column = QVBoxLayout(page)
        column.addWidget(head)
        column.addLayout(form)
        column.addWidget(self.present_box)
        column.addWidget(self.rights_read)
        column.addWidget(self.recusal_asked)
        column.addWidget(self.recusal_note)
        column.addWidget(accounts_box)
        end = QFormLayout()
        end.addRow(self.tr("调解员所做工作"), self.work)
        end.addRow(self.tr("本次调解结果"), self.outcome)
        end.addRow(self.tr("下一步安排"), self.next_step)
        column.addLayout(end)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.place.setFocus()

    def draft(self) -> MinutesDraft:
        present = [c for box, c in self.present_checks if box.isChecked()]
        present += parse_others(self.others.toPlainText())
        return MinutesDraft(
            place=self.place.text(),
            note_taker=self.note_taker.text(),
            present=present,
            rights_read=self.rights_read.isChecked(),
            recusal_asked=self.recusal_asked.isChecked(),
            recusal_note=self.recusal_note.toPlainText(),
            accounts={pid: box.toPlainText() for pid, box in self.accounts.items()},
            mediator_work=self.work.toPlainText(),
            outcome=self.outcome.toPlainText(),
            next_step=self.next_step.toPlainText(),
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.minutes import save_minutes

        session_id, draft = self.minutes.session_id, self.draft()
        self.save(
            lambda uow: save_minutes(uow, session_id, draft),
        )

    def _on_saved(self, minutes: MinutesView) -> None:
        self.minutes = minutes
        self.saved.emit(minutes)
        self.accept()
