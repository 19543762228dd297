"""A case's time limit (办理时限): the rules as data with their citations, and the chooser.

How days are counted (domain.md §8) — one way for every rule:

* The day a period runs from is not counted (民事诉讼法 art. 85 para. 2; 民法典 art. 201).
* "One month" ends on the same day number of the next month; when that month has no such day
  (accepted on 31 January), on its last day (民法典 art. 202). Days are calendar days.
* When the last day is a statutory rest day (a weekend that is not a make-up working day, or a
  holiday) the limit ends on the next working day (民事诉讼法 art. 85 para. 3). We apply this
  shift to the mediation limits too: nothing can be done at the centre on a rest day, and the
  courts count the 特邀调解 periods by the same article.
* A date written in a handing body's letter is that body's date and is kept as written; an
  extension of it is counted from it like a period (and so shifted).

A centre's own target (中心设置 › 办理时限: days from acceptance per risk level) is an internal
target that *accompanies* the legal limit: the case's due day is the earlier of the two, since
the centre means its cases to be finished by then, and the legal limit still bounds it when the
target is longer. Both are shown; ``TimeLimit.rule`` is the one that set the due day, and its
key is what ``Case.time_limit_rule`` stores. An extension (both parties' consent) moves both.

``Case.due_on`` is ``TimeLimit.due`` (the day the case must be finished by; the 督办 board reads
it) and ``Case.due_beyond_table`` is ``TimeLimit.beyond_table``.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .dates import numeric_date
from .deadlines import beyond_table_note, first_workday
from .enums import CaseSource, CourtProcedure, RiskLevel
from .work_calendar import WorkCalendar


class RunsFrom(StrEnum):
    ACCEPTANCE = "acceptance"  # the day the case was accepted (received)
    MATERIALS = "materials"  # the day the materials from the court were signed for
    LETTER = "letter"  # the date written in the handing body's letter
    RESTART = "restart"  # the day the case was taken up again after a follow-up visit (回手)

    @property
    def label(self) -> str:
        return {
            RunsFrom.ACCEPTANCE: "受理之日",
            RunsFrom.MATERIALS: "签收法院移交材料之日",
            RunsFrom.LETTER: "交办函载明的日期",
            RunsFrom.RESTART: "回手之日",
        }[self]


@dataclass(frozen=True, slots=True)
class TimeLimitRule:
    """One rule: how long, from what, and on whose authority."""

    key: str
    label: str
    runs_from: RunsFrom
    citation: str
    days: int = 0
    months: int = 0


PEOPLES_MEDIATION = TimeLimitRule(
    "peoples_one_month",
    "人民调解：一个月",
    RunsFrom.ACCEPTANCE,
    "《人民调解工作若干规定》（司法部，2002年）第三十三条：人民调解委员会调解纠纷，"
    "一般在一个月内调结。",
    months=1,
)
COURT_PRE_FILING = TimeLimitRule(
    "court_pre_filing_30",
    "法院委派调解：30日",
    RunsFrom.MATERIALS,
    "《最高人民法院关于人民法院特邀调解的规定》第二十七条：人民法院委派调解的案件，"
    "调解期限为30日；期限自签字接收法院移交材料之日起计算。",
    days=30,
)
COURT_ENTRUSTED_ORDINARY = TimeLimitRule(
    "court_entrusted_ordinary_15",
    "法院委托调解（普通程序）：15日",
    RunsFrom.MATERIALS,
    "《最高人民法院关于人民法院特邀调解的规定》第二十七条：人民法院委托调解的案件，"
    "适用普通程序的调解期限为15日；期限自签字接收法院移交材料之日起计算。",
    days=15,
)
COURT_ENTRUSTED_SUMMARY = TimeLimitRule(
    "court_entrusted_summary_7",
    "法院委托调解（简易程序）：7日",
    RunsFrom.MATERIALS,
    "《最高人民法院关于人民法院特邀调解的规定》第二十七条：人民法院委托调解的案件，"
    "适用简易程序的调解期限为7日；期限自签字接收法院移交材料之日起计算。",
    days=7,
)
HANDED_LETTER = TimeLimitRule(
    "handed_letter",
    "交办函载明的期限",
    RunsFrom.LETTER,
    "信访部门交办（移送）函载明的办结期限。",
)
HUI_SHOU = TimeLimitRule(
    "hui_shou_one_month",
    "回手重新调解：一个月",
    RunsFrom.RESTART,
    "回访发现协议未履行或当事人不满意，案件回手重新调解；参照《人民调解工作若干规定》"
    "（司法部，2002年）第三十三条，自回手之日起一个月内调结。",
    months=1,
)
CENTRE_TARGET = TimeLimitRule(
    "centre_target",
    "中心办理目标",
    RunsFrom.ACCEPTANCE,
    "本中心按风险等级设定的办理目标（中心设置 › 办理时限），不长于法定或规定的期限。",
)

RULES: tuple[TimeLimitRule, ...] = (
    PEOPLES_MEDIATION,
    COURT_PRE_FILING,
    COURT_ENTRUSTED_ORDINARY,
    COURT_ENTRUSTED_SUMMARY,
    HANDED_LETTER,
    HUI_SHOU,
    CENTRE_TARGET,
)
RULES_BY_KEY: Mapping[str, TimeLimitRule] = {r.key: r for r in RULES}

#: Centre targets may not be set longer than this (a target is meant to be shorter).
MAX_TARGET_DAYS = 365
#: Nor may one extension be longer than this.
MAX_EXTENSION_DAYS = 365


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the rule chooser needs to know about a case."""

    source: CaseSource
    received_on: dt.date
    court_procedure: CourtProcedure | None = None
    materials_received_on: dt.date | None = None
    handed_due_on: dt.date | None = None
    risk_level: RiskLevel = RiskLevel.NONE
    #: The day of the last 回手: the case's limit (and the centre's target) runs anew from it.
    restarted_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """The case's limit: the binding rule and due day, and the legal one beside a target."""

    rule: TimeLimitRule  # the rule that set ``due``
    legal_rule: TimeLimitRule
    start: dt.date  # the day the legal limit runs from (not counted)
    legal_due: dt.date
    target_due: dt.date | None  # the centre's target, when one is set for the risk level
    due: dt.date
    moved_from: dt.date | None  # the nominal last day, when it fell on a rest day
    extension_days: int
    beyond_table: bool
    note: str  # Chinese, for the clerk


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day number ``months`` later, or that month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def legal_rule(facts: CaseFacts) -> TimeLimitRule:
    """The rule of law or regulation for the case's source (and procedure); a case taken
    up again after a follow-up visit (回手) runs anew from that day."""
    if facts.restarted_on is not None:
        return HUI_SHOU
    if facts.source is CaseSource.COURT_PRE_FILING:
        return COURT_PRE_FILING
    if facts.source is CaseSource.COURT_ENTRUSTED:
        if facts.court_procedure is CourtProcedure.SUMMARY:
            return COURT_ENTRUSTED_SUMMARY
        return COURT_ENTRUSTED_ORDINARY
    if facts.source is CaseSource.PETITIONS and facts.handed_due_on is not None:
        return HANDED_LETTER
    return PEOPLES_MEDIATION


