"""受理时间 typed in one field: what is read, and what is refused in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from ui.widgets.time_field import TimeTextError, parse_date_time

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("2026-12-02 09:30", dt.datetime(2026, 12, 2, 9, 30)),
        ("2026/12/2 9:30", dt.datetime(2026, 12, 2, 9, 30)),
        ("2025.1.5 17:05", dt.datetime(2025, 1, 5, 17, 5)),
        ("12-2 9:30", dt.datetime(2026, 12, 2, 9, 30)),
        ("11-30 16:00", dt.datetime(2026, 11, 30, 16, 0)),
        ("9:30", dt.datetime(2026, 12, 2, 9, 30)),
        ("９：３０", dt.datetime(2026, 12, 2, 9, 30)),  # full-width, as a Chinese IME types
        ("2026年12月2日 9时30分", dt.datetime(2026, 12, 2, 9, 30)),
        ("12月2日9点30", dt.datetime(2026, 12, 2, 9, 30)),
        ("202612020930", dt.datetime(2026, 12, 2, 9, 30)),
        ("20261202 0930", dt.datetime(2026, 12, 2, 9, 30)),
    ],
)
def test_read(text: str, expected: dt.datetime | None) -> None:
    assert parse_date_time(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("明天", "无法识别“明天”"),
        ("930", "无法识别“930”"),
        ("12-2", "请写上时刻"),
        ("2026-02-30 10:00", "没有 2026年2月30日 这一天"),
        ("13-1 10:00", "没有 2026年13月1日 这一天"),
        ("25:00", "没有 25:00 这一时刻"),
        ("9:75", "没有 9:75 这一时刻"),
    ],
)
def test_refused_in_chinese(text: str, message: str) -> None:
    with pytest.raises(TimeTextError) as refused:
        parse_date_time(text, TODAY)
    assert message in refused.value.message
