"""The start-up check of an embedded database file, before anything opens it for writing.

A damaged file, and a missing or 0-byte file where a centre existed (the marker in the data
folder says so), are refused: the user is offered a restore, a read-only opening, or to quit.

Small files get SQLite's full ``integrity_check``. On a large file the check would cost
seconds, so start-up reads only the header and the schema (a few ms) and ``quick_check`` runs
in a background thread (``BackgroundCheck``); no write begins before it has passed
(``Database.write_guard``), and signing in writes, so the clerk would wait for it.

That wait is spared on the everyday start: the program closed normally the evening before,
after the file had passed its check, and nothing has touched the file since. The clean close
leaves a seal in the data folder (``seal_clean_close``: the file's size, modification time and
inode, written after the last connection closed and the write-ahead log was folded in); the
next start takes the seal away before anything opens the file (``take_seal``: one seal, one
opening) and skips the check only when the file is exactly as sealed. A power cut, a crash, a
second program writing the file, a file copied in, a seal older than ``SEAL_MAX_AGE``: no
seal, or one that does not match, and the check runs as before. (The day's first automatic
backup checks the whole copy too.)
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from contextlib import closing, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..errors import StorageError
from .files import private_file

log = logging.getLogger(__name__)

MARKER_FILE = "centre.json"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Files up to this size get the full integrity check at start-up (≈ 20 ms per MB).
FULL_CHECK_MAX_BYTES = 4 * 1024 * 1024
#: The clean-close seal (see the module's docstring), in the data folder.
SEAL_FILE = "clean-close.json"
#: A seal older than this is not trusted: the file is checked at least once a week.
SEAL_MAX_AGE = dt.timedelta(days=7)


class Verdict(StrEnum):
    OK = "ok"
    NEW = "new"  # no file and no centre before: a new centre is created
    DAMAGED = "damaged"
    MISSING_BUT_EXISTED = "missing_but_existed"
    EMPTY_BUT_EXISTED = "empty_but_existed"


MESSAGES: dict[Verdict, str] = {
    Verdict.OK: "数据库检查通过。",
    Verdict.NEW: "数据文件夹中还没有中心数据，将新建一个中心。",
    Verdict.DAMAGED: "数据库文件已损坏，为防止进一步损坏，本软件不会以可写方式打开它。",
    Verdict.MISSING_BUT_EXISTED: (
        "数据库文件不见了，但此数据文件夹中曾有中心数据（可能被移动、删除或U盘未插好）。"
        "本软件不会新建一个空的中心来代替它。"
    ),
    Verdict.EMPTY_BUT_EXISTED: (
        "数据库文件是空的（0 字节），但此数据文件夹中曾有中心数据（可能是复制中断或磁盘故障）。"
        "本软件不会把它当作一个新的空中心打开。"
    ),
}

REFUSED = frozenset({Verdict.DAMAGED, Verdict.MISSING_BUT_EXISTED, Verdict.EMPTY_BUT_EXISTED})


@dataclass(frozen=True, slots=True)
class StartupCheck:
    verdict: Verdict
    path: Path | None = None
    detail: str = ""  # what SQLite said, for the log
    deferred: bool = False  # only the header was read; ``BackgroundCheck`` does the rest

    @property
    def message(self) -> str:
        return MESSAGES[self.verdict]

    @property
    def refused(self) -> bool:
        return self.verdict in REFUSED


def sqlite_path(database_url: str) -> Path | None:
    """The file of an embedded database URL; None for a server or an in-memory database."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database.removeprefix("file:").split("?")[0])


