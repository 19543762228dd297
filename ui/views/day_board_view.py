"""The counter's day: rooms × time, sessions as blocks coloured by status, the now-line.

Drag a block to move it (each new slot is checked with ``scheduling.check_move`` while
dragging; a collision outlines the block in red and says in Chinese what it collides with),
double-click (or Enter) opens the case, the side panel checks parties in, marks no-shows,
starts, finishes and cancels. Every rule stays in the core: the board only asks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsRectItem,
    QGraphicsScene,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.scheduling.model import SessionStatus
from ui.views.day_board_items import (
    HEADER_H,
    LABEL_W,
    MIN_PX_PER_MIN,
    NOW_COLOUR,
    ROW_H,
    STATUS_COLOURS,
    WEEKDAYS,
    BoardCanvas,
    SessionBlock,
    minutes_of,
)

if TYPE_CHECKING:
    from mediation_desk.services.scheduling import DayBoard, SessionView
    from ui.context import AppContext


class DayBoardView(QWidget):
    """今日排期: the timeline with date navigation, a legend and the selected session's panel."""

    session_changed = Signal(int)  # a session was moved, checked in, started … (its id)

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
        self.rows: dict[int, int] = {}  # room id → row
        self._selected: int | None = None
        self._opens = dt.time(8)
        self._flagged: set[int] = set()  # blocks outlined as what a drag collides with
        self.px = 2.0  # pixels per minute, fitted to the width
        self._canvas_ready = False  # the scene is built once the canvas has its size
        self._dirty = True
        self.block_font = QFont(self.font())
        self.block_font.setPixelSize(12)
        self.struck_font = QFont(self.block_font)
        self.struck_font.setStrikeOut(True)
        self.block_metrics = QFontMetrics(self.block_font)
        #: Asks the clerk for a text (override or cancel reason); tests replace it.
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        self.show_error: Callable[[str], None] = self._show_error

        self.prev_button = QPushButton(self.tr("◀ 前一天"), self)
        self.today_button = QPushButton(self.tr("今天"), self)
        self.next_button = QPushButton(self.tr("后一天 ▶"), self)
        self.date_label = QLabel(self)
        font = self.date_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.date_label.setFont(font)
        self.show_cancelled = QCheckBox(self.tr("显示已取消"), self)
        self.print_button = QPushButton(self.tr("打印日程表…"), self)
        self.book_button = QPushButton(self.tr("预约调解…"), self)
        self.book_button.clicked.connect(self._on_book_clicked)
        self.prev_button.clicked.connect(lambda: self.set_day(self.day - dt.timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.set_day(self.day + dt.timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.set_day(self.now().date()))
        self.show_cancelled.toggled.connect(lambda _on: self.reload())
        self.print_button.clicked.connect(self._on_print_clicked)
        top = QHBoxLayout()
        for w in (self.prev_button, self.today_button, self.next_button):
            top.addWidget(w)
        top.addSpacing(12)
        top.addWidget(self.date_label)
        top.addStretch(1)
        legend = QHBoxLayout()  # its own row: the top row stays readable at 1360 px
        legend.addWidget(QLabel(self.tr("图例："), self))
        for status in SessionStatus:
            chip = QLabel(status.label, self)
            chip.setStyleSheet(
                f"background: {STATUS_COLOURS[status]}; border: 1px solid #98a2b3;"
                " border-radius: 3px; padding: 1px 6px;"
            )
            legend.addWidget(chip)
        now_chip = QLabel(self.tr("│ 红线为现在"), self)
        now_chip.setStyleSheet("color: #d92d20;")
        legend.addWidget(now_chip)
        legend.addStretch(1)
        top.addWidget(self.show_cancelled)
        top.addWidget(self.book_button)
        top.addWidget(self.print_button)

        self.scene = QGraphicsScene(self)
        self.canvas = BoardCanvas(self)
        self.canvas.setScene(self.scene)
        self.status_label = QLabel(self)  # the live conflict text while dragging, or results
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        from ui.views.session_panel import SessionPanel

        self.panel = SessionPanel(self)
        self.panel.open_case.connect(self.open_case)
        self.panel.action_done.connect(self._after_change)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addLayout(legend)
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
        ctx.changes.case_saved.connect(lambda _id: self.reload())
        self.reload()

    # ----- data ----------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._fixed_now or dt.datetime.now()

    def set_day(self, day: dt.date) -> None:
        self.day = day
        self._selected = None
        self.reload()

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.scheduling import day_board

        self.board = day_board(self.ctx.db, self.day)
        self._dirty = True
        if self._canvas_ready:
            self._build_scene()
        wd = WEEKDAYS[self.day.weekday()]
        n = sum(1 for s in self.board.sessions if s.status.occupies)
        self.date_label.setText(
            self.tr("{d:%Y年%m月%d日} 星期{wd} · {n} 场").format(d=self.day, wd=wd, n=n)
        )
        self.panel.refresh_queue(self.board.sessions, self.now())
        if self._canvas_ready:
            if self._selected is not None and self._selected not in self.blocks:
                self._selected = None
            self.select_session(self._selected)

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
        self._opens = b.opens
        minutes = minutes_of(b.closes) - minutes_of(b.opens)
        self.px = self._fit_scale(minutes)
        width = LABEL_W + minutes * self.px
        self.rows = {r.id: i for i, r in enumerate(b.rooms)}
        height = HEADER_H + ROW_H * max(1, len(b.rooms))
        self.scene.setSceneRect(0, 0, width + 10, height + 4)
        grid_pen = QPen(QColor("#eaecf0"))
        hour_pen = QPen(QColor("#d0d5dd"))
        text_font = QFont(self.font())
        text_font.setPixelSize(13)
        for i, room in enumerate(b.rooms):
            y = HEADER_H + i * ROW_H
            if i % 2:
                band = self.scene.addRect(QRectF(0, y, width, ROW_H), QPen(Qt.PenStyle.NoPen))
                band.setBrush(QColor("#f9fafb"))
                band.setZValue(-2)
            label = self.scene.addSimpleText(room.name, text_font)
            label.setPos(6, y + (ROW_H - 16) / 2)
            label.setToolTip(
                self.tr("{kind}，{cap} 人{eq}").format(
                    kind=room.kind.label,
                    cap=room.capacity,
                    eq=("，" + room.equipment_text) if room.equipment else "",
                )
            )
            self.scene.addLine(0, y + ROW_H, width, y + ROW_H, grid_pen).setZValue(-1)
        for m in range(0, minutes + 1, 30):
            x = LABEL_W + m * self.px
            full = (minutes_of(b.opens) + m) % 60 == 0
            self.scene.addLine(
                x, HEADER_H - 4, x, height, hour_pen if full else grid_pen
            ).setZValue(-1)
            if full:
                h = (minutes_of(b.opens) + m) // 60
                t = self.scene.addSimpleText(f"{h:02d}:00", text_font)
                t.setPos(x - 18, 6)
        for s in self._visible():
            if s.room_id not in self.rows:
                continue
            block = SessionBlock(self, s, self._rect_of(s))
            self.scene.addItem(block)
            self.blocks[s.id] = block
        self._place_now_line()

    def _fit_scale(self, minutes: int) -> float:
        width = self.canvas.viewport().width() - LABEL_W - 30  # room for the last hour label
        return max(MIN_PX_PER_MIN, width / max(60, minutes))

    def refit(self) -> None:
        """Fit the day to the canvas width again (the canvas calls it when resized)."""
        self._canvas_ready = True
        if self.board is not None:
            minutes = minutes_of(self.board.closes) - minutes_of(self.board.opens)
            if self._dirty or abs(self._fit_scale(minutes) - self.px) > 0.05:
                self._build_scene()
                self.select_session(self._selected)

    def _rect_of(self, s: SessionView) -> QRectF:
        x0 = self._x(s.starts)
        x1 = self._x(s.ends) if s.ends.date() == self.day else LABEL_W + self._span_px()
        y = HEADER_H + self.rows[s.room_id] * ROW_H
        return QRectF(x0 + 1, y + 3, max(8.0, x1 - x0 - 2), ROW_H - 6)

    def _span_px(self) -> float:
        assert self.board is not None
        return (minutes_of(self.board.closes) - minutes_of(self.board.opens)) * self.px

    def _x(self, t: dt.datetime) -> float:
        return LABEL_W + (minutes_of(t.time()) - minutes_of(self._opens)) * self.px

    def _place_now_line(self) -> None:
        if self.now_line is not None:
            self.scene.removeItem(self.now_line)
            self.now_line = None
        now = self.now()
        if now.date() != self.day or self.board is None:
            return
        x = self._x(now)
        if not LABEL_W <= x <= LABEL_W + self._span_px():
            return
        h = HEADER_H + ROW_H * max(1, len(self.board.rooms))
        self.now_line = self.scene.addRect(QRectF(x - 1, 2, 2, h), QPen(Qt.PenStyle.NoPen))
        self.now_line.setBrush(NOW_COLOUR)
        self.now_line.setZValue(5)
        self.now_line.setToolTip(self.tr("现在 {t:%H:%M}").format(t=now))

    @Slot()
    def _on_tick(self) -> None:
        self._place_now_line()
        self.panel.refresh_waiting(self.now())
        if self.board is not None:
            self.panel.refresh_queue(self.board.sessions, self.now())

    # ----- selection and keyboard ----------------------------------------------------------

    def describe(self, s: SessionView) -> str:
        staff = "、".join(f"{x.role.label}{x.name}" for x in s.staff)
        lines = [
            f"{s.case_number}（{s.dispute_type}）",
            f"{s.starts:%H:%M}–{s.ends:%H:%M} {s.room_name} · {s.status.label}",
            staff,
            self.tr("当事人：") + s.party_names,
        ]
        if s.override_reason:
            lines.append(self.tr("特批理由：") + s.override_reason)
        return "\n".join(x for x in lines if x)

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

    def step_selection(self, drow: int, dcol: int) -> None:
        """Arrow keys: left/right the previous/next session in the room, up/down the
        session in the room above/below nearest in time."""
        items = sorted(
            (b.session for b in self.blocks.values()),
            key=lambda s: (self.rows[s.room_id], s.starts),
        )
        if not items:
            return
        cur = self.selected()
        if cur is None:
            self.select_session(items[0].id)
            return
        row = self.rows[cur.room_id]
        if dcol:
            same = [s for s in items if self.rows[s.room_id] == row]
            i = same.index(cur) + dcol
            if 0 <= i < len(same):
                self.select_session(same[i].id)
            return
        rows = sorted({self.rows[s.room_id] for s in items})
        targets = [r for r in rows if (r > row if drow > 0 else r < row)]
        if not targets:
            return
        target = min(targets) if drow > 0 else max(targets)
        near = min(
            (s for s in items if self.rows[s.room_id] == target),
            key=lambda s: abs((s.starts - cur.starts).total_seconds()),
        )
        self.select_session(near.id)

    # ----- moving --------------------------------------------------------------------------

    def slot_at(self, block: SessionBlock, pos: QPointF) -> tuple[dt.datetime, int] | None:
        """The (start, room) a block dragged by ``pos`` lands on, snapped to the grid."""
        assert self.board is not None
        s = block.session
        grid = max(5, self.board.grid_minutes)
        minutes = (self._x(s.starts) + pos.x() - LABEL_W) / self.px + minutes_of(self._opens)
        minutes = int(round(minutes / grid) * grid)
        length = int((s.ends - s.starts).total_seconds() // 60)
        minutes = max(minutes_of(self._opens), min(minutes, minutes_of(self.board.closes) - length))
        row = self.rows[s.room_id] + round(pos.y() / ROW_H)
        row = max(0, min(row, len(self.board.rooms) - 1))
        starts = dt.datetime.combine(self.day, dt.time(minutes // 60, minutes % 60))
        return starts, self.board.rooms[row].id

    def position_of(self, s: SessionView, starts: dt.datetime, room_id: int) -> QPointF:
        return QPointF(
            self._x(starts) - self._x(s.starts),
            (self.rows[room_id] - self.rows[s.room_id]) * ROW_H,
        )

    def preview_move(self, session_id: int, starts: dt.datetime, room_id: int) -> list:
        """Check the slot with the core; show what it collides with (red) or that it is free."""
        from mediation_desk.services.scheduling import check_move

        block = self.blocks[session_id]
        block.setZValue(10)  # above the blocks it is dragged over
        s = block.session
        ends = starts + (s.ends - s.starts)
        conflicts = check_move(
            self.ctx.db, session_id=session_id, starts=starts, ends=ends, room_id=room_id
        )
        room = self._room_name(room_id)
        block.conflict = bool(conflicts)
        block.refresh_look()
        others = {c.other_session_id for c in conflicts if c.other_session_id in self.blocks}
        for sid in self._flagged ^ others:  # outline the bookings it collides with, too
            other = self.blocks[sid]
            other.conflict = sid in others
            other.refresh_look()
        self._flagged = others
        if conflicts:
            hard = any(not c.overridable for c in conflicts)
            lead = self.tr("不能移到") if hard else self.tr("需特批理由才能移到")
            text = f"{lead} {starts:%H:%M}–{ends:%H:%M} {room}：" + "；".join(
                c.message_zh for c in conflicts
            )
            self.status_label.setStyleSheet("color: #b42318;")
        else:
            text = self.tr("可以移到 {a:%H:%M}–{b:%H:%M} {room}").format(
                a=starts, b=ends, room=room
            )
            self.status_label.setStyleSheet("color: #067647;")
        self.status_label.setText(text)
        block.setToolTip(text)
        return conflicts

    def clear_preview(self) -> None:
        self._flagged = set()
        for block in self.blocks.values():
            if block.conflict:
                block.conflict = False
                block.refresh_look()
            block.setZValue(0 if block.session.status.occupies else -0.5)
        self.status_label.clear()

    def drop(self, session_id: int, starts: dt.datetime, room_id: int) -> bool:
        """Move the session there; refused → the block returns and the reason is shown."""
        from mediation_desk.errors import DeskError
        from mediation_desk.services.scheduling import BookingRefused, move_session

        block = self.blocks.get(session_id)
        if block is None:
            return False
        s = block.session
        ends = starts + (s.ends - s.starts)
        actor = self.ctx.require_actor()
        override = ""
        while True:
            try:
                move_session(
                    self.ctx.db,
                    actor,
                    session_id=session_id,
                    starts=starts,
                    ends=ends,
                    room_id=room_id,
                    reason=self.tr("在日程板上拖动调整"),
                    override_reason=override,
                )
            except BookingRefused as refused:
                if refused.needs_reason and not override:
                    reason = self.ask_text(
                        self.tr("需要特批理由"),
                        refused.message + "\n\n" + self.tr("请填写特批理由（将记入案件记录）："),
                    )
                    if reason and reason.strip():
                        override = reason.strip()
                        continue
                self._refused(block, refused.message)
                return False
            except DeskError as error:
                self._refused(block, error.message)
                return False
            break
        self._selected = session_id
        self._after_change(session_id)
        self.status_label.setStyleSheet("color: #067647;")
        self.status_label.setText(
            self.tr("已改到 {a:%H:%M}–{b:%H:%M} {room}").format(
                a=starts, b=ends, room=self._room_name(room_id)
            )
        )
        return True

    def _refused(self, block: SessionBlock, message: str) -> None:
        self.clear_preview()
        block.setPos(block.home)
        block.conflict = False
        block.setZValue(0)
        block.refresh_look()
        self.status_label.setStyleSheet("color: #b42318;")
        self.status_label.setText(message)

    def _room_name(self, room_id: int) -> str:
        assert self.board is not None
        return next((r.name for r in self.board.rooms if r.id == room_id), "")

    @Slot(int)
    def _after_change(self, session_id: int) -> None:
        block = self.blocks.get(session_id)
        if block is not None:  # the case's history changed; this board reloads on it too
            self.ctx.changes.case_saved.emit(block.session.case_id)
        else:
            self.reload()
        self.session_changed.emit(session_id)

    # ----- cases, printing, dialogs -------------------------------------------------------

    @Slot(int)
    def open_case(self, case_id: int) -> None:
        from ui.dialogs.case_detail_dialog import CaseDetailDialog

        CaseDetailDialog(self.ctx, case_id, self).exec()

    @Slot()
    def _on_print_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from mediation_desk.errors import DeskError
        from mediation_desk.services.day_sheet import day_sheet_pdf

        default = str(self.ctx.settings.data_dir / f"日程表-{self.day:%Y%m%d}.pdf")
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("保存日程表"), default, self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        try:
            sheet = day_sheet_pdf(self.ctx.db, self.day)
        except DeskError as error:
            self.show_error(error.message)
            return
        with open(path, "wb") as f:
            f.write(sheet.pdf)
        note = self.tr("已保存日程表：{p}").format(p=path)
        if sheet.missing:
            note += self.tr("（字体缺少：{c}）").format(c="".join(sheet.missing))
        self.status_label.setStyleSheet("")
        self.status_label.setText(note)
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    @Slot()
    def _on_book_clicked(self) -> None:
        """Find the case (number, name, ID or phone digits, as in the search box), then book."""
        from mediation_desk.services.search import search_cases
        from ui.dialogs.booking_dialog import BookingDialog

        query = self.ask_text(self.tr("预约调解"), self.tr("案号或当事人姓名："))
        if not query or not query.strip():
            return
        hits = search_cases(self.ctx.db, query.strip(), limit=20)
        if not hits:
            self.show_error(self.tr("没有找到“{q}”对应的案件").format(q=query.strip()))
            return
        hit = hits[0]
        if len(hits) > 1:
            labels = [f"{h.number}　{h.applicants} / {h.respondents}" for h in hits]
            label, ok = QInputDialog.getItem(
                self, self.tr("选择案件"), self.tr("找到多个案件："), labels, 0, False
            )
            if not ok:
                return
            hit = hits[labels.index(label)]
        dialog = BookingDialog(self.ctx, hit.case_id, self, now=self.now())
        if dialog.exec() and dialog.booked is not None:
            if dialog.booked.starts.date() != self.day:
                self.set_day(dialog.booked.starts.date())
            self.select_session(dialog.booked.id)

    def _ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("日程"), message)
