"""The case list: the table model and the search view (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.enums import CaseStatus, RiskLevel
from mediation_desk.domain.validation import gb11643_check_char
from mediation_desk.services.intake import register_case
from mediation_desk.services.search import CaseHit
from tests.desk import run
from tests.factories import VALID_ID, two_party_draft
from ui.models.case_rows import CaseIdRole
from ui.models.case_table_model import CaseTableModel, Column
from ui.views.case_list_view import CaseListView

SECOND_ID = "33060219850612123" + gb11643_check_char("33060219850612123")


@pytest.fixture
def cases(ctx, sqlite_centre) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Three cases, registered oldest first: 张三/李四, 张伟/王芳 (red risk), 赵六/钱七."""
    c = sqlite_centre
    first = two_party_draft(c.street_unit_id)
    second = two_party_draft(
        c.desk_id,
        applicant="张伟",
        respondent="王芳",
        applicant_id=SECOND_ID,
        applicant_phone="13900001111",
        respondent_phone="",
    )
    second.risk_level, second.risk_note = RiskLevel.RED, "双方情绪激动，有肢体冲突苗头"
    third = two_party_draft(
        c.desk_id,
        applicant="赵六",
        respondent="钱七",
        applicant_id="",
        applicant_phone="13700002222",
        respondent_phone="",
    )
    ids = {}
    for name, draft in (("张三", first), ("张伟", second), ("赵六", third)):
        ids[name] = run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor).id
    return ids


def _hit(case_id: int, risk: RiskLevel = RiskLevel.NONE, note: str = "") -> CaseHit:
    return CaseHit(
        case_id,
        f"（2025）测矛调登字第{case_id}号",
        dt.datetime(2025, 3, 4, 9, 5),
        CaseStatus.ACCEPTED,
        risk,
        "邻里",
        "综合受理窗口",
        "张三",
        "李四",
        note,
    )


