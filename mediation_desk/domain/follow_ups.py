"""Follow-up visits (回访) and 回手: which visits a case should have, what a visit record holds,
and when a visit offers to take the case up again.

人民调解法 art. 31: the committee supervises the performance of the agreement. The centre visits
the parties after each performance due day (a set number of days later), after closing (15 days,
say) and, for a major case, again some months later; a clerk may plan a visit at any time. A
visit that finds the agreement not performed, or a party not satisfied, offers 回手: the case is
taken up again (``case_flow.CaseEvent.FOLLOW_UP_REOPEN``) with a reason and a new time limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import numeric_date
from .enums import LabelledEnum, RiskLevel
from .time_limits import add_months


class FollowUpReason(LabelledEnum):
    """Why a visit is planned."""

    PERFORMANCE = "performance", "履行期满"
    CLOSING = "closing", "结案后"
    MANUAL = "manual", "手动"


class TaskState(LabelledEnum):
    OPEN = "open", "待回访"
    DONE = "done", "已回访"
    CANCELLED = "cancelled", "已取消"


class VisitForm(LabelledEnum):
    PHONE = "phone", "电话"
    HOME = "home", "上门"
    IN_PERSON = "in_person", "当面"


class Performed(LabelledEnum):
    YES = "yes", "已履行"
    PARTLY = "partly", "部分履行"
    NO = "no", "未履行"


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


#: The keys of the visits planned at closing (a task's key tells the automatic ones apart).
CLOSING_KEY = "close"
MAJOR_KEY = "close_major"
PERFORMANCE_PREFIX = "perf:"
#: Bounds of the policy's numbers.
MAX_POLICY_DAYS = 365
MAX_POLICY_MONTHS = 24


@dataclass(frozen=True, slots=True)
class FollowUpPolicy:
    """The centre's policy (中心设置 › 回访); 0 days or months: no such visit."""

    days_after_performance: int = 7
    days_after_closing: int = 15
    major_months: int = 3
    major_levels: frozenset[RiskLevel] = frozenset({RiskLevel.ORANGE, RiskLevel.RED})

    def is_major(self, risk: RiskLevel) -> bool:
        return risk in self.major_levels

    @property
    def text(self) -> str:
        """The policy in one line, for the history."""
        parts = [
            f"履行期满后{self.days_after_performance}天" if self.days_after_performance else "",
            f"结案后{self.days_after_closing}天" if self.days_after_closing else "",
            (
                f"重大案件（{'、'.join(lv.label for lv in sorted_levels(self.major_levels))}）"
                f"结案后{self.major_months}个月再回访一次"
                if self.major_months and self.major_levels
                else ""
            ),
        ]
        return "，".join(p for p in parts if p) or "不自动安排回访"


def sorted_levels(levels: Iterable[RiskLevel]) -> list[RiskLevel]:
    order = list(RiskLevel)
    return sorted(levels, key=order.index)


def check_policy(policy: FollowUpPolicy) -> str:
    """What is wrong with ``policy`` (Chinese); '' when it can be saved."""
    for days, what in (
        (policy.days_after_performance, "履行期满后回访的天数"),
        (policy.days_after_closing, "结案后回访的天数"),
    ):
        if not 0 <= days <= MAX_POLICY_DAYS:
            return f"{what}应为0至{MAX_POLICY_DAYS}天（0为不安排）"
    if not 0 <= policy.major_months <= MAX_POLICY_MONTHS:
        return f"重大案件再次回访的月数应为0至{MAX_POLICY_MONTHS}个月（0为不安排）"
    if RiskLevel.NONE in policy.major_levels:
        return "“无风险”不能算作重大案件"
    return ""


@dataclass(frozen=True, slots=True)
class PlannedVisit:
    """A visit the policy wants for a case."""

    key: str  # identifies it among the case's automatic visits
    reason: FollowUpReason
    due: dt.date
    note: str


