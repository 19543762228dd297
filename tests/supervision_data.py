"""Arranging cases for the 督办 board and the day's list: due days are set directly (the rules
that fill ``due_on`` at intake are another change), agreements and sessions row by row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from mediation_desk.db.agreement_models import Agreement, AgreementSignature, ConfirmationPack
from mediation_desk.db.models import Case
from mediation_desk.db.schedule_models import MediationSession, Room, SessionStaff
from mediation_desk.domain.agreements import AgreementForm, SignerRole
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.domain.sessions import SessionStatus
from mediation_desk.scheduling.model import RoomKind, StaffRole
from mediation_desk.services.intake import register_case
from tests.desk import run, writing
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 12, 2, 9, 0)
TODAY = NOW.date()


def open_case(  # type: ignore[no-untyped-def]
    db,
    centre,
    *,
    due_in: int | None,
    applicant: str = "张三",
    unit_id: int | None = None,
    mediator: bool = True,
    status: CaseStatus = CaseStatus.IN_MEDIATION,
    beyond_table: bool = False,
) -> int:
    """A registered case, ``due_in`` days from TODAY (None: no time limit)."""
    draft = two_party_draft(unit_id or centre.street_unit_id, applicant=applicant)
    if mediator:
        draft.routing.mediator_id = centre.mediator_id
    case_id = run(db, register_case, draft, actor=centre.actor, now=NOW - dt.timedelta(days=20)).id
    with writing(db) as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.status = status
        case.due_on = None if due_in is None else TODAY + dt.timedelta(days=due_in)
        case.due_beyond_table = beyond_table
    return case_id


def effective_agreement(  # type: ignore[no-untyped-def]
    db, centre, case_id: int, *, effective: dt.date, intends: bool = True
) -> None:
    """A written agreement signed (last) on ``effective``; the case 调解成功."""
    operator = centre.actor.operator_id
    with writing(db) as s:
        a = Agreement(
            case_id=case_id,
            form=AgreementForm.WRITTEN,
            intends_confirmation=intends,
            updated_by=operator,
            updated_at=NOW,
        )
        s.add(a)
        s.flush()
        for day in (effective - dt.timedelta(days=1), effective):
            s.add(
                AgreementSignature(
                    agreement_id=a.id,
                    role=SignerRole.MEDIATOR if day == effective else SignerRole.SEAL,
                    signer_name="周建国",
                    signed_on=day,
                    recorded_by=operator,
                    recorded_at=NOW,
                )
            )
        case = s.get(Case, case_id)
        assert case is not None
        case.status = CaseStatus.SUCCEEDED


def applied(db, centre, case_id: int) -> None:  # type: ignore[no-untyped-def]
    with writing(db) as s:
        s.add(
            ConfirmationPack(
                case_id=case_id,
                applied_on=TODAY,
                updated_by=centre.actor.operator_id,
                updated_at=NOW,
            )
        )


def session_today(  # type: ignore[no-untyped-def]
    db, centre, case_id: int, *, hour: int, status: SessionStatus = SessionStatus.BOOKED
) -> None:
    operator = centre.actor.operator_id
    with writing(db) as s:
        room = s.query(Room).filter_by(name="第一调解室").one_or_none()
        if room is None:
            room = Room(name="第一调解室", kind=RoomKind.MEDIATION, capacity=8)
            s.add(room)
            s.flush()
        starts = dt.datetime.combine(TODAY, dt.time(hour))
        m = MediationSession(
            case_id=case_id,
            room_id=room.id,
            starts=starts,
            ends=starts + dt.timedelta(hours=1),
            status=status,
            created_by=operator,
            created_at=NOW,
            updated_at=NOW,
        )
        s.add(m)
        s.flush()
        s.add(SessionStaff(session_id=m.id, mediator_id=centre.mediator_id, role=StaffRole.LEAD))


def open_all_demo_cases(db, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Make every demo case open with a due day spread from 10 days ago to 9 days ahead."""
    with writing(db) as s:
        s.execute(
            text(
                "UPDATE mediation_case SET status = 'in_mediation', due_on = :base + (id % 20) - 10"
            ).bindparams(base=today)
            if not db.is_sqlite
            else text(
                "UPDATE mediation_case SET status = 'in_mediation', "
                "due_on = date(:base, ((id % 20) - 10) || ' days')"
            ).bindparams(base=today.isoformat())
        )
