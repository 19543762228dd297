"""The "中心设置" page: the centre, its handling units and case-number formats, mediators,
operators. Every change goes through ``mediation_desk.services.reference``; errors are shown
beside the form that caused them and the typed text stays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_number import format_case_number, format_problem
from mediation_desk.domain.enums import MediatorKind, UnitKind
from mediation_desk.domain.issues import FieldIssue
from ui.widgets.contact_rows import enum_combo
from ui.widgets.field_box import FieldBox, MessageLabel
from ui.widgets.lazy_page import LazyPage

if TYPE_CHECKING:
    from mediation_desk.services.reference import UnitView
    from ui.context import AppContext

DEFAULT_FORMAT = "（{year}）X人调字第{seq}号"
_PREVIEW_STYLE = "color: #475467;"
_SAVED_STYLE = "color: #067647;"
_ID_ROLE = Qt.ItemDataRole.UserRole


def _read_only_table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
    """Replace the rows; the id of each row is kept on its first cell."""
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == 0:
                item.setData(_ID_ROLE, row_id)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


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
    """Tabs for the centre, units and case numbers, mediators, operators."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = dt.date.today().year
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_centre_tab(), self.tr("中心信息"))
        self.tabs.addTab(self._build_units_tab(), self.tr("受理单位与案号"))
        self.tabs.addTab(self._build_mediators_tab(), self.tr("调解员"))
        self.tabs.addTab(self._build_operators_tab(), self.tr("操作员"))
        self.tabs.addTab(self._lazy_tab(self._rooms_view), self.tr("调解室"))
        self.tabs.addTab(self._lazy_tab(self._mediator_settings_view), self.tr("调解员排班"))
        self.tabs.addTab(self._lazy_tab(self._document_settings_view), self.tr("文书设置"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        # Other views (and this one) announce reference changes: refresh on every one.
        ctx.changes.reference_changed.connect(self.reload)
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
        self.units_table = _read_only_table(
            [self.tr("名称"), self.tr("类型"), self.tr("案号格式"), self.tr("示例")], page
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

        forms = QHBoxLayout()
        forms.addWidget(add_box, 3)
        forms.addWidget(edit_box, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(self.units_table, 1)
        layout.addWidget(hint)
        layout.addLayout(forms)
        return page

    def _build_mediators_tab(self) -> QWidget:
        page = QWidget(self)
        self.mediators_table = _read_only_table(
            [self.tr("姓名"), self.tr("类型"), self.tr("所属单位")], page
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
        layout = QVBoxLayout(page)
        layout.addWidget(self.mediators_table, 1)
        layout.addWidget(box)
        return page

    def _build_operators_tab(self) -> QWidget:
        page = QWidget(self)
        self.operators_table = _read_only_table([self.tr("姓名")], page)
        box = QGroupBox(self.tr("新增操作员"), page)
        self.operator_name = QLineEdit(box)
        self.operator_add = QPushButton(self.tr("添加"), box)
        self.operator_message = MessageLabel(box)
        self.operator_add.clicked.connect(self._on_operator_add_clicked)
        self.operator_name.returnPressed.connect(self._on_operator_add_clicked)
        form = QVBoxLayout(box)
        form.addWidget(FieldBox(self.tr("姓名"), self.operator_name, box, required=True))
        form.addLayout(self._button_row(self.operator_add, self.operator_message))
        side = QVBoxLayout()  # a one-column list needs no full width: the form sits beside it
        side.addWidget(box)
        side.addStretch(1)
        layout = QHBoxLayout(page)
        layout.addWidget(self.operators_table, 1)
        layout.addLayout(side, 1)
        return page

    def _lazy_tab(self, build: Callable[[], QWidget]) -> QWidget:
        return LazyPage(build, self)  # built when the tab is first shown

    def _rooms_view(self) -> QWidget:
        from ui.views.rooms_settings_view import RoomsSettingsView

        return RoomsSettingsView(self.ctx)

    def _document_settings_view(self) -> QWidget:
        from ui.views.document_settings_view import DocumentSettingsView

        return DocumentSettingsView(self.ctx)

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
        """Read the centre, units, mediators and operators again; typed text stays."""
        from mediation_desk.services import reference

        db = self.ctx.db
        if not self.centre_name.text().strip():
            centre = reference.get_centre(db)
            self.centre_name.setText(centre.name)
            self.centre_address.setText(centre.address)
            self.centre_phone.setText(centre.phone)
        units = reference.list_units(db, active_only=False)
        self._fill_units(units)
        names = {u.id: u.name for u in units}
        mediators = reference.list_mediators(db)
        rows = [(m.id, [m.name, m.kind.label, names.get(m.unit_id or 0, "")]) for m in mediators]
        _fill(self.mediators_table, rows)
        chosen = self.mediator_unit.currentData()
        self.mediator_unit.clear()
        for u in units:
            if u.active:
                self.mediator_unit.addItem(u.name, u.id)
        self.mediator_unit.addItem(self.tr("（不指定单位）"), None)
        if chosen is not None and (i := self.mediator_unit.findData(chosen)) >= 0:
            self.mediator_unit.setCurrentIndex(i)
        _fill(self.operators_table, [(o.id, [o.name]) for o in reference.list_operators(db)])

    def _fill_units(self, units: list[UnitView]) -> None:
        selected = self.selected_unit_id()
        self.units_table.blockSignals(True)  # keep the clerk's edit while the rows are rebuilt
        _fill(self.units_table, [(u.id, self._unit_cells(u)) for u in units])
        self.units_table.clearSelection()
        for r in range(self.units_table.rowCount()):
            if self.units_table.item(r, 0).data(_ID_ROLE) == selected:
                self.units_table.selectRow(r)
        self.units_table.blockSignals(False)
        if self.selected_unit_id() is None:
            self._on_units_table_selection_changed()

    def _unit_cells(self, unit: UnitView) -> list[str]:
        name = unit.name if unit.active else self.tr("%1（已停用）").replace("%1", unit.name)
        return [name, unit.kind.label, unit.number_format, self._example(unit.number_format)]

    def _example(self, fmt: str) -> str:
        return "" if format_problem(fmt) else format_case_number(fmt, self.year, 1)

    def selected_unit_id(self) -> int | None:
        row = self._selected_row()
        return None if row < 0 else self.units_table.item(row, 0).data(_ID_ROLE)

    def _selected_row(self) -> int:
        rows = self.units_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    # --- editing a unit's format -------------------------------------------------------------

    @Slot()
    def _on_units_table_selection_changed(self) -> None:
        self.edit_message.show_issue(None)
        row = self._selected_row()
        enabled = row >= 0
        self.edit_format.setEnabled(enabled)
        self.edit_save.setEnabled(enabled)
        name = self.units_table.item(row, 0).text() if enabled else ""
        self.edit_format_box.caption.setText(
            self.tr("“%1”的案号格式").replace("%1", name)
            if enabled
            else self.tr("请先在上表中选择一个单位")
        )
        self.edit_format.setText(self.units_table.item(row, 2).text() if enabled else "")
        self.edit_format_box.refresh()

    # --- actions -----------------------------------------------------------------------------

    def _run(self, message: MessageLabel, call: Callable[..., object], **kw: object) -> bool:
        """Call ``call(db, actor, **kw)`` (no actor when ``kw["actor"]`` is False); show its
        error beside the form, keeping the typed text, or announce the change."""
        from mediation_desk.errors import DeskError

        message.show_issue(None)
        args: list[object] = [self.ctx.db]
        if kw.pop("actor", True):
            if self.ctx.actor is None:
                message.show_issue(_issue(self.tr("请先选择操作员")))
                return False
            args.append(self.ctx.actor)
        try:
            call(*args, **kw)
        except DeskError as error:
            message.show_issue(_issue(error.message))
            return False
        self.ctx.changes.reference_changed.emit()  # reloads this view too
        return True

    @Slot()
    def _on_centre_save_clicked(self) -> None:
        from mediation_desk.services import reference

        address, phone = self.centre_address.text().strip(), self.centre_phone.text().strip()
        form = {"name": self.centre_name.text(), "address": address, "phone": phone}
        if self._run(self.centre_message, reference.set_centre, **form):
            self.centre_message.setStyleSheet(_SAVED_STYLE)  # a quiet confirmation
            self.centre_message.setText(self.tr("✔ 已保存"))
            self.centre_message.show()

    @Slot()
    def _on_unit_add_clicked(self) -> None:
        from mediation_desk.services import reference

        name, kind = self.unit_name.text(), self.unit_kind.currentData()
        form = {"name": name, "kind": kind, "number_format": self.unit_format.text()}
        if self._run(self.unit_message, reference.create_unit, **form):
            self.unit_name.clear()
            self.unit_format.setText(DEFAULT_FORMAT)

    @Slot()
    def _on_edit_save_clicked(self) -> None:
        from mediation_desk.services import reference

        if (unit_id := self.selected_unit_id()) is not None:
            form = {"unit_id": unit_id, "number_format": self.edit_format.text()}
            self._run(self.edit_message, reference.set_unit_number_format, **form)

    @Slot()
    def _on_mediator_add_clicked(self) -> None:
        from mediation_desk.services import reference

        name, kind = self.mediator_name.text(), self.mediator_kind.currentData()
        form = {"name": name, "kind": kind, "unit_id": self.mediator_unit.currentData()}
        if self._run(self.mediator_message, reference.create_mediator, **form):
            self.mediator_name.clear()

    @Slot()
    def _on_operator_add_clicked(self) -> None:
        from mediation_desk.services import reference

        name = self.operator_name.text()
        if self._run(self.operator_message, reference.create_operator, actor=False, name=name):
            self.operator_name.clear()
