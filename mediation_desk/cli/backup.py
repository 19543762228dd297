"""``mediation-desk backup | restore | check``: for a scheduled task (计划任务, cron).

``backup --to DIR`` makes a verified backup of the data folder; ``restore FILE`` puts one back
(the current data kept aside, the restore recorded in the history); ``check`` checks the
database and the case files. The backup password comes from ``--password-file`` or the
``MEDIATION_DESK_BACKUP_PASSWORD`` variable (a scheduled task cannot type it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..db.storage_errors import FORM_KEPT, os_error_text
from ..db.unit_of_work import UnitOfWork, perform
from ..domain.actor import Actor
from ..errors import DeskError
from ..logs import configure_logging
from ..services.accounts import find_account, working_accounts
from ..services.backup import (
    RestoreResult,
    list_backups,
    make_backup,
    record_restore,
    restore_backup,
)
from ..services.data_check import check_case_files, check_sqlite_file
from ..settings import AppSettings, load_settings
from .args import FAILED, OK, UNEXPECTED, Parser, UsageError
from .documents import open_database

log = logging.getLogger(__name__)
ENV_PASSWORD = "MEDIATION_DESK_BACKUP_PASSWORD"
EXIT_NOTE = "退出码：0 完成，1 失败（原因见提示），2 参数有误，3 意外错误（详情记入日志）。"


def _common(p: Parser, *, password: bool = True) -> None:
    if password:
        p.add_argument(
            "--password-file",
            type=Path,
            metavar="文件",
            help=f"从此文件读取备份密码（也可用环境变量 {ENV_PASSWORD}）；不设密码则不加密",
        )
    p.add_argument(
        "--data-dir", type=Path, metavar="文件夹", help="数据文件夹（默认：用户数据目录）"
    )
    p.add_argument("--database-url", metavar="地址", help="数据库地址，如 postgresql+psycopg://…")


def backup_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="备份数据库和案件文件夹到指定文件夹（如第二块硬盘、U 盘）。只复制变化的文件；"
        "备份完成后逐一校验；按每天 7 份、每周 4 份、每月 12 份轮换。",
        epilog="示例：\n  mediation-desk backup --to E:\\调解备份 --password-file D:\\备份密码.txt"
        f"\n\n{EXIT_NOTE}",
    )
    p.add_argument("--to", type=Path, metavar="文件夹", required=True, help="备份到此文件夹")
    p.add_argument("--no-rotate", action="store_true", help="不删除旧备份")
    p.add_argument(
        "--quick-check",
        action="store_true",
        help="用快速检查（quick_check）代替完整性检查：大数据库快约 5 倍，"
        "适合一天中的第二次及以后的备份",
    )
    _common(p)
    return p


def restore_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="用一份备份恢复数据：先校验整份备份，再把现有的数据库和案件文件夹另存为"
        "“*.before-restore-<时间>”，然后放回备份中的数据，并记入历史。"
        "恢复前请关闭所有正在使用本数据的程序窗口。",
        epilog=f"示例：\n  mediation-desk restore E:\\调解备份\\backup-20261202-093000\n\n"
        f"不带参数的 --list 可列出文件夹中的备份：mediation-desk restore E:\\调解备份 --list\n\n"
        f"{EXIT_NOTE}",
    )
    p.add_argument("file", type=Path, metavar="备份", help="备份文件夹（或其中的 manifest.json）")
    p.add_argument("--list", action="store_true", help="只列出此文件夹中的备份")
    p.add_argument("--operator", default="", metavar="姓名", help="以哪位操作员的名义记入历史")
    _common(p)
    return p


def check_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="检查数据库是否完好（完整性检查），以及每个案件文件是否存在、未被改动。",
        epilog=EXIT_NOTE,
    )
    _common(p, password=False)
    return p


def run_backup(argv: Sequence[str], *, prog: str) -> int:
    args = backup_parser(prog).parse_args(list(argv))
    settings = _settings(args)
    password = _password(args)

    def act() -> int:
        result = make_backup(
            settings.data_dir,
            settings.database_url,
            args.to,
            at=dt.datetime.now().replace(microsecond=0),
            password=password,
            rotate=not args.no_rotate,
            quick_check=args.quick_check,
        )
        info = result.info
        print(info.path)
        lock = "已加密" if info.encrypted else "未加密"
        print(
            f"备份完成并已校验：{info.case_count} 件案件，{result.files_total} 个案件文件"
            f"（本次新复制 {result.files_copied} 个，{result.bytes_copied / 1e6:.1f} MB），{lock}。"
            + (
                f"轮换删除了 {len(result.removed_by_rotation)} 份旧备份。"
                if result.removed_by_rotation
                else ""
            ),
            file=sys.stderr,
        )
        return OK

    return _guarded(act, settings, prog=prog)


def run_restore(argv: Sequence[str], *, prog: str) -> int:
    args = restore_parser(prog).parse_args(list(argv))
    target: Path = args.file
    if target.name == "manifest.json":
        target = target.parent
    if args.list:
        backups = list_backups(target)
        if not backups:
            raise UsageError(f"“{target}”中没有备份")
        for b in backups:
            state = "检查通过" if b.check_ok else b.check
            lock = "加密" if b.encrypted else "未加密"
            print(
                f"{b.name}\t{b.created_at:%Y-%m-%d %H:%M}\t{b.case_count} 件案件\t{state}\t{lock}"
            )
        return OK
    if not (target / "manifest.json").is_file():
        raise UsageError(f"“{target}”不是一份备份（其中没有 manifest.json）。可用 --list 查看备份")
    settings = _settings(args)
    password = _password(args)

    def act() -> int:
        result = restore_backup(
            target,
            settings.data_dir,
            settings.database_url,
            at=dt.datetime.now().replace(microsecond=0),
            password=password,
        )
        db = open_database(settings)  # a backup of an older version is brought up to date
        try:
            actor = perform(db, lambda uow: _operator(uow, args.operator)).value
            perform(db, lambda uow: _record_restore(uow, result), actor=actor)
        finally:
            db.dispose()
        aside = "、".join(str(p) for p in result.kept_aside) or "无"
        info = result.info
        print(
            f"已恢复备份 {info.name}（{info.created_at:%Y-%m-%d %H:%M}，"
            f"{info.case_count} 件案件）。原有数据另存为：{aside}",
            file=sys.stderr,
        )
        return OK

    return _guarded(act, settings, prog=prog)


def run_check(argv: Sequence[str], *, prog: str) -> int:
    args = check_parser(prog).parse_args(list(argv))
    settings = _settings(args)

    def act() -> int:
        from .check import CHECKS

        ok, count, problems = check_sqlite_file(settings.database_url)
        files, faults = 0, 0
        if ok:  # the file is sound: open it for the checks of what it holds
            db = open_database(settings)
            try:
                for check in CHECKS:  # the history's hash chain first
                    result = check(db)
                    print(f"{'通过' if result.ok else '问题'}\t{result.name}：{result.message}")
                    faults += not result.ok
                files, file_problems = perform(
                    db, lambda uow: check_case_files(uow, settings.data_dir)
                ).value
            finally:
                db.dispose()
            problems += file_problems
        for p in problems:
            print(p)
        if problems or faults:
            found = len(problems) + faults
            print(f"{prog}：检查发现 {found} 个问题（见上）。", file=sys.stderr)
            return FAILED
        cases = f"{count} 件案件，" if settings.is_embedded else ""
        print(f"检查通过：数据库完好，{cases}{files} 个案件文件均完好。", file=sys.stderr)
        return OK

    return _guarded(act, settings, prog=prog)


def _settings(args: argparse.Namespace) -> AppSettings:
    if args.data_dir is not None and not args.data_dir.is_dir():
        raise UsageError(f"数据文件夹“{args.data_dir}”不存在，请检查 --data-dir")
    try:
        return load_settings(data_dir=args.data_dir, database_url=args.database_url)
    except (OSError, ValueError) as error:
        raise UsageError(
            f"无法读取数据文件夹或其中的 settings.toml（{type(error).__name__}）"
        ) from None


def _password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            return str(args.password_file.read_text(encoding="utf-8")).strip("\r\n")
        except (OSError, UnicodeDecodeError):
            raise UsageError(f"无法读取密码文件“{args.password_file}”") from None
    return os.environ.get(ENV_PASSWORD, "")


def _record_restore(uow: UnitOfWork, result: RestoreResult) -> None:
    """The restore in the history, under the chosen operator's name: a system pass, as the
    command line works offline with the data folder's own access (no account signs in)."""
    uow.as_system()
    record_restore(uow, result, how="（命令行）")


