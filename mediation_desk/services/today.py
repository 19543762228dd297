"""今日待办: what the centre has to do today, shown when the app opens.

Today's sessions still to hold, 督办 instructions waiting for a reply, open cases due today,
judicial-confirmation windows about to close (a written agreement in effect, confirmation
intended, no application recorded yet), applications the court has not decided on by its
statutory day (read with the windows, in the same query), follow-up visits (回访) due,
agreement items due or overdue for performance and enforcement periods about to end after a
court's ruling, and overdue open cases. Each item carries its case. A fixed number of queries
whatever the size of the centre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select, union
from sqlalchemy.orm import aliased

from ..db.agreement_models import Agreement, AgreementSignature, ConfirmationPack
from ..db.calendar_models import HolidayYear
from ..db.followup_models import FollowUpTask
from ..db.models import Case, Mediator
from ..db.performance_models import PerformanceItem
from ..db.schedule_models import MediationSession, Room, SessionStaff
from ..db.supervision_models import SupervisionInstruction
from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import AgreementForm
from ..domain.confirmation_rules import ENDED_STATUSES
from ..domain.court_steps import ACCEPT_DAYS, CourtRecord, court_progress
from ..domain.dates import numeric_date
from ..domain.deadlines import CONFIRMATION_PERIOD_DAYS, Deadline, confirmation_deadline
from ..domain.enums import CaseSource
from ..domain.follow_ups import TaskState
from ..domain.performance_marks import ENFORCEMENT_WARN_DAYS, PERFORMANCE_LOOKBACK_DAYS
from ..domain.sessions import SessionStatus
from ..domain.supervision import InstructionState, days_text
from ..domain.today import CONFIRMATION_LOOKBACK_DAYS, CONFIRMATION_WARN_DAYS, TodayKind
from ..domain.work_calendar import WorkCalendar
from ..scheduling.model import StaffRole
from .performance import OpenItem, open_items, today_items_where
from .supervision import OPEN_STATUSES, is_open_case, load_instructions, party_labels
from .time_limits import load_calendar

DAY = dt.timedelta(days=1)
#: Sessions still to hold (finished, cancelled and no-shows are not to-dos).
PENDING_SESSIONS = (SessionStatus.BOOKED, SessionStatus.CHECKED_IN, SessionStatus.IN_SESSION)
BEYOND_TABLE_MARK = "※"  # the day lies beyond the holiday table: check it


@dataclass(frozen=True, slots=True)
class TodayItem:
    kind: TodayKind
    case_id: int
    case_number: str
    parties: str
    when: str  # '09:30–10:30', '2026年12月2日'
    detail: str
    urgent: bool  # overdue, late, or closing within three days
    rank: int = 0  # order within the kind


@dataclass(frozen=True)
class TodayList:
    today: dt.date
    items: list[TodayItem]

    def count(self, kind: TodayKind) -> int:
        return sum(1 for i in self.items if i.kind is kind)


def _day(d: dt.date, beyond: bool = False) -> str:
    return numeric_date(d) + (BEYOND_TABLE_MARK if beyond else "")


def today_list(uow: UnitOfWork, today: dt.date | None = None) -> TodayList:
    """The day's to-do items, most pressing kind first."""
    today = today or uow.today()
    s = uow.read()
    start = dt.datetime.combine(today, dt.time())
    in_today = (
        (MediationSession.starts >= start)
        & (MediationSession.starts < start + DAY)
        & MediationSession.status.in_(PENDING_SESSIONS)
    )
    due_now = is_open_case() & (Case.due_on <= today)
    waiting = SupervisionInstruction.replied_at.is_(None) & Case.status.in_(OPEN_STATUSES)
    # effective (the last signature) early enough for the window to close within the warning
    # days, late enough for it to be still open (the 30 days, moved past a holiday at most)
    earliest = today - dt.timedelta(days=CONFIRMATION_LOOKBACK_DAYS)
    latest = today - dt.timedelta(days=CONFIRMATION_PERIOD_DAYS - CONFIRMATION_WARN_DAYS)
    recent = select(AgreementSignature.agreement_id).where(
        AgreementSignature.signed_on >= earliest, AgreementSignature.signed_on <= latest
    )
    confirming = (
        Agreement.id.in_(recent)
        & (Agreement.form == AgreementForm.WRITTEN)
        & Agreement.intends_confirmation.is_(True)
        & Case.status.not_in([*ENDED_STATUSES, *OPEN_STATUSES])  # the agreement took effect
        & (Case.source != CaseSource.COURT_ENTRUSTED)
    )
    # applied, no final word yet, and at least the court's three days gone by
    at_court = (
        ConfirmationPack.applied_on.is_not(None)
        & (ConfirmationPack.ruling_result == "")
        & (ConfirmationPack.applied_on < today - dt.timedelta(days=ACCEPT_DAYS))
        & (Case.source != CaseSource.COURT_ENTRUSTED)
    )
    visit_due = (FollowUpTask.state == TaskState.OPEN) & (FollowUpTask.due_on <= today)
    performing = today_items_where(today)
    shown = union(
        select(MediationSession.case_id).where(in_today),
        select(Case.id).where(due_now),
        select(SupervisionInstruction.case_id)
        .join(Case, Case.id == SupervisionInstruction.case_id)
        .where(waiting),
        select(Agreement.case_id).join(Case, Case.id == Agreement.case_id).where(confirming),
        select(ConfirmationPack.case_id)
        .join(Case, Case.id == ConfirmationPack.case_id)
        .where(at_court),
        select(FollowUpTask.case_id).where(visit_due),
        select(PerformanceItem.case_id).where(performing),
    )
    labels = party_labels(s, shown)
    items = (
        _sessions(uow, in_today, labels)
        + _instructions(uow, waiting, labels, today)
        + _due(uow, due_now, labels, today)
        + _confirmations(uow, confirming, at_court, latest, labels, today)
        + _follow_ups(uow, visit_due, labels, today)
        + _performance(open_items(s, performing), labels, today)
    )
    items.sort(key=lambda i: (i.kind.order, i.rank, i.case_number))
    return TodayList(today, items)


