"""Which days are worked: the State Council's holiday arrangement as one pure object.

The base table is ``chinesecalendar`` (offline, updated yearly by its maintainers; it ends with
the last year published when it was released). A centre adds the arrangement of a newer year
itself (中心设置 › 节假日安排); its entries for a year replace the base table's for that year.
A year is *known* when the base table covers it or the centre marked its entry complete;
every date in an unknown year is judged by the weekend only, and said to lie beyond the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
class YearArrangement:
    """One year's arrangement as a centre entered it: rest days (with the holiday's name) and
    make-up working days (调休上班)."""

    year: int
    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    workdays: frozenset[dt.date] = frozenset()
    complete: bool = True  # the whole year's notice is entered: the year counts as known


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Rest and working days, and which years are known."""

    holidays: Mapping[dt.date, str]
    workdays: frozenset[dt.date]
    known_years: frozenset[int]
    centre_years: frozenset[int] = frozenset()  # years the centre entered (complete or not)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def is_known(self, day: dt.date) -> bool:
        """Whether ``day``'s year is in the table (otherwise only weekends are known)."""
        return day.year in self.known_years

    def holiday_name(self, day: dt.date) -> str:
        return self.holidays.get(day, "")

    @property
    def last_known_year(self) -> int:
        """The last year of the unbroken run of known years (the table 'ends' there)."""
        if not self.known_years:
            return 0
        year = min(self.known_years)
        while year + 1 in self.known_years:
            year += 1
        return year

    def with_centre(self, arrangements: Iterable[YearArrangement]) -> WorkCalendar:
        """This calendar with the centre's years laid over it (each replaces its whole year)."""
        entered = list(arrangements)
        years = {a.year for a in entered}
        holidays = {d: n for d, n in self.holidays.items() if d.year not in years}
        workdays = {d for d in self.workdays if d.year not in years}
        known = set(self.known_years)
        for a in entered:
            holidays.update(a.holidays)
            workdays |= a.workdays
            if a.complete:
                known.add(a.year)
            else:
                known.discard(a.year)
        return WorkCalendar(holidays, frozenset(workdays), frozenset(known), frozenset(years))


@lru_cache(maxsize=1)
def base_calendar() -> WorkCalendar:
    """The calendar of the installed ``chinesecalendar`` alone."""
    import chinese_calendar

    holidays = {
        d: HOLIDAY_NAMES_ZH.get(str(name), str(name))
        for d, name in chinese_calendar.holidays.items()
    }
    workdays = frozenset(chinese_calendar.workdays)
    years = frozenset({d.year for d in holidays} | {d.year for d in workdays})
    return WorkCalendar(holidays, workdays, years)
