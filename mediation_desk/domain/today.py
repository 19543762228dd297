"""What the 今日待办 list holds, in the order the clerk works through it."""

from __future__ import annotations

from .enums import LabelledEnum

#: A judicial-confirmation window is listed once this many days or fewer remain.
CONFIRMATION_WARN_DAYS = 7
#: Agreements that took effect this many days ago at most can still be inside their window:
#: the 30-day period plus the longest move past a holiday break (under ten days).
CONFIRMATION_LOOKBACK_DAYS = 30 + 10


class TodayKind(LabelledEnum):
    """The kinds of item, most pressing first."""

    SESSION = "session", "今日调解"
    INSTRUCTION = "instruction", "督办待回复"
    DUE_TODAY = "due_today", "今日到期"
    CONFIRMATION = "confirmation", "司法确认申请期限将届满"
    COURT_OVERDUE = "court_overdue", "法院办理逾期"  # no acceptance or ruling by its day
    FOLLOW_UP = "follow_up", "待回访"
    ENFORCEMENT = "enforcement", "申请执行期限将届满"
    PERFORMANCE = "performance", "履行到期/逾期"
    OVERDUE = "overdue", "已超期"

    @property
    def order(self) -> int:
        return list(TodayKind).index(self)
