"""The seam to the backup module (``services/backup.py``, built separately): whether the
refusal of a damaged database can offer "restore the latest good backup", and doing it.

The backup module provides ``latest_good_backup(data_dir: Path) -> str | None`` (a Chinese
description of the newest backup that passed its check, e.g. "2026年12月1日 18:00 的备份";
None when there is none) and ``restore_latest_good_backup(data_dir: Path, database_url: str)
-> None`` (raises ``DeskError`` with a Chinese message on failure). Until it exists, the
choice is shown disabled with "尚未配置备份".
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

BACKUP_MODULE = "mediation_desk.services.backup"
NOT_CONFIGURED = "尚未配置备份"
NO_GOOD_BACKUP = "没有找到完好的备份"


@dataclass(frozen=True, slots=True)
class RestoreOffer:
    available: bool
    description: str  # the backup to restore, or why there is none


def _backup_module() -> ModuleType | None:
    try:
        module = importlib.import_module(BACKUP_MODULE)
    except ImportError:
        return None
    needed = ("latest_good_backup", "restore_latest_good_backup")
    return module if all(hasattr(module, name) for name in needed) else None


def restore_offer(data_dir: Path) -> RestoreOffer:
    module = _backup_module()
    if module is None:
        return RestoreOffer(False, NOT_CONFIGURED)
    latest = module.latest_good_backup(data_dir)
    return RestoreOffer(latest is not None, str(latest) if latest else NO_GOOD_BACKUP)


def restore_latest(data_dir: Path, database_url: str) -> None:
    """Restore the newest good backup over the database (the backup module does the work)."""
    from ..errors import DeskError

    module = _backup_module()
    if module is None:
        raise DeskError(NOT_CONFIGURED + "，无法恢复。请联系管理员。")
    module.restore_latest_good_backup(data_dir, database_url)
