"""Statutory periods (民事诉讼法 art. 85; domain.md §8).

The first day is not counted; when the last day is a statutory rest day the period ends on the
next working day. Holidays and make-up working days (调休) come from a ``WorkCalendar``:
``chinesecalendar``'s offline table plus the years the centre entered itself. Beyond the known
years only weekends are known, and the result says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .work_calendar import WorkCalendar, base_calendar

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


def holiday_table_range(calendar: WorkCalendar | None = None) -> tuple[int, int]:
    """First year of the holiday table and the last of its unbroken run of known years."""
    cal = calendar or base_calendar()
    return min(cal.known_years), cal.last_known_year


def first_workday(day: dt.date, calendar: WorkCalendar) -> tuple[dt.date, bool]:
    """``day``, or the first working day after it when it is a rest day (民诉法 art. 85);
    and whether every day looked at lies in the known table."""
    known = True
    for _ in range(60):  # the longest break is far shorter; guards against a broken table
        known = known and calendar.is_known(day)
        if calendar.is_workday(day):
            break
        day += dt.timedelta(days=1)
    return day, known


def beyond_table_note(calendar: WorkCalendar) -> str:
    """What the clerk is told about a date the holiday table does not reach."""
    return (
        f"注意：节假日表只到{calendar.last_known_year}年，该日期超出范围，只按周末判断，"
        "请在“中心设置 › 节假日安排”中录入当年国务院节假日安排。"
    )


def period_end(start: dt.date, days: int, calendar: WorkCalendar | None = None) -> Deadline:
    """The end of a period of ``days`` days starting on ``start`` (the first day not counted).

    ``calendar`` is the centre's (``services.holidays.load_calendar``); without it, only
    ``chinesecalendar``'s table is known.
    """
    cal = calendar or base_calendar()
    nominal = start + dt.timedelta(days=days)
    due, known = first_workday(nominal, cal)
    moved_from = nominal if due != nominal else None
    if moved_from is not None:
        note = (
            f"第{days}日为{nominal.month}月{nominal.day}日，系法定休假日，"
            f"顺延至其后第一个工作日{due.month}月{due.day}日。"
        )
    else:
        note = f"自{start.month}月{start.day}日起算（当日不计入），第{days}日届满。"
    if not known:
        note += beyond_table_note(cal)
    return Deadline(start, days, due, moved_from, not known, note)


def confirmation_deadline(effective: dt.date, calendar: WorkCalendar | None = None) -> Deadline:
    """Last day to apply jointly for judicial confirmation of an agreement effective that day."""
    return period_end(effective, CONFIRMATION_PERIOD_DAYS, calendar)
