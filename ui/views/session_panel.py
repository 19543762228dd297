"""The day board's side panel: the selected session, its parties' check-in at the counter,
no-show, start, finish, cancel, and how long the parties have been waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.scheduling.model import SessionStatus

if TYPE_CHECKING:
    from mediation_desk.services.scheduling import SessionView
    from ui.views.day_board_view import DayBoardView


def waiting_text(waited: dt.timedelta) -> str:
    minutes = int(waited.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时 {minutes % 60} 分钟"


class SessionPanel(QWidget):
    open_case = Signal(int)
    action_done = Signal(int)  # session id

    def __init__(self, board: DayBoardView) -> None:
        super().__init__(board)
        self.board = board
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
        self.message.setStyleSheet("color: #b42318;")
        # Everyone checked in and still waiting today, longest wait first (the counter's
        # queue): refreshed with the board's clock.
        self.queue_box = QGroupBox(self.tr("已签到等候"), self)
        self.queue = QLabel(self.queue_box)
        self.queue.setTextFormat(Qt.TextFormat.PlainText)
        self.queue.setWordWrap(True)
        QVBoxLayout(self.queue_box).addWidget(self.queue)

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
        self.all_in.clicked.connect(lambda: self._arrive(None))
        self.no_show.clicked.connect(self._on_no_show_clicked)
        self.start.clicked.connect(self._on_start_clicked)
        self.finish.clicked.connect(self._on_finish_clicked)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.case_button.clicked.connect(
            lambda: self.session and self.open_case.emit(self.session.case_id)
        )
        self.book_button.clicked.connect(self._on_book_clicked)

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
        for row in (row1, row2):
            layout.addLayout(row)
        layout.addWidget(self.cancel)
        layout.addLayout(row3)
        layout.addWidget(self.message)
        layout.addWidget(self.queue_box)
        layout.addStretch(1)
        self.show_session(None, dt.datetime.now())

    def show_session(self, s: SessionView | None, now: dt.datetime) -> None:
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
            self.no_show,
            self.start,
            self.finish,
            self.cancel,
            self.case_button,
            self.book_button,
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
        staff = "\n".join(f"{x.role.label}：{x.name}" for x in s.staff)
        lines = [
            f"{s.dispute_type}",
            f"{s.starts:%m-%d %H:%M}–{s.ends:%H:%M}  {s.room_name}"
            + ("（远程）" if s.remote else ""),
            self.tr("状态：") + s.status.label,
            staff,
        ]
        if s.override_reason:
            lines.append(self.tr("特批理由：") + s.override_reason)
        if s.note:
            lines.append(self.tr("备注：") + s.note)
        self.details.setText("\n".join(lines))
        open_ = s.status in (SessionStatus.BOOKED, SessionStatus.CHECKED_IN)
        for i, a in enumerate(s.attendees):
            name = QLabel(a.name, self.parties_box)
            self.parties_grid.addWidget(name, i, 0)
            if a.arrived_at is not None:
                self.parties_grid.addWidget(
                    QLabel(self.tr("{t:%H:%M} 已到").format(t=a.arrived_at), self.parties_box),
                    i,
                    1,
                )
            else:
                button = QPushButton(self.tr("签到"), self.parties_box)
                button.setEnabled(open_)
                button.clicked.connect(lambda _c=False, aid=a.id: self._arrive([aid]))
                self.checkin_buttons[a.id] = button
                self.parties_grid.addWidget(button, i, 1)
        self.all_in.setEnabled(open_ and bool(self.checkin_buttons))
        self.no_show.setEnabled(open_)
        self.start.setEnabled(open_)
        self.cancel.setEnabled(open_)
        self.finish.setEnabled(s.status is SessionStatus.IN_SESSION)
        self.case_button.setEnabled(True)
        self.book_button.setEnabled(True)
        self.refresh_waiting(now)

    def refresh_queue(self, sessions: list[SessionView], now: dt.datetime) -> None:
        today = [s for s in sessions if s.starts.date() == now.date()]  # not a past day's
        waiting = sorted(
            ((w, s) for s in today if (w := s.waiting(now)) is not None),
            key=lambda x: x[0],
            reverse=True,
        )
        lines = [
            f"{s.starts:%H:%M} {s.room_name} {s.case_number[-10:]}：已等候 {waiting_text(w)}"
            for w, s in waiting
        ]
        self.queue.setText("\n".join(lines) if lines else self.tr("暂无"))

    def refresh_waiting(self, now: dt.datetime) -> None:
        s = self.session
        waited = s.waiting(now) if s is not None and s.starts.date() == now.date() else None
        if waited is None:
            self.waiting.clear()
            return
        self.waiting.setText(
            self.tr("已签到 {t:%H:%M}，已等候 {w}").format(
                t=s.checked_in_at, w=waiting_text(waited)
            )
        )

    # ----- actions: each calls one service, then the board reloads ------------------------

    def _do(self, call: Callable[..., object], **kw: object) -> None:
        from mediation_desk.errors import DeskError

        if self.session is None:
            return
        sid = self.session.id
        try:
            call(self.board.ctx.db, self.board.ctx.require_actor(), session_id=sid, **kw)
        except DeskError as error:
            self.message.setText(error.message)
            return
        self.action_done.emit(sid)

    def _arrive(self, attendee_ids: list[int] | None) -> None:
        from mediation_desk.services.scheduling import record_arrival

        self._do(record_arrival, attendee_ids=attendee_ids, now=self.board.now())

    @Slot()
    def _on_no_show_clicked(self) -> None:
        from mediation_desk.services.scheduling import mark_no_show

        reason = self.board.ask_text(self.tr("未到场"), self.tr("情况说明（可不填）："))
        if reason is not None:
            self._do(mark_no_show, reason=reason, now=self.board.now())

    @Slot()
    def _on_start_clicked(self) -> None:
        from mediation_desk.services.scheduling import start_session

        self._do(start_session, now=self.board.now())

    @Slot()
    def _on_finish_clicked(self) -> None:
        from mediation_desk.services.scheduling import finish_session

        self._do(finish_session, now=self.board.now())

    @Slot()
    def _on_cancel_clicked(self) -> None:
        from mediation_desk.services.scheduling import cancel_session

        reason = self.board.ask_text(self.tr("取消场次"), self.tr("取消原因（必填）："))
        if reason is not None:
            self._do(cancel_session, reason=reason, now=self.board.now())

    @Slot()
    def _on_book_clicked(self) -> None:
        from ui.dialogs.booking_dialog import BookingDialog

        if self.session is not None:
            dialog = BookingDialog(self.board.ctx, self.session.case_id, self)
            if dialog.exec() and dialog.booked is not None:  # the dialog announced it
                self.board.select_session(dialog.booked.id)
