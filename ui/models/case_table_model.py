"""Table model over the core's search results (``CaseHit`` rows), newest first."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from mediation_desk.domain.enums import RiskLevel
from ui.models.row_table import AnyIndex, RowTableModel

if TYPE_CHECKING:  # the search module imports SQLAlchemy: keep it off the start-up path
    from mediation_desk.services.search import CaseHit


#: Custom role: the case id of a row (``int``).
CaseIdRole = Qt.ItemDataRole.UserRole + 1

#: Risk colours: a solid swatch (decoration) and a light tint (background) on the status cell.
RISK_COLOURS: dict[RiskLevel, tuple[str, str]] = {
    RiskLevel.YELLOW: ("#e6b800", "#fff7cc"),
    RiskLevel.ORANGE: ("#ef7d00", "#ffe4c7"),
    RiskLevel.RED: ("#d0312d", "#fbd5d3"),
}

DATE_FORMAT = "%Y-%m-%d %H:%M"  # yyyy-MM-dd HH:mm


class Column(IntEnum):
    NUMBER = 0
    RECEIVED_AT = 1
    APPLICANTS = 2
    RESPONDENTS = 3
    DISPUTE_TYPE = 4
    UNIT = 5
    STATUS = 6
    MATCH = 7


class CaseTableModel(RowTableModel["CaseHit"]):
    """Read-only rows of ``CaseHit``; ``CaseIdRole`` gives a row's case id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, {}, parent)
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

    # --- data in and out -------------------------------------------------------------------

    def set_rows(self, rows: list[CaseHit]) -> None:
        self._replace_rows(rows)

    def hit(self, row: int) -> CaseHit:
        return self._rows[row]

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id``, or -1."""
        for row, h in enumerate(self._rows):
            if h.case_id == case_id:
                return row
        return -1

    # --- QAbstractItemModel ----------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        h = self._row_at(index)
        if h is None:
            return None
        col = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(h, col)
        if role == CaseIdRole:
            return h.case_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(h, col)
        if col is Column.STATUS and h.risk_level in RISK_COLOURS:
            swatch, tint = RISK_COLOURS[h.risk_level]
            if role == Qt.ItemDataRole.DecorationRole:
                return QColor(swatch)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(tint)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#202020")  # stays readable on the tint in a dark theme too
        return None

    @staticmethod
    def _text(h: CaseHit, col: Column) -> str:
        match col:
            case Column.NUMBER:
                return h.number
            case Column.RECEIVED_AT:
                return h.received_at.strftime(DATE_FORMAT)
            case Column.APPLICANTS:
                return h.applicants
            case Column.RESPONDENTS:
                return h.respondents
            case Column.DISPUTE_TYPE:
                return h.dispute_type
            case Column.UNIT:
                return h.unit_name
            case Column.STATUS:
                return h.status.label
            case Column.MATCH:
                return h.match_note

    def _tooltip(self, h: CaseHit, col: Column) -> str | None:
        if col in (Column.NUMBER, Column.STATUS):
            risk = self.tr("风险等级：{0}").format(h.risk_level.label)
            return "\n".join((h.number, risk)) if col is Column.NUMBER else risk
        if col in (Column.APPLICANTS, Column.RESPONDENTS, Column.UNIT, Column.MATCH):
            return self._text(h, col) or None  # full text when the column is too narrow
        return None
