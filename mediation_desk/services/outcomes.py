"""Ending mediation without agreement (终止, 撤回) and taking an ended case up again.

The transitions are ``domain.outcomes.TRANSITIONS``; each is written to the case history with
who, when, the old and new status and why.
"""

from __future__ import annotations

import datetime as dt

from ..db.models import Case
from ..db.unit_of_work import UnitOfWork
from ..domain.case_views import CaseDetail
from ..domain.outcomes import EndAction, Outcome, TerminationReason, check_outcome, refusal, target
from ..errors import DeskError, NotFound
from . import history
from .cases import load_case
from .time_limits import apply_time_limit, extension_days, load_calendar, load_targets


def end_mediation(
    uow: UnitOfWork,
    *,
    case_id: int,
    action: EndAction,
    reason: TerminationReason | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> CaseDetail:
    """Record that mediation ended (``TERMINATE`` with a ground, ``WITHDRAW``) or, with
    ``REOPEN`` and a note saying why, that an ended case is mediated again."""
    on = on or uow.today()
    if on > uow.today():
        raise DeskError("日期不能晚于今天")
    missing = check_outcome(action, reason, note)
    if missing:
        raise DeskError(missing)
    s = uow.write()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    refused = refusal(case.status, action)
    if refused:
        raise DeskError(refused)
    if on < case.received_at.date():
        raise DeskError("日期不能早于受理日期")
    before, after = case.status, target(action)
    outcome = Outcome(action, reason if action is EndAction.TERMINATE else None, note.strip())
    if action is EndAction.REOPEN:
        case.outcome_reason, case.outcome_note, case.ended_on = "", "", None
        summary = f"恢复调解（{before.label} → {after.label}）：{outcome.note}"
    else:
        case.outcome_reason = outcome.reason.value if outcome.reason else ""
        case.outcome_note, case.ended_on = outcome.note, on
        why = outcome.reason_text
        summary = f"{action.label}（{before.label} → {after.label}）" + (f"：{why}" if why else "")
    history.record_status(uow, case, after, summary)
    if action is EndAction.REOPEN:  # counted again: the holiday table may have changed since
        apply_time_limit(case, load_calendar(s), load_targets(s), extension_days(s, case_id))
    s.flush()
    return load_case(s, case_id)