def _sessions(
    uow: UnitOfWork, where: ColumnElement[bool], labels: dict[int, str]
) -> list[TodayItem]:
    lead = aliased(SessionStaff)
    rows = (
        uow.read()
        .connection()
        .execute(
            select(
                MediationSession.case_id,
                Case.number,
                MediationSession.starts,
                MediationSession.ends,
                MediationSession.status,
                Room.name,
                Mediator.name,
            )
            .join(Case, Case.id == MediationSession.case_id)
            .join(Room, Room.id == MediationSession.room_id)
            .outerjoin(
                lead, (lead.session_id == MediationSession.id) & (lead.role == StaffRole.LEAD)
            )
            .outerjoin(Mediator, Mediator.id == lead.mediator_id)
            .where(where)
            .order_by(MediationSession.starts, MediationSession.id)
        )
        .all()
    )
    items = []
    for rank, (cid, number, starts, ends, status, room, mediator) in enumerate(rows):
        detail = f"{room}"
        if mediator:
            detail += f" · 调解员 {mediator}"
        if status is not SessionStatus.BOOKED:
            detail += f" · {status.label}"
        when = f"{starts:%H:%M}–{ends:%H:%M}"
        items.append(
            TodayItem(
                TodayKind.SESSION, cid, number, labels.get(cid, ""), when, detail, False, rank
            )
        )
    return items


def _instructions(
    uow: UnitOfWork, where: ColumnElement[bool], labels: dict[int, str], today: dt.date
) -> list[TodayItem]:
    items = []
    for i in load_instructions(uow.read(), where, today):
        late = i.state is InstructionState.LATE
        items.append(
            TodayItem(
                TodayKind.INSTRUCTION,
                i.case_id,
                i.case_number,
                labels.get(i.case_id, ""),
                _day(i.respond_by),
                f"{i.level.label}督办：{i.text}" + ("（已逾期）" if late else ""),
                late or i.respond_by <= today,
                (i.respond_by - today).days,
            )
        )
    return items


