"""Case-level intake rules (the party-level ones live in ``domain.validation``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String

from ..db.base import Base
from ..db.models import Agent, Case, Participant, Party, PartyPhone
from ..domain.drafts import CaseDraft
from ..domain.enums import CaseSource, ConsentStatus, PartyRole, RefusalReason
from ..domain.issues import FieldIssue, Severity
from ..domain.report_fields import (
    ReportFieldError,
    check_amount_cents,
    check_grid_code,
    check_persons,
    is_place_code,
)
from ..domain.validation import validate_party
from ..domain.validation.text import case_control_issues


def validate_case(
    draft: CaseDraft,
    *,
    leaf_dispute_codes: set[str],
    unit_ids: set[int],
    mediator_ids: set[int],
    now: dt.datetime,
    place_codes: set[str] | None = None,
) -> list[FieldIssue]:
    """Every finding about a draft; reference data is passed in so this stays pure.

    ``place_codes``: the places a case may be recorded in (None: any well-formed code)."""
    # a control character pasted into any field is refused beside it (never silently removed)
    issues: list[FieldIssue] = case_control_issues(draft)

    def err(field: str, code: str, message: str) -> None:
        issues.append(FieldIssue(field, code, message))

    def warn(field: str, code: str, message: str) -> None:
        issues.append(FieldIssue(field, code, message, Severity.WARNING))

    if draft.source.needs_referring_body and not draft.referring_body.strip():
        err(
            "referring_body",
            "referring_body_required",
            "请填写移送或转来单位（如某某人民法院、某某社区）",
        )
    if draft.received_at and draft.received_at > now + dt.timedelta(minutes=5):
        err("received_at", "received_in_future", "受理时间不能晚于现在")
    issues += time_limit_issues(draft, now)
    if not draft.dispute_type_code:
        err("dispute_type_code", "dispute_type_required", "请选择纠纷类型")
    elif draft.dispute_type_code not in leaf_dispute_codes:
        err(
            "dispute_type_code",
            "dispute_type_unknown",
            "请选择具体的纠纷类型（如“劳动争议”下的细类）",
        )
    if not draft.facts.strip() and not draft.refused:
        err("facts", "facts_required", "请填写纠纷主要事实")
    if not draft.requests.strip() and not draft.refused:
        warn("requests", "requests_empty", "未填写当事人请求事项")

    issues += report_field_issues(draft, place_codes)

    if not draft.parties:
        err("parties", "parties_required", "请至少登记一名当事人")
    roles = {p.role for p in draft.parties}
    if draft.parties and PartyRole.APPLICANT not in roles:
        err("parties", "applicant_required", "请至少登记一名申请人")
    if draft.parties and PartyRole.RESPONDENT not in roles and not draft.refused:
        warn("parties", "respondent_missing", "尚未登记被申请人，纠纷另一方请尽量登记")
    for i, party in enumerate(draft.parties):
        issues.extend(validate_party(party, i, today=now.date()))

    refusing_party = any(p.consent is ConsentStatus.REFUSED for p in draft.parties)
    routing = draft.routing
    if draft.refused:
        if not draft.refusal_reasons:
            err("refusal_reasons", "refusal_reason_required", "不予受理须勾选至少一项理由")
        if RefusalReason.OTHER in draft.refusal_reasons and not draft.refusal_note.strip():
            err("refusal_note", "refusal_note_required", "选择“其他原因”时请写明具体理由")
    elif routing.refer_to is not None:
        if not routing.refer_body.strip():
            err("routing.refer_body", "refer_body_required", "请填写移送的具体单位")
    else:
        if refusing_party:
            err(
                "routing",
                "party_refuses",
                "有当事人明确拒绝调解，依法不得调解（人民调解法第十七条），请选择不予受理或移送",
            )
        if routing.unit_id is None:
            err("routing.unit_id", "unit_required", "请选择承办单位，或选择移送")
        elif routing.unit_id not in unit_ids:
            err("routing.unit_id", "unit_unknown", "所选承办单位不存在或已停用")
    if routing.mediator_id is not None and routing.mediator_id not in mediator_ids:
        err("routing.mediator_id", "mediator_unknown", "所选调解员不存在或已停用")
    issues.extend(_too_long(draft))
    return issues


def _limit(model: type[Base], column: str) -> int:
    """The column's VARCHAR length: the models are the one place limits are set."""
    column_type = model.__table__.c[column].type
    assert isinstance(column_type, String) and column_type.length is not None, column
    return column_type.length


