"""The one renderer of a case's row, shared by the search results (``CaseTableModel``) and the
whole case list (``CaseListModel``): the same first seven columns in the same places (案号 to
状态), the risk colours on the status cell, the tooltips, and the case id (``CaseIdRole``).

Each paint asks ``data`` for several roles of every visible cell: a role nobody answers leaves
at once, a row's texts are made once (not at each paint), and the colours are made once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from mediation_desk.domain.enums import RiskLevel
from ui.models.row_table import AnyIndex, RowTableModel

if TYPE_CHECKING:
    import datetime as dt

    from mediation_desk.domain.enums import CaseStatus


#: Custom role: the case id of a row (``int``).
CaseIdRole = Qt.ItemDataRole.UserRole + 1

#: Risk colours: a solid swatch (decoration) and a light tint (background) on the status cell.
RISK_COLOURS: dict[RiskLevel, tuple[str, str]] = {
    RiskLevel.YELLOW: ("#e6b800", "#fff7cc"),
    RiskLevel.ORANGE: ("#ef7d00", "#ffe4c7"),
    RiskLevel.RED: ("#d0312d", "#fbd5d3"),
}
_RISK_QCOLOURS = {level: (QColor(s), QColor(t)) for level, (s, t) in RISK_COLOURS.items()}
_ON_TINT = QColor("#202020")  # stays readable on the tint in a dark theme too

DATE_FORMAT = "%Y-%m-%d %H:%M"  # yyyy-MM-dd HH:mm


#: The columns every case row starts with, in this order (案号, 受理时间, 申请人, 被申请人,
#: 纠纷类型, 承办单位, 状态); the models' column enums (``Column``, ``ListColumn``) number them
#: alike.
NUMBER, RECEIVED_AT, APPLICANTS, RESPONDENTS, DISPUTE_TYPE, UNIT, STATUS = range(7)
SHARED_COLUMNS = STATUS + 1


#: Columns whose tooltip is the whole text (the column may be too narrow for it).
_WHOLE_TEXT_TIPS = frozenset({APPLICANTS, RESPONDENTS, UNIT})
#: The roles ``data`` answers.
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        CaseIdRole,
    }
)


class CaseRow(Protocol):
    """What a row of cases shows in the shared columns (``CaseHit``, ``CaseListRow``)."""

    @property
    def case_id(self) -> int: ...
    @property
    def number(self) -> str: ...
    @property
    def received_at(self) -> dt.datetime: ...
    @property
    def status(self) -> CaseStatus: ...
    @property
    def risk_level(self) -> RiskLevel: ...
    @property
    def dispute_type(self) -> str: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def applicants(self) -> str: ...
    @property
    def respondents(self) -> str: ...


R = TypeVar("R", bound=CaseRow)


class CaseRowsModel(RowTableModel[R]):
    """Read-only rows of cases, one column per member of ``columns`` (the shared ones
    first); a subclass renders its own further columns (``_more_texts``,
    ``_more_tooltip``, ``_more_data``)."""

    def __init__(self, columns: type[IntEnum], parent: QObject | None = None) -> None:
        super().__init__(columns, {}, parent)
        self._texts: dict[int, tuple[str, ...]] = {}  # row -> its cells' texts

    def _replace_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows, self._texts = list(rows), {}
        self.endResetModel()

    def hit(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id`` (among those loaded), or -1."""
        return next((i for i, r in enumerate(self._rows) if r.case_id == case_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # asked for several roles of every visible cell at each paint: the others leave at once
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row)
            if texts is None:
                texts = self._texts[row] = self._cells(self._rows[row])
            return texts[col]
        r = self._rows[row]
        if role == CaseIdRole:
            return r.case_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if col == STATUS and r.risk_level in _RISK_QCOLOURS:
            swatch, tint = _RISK_QCOLOURS[r.risk_level]
            if role == Qt.ItemDataRole.DecorationRole:
                return swatch
            if role == Qt.ItemDataRole.BackgroundRole:
                return tint
            if role == Qt.ItemDataRole.ForegroundRole:
                return _ON_TINT
        return self._more_data(r, col, role)

    # --- cells -------------------------------------------------------------------------------

    def _cells(self, r: R) -> tuple[str, ...]:
        shared = (
            r.number,
            r.received_at.strftime(DATE_FORMAT),
            r.applicants,
            r.respondents,
            r.dispute_type,
            r.unit_name,
            r.status.label,
        )
        return shared + self._more_texts(r)

    def _tooltip(self, r: R, col: int) -> str | None:
        if col in (NUMBER, STATUS):
            risk = self.tr("风险等级：{0}").format(r.risk_level.label)
            return "\n".join((r.number, risk)) if col == NUMBER else risk
        if col in _WHOLE_TEXT_TIPS:
            return self._cells(r)[col] or None
        return self._more_tooltip(r, col)

    def _more_texts(self, r: R) -> tuple[str, ...]:
        """The texts of the columns after ``STATUS``."""
        return ()

    def _more_tooltip(self, r: R, col: int) -> str | None:
        return None

    def _more_data(self, r: R, col: int, role: int) -> Any:
        """Another role of a column after the shared ones (a colour…); None: nothing."""
        return None