def _due(
    uow: UnitOfWork, where: ColumnElement[bool], labels: dict[int, str], today: dt.date
) -> list[TodayItem]:
    rows = (
        uow.read()
        .connection()
        .execute(
            select(Case.id, Case.number, Case.due_on, Case.due_beyond_table, Mediator.name)
            .outerjoin(Mediator, Mediator.id == Case.mediator_id)
            .where(where)
        )
        .all()
    )
    items = []
    for cid, number, due, beyond, mediator in rows:
        assert due is not None  # the query asks for due_on <= today
        kind = TodayKind.DUE_TODAY if due == today else TodayKind.OVERDUE
        detail = days_text(due, today) + (
            f" · 调解员 {mediator}" if mediator else " · 未指定调解员"
        )
        items.append(
            TodayItem(
                kind,
                cid,
                number,
                labels.get(cid, ""),
                _day(due, beyond),
                detail,
                True,
                (due - today).days,
            )
        )
    return items


def _confirmations(
    uow: UnitOfWork,
    where: ColumnElement[bool],
    at_court: ColumnElement[bool],
    latest: dt.date,
    labels: dict[int, str],
    today: dt.date,
) -> list[TodayItem]:
    """Windows closing without an application, and applications the court is late on: one
    query (the number of statements stays fixed)."""
    effective_on = func.max(AgreementSignature.signed_on)
    pack = ConfirmationPack
    rows = (
        uow.read()
        .connection()
        .execute(
            select(
                Agreement.case_id,
                Case.number,
                effective_on,
                pack.applied_on,
                pack.acceptance_on,
                pack.accepted,
                select(func.count()).select_from(HolidayYear).scalar_subquery(),
            )
            .join(Case, Case.id == Agreement.case_id)
            .join(AgreementSignature, AgreementSignature.agreement_id == Agreement.id)
            .outerjoin(pack, pack.case_id == Agreement.case_id)
            .where((where & pack.applied_on.is_(None)) | at_court)
            .group_by(
                Agreement.case_id, Case.number, pack.applied_on, pack.acceptance_on, pack.accepted
            )
            .having((effective_on <= latest) | pack.applied_on.is_not(None))
        )
        .all()
    )
    items = []
    deadlines: dict[dt.date, Deadline] = {}  # many agreements share a day: count it once
    # the centre's own holiday years, read only when it entered any (as the pack reads them)
    calendar = load_calendar(uow.read()) if rows and rows[0][-1] else None
    for cid, number, effective, applied_on, acceptance_on, accepted, _years in rows:
        if applied_on is not None:
            record = CourtRecord(applied_on, acceptance_on=acceptance_on, accepted=accepted)
            if item := _court_item(cid, number, labels, record, today, calendar):
                items.append(item)
            continue
        if effective not in deadlines:
            deadlines[effective] = confirmation_deadline(effective, calendar)
        deadline = deadlines[effective]
        left = deadline.days_left(today)
        if not 0 <= left <= CONFIRMATION_WARN_DAYS:
            continue
        detail = (
            f"协议{numeric_date(effective)}生效，"
            + ("今日届满" if left == 0 else f"还剩{left}天")
            + "，尚未申请司法确认"
        )
        items.append(
            TodayItem(
                TodayKind.CONFIRMATION,
                cid,
                number,
                labels.get(cid, ""),
                _day(deadline.due, deadline.beyond_table),
                detail,
                left <= 3,
                left,
            )
        )
    return items


