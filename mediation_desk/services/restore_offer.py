"""Whether the refusal of a damaged database can offer "restore the latest good backup",
and doing it, through ``services/backup_jobs.py``.

``latest_good_backup(data_dir)`` names the newest backup in the folder kept in this PC's
backup settings (``backup_settings``, ``[backup]`` in ``settings.toml``) that passed its check
and can be opened with the saved password, e.g. "2026年12月1日 18:00 的备份（1234 件案件）";
``restore_latest_good_backup(data_dir, database_url)`` restores it (verified whole first, the
damaged data kept aside, an older backup tried when it proves damaged) and records the restore
in the restored history, or raises ``DeskError`` in Chinese. With no backup folder set the
choice is shown disabled with "尚未配置备份"; with one set but nothing usable in it (the USB
stick not plugged in, no backup yet), with "没有找到完好的备份".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DeskError
from .backup_jobs import latest_good_backup, restore_latest_good_backup
from .backup_settings import load_backup_settings

NOT_CONFIGURED = "尚未配置备份"
NO_GOOD_BACKUP = "没有找到完好的备份"


@dataclass(frozen=True, slots=True)
class RestoreOffer:
    available: bool
    description: str  # the backup to restore, or why there is none


def restore_offer(data_dir: Path) -> RestoreOffer:
    try:
        configured = load_backup_settings(data_dir).configured
    except DeskError:
        configured = False
    if not configured:
        return RestoreOffer(False, NOT_CONFIGURED)
    latest = latest_good_backup(data_dir)
    return RestoreOffer(latest is not None, str(latest) if latest else NO_GOOD_BACKUP)


def restore_latest(data_dir: Path, database_url: str) -> None:
    """Restore the newest good backup over the database (``backup_jobs`` does the work)."""
    restore_latest_good_backup(data_dir, database_url)
