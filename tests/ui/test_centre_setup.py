"""The 中心设置 page: units and their case-number formats, mediators (pytest-qt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.enums import MediatorKind, UnitKind
from mediation_desk.services import reference
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import two_party_draft
from ui.context import AppContext
from ui.views.centre_setup_view import DEFAULT_FORMAT, CentreSetupView

if TYPE_CHECKING:
    from mediation_desk.db.database import Database
    from tests.conftest import Centre

YEAR = dt.date.today().year
UNITS_TAB, MEDIATORS_TAB = 1, 2


@pytest.fixture
def view(qtbot: QtBot, ctx: AppContext) -> CentreSetupView:
    widget = CentreSetupView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _click(qtbot: QtBot, button: QPushButton) -> None:
    """Click, and let the window hear how the action ended (delivered through the event loop)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(1)


def _select_unit(view: CentreSetupView, name: str) -> None:
    row = next(r for r, cells in enumerate(_rows(view.units_table)) if cells[0] == name)
    view.units_table.selectRow(row)


def test_units_table_lists_seeded_units_with_examples(view: CentreSetupView) -> None:
    assert _rows(view.units_table) == [
        [
            "综合受理窗口",
            "综合受理窗口",
            "（{year}）测矛调登字第{seq}号",
            f"（{YEAR}）测矛调登字第1号",
        ],
        [
            "城南街道人民调解委员会",
            "街道人民调解委员会",
            "（{year}）城南人调字第{seq}号",
            f"（{YEAR}）城南人调字第1号",
        ],
        [
            "交通事故纠纷人民调解委员会",
            "行业性专业性人民调解委员会",
            "测交调〔{year}〕{seq}号",
            f"测交调〔{YEAR}〕1号",
        ],
    ]


def test_centre_name_is_shown_and_saved(
    qtbot: QtBot, view: CentreSetupView, ctx: AppContext, sqlite_db: Database
) -> None:
    assert view.centre_name.text() == "测试区矛盾纠纷多元化解中心"
    view.centre_name.setText("越城区矛盾纠纷多元化解中心")
    view.centre_address.setText("绍兴市越城区人民东路1号")
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.centre_save)
    assert run(sqlite_db, reference.get_centre).name == "越城区矛盾纠纷多元化解中心"
    assert "已保存" in view.centre_message.text()

    view.centre_name.setText("  ")
    _click(qtbot, view.centre_save)
    assert view.centre_message.text() == "✖ 请填写中心名称"
    assert run(sqlite_db, reference.get_centre).name == "越城区矛盾纠纷多元化解中心"
    assert view.centre_name.text() == "  "  # what was typed stays
    assert ctx.ops.shown.messages == []  # said beside the form, not in a message box


def test_live_preview_follows_the_format(view: CentreSetupView) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    box = view.unit_format_box
    assert view.unit_format.text() == DEFAULT_FORMAT
    assert box.preview.text() == f"示例：（{YEAR}）X人调字第1号"
    assert box.preview.isVisible() and not box.message.isVisible()

    view.unit_format.setText("第{seq}号")
    assert box.message.isVisible()
    assert box.message.text() == "✖ 案号格式必须包含 {year}（年份）和 {seq}（序号）"
    assert not box.preview.isVisible()

    view.unit_format.setText("东调〔{year}〕{seq}号")  # 〔〕 kept as typed, not turned into （）
    assert box.preview.text() == f"示例：东调〔{YEAR}〕1号"
    assert not box.message.isVisible()


def test_bad_format_is_refused_and_the_input_stays(
    qtbot: QtBot, view: CentreSetupView, ctx: AppContext, sqlite_db: Database
) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    view.unit_name.setText("东村人民调解委员会")
    view.unit_format.setText("第{seq}号")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.unit_add)
    assert view.unit_message.isVisible()
    assert view.unit_message.text() == "✖ 案号格式必须包含 {year}（年份）和 {seq}（序号）"
    assert len(run(sqlite_db, reference.list_units, active_only=False)) == 3
    assert view.unit_name.text() == "东村人民调解委员会"
    assert view.unit_format.text() == "第{seq}号"
    assert view.units_table.rowCount() == 3


def test_good_unit_is_added_with_its_example(
    qtbot: QtBot, view: CentreSetupView, ctx: AppContext, sqlite_db: Database
) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    view.unit_name.setText("东村人民调解委员会")
    view.unit_kind.setCurrentIndex(view.unit_kind.findData(UnitKind.VILLAGE_COMMITTEE))
    view.unit_format.setText("（{year}）东村人调字第{seq}号")
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.unit_add)
    assert not view.unit_message.isVisible()
    added = [u for u in run(sqlite_db, reference.list_units) if u.name == "东村人民调解委员会"]
    assert len(added) == 1
    assert added[0].kind is UnitKind.VILLAGE_COMMITTEE
    assert _rows(view.units_table)[-1] == [
        "东村人民调解委员会",
        "村人民调解委员会",
        "（{year}）东村人调字第{seq}号",
        f"（{YEAR}）东村人调字第1号",
    ]
    assert view.unit_name.text() == ""  # ready for the next one
    assert view.unit_format.text() == DEFAULT_FORMAT
    # The new unit can take mediators at once.
    assert view.mediator_unit.findData(added[0].id) >= 0


