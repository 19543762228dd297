"""``mediation-desk documents``: write a case's documents from the command line (batch printing).

It uses the app's database (``--data-dir``, ``--database-url``, the ``MEDIATION_DESK_*``
variables, ``settings.toml``: ``settings.load_settings``) and writes the window's files: each
document is generated into the case folder and recorded as its next version, in the name of an
operator, exactly as 协议与文书 › 生成所选 does; then copied into ``--out``.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.engine import make_url

from ..db.database import Database
from ..db.migrate import upgrade_to_head
from ..db.models import Case
from ..db.unit_of_work import UnitOfWork, perform
from ..domain.actor import Actor
from ..domain.document_kinds import DocumentKind, FileFormat
from ..errors import DeskError
from ..logs import configure_logging
from ..services.accounts import find_account, working_accounts
from ..services.case_data import load_case_data
from ..services.documents import (
    DocumentOption,
    GeneratedDocumentView,
    case_folder,
    document_options,
    generate_documents,
)
from ..services.search import search_cases
from ..services.startup import prepare_database
from ..settings import AppSettings, load_settings
from .args import FAILED, OK, UNEXPECTED, Parser, UsageError

log = logging.getLogger(__name__)
E = TypeVar("E")

EPILOG = """示例：
  mediation-desk documents --case "（2026）城南人调字第12号" --list
  mediation-desk documents --case "（2026）城南人调字第12号" --kind agreement 司法确认申请书 \\
      --format pdf --format docx --out ~/待打印

