"""The 30-day confirmation deadline (domain.md §8; 民诉法 art. 85)."""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.deadlines import confirmation_deadline, holiday_table_range, period_end


def test_domain_example_plain() -> None:
    d = confirmation_deadline(dt.date(2024, 5, 6))
    assert d.due == dt.date(2024, 6, 5)
    assert d.moved_from is None and not d.beyond_table


def test_domain_example_national_day() -> None:
    d = confirmation_deadline(dt.date(2024, 9, 1))
    assert d.due == dt.date(2024, 10, 8)
    assert d.moved_from == dt.date(2024, 10, 1)
    assert "顺延" in d.note


def test_weekend_moves_to_monday() -> None:
    d = period_end(dt.date(2024, 6, 1), 7)  # 2024-06-08 is a Saturday
    assert d.due == dt.date(2024, 6, 11)  # 06-10 is the Dragon Boat holiday


def test_make_up_working_day_is_not_moved() -> None:
    # 2024-09-29 (a Sunday) was a make-up working day before National Day
    d = period_end(dt.date(2024, 8, 30), 30)
    assert d.due == dt.date(2024, 9, 29) and d.moved_from is None


def test_beyond_the_table_is_said() -> None:
    _first, last = holiday_table_range()
    d = confirmation_deadline(dt.date(last + 1, 3, 2))
    assert d.beyond_table
    assert str(last) in d.note and "超出" in d.note
    assert d.due.weekday() < 5


def test_days_left() -> None:
    d = confirmation_deadline(dt.date(2024, 5, 6))
    assert d.days_left(dt.date(2024, 6, 1)) == 4
    assert d.days_left(dt.date(2024, 6, 6)) == -1
