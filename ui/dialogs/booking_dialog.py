"""Book a mediation session for a case: choose one of the suggested slots (one step), or set
date, time, room and people by hand with the conflicts shown as they are typed.

Suggestions and the manual check are worked out in the background (the dialog keeps
answering); a booking goes through the operation helper, whose ``changed`` brings it to the
day board and the case."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.dates import weekday_name
from ui.widgets.field_box import FieldBox

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.scheduling.rules import Conflict
    from mediation_desk.scheduling.suggest import Option
    from mediation_desk.services.booking import SessionRequest
    from mediation_desk.services.session_views import SessionView
    from ui.context import AppContext

DURATIONS = (30, 45, 60, 90, 120, 180)
_ID = Qt.ItemDataRole.UserRole
_ERROR = "color: #b42318;"
_WARN = "color: #a15c00;"
_OK = "color: #067647;"


def _next_quarter(now: dt.datetime) -> dt.datetime:
    t = now.replace(second=0, microsecond=0)
    return t + dt.timedelta(minutes=(-t.minute) % 15)


class BookingDialog(QDialog):
    """``booked`` holds the new session after ``exec()`` returns Accepted."""

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        parent: QWidget | None = None,
        *,
        now: dt.datetime | None = None,
    ) -> None:
        from mediation_desk.services import cases, reference, rooms

        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.booked: SessionView | None = None
        self.options: list[Option] = []
        #: What the manual slot runs into, as last checked by the core.
        self.found: list[Conflict] = []
        self._suggesting = 0  # the latest request for suggestions (older answers are dropped)
        self._checking = 0  # the latest manual check
        self._manual_filled = False  # the manual tab starts from the first suggestion
        self.now = now or ctx.ops.clock()
        self.case = ctx.ops.read(lambda uow: cases.get_case(uow, case_id))
        self.rooms = ctx.ops.read(lambda uow: rooms.list_rooms(uow, active_only=True))
        self.mediators = ctx.ops.read(reference.list_mediators)
        self.setWindowTitle(self.tr("预约调解 · {n}").format(n=self.case.number))
        self.resize(860, 600)

        head = QLabel(
            self.tr("{n}　{t}　当事人：{p}").format(
                n=self.case.number,
                t=self.case.dispute_type,
                p="、".join(p.name for p in self.case.parties),
            ),
            self,
        )
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)

        self.earliest = QDateTimeEdit(self)
        self.earliest.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.earliest.setCalendarPopup(True)
        self.earliest.setDateTime(QDateTime(_next_quarter(self.now)))
        self.duration = QComboBox(self)
        for m in DURATIONS:
            self.duration.addItem(self.tr("{m} 分钟").format(m=m), m)
        self.duration.setCurrentIndex(DURATIONS.index(60))
        self.remote = QCheckBox(self.tr("远程视频调解"), self)
        self.extra = QSpinBox(self)
        self.extra.setRange(0, 30)
        self.extra.setToolTip(self.tr("代理人、亲属、翻译等（不含当事人和调解员）"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("如：需手语翻译；申请人腿脚不便"))
        self.chosen = QComboBox(self)  # 当事人选定的调解员 ranks first in the suggestions
        self.chosen.addItem(self.tr("（未选定）"), None)
        for m in self.mediators:
            self.chosen.addItem(m.name, m.id)
        common = QHBoxLayout()
        common.addWidget(FieldBox(self.tr("最早时间"), self.earliest, self))
        common.addWidget(FieldBox(self.tr("时长"), self.duration, self))
        common.addWidget(FieldBox(self.tr("其他到场人数"), self.extra, self))
        common.addWidget(FieldBox(self.tr("当事人选定调解员"), self.chosen, self))
        common.addWidget(FieldBox(self.tr("备注"), self.note, self), 2)
        common.addWidget(self.remote, 0, Qt.AlignmentFlag.AlignBottom)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_suggest_tab(), self.tr("推荐时段"))
        self.tabs.addTab(self._build_manual_tab(), self.tr("手动安排"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(common)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(150)
        self._check_timer.timeout.connect(self.check_manual)
        for signal in (
            self.duration.currentIndexChanged,
            self.remote.toggled,
            self.extra.valueChanged,
            self.chosen.currentIndexChanged,
        ):
            signal.connect(self._on_inputs_changed)
            signal.connect(lambda *_a: self.refresh_suggestions())
        self.earliest.dateTimeChanged.connect(lambda _v: self.refresh_suggestions())
        self.refresh_suggestions()  # then the manual tab starts from the best one

    # ----- suggestions ---------------------------------------------------------------------

    def _build_suggest_tab(self) -> QWidget:
        page = QWidget(self)
        self.table = QTableWidget(0, 4, page)
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("调解室"), self.tr("主持调解员"), self.tr("推荐理由")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.book_selected())
        self.book_button = QPushButton(self.tr("预约所选时段"), page)
        self.book_button.setDefault(True)
        self.book_button.clicked.connect(self.book_selected)
        self.more_button = QPushButton(self.tr("刷新推荐"), page)
        self.more_button.clicked.connect(self._on_more_button_clicked)
        hint = QLabel(
            self.tr(
                "按最早可用时间排列，优先擅长此类纠纷、会讲当事人语言、已承办本案、"
                "当事人选定及当天场次较少的调解员。"
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #475467;")
        row = QHBoxLayout()
        row.addWidget(self.book_button)
        row.addWidget(self.more_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        return page

    @Slot()
    def refresh_suggestions(self) -> None:
        """Ask the core for the earliest options (in the background; the latest ask wins)."""
        self._suggest()

    @Slot()
    def _on_more_button_clicked(self) -> None:
        self._suggest()

    def _suggest(self, message: tuple[str, str] = ("", "")) -> None:
        """``message``: what to say once the options are shown (e.g. why a booking failed)."""
        from mediation_desk.services.suggestions import suggest_sessions

        self._suggesting += 1
        ask = self._suggesting
        case_id, earliest = self.case_id, self.earliest.dateTime().toPython()
        duration, remote = int(self.duration.currentData()), self.remote.isChecked()
        extra, chosen = self.extra.value(), self.chosen.currentData()
        self.ctx.ops.run(
            self,
            lambda uow: suggest_sessions(
                uow,
                case_id=case_id,
                earliest=earliest,
                duration_minutes=duration,
                n=8,
                remote=remote,
                extra_attendees=extra,
                chosen_mediator_id=chosen,
            ),
            on_success=lambda options: self._on_suggested(ask, options, message),
            on_failure=lambda error: self._on_suggest_failed(ask, error),
            busy=self.tr("正在查找可用时段…"),
        )

    def _on_suggested(self, ask: int, options: list[Option], message: tuple[str, str]) -> None:
        if ask != self._suggesting:
            return  # the inputs changed meanwhile: a newer answer is on its way
        self.options = options
        self.table.setRowCount(len(options))
        for r, o in enumerate(options):
            when = self.tr("{d:%m-%d} {wd} {a:%H:%M}–{b:%H:%M}").format(
                d=o.starts, wd=weekday_name(o.starts.weekday()), a=o.starts, b=o.ends
            )
            reasons = self.tr("、").join(o.reasons) or self.tr("—")
            cells = [when, o.room_name, o.mediator_name, reasons]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if options:
            self.table.selectRow(0)
            self._say(*message)
        else:
            self._say(
                self.tr("所选期间没有可用的时段，请调整最早时间、时长或改为手动安排。"), _WARN
            )
        self.book_button.setEnabled(bool(options))
        self._fill_manual_once()

    def _on_suggest_failed(self, ask: int, error: DeskError) -> bool:
        if ask == self._suggesting:
            self._say(error.message, _ERROR)
            self._fill_manual_once()
        return True

    @Slot()
    def book_selected(self) -> None:
        """Book the selected suggestion in one step (checked again by the core)."""
        from mediation_desk.services.booking import book_option

        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.options:
            return
        case_id, option = self.case_id, self.options[rows[0].row()]
        remote, extra, note = self.remote.isChecked(), self.extra.value(), self.note.text()
        self.ctx.ops.run(
            self,
            lambda uow: book_option(
                uow,
                case_id=case_id,
                option=option,
                remote=remote,
                extra_attendees=extra,
                note=note,
            ),
            on_success=self._booked,
            on_failure=self._on_option_refused,
            busy=self.tr("正在预约…"),
            disable=[self.book_button],
        )

    def _on_option_refused(self, error: DeskError) -> bool:
        # The slot may have gone meanwhile: say why, with fresh suggestions beside it.
        self._say(error.message, _ERROR)
        self._suggest((error.message, _ERROR))
        return True

    def _booked(self, view: SessionView) -> None:
        self.booked = view  # the day board and the case hear of it through ops.changed
        self.accept()

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # ----- manual --------------------------------------------------------------------------

    def _build_manual_tab(self) -> QWidget:
        page = QWidget(self)
        self.day = QDateEdit(page)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.start_time = QTimeEdit(page)
        self.start_time.setDisplayFormat("HH:mm")
        self.room = QComboBox(page)
        for r in self.rooms:
            self.room.addItem(self.tr("{name}（{n}人）").format(name=r.name, n=r.capacity), r.id)
        self.lead = QComboBox(page)
        self.note_taker = QComboBox(page)
        self.note_taker.addItem(self.tr("（无）"), None)
        for m in self.mediators:
            self.lead.addItem(m.name, m.id)
            self.note_taker.addItem(m.name, m.id)
        if (
            self.case.mediator_id is not None
            and (i := self.lead.findData(self.case.mediator_id)) >= 0
        ):
            self.lead.setCurrentIndex(i)
        self.co = QListWidget(page)
        for m in self.mediators:
            item = QListWidgetItem(m.name, self.co)
            item.setData(_ID, m.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.parties = QListWidget(page)
        for p in self.case.parties:
            item = QListWidgetItem(
                self.tr("{name}（{role}）").format(name=p.name, role=p.role.label), self.parties
            )
            item.setData(_ID, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.conflicts = QLabel(page)
        self.conflicts.setWordWrap(True)
        self.conflicts.setTextFormat(Qt.TextFormat.PlainText)
        self.override = QLineEdit(page)
        self.override.setPlaceholderText(self.tr("仅在可特批的情形下填写，如：急案，当事人同意"))
        self.override_box = FieldBox(self.tr("特批理由"), self.override, page)
        self.override_box.hide()
        self.manual_book = QPushButton(self.tr("预约"), page)
        self.manual_book.clicked.connect(self.book_manual)

        grid = QHBoxLayout()
        left = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(FieldBox(self.tr("日期"), self.day, page))
        row.addWidget(FieldBox(self.tr("开始"), self.start_time, page))
        left.addLayout(row)
        left.addWidget(FieldBox(self.tr("调解室"), self.room, page))
        left.addWidget(FieldBox(self.tr("主持调解员"), self.lead, page))
        left.addWidget(FieldBox(self.tr("记录人"), self.note_taker, page))
        left.addStretch(1)
        grid.addLayout(left, 2)
        grid.addWidget(FieldBox(self.tr("协助调解员"), self.co, page), 2)
        grid.addWidget(FieldBox(self.tr("到场当事人"), self.parties, page), 2)
        layout = QVBoxLayout(page)
        layout.addLayout(grid, 1)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.override_box)
        layout.addWidget(self.manual_book, 0, Qt.AlignmentFlag.AlignLeft)
        for signal in (
            self.day.dateChanged,
            self.start_time.timeChanged,
            self.room.currentIndexChanged,
            self.lead.currentIndexChanged,
            self.note_taker.currentIndexChanged,
            self.co.itemChanged,
            self.parties.itemChanged,
        ):
            signal.connect(self._on_inputs_changed)
        return page

    def _fill_manual_once(self) -> None:
        if not self._manual_filled:
            self._manual_filled = True
            self._sync_manual_from_earliest()

    def _sync_manual_from_earliest(self) -> None:
        t = self.earliest.dateTime().toPython()
        if self.options:  # start from the best suggestion: usually free
            o = self.options[0]
            t = o.starts
            if (i := self.room.findData(o.room_id)) >= 0:
                self.room.setCurrentIndex(i)
            if (i := self.lead.findData(o.mediator_id)) >= 0:
                self.lead.setCurrentIndex(i)
        self.day.setDate(QDate(t.date()))
        self.start_time.setTime(QTime(t.hour, t.minute))
        self.check_manual()

    @Slot()
    def _on_inputs_changed(self, *_args: object) -> None:
        self._check_timer.start()

    def manual_request(self) -> SessionRequest:
        from mediation_desk.services.booking import SessionRequest

        starts = dt.datetime.combine(self.day.date().toPython(), self.start_time.time().toPython())
        starts = starts.replace(second=0, microsecond=0)
        checked = [
            self.co.item(i).data(_ID)
            for i in range(self.co.count())
            if self.co.item(i).checkState() == Qt.CheckState.Checked
        ]
        parties = [
            self.parties.item(i).data(_ID)
            for i in range(self.parties.count())
            if self.parties.item(i).checkState() == Qt.CheckState.Checked
        ]
        return SessionRequest(
            case_id=self.case_id,
            room_id=self.room.currentData(),
            starts=starts,
            ends=starts + dt.timedelta(minutes=int(self.duration.currentData())),
            lead_id=self.lead.currentData(),
            co_ids=tuple(m for m in checked if m != self.lead.currentData()),
            note_taker_id=self.note_taker.currentData(),
            party_ids=tuple(parties),
            extra_attendees=self.extra.value(),
            remote=self.remote.isChecked(),
            note=self.note.text(),
        )

    @Slot()
    def check_manual(self) -> None:
        """Ask the core what the manual booking would run into (in the background); the
        answer is shown inline in Chinese and kept in ``found``."""
        from mediation_desk.services.booking import check_session

        self._check_timer.stop()
        self._checking += 1
        ask = self._checking
        if self.room.currentData() is None or self.lead.currentData() is None:
            self.found = []
            self.conflicts.setStyleSheet(_ERROR)
            self.conflicts.setText(self.tr("请先在“中心设置”中登记调解室和调解员。"))
            self.manual_book.setEnabled(False)
            return
        request = self.manual_request()
        self.ctx.ops.run(
            self,
            lambda uow: check_session(uow, request),
            on_success=lambda found: self._on_checked(ask, found),
            on_failure=lambda error: self._on_check_failed(ask, error),
            busy=self.tr("正在检查时段…"),
        )

    def _on_checked(self, ask: int, found: list[Conflict]) -> None:
        if ask != self._checking:
            return  # the inputs changed meanwhile
        self.found = found
        hard = [c for c in found if not c.overridable]
        if not found:
            self.conflicts.setStyleSheet(_OK)
            self.conflicts.setText(self.tr("✔ 该时段可以预约"))
        else:
            lead = self.tr("✖ 不能预约：") if hard else self.tr("⚠ 需填写特批理由：")
            lines = [self.tr("· {0}").format(c.message_zh) for c in found]
            self.conflicts.setStyleSheet(_ERROR if hard else _WARN)
            self.conflicts.setText("\n".join([lead, *lines]))
        self.override_box.setVisible(bool(found) and not hard)
        self.manual_book.setEnabled(not hard)

    def _on_check_failed(self, ask: int, error: DeskError) -> bool:
        if ask == self._checking:
            self.found = []
            self.conflicts.setStyleSheet(_ERROR)
            self.conflicts.setText(error.message)
            self.manual_book.setEnabled(False)
        return True

    @Slot()
    def book_manual(self) -> None:
        from mediation_desk.services.booking import book_session

        request, override = self.manual_request(), self.override.text()
        self.ctx.ops.run(
            self,
            lambda uow: book_session(uow, request, override_reason=override),
            on_success=self._booked,
            on_failure=self._on_manual_refused,
            busy=self.tr("正在预约…"),
            disable=[self.manual_book],
        )

    def _on_manual_refused(self, error: DeskError) -> bool:
        """Say why beside the form (nothing typed is lost); a refusal that a reason would
        lift opens the override field and puts the cursor in it."""
        from mediation_desk.services.booking import BookingRefused

        self.check_manual()
        if isinstance(error, BookingRefused) and error.needs_reason:
            self.override_box.show()
            self.override_box.show_issue(None)
            self.override.setFocus()
        self._say(error.message, _ERROR)
        return True
