"""The day board's controls: date navigation, the legend of statuses, 显示已取消, booking and
printing; and finding the case to book from what the clerk types."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.sessions import SessionStatus
from ui.views.day_board_items import STATUS_COLOURS

if TYPE_CHECKING:
    from ui.context import AppContext


class DayBoardToolbar(QWidget):
    """Two rows: navigation and actions, then the legend (the top row stays readable at
    1360 px)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prev = QPushButton(self.tr("◀ 前一天"), self)
        self.today = QPushButton(self.tr("今天"), self)
        self.next = QPushButton(self.tr("后一天 ▶"), self)
        self.date_label = QLabel(self)
        font = self.date_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.date_label.setFont(font)
        #: The day in the centre's holiday table (a holiday's name, a make-up working day).
        self.day_note = QLabel(self)
        self.day_note.setStyleSheet(
            "color: #b54708; background: #fffaeb; border: 1px solid #fedf89;"
            " border-radius: 3px; padding: 1px 6px;"
        )
        self.day_note.hide()
        self.show_cancelled = QCheckBox(self.tr("显示已取消"), self)
        self.print_button = QPushButton(self.tr("打印日程表…"), self)
        self.book_button = QPushButton(self.tr("预约调解…"), self)
        top = QHBoxLayout()
        for w in (self.prev, self.today, self.next):
            top.addWidget(w)
        top.addSpacing(12)
        top.addWidget(self.date_label)
        top.addStretch(1)
        top.addWidget(self.show_cancelled)
        top.addWidget(self.book_button)
        top.addWidget(self.print_button)
        legend = QHBoxLayout()
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
        legend.addWidget(self.day_note)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(legend)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DayBoardToolbar", text)


def pick_case(
    ctx: AppContext,
    parent: QWidget,
    ask_text: Callable[[str, str], str | None],
    show_error: Callable[[str], None],
) -> int | None:
    """Ask for a case number, name, ID or phone digits; the case found (chosen among several),
    or None."""
    from mediation_desk.services.search import search_cases

    query = ask_text(_tr("预约调解"), _tr("案号或当事人姓名："))
    if not query or not query.strip():
        return None
    q = query.strip()
    hits = ctx.ops.read(lambda uow: search_cases(uow, q, limit=20))
    if not hits:
        show_error(_tr("没有找到“{q}”对应的案件").format(q=q))
        return None
    if len(hits) == 1:
        return hits[0].case_id
    labels = [
        _tr("{number}　{applicants} / {respondents}").format(
            number=h.number, applicants=h.applicants, respondents=h.respondents
        )
        for h in hits
    ]
    label, ok = QInputDialog.getItem(
        parent, _tr("选择案件"), _tr("找到多个案件："), labels, 0, False
    )
    return hits[labels.index(label)].case_id if ok else None
