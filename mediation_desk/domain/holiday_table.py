"""A year's holiday arrangement as a centre enters it: holiday ranges and make-up working days,
checked, and read from a file or from the lines of the State Council's notice.

The file format (UTF-8, ``.csv`` or ``.txt``), one entry a line; ``#`` starts a comment::

    # 类型,开始日期,结束日期,名称
    放假,2027-01-01,2027-01-03,元旦
    上班,2027-01-04,,元旦

Columns may be separated by commas (, or ，) or tabs; dates are ``2027-01-01``, ``2027/1/1`` or
``2027年1月1日``; the end date of a one-day holiday may be left empty; 类型 is 放假 (休) or
上班 (班). A header line starting with 类型 is skipped.

The notice's own lines can be pasted too, one holiday a line, as the notice prints them::

    一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。1月4日（周一）上班。
    二、春节：2月6日至13日放假调休，共8天。2月14日（周日）、2月20日（周六）上班。
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .dates import weekday_name
from .work_calendar import YearArrangement


@dataclass(frozen=True, slots=True)
class HolidayRange:
    """One holiday's rest days, first to last (both included)."""

    name: str
    first: dt.date
    last: dt.date

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass
class ArrangementDraft:
    """What the form (or an imported file) holds for one year."""

    year: int
    ranges: list[HolidayRange] = field(default_factory=list)
    workdays: list[dt.date] = field(default_factory=list)


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def check_arrangement(draft: ArrangementDraft) -> list[str]:
    """Every problem with a year's arrangement, in Chinese (empty when it can be saved)."""
    problems: list[str] = []
    year = draft.year
    if not 2000 <= year <= 2100:
        problems.append(f"年份{year}不在2000—2100年之间")
        return problems
    rest: dict[dt.date, str] = {}
    for r in draft.ranges:
        label = r.name.strip() or "（未填名称）"
        if not r.name.strip():
            problems.append(f"{_md(r.first)}起的假期没有填写节日名称")
        if r.last < r.first:
            problems.append(f"{label}：结束日期{_md(r.last)}早于开始日期{_md(r.first)}")
            continue
        if r.first.year != year or r.last.year != year:
            problems.append(f"{label}：{r.first.isoformat()}至{r.last.isoformat()}不在{year}年内")
            continue
        if (r.last - r.first).days > 15:
            problems.append(f"{label}：假期长达{(r.last - r.first).days + 1}天，请核对日期")
        for day in r.days():
            if day in rest:
                problems.append(f"{_md(day)}同时属于{rest[day]}和{label}")
            rest[day] = label
    seen: set[dt.date] = set()
    for day in draft.workdays:
        if day.year != year:
            problems.append(f"调休上班日{day.isoformat()}不在{year}年内")
        elif day in rest:
            problems.append(f"{_md(day)}既是{rest[day]}放假日又是调休上班日")
        elif day.weekday() < 5:
            problems.append(
                f"{_md(day)}是{weekday_name(day.weekday())}，本来就是工作日，无需调休上班"
            )
        elif day in seen:
            problems.append(f"调休上班日{_md(day)}重复")
        seen.add(day)
    return problems


def to_year_arrangement(draft: ArrangementDraft, *, complete: bool = True) -> YearArrangement:
    """The checked draft as the calendar takes it."""
    holidays = {day: r.name.strip() for r in draft.ranges for day in r.days()}
    return YearArrangement(draft.year, holidays, frozenset(draft.workdays), complete)


def ranges_of(holidays: Mapping[dt.date, str]) -> list[HolidayRange]:
    """Rest days grouped back into ranges: consecutive days of the same holiday."""
    out: list[HolidayRange] = []
    for day in sorted(holidays):
        name = holidays[day]
        if out and out[-1].name == name and out[-1].last + dt.timedelta(days=1) == day:
            out[-1] = HolidayRange(name, out[-1].first, day)
        else:
            out.append(HolidayRange(name, day, day))
    return out


# --- reading a file ----------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
_REST = {"放假", "休", "休息", "假"}
_WORK = {"上班", "班", "调休上班"}


