"""Repeat visits (重复来访): earlier cases of the same person or organisation.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture).
"""

from __future__ import annotations

import datetime as dt

from mediation_desk.db.models import Case
from mediation_desk.domain.drafts import CaseDraft, PartyDraft, PhoneDraft, RoutingDraft
from mediation_desk.domain.enums import CaseStatus, ReferralTarget, RefusalReason
from mediation_desk.domain.validation import gb11643_check_char
from mediation_desk.services import intake
from mediation_desk.services.repeat_visits import RECENT_DAYS, find_repeat_visits
from tests.desk import run, writing
from tests.factories import VALID_ID, organisation, two_party_draft

NOW = dt.datetime(2026, 6, 1, 10, 0)


def register(db, centre, draft: CaseDraft, *, days_ago: float = 1, status=None) -> int:  # type: ignore[no-untyped-def]
    """Save ``draft`` as received ``days_ago`` before NOW; optionally force a later status."""
    draft.received_at = NOW - dt.timedelta(days=days_ago)
    issues = run(db, intake.check_draft, draft, now=NOW)
    acknowledged = {intake.warning_key(i) for i in issues if not i.is_error}
    reg = run(
        db, intake.register_case, draft, now=NOW, acknowledged=acknowledged, actor=centre.actor
    )
    if status is not None:  # as if closed later by the mediation workflow
        with writing(db) as s:
            s.get(Case, reg.id).status = status
    return reg.id


def stranger(unit_id: int, **kwargs) -> CaseDraft:  # type: ignore[no-untyped-def]
    kwargs.setdefault("applicant_id", "")
    kwargs.setdefault("applicant_phone", "13700000000")
    kwargs.setdefault("respondent_phone", "")
    return two_party_draft(unit_id, applicant="钱多多", respondent="孙小小", **kwargs)


def lookup(**party) -> CaseDraft:  # type: ignore[no-untyped-def]
    """A new draft with one party, as the intake form sends it while typing."""
    return CaseDraft(parties=[PartyDraft(**party)])


def test_same_id_number(db, centre) -> None:
    earlier = register(db, centre, two_party_draft(centre.street_unit_id))
    register(db, centre, stranger(centre.street_unit_id))
    (match,) = run(db, find_repeat_visits, lookup(name="张叁", id_number=VALID_ID), now=NOW)
    assert match.case_id == earlier
    assert match.number == "（2026）城南人调字第1号"
    assert match.status is CaseStatus.ACCEPTED
    assert match.dispute_type == "邻里"
    assert match.party_index == 0
    assert match.matched_name == "张三"
    assert match.reason == "身份证件号码相同"


def test_same_id_number_typed_differently(db, centre) -> None:
    earlier = register(db, centre, two_party_draft(centre.street_unit_id))
    for typed in (VALID_ID.lower(), f" {VALID_ID} "):
        matches = run(db, find_repeat_visits, lookup(name="张三", id_number=typed), now=NOW)
        assert [m.case_id for m in matches] == [earlier], typed


def test_same_id_number_typed_as_legacy_15_digits(db, centre) -> None:
    """register_case stores 110105491231002 as 11010519491231002X; the lookup must match it."""
    earlier = register(db, centre, two_party_draft(centre.street_unit_id))
    matches = run(db, find_repeat_visits, lookup(name="张三", id_number="110105491231002"), now=NOW)
    assert [m.case_id for m in matches] == [earlier]


