"""The intake form as a clerk uses it: keyboard, inline messages, save, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mediation_desk.domain.enums import PartyKind, PartyRole
from mediation_desk.services.intake import register_case
from mediation_desk.settings import load_settings
from tests.desk import run
from tests.factories import VALID_ID, two_party_draft
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.tasks import TaskRunner
from ui.views.intake_view import IntakeView


@pytest.fixture
def ctx(tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return AppContext(
        settings=load_settings(data_dir=tmp_path), db=sqlite_db, actor=sqlite_centre.actor
    )


@pytest.fixture
def view(qtbot, ctx):  # type: ignore[no-untyped-def]
    v = IntakeView()
    qtbot.addWidget(v)
    v.attach(ctx)
    v.resize(1300, 900)
    v.show()
    qtbot.waitExposed(v)
    v._ask = lambda title, text: True  # answer "yes" to confirmations unless a test says no
    return v


def choose(combo, data) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def fill_valid(view: IntakeView, qtbot, unit_id: int) -> None:  # type: ignore[no-untyped-def]
    choose(view.info.dispute_type, "neighbour")
    view.info.facts.setPlainText("双方系邻居，被申请人排水管引至申请人墙角，致墙体受潮开裂。")
    view.info.requests.setPlainText("赔偿修缮费用。")
    applicant, respondent = view.party_editors
    applicant.name.setText("王小明")
    qtbot.keyClicks(applicant.id_number, VALID_ID.lower())
    applicant.id_number.editingFinished.emit()
    qtbot.keyClicks(applicant.phone_rows[0].number, "+86 138 0000 1234")
    respondent.name.setText("赵大勇")
    qtbot.keyClicks(respondent.phone_rows[0].number, "13900005678")
    choose(view.routing.unit, unit_id)


def test_id_number_fills_birth_date_and_gender(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = view.party_editors[0]
    qtbot.keyClicks(editor.id_number, VALID_ID.lower())
    editor.id_number.editingFinished.emit()
    assert editor.id_number.text() == VALID_ID
    assert editor.birth_date.text() == "1949-12-31"
    assert editor.gender.currentText() == "女"


def test_fill_and_save_with_keyboard_then_find_it(view, qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    with qtbot.waitSignal(view.case_registered) as saved:
        qtbot.keyClick(
            view.party_editors[0].name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
    case_id, number = saved.args
    assert number.endswith("人调字第1号")
    assert number in view.banner.text()
    assert view.party_editors[0].name.text() == ""  # ready for the next walk-in
    from mediation_desk.services.cases import get_case

    detail = run(ctx.db, get_case, case_id)
    assert [p.name for p in detail.parties] == ["王小明", "赵大勇"]
    assert detail.parties[0].phones[0].number == "13800001234"


def test_bad_id_shows_message_beside_field_and_saves_nothing(
    view, qtbot, ctx, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    editor = view.party_editors[0]
    editor.id_number.setText("110105194912310021")  # bad check digit
    view.save()
    box = editor.boxes["id_number"]
    assert box.message.isVisible()
    assert "校验位" in box.message.text()
    assert QApplication.focusWidget() is editor.id_number
    assert "需要更正" in view.status.text()
    from mediation_desk.services.search import search_cases

    assert run(ctx.db, search_cases, "") == []
    assert editor.name.text() == "王小明"  # nothing typed is lost


def test_enter_moves_to_next_field(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = view.party_editors[0]
    editor.name.setFocus()
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is not editor.name
    assert QApplication.focusWidget() is editor.id_type


def test_escape_asks_before_discarding(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.party_editors[0].name.setText("王小明")
    asked = []
    view._ask = lambda title, text: asked.append(text) or False
    qtbot.keyClick(view.party_editors[0].name, Qt.Key.Key_Escape)
    assert asked and "放弃" in asked[0]
    assert view.party_editors[0].name.text() == "王小明"
    view._ask = lambda title, text: True
    qtbot.keyClick(view.party_editors[0].name, Qt.Key.Key_Escape)
    assert view.party_editors[0].name.text() == ""


def test_parties_and_agents_added_and_removed_in_place(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.add_party(PartyRole.THIRD_PARTY)
    assert len(view.party_editors) == 3
    third = view.party_editors[2]
    assert third.title() == "第三人 1"
    choose(third.kind, PartyKind.ORGANISATION.value)
    assert third.boxes["credit_code"].isVisibleTo(third)
    assert not third.boxes["id_number"].isVisibleTo(third)
    agent = third.add_agent()
    assert third.to_draft().agents[0] == agent.to_draft()
    agent.removed.emit(agent)
    assert third.to_draft().agents == []
    third.removed.emit(third)
    assert len(view.party_editors) == 2


def test_repeat_visit_shown_and_linked(view, qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    earlier = run(
        ctx.db, register_case, two_party_draft(sqlite_centre.street_unit_id), actor=ctx.actor
    )
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)  # same ID number as the earlier case
    assert view.repeats.list.count() >= 1
    view.repeats.list.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(view.case_registered) as saved:
        view.save()
    from mediation_desk.services.cases import get_case

    links = run(ctx.db, get_case, saved.args[0]).links
    assert [link.case_id for link in links] == [earlier.id]


def test_warning_needs_confirmation(view, qtbot, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    view.info.requests.setPlainText("")  # "未填写请求事项" is a warning
    asked = []
    view._ask = lambda title, text: asked.append(text) or False
    view.save()
    assert any("请求事项" in t for t in asked)
    assert view.party_editors[0].name.text() == "王小明"  # not saved, nothing lost
    view._ask = lambda title, text: True
    with qtbot.waitSignal(view.case_registered):
        view.save()


def test_main_window_search_finds_new_case(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    TaskRunner.synchronous = True
    try:
        window = MainWindow(load_settings(data_dir=tmp_path, database_url=sqlite_url))
        qtbot.addWidget(window)
        window.show()
        window.open_database()
        assert window.search.isEnabled()
        assert window.ctx.actor.name == "测试员"
        window.intake._ask = lambda title, text: True
        fill_valid(window.intake, qtbot, sqlite_centre.street_unit_id)
        window.intake.save()
        window.search.setFocus()
        qtbot.keyClicks(window.search, "wxm")  # pinyin initials of 王小明
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.case_list, timeout=2000)
        model = window.case_list.model
        assert model.rowCount() == 1 and model.hit(0).applicants == "王小明"
        window.search.clear()
        qtbot.keyClicks(window.search, "1234")  # last 4 digits of the phone
        qtbot.waitUntil(
            lambda: model.rowCount() == 1 and "电话" in model.hit(0).match_note, timeout=2000
        )
        assert "13800001234" not in model.hit(0).match_note  # masked in the list
    finally:
        TaskRunner.synchronous = False


def test_enter_walks_through_phones_and_on_to_the_next_party(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    applicant, respondent = view.party_editors
    applicant.address.setFocus()
    visited = []
    for _ in range(6):
        widget = QApplication.focusWidget()
        visited.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    phone = applicant.phone_rows[0]
    assert visited[:5] == [
        applicant.address,
        phone.number,
        phone.label,
        phone.note,
        applicant.consent,
    ]
    assert visited[5] in (respondent.kind, respondent.name)  # buttons are passed over
