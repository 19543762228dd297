"""The minutes of a session (调解记录) and the case's investigation records (调查记录).

``minutes_for`` gives the minutes of a session — saved, or prefilled from the session: time,
room, lead and co-mediators, the note-taker booked, and who checked in at the counter — so the
clerk never types twice what the desk already knows. ``save_minutes`` checks them (rights and
duties read, recusal asked, each present side's account, the outcome) and records the change.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..db.agreement_models import GeneratedDocument
from ..db.minutes_models import (
    InvestigationRecord,
    MinutesAccount,
    MinutesAttendance,
    SessionMinutes,
)
from ..db.models import Agent, Case, Operator, Participant, Party
from ..db.schedule_models import MediationSession
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.document_kinds import DocumentKind
from ..domain.enums import AgentKind, PartyRole
from ..domain.issues import FieldIssue
from ..domain.masking import mask_numbers_in_text
from ..domain.minutes import (
    InvestigationDraft,
    InvestigationView,
    MinutesDraft,
    MinutesParty,
    MinutesView,
    PresentPerson,
    agent_role,
    investigation_issues,
    minutes_issues,
)
from ..domain.roles import Permission
from ..domain.sessions import SessionStatus
from ..errors import DeskError, NotFound
from ..scheduling.model import StaffRole
from . import history
from .permissions import requires
from .session_views import load_session

#: Sessions whose minutes may be written: the parties sat (or are sitting) with the mediator.
MINUTES_STATUSES = (SessionStatus.IN_SESSION, SessionStatus.FINISHED)


class RecordIncomplete(DeskError):
    """The minutes or the investigation record lack something; nothing was saved."""

    def __init__(self, what: str, issues: Sequence[FieldIssue]) -> None:
        lines = "\n".join(f"· {i.message}" for i in issues)
        super().__init__(f"{what}尚未保存，请先补全：\n{lines}")
        self.issues = list(issues)


# --- reading the minutes ---------------------------------------------------------------------


def _parties(s: Session, case_id: int) -> tuple[MinutesParty, ...]:
    rows = s.execute(
        select(Party.id, Party.role, Party.name)
        .where(Party.case_id == case_id)
        .order_by(Party.position, Party.id)
    )
    return tuple(MinutesParty(pid, PartyRole(role).label, name) for pid, role, name in rows)


def _candidates(
    s: Session, case_id: int, parties: tuple[MinutesParty, ...], arrived: set[int]
) -> tuple[PresentPerson, ...]:
    """Everyone the case names who could be present: each party (ticked when checked in),
    then its agents, then the invited participants."""
    by_id = {p.id: p for p in parties}
    agents: dict[int, list[PresentPerson]] = {}
    for pid, name, kind in s.execute(
        select(Agent.party_id, Agent.name, Agent.kind)
        .where(Agent.case_id == case_id)
        .order_by(Agent.position, Agent.id)
    ):
        p = by_id[pid]
        role = agent_role(p.role, p.name, AgentKind(kind).label)
        agents.setdefault(pid, []).append(PresentPerson(name, role, agent_of=pid))
    out: list[PresentPerson] = []
    for p in parties:
        out.append(PresentPerson(p.name, p.role, party_id=p.id, checked_in=p.id in arrived))
        out += agents.get(p.id, [])
    for name, relation in s.execute(
        select(Participant.name, Participant.relation)
        .where(Participant.case_id == case_id)
        .order_by(Participant.position, Participant.id)
    ):
        out.append(PresentPerson(name, "参加人" + (f"（{relation}）" if relation else "")))
    return tuple(out)


def _ordinal(s: Session, session: MediationSession) -> int:
    """第几次: sessions of the case that took place or are booked, up to this one."""
    earlier = s.scalar(
        select(func.count())
        .select_from(MediationSession)
        .where(
            MediationSession.case_id == session.case_id,
            MediationSession.status.not_in((SessionStatus.CANCELLED, SessionStatus.NO_SHOW)),
            (MediationSession.starts < session.starts)
            | ((MediationSession.starts == session.starts) & (MediationSession.id < session.id)),
        )
    )
    return int(earlier or 0) + 1


def load_minutes(s: Session, session_id: int) -> MinutesView:
    """The minutes of the session: the saved ones, else a draft prefilled from the session."""
    view = load_session(s, session_id)
    session = s.get(MediationSession, session_id)
    assert session is not None  # load_session found it
    parties = _parties(s, view.case_id)
    arrived = {a.party_id for a in view.attendees if a.arrived_at and a.party_id is not None}
    candidates = _candidates(s, view.case_id, parties, arrived)
    lead = next((x.name for x in view.staff if x.role is StaffRole.LEAD), "")
    co = tuple(x.name for x in view.staff if x.role is StaffRole.CO)
    row = s.execute(
        select(SessionMinutes, Operator.name)
        .join(Operator, Operator.id == SessionMinutes.saved_by)
        .where(SessionMinutes.session_id == session_id)
    ).first()
    if row is None:
        place = view.room_name + ("（远程视频调解）" if view.remote else "")
        note_taker = next((x.name for x in view.staff if x.role is StaffRole.NOTE_TAKER), "")
        draft = MinutesDraft(
            place=place,
            note_taker=note_taker,
            present=[c for c in candidates if c.checked_in],
        )
        saved_at, saved_by = None, ""
    else:
        m, saved_by = row
        present = [
            PresentPerson(a.name, a.role, a.party_id, a.agent_of, a.checked_in)
            for a in s.scalars(
                select(MinutesAttendance)
                .where(MinutesAttendance.session_id == session_id)
                .order_by(MinutesAttendance.position)
            )
        ]
        accounts = {
            pid: text
            for pid, text in s.execute(
                select(MinutesAccount.party_id, MinutesAccount.text).where(
                    MinutesAccount.session_id == session_id
                )
            )
        }
        draft = MinutesDraft(
            place=m.place,
            note_taker=m.note_taker,
            present=present,
            rights_read=m.rights_read,
            recusal_asked=m.recusal_asked,
            recusal_note=m.recusal_note,
            accounts=accounts,
            mediator_work=m.mediator_work,
            outcome=m.outcome,
            next_step=m.next_step,
        )
        saved_at = m.saved_at
    return MinutesView(
        session_id=view.id,
        case_id=view.case_id,
        case_number=view.case_number,
        ordinal=_ordinal(s, session),
        starts=view.starts,
        ends=view.ends,
        started_at=view.started_at,
        finished_at=view.finished_at,
        room_name=view.room_name,
        lead=lead,
        co_mediators=co,
        parties=parties,
        candidates=candidates,
        draft=draft,
        saved=row is not None,
        saved_at=saved_at,
        saved_by=saved_by,
    )


def minutes_for(uow: UnitOfWork, session_id: int) -> MinutesView:
    """The session's minutes for the editor (prefilled when not yet written)."""
    return load_minutes(uow.read(), session_id)


