"""今日待办: today's sessions, instructions waiting for a reply, cases due today, confirmation
windows about to close, overdue cases — each with its case, in a fixed number of statements."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from mediation_desk.db.unit_of_work import UnitOfWork
from mediation_desk.domain.clock import fixed_clock
from mediation_desk.domain.sessions import SessionStatus
from mediation_desk.domain.supervision import EscalationLevel
from mediation_desk.domain.today import TodayKind
from mediation_desk.services.supervision import issue_instruction, reply_instruction
from mediation_desk.services.today import today_list
from tests.desk import run
from tests.statements import counting
from tests.supervision_data import (
    NOW,
    TODAY,
    applied,
    effective_agreement,
    open_all_demo_cases,
    open_case,
    session_today,
)

D = dt.timedelta(days=1)


def _kinds(items) -> list[tuple[TodayKind, int]]:  # type: ignore[no-untyped-def]
    return [(i.kind, i.case_id) for i in items]


def test_the_day_lists_what_to_do_most_pressing_first(db, centre) -> None:  # type: ignore[no-untyped-def]
    heard = open_case(db, centre, due_in=10, applicant="赵一")
    session_today(db, centre, heard, hour=14)
    session_today(db, centre, heard, hour=9)
    session_today(db, centre, heard, hour=11, status=SessionStatus.CANCELLED)
    due = open_case(db, centre, due_in=0, applicant="钱二")
    late = open_case(db, centre, due_in=-4, applicant="孙三", beyond_table=True)
    later = open_case(db, centre, due_in=-1, applicant="李四")
    open_case(db, centre, due_in=1)  # due tomorrow: on the board, not a to-do
    agreed = open_case(db, centre, due_in=None, applicant="周五")
    # effective 2026-11-02: the 30 days end 2026-12-02, today
    effective_agreement(db, centre, agreed, effective=TODAY - 30 * D)
    early = open_case(db, centre, due_in=None, applicant="吴六")
    effective_agreement(db, centre, early, effective=TODAY - 5 * D)  # 25 days left: not yet
    filed = open_case(db, centre, due_in=None, applicant="郑七")
    effective_agreement(db, centre, filed, effective=TODAY - 28 * D)
    applied(db, centre, filed)
    unwanted = open_case(db, centre, due_in=None, applicant="王八")
    effective_agreement(db, centre, unwanted, effective=TODAY - 28 * D, intends=False)
    run(
        db,
        issue_instruction,
        case_id=heard,
        level=EscalationLevel.CENTRE_HEAD,
        text="请今日上报进展",
        respond_by=TODAY,
        actor=centre.actor,
        now=NOW,
    )

    day = run(db, today_list, TODAY, actor=centre.actor, now=NOW)
    assert _kinds(day.items) == [
        (TodayKind.SESSION, heard),
        (TodayKind.SESSION, heard),
        (TodayKind.INSTRUCTION, heard),
        (TodayKind.DUE_TODAY, due),
        (TodayKind.CONFIRMATION, agreed),
        (TodayKind.OVERDUE, late),
        (TodayKind.OVERDUE, later),
    ]
    first, instruction, confirmation, overdue = (
        day.items[0],
        day.items[2],
        day.items[4],
        day.items[5],
    )
    assert (first.when, first.detail, first.parties) == (
        "09:00–10:00",
        "第一调解室 · 调解员 周建国",
        "赵一 与 李四",
    )
    assert instruction.detail == "中心主任督办：请今日上报进展"
    assert instruction.case_number == first.case_number and instruction.urgent
    assert confirmation.detail == "协议2026年11月2日生效，今日届满，尚未申请司法确认"
    assert (overdue.when, overdue.detail) == ("2026年11月28日※", "超期4天 · 调解员 周建国")
    assert day.count(TodayKind.OVERDUE) == 2


def test_an_answered_instruction_leaves_the_list(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = open_case(db, centre, due_in=5)
    issued = run(
        db,
        issue_instruction,
        case_id=case_id,
        level=EscalationLevel.UNIT_HEAD,
        text="请说明进展",
        respond_by=TODAY + 2 * D,
        actor=centre.actor,
        now=NOW,
    )
    day = run(db, today_list, TODAY, actor=centre.actor, now=NOW)
    assert _kinds(day.items) == [(TodayKind.INSTRUCTION, case_id)]
    assert not day.items[0].urgent  # two days left
    run(db, reply_instruction, instruction_id=issued.id, text="已调解", actor=centre.actor, now=NOW)
    assert run(db, today_list, TODAY, actor=centre.actor, now=NOW).items == []


def test_the_day_reads_in_a_fixed_number_of_statements(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case
    from mediation_desk.demo.loader import load_demo
    from tests.conftest import open_database
    from tests.desk import reading

    counts = []
    for n in (10, 200):
        db = open_database(f"sqlite:///{tmp_path / f'demo-{n}.db'}")
        seeded = run(db, lambda uow, n=n: load_demo(uow, n_cases=n, seed=7), now=NOW)
        open_all_demo_cases(db, TODAY)
        staff = SimpleNamespace(actor=seeded.actor, mediator_id=min(seeded.mediator_ids.values()))
        for case_id, hour in ((1, 9), (2, 10), (3, 14)):
            session_today(db, staff, case_id, hour=hour)
        run(
            db,
            issue_instruction,
            case_id=1,
            level=EscalationLevel.UNIT_HEAD,
            text="催办",
            respond_by=TODAY,
            actor=seeded.actor,
            now=NOW,
        )
        with counting(db.engine) as count, UnitOfWork(db, clock=fixed_clock(NOW)) as uow:
            day = today_list(uow, TODAY)
        with reading(db) as s:  # the bulk-loaded cases and the demo's stories, all made open
            cases = s.scalar(select(func.count()).select_from(Case))
        assert day.count(TodayKind.OVERDUE) + day.count(TodayKind.DUE_TODAY) == sum(
            1 for i in range(1, cases + 1) if i % 20 - 10 <= 0
        )
        assert day.count(TodayKind.SESSION) >= 3
        counts.append(count.statements)
        db.dispose()
    assert counts[0] == counts[1] <= 8, counts  # +1 the visits due (回访), +1 performance items


def test_the_confirmation_window_counts_the_centres_own_holidays(db, centre) -> None:  # type: ignore[no-untyped-def]
    """The centre entered 2027 (a made-up 劳动节 of 05-01..05-05): an agreement effective 04-01
    may be taken to court until 05-06, as the pack says, not 05-03 beyond the table."""
    from mediation_desk.domain.agreements import SignerRole
    from mediation_desk.domain.holiday_table import ArrangementDraft, HolidayRange
    from mediation_desk.services import holidays
    from mediation_desk.services.agreements import record_signature, save_agreement
    from mediation_desk.services.cases import get_case
    from mediation_desk.services.confirmation import get_pack
    from tests.documents.sample import register_sample_case, sample_agreement

    may_day = HolidayRange("劳动节", dt.date(2027, 5, 1), dt.date(2027, 5, 5))
    entered = dt.datetime(2027, 1, 5, 9)
    run(
        db,
        holidays.save_holiday_year,
        ArrangementDraft(2027, [may_day], []),
        actor=centre.actor,
        now=entered,
    )
    case_id = register_sample_case(db, centre)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    effective, now = dt.date(2027, 4, 1), dt.datetime(2027, 4, 1, 9)
    draft = sample_agreement(ids)
    run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor, now=now)
    signers = [(SignerRole.PARTY, pid) for pid in ids] + [
        (role, None) for role in (SignerRole.MEDIATOR, SignerRole.RECORDER, SignerRole.SEAL)
    ]
    for role, pid in signers:
        run(
            db,
            record_signature,
            case_id=case_id,
            role=role,
            party_id=pid,
            signed_on=effective,
            actor=centre.actor,
            now=now,
        )
    assert run(db, get_pack, case_id, now=now).deadline.due == dt.date(2027, 5, 6)
    day = run(db, today_list, dt.date(2027, 4, 30), now=dt.datetime(2027, 4, 30, 9))
    windows = [i for i in day.items if i.kind is TodayKind.CONFIRMATION]
    assert [i.when for i in windows] == ["2027年5月6日"]