class ArrangementTextError(ValueError):
    """A line that cannot be read; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_date(text: str) -> dt.date:
    """``2027-01-01``, ``2027/1/1`` or ``2027年1月1日``."""
    text = text.strip()
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise ArrangementTextError(f"“{text}”不是有效日期（应为 2027-01-01 的格式）")


def parse_arrangement_file(text: str, year: int) -> ArrangementDraft:
    """A year's arrangement from the file format above, or from pasted notice lines."""
    draft = ArrangementDraft(year)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#") or line.startswith("类型"):
            continue
        try:
            if "：" in line and ("放假" in line or "上班" in line) and "," not in line:
                _read_notice_line(line, year, draft)
            elif _ROW_DATE.search(line):
                _read_row(line, draft)
            # else: the notice's own prose (its title, preamble, closing): nothing to read
        except ArrangementTextError as exc:
            raise ArrangementTextError(f"第{number}行：{exc.message}") from None
    return draft


def _read_row(line: str, draft: ArrangementDraft) -> None:
    cells = [c.strip() for c in re.split(r"[,，\t]", line)]
    cells += [""] * (4 - len(cells))
    kind, first, last, name = cells[:4]
    if kind in _REST:
        start = parse_date(first)
        draft.ranges.append(HolidayRange(name, start, parse_date(last) if last else start))
    elif kind in _WORK:
        draft.workdays.append(parse_date(first))
    else:
        raise ArrangementTextError(f"类型“{kind}”应为“放假”或“上班”")


#: What makes a line a row of the file format: a date written 2027-01-01 (or with / or .).
_ROW_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_PAREN = r"(?:[（(][^）)]*[）)])?"
_YEAR = r"(?:(\d{4})年)?"
_RANGE = re.compile(
    rf"{_YEAR}(\d{{1,2}})月(\d{{1,2}})日{_PAREN}"
    rf"(?:至(?:{_YEAR}(\d{{1,2}})月)?(\d{{1,2}})日{_PAREN})?"
)
_DAY = re.compile(rf"{_YEAR}(\d{{1,2}})月(\d{{1,2}})日{_PAREN}")


def _day(year: int, month: str, day: str) -> dt.date:
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        raise ArrangementTextError(f"{year}年{month}月{day}日不是有效日期") from None


def _read_notice_line(line: str, year: int, draft: ArrangementDraft) -> None:
    head, _, body = line.partition("：")
    name = re.sub(r"^[一二三四五六七八九十]+、", "", head).strip()
    found = False
    for sentence in body.split("。"):
        if "放假" in sentence:
            m = _RANGE.search(sentence)
            if m is None:
                raise ArrangementTextError("没有读到放假日期")
            first_year = int(m[1]) if m[1] else year
            first = _day(first_year, m[2], m[3])
            if m[6]:
                last_year = int(m[4]) if m[4] else first_year
                last = _day(last_year, m[5] or m[2], m[6])
                if last < first and not m[4]:  # 12月31日至1月2日: into the next year
                    last = _day(last_year + 1, m[5] or m[2], m[6])
            else:
                last = first
            if first.year < year <= last.year:  # the days before the new year belong to the
                first = dt.date(year, 1, 1)  # previous year's arrangement
            draft.ranges.append(HolidayRange(name, first, last))
            found = True
        elif "上班" in sentence:
            for m in _DAY.finditer(sentence):
                draft.workdays.append(_day(int(m[1]) if m[1] else year, m[2], m[3]))
                found = True
    if not found:
        raise ArrangementTextError("没有读到放假或上班日期")


def arrangement_lines(ranges: Iterable[HolidayRange], workdays: Iterable[dt.date]) -> str:
    """The arrangement in the file format (what an export writes and an import reads)."""
    lines = ["# 类型,开始日期,结束日期,名称"]
    lines += [f"放假,{r.first.isoformat()},{r.last.isoformat()},{r.name}" for r in ranges]
    lines += [f"上班,{d.isoformat()},," for d in sorted(workdays)]
    return "\n".join(lines) + "\n"