def _start(rule: TimeLimitRule, facts: CaseFacts) -> dt.date:
    if rule.runs_from is RunsFrom.MATERIALS:
        return facts.materials_received_on or facts.received_on
    if rule.runs_from is RunsFrom.LETTER:
        assert facts.handed_due_on is not None
        return facts.handed_due_on
    if rule.runs_from is RunsFrom.RESTART:
        assert facts.restarted_on is not None
        return facts.restarted_on
    return facts.received_on


def _nominal(rule: TimeLimitRule, start: dt.date, days: int = 0) -> dt.date:
    if rule.runs_from is RunsFrom.LETTER:
        return start
    return add_months(start, rule.months) + dt.timedelta(days=rule.days or days)


def _extended(
    nominal: dt.date, shift: bool, steps: Sequence[int], calendar: WorkCalendar
) -> tuple[dt.date, dt.date, bool]:
    """The due day after each extension in turn, each counted as a period from the due day
    before it (民诉法 art. 85: the last day moves off a rest day); returns (due, its nominal
    day, every day looked at lies in the table)."""
    due, known = first_workday(nominal, calendar) if shift else (nominal, True)
    for days in steps:
        nominal = due + dt.timedelta(days=days)
        due, step_known = first_workday(nominal, calendar)
        known = known and step_known
    return due, nominal, known


