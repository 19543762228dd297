"""A case's states and every way it moves between them: one table.

A case is created 已受理, 不予受理 or 已移送 (intake). From there it moves only by the events
below, each allowed from the statuses the table lists. Some follow from other records (the
first session starts, the agreement takes effect or stops being effective); the others are
chosen in the case window, with what each needs (``outcomes.check_outcome``). Every move is
written to the case history with who, when and why (``services.history.record_status``).

Where the law speaks: 人民调解法 arts. 26 (terminating, the other routes), 28–30 (written and
oral agreements); 特邀调解规定 arts. 19–21 and 26 (court-referred cases: agreement filed with
the court, materials back to the court for filing when there is none, the written report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .enums import CaseSource, CaseStatus, LabelledEnum
from .roles import Permission


class CaseEvent(LabelledEnum):
    START = "start", "开始调解"
    AGREEMENT_EFFECTIVE = "agreement_effective", "调解协议生效"
    AGREEMENT_LAPSED = "agreement_lapsed", "调解协议不再生效"
    TERMINATE = "terminate", "终止调解"
    WITHDRAW = "withdraw", "撤回调解申请"
    REFER_COURT = "refer_court", "移送法院立案"
    REFER_DEPARTMENT = "refer_department", "转有关部门处理"
    FAST_TRACK = "fast_track", "速裁结案"
    CLOSE = "close", "结案"
    REOPEN = "reopen", "恢复调解"
    REOPEN_CLOSED = "reopen_closed", "撤销结案"
    ARCHIVE = "archive", "归档"
    UNARCHIVE = "unarchive", "解除归档"
    ROUTE_OUT = "route_out", "分流时移送"
    ROUTE_BACK = "route_back", "撤回移送，重新分流"
    FOLLOW_UP_REOPEN = "follow_up_reopen", "回手"


S = CaseStatus
OPEN = frozenset({S.ACCEPTED, S.IN_MEDIATION})
#: Where mediation here has come to an end; each may be closed (结案).
OUTCOMES = frozenset(
    {S.SUCCEEDED, S.FAILED, S.WITHDRAWN, S.REFERRED_OUT, S.FAST_TRACK_CLOSED, S.REFUSED}
)


@dataclass(frozen=True, slots=True)
class Transition:
    event: CaseEvent
    sources: frozenset[CaseStatus]
    #: None: back to the status the case was closed from (撤销结案).
    target: CaseStatus | None
    #: Chosen in the 结束调解 dialog; the others follow a session, the agreement or the
    #: routing (分流/移送, ``services.cases.route_case``).
    by_hand: bool
    why: str  # shown where the action is offered


TRANSITIONS: tuple[Transition, ...] = (
    Transition(CaseEvent.START, frozenset({S.ACCEPTED}), S.IN_MEDIATION, False, "第一次调解开始"),
    Transition(
        CaseEvent.AGREEMENT_EFFECTIVE,
        OPEN,
        S.SUCCEEDED,
        False,
        "调解协议签名盖章齐全或口头协议达成",
    ),
    Transition(
        CaseEvent.AGREEMENT_LAPSED,
        frozenset({S.SUCCEEDED}),
        S.IN_MEDIATION,
        False,
        "撤销签名后协议不再生效",
    ),
    Transition(CaseEvent.TERMINATE, OPEN, S.FAILED, True, "调解不成，告知当事人其他途径"),
    Transition(CaseEvent.WITHDRAW, OPEN, S.WITHDRAWN, True, "申请人撤回调解申请"),
    Transition(
        CaseEvent.REFER_COURT,
        OPEN | {S.FAILED},
        S.REFERRED_OUT,
        True,
        "未达成协议，引导或移送人民法院立案（法院委派的案件退回材料）",
    ),
    Transition(
        CaseEvent.REFER_DEPARTMENT,
        OPEN | {S.FAILED},
        S.REFERRED_OUT,
        True,
        "转交有权处理的行政机关、仲裁机构等",
    ),
    Transition(
        CaseEvent.FAST_TRACK,
        OPEN | {S.FAILED, S.REFERRED_OUT},
        S.FAST_TRACK_CLOSED,
        True,
        "由人民法院速裁团队审结",
    ),
    Transition(CaseEvent.CLOSE, OUTCOMES, S.CLOSED, True, "办理完毕，结案"),
    Transition(
        CaseEvent.REOPEN,
        frozenset({S.FAILED, S.WITHDRAWN, S.REFERRED_OUT}),
        S.IN_MEDIATION,
        True,
        "当事人同意继续调解",
    ),
    Transition(
        CaseEvent.REOPEN_CLOSED, frozenset({S.CLOSED}), None, True, "结案有误，恢复到结案前"
    ),
    # The case file (services/case_file.py): archived once complete, then locked; only the
    # director unlocks it, with a reason. Their own dialogs, not the outcome dialog's.
    Transition(CaseEvent.ARCHIVE, frozenset({S.CLOSED}), S.ARCHIVED, False, "卷宗齐全，立卷归档"),
    Transition(
        CaseEvent.UNARCHIVE, frozenset({S.ARCHIVED}), S.CLOSED, False, "需要修改已归档的案件"
    ),
    Transition(
        CaseEvent.ROUTE_OUT,
        OPEN,
        S.REFERRED_OUT,
        False,
        "分流时移送有权处理的机关、组织（分流/移送）",
    ),
    Transition(
        CaseEvent.ROUTE_BACK,
        frozenset({S.REFERRED_OUT}),
        S.ACCEPTED,
        False,
        "已移送的案件重新分流给本中心的承办单位",
    ),
    # offered on the 回访 page after a visit (不满意 or 未履行), not in the outcome dialog
    Transition(
        CaseEvent.FOLLOW_UP_REOPEN,
        frozenset({S.SUCCEEDED, S.CLOSED}),
        S.IN_MEDIATION,
        False,
        "回访发现协议未履行或当事人不满意，回手重新调解，重新计算办理时限",
    ),
)
BY_EVENT: dict[CaseEvent, Transition] = {t.event: t for t in TRANSITIONS}

#: What the acting account needs for each move (``domain.roles``). Mediating moves the case
#: along; routing is the clerk's; 回手 follows a visit; the file's lock and undoing a 结案 are
#: the director's. ``services.case_flow.move_case`` checks it, whatever service moves the case.
EVENT_PERMISSION: dict[CaseEvent, Permission] = {
    CaseEvent.START: Permission.MEDIATE,
    CaseEvent.AGREEMENT_EFFECTIVE: Permission.MEDIATE,
    CaseEvent.AGREEMENT_LAPSED: Permission.MEDIATE,
    CaseEvent.TERMINATE: Permission.MEDIATE,
    CaseEvent.WITHDRAW: Permission.MEDIATE,
    CaseEvent.REFER_COURT: Permission.MEDIATE,
    CaseEvent.REFER_DEPARTMENT: Permission.MEDIATE,
    CaseEvent.FAST_TRACK: Permission.MEDIATE,
    CaseEvent.CLOSE: Permission.MEDIATE,
    CaseEvent.REOPEN: Permission.MEDIATE,
    CaseEvent.REOPEN_CLOSED: Permission.SUPERVISE,
    CaseEvent.ARCHIVE: Permission.ARCHIVE,
    CaseEvent.UNARCHIVE: Permission.ARCHIVE,
    CaseEvent.ROUTE_OUT: Permission.ROUTE,
    CaseEvent.ROUTE_BACK: Permission.ROUTE,
    CaseEvent.FOLLOW_UP_REOPEN: Permission.FOLLOW_UP,
}
#: The events a clerk chooses, in the order the window offers them.
BY_HAND: tuple[CaseEvent, ...] = tuple(t.event for t in TRANSITIONS if t.by_hand)


def event_label(event: CaseEvent, source: CaseSource) -> str:
    """What the move is called for this case: a case a court entrusted after filing (委托) is
    not 立案 again — without agreement it goes back to trial (特邀调解规定 art. 21)."""
    if event is CaseEvent.REFER_COURT and source is CaseSource.COURT_ENTRUSTED:
        return "退回法院审理"
    return event.label


def allowed(status: CaseStatus, event: CaseEvent) -> bool:
    return status in BY_EVENT[event].sources


def refusal(status: CaseStatus, event: CaseEvent) -> str:
    """Why ``event`` cannot happen to a case in ``status``, in Chinese; '' when it can."""
    if allowed(status, event):
        return ""
    if event is CaseEvent.REOPEN:
        return f"本案{status.label}，只有已终止、已撤回或已移送的案件可以恢复调解"
    if event is CaseEvent.REOPEN_CLOSED:
        return f"本案{status.label}，尚未结案"
    if event is CaseEvent.ARCHIVE:
        return "本案已归档" if status is S.ARCHIVED else f"本案{status.label}，结案后才能归档"
    if event is CaseEvent.UNARCHIVE:
        return f"本案{status.label}，没有归档"
    if event is CaseEvent.FOLLOW_UP_REOPEN:
        return f"本案{status.label}，只有调解成功或已结案的案件可以回手"
    if event is CaseEvent.CLOSE and status in OPEN:
        return f"本案{status.label}，请先记录调解结果（成功、终止、撤回或移送）再结案"
    return f"本案{status.label}，不能{event.label}"


def target(status: CaseStatus, event: CaseEvent, closed_from: CaseStatus | None) -> CaseStatus:
    """Where ``event`` takes a case in ``status`` (which must allow it)."""
    to = BY_EVENT[event].target
    if to is not None:
        return to
    return closed_from or S.IN_MEDIATION


#: Moves that end mediation here: the case gets the day it ended (``ended_on``), the day the
#: statistics count it 办结 by (成功率, 按期办结, 平均天数). Routing out at intake (分流时移送)
#: is not one: the committee never mediated such a case.
MEDIATION_ENDINGS = frozenset(
    {
        CaseEvent.AGREEMENT_EFFECTIVE,
        CaseEvent.TERMINATE,
        CaseEvent.WITHDRAW,
        CaseEvent.REFER_COURT,
        CaseEvent.REFER_DEPARTMENT,
        CaseEvent.FAST_TRACK,
    }
)
#: Outcomes only mediation reaches: a case closed from one with no end day (recorded before
#: every ending kept it) ends on the day it is closed. 已移送 is not one of them: without an
#: end day it was routed out at intake.
MEDIATED_OUTCOMES = frozenset({S.SUCCEEDED, S.FAILED, S.WITHDRAWN, S.FAST_TRACK_CLOSED})


def end_day(
    event: CaseEvent, before: CaseStatus, ended_on: dt.date | None, on: dt.date
) -> dt.date | None:
    """The day mediation ended, once ``event`` (on day ``on``) moves a case from ``before``
    that had ``ended_on``: the one rule every move follows (``services.history.record_status``).

    A case mediated again (恢复调解, 回手, agreement no longer effective, routed back) has no
    end day; an ending from an open case ends it on ``on``; an ended case keeps the day it
    ended (terminated, then referred to court; closed; archived); a case that had ended
    without a day gets ``on`` when it is handed on or closed.
    """
    to = BY_EVENT[event].target
    if to is not None and to.is_open:
        return None
    if before.is_open:  # a day left from an earlier ending no longer applies
        return on if event in MEDIATION_ENDINGS else None
    if ended_on is not None:
        return ended_on
    if event in MEDIATION_ENDINGS or (event is CaseEvent.CLOSE and before in MEDIATED_OUTCOMES):
        return on
    return None


def outcome_of(status: CaseStatus, closed_from: str) -> CaseStatus:
    """How a case came out: its status, or for a closed case the status it closed from
    (``closed_from`` as stored, '' when none)."""
    if status in (S.CLOSED, S.ARCHIVED) and closed_from:
        return CaseStatus(closed_from)
    return status


#: Where the agreement may still change (drafted, signed, a signature undone): its effect must
#: be able to move the case (AGREEMENT_EFFECTIVE / AGREEMENT_LAPSED).
AGREEMENT_OPEN = OPEN | {S.SUCCEEDED}


def agreement_refusal(status: CaseStatus) -> str:
    """Why the agreement of a case in ``status`` can no longer be changed or signed; ''."""
    if status in AGREEMENT_OPEN:
        return ""
    if status is S.CLOSED:
        return "本案已结案，调解协议及签名不能再改动；如确需更正，请先撤销结案"
    return f"本案{status.label}，调解协议及签名不能再改动"


def offered(status: CaseStatus) -> list[CaseEvent]:
    """The events the window offers a case in ``status``."""
    return [e for e in BY_HAND if allowed(status, e)]
