"""中心设置 › 调解室: rooms with kind, capacity, equipment, weekly opening hours, whether in
use, and out-of-service periods; plus the centre's buffer between sessions and time grid."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.dates import weekday_name
from mediation_desk.scheduling.intervals import format_ranges
from mediation_desk.scheduling.model import Equipment, RoomKind
from mediation_desk.services import rooms
from ui.views.record_page import PeriodCalls, RecordPage
from ui.widgets.contact_rows import enum_combo
from ui.widgets.dated_periods import DatedPeriodsEditor, Period, PeriodTexts
from ui.widgets.field_box import ERROR_STYLE, OK_STYLE, FieldBox
from ui.widgets.record_table import lay_out_under_table
from ui.widgets.weekly_hours import WeeklyHoursEditor

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.services.rooms import ClosureView, RoomView, ScheduleSettings
    from ui.context import AppContext

GRID_MINUTES = (5, 10, 15, 20, 30, 60)
#: A room's out-of-service periods.
_CLOSURE_CALLS = PeriodCalls(
    rooms.add_closure, rooms.remove_closure, "room_id", "closure_id", ("starts", "ends")
)
DEFAULT_CAPACITY = 6


class RoomsSettingsView(RecordPage):
    shows = frozenset({Entity.ROOM, Entity.SCHEDULE_SETTING})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.table.set_headers(
            [
                self.tr("名称"),
                self.tr("类型"),
                self.tr("容纳"),
                self.tr("设备"),
                self.tr("开放时间（{0}）").format(weekday_name(0)),
                self.tr("状态"),
            ]
        )
        self.schedule: ScheduleSettings | None = None

        form = QGroupBox(self.tr("调解室资料"), self)
        self.name = QLineEdit(form)
        self.kind = enum_combo(RoomKind, form)
        self.capacity = QSpinBox(form)
        self.capacity.setRange(1, 500)
        self.active = QCheckBox(self.tr("在用"), form)
        self.equipment: dict[str, QCheckBox] = {}
        equip_row = QHBoxLayout()
        for e in Equipment:
            box = QCheckBox(e.label, form)
            self.equipment[e.value] = box
            equip_row.addWidget(box)
        equip_row.addStretch(1)
        self.hours = WeeklyHoursEditor(
            self.tr("开放时间（如 08:30-12:00, 13:30-17:30；留空为不开放）"),
            self.tr("不开放"),
            form,
            columns=2,
        )
        self.save = QPushButton(self.tr("添加"), form)
        self.new = QPushButton(self.tr("新增调解室"), form)
        self.save.clicked.connect(self._on_save_clicked)
        self.new.clicked.connect(self._on_new_clicked)
        self.name.returnPressed.connect(self._on_save_clicked)
        top = QHBoxLayout()
        top.addWidget(FieldBox(self.tr("名称"), self.name, form, required=True), 3)
        top.addWidget(FieldBox(self.tr("类型"), self.kind, form), 2)
        top.addWidget(FieldBox(self.tr("容纳人数"), self.capacity, form), 1)
        top.addWidget(self.active, 0, Qt.AlignmentFlag.AlignBottom)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.new)
        buttons.addWidget(self.message, 1)
        fl = QVBoxLayout(form)
        fl.addLayout(top)
        fl.addWidget(QLabel(self.tr("设备"), form))
        fl.addLayout(equip_row)
        fl.addWidget(self.hours)
        fl.addLayout(buttons)

        closures_box = QGroupBox(self.tr("停用时段（维修、借用等）"), self)
        self.closures = DatedPeriodsEditor(
            PeriodTexts(
                reason=self.tr("原因"),
                reason_hint=self.tr("如：空调维修"),
                add=self.tr("添加停用"),
                remove=self.tr("删除所选"),
            ),
            closures_box,
            with_time=True,
        )
        self.closures.offer_day(ctx.ops.today())
        self.use_periods(self.closures, _CLOSURE_CALLS, added=self.tr("✔ 已添加停用时段"))
        QVBoxLayout(closures_box).addWidget(self.closures)

        general = QGroupBox(self.tr("排期设置"), self)
        self.buffer = QSpinBox(general)
        self.buffer.setRange(0, 120)
        self.buffer.setSuffix(self.tr(" 分钟"))
        self.grid = QComboBox(general)
        for m in GRID_MINUTES:
            self.grid.addItem(self.tr("{0} 分钟").format(m), m)
        self.settings_save = QPushButton(self.tr("保存设置"), general)
        self.settings_message = QLabel(general)
        self.settings_save.clicked.connect(self._on_settings_save_clicked)
        gl = QHBoxLayout(general)
        gl.addWidget(FieldBox(self.tr("场次间隔"), self.buffer, general))
        gl.addWidget(FieldBox(self.tr("排期刻度"), self.grid, general))
        gl.addWidget(self.settings_save, 0, Qt.AlignmentFlag.AlignBottom)
        gl.addWidget(self.settings_message, 1, Qt.AlignmentFlag.AlignBottom)

        lay_out_under_table(self, self.table, [(form, 3), (closures_box, 2)], general)
        self.reload()

    # ----- the page's records --------------------------------------------------------------

    def load(self) -> list[RoomView]:
        found, schedule = self.ctx.ops.read(
            lambda uow: (rooms.list_rooms(uow), rooms.get_settings(uow))
        )
        if schedule != self.schedule:  # a value typed and not yet saved stays otherwise
            self.schedule = schedule
            self.buffer.setValue(schedule.buffer_minutes)
            self.grid.setCurrentIndex(max(0, self.grid.findData(schedule.grid_minutes)))
        return found

    def record_id(self, record: RoomView) -> int:
        return record.id

    def cells(self, record: RoomView) -> list[str]:
        return [
            record.name,
            record.kind.label,
            str(record.capacity),
            record.equipment_text,
            format_ranges(record.opening.get(0, ())) or self.tr("不开放"),
            self.tr("在用") if record.active else self.tr("停用"),
        ]

    def form_values(self, record: RoomView) -> object:
        return dataclasses.replace(record, closures=())  # closures are not typed in the form

    def show_record(self, record: RoomView | None, *, refill: bool) -> None:
        if refill:
            self._fill_form(record)
        self.closures.set_periods(_periods(record.closures if record else ()))
        self.closures.setEnabled(record is not None)

    def _fill_form(self, room: RoomView | None) -> None:
        self.name.setText(room.name if room else "")
        self.kind.set_value(room.kind if room else RoomKind.MEDIATION)
        self.capacity.setValue(room.capacity if room else DEFAULT_CAPACITY)
        self.active.setChecked(room.active if room else True)
        for code, box in self.equipment.items():
            box.setChecked(room is not None and code in room.equipment)
        self.hours.set_hours(room.opening if room else rooms.DEFAULT_OPENING)
        self.save.setText(self.tr("保存修改") if room else self.tr("添加"))

    def selected_room_id(self) -> int | None:
        return self.table.selected_id()

    @Slot()
    def clear_form(self) -> None:
        """An empty form for a new room."""
        self.table.clearSelection()
        self._on_table_selection_changed()

    # ----- saving --------------------------------------------------------------------------

    @Slot()
    def _on_new_clicked(self) -> None:
        self.clear_form()
        self.name.setFocus()

    @Slot()
    def _on_save_clicked(self) -> None:
        opening = self.hours.hours()
        if opening is None:  # the reason is shown beside the hours
            self.say("")
            return
        room_id, name, kind = self.selected_room_id(), self.name.text(), self.kind.currentData()
        capacity, active = self.capacity.value(), self.active.isChecked()
        equipment = [code for code, box in self.equipment.items() if box.isChecked()]
        self.run(
            lambda uow: rooms.save_room(
                uow,
                room_id=room_id,
                name=name,
                kind=kind,
                capacity=capacity,
                equipment=equipment,
                active=active,
                opening=opening,
            ),
            busy=self.tr("正在保存调解室…"),
            button=self.save,
            on_success=self._on_room_saved,
        )

    def _on_room_saved(self, room: RoomView) -> None:
        self.table.select_id(room.id)  # a new room is chosen, so its closures can be added
        self.say(self.tr("✔ 已保存“{0}”").format(room.name))

    @Slot()
    def _on_settings_save_clicked(self) -> None:
        buffer, grid = self.buffer.value(), int(self.grid.currentData())
        self._say_settings("", ok=True)
        self.run(
            lambda uow: rooms.set_settings(uow, buffer_minutes=buffer, grid_minutes=grid),
            busy=self.tr("正在保存排期设置…"),
            button=self.settings_save,
            on_success=lambda _none: self._say_settings(self.tr("✔ 排期设置已保存"), ok=True),
            on_failure=self._on_settings_refused,
        )

    def _on_settings_refused(self, error: DeskError) -> bool:
        self._say_settings(error.message, ok=False)
        return True

    def _say_settings(self, text: str, *, ok: bool) -> None:
        self.settings_message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.settings_message.setText(text)


def _periods(closures: tuple[ClosureView, ...]) -> list[Period]:
    return [Period(c.id, c.starts, c.ends, c.reason) for c in closures]
