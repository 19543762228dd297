"""中心设置 › 调解员排班: each mediator's specialties, languages, daily maximum, weekly
availability, leave, and recusals (a mediator related to a party must not mediate for them)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
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
    QVBoxLayout,
    QWidget,
)

from mediation_desk.scheduling.intervals import format_ranges, parse_ranges
from mediation_desk.scheduling.model import COMMON_LANGUAGES
from mediation_desk.scheduling.rules import WEEKDAYS_ZH
from ui.widgets.field_box import ERROR_STYLE, OK_STYLE, FieldBox

if TYPE_CHECKING:
    from mediation_desk.services.mediator_profiles import ProfileView
    from ui.context import AppContext

_ID = Qt.ItemDataRole.UserRole


def _checkable(parent: QWidget, items: list[tuple[str, str]]) -> QListWidget:
    box = QListWidget(parent)
    for value, label in items:
        item = QListWidgetItem(label, box)
        item.setData(_ID, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    return box


def _checked(box: QListWidget) -> list[str]:
    return [
        box.item(i).data(_ID)
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    ]


def _set_checked(box: QListWidget, values: set[str]) -> None:
    for i in range(box.count()):
        item = box.item(i)
        on = item.data(_ID) in values
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class MediatorSettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from mediation_desk.services import reference

        super().__init__(parent)
        self.ctx = ctx
        self.profiles: list[ProfileView] = []
        types = reference.list_dispute_types(ctx.db)
        self.type_names = {t.code: t.name for t in types}

        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("姓名"),
                self.tr("类型"),
                self.tr("所属单位"),
                self.tr("擅长"),
                self.tr("语言"),
                self.tr("每日上限"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)

        self.title = QLabel(self.tr("请在上表中选择一位调解员"), self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_profile_tab(types), self.tr("擅长、语言与值班"))
        self.tabs.addTab(self._build_leave_tab(), self.tr("请假"))
        self.tabs.addTab(self._build_recusal_tab(), self.tr("回避"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.message)
        ctx.changes.reference_changed.connect(self.reload)
        self.reload()

    # ----- building ------------------------------------------------------------------------

    def _build_profile_tab(self, types: list) -> QWidget:  # type: ignore[type-arg]
        page = QWidget(self)
        self.specialties = _checkable(page, [(t.code, t.name) for t in types])
        self.languages = _checkable(page, [(x, x) for x in COMMON_LANGUAGES])
        self.other_languages = QLineEdit(page)
        self.other_languages.setPlaceholderText(self.tr("其他语言或方言，用顿号分隔"))
        self.max_per_day = QSpinBox(page)
        self.max_per_day.setRange(0, 20)
        self.max_per_day.setSpecialValueText(self.tr("不限"))
        self.always = QCheckBox(self.tr("调解室开放时均可值班"), page)
        self.always.toggled.connect(lambda on: [e.setEnabled(not on) for e in self.avail])
        self.avail: list[QLineEdit] = []
        grid = QGridLayout()
        for wd, label in enumerate(WEEKDAYS_ZH):
            edit = QLineEdit(page)
            edit.setPlaceholderText(self.tr("不值班"))
            self.avail.append(edit)
            grid.addWidget(QLabel(label, page), wd, 0)
            grid.addWidget(edit, wd, 1)
        self.save = QPushButton(self.tr("保存"), page)
        self.save.clicked.connect(self._on_save_clicked)
        right = QVBoxLayout()
        right.addWidget(FieldBox(self.tr("每日最多场次"), self.max_per_day, page))
        right.addWidget(self.always)
        right.addLayout(grid)
        right.addWidget(self.save, 0, Qt.AlignmentFlag.AlignLeft)
        langs = QVBoxLayout()
        langs.addWidget(FieldBox(self.tr("语言"), self.languages, page), 1)
        langs.addWidget(self.other_languages)
        row = QHBoxLayout(page)
        row.addWidget(FieldBox(self.tr("擅长纠纷类型"), self.specialties, page), 2)
        row.addLayout(langs, 1)
        row.addLayout(right, 2)
        return page

    def _build_leave_tab(self) -> QWidget:
        page = QWidget(self)
        self.leave = QListWidget(page)
        self.leave_from = QDateEdit(page)
        self.leave_to = QDateEdit(page)
        for w in (self.leave_from, self.leave_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setDate(QDate(dt.date.today()))
        self.leave_reason = QLineEdit(page)
        self.leave_reason.setPlaceholderText(self.tr("如：年休假、外出培训"))
        self.leave_add = QPushButton(self.tr("登记请假"), page)
        self.leave_remove = QPushButton(self.tr("撤销所选"), page)
        self.leave_add.clicked.connect(self._on_leave_add_clicked)
        self.leave_remove.clicked.connect(self._on_leave_remove_clicked)
        form = QVBoxLayout()
        form.addWidget(FieldBox(self.tr("自"), self.leave_from, page))
        form.addWidget(FieldBox(self.tr("至"), self.leave_to, page))
        form.addWidget(FieldBox(self.tr("事由"), self.leave_reason, page))
        form.addWidget(self.leave_add)
        form.addWidget(self.leave_remove)
        form.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(self.leave, 2)
        row.addLayout(form, 1)
        return page

    def _build_recusal_tab(self) -> QWidget:
        page = QWidget(self)
        self.recusals = QListWidget(page)
        self.recusal_case = QLineEdit(page)
        self.recusal_case.setPlaceholderText(self.tr("案号或当事人姓名，回车查找"))
        self.recusal_case.returnPressed.connect(self._on_recusal_case_entered)
        self.recusal_party = QComboBox(page)
        self.recusal_reason = QLineEdit(page)
        self.recusal_reason.setPlaceholderText(self.tr("如：申请人之兄；曾代理该当事人"))
        self.recusal_add = QPushButton(self.tr("登记回避"), page)
        self.recusal_add.clicked.connect(self._on_recusal_add_clicked)
        form = QVBoxLayout()
        form.addWidget(FieldBox(self.tr("案件"), self.recusal_case, page))
        form.addWidget(FieldBox(self.tr("当事人"), self.recusal_party, page))
        form.addWidget(FieldBox(self.tr("回避理由"), self.recusal_reason, page, required=True))
        form.addWidget(self.recusal_add)
        form.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(self.recusals, 2)
        row.addLayout(form, 1)
        return page

    # ----- loading -------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services import mediator_profiles

        selected = self.selected_mediator_id()
        self.profiles = mediator_profiles.list_profiles(self.ctx.db)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.profiles))
        for r, p in enumerate(self.profiles):
            cells = [
                p.name,
                p.kind.label,
                p.unit_name,
                "、".join(self.type_names.get(c, c) for c in p.specialties),
                "、".join(p.languages),
                str(p.max_per_day) if p.max_per_day else self.tr("不限"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 0:
                    item.setData(_ID, p.mediator_id)
                self.table.setItem(r, c, item)
            if p.mediator_id == selected:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self._on_table_selection_changed()

    def selected_mediator_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(_ID) if rows else None

    def select_mediator(self, mediator_id: int) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(_ID) == mediator_id:
                self.table.selectRow(r)

    def _profile(self) -> ProfileView | None:
        mid = self.selected_mediator_id()
        return next((p for p in self.profiles if p.mediator_id == mid), None)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        from mediation_desk.services import mediator_profiles

        p = self._profile()
        self.tabs.setEnabled(p is not None)
        if p is None:
            self.title.setText(self.tr("请在上表中选择一位调解员"))
            return
        self.title.setText(self.tr("调解员：{n}（{k}）").format(n=p.name, k=p.kind.label))
        _set_checked(self.specialties, set(p.specialties))
        _set_checked(self.languages, set(p.languages))
        self.other_languages.setText("、".join(x for x in p.languages if x not in COMMON_LANGUAGES))
        self.max_per_day.setValue(p.max_per_day)
        self.always.setChecked(p.availability is None)
        for wd, edit in enumerate(self.avail):
            edit.setText(format_ranges((p.availability or {}).get(wd, ())))
            edit.setEnabled(p.availability is not None)
        self.leave.clear()
        for lv in p.leave:
            item = QListWidgetItem(
                f"{lv.first_day:%Y-%m-%d} 至 {lv.last_day:%Y-%m-%d}　{lv.reason}"
            )
            item.setData(_ID, lv.id)
            self.leave.addItem(item)
        self.recusals.clear()
        for r in mediator_profiles.mediator_recusals(self.ctx.db, p.mediator_id):
            self.recusals.addItem(f"{r.party_name}：{r.reason}")

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # ----- saving --------------------------------------------------------------------------

    @Slot()
    def _on_save_clicked(self) -> bool:
        from mediation_desk.errors import DeskError
        from mediation_desk.services import mediator_profiles

        p = self._profile()
        if p is None:
            return False
        try:
            availability = (
                None
                if self.always.isChecked()
                else {wd: parse_ranges(e.text()) for wd, e in enumerate(self.avail)}
            )
        except ValueError as error:
            self._say(str(error), ERROR_STYLE)
            return False
        extra = [x.strip() for x in self.other_languages.text().replace(",", "、").split("、")]
        try:
            mediator_profiles.save_profile(
                self.ctx.db,
                self.ctx.require_actor(),
                mediator_id=p.mediator_id,
                specialties=_checked(self.specialties),
                languages=_checked(self.languages) + [x for x in extra if x],
                max_per_day=self.max_per_day.value(),
                availability=availability,
            )
        except DeskError as error:
            self._say(error.message, ERROR_STYLE)
            return False
        self.reload()
        self._say(self.tr("✔ 已保存{n}的排班资料").format(n=p.name), OK_STYLE)
        return True

    @Slot()
    def _on_leave_add_clicked(self) -> None:
        from mediation_desk.errors import DeskError
        from mediation_desk.services import mediator_profiles

        p = self._profile()
        if p is None:
            return
        try:
            mediator_profiles.add_leave(
                self.ctx.db,
                self.ctx.require_actor(),
                mediator_id=p.mediator_id,
                first_day=self.leave_from.date().toPython(),
                last_day=self.leave_to.date().toPython(),
                reason=self.leave_reason.text(),
            )
        except DeskError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self.leave_reason.clear()
        self.reload()
        self._say(self.tr("✔ 已登记请假"), OK_STYLE)

    @Slot()
    def _on_leave_remove_clicked(self) -> None:
        from mediation_desk.services import mediator_profiles

        item = self.leave.currentItem()
        if item is not None:
            mediator_profiles.remove_leave(
                self.ctx.db, self.ctx.require_actor(), leave_id=item.data(_ID)
            )
            self.reload()

    @Slot()
    def _on_recusal_case_entered(self) -> None:
        from mediation_desk.services import cases, search

        self.recusal_party.clear()
        hits = search.search_cases(self.ctx.db, self.recusal_case.text(), limit=1)
        if not hits:
            self._say(self.tr("没有找到该案件"), ERROR_STYLE)
            return
        detail = cases.get_case(self.ctx.db, hits[0].case_id)
        for party in detail.parties:
            self.recusal_party.addItem(f"{detail.number}　{party.name}", party.id)
        self._say("", "")

    @Slot()
    def _on_recusal_add_clicked(self) -> None:
        from mediation_desk.errors import DeskError
        from mediation_desk.services import mediator_profiles

        p = self._profile()
        party_id = self.recusal_party.currentData()
        if p is None or party_id is None:
            self._say(self.tr("请先查找案件并选择当事人"), ERROR_STYLE)
            return
        try:
            mediator_profiles.add_recusal(
                self.ctx.db,
                self.ctx.require_actor(),
                mediator_id=p.mediator_id,
                party_id=party_id,
                reason=self.recusal_reason.text(),
            )
        except DeskError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self.recusal_reason.clear()
        self.reload()
        self._say(self.tr("✔ 已登记回避"), OK_STYLE)
