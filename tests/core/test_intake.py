"""Single-window intake (domain.md §2): registering a case saves all of it, or nothing.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from mediation_desk.db.models import (
    Agent,
    Case,
    CaseLink,
    HistoryEntry,
    NumberCounter,
    Participant,
    Party,
    PartyPhone,
    SearchToken,
)
from mediation_desk.domain.drafts import (
    AgentDraft,
    ParticipantDraft,
    PhoneDraft,
    RoutingDraft,
)
from mediation_desk.domain.enums import (
    AgentAuthority,
    AgentKind,
    CaseSource,
    CaseStatus,
    ConsentStatus,
    Gender,
    LinkKind,
    PartyKind,
    PartyRole,
    PhoneLabel,
    ReferralTarget,
    RefusalReason,
)
from mediation_desk.domain.issues import Severity
from mediation_desk.errors import ValidationFailed
from mediation_desk.services import cases, intake, search
from tests.desk import reading, run
from tests.factories import VALID_ID, organisation, two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
YEAR = NOW.year
BAD_CHECK_ID = "110105194912310021"  # domain.md: bad check character
BAD_CHECK_USCC = "91350100M000100Y42"  # 91350100M000100Y43 is valid
CJK = re.compile(r"[\u4e00-\u9fff]")


def street_no(seq: int) -> str:
    return f"（{YEAR}）城南人调字第{seq}号"


def desk_no(seq: int) -> str:
    return f"（{YEAR}）测矛调登字第{seq}号"


def register(db, centre, draft, **kwargs):  # type: ignore[no-untyped-def]
    """Register acknowledging every plain warning the draft raises (errors still fail)."""
    kwargs.setdefault("now", NOW)
    if "acknowledged" not in kwargs:
        issues = run(db, intake.check_draft, draft, now=kwargs["now"])
        kwargs["acknowledged"] = {intake.warning_key(i) for i in issues if not i.is_error}
    return run(db, intake.register_case, draft, **kwargs, actor=centre.actor)


def issue_codes(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {i.code: i.field for i in exc.value.issues}


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- a valid case ---------------------------------------------------------------------------


def test_valid_two_party_draft_gets_sequential_numbers(db, centre) -> None:
    first = run(
        db,
        intake.register_case,
        two_party_draft(centre.street_unit_id),
        now=NOW,
        actor=centre.actor,
    )
    second = run(
        db,
        intake.register_case,
        two_party_draft(centre.street_unit_id),
        now=NOW,
        actor=centre.actor,
    )
    assert first.number == street_no(1)
    assert second.number == street_no(2)
    assert first.status is CaseStatus.ACCEPTED
    assert first.unit_name == "城南街道人民调解委员会"
    detail = run(db, cases.get_case, first.id)
    assert detail.number == street_no(1)
    assert detail.unit_id == centre.street_unit_id
    assert detail.status is CaseStatus.ACCEPTED
    assert detail.received_at == NOW  # no received_at in the draft: now
    assert detail.dispute_type_code == "neighbour"
    assert detail.dispute_type == "邻里"
    assert detail.facts.startswith("申请人与被申请人系邻居")
    assert [p.name for p in detail.parties] == ["张三", "李四"]
    assert [p.role for p in detail.parties] == [PartyRole.APPLICANT, PartyRole.RESPONDENT]


def test_parties_phones_agents_and_participants_are_saved(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    applicant = draft.parties[0]
    applicant.ethnicity = "汉族"
    applicant.occupation = "退休职工"
    applicant.address = "城南街道幸福里12幢301室"
    applicant.consent = ConsentStatus.AGREED
    applicant.phones = [
        PhoneDraft(" +86 138 1234 5678 "),
        PhoneDraft("139-0000-1111", label=PhoneLabel.RELATIVE, note="女儿 李丽"),
    ]
    applicant.agents = [
        AgentDraft(
            name="王律师",
            kind=AgentKind.ENTRUSTED,
            authority=AgentAuthority.SPECIAL,
            authority_note="代为承认、放弃、变更调解请求",
            relation="律师",
            id_number="11010519491231002x",
            phone="137 0000 2222",
        ),
    ]
    draft.parties.append(organisation(role=PartyRole.THIRD_PARTY))
    draft.participants = [
        ParticipantDraft(name="赵邻居", relation="邻居", phone="13600003333", note="现场见证人"),
        ParticipantDraft(name="钱专家", relation="房屋鉴定人员"),
    ]
    draft.source = CaseSource.PHONE
    draft.routing = RoutingDraft(unit_id=centre.street_unit_id, mediator_id=centre.mediator_id)
    reg = register(db, centre, draft)

    detail = run(db, cases.get_case, reg.id)
    assert detail.source is CaseSource.PHONE
    assert detail.mediator_id == centre.mediator_id
    assert detail.mediator_name == "周建国"
    a, r, org = detail.parties
    assert (a.ethnicity, a.occupation, a.address) == ("汉族", "退休职工", "城南街道幸福里12幢301室")
    assert a.consent is ConsentStatus.AGREED
    assert [(p.label, p.number, p.note) for p in a.phones] == [
        (PhoneLabel.SELF, "13812345678", ""),  # normalised
        (PhoneLabel.RELATIVE, "13900001111", "女儿 李丽"),
    ]
    (agent,) = a.agents
    assert agent.name == "王律师"
    assert agent.kind is AgentKind.ENTRUSTED
    assert agent.authority is AgentAuthority.SPECIAL
    assert agent.authority_note == "代为承认、放弃、变更调解请求"
    assert agent.relation == "律师"
    assert agent.id_number == VALID_ID  # upper-case X
    assert agent.phone == "13700002222"
    assert [p.number for p in r.phones] == ["0575-88123456"]
    assert org.kind is PartyKind.ORGANISATION
    assert org.role is PartyRole.THIRD_PARTY
    assert org.credit_code == "91350100M000100Y43"
    assert (org.representative, org.representative_title) == ("陈立", "法定代表人")
    assert org.id_number == "" and org.gender is None and org.birth_date is None
    assert [(p.name, p.relation, p.phone, p.note) for p in detail.participants] == [
        ("赵邻居", "邻居", "13600003333", "现场见证人"),
        ("钱专家", "房屋鉴定人员", "", ""),
    ]
    assert count(db, Participant) == 2
    assert count(db, Agent) == 1
    assert count(db, PartyPhone) == 4


def test_birth_date_and_gender_are_derived_from_the_id(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id, applicant_id="11010519491231002x")
    assert draft.parties[0].birth_date is None and draft.parties[0].gender is None
    reg = register(db, centre, draft)
    applicant = run(db, cases.get_case, reg.id).parties[0]
    assert applicant.id_number == VALID_ID
    assert applicant.birth_date == dt.date(1949, 12, 31)
    assert applicant.gender is Gender.FEMALE
    # the caller's draft is left as it was
    assert draft.parties[0].birth_date is None
    assert draft.parties[0].id_number == "11010519491231002x"


def test_legacy_15_digit_id_is_saved_as_18_digits(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id, applicant_id="110105491231002")
    reg = register(db, centre, draft)
    applicant = run(db, cases.get_case, reg.id).parties[0]
    assert applicant.id_number == VALID_ID
    assert applicant.birth_date == dt.date(1949, 12, 31)


# --- nothing is saved on errors -------------------------------------------------------------


def test_bad_id_raises_and_saves_nothing(db, centre) -> None:
    history_before = count(db, HistoryEntry)
    draft = two_party_draft(centre.street_unit_id, applicant_id=BAD_CHECK_ID)
    with pytest.raises(ValidationFailed) as exc:
        run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    fields = {i.field for i in exc.value.issues}
    assert "parties[0].id_number" in fields
    (issue,) = [i for i in exc.value.issues if i.field == "parties[0].id_number"]
    assert issue.is_error
    assert CJK.search(issue.message), issue.message
    assert BAD_CHECK_ID not in issue.message  # no personal data in messages
    assert CJK.search(exc.value.message)

    for model in (Case, Party, PartyPhone, Agent, Participant, CaseLink, SearchToken):
        assert count(db, model) == 0, model.__name__
    assert count(db, HistoryEntry) == history_before
    with reading(db) as s:
        assert s.scalar(select(func.coalesce(func.max(NumberCounter.last_seq), 0))) == 0

    good = run(
        db,
        intake.register_case,
        two_party_draft(centre.street_unit_id),
        now=NOW,
        actor=centre.actor,
    )
    assert good.number == street_no(1)


def test_bad_id_after_earlier_cases_keeps_the_counter(db, centre) -> None:
    register(db, centre, two_party_draft(centre.street_unit_id))
    with pytest.raises(ValidationFailed):
        register(db, centre, two_party_draft(centre.street_unit_id, applicant_id=BAD_CHECK_ID))
    assert count(db, Case) == 1
    assert register(db, centre, two_party_draft(centre.street_unit_id)).number == street_no(2)


def test_check_draft_reports_without_saving(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id, applicant_id=BAD_CHECK_ID)
    draft.facts = ""
    issues = run(db, intake.check_draft, draft, now=NOW)
    codes = {i.code: i for i in issues}
    assert codes["id_bad_check"].field == "parties[0].id_number"
    assert codes["facts_required"].is_error
    assert count(db, Case) == 0


# --- warnings -------------------------------------------------------------------------------


def test_unacknowledged_warnings_block_and_acknowledged_ones_pass(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.requests = ""  # warning: requests_empty
    draft.parties[0].phones = []  # warning: phone_missing
    warnings = [i for i in run(db, intake.check_draft, draft, now=NOW) if not i.is_error]
    assert {i.code for i in warnings} == {"requests_empty", "phone_missing"}
    assert all(i.severity is Severity.WARNING for i in warnings)
    keys = {intake.warning_key(i) for i in warnings}
    assert keys == {"requests:requests_empty", "parties[0].phones:phone_missing"}

    with pytest.raises(ValidationFailed) as exc:
        run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    assert {i.code for i in exc.value.issues} == {"requests_empty", "phone_missing"}

    with pytest.raises(ValidationFailed) as exc:  # one of two acknowledged: still blocked
        run(
            db,
            intake.register_case,
            draft,
            now=NOW,
            acknowledged={"requests:requests_empty"},
            actor=centre.actor,
        )
    assert {i.code for i in exc.value.issues} == {"phone_missing"}
    assert count(db, Case) == 0

    reg = run(db, intake.register_case, draft, now=NOW, acknowledged=keys, actor=centre.actor)
    assert reg.number == street_no(1)


def test_credit_code_check_failure_needs_a_reason(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.parties[1] = organisation(code=BAD_CHECK_USCC)
    issues = run(db, intake.check_draft, draft, now=NOW)
    (issue,) = [i for i in issues if i.code == "credit_code_check"]
    assert issue.field == "parties[1].credit_code"
    assert not issue.is_error and issue.needs_reason

    with pytest.raises(ValidationFailed) as exc:  # acknowledging is not enough
        run(
            db,
            intake.register_case,
            draft,
            now=NOW,
            acknowledged={intake.warning_key(issue)},
            actor=centre.actor,
        )
    assert issue_codes(exc) == {"credit_code_check": "parties[1].credit_code"}
    draft.parties[1].credit_code_override_reason = "   "
    with pytest.raises(ValidationFailed):
        run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    assert count(db, Case) == 0

    draft.parties[1].credit_code_override_reason = " 营业执照原件核对无误 "
    reg = run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    org = run(db, cases.get_case, reg.id).parties[1]
    assert org.credit_code == BAD_CHECK_USCC
    assert org.credit_code_override_reason == "营业执照原件核对无误"


def test_bad_credit_code_format_is_an_error(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.parties[1] = organisation(code="91350100M00010OY43")  # letter O
    draft.parties[1].credit_code_override_reason = "一定要保存"
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc)["credit_code_format"] == "parties[1].credit_code"


# --- refusal, referral, consent -------------------------------------------------------------


def test_refusal_needs_reasons(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.refused = True
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert "refusal_reason_required" in issue_codes(exc)
    draft.refusal_reasons = [RefusalReason.OTHER]
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc) == {"refusal_note_required": "refusal_note"}
    assert count(db, Case) == 0


def test_refusal_is_numbered_by_the_intake_desk(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)  # routing to the street unit is ignored
    draft.refused = True
    draft.refusal_reasons = [RefusalReason.COURT_ACCEPTED, RefusalReason.OTHER]
    draft.refusal_note = "该纠纷已由区法院立案"
    reg = register(db, centre, draft)
    assert reg.status is CaseStatus.REFUSED
    assert reg.number == desk_no(1)
    assert reg.unit_name == "综合受理窗口"
    detail = run(db, cases.get_case, reg.id)
    assert detail.unit_id == centre.desk_id
    assert detail.status is CaseStatus.REFUSED
    assert detail.refusal_reasons == (RefusalReason.COURT_ACCEPTED, RefusalReason.OTHER)
    assert detail.refusal_note == "该纠纷已由区法院立案"
    # the street unit's sequence is untouched
    assert register(db, centre, two_party_draft(centre.street_unit_id)).number == street_no(1)


def test_refusal_without_facts_is_allowed(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.refused = True
    draft.refusal_reasons = [RefusalReason.NOT_CIVIL]
    draft.facts = ""
    draft.requests = ""
    draft.parties = draft.parties[:1]  # respondent not required for a refusal
    reg = run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    assert reg.status is CaseStatus.REFUSED


def test_referral_out_is_numbered_by_the_desk(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.routing = RoutingDraft(refer_to=ReferralTarget.COURT_FILING, refer_body="")
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc) == {"refer_body_required": "routing.refer_body"}

    draft.routing = RoutingDraft(
        refer_to=ReferralTarget.COURT_FILING,
        refer_body="某某区人民法院立案庭",
        refer_note="已超出调解范围",
    )
    reg = register(db, centre, draft)
    assert reg.status is CaseStatus.REFERRED_OUT
    assert reg.number == desk_no(1)
    detail = run(db, cases.get_case, reg.id)
    assert detail.status is CaseStatus.REFERRED_OUT
    assert detail.refer_to is ReferralTarget.COURT_FILING
    assert detail.refer_body == "某某区人民法院立案庭"
    assert detail.refer_note == "已超出调解范围"
    assert detail.unit_id == centre.desk_id


def test_party_refusing_mediation_cannot_be_routed(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.parties[1].consent = ConsentStatus.REFUSED
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc) == {"party_refuses": "routing"}
    (issue,) = exc.value.issues
    assert "第十七条" in issue.message
    assert count(db, Case) == 0

    draft.refused = True  # ... but it can be refused
    draft.refusal_reasons = [RefusalReason.PARTY_REFUSES]
    assert register(db, centre, draft).status is CaseStatus.REFUSED


def test_routing_needs_a_unit(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.routing = RoutingDraft()
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc) == {"unit_required": "routing.unit_id"}
    draft.routing = RoutingDraft(unit_id=999_999)
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc) == {"unit_unknown": "routing.unit_id"}


@pytest.mark.parametrize("source", [CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED])
def test_court_referred_sources_need_the_referring_body(db, centre, source) -> None:
    draft = two_party_draft(centre.street_unit_id)
    draft.source = source
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert issue_codes(exc) == {"referring_body_required": "referring_body"}

    draft.referring_body = "某某区人民法院"
    draft.referral_letter_no = "（2026）某0112民诉前调123号"
    reg = register(db, centre, draft)
    detail = run(db, cases.get_case, reg.id)
    assert detail.source is source
    assert detail.referring_body == "某某区人民法院"
    assert detail.referral_letter_no == "（2026）某0112民诉前调123号"


def test_walk_in_needs_no_referring_body(db, centre) -> None:
    draft = two_party_draft(centre.street_unit_id)
    assert draft.source is CaseSource.WALK_IN
    assert register(db, centre, draft).status is CaseStatus.ACCEPTED


# --- names, links ---------------------------------------------------------------------------


def test_rare_non_bmp_name_is_saved_and_found(db, centre) -> None:
    name = "𠮷田花子"
    assert max(map(ord, name)) > 0xFFFF
    reg = register(db, centre, two_party_draft(centre.street_unit_id, applicant=name))
    register(db, centre, two_party_draft(centre.street_unit_id))  # someone else
    assert run(db, cases.get_case, reg.id).parties[0].name == name
    for query in (name, "𠮷", "𠮷田", "𠮷田花"):
        hits = run(db, search.search_cases, query)
        assert [h.case_id for h in hits] == [reg.id], query
        assert hits[0].applicants == name


def test_linked_case_ids_create_links(db, centre) -> None:
    earlier = register(db, centre, two_party_draft(centre.street_unit_id))
    other = register(db, centre, two_party_draft(centre.traffic_unit_id))
    draft = two_party_draft(centre.street_unit_id)
    draft.linked_case_ids = [earlier.id, other.id, earlier.id]  # duplicates are ignored
    reg = register(db, centre, draft)

    links = run(db, cases.get_case, reg.id).links
    assert {(link.case_id, link.kind) for link in links} == {
        (earlier.id, LinkKind.REPEAT_VISIT),
        (other.id, LinkKind.REPEAT_VISIT),
    }
    assert {link.number for link in links} == {earlier.number, other.number}
    back = run(db, cases.get_case, earlier.id).links  # visible from the other side too
    assert [(link.case_id, link.number) for link in back] == [(reg.id, reg.number)]
    assert count(db, CaseLink) == 2


def test_registered_case_is_searchable_by_number(db, centre) -> None:
    reg = register(db, centre, two_party_draft(centre.street_unit_id))
    hits = run(db, search.search_cases, reg.number)
    assert [h.case_id for h in hits] == [reg.id]


@pytest.mark.parametrize(
    ("field", "length"),
    [("parties[0].address", 200), ("parties[0].name", 120), ("referring_body", 120)],
)
def test_overlong_text_is_a_validation_error(db, centre, field, length) -> None:
    """Columns are VARCHAR(n): PostgreSQL refuses longer values with a raw DataError, SQLite
    stores them. Validation must report them on both, with nothing saved."""
    draft = two_party_draft(centre.street_unit_id)
    draft.source = CaseSource.COURT_PRE_FILING
    draft.referring_body = "某某区人民法院"
    too_long = "幸" * (length + 1)
    if field == "referring_body":
        draft.referring_body = too_long
    else:
        setattr(draft.parties[0], field.split(".")[1], too_long)
    with pytest.raises(ValidationFailed) as exc:
        register(db, centre, draft)
    assert field in {i.field for i in exc.value.issues}
    assert count(db, Case) == 0
    # exactly at the limit is fine
    if field == "referring_body":
        draft.referring_body = too_long[:length]
    else:
        setattr(draft.parties[0], field.split(".")[1], too_long[:length])
    assert register(db, centre, draft).number == street_no(1)
