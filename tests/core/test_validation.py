"""Tests for mediation_desk.domain.validation (domain.md §2 "Validation"). Pure Python, no Qt."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from mediation_desk.domain.drafts import AgentDraft, PartyDraft, PhoneDraft
from mediation_desk.domain.enums import Gender, IdType, PartyKind, PartyRole
from mediation_desk.domain.issues import FieldIssue, Severity, errors, warnings
from mediation_desk.domain.validation import (
    IdNumberError,
    PhoneError,
    apply_id_derivations,
    check_credit_code,
    convert_15_to_18,
    credit_code_check_char,
    gb11643_check_char,
    mask_id_number,
    normalize_phone,
    parse_gb11643,
    validate_party,
)
from mediation_desk.domain.validation.resident_id import PROVINCE_CODES

TODAY = dt.date(2025, 6, 1)
VALID_ID = "11010519491231002X"
OLD_ID = "440524188001010014"
VALID_USCC = "91350100M000100Y43"


def make_id(body17: str) -> str:
    return body17 + gb11643_check_char(body17)


def codes(issues: list[FieldIssue]) -> set[str]:
    return {i.code for i in issues}


def by_code(issues: list[FieldIssue], code: str) -> FieldIssue:
    (issue,) = [i for i in issues if i.code == code]
    return issue


# --- resident ID ----------------------------------------------------------------------------


def test_domain_example_valid() -> None:
    info = parse_gb11643(VALID_ID, today=TODAY)
    assert info.number == VALID_ID
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender is Gender.FEMALE
    assert info.converted_from_15 is False
    assert info.province_code == "11"
    assert info.kind is IdType.RESIDENT_ID


def test_standard_example_born_1880_accepted_despite_address_code() -> None:
    info = parse_gb11643(OLD_ID, today=TODAY)
    assert info.birth_date == dt.date(1880, 1, 1)
    assert info.gender is Gender.MALE
    assert info.province_code == "44"


def test_bad_check_char() -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643("110105194912310021", today=TODAY)
    assert exc.value.code == "id_bad_check"
    assert exc.value.message == "身份证号码校验位不正确，请核对是否输错"
    assert str(exc.value) == exc.value.message


def test_bad_date_shows_date_part() -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643("11010519491331002X", today=TODAY)
    assert exc.value.code == "id_bad_date"
    assert "1949-13-31" in exc.value.message
    assert "不存在" in exc.value.message


def test_feb_29_in_non_leap_year_is_bad_date() -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(make_id("11010519010229001"), today=TODAY)
    assert exc.value.code == "id_bad_date"


def test_lower_case_x_and_spaces_accepted() -> None:
    info = parse_gb11643(" 110105 19491231 002x ", today=TODAY)
    assert info.number == VALID_ID


def test_decimal_digits_of_any_script_accepted_numerals_rejected() -> None:
    assert parse_gb11643("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == VALID_ID
    assert parse_gb11643("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", today=TODAY).number == VALID_ID
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643("፩፩፩፩፩፩፩፩፩፩፩፩፩፩፩", today=TODAY)  # Ethiopic numerals: no place value
    assert exc.value.code == "id_format"


def test_fifteen_digit_conversion() -> None:
    assert convert_15_to_18("110105491231002") == VALID_ID
    info = parse_gb11643("110105491231002", today=TODAY)
    assert info.number == VALID_ID
    assert info.converted_from_15 is True
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender is Gender.FEMALE


def test_fifteen_digit_bad_date() -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643("110105491331002", today=TODAY)
    assert exc.value.code == "id_bad_date"
    assert "1949-13-31" in exc.value.message


def test_convert_15_rejects_other_input() -> None:
    with pytest.raises(IdNumberError):
        convert_15_to_18("11010549123100X")


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty(raw: str) -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(raw, today=TODAY)
    assert exc.value.code == "id_empty"


@pytest.mark.parametrize(
    "raw", ["1101051949123100", "11010519491231002XX", "1101051949123100Y2", "X10105194912310021"]
)
def test_bad_format(raw: str) -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(raw, today=TODAY)
    assert exc.value.code == "id_format"
    assert exc.value.message == "身份证号码应为18位（或15位旧号码），最后一位可为X"


def test_future_birth_date() -> None:
    number = make_id("11010520300101001")
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(number, today=TODAY)
    assert exc.value.code == "id_future_date"
    # Born today is fine.
    assert parse_gb11643(make_id("11010520250601001"), today=TODAY).birth_date == TODAY


@pytest.mark.parametrize("prefix", ["00", "10", "16", "20", "39", "72", "80", "84"])
def test_bad_province(prefix: str) -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(make_id(prefix + "010519491231002"), today=TODAY)
    assert exc.value.code == "id_bad_province"


def test_check_char_matches_stdnum() -> None:
    assert gb11643_check_char("11010519491231002") == "X"
    assert gb11643_check_char("44052418800101001") == "4"
    with pytest.raises(ValueError):
        gb11643_check_char("1101051949123100")


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_hmt_residence_permits(prefix: str) -> None:
    info = parse_gb11643(make_id(prefix + "19900101123"), today=TODAY)
    assert info.kind is IdType.HMT_RESIDENCE_PERMIT
    assert info.gender is Gender.MALE
    assert info.birth_date == dt.date(1990, 1, 1)


def test_81_prefix_without_zeros_is_a_resident_id() -> None:
    assert parse_gb11643(make_id("81010119900101123"), today=TODAY).kind is IdType.RESIDENT_ID


def test_permanent_residence_id_skips_province_check() -> None:
    number = make_id("93115619850615024")  # 9 + 31 (issuer) + 156 + date + sequence
    info = parse_gb11643(number, today=TODAY)
    assert info.kind is IdType.PERMANENT_RESIDENCE
    assert info.birth_date == dt.date(1985, 6, 15)
    assert info.gender is Gender.FEMALE
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(bad, today=TODAY)
    assert exc.value.code == "id_bad_check"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        (VALID_ID, "110105********002X"),
        ("110105491231002", "110**********02"),
        ("E12345678", "E12****78"),
        ("123456", "123*56"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_id_number(raw: str, masked: str) -> None:
    assert mask_id_number(raw) == masked


@pytest.mark.parametrize("raw", ["123456", "1234567", VALID_ID, "110105491231002", "G12345678"])
def test_mask_never_returns_full_value(raw: str) -> None:
    assert mask_id_number(raw) != raw


# --- property-based -------------------------------------------------------------------------

_bodies = st.builds(
    lambda prov, area, date, seq: f"{prov}{area}{date:%Y%m%d}{seq}",
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)


@given(body=_bodies, position=st.sampled_from([2, 3, 4, 5, 14, 15, 16]), delta=st.integers(1, 9))
def test_property_check_char_detects_single_digit_changes(
    body: str, position: int, delta: int
) -> None:
    number = make_id(body)
    assert gb11643_check_char(body) == ric.calc_check_digit(body + "0")
    info = parse_gb11643(number, today=TODAY)
    assert info.number == number
    assert info.gender is (Gender.MALE if int(body[16]) % 2 else Gender.FEMALE)
    changed = str((int(number[position]) + delta) % 10)
    mutated = number[:position] + changed + number[position + 1 :]
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(mutated, today=TODAY)
    assert exc.value.code == "id_bad_check"


# --- credit code ----------------------------------------------------------------------------


def test_credit_code_valid() -> None:
    result = check_credit_code(" 91350100m000100y43 ")
    assert result.normalized == VALID_USCC
    assert result.format_ok and result.check_ok
    assert credit_code_check_char(VALID_USCC[:17]) == "3"
    assert credit_code_check_char(VALID_USCC[:17]) == uscc.calc_check_digit(VALID_USCC[:17])


def test_credit_code_bad_check() -> None:
    result = check_credit_code(VALID_USCC[:17] + "4")
    assert result.format_ok is True
    assert result.check_ok is False


@pytest.mark.parametrize(
    "raw", ["91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43", "9135010OM000100Y43"]
)
def test_credit_code_bad_format(raw: str) -> None:
    result = check_credit_code(raw)
    assert result.format_ok is False
    assert result.check_ok is False


def test_credit_code_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        credit_code_check_char("91350100S000100Y4")


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number", "mobile"),
    [
        ("+86 138 1234 5678", "13812345678", True),
        ("0086 13812345678", "13812345678", True),
        ("86 13812345678", "13812345678", True),
        ("138-1234-5678", "13812345678", True),
        ("１３８１２３４５６７８", "13812345678", True),
        ("010-12345678", "010-12345678", False),
        ("0571 8765 4321", "0571-87654321", False),
        ("(0755)12345678", "0755-12345678", False),
        ("（０２１）１２３４５６７８", "021-12345678", False),
        ("0571-8765-4321", "0571-87654321", False),
        ("0931-1234567", "0931-1234567", False),
        ("010-12345678-123", "010-12345678-123", False),
        ("010-12345678转123", "010-12345678-123", False),
        ("021 1234 5678 ext. 88", "021-12345678-88", False),
        ("+86 10 1234 5678", "010-12345678", False),
    ],
)
def test_normalize_phone(raw: str, number: str, mobile: bool) -> None:
    info = normalize_phone(raw)
    assert info.number == number
    assert info.is_mobile is mobile


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "phone_empty"),
        ("  ", "phone_empty"),
        ("1381234567", "phone_mobile"),
        ("138123456789", "phone_mobile"),
        ("12812345678", "phone_mobile"),
        ("87654321", "phone_area_code"),
        ("010-123", "phone_landline"),
        ("0571-123456789", "phone_landline"),
        ("13812345678转1", "phone_extension"),
        ("call me", "phone_chars"),
    ],
)
def test_bad_phones(raw: str, code: str) -> None:
    with pytest.raises(PhoneError) as exc:
        normalize_phone(raw)
    assert exc.value.code == code
    assert exc.value.message == str(exc.value)


def test_phone_messages() -> None:
    with pytest.raises(PhoneError, match="手机号码应为11位，以1开头"):
        normalize_phone("1381234567")
    with pytest.raises(PhoneError, match="固定电话应写区号，如 010-12345678"):
        normalize_phone("87654321")


# --- validate_party -------------------------------------------------------------------------


def person(**kw: object) -> PartyDraft:
    base: dict[str, object] = {
        "name": "张𠀾",  # a character outside the BMP
        "id_number": VALID_ID,
        "phones": [PhoneDraft("13812345678")],
    }
    base.update(kw)
    return PartyDraft(**base)  # type: ignore[arg-type]


def organisation(**kw: object) -> PartyDraft:
    base: dict[str, object] = {
        "kind": PartyKind.ORGANISATION,
        "name": "某某物业服务有限公司",
        "credit_code": VALID_USCC,
        "representative": "王五",
        "phones": [PhoneDraft("0591-87654321")],
    }
    base.update(kw)
    return PartyDraft(**base)  # type: ignore[arg-type]


def assert_no_personal_data(issues: list[FieldIssue], *values: str) -> None:
    for issue in issues:
        for value in values:
            assert value not in issue.message


def test_valid_person_has_no_issues() -> None:
    assert validate_party(person(), 0, today=TODAY) == []


def test_person_without_id_is_allowed() -> None:
    assert validate_party(person(id_number=""), 0, today=TODAY) == []


def test_name_required() -> None:
    issues = validate_party(person(name="  "), 2, today=TODAY)
    issue = by_code(issues, "name_required")
    assert issue.field == "parties[2].name"
    assert issue.message == "请填写当事人姓名"
    org = validate_party(organisation(name=""), 0, today=TODAY)
    assert by_code(org, "name_required").message == "请填写单位名称"


def test_person_bad_id_is_error_without_the_number() -> None:
    party = person(id_number="110105194912310021")
    issues = validate_party(party, 1, today=TODAY)
    issue = by_code(issues, "id_bad_check")
    assert issue.field == "parties[1].id_number"
    assert issue.is_error
    assert_no_personal_data(issues, "110105194912310021")


def test_person_fifteen_digit_warning_is_masked() -> None:
    issues = validate_party(person(id_number="110105491231002"), 0, today=TODAY)
    issue = by_code(issues, "id_converted_15")
    assert issue.severity is Severity.WARNING
    assert "110105********002X" in issue.message
    assert_no_personal_data(issues, VALID_ID, "110105491231002")
    assert errors(issues) == []


def test_person_born_1880_warning() -> None:
    issues = validate_party(person(id_number=OLD_ID), 0, today=TODAY)
    assert errors(issues) == []
    assert by_code(issues, "id_birth_unusual").message == "出生日期为1880年，请核对"


def test_person_older_than_110_warning() -> None:
    issues = validate_party(person(id_number=make_id("11010519100101001")), 0, today=TODAY)
    assert codes(warnings(issues)) == {"id_birth_unusual"}


def test_person_typed_birth_date_and_gender_disagree() -> None:
    party = person(birth_date=dt.date(1950, 1, 1), gender=Gender.MALE)
    issues = validate_party(party, 0, today=TODAY)
    assert by_code(issues, "birth_date_mismatch").field == "parties[0].birth_date"
    assert by_code(issues, "birth_date_mismatch").message == "填写的出生日期与身份证号码不一致"
    assert by_code(issues, "gender_mismatch").field == "parties[0].gender"
    assert all(i.severity is Severity.WARNING for i in issues)
    assert party.birth_date == dt.date(1950, 1, 1)  # not mutated
    assert party.id_number == VALID_ID


def test_person_typed_values_agree() -> None:
    party = person(birth_date=dt.date(1949, 12, 31), gender=Gender.FEMALE)
    assert validate_party(party, 0, today=TODAY) == []


def test_id_type_mismatch_warning() -> None:
    hmt = make_id("81000019900101123")
    issues = validate_party(person(id_number=hmt), 0, today=TODAY)
    issue = by_code(issues, "id_type_mismatch")
    assert issue.message == "该号码是港澳台居民居住证号码，请核对证件类型"
    assert issue.severity is Severity.WARNING
    matching = person(id_number=hmt, id_type=IdType.HMT_RESIDENCE_PERMIT)
    assert validate_party(matching, 0, today=TODAY) == []
    permanent = person(id_number=make_id("93115619850615024"), id_type=IdType.PERMANENT_RESIDENCE)
    assert validate_party(permanent, 0, today=TODAY) == []


def test_free_format_documents() -> None:
    ok = person(id_type=IdType.PASSPORT, id_number="E12345678")
    assert validate_party(ok, 0, today=TODAY) == []
    too_long = person(id_type=IdType.OTHER, id_number="A" * 41)
    assert codes(errors(validate_party(too_long, 0, today=TODAY))) == {"id_too_long"}


def test_future_birth_date_is_error() -> None:
    party = person(id_number="", birth_date=dt.date(2030, 1, 1))
    issue = by_code(validate_party(party, 0, today=TODAY), "birth_date_future")
    assert issue.is_error and issue.field == "parties[0].birth_date"


def test_phone_errors_and_missing_phone() -> None:
    party = person(phones=[PhoneDraft("13812345678"), PhoneDraft("1381234567")])
    issues = validate_party(party, 3, today=TODAY)
    issue = by_code(issues, "phone_mobile")
    assert issue.field == "parties[3].phones[1].number"
    assert_no_personal_data(issues, "1381234567")
    applicant = validate_party(person(phones=[]), 0, today=TODAY)
    missing = by_code(applicant, "phone_missing")
    assert missing.message == "未填写联系电话" and missing.severity is Severity.WARNING
    respondent = person(phones=[], role=PartyRole.RESPONDENT)
    assert validate_party(respondent, 0, today=TODAY) == []


def test_valid_organisation() -> None:
    assert validate_party(organisation(), 0, today=TODAY) == []
    assert validate_party(organisation(credit_code=""), 0, today=TODAY) == []


def test_organisation_credit_code_format_error() -> None:
    issue = by_code(
        validate_party(organisation(credit_code="12345"), 4, today=TODAY), "credit_code_format"
    )
    assert issue.is_error and issue.field == "parties[4].credit_code"


@pytest.mark.parametrize("reason", ["", "营业执照原件核对无误"])
def test_organisation_credit_code_check_warning_needs_reason(reason: str) -> None:
    party = organisation(credit_code=VALID_USCC[:17] + "4", credit_code_override_reason=reason)
    issue = by_code(validate_party(party, 0, today=TODAY), "credit_code_check")
    assert issue.severity is Severity.WARNING
    assert issue.needs_reason is True
    assert issue.message == "统一社会信用代码校验位不符，如确认无误请填写原因后保存"


def test_organisation_representative_recommended() -> None:
    issue = by_code(
        validate_party(organisation(representative=""), 0, today=TODAY), "representative_missing"
    )
    assert issue.severity is Severity.WARNING
    assert issue.message == "请填写法定代表人或主要负责人"


def test_agents() -> None:
    agents = [
        AgentDraft(
            name="李律师", id_type=IdType.RESIDENT_ID, id_number=VALID_ID, phone="13912345678"
        ),
        AgentDraft(name="", id_number="110105194912310021", phone="12345"),
        AgentDraft(name="赵六", id_type=IdType.PASSPORT, id_number="E12345678"),
    ]
    issues = validate_party(person(agents=agents), 0, today=TODAY)
    assert {(i.field, i.code) for i in issues} == {
        ("parties[0].agents[1].name", "agent_name_required"),
        ("parties[0].agents[1].id_number", "id_bad_check"),
        ("parties[0].agents[1].phone", "phone_mobile"),
    }
    assert all(i.is_error for i in issues)
    assert_no_personal_data(issues, "110105194912310021", "12345")


# --- apply_id_derivations -------------------------------------------------------------------


def test_apply_fills_birth_date_and_gender_and_normalises() -> None:
    party = person(
        id_number="110105491231002",
        phones=[PhoneDraft("+86 138 1234 5678"), PhoneDraft("0571 8765 4321"), PhoneDraft("bad")],
        agents=[AgentDraft(name="李", id_number="11010519491231002x", phone="(010)12345678")],
    )
    issues = apply_id_derivations(party, today=TODAY)
    assert party.id_number == VALID_ID
    assert party.birth_date == dt.date(1949, 12, 31)
    assert party.gender is Gender.FEMALE
    assert [p.number for p in party.phones] == ["13812345678", "0571-87654321", "bad"]
    assert party.agents[0].id_number == VALID_ID
    assert party.agents[0].phone == "010-12345678"
    assert codes(issues) == {"id_converted_15"}
    assert_no_personal_data(issues, VALID_ID)
    # Afterwards the party validates apart from the bad phone.
    assert codes(validate_party(party, 0, today=TODAY)) == {"phone_chars"}


def test_apply_keeps_typed_values_and_warns_on_disagreement() -> None:
    party = person(
        id_number="11010519491231002x", birth_date=dt.date(1950, 1, 1), gender=Gender.MALE
    )
    issues = apply_id_derivations(party, today=TODAY)
    assert party.id_number == VALID_ID
    assert party.birth_date == dt.date(1950, 1, 1)
    assert party.gender is Gender.MALE
    assert codes(issues) == {"birth_date_mismatch", "gender_mismatch"}
    assert all(i.severity is Severity.WARNING for i in issues)


def test_apply_leaves_invalid_id_for_validation() -> None:
    party = person(id_number=" 110105194912310021 ")
    assert apply_id_derivations(party, today=TODAY) == []
    assert party.id_number == "110105194912310021"
    assert party.birth_date is None and party.gender is None


def test_apply_normalises_credit_code() -> None:
    party = organisation(credit_code=" 91350100m000100y43 ")
    assert apply_id_derivations(party, today=TODAY) == []
    assert party.credit_code == VALID_USCC


def test_a_number_starting_99_is_refused() -> None:
    """Its check character fits, but 99 is no province, and 9 + 9x no issuing province of a
    permanent-residence ID (9 + the issuer's province code + nationality)."""
    number = make_id("99010519491231002")
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(number, today=TODAY)
    assert exc.value.code == "id_bad_province"
    assert "省级代码" in exc.value.message


@pytest.mark.parametrize("issuer", ["00", "19", "99", "84"])
def test_permanent_residence_id_needs_an_issuing_province(issuer: str) -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_gb11643(make_id("9" + issuer + "15619850615024"), today=TODAY)
    assert exc.value.code == "id_bad_province"


@pytest.mark.parametrize(
    "raw",
    [
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits
        "११०१०५१९४९१२३१००२x",  # Devanagari, lower-case x
        "１１０１０５１９４９１２３１００２Ｘ",  # full width
    ],
)
def test_id_digits_of_any_script_are_read_as_digits(raw: str) -> None:
    assert parse_gb11643(raw, today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize("raw", ["፩፩", "፩፩፩፩፩፩፩፩፩፩፩፩፩፩፩", "1101051949123100\x00"])
def test_odd_id_input_is_refused_not_crashing(raw: str) -> None:
    with pytest.raises(IdNumberError):
        parse_gb11643(raw, today=TODAY)


def test_phone_digits_of_any_script_are_read_as_digits() -> None:
    assert normalize_phone("١٣٨١٢٣٤٥٦٧٨").number == "13812345678"
    assert normalize_phone("٠٥٧٥-٨٨١٢٣٤٥٦").number == "0575-88123456"
    with pytest.raises(PhoneError):
        normalize_phone("138\x0012345678")
