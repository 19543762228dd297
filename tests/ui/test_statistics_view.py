"""统计报表: the page reads the MoJ table and the centre figures of the chosen period and unit in
the background, every figure lists its cases (double-click or Enter) and a case opens from the
list; Excel, PDF and print for the accounts that may; the charts are not imported at start."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QFileDialog, QTableView

from mediation_desk.db.database import Database
from mediation_desk.domain.actor import Actor
from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.roles import Role
from mediation_desk.domain.statistics import TYPE_ROWS, Breakdown, Period, PeriodKind
from mediation_desk.services.statistics import centre_figures, drill_down, moj_report
from tests.conftest import open_database
from tests.desk import add_account, every_role, run
from tests.ui.conftest import make_ctx
from ui.dialogs.drill_down_dialog import DrillDownDialog
from ui.models.figures_model import FigureRow
from ui.views.statistics_view import QUERY_DELAY_MS, StatisticsView, last_month

NOW = dt.datetime(2026, 11, 20, 9)
OCTOBER = Period.month(2026, 10)
YEAR = Period.year(2025)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from mediation_desk.demo.loader import load_demo

    path = tmp_path_factory.mktemp("stats-ui") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    run(db, lambda uow: load_demo(uow, n_cases=400, seed=7), now=NOW)
    yield db
    db.dispose()


@pytest.fixture
def director(demo: Database) -> Actor:
    return every_role(demo)


def _view(qtbot, demo: Database, actor: Actor, tmp_path: Path) -> StatisticsView:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo, actor, tmp_path / "data", now=NOW)
    view = StatisticsView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    return view


def _drill_list(view: StatisticsView) -> DrillDownDialog:
    dialogs = [d for d in view.findChildren(DrillDownDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _close_lists(view: StatisticsView) -> None:
    for d in view.findChildren(DrillDownDialog):
        d.close()


def test_the_page_opens_on_last_month_with_the_table_and_figures(
    qtbot, demo, director, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    assert last_month(NOW.date()) == OCTOBER
    assert view.report is not None and view.report.period == OCTOBER
    expected = run(demo, moj_report, OCTOBER, None, now=NOW)
    assert view.model.rowCount() == len(TYPE_ROWS) + 1  # every type, then 合计
    total = view.model.rowCount() - 1
    assert view.model.index(total, 0).data() == "合计"
    accepted = int(expected.by_type.total.values["accepted"] or 0)
    assert accepted > 0
    assert view.model.index(total, 1).data() == f"{accepted:,}"
    assert view.title.text() == "2026年10月 · 全中心"
    assert "受理" in view.note.text() and "不予受理" in view.note.text()
    # the two-level header: 调解成功 over 小计 / 书面协议 / 口头协议
    assert [view.model.group(c) for c in (1, 2, 3, 4)] == ["", "调解成功", "调解成功", "调解成功"]
    assert view.model.headerData(2, Qt.Orientation.Horizontal) == "小计"
    figures = run(demo, centre_figures, OCTOBER, None, now=NOW)
    now_cell = view.figures_model.index(FigureRow.NOW, 0).data()
    before_cell = view.figures_model.index(FigureRow.PREVIOUS, 0).data()
    assert now_cell == f"{int(figures['accepted'].value or 0):,} 件"
    assert before_cell == f"{int(figures['accepted'].previous or 0):,} 件"


def test_changing_the_period_queries_again(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    with qtbot.waitSignal(view.report_shown, timeout=QUERY_DELAY_MS + 3000):
        view.period.set_kind(PeriodKind.YEAR)
        view.period.year.setValue(2025)
    assert view.report is not None and view.report.period == YEAR
    expected = run(demo, moj_report, YEAR, None, now=NOW)
    total = view.model.rowCount() - 1
    assert (
        view.model.index(total, 1).data()
        == f"{int(expected.by_type.total.values['accepted'] or 0):,}"
    )
    assert view.title.text().startswith("2025年 · ")
    # the keyboard: Enter in the period chooser reads at once
    view.period.set_kind(PeriodKind.QUARTER)
    view.period.quarter.setCurrentIndex(1)
    qtbot.keyClick(view.period.quarter, Qt.Key.Key_Return)
    assert view.report.period == Period.quarter(2025, 2)
    # custom days the wrong way round: said, nothing read
    view.period.set_kind(PeriodKind.CUSTOM)
    view.period.start.setDate(view.period.end.date().addDays(3))
    view.query()
    assert "早于开始日期" in view.status.text()
    assert view.report.period == Period.quarter(2025, 2)


def test_a_new_month_moves_the_default_period_but_not_a_chosen_one(  # type: ignore[no-untyped-def]
    qtbot, demo, director, tmp_path
) -> None:
    from mediation_desk.domain.clock import fixed_clock

    view = _view(qtbot, demo, director, tmp_path)
    assert view._midnight.isActive()
    # a new day of the same month: last month is still October
    view.ctx.ops.clock = fixed_clock(dt.datetime(2026, 11, 21, 0, 0, 1))
    view._midnight.timeout.emit()  # what the timer does at a second past midnight
    assert view.period.period() == OCTOBER and view.report is not None
    assert view.report.period == OCTOBER
    # the first of December: the page left on its default moves to November, read at once
    november = Period.month(2026, 11)
    view.ctx.ops.clock = fixed_clock(dt.datetime(2026, 12, 1, 0, 0, 1))
    with qtbot.waitSignal(view.report_shown, timeout=3000):
        view._midnight.timeout.emit()
    assert view.period.period() == november and view.report.period == november
    assert view.title.text() == "2026年11月 · 全中心"
    # a period someone chose stays chosen
    with qtbot.waitSignal(view.report_shown, timeout=3000):
        view.period.set_period(YEAR)
        view.query()
    view.ctx.ops.clock = fixed_clock(dt.datetime(2027, 1, 1, 0, 0, 1))
    view._midnight.timeout.emit()
    assert view.period.period() == YEAR and view.report.period == YEAR


def test_a_unit_narrows_the_table(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    assert view.unit.itemText(0) == "全中心"
    view.unit.setCurrentIndex(1)
    view.unit.activated.emit(1)
    unit_id = view.unit_id()
    assert unit_id is not None and view.report is not None and view.report.unit_id == unit_id
    expected = run(demo, moj_report, OCTOBER, unit_id, now=NOW)
    total = view.model.rowCount() - 1
    assert (
        view.model.index(total, 1).data()
        == f"{int(expected.by_type.total.values['accepted'] or 0):,}"
    )
    assert view.report.unit_name in view.title.text()


def _biggest_cell(view: StatisticsView) -> tuple[int, int, int]:
    """(row, column, count) of the largest 受理 among the type rows (not 合计)."""
    rows = range(view.model.rowCount() - 1)
    row = max(rows, key=lambda r: int(view.model.row(r).values["accepted"] or 0))
    return row, 1, int(view.model.row(row).values["accepted"] or 0)


def test_a_double_click_on_a_figure_lists_its_cases(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    row, col, count = _biggest_cell(view)
    assert count > 0
    index = view.model.index(row, col)
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    # QTest's double-click alone has no press before it, which an item view needs
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    listing = _drill_list(view)
    assert listing.model.rowCount() == count
    assert view.model.row(row).label in listing.found.title
    # Enter (or a double-click) in the list opens the case, as the case list does
    opened: list[int] = []
    view.case_activated.connect(opened.append)
    listing.table.selectRow(1)
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert opened == [listing.found.cases[1].id]
    _close_lists(view)


def test_enter_on_last_years_figure_lists_last_years_cases(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    table: QTableView = view.figures_table
    table.setFocus()
    table.setCurrentIndex(view.figures_model.index(FigureRow.PREVIOUS, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    listing = _drill_list(view)
    assert view.figures is not None
    before = run(demo, drill_down, OCTOBER, view.figures.cell("accepted", previous=True), now=NOW)
    assert listing.model.rowCount() == before.total == view.figures["accepted"].previous
    assert listing.found.title.startswith("2025年10月")
    _close_lists(view)
    # the 增减 row lists nothing
    table.setCurrentIndex(view.figures_model.index(FigureRow.CHANGE, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert not [d for d in view.findChildren(DrillDownDialog) if d.isVisible()]


def test_the_tabs_show_each_breakdown(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    total_type = view.model.index(view.model.rowCount() - 1, 1).data()
    keys = {s.key().toString(): s for s in view.findChildren(QShortcut)}
    keys["Ctrl+2"].activated.emit()  # (an offscreen window is never active: no key reaches it)
    assert view.breakdown() is Breakdown.SOURCE
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "纠纷来源"
    assert view.model.index(0, 0).data() == "主动调解"
    assert view.model.index(view.model.rowCount() - 1, 1).data() == total_type  # sums agree
    qtbot.keyClick(view.tabs, Qt.Key.Key_Right)
    assert view.model.index(0, 0).data() == "村人民调解委员会"


def test_excel_and_pdf_are_written_where_chosen(
    qtbot, demo, director, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    chosen = {".xlsx": tmp_path / "十月报表", ".pdf": tmp_path / "十月报表.pdf"}
    asked: list[str] = []

    def save_as(_parent, title, default, kind):  # type: ignore[no-untyped-def]
        asked.append(title)
        assert "人民调解案件统计表-2026年10月-全中心" in default
        return str(chosen[".xlsx" if "xlsx" in kind else ".pdf"]), kind

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    view.xlsx_button.click()
    assert (tmp_path / "十月报表.xlsx").stat().st_size > 0  # the suffix is added
    assert "已导出" in view.status.text()
    view.pdf_button.click()
    assert (tmp_path / "十月报表.pdf").read_bytes().startswith(b"%PDF")
    assert asked == ["导出统计报表（Excel）", "导出统计报表（PDF）"]
    assert not view.ctx.ops.shown.errors  # type: ignore[attr-defined]


def test_print_shows_the_report_in_the_preview(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.print_preview_dialog import PrintPreviewDialog

    view = _view(qtbot, demo, director, tmp_path)
    view.print_button.click()
    previews = view.findChildren(PrintPreviewDialog)
    assert len(previews) == 1 and len(previews[0].pages) >= 1
    assert "2026年10月" in previews[0].windowTitle()
    previews[0].close()


def test_a_clerk_cannot_export(qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(demo, "统计页登记员", roles=frozenset({Role.CLERK}))
    view = _view(qtbot, demo, clerk, tmp_path)
    assert view.xlsx_button.isHidden() and view.pdf_button.isHidden()
    assert view.print_button.isHidden()


def test_a_case_change_reads_the_figures_again(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.changes import Changes

    view = _view(qtbot, demo, director, tmp_path)
    with qtbot.waitSignal(view.report_shown, timeout=QUERY_DELAY_MS + 3000):
        view.ctx.ops.changed.emit(Changes(cases=frozenset({1})), None)
    view.hide()
    view.ctx.ops.changed.emit(Changes(cases=frozenset({1})), None)
    with qtbot.waitSignal(view.report_shown, timeout=3000):
        view.show()  # out of date while hidden: read when shown


def test_the_charts_load_with_the_pages_not_at_start(tmp_path: Path) -> None:
    """A fresh window, signed in, has imported neither the statistics pages nor the charts;
    opening 领导看板 imports them."""
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        from mediation_desk.settings import load_settings
        from tests.conftest import open_database, seed_centre
        from ui.main_window import MainWindow
        from ui.operations import InlineExecutor

        url = f"sqlite:///{sys.argv[1]}/mediation.db"
        db = open_database(url)
        centre = seed_centre(db)
        db.dispose()
        app = QApplication([])
        from pathlib import Path
        w = MainWindow(load_settings(data_dir=Path(sys.argv[1]), database_url=url),
                       executor=InlineExecutor())
        w.show()
        w.open_database()
        w.session.enter(centre.actor)
        app.processEvents()
        lazy = ("ui.widgets.charts", "ui.views.dashboard_view", "ui.views.statistics_view")
        print("start", [m for m in lazy if m in sys.modules])
        w.show_page("dashboard")
        app.processEvents()
        print("opened", [m for m in lazy if m in sys.modules])
        w.close()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root)
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines["start"] == "[]"
    assert "ui.widgets.charts" in lines["opened"] and "ui.views.dashboard_view" in lines["opened"]


def test_the_models_pass_qtmodeltester(qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.drill_down_dialog import CaseRefModel
    from ui.models.figures_model import FiguresModel
    from ui.models.stat_table_model import StatTableModel

    report = run(demo, moj_report, OCTOBER, None, now=NOW)
    table = StatTableModel("纠纷类型")
    table.set_table(report.by_committee)
    qtmodeltester.check(table, force_py=True)
    figures = FiguresModel()
    figures.set_figures(run(demo, centre_figures, OCTOBER, None, now=NOW))
    qtmodeltester.check(figures, force_py=True)
    cases = CaseRefModel()
    cases.set_cases(
        run(demo, drill_down, OCTOBER, report.by_type.cell("", "accepted"), now=NOW).cases
    )
    qtmodeltester.check(cases, force_py=True)


def test_the_period_chooser_gives_each_kind_of_period(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.period_chooser import PeriodChooser

    chooser = PeriodChooser(dt.date(2026, 11, 20))
    qtbot.addWidget(chooser)
    chooser.show()
    assert chooser.period() == Period.month(2026, 11)  # this month at first
    assert chooser.month.isVisible() and not chooser.quarter.isVisible()
    chooser.set_kind(PeriodKind.QUARTER)
    assert chooser.period() == Period.quarter(2026, 4)
    assert chooser.quarter.isVisible() and not chooser.month.isVisible()
    chooser.set_kind(PeriodKind.YEAR)
    assert chooser.period() == Period.year(2026)
    custom = Period.custom(dt.date(2026, 3, 5), dt.date(2026, 6, 30))
    chooser.set_period(custom)
    assert chooser.period() == custom
    assert chooser.start.isVisible() and not chooser.year.isVisible()
    submitted: list[bool] = []
    chooser.submitted.connect(lambda: submitted.append(True))
    qtbot.keyClick(chooser.end, Qt.Key.Key_Return)
    assert submitted == [True]


def test_in_the_window_a_case_chosen_in_a_list_opens_its_case_window(  # type: ignore[no-untyped-def]
    qtbot, demo, director, tmp_path, monkeypatch
) -> None:
    from mediation_desk.domain.clock import fixed_clock
    from mediation_desk.settings import load_settings
    from ui.dialogs.case_detail_dialog import CaseDetailDialog
    from ui.main_window import MainWindow
    from ui.operations import InlineExecutor

    opened: list[int] = []
    monkeypatch.setattr(CaseDetailDialog, "exec", lambda d: opened.append(d.case_id) or 0)
    window = MainWindow(
        load_settings(data_dir=tmp_path, database_url=str(demo.url)),
        clock=fixed_clock(NOW),
        executor=InlineExecutor(),
    )
    qtbot.addWidget(window)
    window.show()
    window.open_database()
    assert window.session is not None
    window.session.enter(director)
    window.actions_by_name["statistics"].trigger()
    assert window.current_page_key() == "statistics"
    view = window.pages.currentWidget().view
    assert isinstance(view, StatisticsView)
    view.table.doubleClicked.emit(view.model.index(view.model.rowCount() - 1, 1))  # 合计·受理
    listing = _drill_list(view)
    listing.table.selectRow(2)
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert opened == [listing.found.cases[2].id]
    _close_lists(view)
    window.actions_by_name["dashboard"].trigger()
    assert window.current_page_key() == "dashboard"


@pytest.mark.parametrize(
    "entity", [Entity.HOLIDAYS, Entity.TIME_LIMIT_SETTINGS, Entity.UNIT, Entity.CENTRE]
)
def test_reference_changes_read_the_figures_again(  # type: ignore[no-untyped-def]
    qtbot, demo, director, tmp_path, entity: Entity
) -> None:
    """The holidays and time limits move due days (按期), a unit's kind moves its cases
    between committee types: the table is read again, or marked to be when shown."""
    view = _view(qtbot, demo, director, tmp_path)
    with qtbot.waitSignal(view.report_shown, timeout=QUERY_DELAY_MS + 3000):
        view.ctx.ops.changed.emit(Changes(reference=frozenset({entity})), None)
    view.hide()
    view.ctx.ops.changed.emit(Changes(reference=frozenset({entity})), None)
    with qtbot.waitSignal(view.report_shown, timeout=3000):
        view.show()


def test_a_change_that_no_figure_depends_on_reads_nothing(qtbot, demo, director, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo, director, tmp_path)
    view.ctx.ops.changed.emit(Changes(reference=frozenset({Entity.ROOM})), None)
    assert not view._query_timer.isActive()


def test_the_unit_chooser_is_filled_through_the_operation_helper(  # type: ignore[no-untyped-def]
    qtbot, demo, director, tmp_path
) -> None:
    ctx = make_ctx(demo, director, tmp_path / "data", now=NOW)

    def refused(_fn: object) -> None:
        raise AssertionError("ops.read on the GUI thread")

    ctx.ops.read = refused  # type: ignore[method-assign]
    reads: list[str] = []
    real_run = ctx.ops.run

    def counted(parent, fn, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(kwargs.get("title", ""))
        return real_run(parent, fn, **kwargs)

    ctx.ops.run = counted  # type: ignore[method-assign]
    view = StatisticsView(ctx)
    qtbot.addWidget(view)
    assert "无法读取调解组织" in reads
    assert view.unit.count() > 2 and view.unit.itemText(0) == "全中心"