def _too_long(draft: CaseDraft) -> list[FieldIssue]:
    """Text longer than its column: PostgreSQL would refuse it, SQLite would keep it."""
    checks: list[tuple[str, str, int]] = [
        (field, value, _limit(Case, column))
        for field, column, value in (
            ("referring_body", "referring_body", draft.referring_body),
            ("referral_letter_no", "referral_letter_no", draft.referral_letter_no),
            ("risk_note", "risk_note", draft.risk_note),
            ("routing.refer_body", "refer_body", draft.routing.refer_body),
            ("routing.refer_note", "refer_note", draft.routing.refer_note),
            ("refusal_note", "refusal_note", draft.refusal_note),
        )
    ]
    for i, p in enumerate(draft.parties):
        for column in (
            "name",
            "ethnicity",
            "occupation",
            "address",
            "representative",
            "representative_title",
            "credit_code_override_reason",
        ):
            checks.append((f"parties[{i}].{column}", getattr(p, column), _limit(Party, column)))
        for j, phone in enumerate(p.phones):
            checks.append(
                (f"parties[{i}].phones[{j}].note", phone.note, _limit(PartyPhone, "note"))
            )
        for k, a in enumerate(p.agents):
            for column in ("name", "relation", "authority_note"):
                checks.append(
                    (
                        f"parties[{i}].agents[{k}].{column}",
                        getattr(a, column),
                        _limit(Agent, column),
                    )
                )
    for i, pt in enumerate(draft.participants):
        for column in ("name", "relation", "phone", "note"):
            checks.append(
                (f"participants[{i}].{column}", getattr(pt, column), _limit(Participant, column))
            )
    return [
        FieldIssue(field, "too_long", f"内容过长（最多{limit}个字），请精简")
        for field, value, limit in checks
        if len(value.strip()) > limit
    ]


def time_limit_issues(draft: CaseDraft, now: dt.datetime) -> list[FieldIssue]:
    """The dates the time limit runs from, checked. A court-entrusted case without a procedure
    counts as ordinary procedure, a petitions case without the letter's due day as people's
    mediation (one month): the form always offers both, older callers need not."""
    if draft.refused or draft.routing.refer_to is not None:
        return []
    out = []
    received = (draft.received_at or now).date()
    court = draft.source in (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED)
    if court and draft.materials_received_on and draft.materials_received_on > now.date():
        out.append(
            FieldIssue("materials_received_on", "materials_in_future", "签收日期不能晚于今天")
        )
    handed = draft.handed_due_on if draft.source is CaseSource.PETITIONS else None
    if handed is not None and handed < received:
        out.append(
            FieldIssue("handed_due_on", "handed_due_early", "交办函的办结期限不能早于受理日期")
        )
    return out


def report_field_issues(draft: CaseDraft, place_codes: set[str] | None) -> list[FieldIssue]:
    """The statistics' fields (domain/report_fields.py): all optional, but well-formed."""
    issues: list[FieldIssue] = []
    if draft.place_code:
        if not is_place_code(draft.place_code):
            issues.append(
                FieldIssue("place_code", "place_code_format", "发生地的区划代码须为12位数字")
            )
        elif place_codes is not None and draft.place_code not in place_codes:
            issues.append(
                FieldIssue(
                    "place_code",
                    "place_unknown",
                    "发生地不在本中心的村（社区）列表中，请从列表中选择",
                )
            )
    checks = (
        ("grid_code", lambda: check_grid_code(draft.grid_code)),
        ("amount_in_dispute_cents", lambda: check_amount_cents(draft.amount_in_dispute_cents)),
        ("persons_involved", lambda: check_persons(draft.persons_involved)),
    )
    for field, check in checks:
        try:
            check()
        except ReportFieldError as e:
            issues.append(FieldIssue(field, f"{field}_invalid", str(e)))
    if draft.persons_involved == 0:
        issues.append(FieldIssue("persons_involved", "persons_involved_zero", "涉及人数至少为1人"))
    return issues