文件同时保存在案件文件夹（<数据文件夹>/cases/<案件编号>/）并记入文书版本和案件历史，
程序中的“协议与文书”页可以看到。退出码：0 完成，1 无法生成，2 参数有误或找不到案件。"""


@dataclass(frozen=True, slots=True)
class FoundCase:
    id: int
    number: str


def parser(prog: str) -> Parser:
    p = Parser(
        prog=prog,
        description="生成一件案件的文书，与案件窗口“协议与文书”页生成的文件相同。",
        epilog=EPILOG,
    )
    p.add_argument("--case", metavar="案号", default="", help="案件的案号")
    p.add_argument(
        "--kind",
        action="extend",
        nargs="+",
        default=[],
        metavar="文书",
        help="文书：代码（如 agreement）或名称（如 人民调解协议书），可写多个；"
        "默认为本案现在能生成的全部文书",
    )
    p.add_argument(
        "--format",
        action="append",
        default=[],
        metavar="pdf|docx",
        help="文件格式：pdf 或 docx，可重复（默认 pdf）",
    )
    p.add_argument("--out", type=Path, metavar="文件夹", help="把生成的文件另存到此文件夹")
    p.add_argument("--list", action="store_true", help="只列出本案现在能生成哪些文书")
    p.add_argument(
        "--operator",
        default="",
        metavar="姓名",
        help="以哪位操作员的名义生成（记入历史）；只有一位操作员时可省略",
    )
    p.add_argument(
        "--allow-missing-glyphs",
        action="store_true",
        help="字体缺字时仍生成 PDF（缺字处留空，需手写补上）",
    )
    p.add_argument(
        "--data-dir", type=Path, metavar="文件夹", help="数据文件夹（默认：用户数据目录）"
    )
    p.add_argument("--database-url", metavar="地址", help="数据库地址，如 postgresql+psycopg://…")
    return p


def run(argv: Sequence[str], *, prog: str) -> int:
    """The command; returns its exit code. Raises ``UsageError`` for a wrong call."""
    args = parser(prog).parse_args(list(argv))
    if not args.case.strip():
        raise UsageError("请用 --case 指定案号")
    kinds = _unique(parse_kind(k) for k in args.kind)
    formats = _unique(parse_format(f) for f in args.format) or [FileFormat.PDF]
    if not args.list and args.out is None:
        raise UsageError("请用 --out 指定保存文件的文件夹（或用 --list 只查看能生成哪些文书）")
    if args.data_dir is not None and not args.data_dir.is_dir():
        raise UsageError(f"数据文件夹“{args.data_dir}”不存在，请检查 --data-dir")
    try:
        settings = load_settings(data_dir=args.data_dir, database_url=args.database_url)
    except (OSError, ValueError) as error:  # an unreadable folder, a malformed settings.toml
        raise UsageError(
            f"无法读取数据文件夹或其中的 settings.toml（{type(error).__name__}）"
        ) from None
    _refuse_missing_sqlite_file(settings)
    log_file = configure_logging(settings.data_dir)
    try:
        return _run(args, settings, kinds, formats, prog=prog)
    except DeskError as error:
        print(f"{prog}：{error.message}{_hint(error)}", file=sys.stderr)
        return FAILED
    except OSError as error:
        log.exception("documents: cannot write a file")
        where = f"“{error.filename}”" if error.filename else ""
        print(
            f"{prog}：无法写入文件{where}，请检查文件夹是否存在、能否写入、磁盘是否已满"
            f"（{type(error).__name__}）。详情已记入日志：{log_file}",
            file=sys.stderr,
        )
        return FAILED
    except UsageError:
        raise
    except Exception as error:  # the library's text goes to the log, never to the user
        log.exception("documents: unexpected error")
        print(
            f"{prog}：发生意外错误（{type(error).__name__}）。详情已记入日志：{log_file}",
            file=sys.stderr,
        )
        return UNEXPECTED


def _run(
    args: argparse.Namespace,
    settings: AppSettings,
    kinds: list[DocumentKind],
    formats: list[FileFormat],
    *,
    prog: str,
) -> int:
    db = open_database(settings)
    try:
        case = perform(db, lambda uow: find_case(uow, args.case)).value
        options = perform(
            db, lambda uow: document_options(load_case_data(uow.read(), case.id, links=False))
        ).value
        if args.list:
            for o in options:
                state = "可以生成" if o.available else f"不能生成：{o.reason}"
                print(f"{o.kind.value}\t{o.kind.label}\t{state}")
            return OK
        kinds = _checked_kinds(kinds, options, prog=prog)
        actor = perform(db, lambda uow: choose_operator(uow, args.operator)).value
        folder = case_folder(settings.data_dir, case.id)
        files = perform(
            db,
            lambda uow: generate_documents(
                uow,
                case_id=case.id,
                kinds=kinds,
                formats=formats,
                folder=folder,
                allow_missing=args.allow_missing_glyphs,
            ),
            actor=actor,
        ).value
    finally:
        db.dispose()
    _copy_out(files, folder, args.out)
    print(
        f"已生成{len(files)}个文件：案号 {case.number}，操作员 {actor.name}；"
        f"已记入文书版本，案件文件夹 {folder}",
        file=sys.stderr,
    )
    return OK


def open_database(settings: AppSettings) -> Database:
    """The app's database, brought to the current schema, as the window opens it."""
    try:
        db = Database(settings.database_url, timeouts=settings.timeouts)
        upgrade_to_head(db)
        perform(db, prepare_database)
    except DeskError:
        raise
    except Exception as error:  # the driver's text goes to the log, not to the user
        log.exception("cannot open the database")
        raise DeskError(
            f"数据库无法打开或升级（{type(error).__name__}），详情已记入日志。"
            "请检查数据库设置（数据文件夹或服务器地址）。"
        ) from None
    return db


def _refuse_missing_sqlite_file(settings: AppSettings) -> None:
    """A mistyped ``--data-dir`` must not create an empty database to search in."""
    if not settings.is_embedded:
        return
    path = make_url(settings.database_url).database
    if path and path != ":memory:" and not Path(path).exists():
        raise UsageError(f"数据文件夹中没有数据库（{path}），请检查 --data-dir 或 --database-url")


