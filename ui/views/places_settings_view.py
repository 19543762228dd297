"""中心设置 › 村（社区）: the centre's villages and communities, where disputes arise.

Intake's 发生地 picker offers the active ones; the statistics count cases by them. A place is
known by its 12-digit statistical division code (统计用区划代码), which cannot change once
added (cases point at it): a place no longer in use is deactivated, and stays on its cases.
The rules (12 digits, unique, the permission) are the core's (``services.places``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.issues import FieldIssue
from mediation_desk.domain.report_fields import PlaceKind
from ui.widgets.contact_rows import enum_combo
from ui.widgets.field_box import FieldBox, MessageLabel
from ui.widgets.record_table import RecordTable, lay_out_under_table
from ui.widgets.report_fields_row import guard_wheel

if TYPE_CHECKING:
    from collections.abc import Callable

    from mediation_desk.domain.changes import Changes
    from mediation_desk.errors import DeskError
    from mediation_desk.services.places import PlaceView
    from ui.context import AppContext


def _issue(message: str) -> FieldIssue:
    return FieldIssue("", "refused", message)


class PlacesSettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.places: list[PlaceView] = []
        self.table = RecordTable(
            self,
            [
                self.tr("区划代码"),
                self.tr("名称"),
                self.tr("类型"),
                self.tr("所属乡镇（街道）"),
                self.tr("状态"),
            ],
        )
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.show_inactive = QCheckBox(self.tr("显示已停用的"), self)
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(self.reload)
        self.count = QLabel(self)
        hint = QLabel(
            self.tr(
                "登记案件时从此列表选择纠纷发生地，统计报表按此汇总。区划代码为国家统计局"
                "统计用区划代码（12位），添加后不能修改；不再使用的请停用，已登记的案件不受影响。"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.show_inactive)
        top_box = QWidget(self)
        top_box.setLayout(top)

        add_box = QGroupBox(self.tr("新增村（社区）"), self)
        self.code = QLineEdit(add_box)
        self.code.setPlaceholderText(self.tr("12位数字，如 330602001001"))
        self.code.setMaxLength(20)
        self.name = QLineEdit(add_box)
        self.name.setPlaceholderText(self.tr("如：东街社区、西湖村"))
        self.kind = enum_combo(PlaceKind, add_box)
        guard_wheel(self.kind)
        self.township = QLineEdit(add_box)
        self.township.setPlaceholderText(self.tr("如：塔山街道"))
        self.add_button = QPushButton(self.tr("添加"), add_box)
        self.add_message = MessageLabel(add_box)
        row = QHBoxLayout()
        row.addWidget(FieldBox(self.tr("区划代码"), self.code, add_box, required=True), 3)
        row.addWidget(FieldBox(self.tr("名称"), self.name, add_box, required=True), 3)
        row.addWidget(FieldBox(self.tr("类型"), self.kind, add_box), 1)
        row.addWidget(FieldBox(self.tr("所属乡镇（街道）"), self.township, add_box), 3)
        add_form = QVBoxLayout(add_box)
        add_form.addLayout(row)
        add_form.addLayout(self._button_row([self.add_button], self.add_message))
        self.add_button.clicked.connect(self._on_add_clicked)
        for edit in (self.code, self.name, self.township):
            edit.returnPressed.connect(self._on_add_clicked)

        edit_box = QGroupBox(self.tr("修改所选"), self)
        self.edit_name = QLineEdit(edit_box)
        self.edit_kind = enum_combo(PlaceKind, edit_box)
        guard_wheel(self.edit_kind)
        self.edit_township = QLineEdit(edit_box)
        self.edit_active = QCheckBox(self.tr("启用"), edit_box)
        self.save_button = QPushButton(self.tr("保存修改"), edit_box)
        self.up_button = QPushButton(self.tr("上移"), edit_box)
        self.down_button = QPushButton(self.tr("下移"), edit_box)
        self.edit_message = MessageLabel(edit_box)
        self.edit_caption = QLabel(self.tr("请先在上表中选择一个村（社区）"), edit_box)
        edit_row = QHBoxLayout()
        edit_row.addWidget(FieldBox(self.tr("名称"), self.edit_name, edit_box, required=True), 3)
        edit_row.addWidget(FieldBox(self.tr("类型"), self.edit_kind, edit_box), 1)
        edit_row.addWidget(FieldBox(self.tr("所属乡镇（街道）"), self.edit_township, edit_box), 3)
        edit_row.addWidget(self.edit_active, 0, Qt.AlignmentFlag.AlignBottom)
        edit_form = QVBoxLayout(edit_box)
        edit_form.addWidget(self.edit_caption)
        edit_form.addLayout(edit_row)
        edit_form.addLayout(
            self._button_row(
                [self.save_button, self.up_button, self.down_button], self.edit_message
            )
        )
        self.save_button.clicked.connect(self._on_save_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.edit_name.returnPressed.connect(self._on_save_clicked)

        lay_out_under_table(self, self.table, top_box, hint, [(add_box, 1), (edit_box, 1)])
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()
        self._on_selection_changed()

    def _button_row(self, buttons: list[QPushButton], message: MessageLabel) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            button.setMinimumWidth(90)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(message, 1)
        return row

    # --- loading -------------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.places import list_places

        self.places = self.ctx.ops.read(list_places)
        shown = [p for p in self.places if p.active or self.show_inactive.isChecked()]
        self.table.fill(
            [
                (
                    int(p.code),
                    [
                        p.code,
                        p.name,
                        p.kind.label,
                        p.township,
                        self.tr("启用") if p.active else self.tr("已停用"),
                    ],
                )
                for p in shown
            ]
        )
        active = sum(1 for p in self.places if p.active)
        self.count.setText(self.tr("共 {n} 个，启用 {a} 个").format(n=len(self.places), a=active))

    def selected(self) -> PlaceView | None:
        chosen = self.table.selected_id()
        if chosen is None:
            return None
        code = f"{chosen:012d}"
        return next((p for p in self.places if p.code == code), None)

    @Slot()
    def _on_selection_changed(self) -> None:
        place = self.selected()
        for w in (
            self.edit_name,
            self.edit_kind,
            self.edit_township,
            self.edit_active,
            self.save_button,
            self.up_button,
            self.down_button,
        ):
            w.setEnabled(place is not None)
        self.edit_message.show_issue(None)
        if place is None:
            self.edit_caption.setText(self.tr("请先在上表中选择一个村（社区）"))
            for edit in (self.edit_name, self.edit_township):
                edit.clear()
            return
        self.edit_caption.setText(self.tr("区划代码 {0}").format(place.code))
        self.edit_name.setText(place.name)
        self.edit_kind.set_value(place.kind)
        self.edit_township.setText(place.township)
        self.edit_active.setChecked(place.active)

    # --- actions -------------------------------------------------------------------------------

    def _run(
        self,
        message: MessageLabel,
        button: QPushButton,
        fn: Callable[[Any], object],
        on_success: Callable[[Any], None] | None = None,
    ) -> None:
        """A refusal shows beside the form, and what was typed stays."""
        message.show_issue(None)

        def refused(error: DeskError) -> bool:
            message.show_issue(_issue(error.message))
            return True

        self.ctx.ops.run(
            self,
            fn,
            on_success=on_success,
            on_failure=refused,
            busy=self.tr("正在保存…"),
            disable=[button],
        )

    @Slot()
    def _on_add_clicked(self) -> None:
        from mediation_desk.services.places import add_place

        code, name = self.code.text(), self.name.text()
        kind, township = self.kind.currentData(), self.township.text()

        def added(place: PlaceView) -> None:
            for edit in (self.code, self.name):
                edit.clear()
            self.add_message.say(self.tr("已添加：{0}").format(place.label), good=True)
            self.reload()
            self.table.select_id(int(place.code))
            self.code.setFocus()

        self._run(
            self.add_message,
            self.add_button,
            lambda uow: add_place(uow, code=code, name=name, kind=kind, township=township),
            added,
        )

    @Slot()
    def _on_save_clicked(self) -> None:
        from mediation_desk.services.places import update_place

        place = self.selected()
        if place is None:
            return
        code = place.code
        name, kind = self.edit_name.text(), self.edit_kind.currentData()
        township, active = self.edit_township.text(), self.edit_active.isChecked()

        def saved(_view: PlaceView) -> None:
            self.reload()
            self._on_selection_changed()
            self.edit_message.say(self.tr("已保存。"), good=True)

        self._run(
            self.edit_message,
            self.save_button,
            lambda uow: update_place(
                uow, code, name=name, kind=kind, township=township, active=active
            ),
            saved,
        )

    def _move(self, step: int) -> None:
        from mediation_desk.services.places import move_place

        place = self.selected()
        if place is None:
            return
        code = place.code
        button = self.up_button if step < 0 else self.down_button
        self._run(
            self.edit_message,
            button,
            lambda uow: move_place(uow, code, step),
            lambda _none: self.reload(),
        )

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if Entity.PLACE in changes.reference and initiator is not self:
            self.reload()
