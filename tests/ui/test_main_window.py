"""The application shell: menus and toolbar of actions, remembered layout, closed windows that
stop following their case."""

from __future__ import annotations

from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import two_party_draft
from ui.dialogs.case_detail_dialog import CaseDetailDialog


def test_menus_show_the_actions_with_their_shortcuts(window_factory) -> None:  # type: ignore[no-untyped-def]
    window = window_factory()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == [
        *("文件(&F)", "案件(&C)", "排期(&P)", "督办(&U)", "统计(&T)", "设置(&S)", "帮助(&H)")
    ]
    cases = {a.text(): a.shortcut().toString() for a in menus["案件(&C)"].actions()}
    assert cases == {"登记受理(&R)": "F2", "查找案件(&F)": "Ctrl+F", "案件列表(&L)": "F5"}
    stats = {a.text(): a.shortcut().toString() for a in menus["统计(&T)"].actions()}
    assert stats == {"领导看板(&M)": "F8", "统计报表(&R)": "Ctrl+R"}
    window.actions_by_name["day_board"].trigger()
    assert window.current_page_key() == "day_board"
    window.actions_by_name["intake"].trigger()
    assert window.current_page_key() == "intake"
    assert all(a.isEnabled() for a in window.actions_by_name.values())  # the database is open


def test_layout_is_remembered_and_every_start_opens_on_the_day(window_factory) -> None:  # type: ignore[no-untyped-def]
    window = window_factory()
    assert window.current_page_key() == "today"
    window.resize(701, 503)  # within the offscreen screen, so it is restored unchanged
    window.show_page("setup")
    window.close()
    again = window_factory()
    assert again.current_page_key() == "today"
    assert (again.width(), again.height()) == (701, 503)


def test_a_closed_case_window_stops_following_the_case(  # type: ignore[no-untyped-def]
    qtbot, window_factory, sqlite_db, sqlite_centre, monkeypatch
) -> None:
    window = window_factory()
    case_id = run(
        sqlite_db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id),
        actor=sqlite_centre.actor,
    ).id
    monkeypatch.setattr(CaseDetailDialog, "exec", lambda self: 0)
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.findChildren(CaseDetailDialog) == [], timeout=1000)
    assert window.findChildren(CaseDetailDialog) == []


def test_the_first_sign_in_prepares_the_first_save_and_keeps_nothing(  # type: ignore[no-untyped-def]
    window_factory, sqlite_db, sqlite_centre, qtbot
) -> None:
    """``services.warm_up``: a registration rehearsed in the background after the sign-in, so
    the clerk's first save finds its statements compiled; rolled back, and only once."""
    from sqlalchemy import event, func, select

    from mediation_desk.db.models import Case
    from tests.desk import reading

    window = window_factory()
    saved: list[str] = []

    def on_statement(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO mediation_case "):
            saved.append(statement)

    event.listen(window.db.engine, "before_cursor_execute", on_statement)
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=5000)
    window.session.sign_out()
    window.session.enter(sqlite_centre.actor)
    qtbot.wait(600)  # past the warm-up's delay: a second sign-in rehearses nothing
    window.close()  # waits for a rehearsal still running
    assert len(saved) == 1
    with reading(sqlite_db) as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
