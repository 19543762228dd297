from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.dates import cn_date, cn_number, numeric_date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 11, 21), "二〇二六年十一月二十一日"),
        (dt.date(2030, 10, 10), "二〇三〇年十月十日"),
        (dt.date(2024, 1, 1), "二〇二四年一月一日"),
        (dt.date(2000, 12, 31), "二〇〇〇年十二月三十一日"),
    ],
)
def test_cn_date(day: dt.date, text: str) -> None:
    assert cn_date(day) == text


def test_numeric_date_and_numbers() -> None:
    assert numeric_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert [cn_number(n) for n in (1, 10, 11, 20, 99)] == ["一", "十", "十一", "二十", "九十九"]
    # an agreement of 100 instalments or more once stopped its own printing
    assert [cn_number(n) for n in (100, 101, 110, 1010, 2024)] == [
        "一百",
        "一百零一",
        "一百一十",
        "一千零一十",
        "二千零二十四",
    ]
    with pytest.raises(ValueError):
        cn_number(10000)