def wanted_visits(
    policy: FollowUpPolicy,
    *,
    performance_days: Iterable[dt.date],
    closed_on: dt.date | None,
    risk: RiskLevel,
) -> list[PlannedVisit]:
    """The automatic visits for a case: one after each performance due day (days sharing a due
    day share the visit) while its agreement is in effect, and after closing (and for a major
    case once more) while it is closed. In due-day order."""
    out: list[PlannedVisit] = []
    if policy.days_after_performance:
        for day in sorted(set(performance_days)):
            out.append(
                PlannedVisit(
                    PERFORMANCE_PREFIX + day.isoformat(),
                    FollowUpReason.PERFORMANCE,
                    day + dt.timedelta(days=policy.days_after_performance),
                    f"协议约定{numeric_date(day)}前履行，回访履行情况",
                )
            )
    if closed_on is not None and policy.days_after_closing:
        out.append(
            PlannedVisit(
                CLOSING_KEY,
                FollowUpReason.CLOSING,
                closed_on + dt.timedelta(days=policy.days_after_closing),
                f"结案后{policy.days_after_closing}天回访",
            )
        )
    if closed_on is not None and policy.major_months and policy.is_major(risk):
        out.append(
            PlannedVisit(
                MAJOR_KEY,
                FollowUpReason.CLOSING,
                add_months(closed_on, policy.major_months),
                f"重大案件结案后{policy.major_months}个月再次回访",
            )
        )
    out.sort(key=lambda v: v.due)
    return out


@dataclass(slots=True)
class VisitDraft:
    """What the 回访记录 holds, as typed."""

    form: VisitForm = VisitForm.PHONE
    visited_on: dt.date | None = None
    visitors: str = ""
    performed: Performed | None = None
    satisfaction: Satisfaction | None = None
    went_to_court: bool = False
    court_note: str = ""
    measures: str = ""
    note: str = ""  # what the parties said, anything else


def check_visit(draft: VisitDraft, *, today: dt.date, earliest: dt.date) -> str:
    """What is missing or wrong in ``draft`` (Chinese); '' when it can be recorded."""
    if draft.visited_on is None:
        return "请填写回访日期"
    if draft.visited_on > today:
        return "回访日期不能晚于今天"
    if draft.visited_on < earliest:
        return f"回访日期不能早于受理日期（{numeric_date(earliest)}）"
    if not draft.visitors.strip():
        return "请填写回访人"
    if draft.performed is None:
        return "请选择协议履行情况"
    if draft.satisfaction is None:
        return "请选择当事人满意度"
    if draft.went_to_court and not draft.court_note.strip():
        return "纠纷已起诉到法院的，请写明法院和案件情况"
    if draft.performed is not Performed.YES and not draft.measures.strip():
        return "协议未完全履行的，请写明采取的措施"
    return ""


def offers_hui_shou(performed: Performed | None, satisfaction: Satisfaction | None) -> bool:
    """不满意, or an agreement not (fully) performed, offers to take the case up again."""
    not_performed = performed in (Performed.NO, Performed.PARTLY)
    return satisfaction is Satisfaction.DISSATISFIED or not_performed


def hui_shou_reason(performed: Performed | None, satisfaction: Satisfaction | None) -> str:
    """The reason offered for 回手 after such a visit (the clerk may rewrite it)."""
    parts = []
    if performed in (Performed.NO, Performed.PARTLY):
        parts.append(f"回访发现协议{performed.label}")
    if satisfaction is Satisfaction.DISSATISFIED:
        parts.append("当事人对调解结果不满意")
    return "，".join(parts)


def check_due(due: dt.date | None, today: dt.date) -> str:
    """A visit planned by hand: a day, not in the past."""
    if due is None:
        return "请填写回访日期"
    if due < today:
        return "回访日期不能早于今天"
    return ""


@dataclass(frozen=True, slots=True)
class VisitView:
    """A recorded visit, as the 回访 page and the 回访记录 show it."""

    id: int
    task_id: int
    draft: VisitDraft
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def offers_hui_shou(self) -> bool:
        return offers_hui_shou(self.draft.performed, self.draft.satisfaction)

    @property
    def summary(self) -> str:
        d = self.draft
        performed = d.performed.label if d.performed else ""
        satisfaction = d.satisfaction.label if d.satisfaction else ""
        court = "，已起诉" if d.went_to_court else ""
        return f"{d.form.label}回访：{performed}，{satisfaction}{court}"


@dataclass(frozen=True, slots=True)
class FollowUpTaskView:
    id: int
    case_id: int
    case_number: str
    due: dt.date
    reason: FollowUpReason
    note: str
    state: TaskState
    planned_by: str
    planned_at: dt.datetime
    visit: VisitView | None = None
    #: the visit's ordinal among the case's recorded visits (1-based), 0 when none
    ordinal: int = 0

    def is_due(self, today: dt.date) -> bool:
        return self.state is TaskState.OPEN and self.due <= today
