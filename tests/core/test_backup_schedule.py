"""When the window backs up by itself, with a fake clock: at start after a day, the first of
a new day once running a while, every few hours, at exit; quick_check after the day's first."""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.backup_schedule import EXIT_GAP, SETTLE, BackupDue, backup_due

EVERY = dt.timedelta(hours=4)
MORNING = dt.datetime(2026, 12, 2, 8, 30)


def due(
    now: dt.datetime,
    last: dt.datetime | None,
    *,
    since: dt.datetime | None = None,
    at_exit: bool = False,
) -> BackupDue | None:
    return backup_due(
        now=now,
        last=last,
        running_since=since or now,
        every=EVERY,
        at_exit=at_exit,
    )


def test_at_start_with_no_backup_or_one_a_day_old() -> None:
    assert due(MORNING, None) == BackupDue("还没有备份", False)
    two_days = MORNING - dt.timedelta(days=2)
    assert due(MORNING, two_days) == BackupDue("距上次备份已超过一天", False)


def test_yesterday_evening_waits_until_the_app_has_run_a_while() -> None:
    evening = dt.datetime(2026, 12, 1, 18, 0)
    assert due(MORNING, evening, since=MORNING) is None  # the start is not slowed
    later = MORNING + SETTLE
    assert due(later, evening, since=MORNING) == BackupDue("今天的第一次备份", False)


def test_a_window_left_open_overnight_backs_up_after_midnight() -> None:
    evening = dt.datetime(2026, 12, 1, 23, 0)
    started = dt.datetime(2026, 12, 1, 8, 0)
    assert due(dt.datetime(2026, 12, 1, 23, 50), evening, since=started) is None
    assert due(dt.datetime(2026, 12, 2, 0, 5), evening, since=started) == BackupDue(
        "今天的第一次备份", False
    )


def test_every_few_hours_with_quick_check_after_the_days_first() -> None:
    first = MORNING
    assert due(first + EVERY - dt.timedelta(minutes=1), first, since=first) is None
    assert due(first + EVERY, first, since=first) == BackupDue("距上次备份已满 4 小时", True)
    # the day's first backup checks the whole file, even when yesterday's was recent
    yesterday = dt.datetime(2026, 12, 1, 23, 0)
    assert due(yesterday + EVERY, yesterday, since=yesterday) == BackupDue(
        "今天的第一次备份", False
    )


def test_at_exit_unless_one_was_just_made() -> None:
    assert due(MORNING, MORNING - EXIT_GAP + dt.timedelta(minutes=1), at_exit=True) is None
    assert due(MORNING, MORNING - EXIT_GAP, at_exit=True) == BackupDue("退出前备份", True)
    assert due(MORNING, None, at_exit=True) == BackupDue("退出前备份", False)


def test_a_backup_dated_in_the_future_counts_as_none() -> None:
    wrong_clock = MORNING + dt.timedelta(days=300)
    assert due(MORNING, wrong_clock) == BackupDue("还没有备份", False)
