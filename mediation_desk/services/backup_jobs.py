"""Backups as the window makes them: to the folder kept in this PC's settings, with its saved
password, recorded in the history; the automatic backups' state; restores that put the data
back and record it in the restored database.

The actions that record a history row take the unit of work first (``back_up_now``,
``restore_in_place``), so the permission check (中心主任 / 系统管理员) goes at their top.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.engine import make_url

from ..db.unit_of_work import UnitOfWork, perform
from ..domain.actor import Actor
from ..domain.backup_schedule import BackupDue, backup_due
from ..domain.clock import Clock, system_clock
from ..domain.roles import Permission
from ..errors import DeskError
from .audit import audit_event
from .backup import (
    BackupDamaged,
    BackupError,
    BackupInfo,
    BackupResult,
    RestoreResult,
    WrongPassword,
    list_backups,
    make_backup,
    record_restore,
    restore_backup,
    verify_backup,
)
from .backup_settings import BackupSettings, backup_password, load_backup_settings
from .permissions import requires

log = logging.getLogger(__name__)

#: The status bar's words when this PC cannot back up a server's database.
NO_SERVER_TOOLS = "本机无法备份服务器数据库"
NOT_SET = "尚未设置备份文件夹：请在“设置 › 数据备份”中选择（如第二块硬盘或 U 盘）。"


@dataclass(frozen=True, slots=True)
class BackupState:
    """What the window knows before backing up: the settings, why it cannot back up now
    (Chinese, None when it can), the newest good backup, and every backup in the folder."""

    settings: BackupSettings
    problem: str | None
    short: str = ""  # the problem in a few words, for the status bar
    last: BackupInfo | None = None
    backups: tuple[BackupInfo, ...] = ()

    def due(
        self, now: dt.datetime, running_since: dt.datetime, *, at_exit: bool = False
    ) -> BackupDue | None:
        """The automatic backup due now (never when it cannot be made or is turned off)."""
        if self.problem or not self.settings.automatic:
            return None
        return backup_due(
            now=now,
            last=self.last.created_at if self.last else None,
            running_since=running_since,
            every=dt.timedelta(hours=self.settings.every_hours),
            at_exit=at_exit,
        )


def server_tools_problem(database_url: str) -> str | None:
    """On PostgreSQL without ``pg_dump``/``pg_restore`` on this PC: what to do instead."""
    if make_url(database_url).get_backend_name() == "sqlite":
        return None
    missing = [t for t in ("pg_dump", "pg_restore") if shutil.which(t) is None]
    if not missing:
        return None
    return (
        f"数据库在 PostgreSQL 服务器上，本机没有安装 {'、'.join(missing)}，"
        "本程序无法备份或恢复服务器上的数据库。请安装 PostgreSQL 客户端工具"
        "（与服务器版本相同或更新），或请服务器管理员每天用 pg_dump 备份数据库、"
        "需要时用 pg_restore 恢复。"
    )


def backup_state(data_dir: Path, database_url: str) -> BackupState:
    """Read the settings and the backup folder (no database involved)."""
    settings = load_backup_settings(data_dir)
    problem = server_tools_problem(database_url)
    if problem is not None:
        return BackupState(settings, problem, NO_SERVER_TOOLS)
    if settings.folder is None:
        return BackupState(settings, NOT_SET, "尚未设置备份文件夹")
    if not settings.folder.is_dir():
        return BackupState(
            settings, _unreachable(settings.folder), "备份文件夹无法访问（U 盘未插好？）"
        )
    problem, short = None, ""
    if settings.encrypt and not settings.password_saved:
        problem = "已选择加密备份，但没有保存备份密码。请在“设置 › 数据备份”中设置。"
        short = "未保存备份密码"
    backups = tuple(list_backups(settings.folder))
    good = [b for b in backups if b.check_ok]
    return BackupState(settings, problem, short, good[0] if good else None, backups)


def _unreachable(folder: Path) -> str:
    return (
        f"备份文件夹“{folder}”现在无法访问（U 盘或移动硬盘是否已插好？），"
        "暂时不能备份。插好后会自动补做。"
    )


def folder_usage(folder: Path) -> int:
    """Bytes the backup folder holds (objects are shared between backups, so a backup's own
    size is not told)."""
    total = 0
    for path in folder.rglob("*"):
        with suppress(OSError):
            if path.is_file():
                total += path.stat().st_size
    return total


def describe(info: BackupInfo) -> str:
    """A backup in words: "2026年12月1日 18:00 的备份（1234 件案件）"."""
    t = info.created_at
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M} 的备份（{info.case_count} 件案件）"


# --- backing up --------------------------------------------------------------------------------


@requires(Permission.BACKUP)
def back_up_now(
    uow: UnitOfWork,
    *,
    data_dir: Path,
    database_url: str,
    how: str = "手动",
    quick_check: bool = False,
) -> BackupResult:
    """Back up to the folder and with the password kept for this PC, and record it in the
    history (``how``: 手动, 自动, 退出时). Raises ``DeskError`` (Chinese)."""
    return _back_up(uow, data_dir, database_url, how, quick_check)


def back_up_automatically(
    uow: UnitOfWork,
    *,
    data_dir: Path,
    database_url: str,
    how: str,
    quick_check: bool = False,
) -> BackupResult:
    """The window's scheduled backup (daily, at exit): upkeep no account asked for, so it
    runs without the 备份与恢复 permission and without anyone signed in (signed out, then
    quitting from the sign-in dialog). Recorded under the reserved "系统" row."""
    from .accounts import system_actor

    uow.as_system()
    uow.act_as(system_actor(uow))  # before anything reads uow.actor
    return _back_up(uow, data_dir, database_url, how, quick_check)


def _back_up(
    uow: UnitOfWork, data_dir: Path, database_url: str, how: str, quick_check: bool
) -> BackupResult:
    settings = load_backup_settings(data_dir)
    problem = server_tools_problem(database_url)
    if problem:
        raise BackupError(problem)
    if settings.folder is None:
        raise BackupError(NOT_SET)
    if not settings.folder.is_dir():  # never made anew: under an empty mount point it would
        raise BackupError(_unreachable(settings.folder))  # land on the PC's own disk
    password = backup_password(data_dir) if settings.encrypt else ""
    if settings.encrypt and not password:
        raise BackupError("已选择加密备份，但没有保存备份密码。请在“设置 › 数据备份”中设置。")
    result = make_backup(
        data_dir,
        database_url,
        settings.folder,
        at=uow.now().replace(microsecond=0),
        password=password,
        quick_check=quick_check,
        progress=uow.progress,
    )
    info = result.info
    check = "快速检查" if info.check_kind == "quick_check" else "完整性检查"
    lock = "已加密" if info.encrypted else "未加密"
    audit_event(
        uow,
        "backup",
        f"{how}备份数据到“{settings.folder}”：{info.name}，{info.case_count} 件案件，"
        f"{result.files_total} 个案件文件（新复制 {result.files_copied} 个），"
        f"{check}通过，{lock}"
        + (
            f"；轮换删除旧备份 {len(result.removed_by_rotation)} 份"
            if result.removed_by_rotation
            else ""
        ),
    )
    return result


def password_for(data_dir: Path, info: BackupInfo, typed: str = "") -> str:
    """The password to open ``info``: the one typed, else the saved one ('' if plain)."""
    if not info.encrypted:
        return ""
    if typed:
        return typed
    saved = backup_password(data_dir) if load_backup_settings(data_dir).encrypt else ""
    if not saved:
        raise BackupError(f"备份“{info.name}”已加密，请输入备份密码。")
    return saved


def verify_selected(data_dir: Path, info: BackupInfo, *, password: str = "") -> BackupInfo:
    """Read back every file of one backup (``verify_backup``) with the password typed or
    saved."""
    return verify_backup(info.path, password=password_for(data_dir, info, password))


# --- restoring -------------------------------------------------------------------------------


def restore_and_record(
    folder: Path,
    data_dir: Path,
    database_url: str,
    *,
    at: dt.datetime,
    password: str,
    operator_name: str = "",
    how: str = "",
    clock: Clock = system_clock,
) -> RestoreResult:
    """Restore ``folder`` (verified first, the current data kept aside), bring the restored
    database to the current schema, and record the restore in its history in the name of
    ``operator_name`` (the same name in the restored data), else the reserved "系统" row.

    A backup of a newer program is refused before anything is moved. Once the data is
    replaced the result stands even if the history row cannot be written (``note`` says so).
    """
    result = restore_backup(folder, data_dir, database_url, at=at, password=password)
    # the data is replaced from here on: whatever fails after, the result is "restored"
    try:
        _record_after_restore(result, database_url, operator_name, how, clock)
    except Exception as error:
        log.error("restore recorded no history row: %s", type(error).__name__)
        note = (
            "备份已恢复，但未能把这次恢复记入操作历史"
            f"（{error.message if isinstance(error, DeskError) else '数据库写入失败'}）。"
            "请重新启动程序；如启动时提示数据库问题，请联系负责维护的人员。"
        )
        result = replace(result, note=note)
    return result


def _record_after_restore(
    result: RestoreResult, database_url: str, operator_name: str, how: str, clock: Clock
) -> None:
    """Bring the restored database to the current schema and record the restore in it."""
    from ..db.database import Database
    from ..db.migrate import upgrade_to_head
    from .accounts import find_account, system_actor

    db = Database(database_url)
    try:
        upgrade_to_head(db, clock=clock)

        def recorder(uow: UnitOfWork) -> Actor:
            return (find_account(uow, operator_name) if operator_name else None) or system_actor(
                uow
            )

        actor = perform(db, recorder, clock=clock).value

        def record(uow: UnitOfWork) -> None:
            uow.as_system()  # the restore was allowed in the data it replaced
            record_restore(uow, result, how=how)

        perform(db, record, actor=actor, clock=clock)
    finally:
        db.dispose()


@requires(Permission.BACKUP)
def restore_in_place(
    uow: UnitOfWork,
    folder: Path,
    *,
    data_dir: Path,
    database_url: str,
    password: str = "",
) -> RestoreResult:
    """Restore a backup from the window. The open database is let go first (its pooled
    connections closed: Windows cannot move a file still open), and the window must close
    after: the app is started again on the restored data."""
    operator = uow.actor.name
    info = next((b for b in list_backups(folder.parent) if b.path == folder), None)
    if info is None:
        raise BackupError(f"找不到备份“{folder.name}”，请刷新列表后重试。")
    password = password_for(data_dir, info, password)
    problem = server_tools_problem(database_url)
    if problem:
        raise BackupError(problem)
    uow.progress.check()
    uow.db.dispose()
    return restore_and_record(
        folder,
        data_dir,
        database_url,
        at=uow.now().replace(microsecond=0),
        password=password,
        operator_name=operator,
        how="（程序窗口）",
        clock=uow.clock,
    )


def _restorable(data_dir: Path) -> tuple[list[BackupInfo], str]:
    settings = load_backup_settings(data_dir)
    if settings.folder is None:
        return [], ""
    try:
        password = backup_password(data_dir) if settings.encrypt else ""
    except DeskError:
        password = ""
    good = [b for b in list_backups(settings.folder) if b.check_ok]
    return [b for b in good if password or not b.encrypted], password


def latest_good_backup(data_dir: Path) -> str | None:
    """The newest backup that passed its check and can be opened with what is saved, in
    words; None when there is none (or no folder is set, or it is not plugged in)."""
    try:
        candidates, _ = _restorable(data_dir)
    except DeskError:  # settings.toml unreadable: nothing to offer
        return None
    return describe(candidates[0]) if candidates else None


def restore_latest_good_backup(data_dir: Path, database_url: str) -> None:
    """Restore the newest good backup over a damaged or missing database. A backup found
    damaged on reading (it is verified whole first, nothing moved before) is passed over for
    the next older one. Raises ``DeskError`` when none can be restored."""
    candidates, password = _restorable(data_dir)
    if not candidates:
        raise BackupError("没有找到可以恢复的完好备份。请检查备份文件夹（U 盘是否已插好）。")
    for info in candidates:
        try:
            restore_and_record(
                info.path,
                data_dir,
                database_url,
                at=dt.datetime.now().replace(microsecond=0),
                password=password,
                how="（数据库损坏后）",
            )
            return
        except (BackupDamaged, WrongPassword) as error:
            log.warning("backup %s cannot be restored: %s", info.name, type(error).__name__)
    raise BackupError("所有备份都无法通过校验，未作任何恢复。请联系负责维护的人员。")
