"""The start-up marks the benchmarks read (``--timing``): the first frame, then the query typed
after the handover and its result rows drawn, with the memory at that moment."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from mediation_desk.services.intake import register_case
from mediation_desk.settings import load_settings
from tests.desk import run
from tests.factories import two_party_draft
from ui.app import _report_timing
from ui.main_window import MainWindow
from ui.operations import InlineExecutor
from ui.startup_marks import FrameMark, memory_kb, type_text


class _App:
    def __init__(self) -> None:
        self.quit_calls = 0

    def quit(self) -> None:
        self.quit_calls += 1


def _marks(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key] = float(value)
    return out


def test_the_ready_mark_comes_after_the_typed_query_s_rows_are_drawn(  # type: ignore[no-untyped-def]
    qtbot, capsys, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:
    run(
        sqlite_db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id, applicant="周晓梅"),
        actor=sqlite_centre.actor,
    )
    window = MainWindow(
        load_settings(data_dir=tmp_path, database_url=sqlite_url), executor=InlineExecutor()
    )
    qtbot.addWidget(window)
    app = _App()
    _report_timing(app, window, "周晓梅")
    window.show()
    out: list[str] = []

    def painted() -> bool:
        out.append(capsys.readouterr().out)
        return "first_paint_epoch" in "".join(out)

    qtbot.waitUntil(painted, timeout=3000)
    window.open_database()
    assert window.session is not None
    window.session.enter(sqlite_centre.actor)  # signed in: the start-up hands over
    qtbot.waitUntil(lambda: app.quit_calls == 1, timeout=5000)
    marks = _marks("".join(out) + capsys.readouterr().out)
    assert window.search.text() == "周晓梅"  # typed, key by key, and Enter pressed
    assert window.current_page_key() == "cases"
    assert window.focusWidget() is window.search  # typed there, as after Ctrl+F
    assert window.case_list.model.rowCount() == 1
    assert marks["vmrss_kb"] > 10_000 and marks["vmhwm_kb"] >= marks["vmrss_kb"]
    assert marks["first_paint_epoch"] <= marks["handover_epoch"] <= marks["ready_epoch"]


def test_without_a_query_the_handover_is_marked(  # type: ignore[no-untyped-def]
    qtbot, capsys, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:
    window = MainWindow(
        load_settings(data_dir=tmp_path, database_url=sqlite_url), executor=InlineExecutor()
    )
    qtbot.addWidget(window)
    app = _App()
    _report_timing(app, window, "")
    window.show()
    window.open_database()
    assert window.session is not None
    window.session.enter(sqlite_centre.actor)
    qtbot.waitUntil(lambda: app.quit_calls == 1, timeout=5000)
    marks = _marks(capsys.readouterr().out)
    assert set(marks) == {"first_paint_epoch", "handover_epoch"}


def test_a_frame_mark_waits_for_a_frame_its_condition_holds_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    wanted = [False]
    frames: list[bool] = []
    FrameMark(widget, lambda: frames.append(wanted[0]), when=lambda: wanted[0])
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)
    assert frames == []  # painted, but not yet what was waited for
    wanted[0] = True
    widget.update()
    qtbot.waitUntil(lambda: frames == [True], timeout=2000)
    widget.update()
    qtbot.wait(50)
    assert frames == [True]  # once only


def test_typed_text_arrives_as_keys_then_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QLineEdit()
    qtbot.addWidget(box)
    edits: list[str] = []
    entered: list[str] = []
    box.textEdited.connect(edits.append)
    box.returnPressed.connect(lambda: entered.append(box.text()))
    type_text(box, "zs1")
    assert edits == ["z", "zs", "zs1"]
    assert entered == ["zs1"]


def test_memory_is_read_from_proc() -> None:
    memory = memory_kb()
    assert set(memory) == {"VmRSS", "VmHWM"}
    assert 0 < memory["VmRSS"] <= memory["VmHWM"]


def test_the_case_list_waits_until_it_is_shown(  # type: ignore[no-untyped-def]
    qtbot, window_factory, sqlite_db, sqlite_centre
) -> None:
    """Nothing of the whole list is read at sign-in (a search may come first); shown, it
    lists every case."""
    run(
        sqlite_db,
        register_case,
        two_party_draft(sqlite_centre.street_unit_id),
        actor=sqlite_centre.actor,
    )
    window = window_factory()
    qtbot.wait(20)
    cases = window.case_list
    assert cases.model is cases.search_model and cases.list_model.rowCount() == 0
    assert not cases.filter_bar.isEnabled()  # for the whole list, not for a first search
    window.show_page("cases")
    assert cases.model is cases.list_model and cases.model.rowCount() == 1
    assert cases.filter_bar.isEnabled()
