"""Statutory holidays and make-up working days (调休) as the scheduling rules see them.

The calendar is the centre's (``domain.work_calendar.WorkCalendar``: chinesecalendar's table
with the years the centre entered in 中心设置 › 节假日安排 laid over it), loaded once by the
service and passed in; these functions only read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.work_calendar import WorkCalendar


@dataclass(frozen=True, slots=True)
class DayKind:
    """What a date is: a normal weekday or weekend, a statutory holiday, a make-up workday, or
    unknown (beyond the table, whose holiday arrangement has not been published yet)."""

    known: bool
    holiday: str = ""  # Chinese name of the statutory holiday, "" if none
    makeup_workday: bool = False

    @property
    def is_holiday(self) -> bool:
        return bool(self.holiday)


def day_kind(day: dt.date, calendar: WorkCalendar) -> DayKind:
    """A day the centre entered as a holiday or a make-up working day is that, even in a year
    it has not entered completely; any other day of such a year is unknown."""
    name = calendar.holiday_name(day)
    if name:
        return DayKind(known=True, holiday=name)
    if day in calendar.workdays and day.weekday() >= 5:
        return DayKind(known=True, makeup_workday=True)
    return DayKind(known=calendar.is_known(day))


def opening_weekday(day: dt.date, calendar: WorkCalendar) -> int:
    """Which weekday's hours apply: a make-up workday (调休上班) on a weekend follows Monday's."""
    return 0 if day_kind(day, calendar).makeup_workday else day.weekday()
