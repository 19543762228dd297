"""Statutory periods (民事诉讼法 art. 85; domain.md §8).

The first day is not counted; when the last day is a statutory rest day the period ends on the
next working day. Holidays and make-up working days (调休) come from ``chinesecalendar``, an
offline table updated yearly: beyond its table only weekends are known, and the result says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: 人民调解法 art. 33 / 民事诉讼法 art. 205: apply within 30 days of the agreement taking effect.
CONFIRMATION_PERIOD_DAYS = 30


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last day of a period, and how it was reached."""

    start: dt.date
    days: int
    due: dt.date
    moved_from: dt.date | None  # the nominal last day, when it fell on a rest day
    beyond_table: bool  # some date checked lies beyond the holiday table
    note: str  # Chinese, for the clerk

    def days_left(self, today: dt.date) -> int:
        """Days from ``today`` to the due date (0 on the day itself, negative when missed)."""
        return (self.due - today).days


def _is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, known from the table)."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def holiday_table_range() -> tuple[int, int]:
    """First and last year the installed holiday table covers."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return min(years), max(years)


def period_end(start: dt.date, days: int) -> Deadline:
    """The end of a period of ``days`` days starting on ``start`` (the first day not counted)."""
    nominal = start + dt.timedelta(days=days)
    due = nominal
    known = True
    for _ in range(60):  # the longest break is far shorter; guards against a broken table
        workday, in_table = _is_workday(due)
        known = known and in_table
        if workday:
            break
        due += dt.timedelta(days=1)
    moved_from = nominal if due != nominal else None
    if moved_from is not None:
        note = (
            f"第{days}日为{nominal.month}月{nominal.day}日，系法定休假日，"
            f"顺延至其后第一个工作日{due.month}月{due.day}日。"
        )
    else:
        note = f"自{start.month}月{start.day}日起算（当日不计入），第{days}日届满。"
    if not known:
        _first, last = holiday_table_range()
        note += (
            f"注意：节假日表只到{last}年，该日期超出范围，只按周末判断，"
            "请核对当年国务院节假日安排，并更新 chinesecalendar。"
        )
    return Deadline(start, days, due, moved_from, not known, note)


def confirmation_deadline(effective: dt.date) -> Deadline:
    """Last day to apply jointly for judicial confirmation of an agreement effective that day."""
    return period_end(effective, CONFIRMATION_PERIOD_DAYS)