def sessions_with_minutes(s: Session, case_id: int) -> list[int]:
    """The case's sessions whose minutes are saved, in the order they sat."""
    return list(
        s.scalars(
            select(SessionMinutes.session_id)
            .join(MediationSession, MediationSession.id == SessionMinutes.session_id)
            .where(SessionMinutes.case_id == case_id)
            .order_by(MediationSession.starts, MediationSession.id)
        )
    )


def case_minutes(
    uow: UnitOfWork, case_id: int, *, session_id: int | None = None
) -> list[MinutesView]:
    """Every saved minutes of the case, oldest session first (what the documents print), or
    only ``session_id``'s: printing one session reads that one alone."""
    s = uow.read()
    saved = sessions_with_minutes(s, case_id)
    if session_id is not None:
        saved = [sid for sid in saved if sid == session_id]
    return [load_minutes(s, sid) for sid in saved]


# --- saving the minutes ----------------------------------------------------------------------


def _check_people(draft: MinutesDraft, parties: tuple[MinutesParty, ...]) -> None:
    ids = {p.id for p in parties}
    named = {p.party_id for p in draft.present} | {p.agent_of for p in draft.present}
    if (named - {None}) - ids or set(draft.accounts) - ids:
        raise DeskError("调解记录中的当事人不属于本案，请重新打开调解记录后再填写")


#: What the history says changed, by field.
_FIELD_NAMES = {
    "place": "地点",
    "note_taker": "记录人",
    "rights_read": "权利义务告知",
    "recusal_asked": "回避询问",
    "recusal_note": "回避申请",
    "mediator_work": "调解工作",
    "outcome": "调解结果",
    "next_step": "下一步",
}