def test_duplicate_unit_name_is_shown_inline(
    qtbot: QtBot, view: CentreSetupView, ctx: AppContext, sqlite_db: Database
) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    view.unit_name.setText("综合受理窗口")
    view.unit_format.setText("（{year}）重复字第{seq}号")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.unit_add)
    assert view.unit_message.isVisible()
    assert view.unit_message.text() == "✖ 已有名为“综合受理窗口”的受理单位"
    assert view.unit_name.text() == "综合受理窗口"
    assert view.unit_format.text() == "（{year}）重复字第{seq}号"
    assert len(run(sqlite_db, reference.list_units, active_only=False)) == 3


def test_changed_format_numbers_the_next_case(
    qtbot: QtBot,
    view: CentreSetupView,
    ctx: AppContext,
    sqlite_db: Database,
    sqlite_centre: Centre,
) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    assert not view.edit_save.isEnabled()
    _select_unit(view, "城南街道人民调解委员会")
    assert view.edit_save.isEnabled()
    assert view.edit_format.text() == "（{year}）城南人调字第{seq}号"
    assert "城南街道人民调解委员会" in view.edit_format_box.caption.text()

    view.edit_format.setText("城南调〔{year}〕{seq}号")
    assert view.edit_format_box.preview.text() == f"示例：城南调〔{YEAR}〕1号"
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.edit_save)
    assert not view.edit_message.isVisible()
    assert _rows(view.units_table)[1][2:] == ["城南调〔{year}〕{seq}号", f"城南调〔{YEAR}〕1号"]
    assert view.selected_unit_id() == sqlite_centre.street_unit_id  # selection survives reload

    case = run(
        sqlite_db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id),
        actor=sqlite_centre.actor,
    )
    assert case.number == f"城南调〔{YEAR}〕1号"


def test_bad_changed_format_is_refused(
    qtbot: QtBot,
    view: CentreSetupView,
    ctx: AppContext,
    sqlite_db: Database,
    sqlite_centre: Centre,
) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    _select_unit(view, "交通事故纠纷人民调解委员会")
    view.edit_format.setText("测交调{year}号")
    assert view.edit_format_box.message.isVisible()
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.edit_save)
    assert view.edit_message.text() == "✖ 案号格式必须包含 {year}（年份）和 {seq}（序号）"
    assert view.edit_format.text() == "测交调{year}号"
    unit = next(
        u for u in run(sqlite_db, reference.list_units) if u.id == sqlite_centre.traffic_unit_id
    )
    assert unit.number_format == "测交调〔{year}〕{seq}号"


def test_mediator_is_added(
    qtbot: QtBot,
    view: CentreSetupView,
    ctx: AppContext,
    sqlite_db: Database,
    sqlite_centre: Centre,
) -> None:
    view.tabs.setCurrentIndex(MEDIATORS_TAB)
    assert _rows(view.mediators_table) == [["周建国", "人民调解员", "城南街道人民调解委员会"]]

    _click(qtbot, view.mediator_add)  # no name yet
    assert view.mediator_message.text() == "✖ 请填写调解员姓名"

    view.mediator_name.setText("王秀英")
    view.mediator_kind.setCurrentIndex(view.mediator_kind.findData(MediatorKind.INVITED))
    view.mediator_unit.setCurrentIndex(view.mediator_unit.findData(sqlite_centre.traffic_unit_id))
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.mediator_add)
    assert not view.mediator_message.isVisible()
    assert _rows(view.mediators_table)[-1] == ["王秀英", "特邀调解员", "交通事故纠纷人民调解委员会"]
    added = run(sqlite_db, reference.list_mediators, unit_id=sqlite_centre.traffic_unit_id)
    assert [(m.name, m.kind) for m in added] == [("王秀英", MediatorKind.INVITED)]
    assert view.mediator_unit.currentData() == sqlite_centre.traffic_unit_id  # choice kept


