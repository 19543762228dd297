"""Checking and repairing the statistics' kept rows (``case_stat``, ``case_stat_month``):
``mediation-desk stats check`` and ``stats rebuild``.

The rows are kept by every write (``db.case_stats``); a change made behind the app's back (a
hand edit, a restored table, a bug) can leave them stale. ``check_stats`` compares them with a
fresh computation and says in Chinese what differs; ``rebuild_stats`` writes them all anew in
one transaction, recorded in the history (the command line acts as the reserved 系统 row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ..db.case_stats import StatsDrift, rebuild_case_stats, stats_drift
from ..db.models import Case, DisputeType, HandlingUnit
from ..db.unit_of_work import UnitOfWork
from ..domain.dispute_types import report_name
from ..domain.enums import CaseSource
from ..domain.roles import Permission
from .audit import audit_event
from .permissions import requires

REBUILD_STATS = "rebuild_stats"
#: Differences listed one by one; beyond them, a count.
SHOWN = 20


@dataclass(frozen=True, slots=True)
class StatsCheck:
    drift: StatsDrift
    lines: list[str]  # what differs, one line each, in Chinese (empty: nothing)

    @property
    def clean(self) -> bool:
        return self.drift.clean


@requires(Permission.STATISTICS)
def check_stats(uow: UnitOfWork) -> StatsCheck:
    """What differs between the kept statistics and a fresh computation."""
    s = uow.read()
    drift = stats_drift(s)
    lines: list[str] = []
    if drift.cases:
        numbers = dict(
            s.execute(select(Case.id, Case.number).where(Case.id.in_(drift.cases[:SHOWN]))).all()
        )
        shown = "、".join(
            numbers.get(i) or f"已删除的案件（编号 {i}）" for i in drift.cases[:SHOWN]
        )
        more = f"等 {len(drift.cases)} 件" if len(drift.cases) > SHOWN else ""
        lines.append(f"案件统计行与重新计算不符：{shown}{more}")
    if drift.groups:
        units = dict(s.execute(select(HandlingUnit.id, HandlingUnit.name)).all())
        types = {
            c: report_name(n) for c, n in s.execute(select(DisputeType.code, DisputeType.name))
        }
        for key, (kept, fresh) in list(drift.groups.items())[:SHOWN]:
            lines.append(f"月度汇总不符：{_group_label(key, units, types)}：{_counts(kept, fresh)}")
        if len(drift.groups) > SHOWN:
            lines.append(f"……月度汇总共 {len(drift.groups)} 组不符")
    return StatsCheck(drift, lines)


def _group_label(key: tuple[Any, ...], units: dict[int, str], types: dict[str, str]) -> str:
    month, unit_id, code, source = key
    try:
        source_label = CaseSource(source).label
    except ValueError:
        source_label = "未知来源"
    unit = units.get(unit_id, "已删除的调解组织")
    return f"{month // 100}年{month % 100}月，{unit}，{types.get(code, '未知类型')}，{source_label}"


def _counts(kept: int | None, fresh: int | None) -> str:
    if kept is None:
        return f"缺少汇总行（应为受理 {fresh} 件）"
    if fresh is None:
        return f"多出汇总行（记为受理 {kept} 件，应无）"
    if kept == fresh:
        return f"受理 {kept} 件相同，其他数字不同"
    return f"记为受理 {kept} 件，应为 {fresh} 件"


@requires(Permission.STATISTICS)
def rebuild_stats(uow: UnitOfWork) -> int:
    """Write every case's row and every month group anew in one transaction, recorded in the
    history; returns the number of cases."""
    s = uow.write()
    rebuild_case_stats(s)
    count = s.scalar(select(func.count()).select_from(Case)) or 0
    audit_event(uow, REBUILD_STATS, f"重算统计数据（{count} 件案件）")
    return count
