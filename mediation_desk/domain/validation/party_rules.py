"""Field-level rules for one party (当事人) of the intake form, and ID-number derivations.

Messages never contain a full identity or telephone number (personal data).
"""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.drafts import AgentDraft, PartyDraft
from mediation_desk.domain.enums import IdType, PartyKind, PartyRole
from mediation_desk.domain.issues import FieldIssue, Severity

from .credit_code import check_credit_code
from .phone import PhoneError, normalize_phone
from .resident_id import IdNumberError, ResidentIdInfo, mask_id_number, parse_gb11643

MAX_FREE_ID_LENGTH = 40
MAX_PLAUSIBLE_AGE = 110
_W = Severity.WARNING


def _f(path: str, name: str) -> str:
    """Join a field path; an empty ``path`` gives a path relative to the party."""
    return f"{path}.{name}" if path else name


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _id_warnings(
    info: ResidentIdInfo, id_type: IdType, path: str, today: dt.date
) -> list[FieldIssue]:
    """Warnings about a valid GB 11643 number: chosen type, 15-digit conversion, odd birth year."""
    issues: list[FieldIssue] = []
    if info.kind != id_type:
        msg = f"该号码是{info.kind.label}号码，请核对证件类型"
        issues.append(FieldIssue(_f(path, "id_number"), "id_type_mismatch", msg, _W))
    if info.converted_from_15:
        msg = f"已将15位旧身份证号码转换为18位：{mask_id_number(info.number)}"
        issues.append(FieldIssue(_f(path, "id_number"), "id_converted_15", msg, _W))
    if info.birth_date.year < 1900 or _age(info.birth_date, today) > MAX_PLAUSIBLE_AGE:
        msg = f"出生日期为{info.birth_date.year}年，请核对"
        issues.append(FieldIssue(_f(path, "id_number"), "id_birth_unusual", msg, _W))
    return issues


def _disagreements(party: PartyDraft, info: ResidentIdInfo, path: str) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    if party.birth_date is not None and party.birth_date != info.birth_date:
        msg = "填写的出生日期与身份证号码不一致"
        issues.append(FieldIssue(_f(path, "birth_date"), "birth_date_mismatch", msg, _W))
    if party.gender is not None and party.gender != info.gender:
        msg = "填写的性别与身份证号码不一致"
        issues.append(FieldIssue(_f(path, "gender"), "gender_mismatch", msg, _W))
    return issues


def _check_id(
    id_type: IdType, id_number: str, path: str, today: dt.date
) -> tuple[list[FieldIssue], ResidentIdInfo | None]:
    """Validate an identity document number; an empty number is allowed."""
    if not id_number.strip():
        return [], None
    if not id_type.uses_gb11643_check:
        if len(id_number.strip()) > MAX_FREE_ID_LENGTH:
            msg = f"证件号码过长，最多{MAX_FREE_ID_LENGTH}个字符"
            return [FieldIssue(_f(path, "id_number"), "id_too_long", msg)], None
        return [], None
    try:
        info = parse_gb11643(id_number, today=today)
    except IdNumberError as e:
        return [FieldIssue(_f(path, "id_number"), e.code, e.message)], None
    return _id_warnings(info, id_type, path, today), info


def _check_phone(raw: str, field: str) -> list[FieldIssue]:
    try:
        normalize_phone(raw)
    except PhoneError as e:
        return [FieldIssue(field, e.code, e.message)]
    return []


def _check_agent(agent: AgentDraft, path: str, today: dt.date) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    if not agent.name.strip():
        issues.append(FieldIssue(_f(path, "name"), "agent_name_required", "请填写代理人姓名"))
    issues += _check_id(agent.id_type, agent.id_number, path, today)[0]
    if agent.phone.strip():
        issues += _check_phone(agent.phone, _f(path, "phone"))
    return issues


