"""What keeps the statistics pages (领导看板, 统计报表) true while the window stays open:
which changes their figures depend on, the unit chooser filled in the background, and the
time to the next midnight (when "today" rolls over).

The figures depend on the cases (their records, agreements, confirmations and every case
whose history grew) and on reference data: the units (names, kinds, the chooser), the
holidays and the time-limit settings (the due day behind 按期/超期), the centre (its name).
The dispute types are the catalogue loaded at start-up: no action changes them, so no change
record names them; each read takes their names afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QWidget

from mediation_desk.domain.changes import Changes, Entity
from ui.context import AppContext

#: Reference data the figures depend on (beside the cases).
FIGURES_REFERENCE = frozenset(
    {Entity.UNIT, Entity.HOLIDAYS, Entity.TIME_LIMIT_SETTINGS, Entity.CENTRE}
)


def figures_changed(changes: Changes) -> bool:
    """Whether a change record may change a figure the pages show."""
    return bool(
        changes.cases
        or changes.touched_cases
        or changes.agreements
        or changes.confirmations
        or changes.reference & FIGURES_REFERENCE
    )


def load_units(
    ctx: AppContext,
    parent: QWidget,
    chooser: QComboBox,
    *,
    active_only: bool,
    on_loaded: Callable[[], None] | None = None,
) -> None:
    """Fill a unit chooser (全中心 first, then each unit; a stopped one marked) through
    ``Operations.run`` in the background, keeping the unit chosen when it is still there."""
    from mediation_desk.services.reference import UnitView, list_units

    def fill(units: list[UnitView]) -> None:
        chosen = chooser.currentData()
        chooser.clear()
        chooser.addItem(parent.tr("全中心"), None)
        for u in units:
            name = u.name if u.active else parent.tr("{0}（已停用）").format(u.name)
            chooser.addItem(name, u.id)
        chooser.setCurrentIndex(max(chooser.findData(chosen), 0))
        if on_loaded is not None:
            on_loaded()

    ctx.ops.run(
        parent,
        lambda uow: list_units(uow, active_only=active_only),
        on_success=fill,
        title=parent.tr("无法读取调解组织"),
        busy=parent.tr("正在读取调解组织…"),
    )


def ms_to_next_midnight(now: dt.datetime) -> int:
    """Milliseconds from ``now`` to a second past the next midnight (a timer firing a little
    early would read the old day)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    return int((midnight - now).total_seconds() * 1000) + 1000
