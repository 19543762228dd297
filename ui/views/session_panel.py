"""The day board's side panel: the selected session, its parties' check-in at the counter,
no-show, start, finish, cancel, its minutes (调解记录), and how long the parties have been
waiting.

The panel only asks: it says what the clerk wants with its signals (the board runs the action
and shows the panel the session again); its buttons follow the core's one transition table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_number import number_labels
from mediation_desk.domain.sessions import SessionAction, allowed
from mediation_desk.services.minutes import MINUTES_STATUSES

if TYPE_CHECKING:
    from mediation_desk.services.session_views import SessionView


def _tr(text: str) -> str:
    return QCoreApplication.translate("SessionPanel", text)


def waiting_text(waited: dt.timedelta) -> str:
    minutes = int(waited.total_seconds() // 60)
    if minutes < 60:
        return _tr("{0} 分钟").format(minutes)
    return _tr("{0} 小时 {1} 分钟").format(minutes // 60, minutes % 60)


class SessionPanel(QWidget):
    """The selected session and what the counter does with it.

    ``ask_text(title, prompt)`` asks the clerk for a reason (None: cancelled); the board passes
    its own, which tests replace.
    """

    #: Open this case (its id).
    open_case = Signal(int)
    #: Book another session for this case (its id).
    book_requested = Signal(int)
    #: Do this to the session: (session id, SessionAction, reason).
    action_requested = Signal(int, object, str)
    #: These parties arrived: (session id, attendee ids; None: every party not yet in).
    arrival_requested = Signal(int, object)
    #: Open the minutes (调解记录) of this session (its id).
    minutes_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ask_text: Callable[[str, str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ask_text = ask_text or self._ask_text
        self.session: SessionView | None = None
        self.setMinimumWidth(250)
        self.title = QLabel(self.tr("请在左侧选择一场调解"), self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.waiting = QLabel(self)
        self.waiting.setStyleSheet("color: #a15c00; font-weight: bold;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #b42318;")
        # Everyone checked in and still waiting today, longest wait first (the counter's
        # queue): refreshed with the board's clock.
        self.queue_box = QGroupBox(self.tr("已签到等候"), self)
        self.queue = QLabel(self.queue_box)
        self.queue.setTextFormat(Qt.TextFormat.PlainText)
        self.queue.setWordWrap(True)
        self.queue.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # a long queue scrolls inside its box instead of being cut at the panel's bottom
        queue_area = QScrollArea(self.queue_box)
        queue_area.setWidget(self.queue)
        queue_area.setWidgetResizable(True)
        queue_area.setFrameShape(QFrame.Shape.NoFrame)
        queue_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QVBoxLayout(self.queue_box).addWidget(queue_area)

        self.parties_box = QGroupBox(self.tr("当事人签到"), self)
        self.parties_grid = QGridLayout(self.parties_box)
        self.checkin_buttons: dict[int, QPushButton] = {}  # attendee id → 签到 button

        self.all_in = QPushButton(self.tr("全部签到"), self)
        self.no_show = QPushButton(self.tr("未到"), self)
        self.start = QPushButton(self.tr("开始调解"), self)
        self.finish = QPushButton(self.tr("结束调解"), self)
        self.cancel = QPushButton(self.tr("取消场次…"), self)
        self.case_button = QPushButton(self.tr("打开案件"), self)
        self.book_button = QPushButton(self.tr("再约一场…"), self)
        self.minutes_button = QPushButton(self.tr("调解记录…"), self)
        self.minutes_button.setToolTip(self.tr("填写或修改本场的调解记录（开始调解后）"))
        #: The buttons each action needs, enabled from the core's transition table.
        self._action_buttons = {
            SessionAction.NO_SHOW: self.no_show,
            SessionAction.START: self.start,
            SessionAction.FINISH: self.finish,
            SessionAction.CANCEL: self.cancel,
        }
        self.all_in.clicked.connect(self._on_all_in_clicked)
        self.no_show.clicked.connect(self._on_no_show_clicked)
        self.start.clicked.connect(self._on_start_clicked)
        self.finish.clicked.connect(self._on_finish_clicked)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.case_button.clicked.connect(self._on_case_button_clicked)
        self.book_button.clicked.connect(self._on_book_button_clicked)
        self.minutes_button.clicked.connect(self._on_minutes_button_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.waiting)
        layout.addWidget(self.parties_box)
        row1 = QHBoxLayout()
        row1.addWidget(self.all_in)
        row1.addWidget(self.no_show)
        row2 = QHBoxLayout()
        row2.addWidget(self.start)
        row2.addWidget(self.finish)
        row3 = QHBoxLayout()
        row3.addWidget(self.case_button)
        row3.addWidget(self.book_button)
        row_cancel = QHBoxLayout()
        row_cancel.addWidget(self.cancel)
        row_cancel.addWidget(self.minutes_button)
        for row in (row1, row2, row_cancel):
            layout.addLayout(row)
        layout.addLayout(row3)
        layout.addWidget(self.message)
        layout.addWidget(self.queue_box, 1)
        self.show_session(None, None)

    # ----- what the panel shows ------------------------------------------------------------

    def action_widgets(self) -> list[QWidget]:
        """What is disabled while an action runs (the parties' box holds their buttons)."""
        return [self.parties_box, self.all_in, *self._action_buttons.values()]

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def show_session(self, s: SessionView | None, now: dt.datetime | None) -> None:
        self.session = s
        self.message.clear()
        while self.parties_grid.count():
            item = self.parties_grid.takeAt(0)
            if (w := item.widget()) is not None:
                w.hide()  # at once: deleteLater alone leaves it painted until the loop runs
                w.deleteLater()
        self.checkin_buttons.clear()
        for w in (
            self.all_in,
            *self._action_buttons.values(),
            self.case_button,
            self.book_button,
            self.minutes_button,
        ):
            w.setEnabled(False)
        self.parties_box.setVisible(s is not None)
        if s is None:
            self.title.setText(self.tr("请在左侧选择一场调解"))
            self.details.setText(
                self.tr("拖动色块可改期或换调解室；双击或按回车打开案件；方向键切换场次。")
            )
            self.waiting.clear()
            return
        self.title.setText(s.case_number)
        when = self.tr("{a:%m-%d %H:%M}–{b:%H:%M}  {room}").format(
            a=s.starts, b=s.ends, room=s.room_name
        )
        if s.remote:
            when += self.tr("（远程）")
        lines = [s.dispute_type, when, self.tr("状态：{0}").format(s.status.label)]
        lines += [self.tr("{role}：{name}").format(role=x.role.label, name=x.name) for x in s.staff]
        if s.override_reason:
            lines.append(self.tr("特批理由：{0}").format(s.override_reason))
        if s.note:
            lines.append(self.tr("备注：{0}").format(s.note))
        self.details.setText("\n".join(line for line in lines if line))
        can_check_in = allowed(s.status, SessionAction.CHECK_IN)
        for i, a in enumerate(s.attendees):
            name = QLabel(a.name, self.parties_box)
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setWordWrap(True)  # an organisation's long name wraps, never cut
            self.parties_grid.addWidget(name, i, 0)
            if a.arrived_at is not None:
                self.parties_grid.addWidget(
                    QLabel(self.tr("{t:%H:%M} 已到").format(t=a.arrived_at), self.parties_box),
                    i,
                    1,
                )
            else:
                button = QPushButton(self.tr("签到"), self.parties_box)
                button.setEnabled(can_check_in)
                button.clicked.connect(lambda _c=False, aid=a.id: self._arrive([aid]))
                self.checkin_buttons[a.id] = button
                self.parties_grid.addWidget(button, i, 1)
        self.all_in.setEnabled(can_check_in and bool(self.checkin_buttons))
        for action, button in self._action_buttons.items():
            button.setEnabled(allowed(s.status, action))
        self.case_button.setEnabled(True)
        self.book_button.setEnabled(True)
        self.minutes_button.setEnabled(s.status in MINUTES_STATUSES)
        if now is not None:
            self.refresh_waiting(now)

    def refresh_queue(self, sessions: list[SessionView], now: dt.datetime) -> None:
        today = [s for s in sessions if s.starts.date() == now.date()]  # not a past day's
        waiting = sorted(
            ((w, s) for s in today if (w := s.waiting(now)) is not None),
            key=lambda x: x[0],
            reverse=True,
        )
        # the number on a line of its own (unit and whole sequence number, the year left out:
        # these are today's), so a narrow panel wraps the line of time and room, not the number
        lines = [
            self.tr("{number}\n　{t:%H:%M} {room}，已等候 {waited}").format(
                t=s.starts,
                room=s.room_name,
                number=number_labels(s.case_number)[0][0],
                waited=waiting_text(w),
            )
            for w, s in waiting
        ]
        self.queue.setText("\n".join(lines) if lines else self.tr("暂无"))

    def refresh_waiting(self, now: dt.datetime) -> None:
        s = self.session
        waited = s.waiting(now) if s is not None and s.starts.date() == now.date() else None
        if s is None or waited is None:
            self.waiting.clear()
            return
        self.waiting.setText(
            self.tr("已签到 {t:%H:%M}，已等候 {w}").format(
                t=s.checked_in_at, w=waiting_text(waited)
            )
        )

    # ----- the clerk's requests ------------------------------------------------------------

    def _arrive(self, attendee_ids: list[int] | None) -> None:
        if self.session is not None:
            self.message.clear()
            self.arrival_requested.emit(self.session.id, attendee_ids)

    def _request(self, action: SessionAction, reason: str = "") -> None:
        if self.session is not None:
            self.message.clear()
            self.action_requested.emit(self.session.id, action, reason)

    @Slot()
    def _on_all_in_clicked(self) -> None:
        self._arrive(None)

    @Slot()
    def _on_no_show_clicked(self) -> None:
        reason = self.ask_text(self.tr("未到场"), self.tr("情况说明（可不填）："))
        if reason is not None:
            self._request(SessionAction.NO_SHOW, reason)

    @Slot()
    def _on_start_clicked(self) -> None:
        self._request(SessionAction.START)

    @Slot()
    def _on_finish_clicked(self) -> None:
        self._request(SessionAction.FINISH)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        reason = self.ask_text(self.tr("取消场次"), self.tr("取消原因（必填）："))
        if reason is not None:
            self._request(SessionAction.CANCEL, reason)

    @Slot()
    def _on_case_button_clicked(self) -> None:
        if self.session is not None:
            self.open_case.emit(self.session.case_id)

    @Slot()
    def _on_book_button_clicked(self) -> None:
        if self.session is not None:
            self.book_requested.emit(self.session.case_id)

    @Slot()
    def _on_minutes_button_clicked(self) -> None:
        if self.session is not None and self.session.status in MINUTES_STATUSES:
            self.minutes_requested.emit(self.session.id)

    def _ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None
