"""A database's refusal or failure, turned into one Chinese message for the user.

The driver's own text is English and may quote values (PostgreSQL's DETAIL line quotes the
row): it goes to the log as its error code only, never to the user.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import DatabaseBusy, DatabaseUnavailable, StorageError

log = logging.getLogger(__name__)

#: What the window's form keeps after a refusal (the command line has no form: it drops this).
FORM_KEPT = "，窗口中填写的内容仍在"
NOT_SAVED = f"本次操作没有保存任何内容{FORM_KEPT}。"

_SQLITE: dict[str, str] = {
    "SQLITE_CORRUPT": "数据库文件已损坏，无法读写。请联系管理员，用备份恢复。",
    "SQLITE_NOTADB": "数据文件不是本软件的数据库，或已损坏。请联系管理员，用备份恢复。",
    "SQLITE_FULL": "磁盘已满，无法保存。请清理磁盘空间后重试。",
    "SQLITE_READONLY": "数据库文件只读，无法保存。请检查文件权限或磁盘写保护。",
    "SQLITE_CANTOPEN": "无法打开数据库文件。请检查数据文件夹是否还在、能否写入。",
    "SQLITE_IOERR": "读写数据库文件时出错（磁盘或U盘故障？）。请检查磁盘后重试。",
    "SQLITE_CONSTRAINT": "数据与已有记录冲突（如重复或引用已删除的记录），未能保存。",
}

_PG_CLASSES: dict[str, str] = {
    "23": "数据与已有记录冲突（如重复或引用已删除的记录），未能保存。",
    "53": "数据库服务器资源不足（磁盘或内存已满），无法保存。请联系管理员。",
    "22": "输入的数据超出了数据库允许的范围，未能保存。",
}

APPEND_ONLY = "操作历史只能追加，不能修改或删除；本次操作没有保存任何内容。"

_BUSY_SQLSTATES = {"55P03", "57014", "40001", "40P01"}  # lock, timeout, serialization, deadlock


def busy_message(lock_timeout_s: float) -> str:
    return (
        f"数据库正忙：其他柜台或程序正在写入，等待 {lock_timeout_s:g} 秒后仍未完成。"
        + NOT_SAVED
        + "请稍后再试。"
    )


def translate(error: DBAPIError, *, lock_timeout_s: float) -> StorageError:
    """The user's message for ``error``; logs what the driver said (without values)."""
    orig: Any = error.orig
    code = _code(orig)
    log.warning(
        "database error %s (%s) in: %s", code, type(orig).__name__, _statement(error.statement)
    )
    primary = "_".join(code.split("_")[:2]) if code.startswith("SQLITE_") else code
    if primary in ("SQLITE_BUSY", "SQLITE_LOCKED") or code in _BUSY_SQLSTATES:
        return DatabaseBusy(busy_message(lock_timeout_s))
    refused = (
        not code and isinstance(error, OperationalError) and not isinstance(orig, sqlite3.Error)
    )
    if refused or code.startswith("08") or code in ("57P01", "57P02", "57P03"):
        return DatabaseUnavailable("无法连接数据库服务器，请检查网络和服务器后重试。" + NOT_SAVED)
    if code in ("SQLITE_CONSTRAINT_TRIGGER", "P0001"):  # our triggers: history is append-only
        return StorageError(APPEND_ONLY)
    if primary in _SQLITE:
        return StorageError(_SQLITE[primary])
    if code[:2] in _PG_CLASSES and not code.startswith("SQLITE_"):
        return StorageError(_PG_CLASSES[code[:2]] + NOT_SAVED)
    return StorageError(_generic())


def _generic() -> str:
    return (
        "数据库拒绝了这次操作，没有保存任何内容。"
        "请重试；如反复出现，请联系管理员（详情已记入日志）。"
    )


def _code(orig: Any) -> str:
    """SQLite's error name (``SQLITE_BUSY``…) or PostgreSQL's SQLSTATE; '' when unknown."""
    if isinstance(orig, sqlite3.Error):
        name = getattr(orig, "sqlite_errorname", "") or ""
        if not name and "locked" in str(orig):
            name = "SQLITE_BUSY"
        return str(name)
    return str(getattr(orig, "sqlstate", "") or "")


def _statement(statement: str | None) -> str:
    """The statement's first line, for the log (parameters are never bound into it)."""
    return (statement or "").strip().splitlines()[0][:160] if statement else ""


_OS_ERRORS: dict[int, str] = {
    errno.ENOSPC: "磁盘已满，{what}未能保存。请清理磁盘空间后重试。",
    errno.EDQUOT: "磁盘配额已用完，{what}未能保存。请清理空间或联系管理员后重试。",
    errno.EROFS: "数据所在的磁盘或U盘是只读的（写保护），{what}未能保存。",
    errno.EACCES: "没有写入权限，{what}未能保存。请检查数据文件夹的权限。",
    errno.EPERM: "没有写入权限，{what}未能保存。请检查数据文件夹的权限。",
    errno.EIO: "读写磁盘时出错（磁盘或U盘故障？），{what}未能保存。请检查磁盘后重试。",
    errno.ENOENT: "数据文件夹不见了（U盘拔出或网络盘断开？），{what}未能保存。",
}


def translate_os_error(error: OSError, *, what: str) -> StorageError:
    """The user's message for a file that could not be written (the OS text goes to the log)."""
    log.warning("file error %s (%s) writing %s", error.errno, type(error).__name__, what)
    return StorageError(os_error_text(error, what=what) + NOT_SAVED)


def os_error_text(error: OSError, *, what: str) -> str:
    """What went wrong with the file, in Chinese, by the error's number (no window implied:
    the command line says it too)."""
    template = _OS_ERRORS.get(error.errno or 0, "写入文件时出错，{what}未能保存。详情已记入日志。")
    return template.format(what=what)
