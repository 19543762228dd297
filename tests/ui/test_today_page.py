"""The 今日待办 page: what it lists, opening an item's case, following changes, and being the
page every start opens on (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mediation_desk.domain.supervision import EscalationLevel
from mediation_desk.services.supervision import issue_instruction
from tests.supervision_data import NOW, TODAY, open_case, session_today
from tests.ui.conftest import make_ctx
from ui.models.today_model import Column, TodayModel
from ui.views.today_view import TodayView


@pytest.fixture
def day_ctx(qapp, tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=NOW)


@pytest.fixture
def cases(sqlite_db, sqlite_centre) -> dict[str, int]:  # type: ignore[no-untyped-def]
    c = sqlite_centre
    heard = open_case(sqlite_db, c, due_in=8, applicant="赵一")
    session_today(sqlite_db, c, heard, hour=10)
    return {
        "heard": heard,
        "due": open_case(sqlite_db, c, due_in=0, applicant="钱二"),
        "late": open_case(sqlite_db, c, due_in=-3, applicant="孙三"),
    }


def _view(qtbot, ctx) -> TodayView:  # type: ignore[no-untyped-def]
    view = TodayView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    return view


def _column(view: TodayView, col: Column) -> list[str]:
    return [view.model.index(r, col).data() for r in range(view.model.rowCount())]


def test_the_page_lists_the_day_most_pressing_first(qtbot, day_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, day_ctx)
    assert view.title.text() == "今日待办　2026年12月2日 星期三"
    assert _column(view, Column.KIND) == ["今日调解", "今日到期", "已超期"]
    assert _column(view, Column.WHEN) == ["10:00–11:00", "2026年12月2日", "2026年11月29日"]
    assert _column(view, Column.PARTIES) == ["赵一 与 李四", "钱二 与 李四", "孙三 与 李四"]
    assert _column(view, Column.DETAIL)[2] == "超期3天 · 调解员 周建国"
    red = view.model.index(2, Column.DETAIL).data(Qt.ItemDataRole.ForegroundRole)
    assert red.name() == "#b00020"
    assert "已超期 <b>1</b>" in view.summary.text()
    assert not view.empty.isVisibleTo(view)


def test_enter_and_double_click_open_the_items_case(qtbot, day_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, day_ctx)
    view.table.selectRow(1)
    with qtbot.waitSignal(view.case_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Enter)
    assert opened.args == [cases["due"]]
    rect = view.table.visualRect(view.model.index(0, Column.NUMBER))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.case_activated) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cases["heard"]]


def test_the_page_follows_changes_made_anywhere(qtbot, day_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, day_ctx)
    view.table.selectRow(2)
    day_ctx.ops.run(
        None,
        lambda uow: issue_instruction(
            uow,
            case_id=cases["late"],
            level=EscalationLevel.UNIT_HEAD,
            text="请今日报告进展",
            respond_by=TODAY,
        ),
    )
    assert _column(view, Column.KIND) == ["今日调解", "督办待回复", "今日到期", "已超期"]
    assert _column(view, Column.DETAIL)[1] == "单位负责人督办：请今日报告进展"
    assert view.current_case_id() == cases["late"]  # the selection stays on its case


def test_an_empty_day_says_so(qtbot, day_ctx) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, day_ctx)
    assert view.empty.isVisibleTo(view) and not view.table.isVisibleTo(view)
    assert view.empty.text() == "今日没有待办事项。"


def test_every_start_opens_on_the_day_and_an_item_opens_its_case(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre, cases, monkeypatch
) -> None:
    from mediation_desk.settings import load_settings
    from ui.main_window import MainWindow
    from ui.operations import InlineExecutor

    opened: list[int] = []
    monkeypatch.setattr(MainWindow, "open_case", lambda self, case_id: opened.append(case_id))
    window = MainWindow(
        load_settings(data_dir=tmp_path, database_url=sqlite_url),
        executor=InlineExecutor(),
        clock=lambda: NOW,
    )
    qtbot.addWidget(window)
    window.show()
    window.open_database()
    window.session.enter(sqlite_centre.actor)  # signed in (test_sign_in.py)
    assert window.current_page_key() == "today"
    view = window.findChild(TodayView)
    assert view is not None and view.model.rowCount() == 3
    view.table.selectRow(2)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [cases["late"]]
    window.actions_by_name["ducha"].trigger()
    assert window.current_page_key() == "ducha"


def test_the_model_passes_qtmodeltester(qtmodeltester, day_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.today import today_list

    model = TodayModel()
    model.set_items(day_ctx.ops.read(lambda uow: today_list(uow, TODAY)).items)
    qtmodeltester.check(model, force_py=True)