@requires(Permission.MEDIATE)
def save_minutes(uow: UnitOfWork, session_id: int, draft: MinutesDraft) -> MinutesView:
    """Save (or correct) the session's minutes; raises ``RecordIncomplete`` listing what is
    missing, in Chinese. Who and when saved last is kept; the history says what changed."""
    now = uow.now()
    s = uow.write()
    session = s.get(MediationSession, session_id)
    if session is None:
        raise NotFound("调解场次不存在")
    if session.status not in MINUTES_STATUSES:
        raise DeskError(
            f"该场次{session.status.label}，调解开始后才能制作调解记录（请先在接待台开始调解）"
        )
    parties = _parties(s, session.case_id)
    _check_people(draft, parties)
    issues = minutes_issues(draft, parties)
    if issues:
        raise RecordIncomplete("调解记录", issues)
    m = s.get(SessionMinutes, session_id)
    before = load_minutes(s, session_id).draft if m is not None else None
    if m is None:
        m = SessionMinutes(session_id=session_id, case_id=session.case_id, created_at=now)
        s.add(m)
    m.place, m.note_taker = draft.place.strip(), draft.note_taker.strip()
    m.rights_read, m.recusal_asked = draft.rights_read, draft.recusal_asked
    m.recusal_note = draft.recusal_note.strip()
    m.mediator_work, m.outcome = draft.mediator_work.strip(), draft.outcome.strip()
    m.next_step = draft.next_step.strip()
    m.saved_by, m.saved_at = uow.actor.operator_id, now
    s.flush()
    s.execute(delete(MinutesAttendance).where(MinutesAttendance.session_id == session_id))
    s.execute(delete(MinutesAccount).where(MinutesAccount.session_id == session_id))
    s.add_all(
        MinutesAttendance(
            session_id=session_id,
            position=i,
            party_id=p.party_id,
            agent_of=p.agent_of,
            name=p.name.strip(),
            role=p.role.strip(),
            checked_in=p.checked_in,
        )
        for i, p in enumerate(draft.present)
    )
    s.add_all(
        MinutesAccount(session_id=session_id, party_id=pid, text=text.strip())
        for pid, text in draft.accounts.items()
        if text.strip()
    )
    s.flush()
    saved = load_minutes(s, session_id)
    names = "、".join(p.name for p in saved.draft.present)
    if before is None:
        summary = f"填写第{saved.ordinal}次调解记录（到场：{names}）"
        changed: list[str] = []
    else:
        changed = [
            label
            for f, label in _FIELD_NAMES.items()
            if getattr(before, f) != getattr(saved.draft, f)
        ]
        if before.present != saved.draft.present:
            changed.append("到场人员")
        if before.accounts != saved.draft.accounts:
            changed.append("当事人陈述")
        what = "、".join(changed) if changed else "内容未变"
        summary = f"修改第{saved.ordinal}次调解记录：{what}"
    history.record(
        uow,
        entity=Entity.SESSION,
        entity_id=session_id,
        case_id=session.case_id,
        action="minutes",
        summary=summary,
        changes={"present": [p.name for p in saved.draft.present], "changed": changed},
    )
    return saved


# --- investigation records -------------------------------------------------------------------


def _investigation_views(s: Session, case_id: int) -> list[InvestigationView]:
    rows = s.execute(
        select(InvestigationRecord, Operator.name, Case.number)
        .join(Operator, Operator.id == InvestigationRecord.saved_by)
        .join(Case, Case.id == InvestigationRecord.case_id)
        .where(InvestigationRecord.case_id == case_id)
        .order_by(InvestigationRecord.starts, InvestigationRecord.id)
    ).all()
    return [
        InvestigationView(
            id=r.id,
            case_id=r.case_id,
            case_number=number,
            ordinal=i + 1,
            draft=InvestigationDraft(
                starts=r.starts,
                place=r.place,
                investigators=r.investigators,
                note_taker=r.note_taker,
                subjects=r.subjects,
                examined=r.examined,
                findings=r.findings,
            ),
            saved_at=r.saved_at,
            saved_by=name,
        )
        for i, (r, name, number) in enumerate(rows)
    ]


def case_investigations(uow: UnitOfWork, case_id: int) -> list[InvestigationView]:
    """The case's investigation records, in the order they took place."""
    return _investigation_views(uow.read(), case_id)


def get_investigation(uow: UnitOfWork, record_id: int) -> InvestigationView:
    s = uow.read()
    case_id = s.scalar(
        select(InvestigationRecord.case_id).where(InvestigationRecord.id == record_id)
    )
    if case_id is None:
        raise NotFound("调查记录不存在")
    return next(v for v in _investigation_views(s, case_id) if v.id == record_id)


