"""``mediation-desk stats check`` and ``mediation-desk stats rebuild``: the statistics' kept
rows compared with a fresh computation (differences printed in Chinese, exit code 1 when there
are any), or written anew in one transaction (recorded in the history under the reserved 系统
row: a repair no person asked for through the window). The same database options as the other
commands (``--data-dir``, ``--database-url``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from ..db.unit_of_work import UnitOfWork, perform
from ..services.accounts import system_actor
from ..services.stats_repair import StatsCheck, check_stats, rebuild_stats
from .args import FAILED, OK, Parser, UsageError
from .backup import EXIT_NOTE, _common, _guarded, _settings
from .documents import open_database

ACTIONS = {
    "check": "核对统计数据与按案件重新计算的结果，列出不符之处（有不符则退出码为 1）",
    "rebuild": "按全部案件重新计算统计数据（一次完成，记入操作历史，操作人为“系统”）",
}


def stats_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="统计数据的核对与重算。"
        + "；".join(f"{name}：{what}" for name, what in ACTIONS.items())
        + "。",
        epilog="示例：\n  mediation-desk stats check\n  mediation-desk stats rebuild\n\n"
        + EXIT_NOTE,
    )
    p.add_argument("action", metavar="操作", help="check（核对）或 rebuild（重算）")
    _common(p, password=False)
    return p


def _as_system(uow: UnitOfWork) -> None:
    uow.as_system()
    uow.act_as(system_actor(uow))


def _check(uow: UnitOfWork) -> StatsCheck:
    _as_system(uow)
    return check_stats(uow)


def _rebuild(uow: UnitOfWork) -> int:
    _as_system(uow)
    return rebuild_stats(uow)


def run_stats(argv: Sequence[str], *, prog: str) -> int:
    args = stats_parser(prog).parse_args(list(argv))
    if args.action not in ACTIONS:
        raise UsageError(f"未知的操作“{args.action}”，请写 check（核对）或 rebuild（重算）")
    settings = _settings(args)

    def act() -> int:
        db = open_database(settings)
        try:
            if args.action == "rebuild":
                count = perform(db, _rebuild).value
                print(f"已重新计算统计数据：{count} 件案件。", file=sys.stderr)
                return OK
            result = perform(db, _check).value
        finally:
            db.dispose()
        for line in result.lines:
            print(f"问题\t{line}")
        drift = result.drift
        if not result.clean:
            print(
                f"{prog}：统计数据与重新计算不符（见上）。"
                f"可运行 mediation-desk stats rebuild 重新计算。",
                file=sys.stderr,
            )
            return FAILED
        print(
            f"通过\t统计数据与重新计算一致（{drift.case_rows} 件案件，"
            f"{drift.group_rows} 个月度分组）"
        )
        return OK

    return _guarded(act, settings, prog=prog)


RUNNERS: dict[str, Callable[..., int]] = {"stats": run_stats}

__all__ = ["RUNNERS", "run_stats", "stats_parser"]
