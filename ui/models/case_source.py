"""One open case's data, shared by the case window and its panels.

It loads the case's overview in one read, and again whenever an action (from any window)
touches the case; the window and each panel render from ``loaded``. So a signature recorded
in the agreement panel updates the window's status badge, and a booking made on the day board
updates the open case's sessions, with one read however many panels show the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.services.case_overview import CaseOverview, case_overview

if TYPE_CHECKING:
    from ui.context import AppContext

#: Reference data the case window prints (unit and mediator names, document settings) or
#: counts its dates by (the holiday table and the centre's targets move the due day).
_SHOWN_REFERENCE = frozenset(
    {
        Entity.UNIT,
        Entity.MEDIATOR,
        Entity.DOCUMENT_SETTINGS,
        Entity.HOLIDAYS,
        Entity.TIME_LIMIT_SETTINGS,
    }
)


class CaseSource(QObject):
    loaded = Signal(object)  # CaseOverview

    def __init__(self, ctx: AppContext, case_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.overview: CaseOverview = self._read()
        ctx.ops.changed.connect(self._on_ops_changed)

    def _read(self) -> CaseOverview:
        case_id = self.case_id
        return self.ctx.ops.read(lambda uow: case_overview(uow, case_id))

    def reload(self) -> None:
        self.overview = self._read()
        self.loaded.emit(self.overview)

    def concerns(self, changes: Changes) -> bool:
        return changes.touches_case(self.case_id) or bool(changes.reference & _SHOWN_REFERENCE)

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if self.concerns(changes):
            self.reload()
