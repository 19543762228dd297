"""调解员周视图: one mediator's week, Monday to Sunday × hours, with their sessions (any role)."""

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

from ui.views.day_board_items import STATUS_COLOURS, short_number

if TYPE_CHECKING:
    from mediation_desk.services.scheduling import SessionView
    from ui.context import AppContext

HOURS = (8, 18)
TIME_W = 50.0
HEAD_H = 36.0
PX_PER_MIN = 0.9
WEEKDAYS = "一二三四五六日"


class MediatorWeekView(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, day: dt.date | None = None
    ) -> None:
        from mediation_desk.services import reference

        super().__init__(parent)
        self.ctx = ctx
        day = day or dt.date.today()
        self.monday = day - dt.timedelta(days=day.weekday())
        self.sessions: list[SessionView] = []
        self.mediator = QComboBox(self)
        for m in reference.list_mediators(ctx.db):
            self.mediator.addItem(f"{m.name}（{m.kind.label}）", m.id)
        self.prev_button = QPushButton(self.tr("◀ 上一周"), self)
        self.this_button = QPushButton(self.tr("本周"), self)
        self.next_button = QPushButton(self.tr("下一周 ▶"), self)
        self.title = QLabel(self)
        self.summary = QLabel(self)
        self.prev_button.clicked.connect(lambda: self.set_week(self.monday - dt.timedelta(7)))
        self.next_button.clicked.connect(lambda: self.set_week(self.monday + dt.timedelta(7)))
        self.this_button.clicked.connect(lambda: self.set_week(dt.date.today()))
        self.mediator.currentIndexChanged.connect(lambda _i: self.reload())
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
        ctx.changes.case_saved.connect(lambda _id: self.reload())
        self.reload()

    def set_mediator(self, mediator_id: int) -> None:
        self.mediator.setCurrentIndex(max(0, self.mediator.findData(mediator_id)))

    def set_week(self, day: dt.date) -> None:
        self.monday = day - dt.timedelta(days=day.weekday())
        self.reload()

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.scheduling import mediator_week

        mid = self.mediator.currentData()
        self.sessions = mediator_week(self.ctx.db, mid, self.monday) if mid is not None else []
        sunday = self.monday + dt.timedelta(days=6)
        self.title.setText(f"{self.monday:%Y-%m-%d} 至 {sunday:%m-%d}")
        live = [s for s in self.sessions if s.status.occupies]
        self.summary.setText(self.tr("本周 {n} 场").format(n=len(live)))
        self._draw()

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
        today = dt.date.today()
        for d in range(7):
            day = self.monday + dt.timedelta(days=d)
            x = TIME_W + d * col_w
            if day == today:
                band = self.scene.addRect(QRectF(x, 0, col_w, height), QPen(Qt.PenStyle.NoPen))
                band.setBrush(QColor("#fffbeb"))
                band.setZValue(-2)
            head = self.scene.addSimpleText(f"周{WEEKDAYS[d]} {day:%m-%d}", font)
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
            item.setToolTip(
                f"{s.case_number}（{s.dispute_type}）\n{s.starts:%H:%M}–{s.ends:%H:%M} "
                f"{s.room_name} · {s.status.label}{('，' + role) if role else ''}"
            )
            w = int(rect.width() - 8)
            line = metrics.elidedText(
                f"{s.starts:%H:%M} {s.room_name}", Qt.TextElideMode.ElideRight, w
            )
            text = self.scene.addSimpleText(line, font)
            text.setPos(rect.left() + 4, rect.top() + 2)
            if rect.height() > 34:
                number = metrics.elidedText(
                    short_number(s.case_number), Qt.TextElideMode.ElideLeft, w
                )
                num = self.scene.addSimpleText(number, font)
                num.setPos(rect.left() + 4, rect.top() + 17)
        self.scene.setSceneRect(0, 0, TIME_W + 7 * col_w + 4, height + 4)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._draw()
