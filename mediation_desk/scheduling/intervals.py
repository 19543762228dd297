"""Half-open time intervals [start, end) and per-resource busy lists searched with bisect."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


def hhmm(t: dt.datetime | dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def span(a: dt.datetime, b: dt.datetime) -> str:
    """``09:00–10:30`` (with the date when the end falls on another day)."""
    if a.date() == b.date():
        return f"{hhmm(a)}–{hhmm(b)}"
    return f"{a:%m-%d} {hhmm(a)}–{b:%m-%d} {hhmm(b)}"


def within(ranges: Iterable[tuple[dt.time, dt.time]], t0: dt.time, t1: dt.time) -> bool:
    """Whether [t0, t1) lies inside one of the ranges (same day)."""
    return any(r0 <= t0 and t1 <= r1 for r0, r1 in ranges)


@dataclass
class BusyList(Generic[T]):
    """Intervals of one resource, sorted by start, with the longest duration kept so a lookup
    only scans the entries that can reach the queried window."""

    starts: list[dt.datetime] = field(default_factory=list)
    items: list[tuple[dt.datetime, dt.datetime, int, T]] = field(default_factory=list)
    longest: dt.timedelta = dt.timedelta(0)
    _n: int = 0

    @classmethod
    def of(cls, entries: Iterable[tuple[dt.datetime, dt.datetime, T]]) -> BusyList[T]:
        """Build from unsorted intervals in one sort."""
        busy: BusyList[T] = cls()
        items = sorted(
            ((a, b, n, it) for n, (a, b, it) in enumerate(entries, 1)), key=lambda x: x[:3]
        )
        busy.items = items
        busy.starts = [x[0] for x in items]
        busy._n = len(items)
        busy.longest = max((x[1] - x[0] for x in items), default=dt.timedelta(0))
        return busy

    def add(self, start: dt.datetime, end: dt.datetime, item: T) -> None:
        self._n += 1
        entry = (start, end, self._n, item)
        i = bisect_left(self.items, (start, end, self._n))
        self.items.insert(i, entry)
        insort(self.starts, start)
        self.longest = max(self.longest, end - start)

    def hits(self, start: dt.datetime, end: dt.datetime) -> list[T]:
        """Items whose interval overlaps [start, end)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [it for s, e, _n, it in self.items[lo:hi] if s < end and start < e]

    def free(self, start: dt.datetime, end: dt.datetime) -> bool:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        items = self.items
        for i in range(lo, hi):
            s, e = items[i][0], items[i][1]
            if s < end and start < e:
                return False
        return True


def format_ranges(ranges: Iterable[tuple[dt.time, dt.time]]) -> str:
    """``08:30-12:00, 13:30-17:30`` (the form the settings screens edit)."""
    return ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in ranges)


def parse_ranges(text: str) -> list[tuple[dt.time, dt.time]]:
    """Parse ``08:30-12:00, 13:30-17:30`` (also ``8:30–12``, Chinese comma or semicolon);
    blank → []. Raises ``ValueError`` with a Chinese message naming the bad part."""
    import re

    out: list[tuple[dt.time, dt.time]] = []
    for part in re.split(r"[,，;；、\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,2})(?:[:：](\d{2}))?[-–—~～至到](\d{1,2})(?:[:：](\d{2}))?", part)
        if not m:
            raise ValueError(f"无法识别的时间段“{part}”，请写成 08:30-12:00")
        h0, m0, h1, m1 = (int(x) if x else 0 for x in m.groups())
        if not (0 <= h0 <= 23 and 0 <= h1 <= 24 and m0 < 60 and m1 < 60):
            raise ValueError(f"时间段“{part}”中的时间不存在")
        end = dt.time(23, 59) if h1 == 24 else dt.time(h1, m1)
        out.append((dt.time(h0, m0), end))
    return out