def test_same_credit_code(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.parties[1] = organisation()
    earlier = register(db, centre, draft)
    register(db, centre, stranger(centre.street_unit_id))
    new = CaseDraft(
        parties=[
            PartyDraft(name="王五", id_number=""),
            organisation(name="恒达物业（改名后）", code="91350100m000100y43"),
        ]
    )
    (match,) = run(db, find_repeat_visits, new, now=NOW)
    assert match.case_id == earlier
    assert match.party_index == 1
    assert match.matched_name == "绍兴市恒达物业服务有限公司"
    assert match.reason == "统一社会信用代码相同"


def test_same_name_and_phone(db, centre) -> None:
    earlier = register(db, centre, two_party_draft(centre.street_unit_id))  # 李四 0575-88123456
    register(db, centre, stranger(centre.street_unit_id))
    new = CaseDraft(
        parties=[
            PartyDraft(name="赵某"),
            PartyDraft(
                name="李四", phones=[PhoneDraft("13900009999"), PhoneDraft("0575 8812 3456")]
            ),
        ]
    )
    (match,) = run(db, find_repeat_visits, new, now=NOW)
    assert match.case_id == earlier
    assert match.party_index == 1
    assert match.matched_name == "李四"
    assert match.reason == "姓名和电话相同"
    # a mobile typed with +86 and spaces
    new = lookup(name="张三", phones=[PhoneDraft("+86 138 1234 5678")])
    assert [m.case_id for m in run(db, find_repeat_visits, new, now=NOW)] == [earlier]


def test_different_person_is_not_a_repeat_visit(db, centre) -> None:
    register(db, centre, two_party_draft(centre.street_unit_id))
    other_id = "11010519491231003" + gb11643_check_char("11010519491231003")
    for draft in (
        lookup(name="张三", id_number=other_id),  # same name, other ID
        lookup(name="张三", phones=[PhoneDraft("13812345679")]),  # same name, other phone
        lookup(name="王五", phones=[PhoneDraft("13812345678")]),  # same phone, other name
        lookup(name="张三"),  # a name alone is not enough
        lookup(name="", id_number=""),
        CaseDraft(),
    ):
        assert run(db, find_repeat_visits, draft, now=NOW) == [], draft


def test_old_closed_cases_are_excluded_but_old_open_ones_included(db, centre) -> None:
    street = centre.street_unit_id
    old_open = register(db, centre, two_party_draft(street), days_ago=900)
    old_in_mediation = register(
        db, centre, two_party_draft(street), days_ago=400, status=CaseStatus.IN_MEDIATION
    )
    old_succeeded = register(
        db, centre, two_party_draft(street), days_ago=400, status=CaseStatus.SUCCEEDED
    )
    refused = two_party_draft(street)
    refused.refused, refused.refusal_reasons = True, [RefusalReason.NOT_CIVIL]
    old_refused = register(db, centre, refused, days_ago=RECENT_DAYS + 1)
    referred = two_party_draft(street)
    referred.routing = RoutingDraft(refer_to=ReferralTarget.LEGAL_AID, refer_body="区法律援助中心")
    recent_referred = register(db, centre, referred, days_ago=RECENT_DAYS - 1)
    recent_archived = register(
        db, centre, two_party_draft(street), days_ago=30, status=CaseStatus.ARCHIVED
    )

    matches = run(db, find_repeat_visits, lookup(name="张三", id_number=VALID_ID), now=NOW)
    ids = [m.case_id for m in matches]
    assert set(ids) == {old_open, old_in_mediation, recent_referred, recent_archived}
    assert old_succeeded not in ids and old_refused not in ids
    # newest first
    assert ids == [recent_archived, recent_referred, old_in_mediation, old_open]
    assert [m.received_at for m in matches] == sorted(
        (m.received_at for m in matches), reverse=True
    )
    # a year later still, the referred case drops out too; the open ones stay
    later = NOW + dt.timedelta(days=RECENT_DAYS)
    ids = [
        m.case_id
        for m in run(db, find_repeat_visits, lookup(name="张三", id_number=VALID_ID), now=later)
    ]
    assert set(ids) == {old_open, old_in_mediation}


def test_one_row_per_case_naming_every_matching_party_and_limit(db, centre) -> None:
    street = centre.street_unit_id
    ids = [register(db, centre, two_party_draft(street), days_ago=d) for d in (5, 4, 3, 2, 1)]
    new = CaseDraft(
        parties=[
            PartyDraft(name="张三", id_number=VALID_ID, phones=[PhoneDraft("13812345678")]),
            PartyDraft(name="李四", phones=[PhoneDraft("0575-88123456")]),
        ]
    )
    matches = run(db, find_repeat_visits, new, now=NOW)
    assert [m.case_id for m in matches] == ids[::-1]  # one row per case, newest first
    for m in matches:  # each naming both parties the case shares with the draft
        assert [(p.party_index, p.matched_name, p.reason) for p in m.parties] == [
            (0, "张三", "身份证件号码相同"),
            (1, "李四", "姓名和电话相同"),
        ]
    limited = run(db, find_repeat_visits, new, now=NOW, limit=3)
    assert len(limited) == 3
    assert limited[0].case_id == ids[-1]  # the newest
