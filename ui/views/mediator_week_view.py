"""调解员周视图: one mediator's week, Monday to Sunday × hours, with their sessions (any role).

Read again when sessions change, and when mediators or rooms do (the list of mediators, the
room names on the blocks)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.dates import weekday_name
from ui.views.day_board_items import STATUS_COLOURS, fit_number

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.session_views import SessionView
    from ui.context import AppContext

HOURS = (8, 18)
TIME_W = 50.0
HEAD_H = 36.0
PX_PER_MIN = 0.9
#: Besides sessions, what the view shows: the mediators to choose, the rooms' names.
_SHOWS = frozenset({Entity.MEDIATOR, Entity.ROOM})


class MediatorWeekView(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, day: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        day = day or ctx.ops.today()
        self.monday = day - dt.timedelta(days=day.weekday())
        self.sessions: list[SessionView] = []
        self.mediator = QComboBox(self)
        self.prev_button = QPushButton(self.tr("◀ 上一周"), self)
        self.this_button = QPushButton(self.tr("本周"), self)
        self.next_button = QPushButton(self.tr("下一周 ▶"), self)
        self.title = QLabel(self)
        self.summary = QLabel(self)
        self.prev_button.clicked.connect(self._on_prev_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.this_button.clicked.connect(self._on_this_button_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("调解员"), self))
        top.addWidget(self.mediator)
        for w in (self.prev_button, self.this_button, self.next_button, self.title):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.summary)
        self.scene = QGraphicsScene(self)
        self.canvas = QGraphicsView(self.scene, self)
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        self._fill_mediators()
        self.mediator.currentIndexChanged.connect(self._on_mediator_current_index_changed)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()

    def set_mediator(self, mediator_id: int) -> None:
        self.mediator.setCurrentIndex(max(0, self.mediator.findData(mediator_id)))

    def set_week(self, day: dt.date) -> None:
        self.monday = day - dt.timedelta(days=day.weekday())
        self.reload()

    def _fill_mediators(self) -> None:
        """List the mediators again; the chosen one stays chosen (no reload is signalled)."""
        from mediation_desk.services.reference import list_mediators

        chosen = self.mediator.currentData()
        blocked = self.mediator.blockSignals(True)
        self.mediator.clear()
        for m in self.ctx.ops.read(list_mediators):
            self.mediator.addItem(self.tr("{0}（{1}）").format(m.name, m.kind.label), m.id)
        self.mediator.setCurrentIndex(max(0, self.mediator.findData(chosen)))
        self.mediator.blockSignals(blocked)

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.session_views import mediator_week

        mid, monday = self.mediator.currentData(), self.monday
        self.sessions = (
            self.ctx.ops.read(lambda uow: mediator_week(uow, mid, monday))
            if mid is not None
            else []
        )
        sunday = self.monday + dt.timedelta(days=6)
        self.title.setText(self.tr("{0} 至 {1}").format(f"{monday:%Y-%m-%d}", f"{sunday:%m-%d}"))
        live = [s for s in self.sessions if s.status.occupies]
        self.summary.setText(self.tr("本周 {0} 场").format(len(live)))
        self._draw()

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_prev_button_clicked(self) -> None:
        self.set_week(self.monday - dt.timedelta(days=7))

    @Slot()
    def _on_next_button_clicked(self) -> None:
        self.set_week(self.monday + dt.timedelta(days=7))

    @Slot()
    def _on_this_button_clicked(self) -> None:
        self.set_week(self.ctx.ops.today())

    @Slot(int)
    def _on_mediator_current_index_changed(self, _index: int) -> None:
        self.reload()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if Entity.MEDIATOR in changes.reference:
            self._fill_mediators()
        if changes.sessions or changes.reference & _SHOWS:
            self.reload()

    # --- drawing -----------------------------------------------------------------------------

    def _draw(self) -> None:
        self.scene.clear()
        col_w = max(120.0, (self.canvas.viewport().width() - TIME_W - 10) / 7)
        h0, h1 = HOURS
        for s in self.sessions:  # widen the hours when a session falls outside them
            h0 = min(h0, s.starts.hour)
            h1 = max(h1, s.ends.hour + (1 if s.ends.minute else 0))
        height = HEAD_H + (h1 - h0) * 60 * PX_PER_MIN
        font = QFont(self.font())
        font.setPixelSize(12)
        metrics = QFontMetrics(font)
        grid = QPen(QColor("#eaecf0"))
        today = self.ctx.ops.today()
        for d in range(7):
            day = self.monday + dt.timedelta(days=d)
            x = TIME_W + d * col_w
            if day == today:
                band = self.scene.addRect(QRectF(x, 0, col_w, height), QPen(Qt.PenStyle.NoPen))
                band.setBrush(QColor("#fffbeb"))
                band.setZValue(-2)
            head = self.scene.addSimpleText(f"{weekday_name(d)} {day:%m-%d}", font)
            head.setPos(x + 8, 10)
            self.scene.addLine(x, 0, x, height, grid)
        for h in range(h0, h1 + 1):
            y = HEAD_H + (h - h0) * 60 * PX_PER_MIN
            self.scene.addLine(TIME_W, y, TIME_W + 7 * col_w, y, grid)
            label = self.scene.addSimpleText(f"{h:02d}:00", font)
            label.setPos(6, y - 7)
        for s in self.sessions:
            d = (s.starts.date() - self.monday).days
            y0 = HEAD_H + ((s.starts.hour - h0) * 60 + s.starts.minute) * PX_PER_MIN
            mins = max(15, int((s.ends - s.starts).total_seconds() // 60))
            rect = QRectF(TIME_W + d * col_w + 3, y0 + 1, col_w - 6, mins * PX_PER_MIN - 2)
            item = self.scene.addRect(rect, QPen(QColor("#667085")))
            item.setBrush(QBrush(QColor(STATUS_COLOURS[s.status])))
            item.setOpacity(1.0 if s.status.occupies else 0.55)
            mid = self.mediator.currentData()
            role = next((x.role.label for x in s.staff if x.mediator_id == mid), "")
            tip = self.tr("{0}（{1}）\n{2}–{3} {4} · {5}").format(
                s.case_number,
                s.dispute_type,
                f"{s.starts:%H:%M}",
                f"{s.ends:%H:%M}",
                s.room_name,
                s.status.label,
            )
            item.setToolTip(self.tr("{0}，{1}").format(tip, role) if role else tip)
            w = int(rect.width() - 8)
            line = metrics.elidedText(
                f"{s.starts:%H:%M} {s.room_name}", Qt.TextElideMode.ElideRight, w
            )
            text = self.scene.addSimpleText(line, font)
            text.setPos(rect.left() + 4, rect.top() + 2)
            if rect.height() > 34:
                number = fit_number(s.case_number, metrics, w)
                num = self.scene.addSimpleText(number, font)
                num.setPos(rect.left() + 4, rect.top() + 17)
        self.scene.setSceneRect(0, 0, TIME_W + 7 * col_w + 4, height + 4)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._draw()
