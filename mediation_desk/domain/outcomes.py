"""How mediation ends without an agreement, and how an ended case is taken up again.

人民调解法 art. 26: mediation that does not succeed is terminated, and the parties are told they
may use arbitration, administrative or court routes. 特邀调解规定 art. 26 lists the grounds for a
court-referred case: a party withdraws or refuses mediation, positions too far apart, other
reasons; 宁波市人民调解条例 art. 27 adds a time limit run out. Success comes from the agreement
(``agreements.case_status_following``), not from here.

Which action is allowed from which status is the table ``TRANSITIONS``; a refusal says why in
Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import CaseStatus, LabelledEnum


class EndAction(LabelledEnum):
    TERMINATE = "terminate", "终止调解"
    WITHDRAW = "withdraw", "撤回调解申请"
    REOPEN = "reopen", "恢复调解"


class TerminationReason(LabelledEnum):
    """The grounds for ending mediation without agreement, as the notice states them."""

    REFUSES = "refuses", "一方当事人明确表示不愿继续调解"
    FAR_APART = "far_apart", "双方当事人分歧较大，难以达成调解协议"
    TIME_LIMIT = "time_limit", "调解期限届满，当事人未能达成调解协议"
    NOT_SUITABLE = "not_suitable", "纠纷不宜继续通过人民调解解决"
    OTHER = "other", "其他导致调解难以进行的情形"


#: Statuses an action may start from, and where it leads.
TRANSITIONS: dict[EndAction, tuple[frozenset[CaseStatus], CaseStatus]] = {
    EndAction.TERMINATE: (
        frozenset({CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION}),
        CaseStatus.FAILED,
    ),
    EndAction.WITHDRAW: (
        frozenset({CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION}),
        CaseStatus.WITHDRAWN,
    ),
    EndAction.REOPEN: (
        frozenset({CaseStatus.FAILED, CaseStatus.WITHDRAWN}),
        CaseStatus.IN_MEDIATION,
    ),
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the case ended (or why it was taken up again), as stored with the case."""

    action: EndAction
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


def refusal(status: CaseStatus, action: EndAction) -> str:
    """Why ``action`` cannot be taken from ``status``; '' when it can."""
    allowed, _to = TRANSITIONS[action]
    if status in allowed:
        return ""
    if action is EndAction.REOPEN:
        return f"本案{status.label}，只有已终止或已撤回的案件可以恢复调解"
    return f"本案{status.label}，不能{action.label}"


def check_outcome(action: EndAction, reason: TerminationReason | None, note: str) -> str:
    """What is missing to record ``action``; '' when complete."""
    if action is EndAction.TERMINATE and reason is None:
        return "请选择终止调解的原因"
    if action is EndAction.TERMINATE and reason is TerminationReason.OTHER and not note.strip():
        return "原因为“其他”时，请写明具体情况"
    if action is EndAction.REOPEN and not note.strip():
        return "请填写恢复调解的原因"
    return ""


def target(action: EndAction) -> CaseStatus:
    return TRANSITIONS[action][1]
