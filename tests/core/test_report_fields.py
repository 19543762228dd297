"""What intake, corrections and closing record for the statistics (issue 12): the place list
(中心设置 › 村（社区）), the fields at intake, their correction with history, the prevention
flags at closing, and the domain's checks and stored forms.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from mediation_desk.db.models import Case, HistoryEntry
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.outcomes import TerminationReason
from mediation_desk.domain.report_fields import (
    PlaceKind,
    PreventionFlags,
    ReportFieldError,
    SpecialGroup,
    check_amount_cents,
    normalize_place_code,
    parse_persons,
    special_groups_from_str,
    special_groups_to_str,
)
from mediation_desk.domain.roles import MATRIX, Permission, Role
from mediation_desk.errors import DeskError, PermissionDenied, ValidationFailed
from mediation_desk.services import cases, intake, places
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.corrections import correct_case, draft_for_correction
from tests.desk import add_account, reading, run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
LATER = NOW + dt.timedelta(hours=2)
EAST = "330602001001"
WEST = "330602001002"


def _as(db, role: Role):  # type: ignore[no-untyped-def]
    """A real account holding only ``role`` (checks read the stored account)."""
    return add_account(db, f"只有{role.label}", roles=frozenset({role}))


def _places(db, centre) -> None:  # type: ignore[no-untyped-def]
    run(
        db,
        places.add_place,
        code=EAST,
        name="东街社区",
        kind=PlaceKind.COMMUNITY,
        township="塔山街道",
        actor=centre.actor,
    )
    run(
        db,
        places.add_place,
        code=WEST,
        name="西湖村",
        kind=PlaceKind.VILLAGE,
        township="东浦街道",
        actor=centre.actor,
    )


def _register(db, centre, **fields) -> int:  # type: ignore[no-untyped-def]
    draft = dataclasses.replace(two_party_draft(centre.street_unit_id), **fields)
    return run(db, intake.register_case, draft, actor=centre.actor, now=NOW).id


def _row(db, case_id: int) -> Case:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        case = s.get(Case, case_id)
        assert case is not None
        s.expunge(case)
        return case


# ----- domain ----------------------------------------------------------------------------------


def test_special_groups_round_trip_in_enum_order() -> None:
    text = special_groups_to_str([SpecialGroup.WOMEN, SpecialGroup.MIGRANT_WORKER])
    assert text == "migrant_worker,women"
    assert special_groups_from_str(text) == (SpecialGroup.MIGRANT_WORKER, SpecialGroup.WOMEN)
    assert special_groups_from_str("elderly,unknown_future_code") == (SpecialGroup.ELDERLY,)
    assert special_groups_from_str("") == ()
    assert [g.label for g in SpecialGroup] == ["农民工", "老年人", "未成年人", "残疾人", "妇女"]


def test_place_codes_amounts_and_persons_are_checked_in_chinese() -> None:
    assert normalize_place_code(" 3306 0200 1001 ") == EAST
    assert normalize_place_code("３３０６０２００１００１") == EAST  # full-width digits
    with pytest.raises(ReportFieldError, match="12位数字"):
        normalize_place_code("33060200100")
    with pytest.raises(ReportFieldError, match="请填写"):
        normalize_place_code("")
    with pytest.raises(ReportFieldError, match="不能为负数"):
        check_amount_cents(-1)
    assert check_amount_cents(None) is None and check_amount_cents(150000) == 150000
    assert parse_persons("") is None and parse_persons("12人") == 12
    with pytest.raises(ReportFieldError, match="整数"):
        parse_persons("十二")


def test_prevention_counts_only_beside_their_flag() -> None:
    flags = PreventionFlags(criminal=True, criminal_persons=3, group_petition_persons=8)
    checked = flags.checked()
    assert checked.criminal_persons == 3 and checked.group_petition_persons == 0
    assert checked.labels() == ["防止民转刑（3人）"]
    with pytest.raises(ReportFieldError, match="不能为负数"):
        PreventionFlags(criminal=True, criminal_persons=-2).checked()


# ----- the place list ----------------------------------------------------------------------------


def test_places_are_added_edited_and_deactivated_with_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    _places(db, centre)
    listed = run(db, places.list_places)
    assert [(p.code, p.label) for p in listed] == [
        (EAST, "东街社区（塔山街道）"),
        (WEST, "西湖村（东浦街道）"),
    ]
    with pytest.raises(DeskError, match="已用于“东街社区”"):
        run(
            db, places.add_place, code=EAST, name="重复", kind=PlaceKind.VILLAGE, actor=centre.actor
        )
    with pytest.raises(DeskError, match="12位数字"):
        run(
            db, places.add_place, code="3306", name="短", kind=PlaceKind.VILLAGE, actor=centre.actor
        )
    with pytest.raises(DeskError, match="名称"):
        run(
            db,
            places.add_place,
            code="330602001009",
            name=" ",
            kind=PlaceKind.VILLAGE,
            actor=centre.actor,
        )
    run(
        db,
        places.update_place,
        WEST,
        name="西湖村",
        kind=PlaceKind.VILLAGE,
        township="东浦街道",
        active=False,
        actor=centre.actor,
    )
    assert [p.code for p in run(db, places.list_places, active_only=True)] == [EAST]
    run(db, places.move_place, WEST, -1, actor=centre.actor)
    assert [p.code for p in run(db, places.list_places)] == [WEST, EAST]
    with reading(db) as s:
        summaries = list(
            s.scalars(select(HistoryEntry.summary).where(HistoryEntry.entity == "place"))
        )
    assert "添加村（社区）：东街社区（330602001001）" in summaries
    assert "停用村（社区）：西湖村（330602001002）" in summaries


@pytest.mark.parametrize("role", list(Role))
def test_only_settings_may_keep_the_place_list(db, centre, role) -> None:  # type: ignore[no-untyped-def]
    def add():  # type: ignore[no-untyped-def]
        return run(
            db,
            places.add_place,
            code=EAST,
            name="东街社区",
            kind=PlaceKind.COMMUNITY,
            actor=_as(db, role),
        )

    if Permission.SETTINGS in MATRIX[role]:
        add()
        assert [p.code for p in run(db, places.list_places)] == [EAST]
    else:
        with pytest.raises(PermissionDenied):
            add()
        assert run(db, places.list_places) == []


# ----- intake ------------------------------------------------------------------------------------


def test_intake_stores_the_report_fields(db, centre) -> None:  # type: ignore[no-untyped-def]
    _places(db, centre)
    case_id = _register(
        db,
        centre,
        place_code=EAST,
        grid_code="TS-03-12",
        amount_in_dispute_cents=1_250_000,
        persons_involved=5,
        special_groups=[SpecialGroup.WOMEN, SpecialGroup.ELDERLY],
        difficult=True,
    )
    row = _row(db, case_id)
    assert (row.place_code, row.grid_code) == (EAST, "TS-03-12")
    assert row.amount_in_dispute_cents == 1_250_000 and row.persons_involved == 5
    assert row.special_groups == "elderly,women" and row.difficult is True
    assert not row.prevented_criminal and row.prevented_criminal_persons == 0
    detail = run(db, cases.get_case, case_id)
    assert detail.place_name == "东街社区（塔山街道）"
    assert detail.special_groups == (SpecialGroup.ELDERLY, SpecialGroup.WOMEN)
    with reading(db) as s:
        entry = s.scalars(
            select(HistoryEntry).where(
                HistoryEntry.case_id == case_id, HistoryEntry.action == "register"
            )
        ).one()
    record = json.loads(entry.changes)
    assert record["place"] == "东街社区（塔山街道）" and record["amount_in_dispute"] == "12,500.00"


def test_persons_default_to_the_parties_and_place_may_be_left_out(db, centre) -> None:  # type: ignore[no-untyped-def]
    row = _row(db, _register(db, centre))
    assert row.persons_involved == 2 and row.place_code is None
    assert row.amount_in_dispute_cents is None and row.special_groups == ""
    assert row.difficult is False


def test_intake_refuses_unknown_or_inactive_places_and_bad_numbers(db, centre) -> None:  # type: ignore[no-untyped-def]
    _places(db, centre)
    run(
        db,
        places.update_place,
        WEST,
        name="西湖村",
        kind=PlaceKind.VILLAGE,
        active=False,
        actor=centre.actor,
    )
    draft = dataclasses.replace(
        two_party_draft(centre.street_unit_id),
        place_code=WEST,
        amount_in_dispute_cents=-5,
        persons_involved=0,
        grid_code="网" * 41,
    )
    with pytest.raises(ValidationFailed) as failed:
        run(db, intake.register_case, draft, actor=centre.actor, now=NOW)
    by_field = {i.field: i.message for i in failed.value.issues}
    assert "不在本中心的村（社区）列表中" in by_field["place_code"]
    assert by_field["amount_in_dispute_cents"] == "争议金额不能为负数"
    assert by_field["persons_involved"] == "涉及人数至少为1人"
    assert "网格编号" in by_field["grid_code"]
    draft.place_code = "12345"
    issues = run(db, intake.check_draft, draft, now=NOW)
    assert any(i.field == "place_code" and "12位" in i.message for i in issues)


# ----- corrections --------------------------------------------------------------------------------


def test_report_fields_are_corrected_with_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    _places(db, centre)
    case_id = _register(db, centre, place_code=EAST, amount_in_dispute_cents=500_000)
    draft = run(db, draft_for_correction, case_id, now=LATER)
    assert draft.place_code == EAST and draft.amount_in_dispute_cents == 500_000
    assert draft.persons_involved is None  # stored from the parties: still follows them
    draft.place_code = WEST
    draft.amount_in_dispute_cents = 620_050
    draft.persons_involved = 7
    draft.special_groups = [SpecialGroup.MIGRANT_WORKER]
    draft.difficult = True
    result = run(db, correct_case, case_id, draft, "", actor=centre.actor, now=LATER)
    shown = {c.label: (c.old, c.new) for c in result.changes}
    assert shown["发生地"] == ("东街社区（塔山街道）", "西湖村（东浦街道）")
    assert shown["争议金额"] == ("5,000.00元", "6,200.50元")
    assert shown["涉及人数"] == ("按当事人人数", "7人")
    assert shown["特殊群体"] == ("", "农民工")
    assert shown["疑难案件"] == ("否", "是")
    row = _row(db, case_id)
    assert (row.place_code, row.persons_involved, row.special_groups) == (WEST, 7, "migrant_worker")
    assert row.difficult is True


def test_a_deactivated_place_stays_correctable(db, centre) -> None:  # type: ignore[no-untyped-def]
    _places(db, centre)
    case_id = _register(db, centre, place_code=WEST)
    run(
        db,
        places.update_place,
        WEST,
        name="西湖村",
        kind=PlaceKind.VILLAGE,
        active=False,
        actor=centre.actor,
    )
    draft = run(db, draft_for_correction, case_id, now=LATER)
    draft.facts += "（补充）"
    run(db, correct_case, case_id, draft, "", actor=centre.actor, now=LATER)
    assert _row(db, case_id).place_code == WEST


# ----- closing ------------------------------------------------------------------------------------


def test_prevention_flags_are_recorded_when_mediation_ends_and_at_closing(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    ended = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        prevention=PreventionFlags(criminal=True, criminal_persons=2, suicide=True),
        actor=centre.actor,
    )
    assert ended.prevention == PreventionFlags(criminal=True, criminal_persons=2, suicide=True)
    row = _row(db, case_id)
    assert row.prevented_criminal and row.prevented_criminal_persons == 2
    assert row.prevented_suicide and not row.prevented_group_fight
    closed = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.CLOSE,
        prevention=PreventionFlags(group_petition=True, group_petition_persons=30),
        actor=centre.actor,
    )
    assert closed.prevention.group_petition and not closed.prevention.criminal
    with reading(db) as s:
        entries = list(
            s.scalars(
                select(HistoryEntry)
                .where(HistoryEntry.case_id == case_id, HistoryEntry.action == "status")
                .order_by(HistoryEntry.id)
            )
        )
    last = entries[-1]
    assert "防止群体性上访（30人）" in last.summary
    assert json.loads(last.changes)["prevention"] == [
        "防止民转刑（2人）、防止因纠纷自杀",
        "防止群体性上访（30人）",
    ]


def test_prevention_only_when_the_case_ends(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    with pytest.raises(DeskError, match="调解结束或结案时登记"):
        run(
            db,
            move_case,
            case_id=case_id,
            event=CaseEvent.START,
            prevention=PreventionFlags(group_fight=True),
            actor=centre.actor,
        )
    with pytest.raises(DeskError, match="不能为负数"):
        run(
            db,
            move_case,
            case_id=case_id,
            event=CaseEvent.WITHDRAW,
            prevention=PreventionFlags(criminal=True, criminal_persons=-1),
            actor=centre.actor,
        )
    withdrawn = run(db, move_case, case_id=case_id, event=CaseEvent.WITHDRAW, actor=centre.actor)
    assert withdrawn.prevention == PreventionFlags()  # None keeps what is stored


# ----- the demo centre ---------------------------------------------------------------------------


def test_demo_cases_carry_plausible_report_fields() -> None:
    from mediation_desk.demo.generator import CaseGenerator
    from mediation_desk.demo.places import demo_places

    places = demo_places()
    codes = {p.code for p in places.places}
    assert len(codes) == len(places.places) > 100
    assert all(c.startswith("330602") and len(c) == 12 for c in codes)
    cases = list(CaseGenerator(seed=5, today=dt.date(2026, 3, 1)).cases(3000))
    drafts = [g.draft for g in cases]
    with_place = [d for d in drafts if d.place_code]
    assert 0.8 < len(with_place) / len(drafts) < 0.97
    assert all(d.place_code in codes for d in with_place)
    money = [d for d in drafts if d.dispute_type_code == "traffic_accident"]
    assert sum(d.amount_in_dispute_cents is not None for d in money) / len(money) > 0.85
    assert all(d.amount_in_dispute_cents is None or d.amount_in_dispute_cents > 0 for d in drafts)
    assert 0.02 < sum(d.difficult for d in drafts) / len(drafts) < 0.09
    wages = [d for d in drafts if d.dispute_type_code == "labour_wage_arrears"]
    assert sum(SpecialGroup.MIGRANT_WORKER in d.special_groups for d in wages) / len(wages) > 0.7
    prevented = [g for g in cases if g.prevention is not None]
    assert prevented and all(
        g.status.value in ("succeeded", "failed", "withdrawn", "archived") for g in prevented
    )


def test_the_demo_centre_has_its_place_list_and_cases_in_it(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    from mediation_desk.db.report_models import Place
    from mediation_desk.demo.loader import load_demo

    run(db, lambda uow: load_demo(uow, n_cases=150, seed=7), now=NOW)
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 187
        rows = s.execute(select(Case.place_code, Case.persons_involved)).all()
        orphans = s.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.place_code.is_not(None), Case.place_code.not_in(select(Place.code)))
        )
    assert orphans == 0
    assert sum(1 for code, _ in rows if code) > len(rows) * 0.7
    assert all(persons is not None and persons >= 1 for _, persons in rows)
