"""Table models of the 督办 board: the open cases of one group, and the counts per unit or
mediator."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from mediation_desk.domain.supervision import DueGroup, EscalationLevel, InstructionState, days_text
from ui.models.row_table import AnyIndex, RowTableModel

if TYPE_CHECKING:
    import datetime as dt

    from mediation_desk.services.supervision import BoardGroup, BoardRow


#: Custom role: the case id of a row (``int``); on the counts table, the group's key.
CaseIdRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2

#: Text colour and light tint of each group.
GROUP_COLOURS: dict[DueGroup, tuple[str, str]] = {
    DueGroup.OVERDUE: ("#b00020", "#fbe3e4"),
    DueGroup.DUE_SOON: ("#a15c00", "#fff1d6"),
    DueGroup.ON_TIME: ("#1b6e20", "#e6f4e6"),
    DueGroup.NO_LIMIT: ("#555555", "#f0f0f0"),
}
#: Marks a due day that lies beyond the holiday table (to be checked by hand).
BEYOND_TABLE_MARK = "※"


class Column(IntEnum):
    NUMBER = 0
    PARTIES = 1
    UNIT = 2
    MEDIATOR = 3
    DUE_ON = 4
    DAYS = 5
    ESCALATION = 6
    INSTRUCTION = 7


def due_text(due: dt.date | None, beyond: bool) -> str:
    if due is None:
        return ""
    return f"{due:%Y-%m-%d}" + (BEYOND_TABLE_MARK if beyond else "")


class BoardRowsModel(RowTableModel["BoardRow"]):
    """Read-only ``BoardRow`` rows; ``CaseIdRole`` gives a row's case id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, {}, parent)
        self._today: dt.date | None = None
        self.headers = {
            Column.NUMBER: self.tr("案号"),
            Column.PARTIES: self.tr("当事人"),
            Column.UNIT: self.tr("承办单位"),
            Column.MEDIATOR: self.tr("调解员"),
            Column.DUE_ON: self.tr("期限"),
            Column.DAYS: self.tr("超期/剩余"),
            Column.ESCALATION: self.tr("督办层级"),
            Column.INSTRUCTION: self.tr("督办情况"),
        }

    def set_rows(self, rows: list[BoardRow], today: dt.date) -> None:
        self._today = today
        self._replace_rows(rows)

    def board_row(self, row: int) -> BoardRow:
        return self._rows[row]

    def row_of(self, case_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.case_id == case_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self._row_at(index)
        if r is None:
            return None
        col = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(r, col)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(r, col, text)
            return text
        if role == CaseIdRole:
            return r.case_id
        if role == Qt.ItemDataRole.ForegroundRole and col in (Column.DAYS, Column.ESCALATION):
            return QColor(GROUP_COLOURS[r.group][0])
        if role == Qt.ItemDataRole.ForegroundRole and col is Column.INSTRUCTION:
            late = r.latest is not None and r.latest.state is InstructionState.LATE
            return QColor(GROUP_COLOURS[DueGroup.OVERDUE][0]) if late else None
        return None

    def _text(self, r: BoardRow, col: Column) -> str:
        match col:
            case Column.NUMBER:
                return r.case_number
            case Column.PARTIES:
                return r.parties
            case Column.UNIT:
                return r.unit_name
            case Column.MEDIATOR:
                return r.mediator_name or self.tr("（未指定）")
            case Column.DUE_ON:
                return due_text(r.due_on, r.due_beyond_table)
            case Column.DAYS:
                return days_text(r.due_on, self._today) if self._today else ""
            case Column.ESCALATION:
                return r.escalation.label if r.escalation is not None else ""
            case Column.INSTRUCTION:
                if r.latest is None:
                    return ""
                latest = r.latest
                if latest.state is InstructionState.REPLIED:
                    return self.tr("{0}：已回复").format(latest.level.label)
                return self.tr("{0}：{1}（限{2}）").format(
                    latest.level.label, latest.state.label, f"{latest.respond_by:%m-%d}"
                )

    def _tooltip(self, r: BoardRow, col: Column, text: str) -> str:
        if col is Column.DUE_ON and r.due_beyond_table:
            return self.tr("{0}\n该期限超出节假日表的范围，只按周末计算，请核对。").format(text)
        if col is Column.INSTRUCTION and r.latest is not None:
            latest = r.latest
            tip = self.tr("{0} {1} 下达：{2}").format(
                latest.issued_by, f"{latest.issued_at:%Y-%m-%d %H:%M}", latest.text
            )
            if latest.replied_at is not None:
                tip += self.tr("\n{0} {1} 回复：{2}").format(
                    latest.replied_by, f"{latest.replied_at:%Y-%m-%d %H:%M}", latest.reply_text
                )
            return tip
        if col is Column.ESCALATION and r.escalation is EscalationLevel.CENTRE_HEAD:
            return self.tr("超期较久或督办逾期未回复，已提请中心主任督办")
        return text


class CountColumn(IntEnum):
    NAME = 0
    OVERDUE = 1
    DUE_SOON = 2
    ON_TIME = 3
    NO_LIMIT = 4
    TOTAL = 5


_GROUP_OF = {
    CountColumn.OVERDUE: DueGroup.OVERDUE,
    CountColumn.DUE_SOON: DueGroup.DUE_SOON,
    CountColumn.ON_TIME: DueGroup.ON_TIME,
    CountColumn.NO_LIMIT: DueGroup.NO_LIMIT,
}


class GroupCountsModel(QAbstractTableModel):
    """One row per unit (or mediator) with its open cases counted by group; the first row is
    the whole centre (``KeyRole`` None there, and for cases without a mediator)."""

    ALL = "all"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[BoardGroup] = []
        self._all: dict[DueGroup, int] = {}
        self.name_header = self.tr("承办单位")

    def set_groups(self, groups: list[BoardGroup], name_header: str) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self._all = {g: sum(x.counts[g] for x in groups) for g in DueGroup}
        self.name_header = name_header
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._groups) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CountColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(CountColumn):
            return None
        col = CountColumn(section)
        if col is CountColumn.NAME:
            return self.name_header
        if col is CountColumn.TOTAL:
            return self.tr("合计")
        return _GROUP_OF[col].label

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        col = CountColumn(index.column())
        row = index.row()
        counts = self._all if row == 0 else self._groups[row - 1].counts
        if role == Qt.ItemDataRole.DisplayRole:
            if col is CountColumn.NAME:
                return self.tr("全部") if row == 0 else self._groups[row - 1].name
            if col is CountColumn.TOTAL:
                return str(sum(counts.values()))
            return str(counts[_GROUP_OF[col]])
        if role == KeyRole:
            return self.ALL if row == 0 else self._groups[row - 1].key
        if role == Qt.ItemDataRole.ForegroundRole and col in _GROUP_OF:
            group = _GROUP_OF[col]
            return QColor(GROUP_COLOURS[group][0]) if counts[group] else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col is not CountColumn.NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