def _number_key(text: str) -> str:
    """A case number as typed or stored, compared without width, spaces and case:
    ``(2026)城南人调字第12号`` is ``（2026）城南人调字第12号``."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def find_case(uow: UnitOfWork, number: str) -> FoundCase:
    """The case with this number (exactly, or written with other brackets or spaces)."""
    wanted = number.strip()
    row = uow.read().execute(select(Case.id, Case.number).where(Case.number == wanted)).first()
    if row is not None:
        return FoundCase(row.id, row.number)
    key = _number_key(wanted)
    hits = [h for h in search_cases(uow, wanted) if _number_key(h.number) == key]
    if len(hits) == 1:
        return FoundCase(hits[0].case_id, hits[0].number)
    if hits:
        raise UsageError(f"案号“{wanted}”对应多件案件：{'、'.join(h.number for h in hits)}")
    raise UsageError(f"找不到案号为“{wanted}”的案件，请写完整的案号，如“（2026）城南人调字第12号”")


def parse_kind(text: str) -> DocumentKind:
    """A document kind from its code (``agreement``) or its name (``人民调解协议书``)."""
    wanted = text.strip()
    for kind in DocumentKind:
        if wanted.lower() == kind.value or wanted == kind.label:
            return kind
    known = "、".join(f"{k.value}（{k.label}）" for k in DocumentKind)
    raise UsageError(f"没有“{text}”这种文书。可用的文书：{known}")


def parse_format(text: str) -> FileFormat:
    for f in FileFormat:
        if text.strip().lower() == f.value:
            return f
    raise UsageError(f"没有“{text}”这种格式，只能是 pdf 或 docx")


def _unique(items: Iterable[E]) -> list[E]:
    return list(dict.fromkeys(items))


def _checked_kinds(
    kinds: list[DocumentKind], options: list[DocumentOption], *, prog: str
) -> list[DocumentKind]:
    """The kinds asked for, each producible now; none asked: every producible kind."""
    by_kind = {o.kind: o for o in options}
    if not kinds:
        skipped = [o for o in options if not o.available]
        if skipped:
            text = "、".join(f"{o.kind.label}（{o.reason}）" for o in skipped)
            print(f"{prog}：本案现在不能生成、已跳过：{text}", file=sys.stderr)
        return [o.kind for o in options if o.available]
    refused = [by_kind[k] for k in kinds if not by_kind[k].available]
    if refused:
        text = "；".join(f"{o.kind.label}：{o.reason}" for o in refused)
        raise DeskError(f"本案现在不能生成所选文书，未生成任何文件。{text}")
    return kinds


def choose_operator(uow: UnitOfWork, name: str) -> Actor:
    """The account named (as the app's ``--operator``), or the only one there is."""
    accounts = working_accounts(uow)
    names = "、".join(a.name for a in accounts)
    if name.strip():
        found = find_account(uow, name)
        if found is None:
            raise UsageError(f"没有名为“{name.strip()}”的在用账户。现有账户：{names or '无'}")
        return found
    if len(accounts) == 1:
        return accounts[0]
    if not accounts:
        raise UsageError("还没有账户，请先在程序中建立系统管理员账户")
    raise UsageError(f"有多个账户，请用 --operator 指定以谁的名义生成（现有：{names}）")


def _copy_out(files: list[GeneratedDocumentView], folder: Path, out: Path) -> None:
    """Copy the new files into ``out`` and print their paths, one a line."""
    out.mkdir(parents=True, exist_ok=True)
    same = out.resolve() == folder.resolve()
    for f in files:
        if not same:
            shutil.copyfile(folder / f.file_name, out / f.file_name)
        print(out / f.file_name)


def _hint(error: DeskError) -> str:
    from ..documents.pdf_render import FontCoverageError

    if isinstance(error, FontCoverageError):
        return "\n如仍要生成（缺字处留空，需手写补上），请加 --allow-missing-glyphs。"
    return ""
