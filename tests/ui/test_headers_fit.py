"""No header is clipped (issue 13): the agreement's instalment table, the read-only tables
(performance items, history) are as wide as their headers at least."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTableWidget

from ui.widgets.clause_editor import ClauseEditor
from ui.widgets.detail_fields import read_only_table


def _unclipped(table: QTableWidget) -> None:
    header = table.horizontalHeader()
    for c in range(table.columnCount() - 1):  # the last one stretches
        assert header.sectionSize(c) >= header.sectionSizeHint(c), table.horizontalHeaderItem(
            c
        ).text()


def test_the_instalment_table_shows_its_headers_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = ClauseEditor([(1, "张三"), (2, "李四")], dt.date(2026, 12, 2))
    qtbot.addWidget(editor)
    editor.resize(560, 420)
    editor.show()
    _unclipped(editor.instalments)
    editor.instalments.insertRow(0)
    _unclipped(editor.instalments)


def test_read_only_tables_fit_their_headers(qtbot) -> None:  # type: ignore[no-untyped-def]
    headers = ["事项", "义务人", "内容", "履行期限", "状态", "已付", "申请执行期限", "最近登记"]
    table = read_only_table(headers, [["第1期", "张三", "付款", "", "", "", "", ""]], None)
    qtbot.addWidget(table)
    _unclipped(table)
