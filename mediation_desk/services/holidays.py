"""The holiday table maintained in the app (中心设置 › 节假日安排).

``chinesecalendar`` ends with the last year published when it was released; a centre enters
or imports the State Council's arrangement of a newer year here (holiday ranges and make-up
working days). Every change counts the due day of every open case again in the same
transaction (``time_limits.recompute_open_cases``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from ..db.calendar_models import HolidayDay, HolidayYear
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.holiday_table import (
    ArrangementDraft,
    ArrangementTextError,
    HolidayRange,
    check_arrangement,
    parse_arrangement_file,
    ranges_of,
)
from ..domain.roles import Permission
from ..domain.work_calendar import base_calendar
from ..errors import DeskError
from . import history
from .permissions import requires
from .time_limits import load_calendar, recompute_open_cases

#: Largest file an import reads (a year's arrangement is a few hundred bytes).
MAX_IMPORT_BYTES = 64_000


class Origin:
    PACKAGE = "package"  # chinesecalendar's table
    CENTRE = "centre"  # entered by the centre
    NONE = "none"  # nobody's: beyond the table


@dataclass(frozen=True, slots=True)
class HolidayYearView:
    """One year's arrangement as the page shows it."""

    year: int
    origin: str  # Origin.*
    complete: bool
    source_note: str
    ranges: tuple[HolidayRange, ...]
    workdays: tuple[dt.date, ...]

    @property
    def known(self) -> bool:
        return self.origin == Origin.PACKAGE or (self.origin == Origin.CENTRE and self.complete)


@dataclass(frozen=True, slots=True)
class HolidayTableState:
    """Which years are known, and the last one (the table 'ends' there)."""

    package_years: tuple[int, int]
    centre_years: tuple[int, ...]
    known_years: tuple[int, ...]
    last_known_year: int


@dataclass(frozen=True, slots=True)
class HolidaysSaved:
    year: HolidayYearView
    recomputed: int  # open cases whose due day changed


def table_state(uow: UnitOfWork) -> HolidayTableState:
    s = uow.read()
    cal = load_calendar(s)
    base = base_calendar()
    return HolidayTableState(
        (min(base.known_years), max(base.known_years)),
        tuple(sorted(cal.centre_years)),
        tuple(sorted(cal.known_years)),
        cal.last_known_year,
    )


def holiday_year(uow: UnitOfWork, year: int) -> HolidayYearView:
    """The year as the centre entered it, else as chinesecalendar has it, else empty."""
    s = uow.read()
    row = s.get(HolidayYear, year)
    if row is not None:
        days = list(s.scalars(select(HolidayDay).where(HolidayDay.year == year)))
        return HolidayYearView(
            year,
            Origin.CENTRE,
            row.complete,
            row.source_note,
            tuple(ranges_of({d.day: d.name for d in days if not d.workday})),
            tuple(sorted(d.day for d in days if d.workday)),
        )
    base = base_calendar()
    if year in base.known_years:
        return HolidayYearView(
            year,
            Origin.PACKAGE,
            True,
            "chinesecalendar",
            tuple(ranges_of({d: n for d, n in base.holidays.items() if d.year == year})),
            tuple(sorted(d for d in base.workdays if d.year == year)),
        )
    return HolidayYearView(year, Origin.NONE, False, "", (), ())


@requires(Permission.SETTINGS)
def save_holiday_year(
    uow: UnitOfWork,
    draft: ArrangementDraft,
    *,
    complete: bool = True,
    source_note: str = "",
) -> HolidaysSaved:
    """Save a year's arrangement (replacing what the centre had for it) and count the due day
    of every open case again. Refuses, in Chinese, dates outside the year, a day both rest and
    work, a make-up day that is already a weekday, a holiday without a name."""
    problems = check_arrangement(draft)
    if problems:
        raise DeskError("节假日安排有误：" + "；".join(problems) + "。")
    if not draft.ranges and not draft.workdays:
        raise DeskError(f"{draft.year}年的安排是空的：请至少填写一个假期")
    s = uow.write()
    year = draft.year
    row = s.get(HolidayYear, year)
    if row is None:
        row = HolidayYear(year=year)
        s.add(row)
    row.complete = complete
    row.source_note = source_note.strip()[:200]
    row.updated_by, row.updated_at = uow.actor.operator_id, uow.now()
    s.flush()
    s.execute(delete(HolidayDay).where(HolidayDay.year == year))
    s.add_all(
        HolidayDay(day=day, year=year, workday=False, name=r.name.strip())
        for r in draft.ranges
        for day in r.days()
    )
    s.add_all(HolidayDay(day=day, year=year, workday=True, name="") for day in draft.workdays)
    s.flush()
    recomputed = recompute_open_cases(s)
    history.record(
        uow,
        entity=Entity.HOLIDAYS,
        entity_id=year,
        action="save",
        summary=(
            f"录入{year}年节假日安排：{len(draft.ranges)}个假期、{len(draft.workdays)}个调休上班日"
            + ("" if complete else "（尚未录全）")
            + f"；{recomputed}件在办案件的办理时限随之变化"
        ),
        changes={
            "year": year,
            "complete": complete,
            "holidays": [[r.name, r.first.isoformat(), r.last.isoformat()] for r in draft.ranges],
            "workdays": [d.isoformat() for d in sorted(draft.workdays)],
            "recomputed": recomputed,
        },
    )
    return HolidaysSaved(holiday_year(uow, year), recomputed)


@requires(Permission.SETTINGS)
def delete_holiday_year(uow: UnitOfWork, year: int) -> HolidaysSaved:
    """Drop the centre's entry of a year (chinesecalendar's table applies again, if it has it)."""
    s = uow.write()
    row = s.get(HolidayYear, year)
    if row is None:
        raise DeskError(f"本中心没有录入{year}年的节假日安排")
    s.execute(delete(HolidayDay).where(HolidayDay.year == year))
    s.delete(row)
    s.flush()
    recomputed = recompute_open_cases(s)
    history.record(
        uow,
        entity=Entity.HOLIDAYS,
        entity_id=year,
        action="delete",
        summary=f"删除本中心录入的{year}年节假日安排；{recomputed}件在办案件的办理时限随之变化",
        changes={"year": year, "recomputed": recomputed},
    )
    return HolidaysSaved(holiday_year(uow, year), recomputed)


def read_arrangement(text: str, year: int) -> ArrangementDraft:
    """A year's arrangement from the file format or pasted notice lines (nothing is saved)."""
    try:
        draft = parse_arrangement_file(text, year)
    except ArrangementTextError as exc:
        raise DeskError(exc.message) from None
    if not draft.ranges and not draft.workdays:
        raise DeskError("没有读到任何放假或上班日期")
    return draft


def read_arrangement_file(path: Path, year: int) -> ArrangementDraft:
    """``read_arrangement`` of a UTF-8 (or GB18030) text file."""
    try:
        data = path.read_bytes()[: MAX_IMPORT_BYTES + 1]
    except OSError:
        raise DeskError(f"无法读取文件：{path.name}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise DeskError("文件过大：节假日安排文件不应超过64KB")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return read_arrangement(data.decode(encoding), year)
        except UnicodeDecodeError:
            continue
    raise DeskError("文件不是 UTF-8 或 GB18030 编码的文本")


@requires(Permission.SETTINGS)
def import_holiday_file(
    uow: UnitOfWork, path: Path, year: int, *, complete: bool = True
) -> HolidaysSaved:
    """Read a file and save it as the year's arrangement, in one step."""
    draft = read_arrangement_file(path, year)
    return save_holiday_year(uow, draft, complete=complete, source_note=f"导入：{path.name}")
