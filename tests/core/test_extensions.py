"""The time limit at intake, extensions with both parties' consent, and the case read model."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mediation_desk.db.calendar_models import TimeLimitExtension
from mediation_desk.db.models import Case, HistoryEntry
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.enums import CaseSource, CaseStatus, CourtProcedure
from mediation_desk.domain.time_limits import header_text
from mediation_desk.errors import DeskError, ValidationFailed
from mediation_desk.services import intake
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.time_limits import extend_time_limit, list_extensions
from tests.desk import reading, run
from tests.factories import two_party_draft

D = dt.date
NOW = dt.datetime(2026, 3, 2, 9, 30)  # a Monday


def _register(db, centre, now: dt.datetime = NOW, **changes) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id)
    for name, value in changes.items():
        setattr(draft, name, value)
    issues = run(db, intake.check_draft, draft, now=now)
    acknowledged = {intake.warning_key(i) for i in issues if not i.is_error}
    reg = run(
        db, intake.register_case, draft, acknowledged=acknowledged, actor=centre.actor, now=now
    )
    return int(reg.id)


def _case(db, case_id: int) -> Case:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        c = s.get(Case, case_id)
        assert c is not None
        s.expunge(c)
        return c


def test_intake_stores_the_peoples_mediation_month(db, centre) -> None:  # type: ignore[no-untyped-def]
    c = _case(db, _register(db, centre))
    assert (c.time_limit_rule, c.due_on, c.due_beyond_table) == (
        "peoples_one_month",
        D(2026, 4, 2),
        False,
    )
    assert c.materials_received_on is None and c.court_procedure == ""


def test_intake_stores_a_court_entrusted_summary_case(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(
        db,
        centre,
        source=CaseSource.COURT_ENTRUSTED,
        referring_body="某某区人民法院",
        court_procedure=CourtProcedure.SUMMARY,
        materials_received_on=D(2026, 2, 27),
    )
    c = _case(db, case_id)
    assert c.court_procedure == "summary" and c.materials_received_on == D(2026, 2, 27)
    assert (c.time_limit_rule, c.due_on) == ("court_entrusted_summary_7", D(2026, 3, 6))


def test_court_materials_default_to_the_day_received(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(
        db, centre, source=CaseSource.COURT_PRE_FILING, referring_body="某某区人民法院"
    )
    c = _case(db, case_id)
    assert c.materials_received_on == D(2026, 3, 2) and c.due_on == D(2026, 4, 1)


def test_a_petitions_case_keeps_its_letters_day(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(
        db,
        centre,
        source=CaseSource.PETITIONS,
        referring_body="某某区信访局",
        handed_due_on=D(2026, 3, 20),
    )
    c = _case(db, case_id)
    assert (c.time_limit_rule, c.due_on, c.handed_due_on) == (
        "handed_letter",
        D(2026, 3, 20),
        D(2026, 3, 20),
    )


def test_a_letters_day_before_acceptance_is_refused(db, centre) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as exc:
        _register(
            db,
            centre,
            source=CaseSource.PETITIONS,
            referring_body="某某区信访局",
            handed_due_on=D(2026, 2, 1),
        )
    assert {i.code for i in exc.value.issues} == {"handed_due_early"}


def test_refused_cases_have_no_time_limit(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.enums import RefusalReason

    case_id = _register(db, centre, refused=True, refusal_reasons=[RefusalReason.NOT_CIVIL])
    c = _case(db, case_id)
    assert c.due_on is None and c.time_limit_rule == ""
    assert header_text(run(db, get_case, case_id).time_limit, D(2026, 3, 3)) == "无办理时限"  # type: ignore[arg-type]


def test_extension_needs_every_partys_consent_and_a_note(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    with pytest.raises(DeskError, match="李四尚未同意"):
        run(
            db,
            extend_time_limit,
            case_id,
            consenting_party_ids={ids[0]},
            note="双方同意",
            days=10,
            actor=centre.actor,
        )
    with pytest.raises(DeskError, match="说明"):
        run(
            db,
            extend_time_limit,
            case_id,
            consenting_party_ids=set(ids),
            note="  ",
            days=10,
            actor=centre.actor,
        )
    with pytest.raises(DeskError, match="二选一"):
        run(
            db,
            extend_time_limit,
            case_id,
            consenting_party_ids=set(ids),
            note="同意",
            actor=centre.actor,
        )
    with reading(db) as s:
        assert not s.scalars(select(TimeLimitExtension)).all()


def test_an_extension_moves_the_due_day_and_is_in_the_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    ids = {p.id for p in run(db, get_case, case_id).parties}
    result = run(
        db,
        extend_time_limit,
        case_id,
        consenting_party_ids=ids,
        note="双方当庭口头同意延长",
        days=10,
        actor=centre.actor,
        now=NOW,
    )
    assert result.due_on == D(2026, 4, 13)  # 04-12 is a Sunday
    again = run(
        db,
        extend_time_limit,
        case_id,
        consenting_party_ids=ids,
        note="再次同意",
        new_due_on=D(2026, 4, 20),
        actor=centre.actor,
        now=NOW,
    )
    assert again.days == 7 and again.due_on == D(2026, 4, 20)
    detail = run(db, get_case, case_id)
    assert detail.time_limit is not None and detail.time_limit.extension_days == 17
    assert header_text(detail.time_limit, D(2026, 4, 15)) == "办理时限 2026年4月20日 · 剩5天"
    shown = run(db, list_extensions, case_id)
    assert [e.days for e in shown] == [10, 7] and shown[0].consenting == ("张三", "李四")
    with reading(db) as s:
        summaries = s.scalars(
            select(HistoryEntry.summary).where(HistoryEntry.action == "extend_time_limit")
        ).all()
    assert any("双方当庭口头同意延长" in t and "2026-04-13" in t for t in summaries)


def test_a_closed_case_cannot_be_extended(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    ids = {p.id for p in run(db, get_case, case_id).parties}
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.WITHDRAW,
        note="撤回",
        actor=centre.actor,
        now=NOW,
    )
    with pytest.raises(DeskError, match="不能延长"):
        run(
            db,
            extend_time_limit,
            case_id,
            consenting_party_ids=ids,
            note="同意",
            days=5,
            actor=centre.actor,
        )
    detail = run(db, get_case, case_id)
    assert detail.time_limit is not None and not detail.time_limit.is_open
    assert header_text(detail.time_limit, D(2026, 5, 1)) == "办理时限 2026年4月2日"


NEVER_MEDIATED = (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT)


def test_the_demo_loader_stores_every_open_cases_time_limit(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.demo.loader import load_demo

    run(sqlite_db, lambda uow: load_demo(uow, n_cases=120), now=dt.datetime(2026, 11, 20, 9))
    with reading(sqlite_db) as s:
        rows = s.execute(
            select(
                Case.status, Case.source, Case.time_limit_rule, Case.due_on, Case.court_procedure
            ).where(Case.id <= 120)  # the bulk-loaded ones; the lifecycle stories follow
        ).all()
    open_rows = [r for r in rows if r.status.is_open]
    assert open_rows and all(r.due_on and r.time_limit_rule for r in open_rows)
    # refused and routed-out cases never ran a limit; ended ones keep the one they ran under
    assert all(r.due_on is None for r in rows if r.status in NEVER_MEDIATED)
    assert all(r.court_procedure for r in rows if r.source is CaseSource.COURT_ENTRUSTED)


def test_a_reopened_case_is_counted_again_with_todays_table(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services import holidays

    late = dt.datetime(2026, 12, 31, 10)
    case_id = _register(db, centre, now=late)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.WITHDRAW,
        note="撤回",
        actor=centre.actor,
        now=late,
    )
    notice = "二、春节：1月29日至2月6日放假调休，共9天。2月7日（周日）上班。"
    saved = run(
        db, holidays.save_holiday_year, holidays.read_arrangement(notice, 2027), actor=centre.actor
    )
    assert saved.recomputed == 0 and _case(db, case_id).due_on == D(2027, 2, 1)  # not open
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REOPEN,
        note="当事人要求继续调解",
        actor=centre.actor,
        now=late,
    )
    c = _case(db, case_id)
    assert (c.due_on, c.due_beyond_table) == (D(2027, 2, 7), False)


def test_an_extension_counts_from_the_due_day_the_clerk_sees(db, centre) -> None:  # type: ignore[no-untyped-def]
    """Received 2026-06-04: one month ends on Saturday 07-04, moved to Monday 07-06. Extending
    to 07-16 gives 07-16 (not 07-14, counted from the Saturday); 5 days more run from 07-16."""
    received = dt.datetime(2026, 6, 4, 10)
    case_id = run(
        db,
        intake.register_case,
        two_party_draft(centre.street_unit_id),
        now=received,
        actor=centre.actor,
    ).id
    detail = run(db, get_case, case_id)
    assert detail.time_limit is not None and detail.time_limit.due == D(2026, 7, 6)
    parties = {p.id for p in detail.parties}
    first = run(
        db,
        extend_time_limit,
        case_id,
        consenting_party_ids=parties,
        note="双方同意",
        new_due_on=D(2026, 7, 16),
        now=received + dt.timedelta(days=20),
        actor=centre.actor,
    )
    assert first.due_on == D(2026, 7, 16) and first.days == 10
    second = run(
        db,
        extend_time_limit,
        case_id,
        consenting_party_ids=parties,
        note="再延五日",
        days=5,
        now=received + dt.timedelta(days=21),
        actor=centre.actor,
    )
    assert second.due_on == D(2026, 7, 21)  # Tuesday 07-21


def test_open_cases_from_before_time_limits_get_theirs_at_start_up(db, centre) -> None:  # type: ignore[no-untyped-def]
    """After the upgrade that brought time limits, open cases have no due day: the start-up
    step gives them theirs, once; a usual start-up writes nothing."""
    from sqlalchemy import update

    from mediation_desk.services.startup import prepare_database
    from tests.desk import writing
    from tests.statements import counting

    received = dt.datetime(2026, 3, 2, 10)
    draft = two_party_draft(centre.street_unit_id)
    case_id = run(db, intake.register_case, draft, now=received, actor=centre.actor).id
    with writing(db) as s:
        s.execute(update(Case).values(due_on=None, time_limit_rule=""))
    run(db, prepare_database)
    detail = run(db, get_case, case_id)
    assert detail.time_limit is not None and detail.time_limit.due == D(2026, 4, 2)
    with counting(db.engine) as count:
        run(db, prepare_database)
    assert count.transactions <= 1 and count.statements <= 4, count  # reads only
