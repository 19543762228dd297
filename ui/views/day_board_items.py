"""The day board's pieces: a session block (dragged and painted by Qt), the canvas (arrow keys
move the selection, Enter opens the case) and the board's geometry (time ↔ x, room ↔ row).

Nothing here knows the board: the canvas says what happened with its signals (a block pressed,
dragged over a slot, dropped, a case to open) and the board decides what to do with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from mediation_desk.domain.case_number import number_labels
from mediation_desk.domain.sessions import SessionAction, SessionStatus, allowed

if TYPE_CHECKING:
    from mediation_desk.services.session_views import DayBoard, SessionView

LABEL_W = 130.0
HEADER_H = 30.0
ROW_H = 46.0
MIN_PX_PER_MIN = 1.2  # below this a 30-minute block is too narrow to read: scroll instead

#: Fill colours by status (text stays dark on the light ones).
STATUS_COLOURS: dict[SessionStatus, str] = {
    SessionStatus.BOOKED: "#9cc3f5",
    SessionStatus.CHECKED_IN: "#f8c555",
    SessionStatus.IN_SESSION: "#6fcf8f",
    SessionStatus.FINISHED: "#d0d5dd",
    SessionStatus.NO_SHOW: "#f4a3a3",
    SessionStatus.CANCELLED: "#eef0f3",
}
CONFLICT_PEN = QColor("#d92d20")
NOW_COLOUR = QColor("#d92d20")


def _tr(text: str) -> str:
    return QCoreApplication.translate("DayBoard", text)


def fit_number(number: str, fm: QFontMetrics, width: int) -> str:
    """The longest label of ``number`` that fits ``width`` (``domain.case_number.number_labels``:
    城南人调字第76号, 城南人调76号, 城南76号); narrower still, the unit's name is elided (城…76号),
    then its first character only (城76号); the sequence number is always whole. The full number
    is in the tooltip and the side panel."""
    labels, unit, seq = number_labels(number)
    for label in labels:
        if fm.horizontalAdvance(label) <= width:
            return label
    room = width - fm.horizontalAdvance(seq)
    unit_part = fm.elidedText(unit, Qt.TextElideMode.ElideRight, room) if room > 0 else ""
    if unit_part not in ("", "…"):
        return unit_part + seq
    if unit and fm.horizontalAdvance(unit[0]) <= room:
        return unit[0] + seq
    return seq


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


@dataclass
class BoardGeometry:
    """Where the day's hours and rooms are on the canvas."""

    day: dt.date
    opens: dt.time = dt.time(8)
    closes: dt.time = dt.time(18)
    px: float = 2.0  # pixels per minute, fitted to the width
    room_ids: list[int] = field(default_factory=list)  # top to bottom
    grid_minutes: int = 15

    def __post_init__(self) -> None:
        self.rows = {room_id: i for i, room_id in enumerate(self.room_ids)}

    @property
    def minutes(self) -> int:
        return minutes_of(self.closes) - minutes_of(self.opens)

    @property
    def span_px(self) -> float:
        return self.minutes * self.px

    @property
    def height(self) -> float:
        return HEADER_H + ROW_H * max(1, len(self.room_ids))

    def x(self, t: dt.datetime) -> float:
        return LABEL_W + (minutes_of(t.time()) - minutes_of(self.opens)) * self.px

    def rect_of(self, s: SessionView) -> QRectF:
        x0 = self.x(s.starts)
        x1 = self.x(s.ends) if s.ends.date() == self.day else LABEL_W + self.span_px
        y = HEADER_H + self.rows[s.room_id] * ROW_H
        return QRectF(x0 + 1, y + 3, max(8.0, x1 - x0 - 2), ROW_H - 6)

    def slot_at(self, s: SessionView, pos: QPointF) -> tuple[dt.datetime, int]:
        """The (start, room) a block dragged by ``pos`` lands on, snapped to the grid."""
        grid = max(5, self.grid_minutes)
        minutes = (self.x(s.starts) + pos.x() - LABEL_W) / self.px + minutes_of(self.opens)
        minutes = int(round(minutes / grid) * grid)
        length = int((s.ends - s.starts).total_seconds() // 60)
        minutes = max(minutes_of(self.opens), min(minutes, minutes_of(self.closes) - length))
        row = self.rows[s.room_id] + round(pos.y() / ROW_H)
        row = max(0, min(row, len(self.room_ids) - 1))
        starts = dt.datetime.combine(self.day, dt.time(minutes // 60, minutes % 60))
        return starts, self.room_ids[row]

    def position_of(self, s: SessionView, starts: dt.datetime, room_id: int) -> QPointF:
        """The offset that shows ``s`` at ``starts`` in ``room_id``."""
        return QPointF(
            self.x(starts) - self.x(s.starts), (self.rows[room_id] - self.rows[s.room_id]) * ROW_H
        )


class SessionBlock(QGraphicsRectItem):
    """One session; movable when the core's transition table allows moving its status."""

    def __init__(
        self, canvas: BoardCanvas, session: SessionView, rect: QRectF, tooltip: str
    ) -> None:
        super().__init__(rect)
        self.canvas = canvas
        self.session = session
        self.movable = allowed(session.status, SessionAction.MOVE)
        self.home = QPointF(0, 0)  # where the block returns when a move is refused
        self.conflict = False
        self._press: QPointF | None = None
        self._slot: tuple[dt.datetime, int] | None = None
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(
            flags.ItemIsSelectable | flags.ItemIsFocusable | flags.ItemClipsChildrenToShape
        )
        if not session.status.occupies:  # cancelled, no-show: faded, under the live ones
            self.setZValue(-0.5)
            self.setOpacity(0.6)
        self.setToolTip(tooltip)
        if self.movable:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setBrush(QBrush(QColor(STATUS_COLOURS[session.status])))
        self.refresh_look()
        self._build_text()

    # Painted by Qt itself (a rect and a two-line text item, elided once here), with as few
    # calls as possible: no Python runs per repaint. Faster, and it matters with PySide6 6.12
    # on Python 3.11, where every call of a void Qt method drops a reference to None.
    def _build_text(self) -> None:
        s = self.session
        r = self.rect()
        fm = self.canvas.block_metrics
        w = int(r.width() - 8)
        if w < 12:
            return
        if s.party_names:
            who = _tr("{lead} · {parties}").format(lead=s.lead_name, parties=s.party_names)
        else:
            who = s.lead_name
        text = _tr("{number}\n{who}").format(
            number=fit_number(s.case_number, fm, w),
            who=fm.elidedText(who, Qt.TextElideMode.ElideRight, w),
        )
        item = QGraphicsSimpleTextItem(text, self)
        cancelled = s.status is SessionStatus.CANCELLED
        item.setFont(self.canvas.struck_font if cancelled else self.canvas.block_font)
        item.setPos(r.left() + 4, r.top() + max(1.0, (r.height() - 2 * fm.height()) / 2))

    def refresh_look(self) -> None:
        """Outline by state: red while a drag collides, dark when selected."""
        if self.conflict:
            pen = QPen(CONFLICT_PEN, 3)
        elif self.isSelected():
            pen = QPen(QColor("#1d2939"), 2.5)
        else:
            pen = QPen(QColor("#667085"), 1)
        self.setPen(pen)

    def return_home(self) -> None:
        """Back where it was (a refused move), not outlined any more."""
        self.setPos(self.home)
        self.conflict = False
        self.setZValue(0 if self.session.status.occupies else -0.5)
        self.refresh_look()

    def itemChange(self, change, value):  # type: ignore[no-untyped-def]
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.refresh_look()
        return super().itemChange(change, value)

    # dragging: snapped to the grid and to rows; the board validates each new slot
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self.canvas.session_pressed.emit(self.session.id)
        if event.button() == Qt.MouseButton.LeftButton and self.movable:
            self._press = event.scenePos()
            self.home = self.pos()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is None:
            return
        geometry = self.canvas.board_geometry
        slot = geometry.slot_at(self.session, self.home + event.scenePos() - self._press)
        self.setPos(geometry.position_of(self.session, *slot))
        if slot != self._slot:
            self._slot = slot
            self.canvas.slot_previewed.emit(self.session.id, *slot)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        if self._press is None:
            return
        self._press = None
        slot, self._slot = self._slot, None
        if slot is None or slot == (self.session.starts, self.session.room_id):
            self.return_home()
            self.canvas.drag_ended.emit()
            return
        # Out of this event first: the board may rebuild the scene (and this block) on a drop.
        canvas, session_id = self.canvas, self.session.id
        QTimer.singleShot(0, canvas, lambda: canvas.dropped.emit(session_id, *slot))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.canvas.case_requested.emit(self.session.case_id)


class BoardCanvas(QGraphicsView):
    """The timeline; arrows move the selection, Enter opens the selected session's case."""

    #: A block was pressed (its session id): select it.
    session_pressed = Signal(int)
    #: Double-click or Enter on a session: open its case (the case id).
    case_requested = Signal(int)
    #: An arrow key: move the selection by (rows, places in the row).
    step_requested = Signal(int, int)
    #: A block is dragged over a new slot: (session id, start, room id), to check.
    slot_previewed = Signal(int, object, int)
    #: A drag ended where it began: nothing to check any more.
    drag_ended = Signal()
    #: A block was dropped on another slot: (session id, start, room id), to move it there.
    dropped = Signal(int, object, int)
    #: The canvas changed size: fit the day to the new width.
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board_geometry = BoardGeometry(dt.date.min)
        self.block_font = QFont(self.font())
        self.block_font.setPixelSize(12)
        self.struck_font = QFont(self.block_font)
        self.struck_font.setStrikeOut(True)
        self.block_metrics = QFontMetrics(self.block_font)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)

    def selected_block(self) -> SessionBlock | None:
        scene = self.scene()
        items = scene.selectedItems() if scene is not None else []
        return next((i for i in items if isinstance(i, SessionBlock)), None)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        if key in moves:
            self.step_requested.emit(*moves[key])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            block = self.selected_block()
            if block is not None:
                self.case_requested.emit(block.session.case_id)
            return
        super().keyPressEvent(event)


def draw_rooms_and_hours(
    scene: QGraphicsScene, board: DayBoard, g: BoardGeometry, font: QFont
) -> None:
    """The board's background: a band and a name per room (its kind, capacity and equipment
    as the tooltip), a line every half hour and the hours along the top."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("DayBoardView", text)

    width = LABEL_W + g.span_px
    scene.setSceneRect(0, 0, width + 10, g.height + 4)
    grid_pen, hour_pen = QPen(QColor("#eaecf0")), QPen(QColor("#d0d5dd"))
    for i, room in enumerate(board.rooms):
        y = HEADER_H + i * ROW_H
        if i % 2:
            band = scene.addRect(QRectF(0, y, width, ROW_H), QPen(Qt.PenStyle.NoPen))
            band.setBrush(QColor("#f9fafb"))
            band.setZValue(-2)
        label = scene.addSimpleText(room.name, font)
        label.setPos(6, y + (ROW_H - 16) / 2)
        if room.equipment:
            tip = tr("{kind}，{cap} 人，{equipment}").format(
                kind=room.kind.label, cap=room.capacity, equipment=room.equipment_text
            )
        else:
            tip = tr("{kind}，{cap} 人").format(kind=room.kind.label, cap=room.capacity)
        label.setToolTip(tip)
        scene.addLine(0, y + ROW_H, width, y + ROW_H, grid_pen).setZValue(-1)
    for m in range(0, g.minutes + 1, 30):
        x = LABEL_W + m * g.px
        full = (minutes_of(board.opens) + m) % 60 == 0
        scene.addLine(x, HEADER_H - 4, x, g.height, hour_pen if full else grid_pen).setZValue(-1)
        if full:
            h = (minutes_of(board.opens) + m) // 60
            t = scene.addSimpleText(tr("{0:02d}:00").format(h), font)
            t.setPos(x - 18, 6)


def describe_session(s: SessionView) -> str:
    """A session in full, for its block's tooltip: case, time and room, staff, parties."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("DayBoardView", text)

    lines = [
        tr("{number}（{kind}）").format(number=s.case_number, kind=s.dispute_type),
        tr("{a:%H:%M}–{b:%H:%M} {room} · {status}").format(
            a=s.starts, b=s.ends, room=s.room_name, status=s.status.label
        ),
        tr("、").join(tr("{role}{name}").format(role=x.role.label, name=x.name) for x in s.staff),
        tr("当事人：{0}").format(s.party_names),
    ]
    if s.override_reason:
        lines.append(tr("特批理由：{0}").format(s.override_reason))
    return "\n".join(x for x in lines if x)
