"""Moving a case by hand along ``domain.case_flow``: ending mediation (终止, 撤回), handing it
on (移送法院立案, 转有关部门, 速裁结案), closing it (结案) and undoing either (恢复调解,
撤销结案).

Each move is checked against the table, stores what it needs with the case, and is written to
the case history with who, when, the old and new status and why.
"""

from __future__ import annotations

import datetime as dt

from ..db.models import Case
from ..db.unit_of_work import UnitOfWork
from ..domain.case_flow import EVENT_PERMISSION, CaseEvent, event_label, refusal, target
from ..domain.case_views import CaseDetail
from ..domain.enums import CaseStatus, ReferralTarget
from ..domain.outcomes import Outcome, TerminationReason, check_outcome
from ..domain.report_fields import PREVENTION_EVENTS, PreventionFlags, ReportFieldError
from ..domain.roles import Permission
from ..errors import DeskError, NotFound
from . import follow_up_tasks, history
from .case_report import store_prevention
from .cases import load_case
from .permissions import requires
from .time_limits import apply_time_limit, extension_days, load_calendar, load_targets

#: Moves that end mediation here: they store the day, the ground and the note.
_ENDINGS = frozenset(
    {
        CaseEvent.TERMINATE,
        CaseEvent.WITHDRAW,
        CaseEvent.REFER_COURT,
        CaseEvent.REFER_DEPARTMENT,
        CaseEvent.FAST_TRACK,
    }
)


@requires(Permission.MEDIATE)
def move_case(
    uow: UnitOfWork,
    *,
    case_id: int,
    event: CaseEvent,
    reason: TerminationReason | None = None,
    note: str = "",
    receiver: str = "",
    refer_to: ReferralTarget | None = None,
    returned_materials: str | None = None,
    on: dt.date | None = None,
    prevention: PreventionFlags | None = None,
) -> CaseDetail:
    """Record ``event`` for the case, as chosen in the case window (the 结束调解 dialog):
    mediating moves; the event's own permission (``EVENT_PERMISSION``, 撤销结案 is the
    director's) is checked as well. ``on`` (default today) is the day it happened;
    ``receiver`` names the court or department that takes the case; ``returned_materials``
    (one per line) what went back to a referring court — ``None`` keeps what is stored.
    ``prevention``: what the mediation prevented (防止民转刑 …), recorded when the case ends
    or is closed (``PREVENTION_EVENTS``) — ``None`` keeps what is stored."""
    return apply_event(
        uow,
        case_id=case_id,
        event=event,
        reason=reason,
        note=note,
        receiver=receiver,
        refer_to=refer_to,
        returned_materials=returned_materials,
        on=on,
        prevention=prevention,
    )


def apply_event(
    uow: UnitOfWork,
    *,
    case_id: int,
    event: CaseEvent,
    reason: TerminationReason | None = None,
    note: str = "",
    receiver: str = "",
    refer_to: ReferralTarget | None = None,
    returned_materials: str | None = None,
    on: dt.date | None = None,
    prevention: PreventionFlags | None = None,
) -> CaseDetail:
    """``move_case`` for a service that moves the case as part of its own work (回手 after a
    visit): only the event's own permission is checked, so a clerk's 回手 does not need the
    mediator's permission."""
    uow.require(EVENT_PERMISSION[event])
    on = on or uow.today()
    if on > uow.today():
        raise DeskError("日期不能晚于今天")
    missing = check_outcome(event, reason, note, receiver=receiver, refer_to=refer_to)
    if missing:
        raise DeskError(missing)
    if prevention is not None and event not in PREVENTION_EVENTS:
        raise DeskError("防止矛盾激化的情况在调解结束或结案时登记")
    try:
        prevention = prevention.checked() if prevention is not None else None
    except ReportFieldError as e:
        raise DeskError(str(e)) from None
    s = uow.write()
    case = s.get(Case, case_id, with_for_update=True)  # one move at a time
    if case is None:
        raise NotFound("案件不存在")
    refused = refusal(case.status, event)
    if refused:
        raise DeskError(refused)
    if on < case.received_at.date():
        raise DeskError("日期不能早于受理日期")
    before = case.status
    if not before.is_open and case.ended_on is not None and on < case.ended_on:
        raise DeskError(f"日期不能早于调解结束的日期（{case.ended_on.isoformat()}）")
    closed_from = CaseStatus(case.closed_from) if case.closed_from else None
    after = target(before, event, closed_from)
    note = note.strip()
    if returned_materials is not None:
        case.returned_materials = returned_materials.strip()
    if event in _ENDINGS:
        _store_ending(case, event, reason, note, receiver.strip(), refer_to, on)
    elif event is CaseEvent.REOPEN:
        _clear_ending(case)
    elif event is CaseEvent.CLOSE:
        case.closed_from, case.closed_on = before.value, on
    elif event is CaseEvent.FOLLOW_UP_REOPEN:  # a new time limit runs from the day of 回手
        _clear_ending(case)
        case.closed_from, case.closed_on, case.limit_from = "", None, on
    prevented = store_prevention(case, prevention) if prevention is not None else {}
    summary = _summary(case, event, before, after, reason, note)
    if prevented and prevention is not None:
        summary += "；" + ("、".join(prevention.labels()) or "取消防止激化登记")
    changes = {"status": after.value, **prevented}
    history.record_status(uow, case, event, summary, on=on, changes=changes)
    if event is CaseEvent.REOPEN_CLOSED:  # after the move: it goes back to ``closed_from``
        case.closed_from, case.closed_on = "", None
    if after.is_open:  # counted again: the holiday table may have changed since
        apply_time_limit(case, load_calendar(s), load_targets(s), extension_days(s, case_id))
    s.flush()
    follow_up_tasks.sync_tasks(uow, case_id)  # 结案 plans the visits, undoing it drops them
    return load_case(s, case_id)


def _clear_ending(case: Case) -> None:
    """Mediated again: the outcome's ground, note and receiver no longer apply (the end day
    follows the move, ``case_flow.end_day``). What the mediation prevented stays: it
    happened."""
    case.outcome_reason, case.outcome_note = "", ""
    case.refer_to, case.refer_body, case.refer_note = None, "", ""


def _store_ending(
    case: Case,
    event: CaseEvent,
    reason: TerminationReason | None,
    note: str,
    receiver: str,
    refer_to: ReferralTarget | None,
    on: dt.date,
) -> None:
    if event is CaseEvent.TERMINATE:
        case.outcome_reason = reason.value if reason else ""
        case.outcome_note = note
        return
    if event is CaseEvent.WITHDRAW:
        case.outcome_reason, case.outcome_note = "", note
        return
    # handed on: the receiver is kept where intake keeps a referral; a ground of an earlier
    # termination stays (a terminated case referred to court still prints its notice)
    if event is CaseEvent.REFER_COURT:
        refer_to = ReferralTarget.COURT_FILING
    case.refer_to = refer_to if event is not CaseEvent.FAST_TRACK else case.refer_to
    case.refer_body, case.refer_note = receiver, note


def _summary(
    case: Case,
    event: CaseEvent,
    before: CaseStatus,
    after: CaseStatus,
    reason: TerminationReason | None,
    note: str,
) -> str:
    head = f"{event_label(event, case.source)}（{before.label} → {after.label}）"
    if event is CaseEvent.TERMINATE:
        why = Outcome(event, reason, note).reason_text
    elif event in (CaseEvent.REFER_COURT, CaseEvent.REFER_DEPARTMENT, CaseEvent.FAST_TRACK):
        why = case.refer_body + (f"；{note}" if note else "")
    else:
        why = note
    return head + (f"：{why}" if why else "")
