"""From the search box to a case without the mouse (issue 13): Down moves into the results,
Enter opens the case, Up on the first row goes back to the box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import two_party_draft
from ui.dialogs.case_detail_dialog import CaseDetailDialog


@pytest.fixture
def two_cases(sqlite_db, sqlite_centre) -> list[int]:  # type: ignore[no-untyped-def]
    unit = sqlite_centre.street_unit_id
    return [
        run(
            sqlite_db,
            register_case,
            two_party_draft(unit, applicant=name, applicant_id=""),
            actor=sqlite_centre.actor,
        ).id
        for name in ("张三", "张三丰")
    ]


def test_down_enters_the_results_and_enter_opens_the_case(  # type: ignore[no-untyped-def]
    window_factory,
    two_cases,
    monkeypatch,
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(CaseDetailDialog, "exec", lambda self: opened.append(self.case_id) or 0)
    window = window_factory()
    window.focus_search()
    QTest.keyClicks(window.search, "zs")  # typed (张三's initials): the search waits a moment
    assert window._search_timer.isActive()
    QTest.keyClick(window.search, Qt.Key.Key_Down)
    table = window.case_list.table
    assert window.current_page_key() == "cases"
    assert window.case_list.query == "zs"  # the waiting search ran at once
    assert window.focusWidget() is table
    assert window.case_list.current_case_id() == two_cases[1]  # the first row: the newest
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert window.case_list.current_case_id() == two_cases[0]
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert opened == [two_cases[0]]
    QTest.keyClick(table, Qt.Key.Key_Up)
    QTest.keyClick(table, Qt.Key.Key_Up)  # on the first row: back to the box
    assert window.focusWidget() is window.search
    assert window.search.selectedText() == "zs"  # ready to type the next query over it
    QTest.keyClick(window.search, Qt.Key.Key_Down)  # the same query: the selection stays
    assert window.focusWidget() is table
    assert window.case_list.current_case_id() == two_cases[1]


def test_down_with_no_results_stays_in_the_box(window_factory) -> None:  # type: ignore[no-untyped-def]
    window = window_factory()
    window.focus_search()
    QTest.keyClicks(window.search, "qqq")  # no one's initials
    QTest.keyClick(window.search, Qt.Key.Key_Down)
    assert window.current_page_key() == "cases"
    assert window.focusWidget() is window.search