def compute_time_limit(
    facts: CaseFacts,
    calendar: WorkCalendar,
    *,
    targets: Mapping[RiskLevel, int] | None = None,
    extension_days: int | Sequence[int] = 0,
) -> TimeLimit:
    """Choose the rule for a case and count its due day (see the module's docstring).

    Args:
        facts: the case's source, dates, court procedure and risk level.
        calendar: the centre's working calendar (chinesecalendar plus the centre's years).
        targets: the centre's targets in days from acceptance, per risk level.
        extension_days: the days of each extension granted so far, in the order granted (an
            ``int``: one extension); each runs from the due day it extended.
    """
    steps = (
        ((extension_days,) if extension_days else ())
        if isinstance(extension_days, int)
        else tuple(extension_days)
    )
    extension_total = sum(steps)
    rule = legal_rule(facts)
    start = _start(rule, facts)
    legal_due, nominal, known = _extended(
        _nominal(rule, start), rule.runs_from is not RunsFrom.LETTER, steps, calendar
    )
    known = known and calendar.is_known(legal_due)
    target_days = (targets or {}).get(facts.risk_level)
    target_due = None
    if target_days:
        target_due, target_nominal, target_known = _extended(
            (facts.restarted_on or facts.received_on) + dt.timedelta(days=target_days),
            True,
            steps,
            calendar,
        )
        if target_due < legal_due:
            binding, due, nominal, known = CENTRE_TARGET, target_due, target_nominal, target_known
        else:
            binding, due = rule, legal_due
    else:
        binding, due = rule, legal_due
    moved_from = nominal if due != nominal else None
    target_start = facts.restarted_on or facts.received_on
    note = _note(binding, start if binding is rule else target_start, due, moved_from)
    if extension_total:
        note += f"已经双方当事人同意延长{extension_total}日。"
    if not known:
        note += beyond_table_note(calendar)
    return TimeLimit(
        binding,
        rule,
        start,
        legal_due,
        target_due,
        due,
        moved_from,
        extension_total,
        not known,
        note,
    )


def _note(rule: TimeLimitRule, start: dt.date, due: dt.date, moved_from: dt.date | None) -> str:
    if rule.runs_from is RunsFrom.LETTER:
        text = f"按交办函载明的期限，{numeric_date(due)}前办结。"
    else:
        text = f"自{rule.runs_from.label}{numeric_date(start)}起算（当日不计入）。"
    if moved_from is not None:
        text += f"{numeric_date(moved_from)}系休息日，顺延至其后第一个工作日{numeric_date(due)}。"
    return text


@dataclass(frozen=True, slots=True)
class TimeLimitView:
    """A case's stored limit as the case window shows it."""

    rule_key: str
    due: dt.date | None
    beyond_table: bool
    is_open: bool
    extension_days: int = 0

    @property
    def rule(self) -> TimeLimitRule | None:
        return RULES_BY_KEY.get(self.rule_key)

    def days_left(self, today: dt.date) -> int | None:
        """Days from ``today`` to the due day (0 on the day itself, negative when overdue)."""
        return (self.due - today).days if self.due is not None else None


#: Said after a date that lies beyond the known holiday table.
BEYOND_TABLE_MARK = "（超出节假日表）"


def header_text(view: TimeLimitView, today: dt.date) -> str:
    """``办理时限 2027年1月4日 · 剩5天`` / ``… · 已超期3天`` / ``… · 今日到期``; a closed case
    shows its limit alone, a case with none says so."""
    if view.due is None:
        return "无办理时限"
    text = "办理时限 " + numeric_date(view.due)
    if view.beyond_table:
        text += BEYOND_TABLE_MARK
    if not view.is_open:
        return text
    left = (view.due - today).days
    if left > 0:
        return f"{text} · 剩{left}天"
    if left == 0:
        return f"{text} · 今日到期"
    return f"{text} · 已超期{-left}天"


def header_tooltip(view: TimeLimitView) -> str:
    """The rule, its citation and any extension, for the header's tooltip."""
    rule = view.rule
    lines = []
    if rule is not None:
        lines += [f"依据：{rule.label}（自{rule.runs_from.label}起算）", rule.citation]
    if view.extension_days:
        lines.append(f"已经双方当事人同意延长{view.extension_days}日。")
    if view.beyond_table:
        lines.append("该日期超出已知的节假日表，只按周末判断；请在“中心设置 › 节假日安排”中录入。")
    return "\n".join(lines)
