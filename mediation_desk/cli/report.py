"""``mediation-desk report --from 2026-01-01 --to 2026-03-31 [--unit 名称] --xlsx 文件 --pdf 文件``
(either or both): the statistics workbook and the printable report for the justice bureau, for
a scheduled or scripted run (the same database options as the app).

Each file is written under a temporary name beside its target; the history entry of the export
is committed, and only then are the files renamed into place (``db.files.place_on_commit``): a
failed write leaves no entry, a failed commit leaves no file. The entry is in the name of
``--operator`` (whose account must allow 统计报表), else of the reserved "系统" row under a
system pass, as the scheduled backup: a scheduled task works with the data folder's own access,
no one signs in, and no real person is named for what nobody did.

Exit codes: 0 done; 2 a wrong call (bad dates, an unknown unit or operator, a wrong file name
or a missing folder), told in Chinese, nothing written; 1 a failure (a full disk, no right to
write, the database refusing), told in Chinese.
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
from ..services.accounts import find_account, system_actor
from ..services.report_export import ExportResult, export_report_xlsx
from ..services.report_pdf import export_report_pdf
from ..services.statistics import find_unit
from .args import OK, USAGE, Parser, UsageError
from .backup import EXIT_NOTE, _common, _guarded, _settings
from .documents import open_database


def report_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="导出统计报表：XLSX 含司法部人民调解案件统计表（按纠纷类型、纠纷来源、"
        "调解组织类型）、中心工作数据与上年同期对比、按月趋势图和案件明细（个人信息已遮蔽）；"
        "PDF（A4，可直接打印）含同样的统计表、中心工作数据和图表。"
        "统计口径：本期受理的案件。--xlsx 与 --pdf 至少指定一个，也可同时指定。",
        epilog="示例：\n  mediation-desk report --from 2026-01-01 --to 2026-03-31 "
        "--xlsx D:\\报表\\2026年第一季度.xlsx --pdf D:\\报表\\2026年第一季度.pdf\n\n" + EXIT_NOTE,
    )
    p.add_argument(
        "--from", dest="start", required=True, metavar="日期", help="开始日期，如 2026-01-01"
    )
    p.add_argument(
        "--to", dest="end", required=True, metavar="日期", help="结束日期（含），如 2026-03-31"
    )
    p.add_argument("--unit", default="", metavar="名称", help="只统计此调解组织（默认：全中心）")
    p.add_argument("--xlsx", type=Path, metavar="文件", help="写入此 XLSX 文件（Excel 工作簿）")
    p.add_argument("--pdf", type=Path, metavar="文件", help="写入此 PDF 文件（A4，可打印）")
    p.add_argument(
        "--operator",
        default="",
        metavar="姓名",
        help="以哪位操作员的名义导出并记入历史（默认：系统）",
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
    if args.xlsx is None and args.pdf is None:
        raise UsageError("请用 --xlsx 或 --pdf（或两者）指定要写入的文件")
    xlsx: Path | None = _target(args.xlsx, ".xlsx", "--xlsx")
    pdf: Path | None = _target(args.pdf, ".pdf", "--pdf")
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

            def export(uow: UnitOfWork) -> tuple[ExportResult | None, Path | None]:
                if actor is None:  # a scheduled task: the data folder's own access
                    uow.as_system()
                    uow.act_as(system_actor(uow))
                book = None if xlsx is None else export_report_xlsx(uow, period, xlsx, unit_id)
                report = None if pdf is None else export_report_pdf(uow, pdf, period, unit_id)
                return book, report

            book, report = perform(db, export, actor=actor).value
        finally:
            db.dispose()
        if book is not None:
            print(book.path)
            print(
                f"已导出 {period.label} 的统计报表，案件明细 {book.case_rows} 件。",
                file=sys.stderr,
            )
        if report is not None:
            print(report)
            print(f"已导出 {period.label} 的统计报表 PDF。", file=sys.stderr)
        return OK

    return _guarded(act, settings, prog=prog)


def _target(path: Path | None, suffix: str, option: str) -> Path | None:
    """The file to write, checked before the database is opened."""
    if path is None:
        return None
    if path.suffix.lower() != suffix:
        raise UsageError(f"{option} 的文件名应以 {suffix} 结尾（“{path.name}”）")
    if not path.parent.exists():
        raise UsageError(f"文件夹“{path.parent}”不存在，请检查 {option}")
    if path.is_dir():
        raise UsageError(f"“{path}”是文件夹，请在 {option} 后写文件名")
    return path


def _unit(db: Database, name: str) -> int | None:
    if not name.strip():
        return None
    try:
        return perform(db, lambda uow: find_unit(uow, name)).value
    except NotFound as error:
        raise UsageError(error.message) from None


def _operator(db: Database, name: str) -> Actor | None:
    """The account named; None when none is (the export is then the "系统" row's)."""
    if not name.strip():
        return None
    found = perform(db, lambda uow: find_account(uow, name)).value
    if found is None:
        raise UsageError(f"没有名为“{name.strip()}”的账户")
    return found


RUNNERS: dict[str, Callable[..., int]] = {"report": run_report}

__all__ = ["RUNNERS", "parse_period", "report_parser", "run_report"]
