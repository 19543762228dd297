"""Choosing a case's time limit and counting its due day (domain/time_limits.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.enums import CaseSource, CourtProcedure, RiskLevel
from mediation_desk.domain.time_limits import (
    CENTRE_TARGET,
    COURT_ENTRUSTED_ORDINARY,
    COURT_ENTRUSTED_SUMMARY,
    COURT_PRE_FILING,
    HANDED_LETTER,
    PEOPLES_MEDIATION,
    RULES,
    CaseFacts,
    TimeLimitView,
    add_months,
    compute_time_limit,
    header_text,
    header_tooltip,
)
from mediation_desk.domain.work_calendar import WorkCalendar, YearArrangement, base_calendar

D = dt.date


def test_every_rule_has_a_label_and_a_citation() -> None:
    assert len({r.key for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.label and rule.citation
        assert len(rule.key) <= 40  # mediation_case.time_limit_rule
    assert "第二十七条" in COURT_PRE_FILING.citation
    assert "一个月" in PEOPLES_MEDIATION.citation


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2026, 3, 10), D(2026, 4, 10)),
        (D(2026, 1, 31), D(2026, 2, 28)),
        (D(2028, 1, 31), D(2028, 2, 29)),
        (D(2026, 12, 15), D(2027, 1, 15)),
    ],
)
def test_one_month_is_the_same_day_of_the_next_month(start: dt.date, expected: dt.date) -> None:
    assert add_months(start, 1) == expected


def test_peoples_mediation_runs_one_month_from_acceptance() -> None:
    t = compute_time_limit(CaseFacts(CaseSource.WALK_IN, D(2026, 3, 10)), base_calendar())
    assert t.rule is PEOPLES_MEDIATION
    assert t.due == D(2026, 4, 10) and t.moved_from is None and not t.beyond_table


def test_a_due_day_on_a_holiday_moves_to_the_next_working_day() -> None:
    # 2026-09-01 + one month = 10-01, National Day; the break ends 10-07, 10-08 is worked
    t = compute_time_limit(CaseFacts(CaseSource.PHONE, D(2026, 9, 1)), base_calendar())
    assert t.due == D(2026, 10, 8) and t.moved_from == D(2026, 10, 1)
    assert "顺延" in t.note


def test_court_pre_filing_runs_30_days_from_the_materials() -> None:
    facts = CaseFacts(
        CaseSource.COURT_PRE_FILING, D(2026, 3, 2), materials_received_on=D(2026, 3, 4)
    )
    t = compute_time_limit(facts, base_calendar())
    assert t.rule is COURT_PRE_FILING and t.start == D(2026, 3, 4)
    assert t.due == D(2026, 4, 3)


@pytest.mark.parametrize(
    ("procedure", "rule", "due"),
    [
        (CourtProcedure.ORDINARY, COURT_ENTRUSTED_ORDINARY, D(2026, 3, 19)),
        (CourtProcedure.SUMMARY, COURT_ENTRUSTED_SUMMARY, D(2026, 3, 11)),
    ],
)
def test_court_entrusted_follows_the_procedure(procedure, rule, due) -> None:  # type: ignore[no-untyped-def]
    facts = CaseFacts(
        CaseSource.COURT_ENTRUSTED,
        D(2026, 3, 2),
        court_procedure=procedure,
        materials_received_on=D(2026, 3, 4),
    )
    t = compute_time_limit(facts, base_calendar())
    assert t.rule is rule and t.due == due


def test_petitions_keep_the_letters_date_even_on_a_weekend() -> None:
    facts = CaseFacts(CaseSource.PETITIONS, D(2026, 3, 2), handed_due_on=D(2026, 3, 14))
    t = compute_time_limit(facts, base_calendar())
    assert t.rule is HANDED_LETTER and t.due == D(2026, 3, 14)  # a Saturday, as written


def test_petitions_without_a_letter_date_fall_back_to_one_month() -> None:
    t = compute_time_limit(CaseFacts(CaseSource.PETITIONS, D(2026, 3, 2)), base_calendar())
    assert t.rule is PEOPLES_MEDIATION


def test_a_shorter_centre_target_sets_the_due_day_and_the_legal_one_is_kept() -> None:
    facts = CaseFacts(CaseSource.WALK_IN, D(2026, 3, 2), risk_level=RiskLevel.RED)
    t = compute_time_limit(facts, base_calendar(), targets={RiskLevel.RED: 3})
    assert t.rule is CENTRE_TARGET and t.due == D(2026, 3, 5)
    assert t.legal_rule is PEOPLES_MEDIATION and t.legal_due == D(2026, 4, 2)


def test_a_longer_centre_target_does_not_extend_the_legal_limit() -> None:
    facts = CaseFacts(
        CaseSource.COURT_ENTRUSTED,
        D(2026, 3, 2),
        court_procedure=CourtProcedure.SUMMARY,
        risk_level=RiskLevel.YELLOW,
    )
    t = compute_time_limit(facts, base_calendar(), targets={RiskLevel.YELLOW: 20})
    assert t.rule is COURT_ENTRUSTED_SUMMARY and t.due == D(2026, 3, 9)
    assert t.target_due == D(2026, 3, 23)


def test_extensions_add_days_and_are_said() -> None:
    facts = CaseFacts(CaseSource.WALK_IN, D(2026, 3, 10))
    t = compute_time_limit(facts, base_calendar(), extension_days=10)
    assert t.due == D(2026, 4, 20) and "延长10日" in t.note


def test_beyond_the_table_until_the_centre_enters_the_year() -> None:
    facts = CaseFacts(CaseSource.WALK_IN, D(2026, 12, 31))  # one month: 2027-01-31, a Sunday
    t = compute_time_limit(facts, base_calendar())
    assert t.beyond_table and "节假日安排" in t.note
    assert t.due == D(2027, 2, 1)
    # the 2027 Spring Festival break, as a centre would enter it (example dates)
    spring = {D(2027, 2, 1) + dt.timedelta(days=i): "春节" for i in range(-3, 5)}
    cal = base_calendar().with_centre(
        [YearArrangement(2027, spring, frozenset({D(2027, 2, 6)}), complete=True)]
    )
    t2 = compute_time_limit(facts, cal)
    assert not t2.beyond_table and t2.due == D(2027, 2, 6)  # the make-up Saturday is worked


def test_an_incomplete_year_stays_beyond_the_table() -> None:
    cal = base_calendar().with_centre([YearArrangement(2027, {}, frozenset(), complete=False)])
    assert not cal.is_known(D(2027, 3, 1))
    assert cal.last_known_year == base_calendar().last_known_year


def test_centre_entries_replace_the_base_tables_year() -> None:
    cal = base_calendar().with_centre([YearArrangement(2026, {D(2026, 3, 3): "测试"})])
    assert not cal.is_workday(D(2026, 3, 3))
    assert cal.is_workday(D(2026, 10, 8)) and cal.is_workday(D(2026, 10, 1)) is True


def test_empty_calendar_judges_weekends_only() -> None:
    cal = WorkCalendar({}, frozenset(), frozenset())
    assert cal.is_workday(D(2026, 10, 1)) and not cal.is_workday(D(2026, 10, 3))


@pytest.mark.parametrize(
    ("due", "is_open", "text"),
    [
        (D(2027, 1, 4), True, "办理时限 2027年1月4日 · 剩5天"),
        (D(2026, 12, 30), True, "办理时限 2026年12月30日 · 今日到期"),
        (D(2026, 12, 27), True, "办理时限 2026年12月27日 · 已超期3天"),
        (D(2026, 12, 27), False, "办理时限 2026年12月27日"),
        (None, True, "无办理时限"),
    ],
)
def test_header_text(due: dt.date | None, is_open: bool, text: str) -> None:
    view = TimeLimitView("peoples_one_month", due, False, is_open)
    assert header_text(view, D(2026, 12, 30)) == text


def test_header_marks_a_day_beyond_the_table_and_cites_the_rule() -> None:
    view = TimeLimitView("court_pre_filing_30", D(2027, 1, 4), True, True, extension_days=5)
    assert "超出节假日表" in header_text(view, D(2026, 12, 30))
    tip = header_tooltip(view)
    assert "特邀调解的规定》第二十七条" in tip and "延长5日" in tip and "节假日安排" in tip