def _check_organisation(party: PartyDraft, path: str) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    if party.credit_code.strip():
        result = check_credit_code(party.credit_code)
        if not result.format_ok:
            msg = "统一社会信用代码应为18位，由数字和大写字母组成（不含I、O、Z、S、V）"
            issues.append(FieldIssue(_f(path, "credit_code"), "credit_code_format", msg))
        elif not result.check_ok:
            msg = "统一社会信用代码校验位不符，如确认无误请填写原因后保存"
            issues.append(
                FieldIssue(_f(path, "credit_code"), "credit_code_check", msg, _W, needs_reason=True)
            )
    if not party.representative.strip():
        msg = "请填写法定代表人或主要负责人"
        issues.append(FieldIssue(_f(path, "representative"), "representative_missing", msg, _W))
    return issues


def validate_party(party: PartyDraft, index: int, *, today: dt.date) -> list[FieldIssue]:
    """Check one party and its agents; field paths start with ``parties[index]``. No mutation."""
    path = f"parties[{index}]"
    person = party.kind == PartyKind.PERSON
    issues: list[FieldIssue] = []
    if not party.name.strip():
        msg = "请填写当事人姓名" if person else "请填写单位名称"
        issues.append(FieldIssue(_f(path, "name"), "name_required", msg))
    if person:
        id_issues, info = _check_id(party.id_type, party.id_number, path, today)
        issues += id_issues
        if info is not None:
            issues += _disagreements(party, info, path)
        if party.birth_date is not None and party.birth_date > today:
            issues.append(
                FieldIssue(_f(path, "birth_date"), "birth_date_future", "出生日期不能晚于今天")
            )
    else:
        issues += _check_organisation(party, path)
    for j, phone in enumerate(party.phones):
        issues += _check_phone(phone.number, f"{path}.phones[{j}].number")
    if party.role == PartyRole.APPLICANT and not any(p.number.strip() for p in party.phones):
        issues.append(FieldIssue(_f(path, "phones"), "phone_missing", "未填写联系电话", _W))
    for k, agent in enumerate(party.agents):
        issues += _check_agent(agent, f"{path}.agents[{k}]", today)
    return issues


def _normalise_id(
    id_type: IdType, id_number: str, today: dt.date
) -> tuple[str, ResidentIdInfo | None]:
    if not id_type.uses_gb11643_check:
        return id_number.strip(), None
    try:
        info = parse_gb11643(id_number, today=today)
    except IdNumberError:
        return "".join(id_number.split()).upper(), None
    return info.number, info


def _normalise_phone(raw: str) -> str:
    try:
        return normalize_phone(raw).number
    except PhoneError:
        return raw


def apply_id_derivations(party: PartyDraft, *, today: dt.date) -> list[FieldIssue]:
    """Normalise the draft in place and fill birth date and gender from a valid ID number.

    Returns the ID warnings, with the same codes as :func:`validate_party` (including the
    15-digit conversion notice, which is only visible before the number is rewritten). The
    party's index is not known here, so field paths are relative: ``id_number``,
    ``birth_date``, ``gender``. Invalid values are left unchanged for :func:`validate_party`.
    """
    issues: list[FieldIssue] = []
    party.id_number, info = _normalise_id(party.id_type, party.id_number, today)
    if info is not None and party.kind == PartyKind.PERSON:
        issues += _id_warnings(info, party.id_type, "", today)
        issues += _disagreements(party, info, "")
        if party.birth_date is None:
            party.birth_date = info.birth_date
        if party.gender is None:
            party.gender = info.gender
    if party.credit_code.strip():
        party.credit_code = check_credit_code(party.credit_code).normalized
    for phone in party.phones:
        phone.number = _normalise_phone(phone.number)
    for agent in party.agents:
        agent.id_number = _normalise_id(agent.id_type, agent.id_number, today)[0]
        if agent.phone.strip():
            agent.phone = _normalise_phone(agent.phone)
    return issues
