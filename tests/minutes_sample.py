"""A case sitting with its mediator — a room, a lead, a co-mediator, a note-taker, the
applicant checked in — for the minutes tests (core, documents, UI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediation_desk.domain.drafts import AgentDraft, ParticipantDraft
from mediation_desk.domain.enums import AgentAuthority, MediatorKind
from mediation_desk.domain.minutes import InvestigationDraft, MinutesDraft, PresentPerson
from mediation_desk.scheduling.model import RoomKind
from mediation_desk.services import booking, intake, minutes, reference, rooms, session_actions
from mediation_desk.services.cases import get_case
from tests.desk import run
from tests.factories import two_party_draft

DAY = dt.date(2026, 3, 2)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute))


@dataclass(frozen=True)
class Sitting:
    case_id: int
    session_id: int
    applicant: int  # party ids
    respondent: int


def sitting_case(db, centre, *, start: bool = True) -> Sitting:  # type: ignore[no-untyped-def]
    actor = centre.actor
    draft = two_party_draft(centre.street_unit_id)
    draft.parties[1].agents.append(
        AgentDraft(name="王律师", relation="律师", authority=AgentAuthority.SPECIAL)
    )
    draft.participants.append(ParticipantDraft(name="钱大伯", relation="村民代表"))
    draft.routing.mediator_id = centre.mediator_id
    case_id = run(db, intake.register_case, draft, now=at(8) - dt.timedelta(days=1), actor=actor).id
    room = run(
        db, rooms.save_room, name="第一调解室", kind=RoomKind.MEDIATION, capacity=6, actor=actor
    )
    co = run(
        db,
        reference.create_mediator,
        name="王丽华",
        kind=MediatorKind.INVITED,
        unit_id=centre.street_unit_id,
        actor=actor,
    ).id
    clerk = run(
        db,
        reference.create_mediator,
        name="陈书记",
        kind=MediatorKind.PEOPLES,
        unit_id=centre.street_unit_id,
        actor=actor,
    ).id
    request = booking.SessionRequest(
        case_id=case_id,
        room_id=room.id,
        starts=at(9),
        ends=at(10, 30),
        lead_id=centre.mediator_id,
        co_ids=(co,),
        note_taker_id=clerk,
    )
    session = run(db, booking.book_session, request, now=at(8), actor=actor)
    applicant = session.attendees[0]
    run(
        db,
        session_actions.record_arrival,
        session_id=session.id,
        attendee_ids=[applicant.id],
        now=at(8, 50),
        actor=actor,
    )
    if start:
        run(db, session_actions.start_session, session_id=session.id, now=at(9, 5), actor=actor)
    parties = run(db, get_case, case_id).parties
    return Sitting(case_id, session.id, parties[0].id, parties[1].id)


def complete_draft(base: MinutesDraft, sitting: Sitting) -> MinutesDraft:
    """The prefilled draft completed as a clerk would: the respondent's lawyer came for him."""
    present = [
        *base.present,
        PresentPerson("王律师", "被申请人李四的委托代理人", agent_of=sitting.respondent),
    ]
    return MinutesDraft(
        place=base.place,
        note_taker=base.note_taker,
        present=present,
        rights_read=True,
        recusal_asked=True,
        recusal_note="",
        accounts={
            sitting.applicant: (
                "被申请人的排水管引到我家墙角，墙体受潮开裂。\n要求赔偿修缮费三千元。"
            ),
            sitting.respondent: "排水管是前年装的，愿意改走向，但修缮费太高。",
        },
        mediator_work="向双方讲解《民法典》相邻关系的规定，分别做双方工作。",
        outcome="双方同意排水管改走向，修缮费金额待现场查看后再议。",
        next_step="2026年3月9日上午到现场查看墙体，再行调解。",
    )


def site_visit() -> InvestigationDraft:
    return InvestigationDraft(
        starts=dt.datetime(2026, 3, 9, 9, 30),
        place="城南街道幸福里12号、14号",
        investigators="周建国、王丽华",
        note_taker="陈书记",
        subjects="赵大伯（邻居）\n孙阿姨（楼长）",
        examined="现场查看墙体及排水管走向，拍照六张。",
        findings="申请人东墙墙角受潮面积约二平方米，裂缝两条。\n排水管出口距墙角约三十厘米。",
    )


def record_minutes_and_investigation(db, centre) -> int:  # type: ignore[no-untyped-def]
    """The gallery scenario: saved minutes of one session and one investigation record."""
    sit = sitting_case(db, centre)
    draft = complete_draft(run(db, minutes.minutes_for, sit.session_id).draft, sit)
    draft.present.append(PresentPerson("赵小妹", "申请人的女儿"))
    run(db, minutes.save_minutes, sit.session_id, draft, now=at(10, 40), actor=centre.actor)
    run(
        db,
        minutes.record_investigation,
        case_id=sit.case_id,
        draft=site_visit(),
        now=dt.datetime(2026, 3, 9, 11),
        actor=centre.actor,
    )
    return sit.case_id
