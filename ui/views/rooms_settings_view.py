"""中心设置 › 调解室: rooms with kind, capacity, equipment, weekly opening hours, whether in
use, and out-of-service periods; plus the centre's buffer between sessions and time grid."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.scheduling.intervals import format_ranges, parse_ranges
from mediation_desk.scheduling.model import Equipment, RoomKind
from mediation_desk.scheduling.rules import WEEKDAYS_ZH
from ui.widgets.contact_rows import enum_combo
from ui.widgets.field_box import ERROR_STYLE, OK_STYLE, FieldBox

if TYPE_CHECKING:
    from mediation_desk.services.rooms import RoomView
    from ui.context import AppContext

_ID = Qt.ItemDataRole.UserRole


class RoomsSettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rooms: list[RoomView] = []
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("名称"),
                self.tr("类型"),
                self.tr("容纳"),
                self.tr("设备"),
                self.tr("开放时间（周一）"),
                self.tr("状态"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)

        form = QGroupBox(self.tr("调解室资料"), self)
        self.name = QLineEdit(form)
        self.kind = enum_combo(RoomKind, form)
        self.capacity = QSpinBox(form)
        self.capacity.setRange(1, 500)
        self.capacity.setValue(6)
        self.active = QCheckBox(self.tr("在用"), form)
        self.active.setChecked(True)
        self.equipment: dict[str, QCheckBox] = {}
        equip_row = QHBoxLayout()
        for e in Equipment:
            box = QCheckBox(e.label, form)
            self.equipment[e.value] = box
            equip_row.addWidget(box)
        equip_row.addStretch(1)
        self.hours: list[QLineEdit] = []
        hours_grid = QGridLayout()
        for wd, label in enumerate(WEEKDAYS_ZH):
            edit = QLineEdit(form)
            edit.setPlaceholderText(self.tr("不开放"))
            self.hours.append(edit)
            hours_grid.addWidget(QLabel(label, form), wd // 2, (wd % 2) * 2)
            hours_grid.addWidget(edit, wd // 2, (wd % 2) * 2 + 1)
        self.save = QPushButton(self.tr("保存"), form)
        self.new = QPushButton(self.tr("新增调解室"), form)
        self.message = QLabel(form)
        self.message.setWordWrap(True)
        self.save.clicked.connect(self._on_save_clicked)
        self.new.clicked.connect(self.clear_form)
        top = QHBoxLayout()
        top.addWidget(FieldBox(self.tr("名称"), self.name, form, required=True), 3)
        top.addWidget(FieldBox(self.tr("类型"), self.kind, form), 2)
        top.addWidget(FieldBox(self.tr("容纳人数"), self.capacity, form), 1)
        top.addWidget(self.active, 0, Qt.AlignmentFlag.AlignBottom)
        fl = QVBoxLayout(form)
        fl.addLayout(top)
        fl.addWidget(QLabel(self.tr("设备"), form))
        fl.addLayout(equip_row)
        fl.addWidget(QLabel(self.tr("开放时间（如 08:30-12:00, 13:30-17:30；留空为不开放）"), form))
        fl.addLayout(hours_grid)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.new)
        buttons.addWidget(self.message, 1)
        fl.addLayout(buttons)

        closures = QGroupBox(self.tr("停用时段（维修、借用等）"), self)
        self.closures = QListWidget(closures)
        self.closure_from = QDateTimeEdit(closures)
        self.closure_to = QDateTimeEdit(closures)
        for w in (self.closure_from, self.closure_to):
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
            w.setCalendarPopup(True)
        today = dt.datetime.combine(dt.date.today(), dt.time(8, 30))
        self.closure_from.setDateTime(QDateTime(today))
        self.closure_to.setDateTime(QDateTime(today + dt.timedelta(hours=9)))
        self.closure_reason = QLineEdit(closures)
        self.closure_reason.setPlaceholderText(self.tr("如：空调维修"))
        self.closure_add = QPushButton(self.tr("添加停用"), closures)
        self.closure_remove = QPushButton(self.tr("删除所选"), closures)
        self.closure_add.clicked.connect(self._on_closure_add_clicked)
        self.closure_remove.clicked.connect(self._on_closure_remove_clicked)
        cl = QVBoxLayout(closures)
        cl.addWidget(self.closures, 1)
        row = QHBoxLayout()
        row.addWidget(FieldBox(self.tr("自"), self.closure_from, closures))
        row.addWidget(FieldBox(self.tr("至"), self.closure_to, closures))
        cl.addLayout(row)
        cl.addWidget(FieldBox(self.tr("原因"), self.closure_reason, closures))
        row2 = QHBoxLayout()
        row2.addWidget(self.closure_add)
        row2.addWidget(self.closure_remove)
        cl.addLayout(row2)

        general = QGroupBox(self.tr("排期设置"), self)
        self.buffer = QSpinBox(general)
        self.buffer.setRange(0, 120)
        self.buffer.setSuffix(self.tr(" 分钟"))
        self.grid = QComboBox(general)
        for m in (5, 10, 15, 20, 30, 60):
            self.grid.addItem(self.tr("{m} 分钟").format(m=m), m)
        self.settings_save = QPushButton(self.tr("保存设置"), general)
        self.settings_save.clicked.connect(self._on_settings_save_clicked)
        gl = QHBoxLayout(general)
        gl.addWidget(FieldBox(self.tr("场次间隔"), self.buffer, general))
        gl.addWidget(FieldBox(self.tr("排期刻度"), self.grid, general))
        gl.addWidget(self.settings_save, 0, Qt.AlignmentFlag.AlignBottom)
        gl.addStretch(1)

        lower = QHBoxLayout()
        lower.addWidget(form, 3)
        lower.addWidget(closures, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(lower)
        layout.addWidget(general)
        self.reload()
        self.clear_form()

    # ----- loading -------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services import rooms

        selected = self.selected_room_id()
        self.rooms = rooms.list_rooms(self.ctx.db)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rooms))
        for r, room in enumerate(self.rooms):
            cells = [
                room.name,
                room.kind.label,
                str(room.capacity),
                room.equipment_text,
                format_ranges(room.opening.get(0, ())) or self.tr("不开放"),
                self.tr("在用") if room.active else self.tr("停用"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(_ID, room.id)
                self.table.setItem(r, c, item)
            if room.id == selected:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        settings = rooms.get_settings(self.ctx.db)
        self.buffer.setValue(settings.buffer_minutes)
        self.grid.setCurrentIndex(max(0, self.grid.findData(settings.grid_minutes)))
        self._fill_closures()

    def selected_room_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(_ID) if rows else None

    def _room(self) -> RoomView | None:
        rid = self.selected_room_id()
        return next((r for r in self.rooms if r.id == rid), None)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        room = self._room()
        if room is None:
            self.clear_form()
            return
        self.name.setText(room.name)
        self.kind.set_value(room.kind)
        self.capacity.setValue(room.capacity)
        self.active.setChecked(room.active)
        for code, box in self.equipment.items():
            box.setChecked(code in room.equipment)
        for wd, edit in enumerate(self.hours):
            edit.setText(format_ranges(room.opening.get(wd, ())))
        self.save.setText(self.tr("保存修改"))
        self._say("", "")
        self._fill_closures()

    @Slot()
    def clear_form(self) -> None:
        from mediation_desk.services.rooms import DEFAULT_OPENING

        self.table.clearSelection()
        self.name.clear()
        self.capacity.setValue(6)
        self.active.setChecked(True)
        for box in self.equipment.values():
            box.setChecked(False)
        for wd, edit in enumerate(self.hours):
            edit.setText(format_ranges(DEFAULT_OPENING.get(wd, ())))
        self.save.setText(self.tr("添加"))
        self._fill_closures()

    def _fill_closures(self) -> None:
        self.closures.clear()
        room = self._room()
        for c in room.closures if room else ():
            item = QListWidgetItem(
                f"{c.starts:%Y-%m-%d %H:%M} 至 {c.ends:%Y-%m-%d %H:%M}　{c.reason}"
            )
            item.setData(_ID, c.id)
            self.closures.addItem(item)
        for w in (self.closure_add, self.closure_remove):
            w.setEnabled(room is not None)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # ----- saving --------------------------------------------------------------------------

    @Slot()
    def _on_save_clicked(self) -> bool:
        from mediation_desk.errors import DeskError
        from mediation_desk.services import rooms

        try:
            opening = {wd: parse_ranges(e.text()) for wd, e in enumerate(self.hours)}
        except ValueError as error:
            self._say(str(error), ERROR_STYLE)
            return False
        try:
            view = rooms.save_room(
                self.ctx.db,
                self.ctx.require_actor(),
                room_id=self.selected_room_id(),
                name=self.name.text(),
                kind=self.kind.currentData(),
                capacity=self.capacity.value(),
                equipment=[c for c, box in self.equipment.items() if box.isChecked()],
                active=self.active.isChecked(),
                opening=opening,
            )
        except DeskError as error:
            self._say(error.message, ERROR_STYLE)
            return False
        self.reload()
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(_ID) == view.id:
                self.table.selectRow(r)
        self._say(self.tr("✔ 已保存“{n}”").format(n=view.name), OK_STYLE)
        return True

    @Slot()
    def _on_closure_add_clicked(self) -> None:
        from mediation_desk.errors import DeskError
        from mediation_desk.services import rooms

        room_id = self.selected_room_id()
        if room_id is None:
            return
        try:
            rooms.add_closure(
                self.ctx.db,
                self.ctx.require_actor(),
                room_id=room_id,
                starts=self.closure_from.dateTime().toPython().replace(second=0, microsecond=0),
                ends=self.closure_to.dateTime().toPython().replace(second=0, microsecond=0),
                reason=self.closure_reason.text(),
            )
        except DeskError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self.closure_reason.clear()
        self.reload()

    @Slot()
    def _on_closure_remove_clicked(self) -> None:
        from mediation_desk.services import rooms

        item = self.closures.currentItem()
        if item is not None:
            rooms.remove_closure(self.ctx.db, self.ctx.require_actor(), closure_id=item.data(_ID))
            self.reload()

    @Slot()
    def _on_settings_save_clicked(self) -> None:
        from mediation_desk.errors import DeskError
        from mediation_desk.services import rooms

        try:
            rooms.set_settings(
                self.ctx.db,
                self.ctx.require_actor(),
                buffer_minutes=self.buffer.value(),
                grid_minutes=int(self.grid.currentData()),
            )
        except DeskError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self._say(self.tr("✔ 排期设置已保存"), OK_STYLE)
