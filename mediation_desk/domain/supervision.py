"""督办: how an open case stands against its due day, and who must answer for it.

Pure rules, as data (domain.md §5: centres set their own targets and supervise them):

- **Groups.** An open case is 已超期 when its due day has passed, 三日内到期 when it falls
  within the next ``DUE_SOON_DAYS`` days (today included), 正常 otherwise, and 未定期限 when no
  time limit applies (``due_on`` is empty).
- **Escalation.** A case that stays overdue climbs one rung of ``LADDER`` after the number of
  days in ``ESCALATE_AFTER_DAYS``: 调解员 (overdue at all) → 单位负责人 (more than 3 days) →
  中心主任 (more than 10 days). An instruction (督办令) left unanswered past its reply day also
  lifts the case one rung above the level it was issued at. The higher of the two counts.
- **Instructions** are issued at the 单位负责人 or the 中心主任 level (a mediator does not 督办
  himself); the reply day is today or later; an instruction is answered once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .enums import LabelledEnum

#: "Due within 3 days": today and the next three days.
DUE_SOON_DAYS = 3
#: Longest instruction text and reply (characters).
MAX_TEXT = 400


class DueGroup(LabelledEnum):
    """Where an open case stands against its due day (the board's order)."""

    OVERDUE = "overdue", "已超期"
    DUE_SOON = "due_soon", "三日内到期"
    ON_TIME = "on_time", "正常"
    NO_LIMIT = "no_limit", "未定期限"


class EscalationLevel(LabelledEnum):
    """Who answers for an overdue case, lowest first."""

    MEDIATOR = "mediator", "调解员"
    UNIT_HEAD = "unit_head", "单位负责人"
    CENTRE_HEAD = "centre_head", "中心主任"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def next(self) -> EscalationLevel:
        """The rung above (the centre head is the top)."""
        return LADDER[min(self.rank + 1, len(LADDER) - 1)]


LADDER: tuple[EscalationLevel, ...] = (
    EscalationLevel.MEDIATOR,
    EscalationLevel.UNIT_HEAD,
    EscalationLevel.CENTRE_HEAD,
)

_RANK = {level: i for i, level in enumerate(LADDER)}

#: A case overdue for more than this many days is escalated to the level (the centre's rule).
ESCALATE_AFTER_DAYS: dict[EscalationLevel, int] = {
    EscalationLevel.MEDIATOR: 0,
    EscalationLevel.UNIT_HEAD: 3,
    EscalationLevel.CENTRE_HEAD: 10,
}

#: The levels an instruction may be issued at.
INSTRUCTION_LEVELS: tuple[EscalationLevel, ...] = (
    EscalationLevel.UNIT_HEAD,
    EscalationLevel.CENTRE_HEAD,
)


class InstructionState(LabelledEnum):
    """Where an instruction stands on a given day."""

    WAITING = "waiting", "待回复"
    LATE = "late", "逾期未回复"
    REPLIED = "replied", "已回复"


def due_group(due_on: dt.date | None, today: dt.date) -> DueGroup:
    if due_on is None:
        return DueGroup.NO_LIMIT
    left = (due_on - today).days
    if left < 0:
        return DueGroup.OVERDUE
    if left <= DUE_SOON_DAYS:
        return DueGroup.DUE_SOON
    return DueGroup.ON_TIME


def days_over(due_on: dt.date | None, today: dt.date) -> int | None:
    """Days past the due day (negative: days left; None: no limit)."""
    return None if due_on is None else (today - due_on).days


def days_text(due_on: dt.date | None, today: dt.date) -> str:
    """'超期5天', '今日到期', '剩2天', '' (no limit)."""
    over = days_over(due_on, today)
    if over is None:
        return ""
    if over > 0:
        return f"超期{over}天"
    if over == 0:
        return "今日到期"
    return f"剩{-over}天"


def instruction_state(respond_by: dt.date, replied: bool, today: dt.date) -> InstructionState:
    if replied:
        return InstructionState.REPLIED
    return InstructionState.LATE if today > respond_by else InstructionState.WAITING


@dataclass(frozen=True, slots=True)
class InstructionFact:
    """What escalation needs to know of one instruction."""

    level: EscalationLevel
    respond_by: dt.date
    replied: bool


def escalation(
    due_on: dt.date | None, today: dt.date, instructions: tuple[InstructionFact, ...] = ()
) -> EscalationLevel | None:
    """The level a case has reached; None while it is not overdue and no instruction is late."""
    reached: EscalationLevel | None = None
    if due_on is not None and due_on < today:
        over = (today - due_on).days
        for level in LADDER:
            if over > ESCALATE_AFTER_DAYS[level]:
                reached = level
    for i in instructions:
        if instruction_state(i.respond_by, i.replied, today) is InstructionState.LATE:
            lifted = i.level.next
            if reached is None or lifted.rank > reached.rank:
                reached = lifted
    return reached


def suggested_level(current: EscalationLevel | None) -> EscalationLevel:
    """The level a new instruction is offered at: at least the unit head, else the case's."""
    if current is None or current.rank < EscalationLevel.UNIT_HEAD.rank:
        return EscalationLevel.UNIT_HEAD
    return current


def check_instruction(
    level: EscalationLevel, text: str, respond_by: dt.date | None, today: dt.date
) -> str:
    """Why an instruction cannot be issued ('' when it can), in Chinese."""
    if level not in INSTRUCTION_LEVELS:
        return "督办须以单位负责人或中心主任的名义下达"
    if not text.strip():
        return "请填写督办内容"
    if len(text.strip()) > MAX_TEXT:
        return f"督办内容不能超过{MAX_TEXT}字"
    if respond_by is None:
        return "请填写回复期限"
    if respond_by < today:
        return "回复期限不能早于今天"
    return ""


def check_reply(text: str, already_replied: bool) -> str:
    """Why a reply cannot be recorded ('' when it can), in Chinese."""
    if already_replied:
        return "该督办已回复，不能重复回复"
    if not text.strip():
        return "请填写回复内容"
    if len(text.strip()) > MAX_TEXT:
        return f"回复内容不能超过{MAX_TEXT}字"
    return ""
