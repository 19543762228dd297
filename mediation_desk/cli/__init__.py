"""The command line: ``mediation-desk documents …`` writes a case's documents without a window;
``backup``, ``restore`` and ``check`` keep the data safe (``cli.backup``; ``check`` also
runs ``cli.check.CHECKS``, first the history's hash chain); ``admin reset-password`` lets a
centre back in whose administrator forgot the password (``cli.admin``); ``report`` writes the
statistics workbook (``cli.report``); ``stats check`` / ``stats rebuild`` verify or rewrite the
statistics' kept rows (``cli.stats``).

Pure Python, no Qt: ``ui.app.main`` hands these arguments over before anything imports Qt, so
the command works on a machine without a display; ``python -m mediation_desk documents …`` runs
it too (on Windows the ``mediation-desk`` script is a window program without a console).

Every message is Chinese. Exit codes: 0 done, 1 refused (a ``DeskError``: the document cannot
be produced yet, the database is busy…), 2 wrong call (unknown case or kind, missing option),
3 unexpected error (written to the log, the user sees where).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .args import USAGE, UsageError

#: The commands, each the first argument.
COMMANDS = ("documents", "backup", "restore", "check", "admin", "report", "stats")


def is_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` (without the program name) calls a command rather than the window."""
    return bool(argv) and argv[0] in COMMANDS


def main(argv: Sequence[str] | None = None, *, prog: str = "mediation-desk") -> int:
    """Run the command named by ``argv[0]``; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if hasattr(os, "umask"):
        os.umask(0o077)  # the documents, database and log: the user's eyes only (as the app)
    if not is_command(args):
        given = f"“{args[0]}”" if args else "命令"
        print(
            f"{prog}：未知的{given}。可用的命令：{'、'.join(COMMANDS)}"
            f"（如 {prog} documents --help）",
            file=sys.stderr,
        )
        return USAGE
    from .admin import RUNNERS as ADMIN
    from .backup import RUNNERS
    from .documents import run
    from .report import RUNNERS as REPORT
    from .stats import RUNNERS as STATS

    runner = {**RUNNERS, **ADMIN, **REPORT, **STATS}.get(args[0], run)
    try:
        return runner(args[1:], prog=f"{prog} {args[0]}")
    except UsageError as error:
        print(f"{prog} {args[0]}：{error.message}", file=sys.stderr)
        return USAGE
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
