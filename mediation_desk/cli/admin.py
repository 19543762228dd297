"""``mediation-desk admin reset-password``: the way back in when the administrator's password
is forgotten (or the administrator account was lost), run on the machine that holds the data.

Works without the window and without anyone signed in: whoever may run programs against the
data folder (or holds the server's address and password) may already read the database, so
the command asks for nothing more. The account gets the new password, must change it at the
next sign-in, its slow-down is lifted, and it becomes an active administrator when no other
one is left. The reset is recorded in the history under "系统".
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Sequence

from ..db.unit_of_work import perform
from ..services.accounts import password_problem, reset_password_offline
from .args import OK, Parser, UsageError
from .backup import _common, _guarded, _settings
from .documents import _refuse_missing_sqlite_file, open_database

EXIT_NOTE = "退出码：0 完成，1 失败（原因见提示），2 参数有误，3 意外错误（详情记入日志）。"
ACTIONS = ("reset-password",)


def reset_parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="重设一个账户的密码（忘记系统管理员密码时使用）。新密码在下次登录时须修改；"
        "若中心已没有可登录的系统管理员，该账户同时成为系统管理员。此操作记入操作审计。",
        epilog="示例：\n  mediation-desk admin reset-password --name 张丽\n"
        "  echo 'new-pass-2026' | mediation-desk admin reset-password --name 张丽 "
        f"--password-stdin\n\n{EXIT_NOTE}",
    )
    p.add_argument(
        "--name", default="", metavar="账户名", help="账户名（只有一位系统管理员时可省略）"
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取新密码（第一行），供脚本使用；默认在终端输入两次",
    )
    _common(p, password=False)
    return p


def _new_password(from_stdin: bool, name: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("新密码：")
        again = getpass.getpass("再次输入新密码：")
        if password != again:
            raise UsageError("两次输入的密码不一致，密码未修改")
    problem = password_problem(password, name=name)
    if problem:
        raise UsageError(f"{problem}，密码未修改")
    return password


def run_admin(argv: Sequence[str], *, prog: str) -> int:
    args = list(argv)
    if not args or args[0] not in ACTIONS:
        if args and args[0] in ("-h", "--help"):
            print(f"用法：{prog} reset-password [选项]（详见 {prog} reset-password --help）")
            return OK
        given = f"“{args[0]}”" if args else "操作"
        raise UsageError(f"未知的{given}。可用的操作：{'、'.join(ACTIONS)}")
    parsed = reset_parser(f"{prog} {args[0]}").parse_args(args[1:])
    settings = _settings(parsed)
    _refuse_missing_sqlite_file(settings)
    password = _new_password(parsed.password_stdin, parsed.name)

    def act() -> int:
        db = open_database(settings)
        try:
            view, made_admin = perform(
                db, lambda uow: reset_password_offline(uow, name=parsed.name, password=password)
            ).value
        finally:
            db.dispose()
        extra = "，并已设为系统管理员" if made_admin else ""
        print(
            f"已重设账户“{view.name}”的密码{extra}。请用新密码登录，登录后须修改密码。",
            file=sys.stderr,
        )
        return OK

    return _guarded(act, settings, prog=prog)


RUNNERS = {"admin": run_admin}
