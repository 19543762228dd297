"""The statistics' inputs (issue 12) as a clerk uses them: the intake row (place typed to
filter, amount, persons, special groups, 疑难), their correction, the prevention flags in the
结束调解 dialog, and the 村（社区） settings tab."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.report_fields import PlaceKind, PreventionFlags, SpecialGroup
from mediation_desk.services import places
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.corrections import draft_for_correction
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import two_party_draft
from tests.ui.test_intake_view import fill_valid, make_view
from ui.views.correction_view import CorrectionView

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-capture"))
EAST, WEST = "330602001001", "330602001201"


@pytest.fixture
def placed(ctx, sqlite_centre):  # type: ignore[no-untyped-def]
    for code, name, kind, town in (
        (EAST, "投醪社区", PlaceKind.COMMUNITY, "府山街道"),
        (WEST, "上岙村", PlaceKind.VILLAGE, "府山街道"),
        ("330602008201", "前梅村", PlaceKind.VILLAGE, "灵芝街道"),
    ):
        run(
            ctx.ops.db,
            places.add_place,
            code=code,
            name=name,
            kind=kind,
            township=town,
            actor=sqlite_centre.actor,
        )
    return ctx


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_intake_saves_the_report_fields(qtbot, placed, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, placed)
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    row = view.info.report
    row.place.lineEdit().setText("上岙")  # typed to filter (keyClicks is ASCII only), chosen
    row.place.setCurrentIndex(row.place.findData(WEST))
    qtbot.keyClicks(row.amount, "12,500.50")
    qtbot.keyClicks(row.persons, "6")
    row.group_boxes[SpecialGroup.ELDERLY].setChecked(True)
    row.difficult.setChecked(True)
    qtbot.wait(50)  # the party editors laid out
    _shot(view, "intake_report_fields.png")
    with qtbot.waitSignal(view.case_registered) as saved:
        view.save()
    detail = run(placed.ops.db, get_case, saved.args[0])
    assert detail.place_code == WEST and detail.place_name == "上岙村（府山街道）"
    assert detail.amount_in_dispute_cents == 1_250_050 and detail.persons_involved == 6
    assert detail.special_groups == (SpecialGroup.ELDERLY,) and detail.difficult
    assert row.amount.text() == "" and row.place.code() == ""  # cleared for the next walk-in


def test_unreadable_inputs_are_marked_and_nothing_is_saved(qtbot, placed, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, placed)
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    row = view.info.report
    row.place.setEditText("没有这个村")
    row.amount.setText("一万")
    with qtbot.assertNotEmitted(view.case_registered):
        view.save()
    assert "请从列表中选择" in row.boxes["place_code"].message.text()
    assert "尚未保存" in view.status.text()
    row.place.setCurrentIndex(row.place.findData(EAST))
    view.save()
    assert "金额格式不正确" in row.boxes["amount_in_dispute_cents"].message.text()
    row.amount.setText("-3")
    row.amount.setText("300")
    with qtbot.waitSignal(view.case_registered):
        view.save()


def test_place_filter_and_no_wheel_on_an_unfocused_picker(qtbot, placed) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, placed)
    picker = view.info.report.place
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "（未填写）",
        "投醪社区（府山街道）",
        "上岙村（府山街道）",
        "前梅村（灵芝街道）",
    ]
    picker.completer().setCompletionPrefix("梅")
    model = picker.completer().completionModel()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["前梅村（灵芝街道）"]
    picker.setEditText(EAST)  # the code typed in full also finds it
    assert picker.code() == EAST
    picker.set_code("")
    view.info.facts.setFocus()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(picker.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(picker, wheel)
    assert picker.currentIndex() == 0


def test_correction_shows_and_changes_the_report_fields(qtbot, placed, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db = placed.ops.db
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.place_code, draft.amount_in_dispute_cents = WEST, 880_000
    draft.special_groups = [SpecialGroup.MIGRANT_WORKER]
    case_id = run(db, register_case, draft, actor=sqlite_centre.actor).id
    run(
        db,
        places.update_place,
        WEST,
        name="上岙村",
        kind=PlaceKind.VILLAGE,
        township="府山街道",
        active=False,
        actor=sqlite_centre.actor,
    )
    view = CorrectionView(placed, case_id)
    qtbot.addWidget(view)
    row = view.info.report
    assert row.place.currentText() == "上岙村（府山街道）（已停用）" and row.place.code() == WEST
    assert row.amount.text() == "8800.00" and row.persons.text() == ""
    assert row.group_boxes[SpecialGroup.MIGRANT_WORKER].isChecked()
    assert not view.is_dirty()
    row.difficult.setChecked(True)
    row.persons.setText("9")
    with qtbot.waitSignal(view.case_corrected) as done:
        view.save()
    labels = {c.label: (c.old, c.new) for c in done.args[0].changes}
    assert labels == {"涉及人数": ("按当事人人数", "9人"), "疑难案件": ("否", "是")}
    again = run(db, draft_for_correction, case_id)
    assert again.difficult and again.persons_involved == 9 and again.place_code == WEST


def test_outcome_dialog_records_prevention(qtbot, placed, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.outcome_dialog import OutcomeDialog

    db = placed.ops.db
    case_id = run(
        db, register_case, two_party_draft(sqlite_centre.street_unit_id), actor=sqlite_centre.actor
    ).id
    dialog = OutcomeDialog(placed, run(db, get_case, case_id))
    qtbot.addWidget(dialog)
    dialog.buttons_by_action[CaseEvent.WITHDRAW].setChecked(True)
    box = dialog.prevention
    assert box.isVisible() or not dialog.isVisible()
    box.criminal.setChecked(True)
    box.criminal_persons.setValue(3)
    box.group_fight.setChecked(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    _shot(dialog, "outcome_prevention.png")
    dialog._on_buttons_accepted()
    assert dialog.result_detail is not None
    assert dialog.result_detail.prevention == PreventionFlags(
        criminal=True, criminal_persons=3, group_fight=True
    )


def test_places_tab_adds_edits_and_deactivates(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.views.centre_setup_view import CentreSetupView
    from ui.views.places_settings_view import PlacesSettingsView

    setup = CentreSetupView(ctx)
    qtbot.addWidget(setup)
    setup.resize(1100, 700)
    setup.show()
    qtbot.waitExposed(setup)
    titles = [setup.tabs.tabText(i) for i in range(setup.tabs.count())]
    setup.tabs.setCurrentIndex(titles.index("村（社区）"))
    view = setup.tabs.widget(titles.index("村（社区）")).findChild(PlacesSettingsView)
    assert view is not None
    intake = make_view(qtbot, ctx)  # hears of the new places
    for code, name, town in (
        ("3306 0200 1001", "投醪社区", "府山街道"),
        ("330602001201", "上岙村", "府山街道"),
    ):
        qtbot.keyClicks(view.code, code)
        view.name.setText(name)
        view.township.setText(town)
        view.kind.set_value(PlaceKind.VILLAGE if name.endswith("村") else PlaceKind.COMMUNITY)
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert view.table.rowCount() == 2 and view.table.item(0, 0).text() == EAST
    assert view.count.text() == "共 2 个，启用 2 个"
    qtbot.keyClicks(view.code, EAST)
    view.name.setText("重复")
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert "已用于“投醪社区”" in view.add_message.text()
    assert view.code.text() == EAST  # kept for correcting
    assert intake.info.report.place.findData(WEST) > 0
    view.table.select_id(int(WEST))
    assert view.edit_name.text() == "上岙村"
    view.edit_active.setChecked(False)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.table.item(1, 4).text() == "已停用"
    assert intake.info.report.place.findData(WEST) < 0  # not offered at intake any more
    qtbot.wait(50)
    _shot(setup, "places_tab.png")


def test_places_tab_refuses_a_bad_code_in_chinese(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.views.places_settings_view import PlacesSettingsView

    view = PlacesSettingsView(ctx)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.code, "33060200")
    view.name.setText("某村")
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert "12位数字" in view.add_message.text() and view.table.rowCount() == 0


def test_case_page_shows_the_report_fields(qtbot, placed, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from ui.views.case_pages import BasicPage

    db = placed.ops.db
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.place_code, draft.grid_code, draft.amount_in_dispute_cents = EAST, "FS-07", 3_560_000
    draft.special_groups, draft.difficult = [SpecialGroup.WOMEN], True
    case_id = run(db, register_case, draft, actor=sqlite_centre.actor).id
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.WITHDRAW,
        prevention=PreventionFlags(group_petition=True, group_petition_persons=12),
        actor=sqlite_centre.actor,
    )
    page = BasicPage(run(db, get_case, case_id))
    qtbot.addWidget(page)
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert "投醪社区（府山街道）　网格：FS-07" in texts
    assert "35,600.00 元　　涉及人数：2 人" in texts
    assert "妇女；疑难案件" in texts
    assert "防止群体性上访（12人）" in texts
    page.resize(700, 640)
    page.show()
    qtbot.waitExposed(page)
    _shot(page, "case_page_report_fields.png")


def test_a_new_place_list_keeps_the_choice_and_what_is_typed(qtbot, placed) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, placed)
    picker = view.info.report.place
    picker.setCurrentIndex(picker.findData(WEST))
    picker.set_places(list(picker.places))
    assert picker.code() == WEST
    picker.setEditText("前")
    picker.set_places(list(picker.places))
    assert picker.currentText() == "前" and picker.code_or_none() is None
