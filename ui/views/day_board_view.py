"""The counter's day: rooms × time, sessions as blocks coloured by status, the now-line.

Drag a block to move it (each new slot is checked with ``booking.check_move`` while dragging;
a collision outlines the block in red and says in Chinese what it collides with),
double-click (or Enter) opens the case, the side panel checks parties in, marks no-shows,
starts, finishes and cancels. Every rule stays in the core: the board only asks it, each
action through the operation helper, and reads the day again when ``ops.changed`` says a
session, a room, a mediator or the schedule settings changed, from any screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsScene,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.dates import weekday_name
from mediation_desk.domain.sessions import SessionAction, SessionStatus
from ui.views.day_board_items import (
    LABEL_W,
    MIN_PX_PER_MIN,
    NOW_COLOUR,
    BoardCanvas,
    BoardGeometry,
    SessionBlock,
    describe_session,
    draw_rooms_and_hours,
    minutes_of,
)
from ui.views.day_board_toolbar import DayBoardToolbar, pick_case
from ui.views.session_panel import SessionPanel

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.scheduling.rules import Conflict
    from mediation_desk.services.day_sheet import DaySheet
    from mediation_desk.services.session_views import DayBoard, SessionView
    from ui.context import AppContext

#: Reference data the board shows or its rules use: a change to any of it reads the day again.
BOARD_REFERENCE = frozenset({Entity.ROOM, Entity.MEDIATOR, Entity.SCHEDULE_SETTING, Entity.RECUSAL})
_ERROR = "color: #b42318;"
_OK = "color: #067647;"


class DayBoardView(QWidget):
    """今日排期: the timeline with date navigation, a legend and the selected session's panel."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        day: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._fixed_now = now
        self.day = day or self.now().date()
        self.board: DayBoard | None = None
        self.blocks: dict[int, SessionBlock] = {}
        self._selected: int | None = None
        self._flagged: set[int] = set()  # blocks outlined as what a drag collides with
        self._canvas_ready = False  # the scene is built once the canvas has its size
        self._dirty = True
        #: Asks the clerk for a text (override, no-show or cancel reason); tests replace it.
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        self.show_error: Callable[[str], None] = self._show_error

        self.toolbar = DayBoardToolbar(self)
        t = self.toolbar
        self.prev_button, self.today_button, self.next_button = t.prev, t.today, t.next
        self.date_label, self.show_cancelled = t.date_label, t.show_cancelled
        self.day_note = t.day_note
        self.print_button, self.book_button = t.print_button, t.book_button
        self.book_button.clicked.connect(self._on_book_button_clicked)
        self.prev_button.clicked.connect(self._on_prev_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.show_cancelled.toggled.connect(self._on_show_cancelled_toggled)
        self.print_button.clicked.connect(self._on_print_button_clicked)

        self.scene = QGraphicsScene(self)
        self.canvas = BoardCanvas(self)
        self.canvas.setScene(self.scene)
        self.canvas.session_pressed.connect(self._on_canvas_session_pressed)
        self.canvas.case_requested.connect(self._on_canvas_case_requested)
        self.canvas.step_requested.connect(self._on_canvas_step_requested)
        self.canvas.slot_previewed.connect(self._on_canvas_slot_previewed)
        self.canvas.drag_ended.connect(self.clear_preview)
        self.canvas.dropped.connect(self._on_canvas_dropped)
        self.canvas.resized.connect(self.refit)
        self.status_label = QLabel(self)  # the live conflict text while dragging, or results
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.panel = SessionPanel(self, ask_text=lambda title, prompt: self.ask_text(title, prompt))
        self.panel.open_case.connect(self._on_panel_open_case)
        self.panel.book_requested.connect(self._on_panel_book_requested)
        self.panel.action_requested.connect(self._on_panel_action_requested)
        self.panel.arrival_requested.connect(self._on_panel_arrival_requested)
        self.panel.minutes_requested.connect(self.open_minutes)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.toolbar)
        lv.addWidget(self.canvas, 1)
        lv.addWidget(self.status_label)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 1)
        split.setSizes([1100, 270])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

        self.now_line: QGraphicsRectItem | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        ctx.ops.changed.connect(self._on_ops_changed)
        self._gate_buttons()
        self.reload()

    def _gate_buttons(self) -> None:
        """Booking and check-in for SCHEDULE (every account on this page); running the session
        and its minutes for MEDIATE."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import booking, minutes, session_actions
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        panel = self.panel
        for button in (self.toolbar.book_button, panel.book_button):
            gate.require(button, guarded(booking.book_session, P.SCHEDULE))
        for button in (panel.all_in, panel.no_show):
            gate.require(button, guarded(session_actions.record_arrival, P.SCHEDULE))
        gate.require(panel.cancel, guarded(session_actions.cancel_session, P.SCHEDULE))
        for button in (panel.start, panel.finish):
            gate.require(button, guarded(session_actions.start_session, P.MEDIATE))
        gate.require(panel.minutes_button, guarded(minutes.save_minutes, P.MEDIATE))

    # ----- data ----------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._fixed_now or self.ctx.ops.clock()

    @property
    def px(self) -> float:
        """Pixels per minute, fitted to the canvas width."""
        return self.canvas.board_geometry.px

    @property
    def rows(self) -> dict[int, int]:
        """Room id → row."""
        return self.canvas.board_geometry.rows

    def set_day(self, day: dt.date) -> None:
        self.day = day
        self._selected = None
        self.reload()

    def concerns(self, changes: Changes) -> bool:
        """Whether ``changes`` alter what the board shows: sessions, the rooms, mediators and
        settings the day is laid out and checked by, or a case shown on it (its number or
        dispute type)."""
        if changes.sessions or changes.reference & BOARD_REFERENCE:
            return True
        shown = {s.case_id for s in self.board.sessions} if self.board is not None else set()
        return bool(changes.cases & shown)

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.session_views import day_board

        day = self.day
        self.board = self.ctx.ops.read(lambda uow: day_board(uow, day))
        self._dirty = True
        if self._canvas_ready:
            self._build_scene()
        n = sum(1 for s in self.board.sessions if s.status.occupies)
        self.date_label.setText(
            self.tr("{d:%Y年%m月%d日} {wd} · {n} 场").format(
                d=self.day, wd=weekday_name(self.day.weekday(), "星期"), n=n
            )
        )
        self.day_note.setText(self._day_note())
        self.day_note.setVisible(bool(self.day_note.text()))
        self.panel.refresh_queue(self.board.sessions, self.now())
        if self._canvas_ready:
            if self._selected is not None and self._selected not in self.blocks:
                self._selected = None
            self.select_session(self._selected)

    def _day_note(self) -> str:
        """The day in the centre's holiday table: its holiday, a make-up working day, or
        beyond the table."""
        assert self.board is not None
        kind = self.board.kind
        if kind.is_holiday:
            return self.tr("{name}（法定节假日）").format(name=kind.holiday)
        if kind.makeup_workday:
            return self.tr("调休上班日（按星期一开放）")
        if not kind.known:
            return self.tr("超出节假日表：尚无该年节假日安排")
        return ""

    def _visible(self) -> list[SessionView]:
        assert self.board is not None
        show = self.show_cancelled.isChecked()
        return [s for s in self.board.sessions if show or s.status is not SessionStatus.CANCELLED]

    def _build_scene(self) -> None:
        assert self.board is not None
        b = self.board
        self._dirty = False
        self.scene.clear()
        self.blocks.clear()
        self._flagged = set()
        self.now_line = None
        g = BoardGeometry(
            self.day,
            b.opens,
            b.closes,
            room_ids=[r.id for r in b.rooms],
            grid_minutes=b.grid_minutes,
        )
        g.px = self._fit_scale(g.minutes)
        self.canvas.board_geometry = g
        text_font = QFont(self.font())
        text_font.setPixelSize(13)
        draw_rooms_and_hours(self.scene, b, g, text_font)
        for s in self._visible():
            if s.room_id not in g.rows:
                continue
            block = SessionBlock(self.canvas, s, g.rect_of(s), self.describe(s))
            self.scene.addItem(block)
            self.blocks[s.id] = block
        self._place_now_line()

    def _fit_scale(self, minutes: int) -> float:
        width = self.canvas.viewport().width() - LABEL_W - 30  # room for the last hour label
        return max(MIN_PX_PER_MIN, width / max(60, minutes))

    @Slot()
    def refit(self) -> None:
        """Fit the day to the canvas width again (when the canvas is resized)."""
        self._canvas_ready = True
        if self.board is not None:
            minutes = minutes_of(self.board.closes) - minutes_of(self.board.opens)
            if self._dirty or abs(self._fit_scale(minutes) - self.px) > 0.05:
                self._build_scene()
                self.select_session(self._selected)

    def _place_now_line(self) -> None:
        if self.now_line is not None:
            self.scene.removeItem(self.now_line)
            self.now_line = None
        now = self.now()
        g = self.canvas.board_geometry
        if now.date() != self.day or self.board is None or g.day != self.day:
            return
        x = g.x(now)
        if not LABEL_W <= x <= LABEL_W + g.span_px:
            return
        self.now_line = self.scene.addRect(QRectF(x - 1, 2, 2, g.height), QPen(Qt.PenStyle.NoPen))
        self.now_line.setBrush(NOW_COLOUR)
        self.now_line.setZValue(5)
        self.now_line.setToolTip(self.tr("现在 {t:%H:%M}").format(t=now))

    @Slot()
    def _on_tick(self) -> None:
        self._place_now_line()
        self.panel.refresh_waiting(self.now())
        if self.board is not None:
            self.panel.refresh_queue(self.board.sessions, self.now())

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if self.concerns(changes):
            self.reload()

    # ----- selection and keyboard ----------------------------------------------------------

    def describe(self, s: SessionView) -> str:
        return describe_session(s)

    def selected(self) -> SessionView | None:
        block = self.blocks.get(self._selected or 0)
        return block.session if block else None

    def select_session(self, session_id: int | None) -> None:
        for sid in {self._selected, session_id} - {None}:  # only the two that change
            if (b := self.blocks.get(sid)) is not None:  # type: ignore[arg-type]
                b.setSelected(sid == session_id)
        self._selected = session_id
        block = self.blocks.get(session_id or 0)
        if block is not None:
            self.canvas.ensureVisible(block, 40, 20)
        self.panel.show_session(block.session if block else None, self.now())

    @Slot(int, int)
    def step_selection(self, drow: int, dcol: int) -> None:
        """Arrow keys: left/right the previous/next session in the room, up/down the
        session in the room above/below nearest in time."""
        rows = self.rows
        items = sorted(
            (b.session for b in self.blocks.values()),
            key=lambda s: (rows[s.room_id], s.starts),
        )
        if not items:
            return
        cur = self.selected()
        if cur is None:
            self.select_session(items[0].id)
            return
        row = rows[cur.room_id]
        if dcol:
            same = [s for s in items if rows[s.room_id] == row]
            i = same.index(cur) + dcol
            if 0 <= i < len(same):
                self.select_session(same[i].id)
            return
        targets = [r for r in sorted({rows[s.room_id] for s in items}) if (r - row) * drow > 0]
        if not targets:
            return
        target = min(targets) if drow > 0 else max(targets)
        near = min(
            (s for s in items if rows[s.room_id] == target),
            key=lambda s: abs((s.starts - cur.starts).total_seconds()),
        )
        self.select_session(near.id)

    @Slot(int)
    def _on_canvas_session_pressed(self, session_id: int) -> None:
        self.select_session(session_id)

    @Slot(int)
    def _on_canvas_case_requested(self, case_id: int) -> None:
        self.open_case(case_id)

    @Slot(int, int)
    def _on_canvas_step_requested(self, drow: int, dcol: int) -> None:
        self.step_selection(drow, dcol)

    # ----- moving --------------------------------------------------------------------------

    def preview_move(self, session_id: int, starts: dt.datetime, room_id: int) -> list[Conflict]:
        """Check the slot with the core; show what it collides with (red) or that it is free."""
        from mediation_desk.services.booking import check_move

        block = self.blocks[session_id]
        block.setZValue(10)  # above the blocks it is dragged over
        s = block.session
        ends = starts + (s.ends - s.starts)
        conflicts = self.ctx.ops.read(
            lambda uow: check_move(
                uow, session_id=session_id, starts=starts, ends=ends, room_id=room_id
            )
        )
        room = self._room_name(room_id)
        block.conflict = bool(conflicts)
        block.refresh_look()
        others = {c.other_session_id for c in conflicts if c.other_session_id in self.blocks}
        for sid in self._flagged ^ others:  # outline the bookings it collides with, too
            other = self.blocks[sid]
            other.conflict = sid in others
            other.refresh_look()
        self._flagged = others  # type: ignore[assignment]
        if conflicts:
            hard = any(not c.overridable for c in conflicts)
            if hard:
                lead = self.tr("不能移到 {a:%H:%M}–{b:%H:%M} {room}：{why}")
            else:
                lead = self.tr("需特批理由才能移到 {a:%H:%M}–{b:%H:%M} {room}：{why}")
            why = self.tr("；").join(c.message_zh for c in conflicts)
            text = lead.format(a=starts, b=ends, room=room, why=why)
            self.status_label.setStyleSheet(_ERROR)
        else:
            text = self.tr("可以移到 {a:%H:%M}–{b:%H:%M} {room}").format(
                a=starts, b=ends, room=room
            )
            self.status_label.setStyleSheet(_OK)
        self.status_label.setText(text)
        block.setToolTip(text)
        return conflicts

    @Slot()
    def clear_preview(self) -> None:
        self._flagged = set()
        for block in self.blocks.values():
            if block.conflict:
                block.conflict = False
                block.refresh_look()
            block.setZValue(0 if block.session.status.occupies else -0.5)
        self.status_label.clear()

    def drop(
        self, session_id: int, starts: dt.datetime, room_id: int, *, override_reason: str = ""
    ) -> None:
        """Move the session there. A refusal that an override would lift asks for the
        reason and tries again; otherwise the block returns and the reason is shown."""
        from mediation_desk.services.booking import move_session

        block = self.blocks.get(session_id)
        if block is None:
            return
        s = block.session
        ends = starts + (s.ends - s.starts)
        reason = self.tr("在日程板上拖动调整")
        self.ctx.ops.run(
            self,
            lambda uow: move_session(
                uow,
                session_id=session_id,
                starts=starts,
                ends=ends,
                room_id=room_id,
                reason=reason,
                override_reason=override_reason,
            ),
            on_success=self._on_moved,
            on_failure=lambda error: self._on_move_refused(
                error, session_id, starts, room_id, override_reason
            ),
            title=self.tr("无法改期"),
            busy=self.tr("正在改期…"),
        )

    def _on_moved(self, moved: SessionView) -> None:
        # The board has read the day again already (``changed`` comes first).
        self.select_session(moved.id)
        self.status_label.setStyleSheet(_OK)
        self.status_label.setText(
            self.tr("已改到 {a:%H:%M}–{b:%H:%M} {room}").format(
                a=moved.starts, b=moved.ends, room=moved.room_name
            )
        )

    def _on_move_refused(
        self,
        error: DeskError,
        session_id: int,
        starts: dt.datetime,
        room_id: int,
        override_reason: str,
    ) -> bool:
        from mediation_desk.services.booking import BookingRefused

        if isinstance(error, BookingRefused) and error.needs_reason and not override_reason:
            reason = self.ask_text(
                self.tr("需要特批理由"),
                self.tr("{0}\n\n请填写特批理由（将记入案件记录）：").format(error.message),
            )
            if reason and reason.strip():
                self.drop(session_id, starts, room_id, override_reason=reason.strip())
                return True
        self._refused(session_id, error.message)
        return True

    def _refused(self, session_id: int, message: str) -> None:
        self.clear_preview()
        block = self.blocks.get(session_id)
        if block is not None:
            block.return_home()
        self.status_label.setStyleSheet(_ERROR)
        self.status_label.setText(message)

    def _room_name(self, room_id: int) -> str:
        assert self.board is not None
        return next((r.name for r in self.board.rooms if r.id == room_id), "")

    @Slot(int, object, int)
    def _on_canvas_slot_previewed(self, session_id: int, starts: dt.datetime, room_id: int) -> None:
        self.preview_move(session_id, starts, room_id)

    @Slot(int, object, int)
    def _on_canvas_dropped(self, session_id: int, starts: dt.datetime, room_id: int) -> None:
        self.drop(session_id, starts, room_id)

    # ----- the panel's actions -------------------------------------------------------------

    @Slot(int, object, str)
    def _on_panel_action_requested(
        self, session_id: int, action: SessionAction, reason: str
    ) -> None:
        from mediation_desk.services import session_actions as sa

        calls: dict[SessionAction, Callable[[object], SessionView]] = {
            SessionAction.NO_SHOW: lambda uow: sa.mark_no_show(
                uow, session_id=session_id, reason=reason
            ),
            SessionAction.START: lambda uow: sa.start_session(uow, session_id=session_id),
            SessionAction.FINISH: lambda uow: sa.finish_session(uow, session_id=session_id),
            SessionAction.CANCEL: lambda uow: sa.cancel_session(
                uow, session_id=session_id, reason=reason
            ),
        }
        self._run_session_action(calls[action])

    @Slot(int, object)
    def _on_panel_arrival_requested(self, session_id: int, attendee_ids: list[int] | None) -> None:
        from mediation_desk.services.session_actions import record_arrival

        ids = None if attendee_ids is None else tuple(attendee_ids)
        self._run_session_action(
            lambda uow: record_arrival(uow, session_id=session_id, attendee_ids=ids)
        )

    def _run_session_action(self, fn: Callable[..., SessionView]) -> None:
        self.ctx.ops.run(
            self,
            fn,
            on_success=self._on_session_acted,
            on_failure=self._on_session_action_refused,
            busy=self.tr("正在保存…"),
            disable=self.panel.action_widgets(),
        )

    def _on_session_acted(self, view: SessionView) -> None:
        # The board has read the day again already (``changed`` comes first): keep the
        # selection on the session.
        self.select_session(view.id if view.id in self.blocks else None)

    def _on_session_action_refused(self, error: DeskError) -> bool:
        self.panel.show_message(error.message)  # beside the buttons
        return True

    @Slot(int)
    def _on_panel_open_case(self, case_id: int) -> None:
        self.open_case(case_id)

    @Slot(int)
    def _on_panel_book_requested(self, case_id: int) -> None:
        self.book(case_id)

    # ----- cases, printing, dialogs -------------------------------------------------------

    @Slot(int)
    def open_case(self, case_id: int) -> None:
        from ui.dialogs.case_detail_dialog import CaseDetailDialog

        dialog = CaseDetailDialog(self.ctx, case_id, self)
        dialog.exec()
        dialog.deleteLater()  # closed: it stops following the case

    @Slot(int)
    def open_minutes(self, session_id: int) -> None:
        """The session's minutes, in the editor the case window uses (saved minutes reach
        every screen as a change)."""
        from mediation_desk.services.minutes import minutes_for
        from ui.dialogs.minutes_dialog import MinutesDialog

        minutes = self.ctx.ops.read(lambda uow: minutes_for(uow, session_id))
        dialog = MinutesDialog(self.ctx, minutes, self)
        dialog.exec()
        dialog.deleteLater()

    def book(self, case_id: int) -> None:
        """Book a session for the case; the board shows the new one selected (the board has
        read the day again when the booking reported its change)."""
        from ui.dialogs.booking_dialog import BookingDialog

        dialog = BookingDialog(self.ctx, case_id, self, now=self.now())
        booked = dialog.booked if dialog.exec() else None
        dialog.deleteLater()
        if booked is not None:
            if booked.starts.date() != self.day:
                self.set_day(booked.starts.date())
            self.select_session(booked.id)

    @Slot()
    def _on_prev_button_clicked(self) -> None:
        self.set_day(self.day - dt.timedelta(days=1))

    @Slot()
    def _on_next_button_clicked(self) -> None:
        self.set_day(self.day + dt.timedelta(days=1))

    @Slot()
    def _on_today_button_clicked(self) -> None:
        self.set_day(self.now().date())

    @Slot(bool)
    def _on_show_cancelled_toggled(self, _on: bool) -> None:
        self.reload()

    @Slot()
    def _on_print_button_clicked(self) -> None:
        """The day's sheet in the print preview, as every other print action (打印… there;
        另存为 PDF when there is no printer)."""
        from mediation_desk.services.day_sheet import day_sheet_pdf

        day = self.day
        self.ctx.ops.run(
            self,
            lambda uow: day_sheet_pdf(uow, day),
            on_success=lambda sheet: self._on_day_sheet_made(sheet, day),
            title=self.tr("日程"),
            busy=self.tr("正在生成日程表…"),
            disable=[self.print_button],
        )

    def _on_day_sheet_made(self, sheet: DaySheet, day: dt.date) -> None:
        from ui.dialogs.print_preview_dialog import PrintPreviewDialog

        self.status_label.setStyleSheet("")
        self.status_label.setText(
            self.tr("日程表缺少字形：{c}（打印为空白）").format(c="".join(sheet.missing))
            if sheet.missing
            else ""
        )
        title = self.tr("日程表 {0}年{1}月{2}日").format(day.year, day.month, day.day)
        self.preview_dialog = PrintPreviewDialog(sheet.pdf, title, self)
        self.preview_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog.open()

    @Slot()
    def _on_book_button_clicked(self) -> None:
        """Find the case (number, name, ID or phone digits, as in the search box), then book."""
        case_id = pick_case(self.ctx, self, self.ask_text, self.show_error)
        if case_id is not None:
            self.book(case_id)

    def _ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("日程"), message)
