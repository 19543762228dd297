"""The window's test context: the core reached through the operation helper, run inline."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.clock import fixed_clock, system_clock
from mediation_desk.settings import load_settings
from ui.context import AppContext
from ui.operations import InlineExecutor, Operations


class Shown:
    """What the operation helper would have shown in message boxes (tests read it)."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.bugs: list[BaseException] = []

    @property
    def messages(self) -> list[str]:
        return [m for _t, m in self.errors]


def make_ctx(db, actor, data_dir, *, now: dt.datetime | None = None) -> AppContext:  # type: ignore[no-untyped-def]
    """A context whose actions run inline (complete before ``run`` returns); message boxes
    are recorded in ``ctx.ops.shown`` instead of opening."""
    ops = Operations(
        db,
        clock=fixed_clock(now) if now is not None else system_clock,
        actor=actor,
        executor=InlineExecutor(),
    )
    shown = Shown()
    ops.show_error = lambda _parent, title, message: shown.errors.append((title, message))
    ops.report_bug = lambda _parent, error: shown.bugs.append(error)
    ops.shown = shown  # type: ignore[attr-defined]
    return AppContext(settings=load_settings(data_dir=data_dir), ops=ops)


@pytest.fixture(scope="session", autouse=True)
def _chinese_qt(qapp):  # type: ignore[no-untyped-def]
    """Qt's own strings in Chinese, as the app installs them."""
    from ui.i18n import install_translators

    return install_translators(qapp)


@pytest.fixture(scope="session", autouse=True)
def _wheel_guard(qapp):  # type: ignore[no-untyped-def]
    """The wheel passes unfocused dropdowns by, as in the app (``ui.wheel_guard``)."""
    from ui.wheel_guard import install_wheel_guard

    return install_wheel_guard(qapp)


@pytest.fixture
def ctx(qapp, tmp_path, sqlite_db, sqlite_centre) -> AppContext:  # type: ignore[no-untyped-def]
    return make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data")


_tests_since_full_collection = [0]


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread():  # type: ignore[no-untyped-def]
    """As in the app (``ui.garbage``): never let a worker thread collect Qt objects. The young
    generations after each test, everything every 25 tests (a full pass costs ~1 s late in
    the run)."""
    import gc

    gc.disable()
    yield
    _tests_since_full_collection[0] += 1
    if _tests_since_full_collection[0] >= 25:
        _tests_since_full_collection[0] = 0
        gc.collect()
    else:
        gc.collect(1)
    gc.enable()


@pytest.fixture
def window_factory(qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    """``make()``: the main window on the test database, signed in as the centre's actor."""
    from ui.main_window import MainWindow

    def make() -> MainWindow:
        window = MainWindow(
            load_settings(data_dir=tmp_path, database_url=sqlite_url), executor=InlineExecutor()
        )
        qtbot.addWidget(window)
        window.show()
        window.open_database()
        assert window.session is not None
        window.session.enter(sqlite_centre.actor)  # signed in (tests/ui/test_sign_in.py)
        return window

    return make
