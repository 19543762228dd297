"""The day mediation ended (``ended_on``): one rule (``domain.case_flow.end_day``) applied by
every move of a case (``services.history.record_status``), whatever path moves it — the
agreement taking effect, the 结束调解 dialog, closing, routing, 回手 — and what the statistics
count from it (办结, 按期办结, 平均天数). SQLite and, when MEDIATION_DESK_TEST_PG_URL is set,
PostgreSQL (``db`` fixture)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mediation_desk.db.database import Database
from mediation_desk.db.models import Case
from mediation_desk.domain.agreements import (
    AgreementDraft,
    AgreementForm,
    ClauseDraft,
    ClauseKind,
    SignerRole,
)
from mediation_desk.domain.case_flow import BY_EVENT, CaseEvent, end_day
from mediation_desk.domain.enums import CaseStatus, ReferralTarget
from mediation_desk.domain.statistics import Period
from mediation_desk.services.agreements import record_signature, remove_signature, save_agreement
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.dashboard import dashboard
from mediation_desk.services.statistics import centre_figures
from tests.core.test_case_stats import NOW, _register, _stored, assert_current
from tests.desk import reading, run

S = CaseStatus
DAY = dt.date(2026, 3, 10)
EARLIER = dt.date(2026, 3, 4)


def test_the_rule() -> None:
    # an ending from an open case: its day, whatever day an earlier ending left behind
    assert end_day(CaseEvent.AGREEMENT_EFFECTIVE, S.IN_MEDIATION, None, DAY) == DAY
    assert end_day(CaseEvent.TERMINATE, S.IN_MEDIATION, EARLIER, DAY) == DAY
    # mediated again: no end day
    for event in (CaseEvent.REOPEN, CaseEvent.FOLLOW_UP_REOPEN, CaseEvent.AGREEMENT_LAPSED):
        source = min(BY_EVENT[event].sources)
        assert end_day(event, source, EARLIER, DAY) is None, event
    assert end_day(CaseEvent.ROUTE_BACK, S.REFERRED_OUT, EARLIER, DAY) is None
    # routed out at intake: never mediated here
    assert end_day(CaseEvent.ROUTE_OUT, S.ACCEPTED, None, DAY) is None
    # an ended case keeps its day: handed on, closed, archived, closing undone
    assert end_day(CaseEvent.REFER_COURT, S.FAILED, EARLIER, DAY) == EARLIER
    assert end_day(CaseEvent.CLOSE, S.SUCCEEDED, EARLIER, DAY) == EARLIER
    assert end_day(CaseEvent.ARCHIVE, S.CLOSED, EARLIER, DAY) == EARLIER
    assert end_day(CaseEvent.REOPEN_CLOSED, S.CLOSED, EARLIER, DAY) == EARLIER
    # an ended case with no day (recorded before every ending kept one) gets the day it is
    # closed or handed on; a case routed out at intake keeps none when closed
    assert end_day(CaseEvent.CLOSE, S.SUCCEEDED, None, DAY) == DAY
    assert end_day(CaseEvent.FAST_TRACK, S.REFERRED_OUT, None, DAY) == DAY
    assert end_day(CaseEvent.CLOSE, S.REFERRED_OUT, None, DAY) is None
    assert end_day(CaseEvent.CLOSE, S.REFUSED, None, DAY) is None


def _sign_all(db: Database, centre: Any, case_id: int, on: dt.date, now: dt.datetime) -> None:
    ids = [p.id for p in run(db, get_case, case_id).parties]
    draft = AgreementDraft(
        facts="双方经调解，自愿达成如下协议。",
        clauses=[ClauseDraft(kind=ClauseKind.TEXT, text="双方互不追究。")],
        mediator_name="周建国",
        recorder_name="李秀英",
    )
    run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor, now=now)
    signers: list[tuple[SignerRole, int | None]] = [(SignerRole.PARTY, pid) for pid in ids]
    signers += [(SignerRole.MEDIATOR, None), (SignerRole.RECORDER, None), (SignerRole.SEAL, None)]
    for role, pid in signers:
        run(db, record_signature, case_id=case_id, role=role, party_id=pid, signed_on=on,
            actor=centre.actor, now=now)  # fmt: skip


def _figures(db: Database, case_id: int) -> dict[str, Any]:
    from mediation_desk.db.report_models import CASE_STAT_FIGURES

    row = _stored(db)[case_id]
    return {"ended_on": row[7], **dict(zip(CASE_STAT_FIGURES, row[8:], strict=True))}


def test_a_written_agreement_ends_the_case_the_day_it_takes_effect(
    db: Database, centre: Any
) -> None:
    case_id = _register(db, centre)  # received on NOW (2 March), signed on the 4th,
    later = dt.datetime(2026, 3, 9, 15, 0)  # the signatures recorded on the 9th
    _sign_all(db, centre, case_id, EARLIER, later)
    case = run(db, get_case, case_id)
    assert case.status is S.SUCCEEDED and case.ended_on == EARLIER
    assert_current(db)
    figures = _figures(db, case_id)
    assert figures["ended_on"] == EARLIER
    assert (figures["ended"], figures["days"], figures["succeeded"]) == (1, 2, 1)
    assert figures["timed"] == figures["on_time"] == 1
    # the statistics count it: 办结 on its day, 成功率, 按期办结率, 平均天数
    board = run(db, dashboard, today=EARLIER)
    cards = {c.key: c.value for c in board.cards}
    assert cards["closed_today"] == cards["closed_month"] == 1
    assert cards["success_rate_month"] == 100.0
    march = run(db, centre_figures, Period.month(2026, 3))
    assert march["success_rate"].value == 100.0 and march["on_time_rate"].value == 100.0
    assert march["avg_days"].value == 2
    # a signature undone: mediated again, no end day; signed again later: that day
    run(db, remove_signature, case_id=case_id, role=SignerRole.SEAL, reason="盖章有误",
        actor=centre.actor, now=later)  # fmt: skip
    assert run(db, get_case, case_id).ended_on is None
    assert _figures(db, case_id)["ended"] == 0
    run(db, record_signature, case_id=case_id, role=SignerRole.SEAL, signed_on=DAY,
        actor=centre.actor, now=dt.datetime(2026, 3, 10, 9, 0))  # fmt: skip
    assert run(db, get_case, case_id).ended_on == DAY
    assert_current(db)
    # closing keeps the day it ended
    closed = run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor,
                 now=dt.datetime(2026, 3, 12, 9, 0))  # fmt: skip
    assert closed.status is S.CLOSED and closed.ended_on == DAY


def test_an_oral_agreement_ends_the_case_the_day_it_is_reached(db: Database, centre: Any) -> None:
    case_id = _register(db, centre)
    oral = AgreementDraft(form=AgreementForm.ORAL, facts="当场和解", reached_on=EARLIER)
    run(db, save_agreement, case_id=case_id, draft=oral, actor=centre.actor,
        now=dt.datetime(2026, 3, 6, 9, 0))  # fmt: skip
    assert run(db, get_case, case_id).ended_on == EARLIER
    assert _figures(db, case_id)["ended"] == 1
    assert_current(db)


@pytest.mark.parametrize(
    "event", [CaseEvent.TERMINATE, CaseEvent.WITHDRAW, CaseEvent.REFER_DEPARTMENT]
)
def test_every_ending_by_hand_keeps_its_day(db: Database, centre: Any, event: CaseEvent) -> None:
    from mediation_desk.domain.outcomes import TerminationReason

    case_id = _register(db, centre)
    extra: dict[str, Any] = {"note": "申请人撤回"}
    if event is CaseEvent.TERMINATE:
        extra = {"reason": TerminationReason.FAR_APART}
    if event is CaseEvent.REFER_DEPARTMENT:
        extra = {"receiver": "区人力资源和社会保障局", "refer_to": ReferralTarget.DEPARTMENT}
    out = run(db, move_case, case_id=case_id, event=event, on=EARLIER, actor=centre.actor,
              now=dt.datetime(2026, 3, 9, 9, 0), **extra)  # fmt: skip
    assert out.ended_on == EARLIER and _figures(db, case_id)["ended"] == 1
    assert_current(db)


def test_routed_out_at_intake_has_no_end_day_until_the_court_closes_it(
    db: Database, centre: Any
) -> None:
    from mediation_desk.domain.drafts import RoutingDraft
    from mediation_desk.services.cases import route_case

    case_id = _register(db, centre)
    routing = RoutingDraft(refer_to=ReferralTarget.COURT_FILING, refer_body="某区人民法院立案庭")
    out = run(db, route_case, case_id=case_id, routing=routing, actor=centre.actor, now=NOW)
    assert out.status is S.REFERRED_OUT and out.ended_on is None
    assert not _stored(db)[case_id][5]  # not 受理
    out = run(db, move_case, case_id=case_id, event=CaseEvent.FAST_TRACK, receiver="速裁团队",
              on=EARLIER, actor=centre.actor, now=dt.datetime(2026, 3, 9, 9, 0))  # fmt: skip
    assert out.status is S.FAST_TRACK_CLOSED and out.ended_on == EARLIER
    assert_current(db)


def test_hui_shou_clears_what_the_end_recorded(db: Database, centre: Any) -> None:
    """回手 after a visit: the case is 在办 again and no longer 办结 — no end day, no
    closing, no outcome ground — and its statistics row follows."""
    from mediation_desk.domain.outcomes import TerminationReason
    from mediation_desk.services.follow_ups import hui_shou

    later = dt.datetime(2026, 3, 9, 9, 0)
    succeeded = _register(db, centre)
    _sign_all(db, centre, succeeded, EARLIER, later)
    failed = _register(db, centre)
    run(db, move_case, case_id=failed, event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART, note="双方分歧过大", on=EARLIER,
        actor=centre.actor, now=later)  # fmt: skip
    for case_id in (succeeded, failed):
        run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor, now=later)
    back = dt.datetime(2026, 3, 20, 9, 0)
    for case_id in (succeeded, failed):
        out = run(db, hui_shou, case_id, "回访发现未履行", actor=centre.actor, now=back)
        assert out.status is S.IN_MEDIATION and out.ended_on is None
        assert out.closed_from is None and out.closed_on is None
        figures = _figures(db, case_id)
        assert figures["ended_on"] is None and figures["ended"] == figures["days"] == 0
        assert figures["pending"] == 1 and figures["succeeded"] == figures["failed"] == 0
    with reading(db) as s:
        case = s.get(Case, failed)
        assert case is not None and (case.outcome_reason, case.outcome_note) == ("", "")
    assert_current(db)
    cards = {c.key: c.value for c in run(db, dashboard, today=back.date()).cards}
    assert cards["in_mediation"] == 2 and cards["closed_month"] == 0


def test_a_corrected_signing_date_moves_the_end_day(db: Database, centre: Any) -> None:
    case_id = _register(db, centre)
    later = dt.datetime(2026, 3, 9, 15, 0)
    _sign_all(db, centre, case_id, EARLIER, later)
    corrected = EARLIER + dt.timedelta(days=2)  # the seal was put on two days later
    run(db, record_signature, case_id=case_id, role=SignerRole.SEAL, signed_on=corrected,
        actor=centre.actor, now=later)  # fmt: skip
    case = run(db, get_case, case_id)
    assert case.status is S.SUCCEEDED and case.ended_on == corrected
    assert _figures(db, case_id)["days"] == 4
    assert_current(db)
