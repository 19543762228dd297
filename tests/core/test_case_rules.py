"""Case-level intake rules (services.case_rules.validate_case): pure, no database."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from mediation_desk.domain.drafts import CaseDraft, PartyDraft, PhoneDraft, RoutingDraft
from mediation_desk.domain.enums import (
    CaseSource,
    ConsentStatus,
    PartyKind,
    PartyRole,
    ReferralTarget,
    RefusalReason,
)
from mediation_desk.domain.issues import FieldIssue, Severity
from mediation_desk.services.case_rules import validate_case
from tests.factories import organisation, two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
UNIT, OTHER_UNIT, MEDIATOR = 10, 11, 20
LEAVES = {"neighbour", "labour_other", "consumer_travel"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def check(draft: CaseDraft, **kwargs) -> list[FieldIssue]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("leaf_dispute_codes", LEAVES)
    kwargs.setdefault("unit_ids", {UNIT, OTHER_UNIT})
    kwargs.setdefault("mediator_ids", {MEDIATOR})
    kwargs.setdefault("now", NOW)
    return validate_case(draft, **kwargs)


def codes(issues: list[FieldIssue]) -> dict[str, FieldIssue]:
    return {i.code: i for i in issues}


def error_codes(issues: list[FieldIssue]) -> set[str]:
    return {i.code for i in issues if i.is_error}


def draft(**kwargs) -> CaseDraft:  # type: ignore[no-untyped-def]
    return two_party_draft(UNIT, **kwargs)


def refused(d: CaseDraft, *reasons: RefusalReason, note: str = "") -> CaseDraft:
    d.refused = True
    d.refusal_reasons = list(reasons)
    d.refusal_note = note
    return d


def test_valid_draft_has_no_issues() -> None:
    assert check(draft()) == []


def test_is_pure() -> None:
    d = draft(applicant_id="11010519491231002x")
    d.parties[0].phones = [PhoneDraft("+86 138 1234 5678")]
    before = copy.deepcopy(d)
    check(d)
    assert d == before


def test_all_messages_are_chinese() -> None:
    d = CaseDraft(
        source=CaseSource.POLICE,
        received_at=NOW + dt.timedelta(days=1),
        parties=[
            PartyDraft(role=PartyRole.RESPONDENT, consent=ConsentStatus.REFUSED, id_number="123")
        ],
        routing=RoutingDraft(mediator_id=999),
    )
    issues = check(d)
    assert len(issues) >= 8
    for issue in issues:
        assert CJK.search(issue.message), issue


# --- source and dates -----------------------------------------------------------------------


@pytest.mark.parametrize("source", list(CaseSource))
def test_referring_body_for_referred_sources(source: CaseSource) -> None:
    d = draft()
    d.source = source
    found = codes(check(d))
    own = source in (CaseSource.WALK_IN, CaseSource.PHONE, CaseSource.OWN_INITIATIVE)
    assert ("referring_body_required" in found) is (not own)
    if not own:
        issue = found["referring_body_required"]
        assert issue.field == "referring_body" and issue.is_error
        d.referring_body = "  "
        assert "referring_body_required" in codes(check(d))
        d.referring_body = "某某区人民法院"
        assert check(d) == []


def test_received_at_may_not_be_in_the_future() -> None:
    d = draft()
    d.received_at = NOW + dt.timedelta(minutes=4)  # clock skew between desks is tolerated
    assert check(d) == []
    d.received_at = NOW + dt.timedelta(minutes=6)
    issue = codes(check(d))["received_in_future"]
    assert issue.field == "received_at" and issue.is_error
    d.received_at = NOW - dt.timedelta(days=30)
    assert check(d) == []


# --- dispute type, facts, requests ----------------------------------------------------------


def test_dispute_type_is_required_and_must_be_a_leaf() -> None:
    d = draft()
    d.dispute_type_code = ""
    assert codes(check(d))["dispute_type_required"].field == "dispute_type_code"
    d.dispute_type_code = "labour"  # a parent category
    assert codes(check(d))["dispute_type_unknown"].is_error
    d.dispute_type_code = "no_such_type"
    assert "dispute_type_unknown" in codes(check(d))
    d.dispute_type_code = "labour_other"
    assert check(d) == []


def test_facts_required_and_requests_warned() -> None:
    d = draft()
    d.facts = "   "
    d.requests = ""
    found = codes(check(d))
    assert found["facts_required"].is_error and found["facts_required"].field == "facts"
    warning = found["requests_empty"]
    assert warning.severity is Severity.WARNING and warning.field == "requests"
    assert not warning.needs_reason


def test_refusal_needs_neither_facts_nor_requests_nor_respondent() -> None:
    d = refused(draft(), RefusalReason.NOT_CIVIL)
    d.facts = d.requests = ""
    d.parties = d.parties[:1]
    assert check(d) == []


# --- parties --------------------------------------------------------------------------------


def test_parties_required() -> None:
    d = draft()
    d.parties = []
    found = codes(check(d))
    assert found["parties_required"].field == "parties"
    assert "applicant_required" not in found


def test_applicant_required_and_respondent_warned() -> None:
    d = draft()
    d.parties[0].role = PartyRole.THIRD_PARTY
    assert "applicant_required" in error_codes(check(d))
    d = draft()
    d.parties = d.parties[:1]
    found = codes(check(d))
    assert found["respondent_missing"].severity is Severity.WARNING
    assert error_codes(check(d)) == set()


def test_party_issues_carry_the_party_index() -> None:
    d = draft()
    d.parties.append(
        PartyDraft(role=PartyRole.THIRD_PARTY, name="王五", id_number="110105194912310021")
    )
    d.parties.append(organisation(code="91350100M000100Y42"))
    found = codes(check(d))
    assert found["id_bad_check"].field == "parties[2].id_number"
    assert found["credit_code_check"].field == "parties[3].credit_code"
    assert found["credit_code_check"].needs_reason


def test_party_rules_use_now_for_today() -> None:
    d = draft(applicant_id="110105202604010021")  # born a month after NOW
    assert codes(check(d))["id_future_date"].field == "parties[0].id_number"
    assert "id_future_date" not in codes(check(d, now=dt.datetime(2026, 5, 1)))


def test_organisation_party_is_checked() -> None:
    d = draft()
    d.parties[1] = PartyDraft(
        kind=PartyKind.ORGANISATION, role=PartyRole.RESPONDENT, name="某公司", credit_code="123"
    )
    found = codes(check(d))
    assert found["credit_code_format"].is_error
    assert found["representative_missing"].severity is Severity.WARNING


# --- routing, refusal, referral -------------------------------------------------------------


def test_unit_required_unless_refused_or_referred() -> None:
    d = draft()
    d.routing = RoutingDraft()
    assert codes(check(d))["unit_required"].field == "routing.unit_id"
    d.routing = RoutingDraft(unit_id=99)
    assert codes(check(d))["unit_unknown"].field == "routing.unit_id"
    d.routing = RoutingDraft(unit_id=OTHER_UNIT)
    assert check(d) == []
    assert check(refused(draft(), RefusalReason.NOT_CIVIL)) == []
    d.routing = RoutingDraft(refer_to=ReferralTarget.POLICE, refer_body="城南派出所")
    assert check(d) == []


def test_unknown_mediator() -> None:
    d = draft()
    d.routing = RoutingDraft(unit_id=UNIT, mediator_id=MEDIATOR)
    assert check(d) == []
    d.routing.mediator_id = 21
    assert codes(check(d))["mediator_unknown"].field == "routing.mediator_id"
    assert "mediator_unknown" in codes(check(d, mediator_ids=set()))


def test_refusal_reasons() -> None:
    d = refused(draft())
    assert codes(check(d))["refusal_reason_required"].field == "refusal_reasons"
    d = refused(draft(), RefusalReason.OTHER)
    assert codes(check(d))["refusal_note_required"].field == "refusal_note"
    d = refused(draft(), RefusalReason.OTHER, note="  ")
    assert "refusal_note_required" in codes(check(d))
    d = refused(draft(), RefusalReason.OTHER, note="当事人系外地来访，另行告知")
    assert check(d) == []
    d = refused(draft(), RefusalReason.COURT_ACCEPTED, RefusalReason.SPECIALISED_AUTHORITY)
    assert check(d) == []


def test_referral_needs_the_body() -> None:
    d = draft()
    d.routing = RoutingDraft(refer_to=ReferralTarget.COURT_FILING, refer_body=" ")
    found = codes(check(d))
    assert found["refer_body_required"].field == "routing.refer_body"
    assert "unit_required" not in found


def test_party_refusing_mediation() -> None:
    d = draft()
    d.parties[1].consent = ConsentStatus.REFUSED
    issue = codes(check(d))["party_refuses"]
    assert issue.field == "routing" and issue.is_error
    assert "第十七条" in issue.message
    # refusing the case, or referring it out, is what the clerk should do instead
    assert check(refused(d, RefusalReason.PARTY_REFUSES)) == []
    d = draft()
    d.parties[1].consent = ConsentStatus.REFUSED
    d.routing = RoutingDraft(refer_to=ReferralTarget.COURT_FILING, refer_body="某某区人民法院")
    assert check(d) == []
    d = draft()
    d.parties[1].consent = ConsentStatus.AGREED
    d.parties[0].consent = ConsentStatus.PENDING
    assert check(d) == []
