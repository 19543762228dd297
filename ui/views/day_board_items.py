"""The day board's pieces: a session block (dragged, validated, painted by Qt) and the canvas
(arrow keys move the selection, Enter opens the case)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from mediation_desk.scheduling.model import SessionStatus

if TYPE_CHECKING:
    from mediation_desk.services.scheduling import SessionView
    from ui.views.day_board_view import DayBoardView

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
WEEKDAYS = "一二三四五六日"


_YEAR = re.compile(r"[（(〔\[【]\d{4}[）)〕\]】]")


def short_number(number: str) -> str:
    """（2026）孙端人调字第21号 → 孙端人调21号: what tells blocks apart in a narrow block (the
    full number is in the tooltip and the side panel)."""
    return _YEAR.sub("", number).replace("字第", "").strip() or number


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


class SessionBlock(QGraphicsRectItem):
    """One session; movable when the core allows moving its status."""

    def __init__(self, board: DayBoardView, session: SessionView, rect: QRectF) -> None:
        super().__init__(rect)
        self.board = board
        self.session = session
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
        self.setToolTip(board.describe(session))
        if session.status.movable:
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
        fm = self.board.block_metrics
        w = int(r.width() - 8)
        if w < 12:
            return
        who = s.lead_name + (" · " + s.party_names if s.party_names else "")
        text = (
            fm.elidedText(short_number(s.case_number), Qt.TextElideMode.ElideLeft, w)
            + "\n"
            + fm.elidedText(who, Qt.TextElideMode.ElideRight, w)
        )
        item = QGraphicsSimpleTextItem(text, self)
        cancelled = s.status is SessionStatus.CANCELLED
        item.setFont(self.board.struck_font if cancelled else self.board.block_font)
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

    def itemChange(self, change, value):  # type: ignore[no-untyped-def]
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.refresh_look()
        return super().itemChange(change, value)

    # dragging: snapped to the grid and to rows, validated as the slot changes
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self.board.select_session(self.session.id)
        if event.button() == Qt.MouseButton.LeftButton and self.session.status.movable:
            self._press = event.scenePos()
            self.home = self.pos()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is None:
            return
        delta = event.scenePos() - self._press
        slot = self.board.slot_at(self, self.home + delta)
        if slot is None:
            return
        self.setPos(self.board.position_of(self.session, *slot))
        if slot != self._slot:
            self._slot = slot
            self.board.preview_move(self.session.id, *slot)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        if self._press is None:
            return
        self._press = None
        slot, self._slot = self._slot, None
        if slot is None or slot == (self.session.starts, self.session.room_id):
            self.setPos(self.home)
            self.board.clear_preview()
            return
        QTimer.singleShot(0, lambda: self.board.drop(self.session.id, *slot))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.board.open_case(self.session.case_id)


class BoardCanvas(QGraphicsView):
    """The timeline; arrows move the selection, Enter opens the selected session's case."""

    def __init__(self, board: DayBoardView) -> None:
        super().__init__(board)
        self.board = board
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.board.refit()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        if key in moves:
            self.board.step_selection(*moves[key])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            s = self.board.selected()
            if s is not None:
                self.board.open_case(s.case_id)
            return
        super().keyPressEvent(event)
