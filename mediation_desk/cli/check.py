"""What ``mediation-desk check`` verifies in a database it could open (``cli.backup`` runs the
command: the file's own integrity first, then these in order, then the case files). Each
reports one line; the command fails (exit 1) when one finds a fault."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ..db.database import Database
from ..db.unit_of_work import perform
from ..services.audit import verify_chain

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    message: str


def check_history_chain(db: Database) -> CheckResult:
    """The history's hash chain: the first row changed, removed or added by hand."""
    broken = perform(db, verify_chain).value
    if broken is None:
        return CheckResult("操作历史", True, "哈希链完整，未发现直接改动数据库的痕迹")
    return CheckResult(
        "操作历史", False, f"第 {broken.entry_id} 条记录起哈希链断开：{broken.reason}"
    )


#: The checks ``check`` runs, in order.
CHECKS: list[Callable[[Database], CheckResult]] = [check_history_chain]
