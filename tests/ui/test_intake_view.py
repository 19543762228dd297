"""The intake form as a clerk uses it: keyboard, inline messages, save, search; saving in
the background, a busy database, reference lists read again when they change."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from mediation_desk.db.database import Database, Timeouts
from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.clock import system_clock
from mediation_desk.domain.enums import MediatorKind, PartyKind, PartyRole, UnitKind
from mediation_desk.services.cases import get_case
from mediation_desk.services.intake import register_case
from mediation_desk.services.reference import create_mediator, create_unit
from mediation_desk.services.search import search_cases
from mediation_desk.settings import load_settings
from tests.desk import run
from tests.factories import VALID_ID, two_party_draft
from tests.ui.conftest import Shown, make_ctx
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.operations import InlineExecutor, Operations
from ui.views.intake_view import IntakeView

BUSY = "数据库正忙"


def make_view(qtbot, ctx: AppContext) -> IntakeView:  # type: ignore[no-untyped-def]
    v = IntakeView()
    qtbot.addWidget(v)
    v.attach(ctx)
    v.resize(1300, 900)
    v.show()
    qtbot.waitExposed(v)
    v._ask = lambda title, text: True  # answer "yes" to confirmations unless a test says no
    return v


@pytest.fixture
def view(qtbot, ctx):  # type: ignore[no-untyped-def]
    return make_view(qtbot, ctx)


def db_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def hold_write_lock(url: str) -> sqlite3.Connection:
    """Another counter in the middle of a save: it holds SQLite's write lock."""
    conn = sqlite3.connect(db_path(url), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


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
    assert ctx.ops.shown.messages == []
    detail = run(ctx.ops.db, get_case, case_id)
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
    assert ctx.ops.shown.messages == []  # beside the field, not in a message box
    assert run(ctx.ops.db, search_cases, "") == []
    assert editor.name.text() == "王小明"  # nothing typed is lost


def test_pasted_control_character_is_refused_beside_its_field(
    view, qtbot, ctx, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A vertical tab pasted from Word into a name: refused beside the name, nothing saved,
    nothing typed lost; the look-alike name with a zero-width space is saved without it."""
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    editor = view.party_editors[1]
    editor.name.setText("赵大\x0b勇")
    view.save()
    box = editor.boxes["name"]
    assert box.message.isVisible()
    assert "无法保存的控制字符" in box.message.text()
    assert QApplication.focusWidget() is editor.name
    assert "需要更正" in view.status.text()
    assert ctx.ops.shown.messages == []  # beside the field, not in a message box
    assert run(ctx.ops.db, search_cases, "") == []
    assert editor.name.text() == "赵大\x0b勇"  # nothing typed is lost
    assert view.info.facts.toPlainText().startswith("双方系邻居")
    shots = Path("/tmp/shots-guard")
    shots.mkdir(exist_ok=True)
    view.grab().save(str(shots / "intake-control-character.png"))

    editor.name.setText("赵大勇\u200b")
    with qtbot.waitSignal(view.case_registered) as saved:
        view.save()
    assert [p.name for p in run(ctx.ops.db, get_case, saved.args[0]).parties] == [
        "王小明",
        "赵大勇",
    ]


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
        ctx.ops.db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id),
        actor=ctx.ops.actor,
    )
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)  # same ID number as the earlier case
    assert view.repeats.list.count() >= 1
    view.repeats.list.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(view.case_registered) as saved:
        view.save()
    links = run(ctx.ops.db, get_case, saved.args[0]).links
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
    window = MainWindow(
        load_settings(data_dir=tmp_path, database_url=sqlite_url), executor=InlineExecutor()
    )
    qtbot.addWidget(window)
    window.show()
    window.open_database()
    window.session.enter(sqlite_centre.actor)  # signed in (test_sign_in.py)
    assert window.search.isEnabled()
    assert window.ctx.ops.actor.name == "测试员"
    window.intake._ask = lambda title, text: True
    fill_valid(window.intake, qtbot, sqlite_centre.street_unit_id)
    with qtbot.waitSignal(window.intake.case_registered, timeout=2000):
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


def test_enter_walks_through_phones_and_on_to_the_next_party(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    applicant, respondent = view.party_editors
    applicant.address.setFocus()
    visited = []
    for _ in range(6):
        widget = QApplication.focusWidget()
        visited.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    phone = applicant.phone_rows[0]
    assert visited == [  # as laid out: 住址 and 调解意愿 on one row, then the phones
        applicant.address,
        applicant.consent,
        phone.number,
        phone.label,
        phone.note,
        respondent.kind,  # ＋ 电话 and ＋ 代理人 are passed over
    ]


def test_id_number_checked_against_the_desk_clock(
    qtbot, tmp_path, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    """The ID's birth year is checked against the context's clock, not the machine's date:
    on a desk whose clock says 2070, someone born in 1949 would be 120."""
    late = make_ctx(
        sqlite_db, sqlite_centre.actor, tmp_path / "data", now=dt.datetime(2070, 6, 1, 9, 30)
    )
    v = make_view(qtbot, late)
    assert v.today() == dt.date(2070, 6, 1)
    assert v.draft().received_at is None  # left empty: received when saved
    v.info.received_at.setText("8:15")  # a time alone is on the desk's day
    assert v.draft().received_at == dt.datetime(2070, 6, 1, 8, 15)
    editor = v.party_editors[0]
    editor.id_number.setText(VALID_ID)
    editor.id_number.editingFinished.emit()
    assert editor.birth_date.text() == "1949-12-31"
    assert "出生日期为1949年" in editor.boxes["id_number"].message.text()


def test_busy_database_keeps_everything_typed(qtbot, tmp_path, sqlite_url, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db = Database(sqlite_url, timeouts=Timeouts(lock=0.2))
    try:
        ctx = make_ctx(db, sqlite_centre.actor, tmp_path / "data")
        v = make_view(qtbot, ctx)
        fill_valid(v, qtbot, sqlite_centre.street_unit_id)
        v.add_participant().name.setText("王村长")
        v.party_editors[1].add_agent().name.setText("李律师")
        typed = v.draft()
        holder = hold_write_lock(sqlite_url)
        try:
            with qtbot.assertNotEmitted(v.case_registered):
                v.save()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert len(ctx.ops.shown.messages) == 1
        assert ctx.ops.shown.messages[0].startswith(BUSY)
        assert BUSY in v.status.text()
        assert v.draft() == typed  # nothing typed is lost
        assert not v.banner.isVisible()
        assert v.save_button.isEnabled() and not v.saving
        assert run(db, search_cases, "") == []
        with qtbot.waitSignal(v.case_registered) as saved:  # the lock is free: saved now
            v.save()
        names = [p.name for p in run(db, get_case, saved.args[0]).parties]
        assert names == ["王小明", "赵大勇"]
        assert v.party_editors[0].name.text() == ""
    finally:
        db.dispose()


def test_save_in_background_keeps_the_window_painting(
    qtbot, tmp_path, sqlite_url, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    """Another counter holds the write lock for a second; the save waits for it on the worker
    thread while the event loop keeps running, then succeeds."""
    db = Database(sqlite_url, timeouts=Timeouts(lock=5.0))
    ops = Operations(db, clock=system_clock, actor=sqlite_centre.actor)  # a real worker thread
    shown = Shown()
    ops.show_error = lambda _parent, title, message: shown.errors.append((title, message))
    ops.report_bug = lambda _parent, error: shown.bugs.append(error)
    ctx = AppContext(settings=load_settings(data_dir=tmp_path / "data"), ops=ops)
    try:
        v = make_view(qtbot, ctx)
        fill_valid(v, qtbot, sqlite_centre.street_unit_id)
        registered: list[tuple[int, str]] = []
        v.case_registered.connect(lambda case_id, number: registered.append((case_id, number)))
        ticks: list[float] = []
        ticker = QTimer()
        ticker.setInterval(10)
        ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
        holder = hold_write_lock(sqlite_url)
        QTimer.singleShot(1000, lambda: holder.execute("ROLLBACK"))
        ticker.start()
        started = time.monotonic()
        v.save()
        assert v.saving
        assert not v.save_button.isEnabled()
        assert "正在保存" in v.status.text()
        qtbot.waitUntil(lambda: bool(registered), timeout=6000)
        elapsed = time.monotonic() - started
        ticker.stop()
        holder.close()
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert elapsed >= 0.9  # it did wait for the other counter
        assert len(ticks) > 50 and max(gaps) < 0.2, max(gaps)
        assert shown.errors == [] and shown.bugs == []
        assert v.save_button.isEnabled() and not v.saving
        assert registered[0][1] in v.banner.text()
        assert v.party_editors[0].name.text() == ""
    finally:
        ops.wait()
        db.dispose()


def test_reference_change_refills_choices_keeping_what_is_typed(
    view, qtbot, ctx, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    fill_valid(view, qtbot, sqlite_centre.street_unit_id)
    view.routing.mediator.setCurrentIndex(view.routing.mediator.findData(sqlite_centre.mediator_id))
    typed = view.draft()
    assert typed.routing.mediator_id == sqlite_centre.mediator_id
    ctx.ops.run(
        None,
        lambda uow: create_unit(
            uow,
            name="物业纠纷人民调解委员会",
            kind=UnitKind.TRADE_COMMITTEE,
            number_format="测物调〔{year}〕{seq}号",
        ),
    )
    assert view.routing.unit.findText("物业纠纷人民调解委员会") >= 0
    ctx.ops.run(
        None,
        lambda uow: create_mediator(
            uow, name="陈红", kind=MediatorKind.PEOPLES, unit_id=sqlite_centre.street_unit_id
        ),
    )
    assert view.routing.mediator.findText("陈红", Qt.MatchFlag.MatchStartsWith) >= 0
    assert view.draft() == typed  # the chosen type, unit and mediator, and all typed, kept


def test_unrelated_change_does_not_reload_choices(view, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    reads: list[int] = []
    original = view._load_reference
    view._load_reference = lambda: reads.append(1) or original()
    ctx.ops.changed.emit(Changes(cases=frozenset({1}), sessions=frozenset({2})), None)
    assert reads == []
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.ROOM})), None)
    assert reads == []
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.UNIT})), None)
    assert reads == [1]
