"""``mediation-desk check``: verify the database without the window.

The checks run in order (``CHECKS``), each reporting on its own lines; the command fails (exit
1) when one finds a fault. The history's hash chain is first; checks of the database file add
themselves to the list.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..db.database import Database
from ..db.unit_of_work import perform
from ..errors import DeskError
from ..logs import configure_logging
from ..services.audit import verify_chain
from ..settings import load_settings
from .args import FAILED, OK, UNEXPECTED, Parser, UsageError
from .documents import _refuse_missing_sqlite_file, open_database

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


def parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="检查数据库：操作历史的哈希链是否完整（有无在数据库中直接修改、删除的记录）。",
        epilog="退出码：0 检查通过，1 发现问题或无法检查，2 参数有误。",
    )
    p.add_argument(
        "--data-dir", type=Path, metavar="文件夹", help="数据文件夹（默认：用户数据目录）"
    )
    p.add_argument("--database-url", metavar="地址", help="数据库地址，如 postgresql+psycopg://…")
    return p


def run(argv: Sequence[str], *, prog: str) -> int:
    """The command; returns its exit code. Raises ``UsageError`` for a wrong call."""
    args: argparse.Namespace = parser(prog).parse_args(list(argv))
    if args.data_dir is not None and not args.data_dir.is_dir():
        raise UsageError(f"数据文件夹“{args.data_dir}”不存在，请检查 --data-dir")
    try:
        settings = load_settings(data_dir=args.data_dir, database_url=args.database_url)
    except (OSError, ValueError) as error:
        raise UsageError(
            f"无法读取数据文件夹或其中的 settings.toml（{type(error).__name__}）"
        ) from None
    _refuse_missing_sqlite_file(settings)
    log_file = configure_logging(settings.data_dir)
    try:
        db = open_database(settings)
        try:
            results = [check(db) for check in CHECKS]
        finally:
            db.dispose()
    except DeskError as error:
        print(f"{prog}：{error.message}", file=sys.stderr)
        return FAILED
    except Exception as error:  # the library's text goes to the log, never to the user
        log.exception("check: unexpected error")
        print(
            f"{prog}：发生意外错误（{type(error).__name__}）。详情已记入日志：{log_file}",
            file=sys.stderr,
        )
        return UNEXPECTED
    for r in results:
        print(f"{'通过' if r.ok else '问题'}\t{r.name}：{r.message}")
    return OK if all(r.ok for r in results) else FAILED
