"""An argument parser that speaks Chinese: its help, and its complaints about wrong arguments
(argparse's own messages are English)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from typing import NoReturn

#: Exit codes of the commands.
OK, FAILED, USAGE, UNEXPECTED = 0, 1, 2, 3


class UsageError(Exception):
    """The command was called wrongly (unknown case or kind, missing option): exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "选项 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), "选项 {0} 后面至少需要一个值"),
    (re.compile(r"argument (\S+): ignored explicit argument (.*)"), "选项 {0} 不带值（多了 {1}）"),
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{0}"),
]


def chinese(message: str) -> str:
    """argparse's complaint in Chinese; an unforeseen one keeps its text after a Chinese lead."""
    for pattern, text in _MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            return text.format(*m.groups())
    return f"命令行参数有误：{message}"


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """Raises ``UsageError`` (Chinese) instead of printing argparse's English and exiting."""

    def __init__(self, *, prog: str, description: str, epilog: str = "") -> None:
        super().__init__(
            prog=prog,
            description=description,
            epilog=epilog,
            add_help=False,
            allow_abbrev=False,
            formatter_class=_Formatter,
        )
        self._optionals.title = "选项"
        self._positionals.title = "参数"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        raise UsageError(chinese(message))