def test_a_pasted_control_character_in_a_name_is_refused(
    qtbot: QtBot, view: CentreSetupView, ctx: AppContext, sqlite_db: Database
) -> None:
    view.tabs.setCurrentIndex(MEDIATORS_TAB)
    before = _rows(view.mediators_table)
    view.mediator_name.setText("王\x00秀英")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.mediator_add)
    assert view.mediator_message.text() == (
        "✖ “调解员姓名”含有无法保存的控制字符（多为复制粘贴带入的不可见字符），请删除后重试。"
    )
    assert view.mediator_name.text() == "王\x00秀英"  # kept, to be corrected
    assert _rows(view.mediators_table) == before
    assert [m.name for m in run(sqlite_db, reference.list_mediators)] == ["周建国"]
    shots = Path("/tmp/shots-guard")
    shots.mkdir(exist_ok=True)
    view.grab().save(str(shots / "mediator-control-character.png"))


def test_changes_elsewhere_refresh_the_page(view: CentreSetupView, ctx: AppContext) -> None:
    # Another screen of the window adds a unit: the change is announced and the page reads again.
    ctx.ops.run(
        None,
        lambda uow: reference.create_unit(
            uow,
            name="心理咨询室",
            kind=UnitKind.COUNSELLING,
            number_format="（{year}）心咨字第{seq}号",
        ),
    )
    ctx.ops.wait()
    assert _rows(view.units_table)[-1][0] == "心理咨询室"
    assert view.mediator_unit.findText("心理咨询室") >= 0


def test_unrelated_changes_do_not_read_the_page_again(
    view: CentreSetupView, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[None] = []
    monkeypatch.setattr(view, "reload", lambda: reads.append(None))
    ctx.ops.changed.emit(Changes(sessions=frozenset({1}), touched_cases=frozenset({2})), None)
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.ROOM})), None)
    assert reads == []
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.OPERATOR})), None)
    assert reads == []  # accounts are 账户管理's
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.MEDIATOR})), None)
    assert reads == [None]


def test_typed_text_stays_when_the_page_reads_again(
    qtbot: QtBot,
    view: CentreSetupView,
    ctx: AppContext,
    sqlite_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view.tabs.setCurrentIndex(UNITS_TAB)
    _select_unit(view, "城南街道人民调解委员会")
    view.edit_format.setText("城南调〔{year}〕{seq}号")  # typed, not saved yet
    view.unit_name.setText("东村人民调解委员会")
    view.mediator_name.setText("王秀英")
    with qtbot.waitSignal(ctx.ops.changed):
        ctx.ops.run(
            None,
            lambda uow: reference.create_mediator(
                uow, name="陈晓", kind=MediatorKind.INVITED, unit_id=None
            ),
        )
    assert "陈晓" in [r[0] for r in _rows(view.mediators_table)]  # read again
    assert view.edit_format.text() == "城南调〔{year}〕{seq}号"
    assert view.unit_name.text() == "东村人民调解委员会"
    assert view.mediator_name.text() == "王秀英"


def test_screenshot(view: CentreSetupView) -> None:
    shots = Path("/tmp/shots")
    shots.mkdir(parents=True, exist_ok=True)
    view.tabs.setCurrentIndex(UNITS_TAB)
    _select_unit(view, "城南街道人民调解委员会")
    view.unit_name.setText("东村人民调解委员会")
    view.unit_format.setText("第{seq}号")
    assert view.grab().save(str(shots / "centre_setup.png"))
    view.unit_format.setText("（{year}）东村人调字第{seq}号")
    for index, name in ((0, "centre"), (MEDIATORS_TAB, "mediators")):
        view.tabs.setCurrentIndex(index)
        assert view.grab().save(str(shots / f"centre_setup_{name}.png"))
    view.tabs.setCurrentIndex(UNITS_TAB)
    assert view.grab().save(str(shots / "centre_setup_good.png"))


def test_document_settings_tab_is_built_when_shown(view: CentreSetupView) -> None:
    from ui.views.document_settings_view import DocumentSettingsView

    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    index = titles.index("文书设置")
    view.tabs.setCurrentIndex(index)
    assert view.tabs.widget(index).findChild(DocumentSettingsView) is not None


def test_the_retention_rule_is_set_in_centre_setup(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    """中心设置 › 卷宗保管期限: the outcome's 保管期限 saved, and proposed when archiving."""
    from mediation_desk.domain.case_file import Retention
    from mediation_desk.domain.enums import CaseStatus
    from mediation_desk.services.case_file import retention_rule
    from ui.views.retention_settings_view import RetentionSettingsView

    view = RetentionSettingsView(ctx)
    qtbot.addWidget(view)
    combo = view.choices[CaseStatus.FAILED]
    assert combo.currentData() == Retention.SHORT.value  # the default
    combo.setCurrentIndex(combo.findData(Retention.LONG.value))
    view.save_button.click()
    assert "已保存" in view.message.text()
    assert ctx.ops.read(retention_rule)[CaseStatus.FAILED] is Retention.LONG
    view.resize(700, 420)
    view.show()
    qtbot.wait(20)
    view.grab().save(str(tmp_path / "retention.png"))