def _court_item(
    cid: int,
    number: str,
    labels: dict[int, str],
    record: CourtRecord,
    today: dt.date,
    calendar: WorkCalendar | None = None,
) -> TodayItem | None:
    """The court step overdue on an application, if any (acceptance, or the ruling)."""
    progress = court_progress(record, calendar=calendar)
    late = progress.overdue(today)
    due = progress.decide_due if record.accepted else progress.accept_due
    if not late or due is None:
        return None
    return TodayItem(
        TodayKind.COURT_OVERDUE,
        cid,
        number,
        labels.get(cid, ""),
        _day(due.due, due.beyond_table),
        late,
        True,
        (due.due - today).days,
    )


def _follow_ups(
    uow: UnitOfWork, where: ColumnElement[bool], labels: dict[int, str], today: dt.date
) -> list[TodayItem]:
    rows = (
        uow.read()
        .connection()
        .execute(
            select(
                FollowUpTask.case_id,
                Case.number,
                FollowUpTask.due_on,
                FollowUpTask.reason,
                FollowUpTask.note,
            )
            .join(Case, Case.id == FollowUpTask.case_id)
            .where(where)
            .order_by(FollowUpTask.due_on, FollowUpTask.id)
        )
        .all()
    )
    items = []
    for cid, number, due, reason, note in rows:
        late = (today - due).days
        detail = f"{reason.label}回访" + (f"：{note}" if note else "")
        if late > 0:
            detail += f"（已过{late}天）"
        items.append(
            TodayItem(
                TodayKind.FOLLOW_UP,
                cid,
                number,
                labels.get(cid, ""),
                _day(due),
                detail,
                late > 7,
                -late,
            )
        )
    return items


def _performance(found: list[OpenItem], labels: dict[int, str], today: dt.date) -> list[TodayItem]:
    """Per case: its items due today or fallen due in the last ``PERFORMANCE_LOOKBACK_DAYS``
    days (the earliest named; older ones are on the 督办 board), and the nearest last day to
    apply for enforcement when it ends within the warning days (after a ruling)."""
    recent = today - dt.timedelta(days=PERFORMANCE_LOOKBACK_DAYS)
    by_case: dict[int, list[OpenItem]] = {}
    for i in found:
        by_case.setdefault(i.case_id, []).append(i)
    items = []
    deadlines: dict[tuple[dt.date | None, dt.date | None, dt.date], Deadline] = {}
    for cid, mine in by_case.items():
        due = [i for i in mine if i.due_date is not None and recent <= i.due_date <= today]
        number, parties = mine[0].case_number, labels.get(cid, "")
        if due:
            first = due[0]  # the query orders by due day
            assert first.due_date is not None
            more = f"等{len(due)}项" if len(due) > 1 else ""
            detail = f"{first.label}{more}：{first.what}，" + (
                "今日到期" if first.due_date == today else days_text(first.due_date, today)
            )
            items.append(
                TodayItem(
                    TodayKind.PERFORMANCE,
                    cid,
                    number,
                    parties,
                    _day(first.due_date),
                    detail,
                    first.due_date < today,
                    (first.due_date - today).days,
                )
            )
        near: tuple[int, OpenItem, Deadline] | None = None
        for i in mine:
            if i.ruling_on is None:
                continue
            key = (i.due_date, i.clause_last_due, i.ruling_on)
            if key not in deadlines:
                found_deadline = i.enforcement()
                assert found_deadline is not None
                deadlines[key] = found_deadline
            left = deadlines[key].days_left(today)
            if 0 <= left <= ENFORCEMENT_WARN_DAYS and (near is None or left < near[0]):
                near = (left, i, deadlines[key])
        if near is not None:
            left, i, deadline = near
            items.append(
                TodayItem(
                    TodayKind.ENFORCEMENT,
                    cid,
                    number,
                    parties,
                    _day(deadline.due, deadline.beyond_table),
                    f"{i.label}未履行完毕，申请强制执行"
                    + ("今日届满" if left == 0 else f"还剩{left}天"),
                    left <= 7,
                    left,
                )
            )
    return items
