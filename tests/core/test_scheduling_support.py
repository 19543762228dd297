"""Shared set-up for the scheduling tests: a few rooms, mediators with profiles, and cases,
all created through the services. (Named ``test_*`` only so that it sits with its tests.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediation_desk.domain.enums import MediatorKind
from mediation_desk.scheduling.model import Equipment, RoomKind
from mediation_desk.services import intake, mediator_profiles, reference, rooms
from mediation_desk.services.booking import SessionRequest
from tests.desk import run
from tests.factories import two_party_draft

MONDAY = dt.date(2026, 3, 2)  # a working day in the holiday table


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@dataclass
class Schedule:
    actor: object
    small: int  # 第一调解室, 4 seats
    large: int  # 第二调解室, 8 seats, projector
    remote: int  # 远程视频调解室, 4 seats, video
    zhou: int  # 周建国 (the centre fixture's mediator), neighbour disputes
    wang: int  # 王丽华, speaks 蒙古语
    li: int  # 李明, labour disputes, max 2 a day
    case_a: int
    case_b: int
    case_c: int  # shares 张三's ID number with case_a: the same person


def build(db, centre) -> Schedule:  # type: ignore[no-untyped-def]
    actor = centre.actor
    small = run(
        db, rooms.save_room, name="第一调解室", kind=RoomKind.MEDIATION, capacity=4, actor=actor
    )
    large = run(
        db,
        rooms.save_room,
        name="第二调解室",
        kind=RoomKind.MEDIATION,
        capacity=8,
        equipment=[Equipment.PROJECTOR.value],
        actor=actor,
    )
    remote = run(
        db,
        rooms.save_room,
        name="远程视频调解室",
        kind=RoomKind.REMOTE,
        capacity=4,
        equipment=[Equipment.VIDEO.value, Equipment.RECORDING.value],
        actor=actor,
    )
    wang = run(
        db,
        reference.create_mediator,
        name="王丽华",
        kind=MediatorKind.INVITED,
        unit_id=centre.street_unit_id,
        actor=actor,
    ).id
    li = run(
        db,
        reference.create_mediator,
        name="李明",
        kind=MediatorKind.LAWYER,
        unit_id=centre.street_unit_id,
        actor=actor,
    ).id
    run(
        db,
        mediator_profiles.save_profile,
        mediator_id=centre.mediator_id,
        specialties=["neighbour"],
        languages=["普通话"],
        actor=actor,
    )
    run(
        db,
        mediator_profiles.save_profile,
        mediator_id=wang,
        specialties=["marriage_family"],
        languages=["蒙古语", "普通话"],
        actor=actor,
    )
    run(
        db,
        mediator_profiles.save_profile,
        mediator_id=li,
        specialties=["labour"],
        max_per_day=2,
        availability={
            wd: [(dt.time(9), dt.time(12)), (dt.time(14), dt.time(17))] for wd in range(5)
        },
        actor=actor,
    )
    now = dt.datetime(2026, 3, 1, 9, 0)
    a = run(db, intake.register_case, two_party_draft(centre.street_unit_id), now=now, actor=actor)
    b = run(
        db,
        intake.register_case,
        two_party_draft(
            centre.street_unit_id, applicant="赵五", respondent="钱六", applicant_id=""
        ),
        now=now,
        actor=actor,
    )
    c = run(
        db,
        intake.register_case,
        two_party_draft(centre.street_unit_id, respondent="孙七"),
        now=now,
        actor=actor,
    )
    return Schedule(
        actor, small.id, large.id, remote.id, centre.mediator_id, wang, li, a.id, b.id, c.id
    )


def request(
    sch: Schedule, case_id: int, start: dt.datetime, minutes: int = 60, **kw
) -> SessionRequest:  # type: ignore[no-untyped-def]
    values = {"room_id": sch.small, "lead_id": sch.zhou}
    values.update(kw)
    return SessionRequest(
        case_id=case_id, starts=start, ends=start + dt.timedelta(minutes=minutes), **values
    )


def test_support_builds_a_centre(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    sch = build(sqlite_db, sqlite_centre)
    assert len(run(sqlite_db, rooms.list_rooms)) == 3
    assert {p.name for p in run(sqlite_db, mediator_profiles.list_profiles)} >= {"王丽华", "李明"}
    assert len({sch.case_a, sch.case_b, sch.case_c}) == 3
