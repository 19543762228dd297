"""中心设置 › 调解员排班: each mediator's specialties, languages, daily maximum, weekly
availability, leave, and recusals (a mediator related to a party must not mediate for them)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.scheduling.model import COMMON_LANGUAGES
from mediation_desk.services import mediator_profiles
from ui.views.record_page import PeriodCalls, RecordPage
from ui.widgets.dated_periods import DatedPeriodsEditor, Period, PeriodTexts
from ui.widgets.field_box import FieldBox
from ui.widgets.record_table import lay_out_under_table
from ui.widgets.weekly_hours import WeeklyHoursEditor

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.services.mediator_profiles import LeaveView, ProfileView
    from mediation_desk.services.reference import DisputeTypeView
    from ui.context import AppContext

_ID = Qt.ItemDataRole.UserRole
#: A mediator's leave, in whole days.
_LEAVE_CALLS = PeriodCalls(
    mediator_profiles.add_leave,
    mediator_profiles.remove_leave,
    "mediator_id",
    "leave_id",
    ("first_day", "last_day"),
)


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


class MediatorSettingsView(RecordPage):
    shows = frozenset({Entity.MEDIATOR, Entity.UNIT, Entity.RECUSAL})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from mediation_desk.services.reference import list_dispute_types

        super().__init__(ctx, parent)
        types = ctx.ops.read(list_dispute_types)
        self.type_names = {t.code: t.name for t in types}
        self.table.set_headers(
            [
                self.tr("姓名"),
                self.tr("类型"),
                self.tr("所属单位"),
                self.tr("擅长"),
                self.tr("语言"),
                self.tr("每日上限"),
            ]
        )
        self.title = QLabel(self.tr("请在上表中选择一位调解员"), self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_profile_tab(types), self.tr("擅长、语言与值班"))
        self.tabs.addTab(self._build_leave_tab(), self.tr("请假"))
        self.tabs.addTab(self._build_recusal_tab(), self.tr("回避"))
        lay_out_under_table(
            self, self.table, self.title, (self.tabs, 3), self.message, table_stretch=2
        )
        self.reload()

    # ----- building ------------------------------------------------------------------------

    def _build_profile_tab(self, types: list[DisputeTypeView]) -> QWidget:
        page = QWidget(self)
        self.specialties = _checkable(page, [(t.code, t.name) for t in types])
        self.languages = _checkable(page, [(x, x) for x in COMMON_LANGUAGES])
        self.other_languages = QLineEdit(page)
        self.other_languages.setPlaceholderText(self.tr("其他语言或方言，用顿号分隔"))
        self.max_per_day = QSpinBox(page)
        self.max_per_day.setRange(0, 20)
        self.max_per_day.setSpecialValueText(self.tr("不限"))
        self.always = QCheckBox(self.tr("调解室开放时均可值班"), page)
        self.always.toggled.connect(self._on_always_toggled)
        self.avail = WeeklyHoursEditor(
            self.tr("值班时间（如 09:00-12:00；留空为不值班）"), self.tr("不值班"), page
        )
        self.save = QPushButton(self.tr("保存"), page)
        self.save.clicked.connect(self._on_save_clicked)
        right = QVBoxLayout()
        right.addWidget(FieldBox(self.tr("每日最多场次"), self.max_per_day, page))
        right.addWidget(self.always)
        right.addWidget(self.avail)
        right.addWidget(self.save, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)
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
        self.leave = DatedPeriodsEditor(
            PeriodTexts(
                reason=self.tr("事由"),
                reason_hint=self.tr("如：年休假、外出培训"),
                add=self.tr("登记请假"),
                remove=self.tr("撤销所选"),
            ),
            page,
            with_time=False,
            form_beside=True,
        )
        self.leave.offer_day(self.ctx.ops.today())
        self.use_periods(self.leave, _LEAVE_CALLS, added=self.tr("✔ 已登记请假"))
        QVBoxLayout(page).addWidget(self.leave)
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

    # ----- the page's records --------------------------------------------------------------

    def load(self) -> list[ProfileView]:
        return self.ctx.ops.read(mediator_profiles.list_profiles)

    def record_id(self, record: ProfileView) -> int:
        return record.mediator_id

    def cells(self, record: ProfileView) -> list[str]:
        return [
            record.name,
            record.kind.label,
            record.unit_name,
            "、".join(self.type_names.get(c, c) for c in record.specialties),
            "、".join(record.languages),
            str(record.max_per_day) if record.max_per_day else self.tr("不限"),
        ]

    def form_values(self, record: ProfileView) -> object:
        return dataclasses.replace(record, leave=())  # leave is not typed in the profile form

    def show_record(self, record: ProfileView | None, *, refill: bool) -> None:
        self.tabs.setEnabled(record is not None)
        if record is None:
            self.title.setText(self.tr("请在上表中选择一位调解员"))
            return
        self.title.setText(self.tr("调解员：{0}（{1}）").format(record.name, record.kind.label))
        if refill:
            self._fill_profile(record)
        self.leave.set_periods(_periods(record.leave))
        mediator_id = record.mediator_id
        recusals = self.ctx.ops.read(
            lambda uow: mediator_profiles.mediator_recusals(uow, mediator_id)
        )
        self.recusals.clear()
        for r in recusals:
            self.recusals.addItem(self.tr("{0}：{1}").format(r.party_name, r.reason))

    def _fill_profile(self, p: ProfileView) -> None:
        _set_checked(self.specialties, set(p.specialties))
        _set_checked(self.languages, set(p.languages))
        self.other_languages.setText("、".join(x for x in p.languages if x not in COMMON_LANGUAGES))
        self.max_per_day.setValue(p.max_per_day)
        self.always.setChecked(p.availability is None)
        self.avail.set_hours(p.availability or {})
        self.avail.setEnabled(p.availability is not None)

    def selected_mediator_id(self) -> int | None:
        return self.table.selected_id()

    def select_mediator(self, mediator_id: int) -> None:
        self.table.select_id(mediator_id)

    # ----- saving --------------------------------------------------------------------------

    @Slot(bool)
    def _on_always_toggled(self, always: bool) -> None:
        self.avail.setEnabled(not always)

    @Slot()
    def _on_save_clicked(self) -> None:
        p = self.chosen()
        if p is None:
            return
        availability = None
        if not self.always.isChecked():
            availability = self.avail.hours()
            if availability is None:  # the reason is shown beside the hours
                self.say("")
                return
        extra = [x.strip() for x in self.other_languages.text().replace(",", "、").split("、")]
        mediator_id, name = p.mediator_id, p.name
        specialties = _checked(self.specialties)
        languages = _checked(self.languages) + [x for x in extra if x]
        max_per_day = self.max_per_day.value()
        self.run(
            lambda uow: mediator_profiles.save_profile(
                uow,
                mediator_id=mediator_id,
                specialties=specialties,
                languages=languages,
                max_per_day=max_per_day,
                availability=availability,
            ),
            busy=self.tr("正在保存排班资料…"),
            button=self.save,
            on_success=lambda _p: self.say(self.tr("✔ 已保存{0}的排班资料").format(name)),
        )

    @Slot()
    def _on_recusal_case_entered(self) -> None:
        from mediation_desk.services.cases import get_case
        from mediation_desk.services.search import search_cases

        query = self.recusal_case.text()

        def found(uow: Any) -> CaseDetail | None:  # the unit of work, on ctx.ops
            hits = search_cases(uow, query, limit=1)
            return get_case(uow, hits[0].case_id) if hits else None

        self.recusal_party.clear()
        detail = self.ctx.ops.read(found)
        if detail is None:
            self.say(self.tr("没有找到该案件"), ok=False)
            return
        for party in detail.parties:
            self.recusal_party.addItem(
                self.tr("{0}　{1}").format(detail.number, party.name), party.id
            )
        self.say("")

    @Slot()
    def _on_recusal_add_clicked(self) -> None:
        p = self.chosen()
        party_id = self.recusal_party.currentData()
        if p is None or party_id is None:
            self.say(self.tr("请先查找案件并选择当事人"), ok=False)
            return
        mediator_id, reason = p.mediator_id, self.recusal_reason.text()
        self.run(
            lambda uow: mediator_profiles.add_recusal(
                uow, mediator_id=mediator_id, party_id=party_id, reason=reason
            ),
            busy=self.tr("正在登记回避…"),
            button=self.recusal_add,
            on_success=self._on_recusal_added,
        )

    def _on_recusal_added(self, _recusal: object) -> None:
        self.recusal_reason.clear()
        self.say(self.tr("✔ 已登记回避"))


def _periods(leave: tuple[LeaveView, ...]) -> list[Period]:
    return [Period(lv.id, lv.first_day, lv.last_day, lv.reason) for lv in leave]