def check_database(
    database_url: str,
    data_dir: Path,
    *,
    full_max_bytes: int = FULL_CHECK_MAX_BYTES,
    now: dt.datetime | None = None,
) -> StartupCheck:
    """The verdict on the database before it is opened (a server database: always OK here —
    its failures are the server's to report). With ``now``, a clean-close seal is taken and,
    when the file is exactly as sealed, a large file is not checked again."""
    path = sqlite_path(database_url)
    if path is None:
        return StartupCheck(Verdict.OK)
    existed = centre_existed(data_dir, path)
    sealed = now is not None and take_seal(data_dir, path, now=now)
    if not path.exists():
        return StartupCheck(Verdict.MISSING_BUT_EXISTED if existed else Verdict.NEW, path)
    size = path.stat().st_size
    if size == 0:
        return StartupCheck(Verdict.EMPTY_BUT_EXISTED if existed else Verdict.NEW, path)
    with path.open("rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            return StartupCheck(Verdict.DAMAGED, path, "not an SQLite header")
    if size <= full_max_bytes:
        return _run_check(path, "PRAGMA integrity_check(20)")
    light = _run_check(path, "SELECT count(*) FROM sqlite_schema")
    if light.verdict is not Verdict.OK:
        return light
    if sealed:
        return StartupCheck(Verdict.OK, path, "unchanged since a clean close after its check")
    return StartupCheck(Verdict.OK, path, deferred=True)


def _run_check(path: Path, statement: str) -> StartupCheck:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as conn:
            rows = [str(r[0]) for r in conn.execute(statement).fetchall()]
    except sqlite3.DatabaseError as error:  # NOTADB, CORRUPT, IOERR
        return StartupCheck(Verdict.DAMAGED, path, f"{type(error).__name__}: {error}")
    if statement.startswith("PRAGMA") and rows != ["ok"]:
        return StartupCheck(Verdict.DAMAGED, path, "; ".join(rows)[:500])
    return StartupCheck(Verdict.OK, path)


class BackgroundCheck:
    """SQLite's ``quick_check`` of a large file, in a thread; ``wait`` gives the verdict."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._result: StartupCheck | None = None
        self._thread = threading.Thread(target=self._run, name="startup-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._result = _run_check(self.path, "PRAGMA quick_check(20)")
        if self._result.refused:
            log.error("database check failed: %s", self._result.detail)

    def wait(self, timeout: float | None = None) -> StartupCheck | None:
        self._thread.join(timeout)
        return self._result

    def guard(self) -> None:
        """For ``Database.write_guard``: no write before the check passed."""
        result = self.wait()
        if result is not None and result.refused:
            raise StorageError(
                result.message + "请退出本软件后重新启动，按提示用备份恢复；本次操作没有保存。"
            )


# ----- the clean-close seal


def _identity(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


def _log_left(path: Path) -> bool:
    """A write-ahead log with content beside the file: writes not yet folded into it."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def seal_clean_close(data_dir: Path, path: Path, *, at: dt.datetime) -> bool:
    """After the program closed ``path`` normally (every connection closed) in a session whose
    check passed: seal the file as it is now. Nothing is sealed while a write-ahead log is left
    (another program still has the file open). True when sealed."""
    try:
        if _log_left(path):
            return False
        content = {"path": str(path.resolve()), "closed_at": at.isoformat(), **_identity(path)}
        seal = data_dir / SEAL_FILE
        tmp = seal.with_name(seal.name + f".{os.getpid()}.tmp")
        with private_file(tmp) as f:
            f.write(json.dumps(content).encode("utf-8"))
        os.replace(tmp, seal)
    except OSError:  # media gone at exit: the next start simply checks the file
        log.warning("no clean-close seal written", exc_info=True)
        return False
    return True


class CleanClose:
    """What a session seals when it closes normally: its file, once the file's check passed
    (at start, or ``background`` finished clean before the close)."""

    def __init__(self, path: Path, background: BackgroundCheck | None = None) -> None:
        self.path = path
        self.background = background

    def seal(self, data_dir: Path, *, at: dt.datetime) -> bool:
        if self.background is not None:
            result = self.background.wait(timeout=0)
            if result is None or result.refused:
                return False  # unchecked or damaged: the next start checks it
        return seal_clean_close(data_dir, self.path, at=at)


def take_seal(data_dir: Path, path: Path, *, now: dt.datetime) -> bool:
    """Take the seal away (it is good for one opening) and say whether ``path`` is exactly the
    file sealed, with no log beside it, within ``SEAL_MAX_AGE``."""
    seal = data_dir / SEAL_FILE
    try:
        content = json.loads(seal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        content = {}
    with suppress(OSError):
        seal.unlink()
    try:
        closed_at = dt.datetime.fromisoformat(content["closed_at"])
        age = now - closed_at
        same = (
            content["path"] == str(path.resolve())
            and all(content[key] == value for key, value in _identity(path).items())
            and not _log_left(path)
        )
    except (KeyError, TypeError, ValueError, OSError):
        return False
    return same and dt.timedelta(0) <= age <= SEAL_MAX_AGE


# ----- the marker: a centre existed in this data folder


def centre_existed(data_dir: Path, path: Path) -> bool:
    marker = data_dir / MARKER_FILE
    if not marker.exists():
        return False
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8")).get("databases", [])
    except (ValueError, OSError, AttributeError):
        return True  # an unreadable marker still says a centre was here
    return str(path.resolve()) in recorded or not recorded


def mark_centre(data_dir: Path, database_url: str, *, at: dt.datetime) -> None:
    """Record that a centre lives in this database (idempotent; nothing for a server)."""
    path = sqlite_path(database_url)
    if path is None:
        return
    marker = data_dir / MARKER_FILE
    content: dict[str, object] = {"databases": [], "created_at": at.isoformat()}
    if marker.exists():
        with suppress(ValueError, OSError):
            content = json.loads(marker.read_text(encoding="utf-8"))
    databases = list(content.get("databases", []))  # type: ignore[call-overload]
    key = str(path.resolve())
    if key in databases:
        return
    databases.append(key)
    content["databases"] = databases
    tmp = marker.with_name(marker.name + f".{os.getpid()}.tmp")
    with private_file(tmp) as f:
        f.write(json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(tmp, marker)
