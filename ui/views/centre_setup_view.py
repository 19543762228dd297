"""The "中心设置" page: the centre, its handling units and case-number formats, mediators
(accounts are managed on 账户管理). Every change goes through
``mediation_desk.services.reference`` by ``ctx.ops``; a refusal is shown beside the form that
caused it and the typed text stays. The page reads again when the centre, units or mediators
change anywhere in the window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_number import format_case_number, format_problem
from mediation_desk.domain.changes import Entity
from mediation_desk.domain.enums import MediatorKind, UnitKind
from mediation_desk.domain.issues import FieldIssue
from ui.widgets.contact_rows import enum_combo
from ui.widgets.field_box import FieldBox, MessageLabel
from ui.widgets.lazy_page import LazyPage
from ui.widgets.record_table import RecordTable, lay_out_under_table

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.errors import DeskError
    from mediation_desk.services.reference import UnitView
    from ui.context import AppContext

DEFAULT_FORMAT = "（{year}）X人调字第{seq}号"
_PREVIEW_STYLE = "color: #475467;"
_SAVED_STYLE = "color: #067647;"
#: The reference data this page shows.
_SHOWS = frozenset({Entity.CENTRE, Entity.UNIT, Entity.MEDIATOR})


def _issue(message: str) -> FieldIssue:
    return FieldIssue("form", "service", message)


class FormatField(FieldBox):
    """A case-number format input with its live example, or (in red) why it cannot be used.

    The text is kept exactly as typed: （） and 〔〕 are different characters, both in use."""

    def __init__(self, caption: str, year: int, parent: QWidget, *, text: str = "") -> None:
        super().__init__(caption, QLineEdit(text), parent, required=True)
        self.edit: QLineEdit = self.widget  # type: ignore[assignment]
        self.year = year
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # the clerk's text is echoed
        self.preview.setStyleSheet(_PREVIEW_STYLE)
        self.layout().addWidget(self.preview)
        self.edit.textChanged.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        fmt = self.edit.text()
        problem = format_problem(fmt) if self.edit.isEnabled() else None
        self.show_issue(FieldIssue("number_format", "number_format", problem) if problem else None)
        example = "" if problem or not fmt else format_case_number(fmt, self.year, 1)
        self.preview.setText(self.tr("示例：") + example if example else "")
        self.preview.setVisible(bool(example))


class CentreSetupView(QWidget):
    """Tabs for the centre, units and case numbers, mediators."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = ctx.ops.today().year
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_centre_tab(), self.tr("中心信息"))
        self.tabs.addTab(self._build_units_tab(), self.tr("受理单位与案号"))
        self.tabs.addTab(self._build_mediators_tab(), self.tr("调解员"))
        self.tabs.addTab(self._lazy_tab(self._places_view), self.tr("村（社区）"))
        self.tabs.addTab(self._lazy_tab(self._rooms_view), self.tr("调解室"))
        self.tabs.addTab(self._lazy_tab(self._mediator_settings_view), self.tr("调解员排班"))
        self.tabs.addTab(self._lazy_tab(self._document_settings_view), self.tr("文书设置"))
        self.tabs.addTab(self._lazy_tab(self._time_limit_targets_view), self.tr("办理时限"))
        self.tabs.addTab(self._lazy_tab(self._holidays_view), self.tr("节假日安排"))
        self.tabs.addTab(self._lazy_tab(self._follow_up_settings_view), self.tr("回访"))
        self.tabs.addTab(self._lazy_tab(self._retention_view), self.tr("卷宗保管期限"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        ctx.ops.changed.connect(self._on_ops_changed)  # this page's own changes too
        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _build_centre_tab(self) -> QWidget:
        page = QWidget(self)
        self.centre_name = QLineEdit(page)
        self.centre_name.setPlaceholderText(self.tr("如：越城区矛盾纠纷多元化解中心"))
        self.centre_address = QLineEdit(page)
        self.centre_phone = QLineEdit(page)
        self.centre_save = QPushButton(self.tr("保存"), page)
        self.centre_message = MessageLabel(page)
        self.centre_save.clicked.connect(self._on_centre_save_clicked)
        box = QGroupBox(self.tr("中心信息"), page)
        form = QVBoxLayout(box)
        form.addWidget(FieldBox(self.tr("中心名称"), self.centre_name, box, required=True))
        form.addWidget(FieldBox(self.tr("地址"), self.centre_address, box))
        form.addWidget(FieldBox(self.tr("电话"), self.centre_phone, box))
        form.addLayout(self._button_row(self.centre_save, self.centre_message))
        layout = QVBoxLayout(page)
        layout.addWidget(box)
        layout.addStretch(1)
        box.setMaximumWidth(640)
        return page

    def _build_units_tab(self) -> QWidget:
        page = QWidget(self)
        self.units_table = RecordTable(
            page, [self.tr("名称"), self.tr("类型"), self.tr("案号格式"), self.tr("示例")]
        )
        self.units_table.itemSelectionChanged.connect(self._on_units_table_selection_changed)
        hint = QLabel(
            self.tr(
                "案号格式中 {year} 为年份，{seq} 为当年序号，如“（{year}）越城人调字第{seq}号”。"
                "每个单位每年单独编号，不重号、不跳号。"
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(_PREVIEW_STYLE)

        add_box = QGroupBox(self.tr("新增受理单位"), page)
        self.unit_name = QLineEdit(add_box)
        self.unit_name.setPlaceholderText(self.tr("如：城南街道人民调解委员会"))
        self.unit_kind = enum_combo(UnitKind, add_box)
        self.unit_format_box = FormatField(
            self.tr("案号格式"), self.year, add_box, text=DEFAULT_FORMAT
        )
        self.unit_format = self.unit_format_box.edit
        self.unit_add = QPushButton(self.tr("添加"), add_box)
        self.unit_message = MessageLabel(add_box)
        self.unit_add.clicked.connect(self._on_unit_add_clicked)
        self.unit_name.returnPressed.connect(self._on_unit_add_clicked)
        add_form = QVBoxLayout(add_box)
        row = QHBoxLayout()
        row.addWidget(FieldBox(self.tr("名称"), self.unit_name, add_box, required=True), 3)
        row.addWidget(FieldBox(self.tr("类型"), self.unit_kind, add_box), 2)
        add_form.addLayout(row)
        add_form.addWidget(self.unit_format_box)
        add_form.addLayout(self._button_row(self.unit_add, self.unit_message))

        edit_box = QGroupBox(self.tr("修改案号格式"), page)
        self.edit_format_box = FormatField(self.tr("请先在上表中选择一个单位"), self.year, edit_box)
        self.edit_format = self.edit_format_box.edit
        self.edit_save = QPushButton(self.tr("保存格式"), edit_box)
        self.edit_message = MessageLabel(edit_box)
        self.edit_save.clicked.connect(self._on_edit_save_clicked)
        self.edit_format.returnPressed.connect(self._on_edit_save_clicked)
        self.edit_format.setEnabled(False)
        self.edit_save.setEnabled(False)
        edit_form = QVBoxLayout(edit_box)
        edit_form.addWidget(self.edit_format_box)
        edit_form.addLayout(self._button_row(self.edit_save, self.edit_message))
        edit_form.addStretch(1)

        lay_out_under_table(page, self.units_table, hint, [(add_box, 3), (edit_box, 2)])
        return page

    def _build_mediators_tab(self) -> QWidget:
        page = QWidget(self)
        self.mediators_table = RecordTable(
            page, [self.tr("姓名"), self.tr("类型"), self.tr("所属单位")]
        )
        box = QGroupBox(self.tr("新增调解员"), page)
        self.mediator_name = QLineEdit(box)
        self.mediator_kind = enum_combo(MediatorKind, box)
        self.mediator_unit = QComboBox(box)
        self.mediator_add = QPushButton(self.tr("添加"), box)
        self.mediator_message = MessageLabel(box)
        self.mediator_add.clicked.connect(self._on_mediator_add_clicked)
        self.mediator_name.returnPressed.connect(self._on_mediator_add_clicked)
        row = QHBoxLayout()
        row.addWidget(FieldBox(self.tr("姓名"), self.mediator_name, box, required=True), 2)
        row.addWidget(FieldBox(self.tr("类型"), self.mediator_kind, box), 2)
        row.addWidget(FieldBox(self.tr("所属单位"), self.mediator_unit, box), 3)
        form = QVBoxLayout(box)
        form.addLayout(row)
        form.addLayout(self._button_row(self.mediator_add, self.mediator_message))
        lay_out_under_table(page, self.mediators_table, box)
        return page

    def _lazy_tab(self, build: Callable[[], QWidget]) -> QWidget:
        return LazyPage(build, self)  # built when the tab is first shown

    def _places_view(self) -> QWidget:
        from ui.views.places_settings_view import PlacesSettingsView

        return PlacesSettingsView(self.ctx)

    def _rooms_view(self) -> QWidget:
        from ui.views.rooms_settings_view import RoomsSettingsView

        return RoomsSettingsView(self.ctx)

    def _document_settings_view(self) -> QWidget:
        from ui.views.document_settings_view import DocumentSettingsView

        return DocumentSettingsView(self.ctx)

    def _time_limit_targets_view(self) -> QWidget:
        from ui.views.time_limit_targets_view import TimeLimitTargetsView

        return TimeLimitTargetsView(self.ctx)

    def _follow_up_settings_view(self) -> QWidget:
        from ui.views.follow_up_settings_view import FollowUpSettingsView

        return FollowUpSettingsView(self.ctx)

    def _retention_view(self) -> QWidget:
        from ui.views.retention_settings_view import RetentionSettingsView

        return RetentionSettingsView(self.ctx)

    def _holidays_view(self) -> QWidget:
        from ui.views.holidays_settings_view import HolidaysSettingsView

        return HolidaysSettingsView(self.ctx)

    def _mediator_settings_view(self) -> QWidget:
        from ui.views.mediator_settings_view import MediatorSettingsView

        return MediatorSettingsView(self.ctx)

    def _button_row(self, button: QPushButton, message: MessageLabel) -> QHBoxLayout:
        row = QHBoxLayout()
        button.setMinimumWidth(110)  # not stretched across the form: it reads as a button
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(message, 1)
        return row

    # --- loading -----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Read the centre, units and mediators again; typed text stays."""
        from mediation_desk.services import reference

        centre, units, mediators = self.ctx.ops.read(
            lambda uow: (
                reference.get_centre(uow),
                reference.list_units(uow, active_only=False),
                reference.list_mediators(uow),
            )
        )
        if not self.centre_name.text().strip():
            self.centre_name.setText(centre.name)
            self.centre_address.setText(centre.address)
            self.centre_phone.setText(centre.phone)
        self._fill_units(units)
        names = {u.id: u.name for u in units}
        rows = [(m.id, [m.name, m.kind.label, names.get(m.unit_id or 0, "")]) for m in mediators]
        self.mediators_table.fill(rows)
        chosen = self.mediator_unit.currentData()
        self.mediator_unit.clear()
        for u in units:
            if u.active:
                self.mediator_unit.addItem(u.name, u.id)
        self.mediator_unit.addItem(self.tr("（不指定单位）"), None)
        if chosen is not None and (i := self.mediator_unit.findData(chosen)) >= 0:
            self.mediator_unit.setCurrentIndex(i)

    def _fill_units(self, units: list[UnitView]) -> None:
        self.units_table.fill([(u.id, self._unit_cells(u)) for u in units])  # the edit stays
        if self.selected_unit_id() is None:
            self._on_units_table_selection_changed()

    def _unit_cells(self, unit: UnitView) -> list[str]:
        name = unit.name if unit.active else self.tr("{0}（已停用）").format(unit.name)
        return [name, unit.kind.label, unit.number_format, self._example(unit.number_format)]

    def _example(self, fmt: str) -> str:
        return "" if format_problem(fmt) else format_case_number(fmt, self.year, 1)

    def selected_unit_id(self) -> int | None:
        return self.units_table.selected_id()

    # --- editing a unit's format -------------------------------------------------------------

    @Slot()
    def _on_units_table_selection_changed(self) -> None:
        self.edit_message.show_issue(None)
        row = self.units_table.selected_row()
        enabled = row >= 0
        self.edit_format.setEnabled(enabled)
        self.edit_save.setEnabled(enabled)
        name = self.units_table.item(row, 0).text() if enabled else ""
        self.edit_format_box.caption.setText(
            self.tr("“{0}”的案号格式").format(name)
            if enabled
            else self.tr("请先在上表中选择一个单位")
        )
        self.edit_format.setText(self.units_table.item(row, 2).text() if enabled else "")
        self.edit_format_box.refresh()

    # --- actions -----------------------------------------------------------------------------

    def _run(
        self,
        message: MessageLabel,
        button: QPushButton,
        fn: Callable[[Any], object],
        on_success: Callable[[Any], None] | None = None,
    ) -> None:
        """Run ``fn`` (given the unit of work); a refusal is shown in ``message``, beside the
        form, and the typed text stays. The page reads again from ``ctx.ops.changed``."""
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

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.reference & _SHOWS:
            self.reload()

    @Slot()
    def _on_centre_save_clicked(self) -> None:
        from mediation_desk.services.reference import set_centre

        name = self.centre_name.text()
        address, phone = self.centre_address.text().strip(), self.centre_phone.text().strip()
        self._run(
            self.centre_message,
            self.centre_save,
            lambda uow: set_centre(uow, name=name, address=address, phone=phone),
            self._on_centre_saved,
        )

    def _on_centre_saved(self, _none: None) -> None:
        self.centre_message.setStyleSheet(_SAVED_STYLE)  # a quiet confirmation
        self.centre_message.setText(self.tr("✔ 已保存"))
        self.centre_message.show()

    @Slot()
    def _on_unit_add_clicked(self) -> None:
        from mediation_desk.services.reference import create_unit

        name, kind, fmt = (
            self.unit_name.text(),
            self.unit_kind.currentData(),
            self.unit_format.text(),
        )
        self._run(
            self.unit_message,
            self.unit_add,
            lambda uow: create_unit(uow, name=name, kind=kind, number_format=fmt),
            self._on_unit_added,
        )

    def _on_unit_added(self, _unit: UnitView) -> None:
        self.unit_name.clear()
        self.unit_format.setText(DEFAULT_FORMAT)

    @Slot()
    def _on_edit_save_clicked(self) -> None:
        from mediation_desk.services.reference import set_unit_number_format

        if (unit_id := self.selected_unit_id()) is not None:
            fmt = self.edit_format.text()
            self._run(
                self.edit_message,
                self.edit_save,
                lambda uow: set_unit_number_format(uow, unit_id=unit_id, number_format=fmt),
            )

    @Slot()
    def _on_mediator_add_clicked(self) -> None:
        from mediation_desk.services.reference import create_mediator

        name, kind = self.mediator_name.text(), self.mediator_kind.currentData()
        unit_id = self.mediator_unit.currentData()
        self._run(
            self.mediator_message,
            self.mediator_add,
            lambda uow: create_mediator(uow, name=name, kind=kind, unit_id=unit_id),
            lambda _mediator: self.mediator_name.clear(),
        )
