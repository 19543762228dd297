"""How mediation ends without an agreement, and what each move of ``case_flow`` needs.

人民调解法 art. 26: mediation that does not succeed is terminated, and the parties are told they
may use arbitration, administrative or court routes. 特邀调解规定 art. 26 lists the grounds for a
court-referred case: a party withdraws or refuses mediation, positions too far apart, other
reasons; 宁波市人民调解条例 art. 27 adds a time limit run out. Success comes from the agreement
(``agreements.case_status_following``), not from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .case_flow import CaseEvent
from .enums import LabelledEnum, ReferralTarget


class TerminationReason(LabelledEnum):
    """The grounds for ending mediation without agreement, as the notice states them."""

    REFUSES = "refuses", "一方当事人明确表示不愿继续调解"
    FAR_APART = "far_apart", "双方当事人分歧较大，难以达成调解协议"
    TIME_LIMIT = "time_limit", "调解期限届满，当事人未能达成调解协议"
    NOT_SUITABLE = "not_suitable", "纠纷不宜继续通过人民调解解决"
    OTHER = "other", "其他导致调解难以进行的情形"


#: Where a case may be handed on after (or instead of) mediation here; 法院立案 is its own move.
DEPARTMENT_TARGETS: tuple[ReferralTarget, ...] = tuple(
    t for t in ReferralTarget if t is not ReferralTarget.COURT_FILING
)
#: Moves that name who receives the case (a court or a department).
NAMES_RECEIVER = {
    CaseEvent.REFER_COURT: "请填写接收案件的人民法院",
    CaseEvent.REFER_DEPARTMENT: "请填写接收案件的部门或机构名称",
    CaseEvent.FAST_TRACK: "请填写审结案件的人民法院",
}
#: Moves that undo an earlier one: the reason goes to the history.
NEEDS_REASON = {
    CaseEvent.REOPEN: "请填写恢复调解的原因",
    CaseEvent.REOPEN_CLOSED: "请填写撤销结案的原因",
    CaseEvent.FOLLOW_UP_REOPEN: "请填写回手的原因",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the case ended (or why it was taken up again), as stored with the case."""

    event: CaseEvent
    reason: TerminationReason | None
    note: str

    @property
    def reason_text(self) -> str:
        """The ground as the termination notice states it: the listed ground, the note, or
        both ("其他…：note")."""
        note = self.note.strip()
        if self.reason is None:
            return note
        if not note:
            return self.reason.label
        return f"{self.reason.label}（{note}）"


def check_outcome(
    event: CaseEvent,
    reason: TerminationReason | None,
    note: str,
    *,
    receiver: str = "",
    refer_to: ReferralTarget | None = None,
) -> str:
    """What is missing to record ``event``; '' when complete."""
    if event is CaseEvent.TERMINATE and reason is None:
        return "请选择终止调解的原因"
    if event is CaseEvent.TERMINATE and reason is TerminationReason.OTHER and not note.strip():
        return "原因为“其他”时，请写明具体情况"
    if event in NEEDS_REASON and not note.strip():
        return NEEDS_REASON[event]
    if event is CaseEvent.REFER_DEPARTMENT and refer_to not in DEPARTMENT_TARGETS:
        return "请选择转交的部门类别"
    if event in NAMES_RECEIVER and not receiver.strip():
        return NAMES_RECEIVER[event]
    return ""