def _cells(view: CaseListView) -> list[str]:
    m = view.model
    return [
        str(m.index(r, c).data(role) or "")
        for r in range(m.rowCount())
        for c in range(m.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]


def _column(view: CaseListView, col: Column) -> list[str]:
    return [view.model.index(r, col).data() for r in range(view.model.rowCount())]


# --- model -----------------------------------------------------------------------------------


def test_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel()
    model.set_rows(
        [_hit(1), _hit(2, RiskLevel.YELLOW, "证件号 110105********002X"), _hit(3, RiskLevel.RED)]
    )
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_model_roles(qapp) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel()
    model.set_rows([_hit(7), _hit(8, RiskLevel.ORANGE)])
    assert model.headerData(Column.NUMBER, Qt.Orientation.Horizontal) == "案号"
    assert model.headerData(Column.MATCH, Qt.Orientation.Horizontal) == "匹配"
    assert model.index(0, Column.RECEIVED_AT).data() == "2025-03-04 09:05"
    assert model.index(0, Column.STATUS).data() == "已受理"
    assert model.index(1, Column.UNIT).data(CaseIdRole) == 8
    assert model.hit(1).case_id == 8
    assert "橙色" in model.index(1, Column.NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert "无" in model.index(0, Column.NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, Column.STATUS).data(Qt.ItemDataRole.BackgroundRole) is None
    assert isinstance(model.index(1, Column.STATUS).data(Qt.ItemDataRole.DecorationRole), QColor)
    assert isinstance(model.index(1, Column.STATUS).data(Qt.ItemDataRole.BackgroundRole), QColor)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


# --- view ------------------------------------------------------------------------------------


def test_name_query_lists_matching_cases_newest_first(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("张")
    assert _column(view, Column.APPLICANTS) == ["张伟", "张三"]
    assert [view.model.hit(r).case_id for r in range(2)] == [cases["张伟"], cases["张三"]]
    assert "共 2 件" in view.summary.text()
    red = view.model.index(0, Column.STATUS)
    assert isinstance(red.data(Qt.ItemDataRole.DecorationRole), QColor)
    assert "红色" in view.model.index(0, Column.NUMBER).data(Qt.ItemDataRole.ToolTipRole)


def test_id_suffix_query_shows_masked_id_only(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("002X")
    assert view.model.rowCount() == 1
    assert view.model.hit(0).case_id == cases["张三"]
    assert _column(view, Column.MATCH) == ["身份证号后四位 110105********002X"]
    assert not any(VALID_ID in cell or VALID_ID.lower() in cell for cell in _cells(view))


def test_no_match_says_so_and_echoes_query(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("欧阳")
    assert view.model.rowCount() == 0
    assert view.summary.text() == "未找到与“欧阳”相符的案件"


def test_empty_query_lists_recent_cases(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("")
    assert _column(view, Column.APPLICANTS) == ["赵六", "张伟", "张三"]
    assert "共 3 件" in view.summary.text()


def test_double_click_emits_case_activated(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.set_query("张")
    table = view.table
    pos = table.visualRect(view.model.index(1, Column.APPLICANTS)).center()
    with qtbot.waitSignal(view.case_activated, timeout=1000) as blocker:
        # a real double-click is press, release, double-click: Qt's item views need the press
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [cases["张三"]]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_row_emits_case_activated(qtbot, ctx, cases, key) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.set_query("")
    view.table.setFocus()
    view.table.selectRow(1)
    with qtbot.waitSignal(view.case_activated, timeout=1000) as blocker:
        qtbot.keyClick(view.table, key)
    assert blocker.args == [cases["张伟"]]


def test_enter_without_selection_emits_nothing(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("欧阳")
    with qtbot.assertNotEmitted(view.case_activated):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)


def _another_zhang(unit_id: int):  # type: ignore[no-untyped-def]
    return two_party_draft(
        unit_id,
        applicant="张小明",
        respondent="孙八",
        applicant_id="",
        applicant_phone="13600003333",
        respondent_phone="",
    )


def test_case_saved_refreshes_and_keeps_selection(qtbot, ctx, cases, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("张")
    view.table.selectRow(1)
    draft = _another_zhang(sqlite_centre.traffic_unit_id)
    # registered at another screen: the operation helper reports it on ``changed``
    ctx.ops.run(None, lambda uow: register_case(uow, draft))
    assert _column(view, Column.APPLICANTS) == ["张小明", "张伟", "张三"]
    assert view.current_case_id() == cases["张三"]
    assert "共 3 件" in view.summary.text()


def test_refreshes_only_when_a_case_record_changed(qtbot, ctx, cases, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("张")
    searches: list[str] = []
    view.model.modelReset.connect(lambda: searches.append(view.query))
    # saved behind the list's back (no change reported yet)
    new = run(ctx.ops.db, register_case, _another_zhang(sqlite_centre.desk_id), actor=ctx.ops.actor)
    for unrelated in (
        Changes(sessions=frozenset({1})),
        Changes(documents=frozenset({cases["张三"]}), touched_cases=frozenset({cases["张三"]})),
        Changes(agreements=frozenset({cases["张伟"]}), touched_cases=frozenset({cases["张伟"]})),
        Changes(reference=frozenset({Entity.ROOM})),
    ):
        ctx.ops.changed.emit(unrelated, None)
    assert searches == []
    assert view.model.rowCount() == 2
    ctx.ops.changed.emit(Changes(cases=frozenset({new.id})), None)
    assert searches == ["张"]
    assert _column(view, Column.APPLICANTS) == ["张小明", "张伟", "张三"]


def test_query_typed_in_ascii_initials(qtbot, ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.set_query("zl")  # 赵六 by pinyin initials
    assert _column(view, Column.APPLICANTS) == ["赵六"]
    assert view.model.index(0, 0).data(CaseIdRole) == cases["赵六"]
    assert not view.model.index(0, 0).parent().isValid()
    assert view.model.rowCount(QModelIndex()) == 1


def test_the_results_and_the_list_share_their_first_columns() -> None:
    """One renderer (``case_rows``) fills both: its columns are in the same places in each."""
    from ui.models.case_list_model import ListColumn
    from ui.models.case_rows import SHARED_COLUMNS, STATUS

    assert Column.STATUS == ListColumn.STATUS == STATUS
    for shared in list(Column)[:SHARED_COLUMNS]:
        assert ListColumn[shared.name] == shared