def _operator(uow: UnitOfWork, name: str) -> Actor:
    """The account named, else the first one: the restored database's own accounts."""
    found = find_account(uow, name) if name.strip() else None
    if found is None and not name.strip():
        accounts = working_accounts(uow)
        found = min(accounts, key=lambda a: a.operator_id) if accounts else None
    if found is None:
        raise DeskError(
            f"恢复的数据中没有名为“{name.strip()}”的账户，恢复本身已完成，但未记入历史。"
        )
    return found


def _guarded(act: Callable[[], int], settings: AppSettings, *, prog: str) -> int:
    log_file = configure_logging(settings.data_dir)
    try:
        return act()
    except DeskError as error:  # a storage refusal's "the form keeps …": no form here
        print(f"{prog}：{error.message.replace(FORM_KEPT, '')}", file=sys.stderr)
        return FAILED
    except OSError as error:  # told as the app tells it, never by the exception's name
        log.exception("%s: file error", prog)
        told = os_error_text(error, what="文件")
        print(f"{prog}：{told}（日志：{log_file}）", file=sys.stderr)
        return FAILED
    except Exception as error:  # the library's text goes to the log, never to the user
        log.exception("%s: unexpected error", prog)
        print(
            f"{prog}：发生意外错误（{type(error).__name__}）。详情已记入日志：{log_file}",
            file=sys.stderr,
        )
        return UNEXPECTED


RUNNERS: dict[str, Callable[..., int]] = {
    "backup": run_backup,
    "restore": run_restore,
    "check": run_check,
}
