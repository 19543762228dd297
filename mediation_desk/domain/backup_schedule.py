"""When the window backs up by itself: a pure rule over the clock and the last backups.

- At start, when there is no backup yet or the newest is a day old or more: at once.
- While running: the first backup of a new day once the app has run ``SETTLE`` (the
  morning's first start is not slowed; a window left open overnight backs up after midnight),
  then every ``every`` hours.
- At exit: unless one was made in the last ``EXIT_GAP``.

The first backup of a day checks the whole database copy (``integrity_check``); later ones
that day use ``quick_check`` (about five times faster on a large file): a day's first backup
is always a full one, so a backup of today means the day's full check was made (rotation
keeps only the newest of a day, so the folder cannot say which one was full). A newest
backup dated in the future (the PC's clock was wrong) counts as none, so a corrected clock
does not stop the backups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY = dt.timedelta(days=1)
SETTLE = dt.timedelta(minutes=10)
EXIT_GAP = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class BackupDue:
    """A backup to make now: why (Chinese, for the status bar) and how thoroughly."""

    reason: str
    quick_check: bool


def backup_due(
    *,
    now: dt.datetime,
    last: dt.datetime | None,
    running_since: dt.datetime,
    every: dt.timedelta,
    at_exit: bool = False,
) -> BackupDue | None:
    """The backup due at ``now``, or None.

    ``last``: the newest good backup; ``running_since``: when this window started."""
    if last is not None and last > now:
        last = None
    quick = last is not None and last.date() == now.date()
    if at_exit:
        if last is None or now - last >= EXIT_GAP:
            return BackupDue("退出前备份", quick)
        return None
    if last is None:
        return BackupDue("还没有备份", False)
    if now - last >= DAY:
        return BackupDue("距上次备份已超过一天", quick)
    if last.date() < now.date():
        return BackupDue("今天的第一次备份", quick) if now - running_since >= SETTLE else None
    if now - last >= every:
        hours = int(every.total_seconds() // 3600)
        return BackupDue(f"距上次备份已满 {hours} 小时", quick)
    return None
