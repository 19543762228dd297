"""The court's side of judicial confirmation: the step table, the court's periods (司法确认若干规定
arts. 4–5, counted by 民诉法 art. 85), the services that record each step, 今日待办."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.court_steps import (
    STEPS,
    CourtEvent,
    CourtRecord,
    CourtStep,
    RulingResult,
    court_progress,
    next_steps,
    refusal,
)
from mediation_desk.domain.today import TodayKind
from mediation_desk.domain.work_calendar import base_calendar
from mediation_desk.errors import DeskError
from mediation_desk.services.confirmation import get_pack
from mediation_desk.services.court_steps import (
    LateSubmission,
    record_acceptance,
    record_ruling,
    record_submission,
    ruling_effective,
    ruling_result,
)
from mediation_desk.services.history import case_history
from mediation_desk.services.today import today_list
from tests.core.test_confirmation_legal import _entrusted_case
from tests.desk import run
from tests.documents.sample import full_case

EFFECTIVE = dt.date(2024, 9, 1)  # full_case's agreement takes effect that day
NOW = dt.datetime(2024, 10, 30, 9, 0)

# --- the step table (pure) ---------------------------------------------------------------------


def test_every_step_is_reached_from_submission() -> None:
    reached = {CourtStep.NOT_APPLIED} | set(STEPS.values())
    assert reached == set(CourtStep)
    assert refusal(CourtStep.SUBMITTED, CourtEvent.ACCEPT) == ""


@pytest.mark.parametrize(
    ("step", "event", "words"),
    [
        (CourtStep.NOT_APPLIED, CourtEvent.ACCEPT, "尚未登记提交"),
        (CourtStep.SUBMITTED, CourtEvent.CONFIRM, "请先登记受理"),
        (CourtStep.ACCEPTED, CourtEvent.REFUSE, "已受理"),
        (CourtStep.CONFIRMED, CourtEvent.DISMISS, "确认调解协议有效"),
        (CourtStep.DISMISSED, CourtEvent.SUBMIT, "不能再次登记提交"),
        (CourtStep.SUBMITTED, CourtEvent.SUBMIT, "不能再次登记提交"),
    ],
)
def test_illegal_steps_are_refused_in_chinese(
    step: CourtStep, event: CourtEvent, words: str
) -> None:
    assert words in refusal(step, event)


def test_a_refused_or_withdrawn_application_may_be_made_again() -> None:
    assert not refusal(CourtStep.NOT_ACCEPTED, CourtEvent.SUBMIT)
    assert not refusal(CourtStep.WITHDRAWN, CourtEvent.SUBMIT)


def test_the_courts_periods_are_counted_past_holidays() -> None:
    # Submitted on 2024-09-30: the third day is 10-03, in the National Day break (10-01..07).
    record = CourtRecord(dt.date(2024, 9, 30), "城南区人民法院")
    progress = court_progress(record, application_due=dt.date(2024, 10, 8))
    assert progress.step is CourtStep.SUBMITTED and not progress.late_application
    assert progress.accept_due is not None and progress.accept_due.due == dt.date(2024, 10, 8)
    assert "第四条第一款" in progress.expected_text()
    assert progress.overdue(dt.date(2024, 10, 8)) == ""
    assert "已过1天" in progress.overdue(dt.date(2024, 10, 9))
    # Accepted on 2024-10-08: 15 days → 10-23 (a Wednesday); +10 → 11-02 (Saturday) → 11-04.
    accepted = CourtRecord(dt.date(2024, 9, 30), acceptance_on=dt.date(2024, 10, 8), accepted=True)
    progress = court_progress(accepted)
    assert progress.step is CourtStep.ACCEPTED
    assert progress.decide_due is not None and progress.decide_due.due == dt.date(2024, 10, 23)
    extended = progress.decide_due_extended
    assert extended is not None and extended.due == dt.date(2024, 11, 4)
    assert "第五条第一款" in progress.expected_text() and "延长十日" in progress.expected_text()
    assert "11月4日" in progress.overdue(dt.date(2024, 10, 24))


def test_a_day_beyond_the_holiday_table_is_marked() -> None:
    cal = base_calendar()
    far = dt.date(cal.last_known_year + 1, 3, 2)
    progress = court_progress(CourtRecord(far), calendar=cal)
    assert progress.accept_due is not None and progress.accept_due.beyond_table
    assert "※" in progress.expected_text()


def test_next_steps_after_a_refusal_cite_the_law() -> None:
    dismissed = next_steps(CourtStep.DISMISSED)
    assert "变更原调解协议" in dismissed and "提起诉讼" in dismissed
    assert "第二百零六条" in dismissed and "第三十三条第三款" in dismissed
    assert "第三百五十五条" in next_steps(CourtStep.NOT_ACCEPTED)
    assert next_steps(CourtStep.CONFIRMED) == ""


# --- the services (both backends) --------------------------------------------------------------

COURT = "城南区人民法院"


def _submit(db, actor, case_id: int, on: dt.date):  # type: ignore[no-untyped-def]
    return run(db, record_submission, case_id=case_id, on=on, court=COURT, actor=actor, now=NOW)


def test_submission_acceptance_and_confirmed_ruling(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    pack = run(
        db,
        record_submission,
        case_id=case_id,
        on=dt.date(2024, 9, 20),
        court="城南区人民法院",
        receipt_no="收2024-118",
        actor=centre.actor,
        now=NOW,
    )
    assert pack.progress.step is CourtStep.SUBMITTED and pack.applied_on == dt.date(2024, 9, 20)
    assert pack.progress.record.court == "城南区人民法院"
    assert pack.progress.record.receipt_number == "收2024-118"
    assert pack.progress.accept_due is not None
    assert pack.progress.accept_due.due == dt.date(2024, 9, 23)
    pack = run(
        db,
        record_acceptance,
        case_id=case_id,
        on=dt.date(2024, 9, 23),
        accepted=True,
        court_case_number="（2024）浙0602民特12号",
        actor=centre.actor,
        now=NOW,
    )
    assert pack.progress.step is CourtStep.ACCEPTED and not ruling_effective(pack)
    assert pack.progress.decide_due is not None
    assert pack.progress.decide_due.due == dt.date(2024, 10, 8)  # 10-08 after the break
    pack = run(
        db,
        record_ruling,
        case_id=case_id,
        court_case_number="",
        on=dt.date(2024, 10, 8),
        result=RulingResult.CONFIRMED,
        actor=centre.actor,
        now=NOW,
    )
    assert ruling_effective(pack) and ruling_result(pack) is RulingResult.CONFIRMED
    assert pack.court_case_number == "（2024）浙0602民特12号"  # kept from the acceptance
    assert run(db, get_pack, case_id).progress.record.ruling_on == dt.date(2024, 10, 8)
    actions = [e.action for e in run(db, case_history, case_id)]
    assert {"court_submitted", "court_acceptance", "court_ruling"} <= set(actions)
    with pytest.raises(DeskError, match="不能再"):
        run(
            db,
            record_ruling,
            case_id=case_id,
            court_case_number="（2024）浙0602民特12号",
            on=dt.date(2024, 10, 9),
            result=RulingResult.DISMISSED,
            note="重复",
            actor=centre.actor,
            now=NOW,
        )


def test_dismissal_offers_the_next_steps(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = full_case(db, sqlite_centre)
    _submit(db, actor, case_id, dt.date(2024, 9, 2))
    run(
        db,
        record_acceptance,
        case_id=case_id,
        on=dt.date(2024, 9, 3),
        accepted=True,
        actor=actor,
        now=NOW,
    )
    ruling = {
        "case_id": case_id,
        "court_case_number": "（2024）浙0602民特13号",
        "on": dt.date(2024, 9, 10),
        "result": RulingResult.DISMISSED,
        "actor": actor,
        "now": NOW,
    }
    with pytest.raises(DeskError, match="驳回申请的理由"):
        run(db, record_ruling, **ruling)
    pack = run(db, record_ruling, note="协议内容不明确", **ruling)
    assert pack.progress.step is CourtStep.DISMISSED and not ruling_effective(pack)
    assert "提起诉讼" in pack.progress.next_steps
    assert pack.progress.record.ruling_note == "协议内容不明确"


def test_refused_acceptance_then_a_new_application(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = full_case(db, sqlite_centre)
    _submit(db, actor, case_id, dt.date(2024, 9, 2))
    with pytest.raises(DeskError, match="不予受理的理由"):
        run(
            db,
            record_acceptance,
            case_id=case_id,
            on=dt.date(2024, 9, 3),
            accepted=False,
            actor=actor,
            now=NOW,
        )
    pack = run(
        db,
        record_acceptance,
        case_id=case_id,
        on=dt.date(2024, 9, 3),
        accepted=False,
        reason="不属于本院管辖",
        actor=actor,
        now=NOW,
    )
    assert pack.progress.step is CourtStep.NOT_ACCEPTED
    assert ruling_result(pack) is RulingResult.NOT_ACCEPTED
    assert "有管辖权的人民法院" in pack.progress.next_steps
    pack = run(
        db,
        record_submission,
        case_id=case_id,
        on=dt.date(2024, 9, 5),
        court="城北区人民法院",
        actor=actor,
        now=NOW,
    )
    assert pack.progress.step is CourtStep.SUBMITTED and pack.progress.record.accepted is None
    assert ruling_result(pack) is None


@pytest.mark.parametrize(
    ("call", "kwargs", "words"),
    [
        (record_submission, {"on": dt.date(2024, 11, 1)}, "不能晚于今天"),
        (record_submission, {"on": dt.date(2024, 8, 30)}, "不能早于调解协议生效之日"),
        (record_acceptance, {"on": dt.date(2024, 9, 3), "accepted": True}, "尚未登记提交"),
        (
            record_ruling,
            {"on": dt.date(2024, 9, 3), "court_case_number": "x", "result": RulingResult.CONFIRMED},
            "尚未登记提交",
        ),
    ],
    ids=["future", "before_effect", "accept_first", "ruling_first"],
)
def test_bad_steps_and_dates_are_refused(sqlite_db, sqlite_centre, call, kwargs, words) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(sqlite_db, sqlite_centre)
    with pytest.raises(DeskError, match=words):
        run(sqlite_db, call, case_id=case_id, actor=sqlite_centre.actor, now=NOW, **kwargs)


def test_dates_follow_each_other(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = full_case(db, sqlite_centre)
    _submit(db, actor, case_id, dt.date(2024, 9, 10))
    with pytest.raises(DeskError, match="不能早于提交申请之日"):
        run(
            db,
            record_acceptance,
            case_id=case_id,
            on=dt.date(2024, 9, 9),
            accepted=True,
            actor=actor,
            now=NOW,
        )
    run(
        db,
        record_acceptance,
        case_id=case_id,
        on=dt.date(2024, 9, 12),
        accepted=True,
        actor=actor,
        now=NOW,
    )
    with pytest.raises(DeskError, match="不能早于法院受理之日"):
        run(
            db,
            record_ruling,
            case_id=case_id,
            court_case_number="（2024）浙0602民特14号",
            on=dt.date(2024, 9, 11),
            result=RulingResult.CONFIRMED,
            actor=actor,
            now=NOW,
        )
    with pytest.raises(DeskError, match="法院案号"):
        run(
            db,
            record_ruling,
            case_id=case_id,
            court_case_number=" ",
            on=dt.date(2024, 9, 20),
            result=RulingResult.CONFIRMED,
            actor=actor,
            now=NOW,
        )
    pack = run(
        db,
        record_ruling,
        case_id=case_id,
        court_case_number="",
        on=dt.date(2024, 9, 20),
        result=RulingResult.WITHDRAWN,
        actor=actor,
        now=NOW,
    )
    assert pack.progress.step is CourtStep.WITHDRAWN and not ruling_effective(pack)


def test_a_late_application_needs_a_reason(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = full_case(db, sqlite_centre)  # the period ends on 2024-10-08
    late = {"case_id": case_id, "on": dt.date(2024, 10, 9), "court": COURT}
    late |= {"actor": actor, "now": NOW}
    with pytest.raises(LateSubmission, match="已超过申请司法确认的期限"):
        run(db, record_submission, **late)
    pack = run(db, record_submission, late_reason="当事人10月8日已网上提交", **late)
    assert pack.progress.late_application
    entry = next(e for e in run(db, case_history, case_id) if e.action == "court_submitted")
    assert "网上提交" in entry.summary


def test_an_entrusted_case_has_no_court_steps(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _entrusted_case(sqlite_db, sqlite_centre)
    with pytest.raises(DeskError, match="委托"):
        run(
            sqlite_db,
            record_submission,
            case_id=case_id,
            on=dt.date(2024, 9, 2),
            court="绍兴市越城区人民法院",
            actor=sqlite_centre.actor,
            now=NOW,
        )


def test_overdue_court_steps_are_on_the_day_list(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    waiting = full_case(db, sqlite_centre)
    deciding = full_case(db, sqlite_centre, applicant="李四")
    _submit(db, actor, waiting, dt.date(2024, 9, 2))
    _submit(db, actor, deciding, dt.date(2024, 9, 2))
    run(
        db,
        record_acceptance,
        case_id=deciding,
        on=dt.date(2024, 9, 4),
        accepted=True,
        actor=actor,
        now=NOW,
    )

    def court_items(day: dt.date) -> dict[int, str]:
        items = run(db, today_list, day, actor=actor, now=NOW).items
        return {i.case_id: i.detail for i in items if i.kind is TodayKind.COURT_OVERDUE}

    assert court_items(dt.date(2024, 9, 5)) == {}  # acceptance due 9-05: not late yet
    assert set(court_items(dt.date(2024, 9, 6))) == {waiting}
    late = court_items(dt.date(2024, 9, 20))  # the ruling was due 9-19
    assert "决定是否受理" in late[waiting] and "作出裁定" in late[deciding]
    run(
        db,
        record_ruling,
        case_id=deciding,
        court_case_number="（2024）浙0602民特15号",
        on=dt.date(2024, 9, 20),
        result=RulingResult.CONFIRMED,
        actor=actor,
        now=NOW,
    )
    assert set(court_items(dt.date(2024, 9, 20))) == {waiting}


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_confirms_one_story_and_dismisses_another(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.demo.court_demo import seed_court_steps
    from mediation_desk.demo.lifecycle_demo import seed_lifecycle_cases
    from mediation_desk.demo.loader import seed_demo_centre

    def seed(uow):  # type: ignore[no-untyped-def]
        stories = seed_lifecycle_cases(uow, seed_demo_centre(uow).unit_ids["fushan"])
        return seed_court_steps(uow, stories)

    ids = run(sqlite_db, seed)
    written = run(sqlite_db, get_pack, ids["written"])
    assert ruling_effective(written) and written.court_case_number
    dismissed = run(sqlite_db, get_pack, ids["court_dismissed"])
    assert ruling_result(dismissed) is RulingResult.DISMISSED and not ruling_effective(dismissed)
    assert "提起诉讼" in dismissed.progress.next_steps
    actions = {e.action for e in run(sqlite_db, case_history, ids["court_dismissed"])}
    assert {"court_submitted", "court_acceptance", "court_ruling"} <= actions