def _fill(r: InvestigationRecord, draft: InvestigationDraft) -> None:
    assert draft.starts is not None  # checked by investigation_issues
    r.starts = draft.starts.replace(second=0, microsecond=0)
    r.place, r.investigators = draft.place.strip(), draft.investigators.strip()
    r.note_taker = draft.note_taker.strip()
    r.subjects, r.examined = draft.subjects.strip(), draft.examined.strip()
    r.findings = draft.findings.strip()


def _check_investigation(uow: UnitOfWork, draft: InvestigationDraft) -> None:
    issues = investigation_issues(draft, now=uow.now())
    if issues:
        raise RecordIncomplete("调查记录", issues)


@requires(Permission.MEDIATE)
def record_investigation(
    uow: UnitOfWork, *, case_id: int, draft: InvestigationDraft
) -> InvestigationView:
    """Add an investigation record to the case."""
    _check_investigation(uow, draft)
    now = uow.now()
    s = uow.write()
    if s.get(Case, case_id) is None:
        raise NotFound("案件不存在")
    r = InvestigationRecord(
        case_id=case_id,
        created_by=uow.actor.operator_id,
        created_at=now,
        saved_by=uow.actor.operator_id,
        saved_at=now,
    )
    _fill(r, draft)
    s.add(r)
    s.flush()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="investigation",
        summary=f"填写调查记录：{r.starts:%Y-%m-%d %H:%M}，{r.place}",
        changes={"investigation_id": r.id},
    )
    return next(v for v in _investigation_views(s, case_id) if v.id == r.id)


@requires(Permission.MEDIATE)
def update_investigation(
    uow: UnitOfWork, *, record_id: int, draft: InvestigationDraft
) -> InvestigationView:
    """Correct an investigation record (who saved last, and when, is kept)."""
    _check_investigation(uow, draft)
    s = uow.write()
    r = s.get(InvestigationRecord, record_id)
    if r is None:
        raise NotFound("调查记录不存在")
    _fill(r, draft)
    r.saved_by, r.saved_at = uow.actor.operator_id, uow.now()
    s.flush()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=r.case_id,
        case_id=r.case_id,
        action="investigation",
        summary=f"修改调查记录：{r.starts:%Y-%m-%d %H:%M}，{r.place}",
        changes={"investigation_id": r.id},
    )
    return next(v for v in _investigation_views(s, r.case_id) if v.id == r.id)


#: Longest reason for removing an investigation record.
MAX_DELETE_REASON = 200


@requires(Permission.MEDIATE)
def delete_investigation(
    uow: UnitOfWork, *, record_id: int, reason: str
) -> list[InvestigationView]:
    """Remove an investigation record (entered in the wrong case, or twice), never silently:
    the reason and the whole record (numbers in it masked) stay in the case's history, and the
    case's generated 调查记录 are marked 已过期 (the later records' ordinals move up).
    Returns the case's remaining records."""
    reason = reason.strip()
    if not reason:
        raise DeskError("请填写删除原因：删除调查记录须说明理由，理由记入案件历史")
    if len(reason) > MAX_DELETE_REASON:
        raise DeskError(f"删除原因过长：请不超过{MAX_DELETE_REASON}字")
    s = uow.write()
    r = s.get(InvestigationRecord, record_id)
    if r is None:
        raise NotFound("调查记录不存在，可能已被删除")
    case_id, when, place = r.case_id, r.starts, r.place
    kept = {
        "starts": f"{when:%Y-%m-%d %H:%M}",
        "place": place,
        "investigators": r.investigators,
        "note_taker": r.note_taker,
        "subjects": r.subjects,
        "examined": r.examined,
        "findings": r.findings,
    }
    s.delete(r)
    s.flush()
    stale = s.execute(
        update(GeneratedDocument)
        .where(
            GeneratedDocument.case_id == case_id,
            GeneratedDocument.doc_type == DocumentKind.INVESTIGATION_RECORD,
            GeneratedDocument.stale_since.is_(None),
        )
        .values(stale_since=uow.now(), stale_reason=f"已删除{when:%Y-%m-%d}的调查记录")
    )
    if getattr(stale, "rowcount", 0):
        uow.recorder.note(Entity.DOCUMENT, case_id, case_id)
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="investigation_delete",
        summary=mask_numbers_in_text(
            f"删除调查记录：{when:%Y-%m-%d %H:%M}，{place}；原因：{reason}"
        ),
        changes={
            "investigation_id": record_id,
            "reason": mask_numbers_in_text(reason),
            "record": {k: mask_numbers_in_text(v) for k, v in kept.items()},
        },
    )
    return _investigation_views(s, case_id)
