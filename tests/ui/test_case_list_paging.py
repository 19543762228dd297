"""The whole case list: pages fetched as the view scrolls, the filter bar, the header's sort,
and a change read in place (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select, update

from mediation_desk.db.models import Case
from mediation_desk.domain.case_list import STATUS_GROUPS, CaseFilter, SortKey
from mediation_desk.domain.enums import CaseSource, CaseStatus
from mediation_desk.services.intake import register_case
from tests.desk import run, writing
from tests.factories import two_party_draft
from tests.ui.conftest import make_ctx
from ui.models.case_list_model import CaseListModel, ListColumn
from ui.models.case_rows import CaseIdRole
from ui.views.case_list_view import CaseListView

NOW = dt.datetime(2026, 6, 15, 10)
TODAY = NOW.date()
CASES = 25


@pytest.fixture
def listing(qapp, tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    """A context at ``NOW`` over 25 cases received at 5 times (ties), rotating units and
    sources; every fifth is 调解中 and overdue, the rest 已归档."""
    ctx = make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=NOW)
    units = [sqlite_centre.desk_id, sqlite_centre.street_unit_id]
    for n in range(CASES):
        draft = two_party_draft(units[n % 2], applicant=f"当事人{n:02d}", applicant_id="")
        draft.received_at = dt.datetime(2026, 6, 1 + n % 5, 9)
        draft.source = CaseSource.PHONE if n % 3 == 0 else CaseSource.WALK_IN
        run(sqlite_db, register_case, draft, actor=sqlite_centre.actor, now=NOW)
    with writing(sqlite_db) as s:
        ids = sorted(s.scalars(select(Case.id)))
        for n, case_id in enumerate(ids):
            overdue = n % 5 == 0
            s.execute(
                update(Case)
                .where(Case.id == case_id)
                .values(
                    status=CaseStatus.IN_MEDIATION if overdue else CaseStatus.ARCHIVED,
                    due_on=TODAY - dt.timedelta(days=2) if overdue else None,
                )
            )
    return ctx


def _view(qtbot, ctx, page_size: int = 10) -> CaseListView:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.list_model.page_size = page_size
    view.resize(1100, 400)
    view.show()
    view.set_query("")
    return view


def _ids(model: CaseListModel) -> list[int]:
    return [model.index(r, 0).data(CaseIdRole) for r in range(model.rowCount())]


def _newest_first(ctx, where: str = "1 = 1") -> list[int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from tests.desk import reading

    with reading(ctx.ops.db) as s:
        return list(
            s.scalars(
                text(
                    f"SELECT id FROM mediation_case WHERE {where} "
                    "ORDER BY received_at DESC, id DESC"
                )
            )
        )


def test_model_passes_qtmodeltester_while_fetching(qtmodeltester, listing) -> None:  # type: ignore[no-untyped-def]
    model = CaseListModel(listing.ops, page_size=7)
    model.set_filter(CaseFilter())
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == CASES and len(set(_ids(model))) == CASES


def test_scrolling_to_the_end_fetches_every_case_once(qtbot, listing) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing)
    assert view.model is view.list_model
    assert view.model.rowCount() == 10 and view.model.canFetchMore()
    assert "全部案件 共 25 件" in view.summary.text()
    bar = view.table.verticalScrollBar()
    for _ in range(10):  # the view asks for more each time the bar reaches its end
        bar.setValue(bar.maximum())
        qtbot.wait(10)
    assert _ids(view.model) == _newest_first(listing)
    assert not view.model.canFetchMore()


def test_filter_bar_filters_the_list(qtbot, listing, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing, page_size=50)
    bar = view.filter_bar
    bar.unit.setCurrentIndex(bar.unit.findData(sqlite_centre.street_unit_id))
    assert view.list_model.where == CaseFilter(unit_id=sqlite_centre.street_unit_id)
    assert _ids(view.model) == _newest_first(listing, f"unit_id = {sqlite_centre.street_unit_id}")
    assert "符合筛选条件的案件 共 12 件" in view.summary.text()
    bar.source.setCurrentIndex(bar.source.findData(CaseSource.PHONE))
    street_phone = f"unit_id = {sqlite_centre.street_unit_id} AND source = 'phone'"
    assert _ids(view.model) == _newest_first(listing, street_phone)
    bar.clear_button.click()
    assert view.list_model.where == CaseFilter() and view.model.rowCount() == CASES
    assert not bar.clear_button.isEnabled()


def test_status_group_and_overdue(qtbot, listing) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing, page_size=50)
    bar = view.filter_bar
    bar.status.setCurrentIndex(bar.status.findText("办理中"))
    assert view.list_model.where.statuses == STATUS_GROUPS[0].statuses
    assert view.model.rowCount() == 5
    bar.status.setCurrentIndex(0)
    bar.overdue.setChecked(True)
    assert view.list_model.where == CaseFilter(overdue=True)
    assert _ids(view.model) == _newest_first(listing, "status = 'in_mediation'")
    due = view.model.index(0, ListColumn.DUE)
    assert due.data() == "2026-06-13 超期2天"
    assert due.data(Qt.ItemDataRole.ForegroundRole) is not None  # marked


def test_received_days_wait_for_typing_to_pause_and_refuse_a_backwards_range(
    qtbot, listing
) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing, page_size=50)
    bar = view.filter_bar
    with qtbot.waitSignal(bar.filter_changed, timeout=2000) as blocker:
        bar.received_from.setDate(QDate(2026, 6, 2))
        bar.received_to.setDate(QDate(2026, 6, 3))
    assert blocker.args[0].received_from == dt.date(2026, 6, 2)
    assert view.model.rowCount() == 10
    assert {view.model.hit(r).received_at.day for r in range(10)} == {2, 3}
    with qtbot.assertNotEmitted(bar.filter_changed, wait=500):
        bar.received_to.setDate(QDate(2026, 6, 1))
    assert bar.problem.text() == "受理日期的起始日晚于截止日" and bar.problem.isVisible()
    assert view.model.rowCount() == 10  # the last good list stays


def test_header_click_sorts_by_the_core_and_again_the_other_way(qtbot, listing) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing, page_size=50)
    header = view.table.horizontalHeader()
    header.sectionClicked.emit(ListColumn.NUMBER)
    assert view.list_model.order.key is SortKey.NUMBER and view.list_model.order.descending
    assert header.sortIndicatorSection() == ListColumn.NUMBER
    header.sectionClicked.emit(ListColumn.NUMBER)
    assert not view.list_model.order.descending
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    numbers = [view.model.hit(r) for r in range(view.model.rowCount())]
    assert [n.number for n in numbers[:2]] == ["（2026）测矛调登字第1号", "（2026）测矛调登字第2号"]
    header.sectionClicked.emit(ListColumn.APPLICANTS)  # not sortable: nothing changes
    assert view.list_model.order.key is SortKey.NUMBER
    assert header.sortIndicatorSection() == ListColumn.NUMBER
    header.sectionClicked.emit(ListColumn.DUE)
    assert view.list_model.order.key is SortKey.DUE and not view.list_model.order.descending
    assert view.model.index(0, ListColumn.DUE).data().startswith("2026-06-13")


def test_a_change_reads_the_list_again_in_place(qtbot, listing, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing, page_size=8)
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())  # a second page
    qtbot.wait(10)
    loaded = view.model.rowCount()
    assert loaded == 16
    view.table.selectRow(12)
    chosen = view.current_case_id()
    bar.setValue(3)
    draft = two_party_draft(sqlite_centre.desk_id, applicant="新来的", applicant_id="")
    draft.received_at = dt.datetime(2026, 5, 1, 9)  # the oldest: below what is loaded
    listing.ops.run(None, lambda uow: register_case(uow, draft))
    assert view.model.rowCount() == loaded
    assert view.current_case_id() == chosen and bar.value() == 3
    assert "共 26 件" in view.summary.text()


def test_a_search_sets_the_filters_aside_until_the_box_is_emptied(
    qtbot, listing, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing, page_size=50)
    bar = view.filter_bar
    bar.unit.setCurrentIndex(bar.unit.findData(sqlite_centre.desk_id))
    view.set_query("当事人01")
    assert view.model is view.search_model and not bar.isEnabled()
    assert view.model.rowCount() == 1
    view.set_query("")
    assert view.model is view.list_model and bar.isEnabled()
    assert view.list_model.where.unit_id == sqlite_centre.desk_id
    assert view.model.rowCount() == 13


def test_every_filter_control_is_reached_from_the_keyboard(qtbot, listing) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, listing)
    bar = view.filter_bar
    controls: list[QWidget] = [
        bar.status,
        bar.unit,
        bar.mediator,
        bar.source,
        bar.dispute_type,
        bar.received_from,
        bar.received_to,
        bar.overdue,
        bar.clear_button,
    ]
    for control in controls:
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control
    buddies = {label.buddy() for label in bar.findChildren(type(bar.problem)) if label.buddy()}
    assert set(controls[:6]) <= buddies  # each labelled with an Alt key (状态(&Z) …)
    bar.overdue.setChecked(True)  # something to clear: the button takes focus too
    order: list[QWidget] = []
    w = bar.status
    while len(order) < len(controls):  # Tab's order: the focus chain's enabled stops
        if w in controls and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            order.append(w)
        w = w.nextInFocusChain()
    assert order == controls


def test_a_long_list_out_of_sight_is_read_again_when_shown(  # type: ignore[no-untyped-def]
    qtbot, listing, sqlite_centre, monkeypatch
) -> None:
    view = _view(qtbot, listing, page_size=10)
    view.table.verticalScrollBar().setValue(view.table.verticalScrollBar().maximum())
    assert view.model.rowCount() == 20
    monkeypatch.setattr("ui.views.case_list_view._READ_HIDDEN", 15)  # 20 rows: a long list
    view.hide()
    reads: list[int] = []
    view.list_model.modelReset.connect(lambda: reads.append(view.model.rowCount()))
    draft = two_party_draft(sqlite_centre.desk_id, applicant="后来的", applicant_id="")
    listing.ops.run(None, lambda uow: register_case(uow, draft))
    assert reads == []  # out of sight: not read yet
    view.show()
    assert reads == [20] and view.model.hit(0).applicants == "后来的"
    assert "共 26 件" in view.summary.text()
