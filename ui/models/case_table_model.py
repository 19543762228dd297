"""Table model over the core's search results (``CaseHit`` rows), in the core's order; the
rows are rendered by ``case_rows`` (shared with the whole list), the 匹配 column here."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ui.models.case_rows import CaseRowsModel

if TYPE_CHECKING:  # the search module imports SQLAlchemy: keep it off the start-up path
    from mediation_desk.services.search import CaseHit


class Column(IntEnum):
    NUMBER = 0
    RECEIVED_AT = 1
    APPLICANTS = 2
    RESPONDENTS = 3
    DISPUTE_TYPE = 4
    UNIT = 5
    STATUS = 6
    MATCH = 7


class CaseTableModel(CaseRowsModel["CaseHit"]):
    """Read-only rows of ``CaseHit``; ``CaseIdRole`` gives a row's case id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, parent)
        self.headers = {
            Column.NUMBER: self.tr("案号"),
            Column.RECEIVED_AT: self.tr("受理时间"),
            Column.APPLICANTS: self.tr("申请人"),
            Column.RESPONDENTS: self.tr("被申请人"),
            Column.DISPUTE_TYPE: self.tr("纠纷类型"),
            Column.UNIT: self.tr("承办单位"),
            Column.STATUS: self.tr("状态"),
            Column.MATCH: self.tr("匹配"),
        }

    def set_rows(self, rows: list[CaseHit]) -> None:
        self._replace_rows(rows)

    def _more_texts(self, h: CaseHit) -> tuple[str, ...]:
        return (h.match_note,)

    def _more_tooltip(self, h: CaseHit, col: int) -> str | None:
        return h.match_note or None if col == Column.MATCH else None  # whole when too narrow
