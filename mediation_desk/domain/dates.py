"""Dates as documents write them: ``二〇二六年十一月二十一日`` or ``2026年11月21日``."""

from __future__ import annotations

import datetime as dt

_YEAR_DIGITS = "〇一二三四五六七八九"
_SMALL = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..9999 in small Chinese numerals: 一 … 十 … 二十一 … 一百零一 … 一千零一十 (dates,
    clause and instalment numbers)."""
    if not 0 < n < 10000:
        raise ValueError(n)
    if n >= 100:
        out, gap = "", False
        for digit, unit in zip(
            (n // 1000, n // 100 % 10, n // 10 % 10, n % 10), "千百十 ", strict=True
        ):
            if digit == 0:
                gap = gap or bool(out)
                continue
            out += ("零" if gap else "") + _SMALL[digit] + unit.strip()
            gap = False
        return out
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _SMALL[ones]
    head = "" if tens == 1 else _SMALL[tens]
    return head + "十" + (_SMALL[ones] if ones else "")


def cn_date(day: dt.date) -> str:
    """``date(2026, 11, 21)`` → ``二〇二六年十一月二十一日`` (〇 for zero in the year)."""
    year = "".join(_YEAR_DIGITS[int(c)] for c in f"{day.year:04d}")
    return f"{year}年{cn_number(day.month)}月{cn_number(day.day)}日"


def numeric_date(day: dt.date) -> str:
    """``date(2026, 11, 21)`` → ``2026年11月21日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def blank_date() -> str:
    """A date line to fill in by hand."""
    return "　　　　年　　月　　日"


#: 一 … 日, Monday first (``date.weekday()`` indexes it).
WEEKDAY_CHARS = "一二三四五六日"


def weekday_name(weekday: int, prefix: str = "周") -> str:
    """``周一`` … ``周日`` (or ``星期一`` with ``prefix="星期"``) for ``date.weekday()``."""
    return prefix + WEEKDAY_CHARS[weekday]
