"""Statutory holidays and make-up working days (调休) from the offline ``chinesecalendar`` table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


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


@lru_cache(maxsize=4096)
def day_kind(day: dt.date) -> DayKind:
    import chinese_calendar

    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        workday = chinese_calendar.is_workday(day)
    except NotImplementedError:
        return DayKind(known=False)
    if on_holiday and name:
        return DayKind(known=True, holiday=HOLIDAY_NAMES_ZH.get(name, str(name)))
    return DayKind(known=True, makeup_workday=workday and day.weekday() >= 5)


def opening_weekday(day: dt.date) -> int:
    """Which weekday's hours apply: a make-up workday (调休上班) on a weekend follows Monday's."""
    kind = day_kind(day)
    return 0 if kind.makeup_workday else day.weekday()
