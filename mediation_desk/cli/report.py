"""``mediation-desk report --from 2026-01-01 --to 2026-03-31 [--unit 名称] --xlsx 文件``: the
statistics workbook for the justice bureau, for a scheduled or scripted run (the same
database options as the app). The export is recorded in the history like one from the window:
in the name of ``--operator`` (whose account must allow 统计报表), else of the first account
under a system pass, as ``restore`` does: a scheduled task works with the data folder's own
access and no one signs in.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..db.database import Database
from ..db.unit_of_work import UnitOfWork, perform
from ..domain.actor import Actor
from ..domain.statistics import Period, PeriodError
from ..errors import NotFound
from ..services.accounts import find_account, working_accounts
from ..services.report_export import ExportResult, export_report_xlsx
from ..services.statistics import find_unit
from .args import OK, USAGE, Parser, UsageError
from .backup import EXIT_NOTE, _common, _guarded, _settings
from .documents import open_database


def report_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="导出统计报表（XLSX）：司法部人民调解案件统计表（按纠纷类型、纠纷来源、"
        "调解组织类型）、中心工作数据与上年同期对比、按月趋势图和案件明细（个人信息已遮蔽）。"
        "统计口径：本期受理的案件。PDF 导出将在以后的版本提供。",
        epilog="示例：\n  mediation-desk report --from 2026-01-01 --to 2026-03-31 "
        "--xlsx D:\\报表\\2026年第一季度.xlsx\n\n" + EXIT_NOTE,
    )
    p.add_argument(
        "--from", dest="start", required=True, metavar="日期", help="开始日期，如 2026-01-01"
    )
    p.add_argument(
        "--to", dest="end", required=True, metavar="日期", help="结束日期（含），如 2026-03-31"
    )
    p.add_argument("--unit", default="", metavar="名称", help="只统计此调解组织（默认：全中心）")
    p.add_argument("--xlsx", type=Path, required=True, metavar="文件", help="写入此 XLSX 文件")
    p.add_argument(
        "--operator", default="", metavar="姓名", help="以哪位操作员的名义导出并记入历史"
    )
    _common(p, password=False)
    return p


def parse_period(start: str, end: str) -> Period:
    """The two days as typed (2026-01-01 or 2026/1/1); a Chinese ``UsageError`` when wrong."""
    first, last = _day(start, "--from"), _day(end, "--to")
    try:
        return Period.custom(first, last)
    except PeriodError as error:
        raise UsageError(str(error)) from None


def _day(text: str, option: str) -> dt.date:
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    try:
        y, m, d = (int(part) for part in cleaned.split("-"))
        return dt.date(y, m, d)
    except ValueError:
        raise UsageError(f"{option} 的日期“{text}”无效，请写成 2026-01-01 的形式") from None


def run_report(argv: Sequence[str], *, prog: str) -> int:
    args = report_parser(prog).parse_args(list(argv))
    period = parse_period(args.start, args.end)
    target: Path = args.xlsx
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"--xlsx 的文件名应以 .xlsx 结尾（“{target.name}”）")
    if not target.parent.exists():
        raise UsageError(f"文件夹“{target.parent}”不存在，请检查 --xlsx")
    settings = _settings(args)

    def act() -> int:
        db = open_database(settings)
        try:
            try:  # a wrong call, found only once the database is open: exit code 2
                unit_id = _unit(db, args.unit)
                actor = _operator(db, args.operator)
            except UsageError as error:
                print(f"{prog}：{error.message}", file=sys.stderr)
                return USAGE

            def export(uow: UnitOfWork) -> ExportResult:
                if not args.operator.strip():
                    uow.as_system()  # a scheduled task: the data folder's own access
                return export_report_xlsx(uow, period, target, unit_id)

            result = perform(db, export, actor=actor).value
        finally:
            db.dispose()
        print(result.path)
        print(
            f"已导出 {period.label} 的统计报表，案件明细 {result.case_rows} 件。", file=sys.stderr
        )
        return OK

    return _guarded(act, settings, prog=prog)


def _unit(db: Database, name: str) -> int | None:
    if not name.strip():
        return None
    try:
        return perform(db, lambda uow: find_unit(uow, name)).value
    except NotFound as error:
        raise UsageError(error.message) from None


def _operator(db: Database, name: str) -> Actor:
    """The account named, else the first one (the history needs a name to record)."""
    if not name.strip():
        accounts = perform(db, working_accounts).value
        if not accounts:
            raise UsageError("数据库中还没有账户，请先在程序中创建账户")
        return min(accounts, key=lambda a: a.operator_id)
    found = perform(db, lambda uow: find_account(uow, name)).value
    if found is None:
        raise UsageError(f"没有名为“{name.strip()}”的账户")
    return found


RUNNERS: dict[str, Callable[..., int]] = {"report": run_report}

__all__ = ["RUNNERS", "parse_period", "report_parser", "run_report"]
