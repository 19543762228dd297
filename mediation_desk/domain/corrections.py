"""Correcting a registered case: which cases may be corrected, the case as an intake draft,
and what a correction changed (old → new, personal data masked).

Pure: ``services.corrections`` loads, validates with the intake rules and saves.

Which statuses allow a correction [D]: a case is corrected while its handling is not final —
已受理, 调解中, and 已移送 (a referral can still be routed back, ``services.cases.route_case``).
A case refused at intake (不予受理: its notice states the decision), one whose mediation
ended (调解成功, 调解终止, 已撤回, 速裁结案, 已结案) or one archived is final: it is corrected
after resuming mediation (恢复调解) or undoing the agreement's signatures, which record why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from .case_views import CaseDetail, PartyView
from .drafts import AgentDraft, CaseDraft, ParticipantDraft, PartyDraft, PhoneDraft, RoutingDraft
from .enums import CaseStatus, PartyKind
from .masking import mask_numbers_in_text, mask_sensitive
from .money import figures
from .report_fields import special_groups_label

CORRECTABLE_STATUSES = frozenset(
    {CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION, CaseStatus.REFERRED_OUT}
)

_HINTS = {
    CaseStatus.SUCCEEDED: "如确需修改，请先撤销调解协议的签名记录",
    CaseStatus.FAILED: "如确需修改，请先恢复调解",
    CaseStatus.WITHDRAWN: "如确需修改，请先恢复调解",
}


def correction_refusal(status: CaseStatus) -> str:
    """Why a case in ``status`` cannot be corrected (Chinese), or '' when it can."""
    if status in CORRECTABLE_STATUSES:
        return ""
    hint = _HINTS.get(status, "登记信息已随案件办结固定，不能再修改")
    return f"案件状态为“{status.label}”，不能修改登记信息；{hint}。"


def draft_from_detail(d: CaseDetail) -> CaseDraft:
    """The stored case as the intake form's draft: every party carries its id, routing and
    the receiving time are the stored ones (a correction does not change them)."""
    return CaseDraft(
        source=d.source,
        referring_body=d.referring_body,
        referral_letter_no=d.referral_letter_no,
        received_at=d.received_at,
        dispute_type_code=d.dispute_type_code,
        facts=d.facts,
        requests=d.requests,
        court_procedure=d.court_procedure,
        materials_received_on=d.materials_received_on,
        handed_due_on=d.handed_due_on,
        risk_level=d.risk_level,
        risk_note=d.risk_note,
        parties=[_party_draft(p) for p in d.parties],
        participants=[
            ParticipantDraft(p.name, p.relation, p.phone, p.note) for p in d.participants
        ],
        routing=RoutingDraft(
            unit_id=None if d.refer_to else d.unit_id,
            mediator_id=d.mediator_id,
            refer_to=d.refer_to,
            refer_body=d.refer_body,
            refer_note=d.refer_note,
        ),
        refused=d.status is CaseStatus.REFUSED,
        refusal_reasons=list(d.refusal_reasons),
        refusal_note=d.refusal_note,
        linked_case_ids=[],
        place_code=d.place_code,
        grid_code=d.grid_code,
        amount_in_dispute_cents=d.amount_in_dispute_cents,
        # the number of parties was stored because none was typed: it follows the parties
        persons_involved=None if d.persons_involved == len(d.parties) else d.persons_involved,
        special_groups=list(d.special_groups),
        difficult=d.difficult,
    )


def _party_draft(p: PartyView) -> PartyDraft:
    return PartyDraft(
        kind=p.kind,
        role=p.role,
        name=p.name,
        gender=p.gender,
        ethnicity=p.ethnicity,
        birth_date=p.birth_date,
        id_type=p.id_type,
        id_number=p.id_number,
        occupation=p.occupation,
        credit_code=p.credit_code,
        representative=p.representative,
        representative_title=p.representative_title,
        credit_code_override_reason=p.credit_code_override_reason,
        address=p.address,
        phones=[PhoneDraft(ph.number, ph.label, ph.note) for ph in p.phones],
        agents=[
            AgentDraft(
                name=a.name,
                kind=a.kind,
                authority=a.authority,
                authority_note=a.authority_note,
                relation=a.relation,
                id_type=a.id_type,
                id_number=a.id_number,
                phone=a.phone,
            )
            for a in p.agents
        ],
        consent=p.consent,
        party_id=p.id,
    )


# ----- what changed -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One corrected field: ``field`` is a stable path (``parties[#12].id_number`` for the
    party with id 12), ``label`` says which in Chinese; ``old``/``new`` are as shown in the
    history, ID numbers and phones masked ('' for nothing)."""

    field: str
    label: str
    old: str
    new: str

    @property
    def party_id(self) -> int | None:
        if not self.field.startswith("parties[#"):
            return None
        return int(self.field[len("parties[#") : self.field.index("]")])

    def as_record(self) -> dict[str, str]:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}


CASE_FIELDS = (
    ("source", "案件来源"),
    ("referring_body", "移送或转来单位"),
    ("referral_letter_no", "来函编号"),
    ("dispute_type_code", "纠纷类型"),
    ("risk_level", "风险等级"),
    ("risk_note", "风险说明"),
    ("facts", "纠纷主要事实"),
    ("requests", "请求事项"),
    ("court_procedure", "审理程序"),
    ("materials_received_on", "签收法院材料日期"),
    ("handed_due_on", "来函办理期限"),
)
#: The statistics' fields (domain/report_fields.py), shown in their own words.
REPORT_FIELDS = (
    ("place_code", "发生地"),
    ("grid_code", "网格"),
    ("amount_in_dispute_cents", "争议金额"),
    ("persons_involved", "涉及人数"),
    ("special_groups", "特殊群体"),
    ("difficult", "疑难案件"),
)
PARTY_FIELDS = (
    ("kind", "当事人类型"),
    ("role", "身份"),
    ("name", "姓名或名称"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("birth_date", "出生日期"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("occupation", "职业或工作单位"),
    ("credit_code", "统一社会信用代码"),
    ("credit_code_override_reason", "信用代码校验不符的原因"),
    ("representative", "法定代表人或主要负责人"),
    ("representative_title", "职务"),
    ("address", "住址或住所地"),
    ("consent", "调解意愿"),
)
#: Party fields a repeat visit is matched on (services.repeat_visits).
IDENTITY_FIELDS = frozenset({"name", "id_number", "credit_code", "phones"})
#: Fields holding an ID number or a phone: recorded masked.
_SENSITIVE = frozenset({"id_number"})


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return mask_numbers_in_text(str(value))


def phone_text(ph: PhoneDraft) -> str:
    note = f"，{ph.note}" if ph.note else ""
    return f"{mask_sensitive(ph.number)}（{ph.label.label}{note}）"


def agent_text(a: AgentDraft) -> str:
    parts = [a.kind.label, a.name]
    if a.relation:
        parts.append(a.relation)
    parts.append(a.authority.label)
    if a.authority_note:
        parts.append(mask_numbers_in_text(a.authority_note))
    if a.id_number:
        parts.append(f"{a.id_type.label}{mask_sensitive(a.id_number)}")
    if a.phone:
        parts.append(f"电话{mask_sensitive(a.phone)}")
    return "，".join(parts)


def participant_text(p: ParticipantDraft) -> str:
    parts = [p.name, p.relation]
    if p.phone:
        parts.append(f"电话{mask_sensitive(p.phone)}")
    if p.note:
        parts.append(mask_numbers_in_text(p.note))
    return "，".join(x for x in parts if x)


def party_text(p: PartyDraft) -> str:
    """A party in one line for the history (added or removed): role, name, masked ID."""
    ident = p.id_number if p.kind is PartyKind.PERSON else p.credit_code
    masked = mask_sensitive(ident) if p.kind is PartyKind.PERSON else ident
    return "，".join(x for x in (p.role.label, p.name, masked) if x)


def _list_changes(
    field: str,
    label: str,
    old: Sequence[object],
    new: Sequence[object],
    text: Callable[[object], str],
) -> list[FieldChange]:
    """Items of a list compared by position: changed, added (old '') or removed (new '')."""
    out = []
    for i in range(max(len(old), len(new))):
        before = text(old[i]) if i < len(old) else ""
        after = text(new[i]) if i < len(new) else ""
        if before != after:
            out.append(FieldChange(f"{field}[{i}]", f"{label}{i + 1}", before, after))
    return out


def _report_shown(name: str, value: object, place_names: dict[str, str]) -> str:
    if name == "place_code":
        return place_names.get(str(value), str(value)) if value else ""
    if name == "amount_in_dispute_cents":
        return f"{figures(value)}元" if isinstance(value, int) else ""
    if name == "persons_involved":
        return "按当事人人数" if value is None else f"{value}人"
    if name == "special_groups":
        return special_groups_label(value)  # type: ignore[arg-type]
    if name == "difficult":
        return "是" if value else "否"
    return _shown(value)


def diff_drafts(
    before: CaseDraft,
    after: CaseDraft,
    *,
    type_names: dict[str, str] | None = None,
    place_names: dict[str, str] | None = None,
) -> list[FieldChange]:
    """Every difference between two stored drafts of one case; parties are matched by id.

    ``place_names`` gives the places' names (by code) for the history."""
    names = type_names or {}
    changes: list[FieldChange] = []
    for name, label in CASE_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            if name == "dispute_type_code":
                old, new = names.get(old, old), names.get(new, new)
            changes.append(FieldChange(name, label, _shown(old), _shown(new)))
    for name, label in REPORT_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            shown_old = _report_shown(name, old, place_names or {})
            shown_new = _report_shown(name, new, place_names or {})
            changes.append(FieldChange(name, label, shown_old, shown_new))
    old_parties = {p.party_id: p for p in before.parties}
    new_ids = {p.party_id for p in after.parties}
    for p in after.parties:
        old_party = old_parties.get(p.party_id)
        if old_party is None:
            changes.append(FieldChange(f"parties[#{p.party_id}]", "新增当事人", "", party_text(p)))
            continue
        changes += _party_changes(old_party, p)
    for p in before.parties:
        if p.party_id not in new_ids:
            changes.append(FieldChange(f"parties[#{p.party_id}]", "删除当事人", party_text(p), ""))
    changes += _list_changes(
        "participants",
        "参加人",
        before.participants,
        after.participants,
        lambda x: participant_text(x),  # type: ignore[arg-type]
    )
    return changes


def _party_changes(old: PartyDraft, new: PartyDraft) -> list[FieldChange]:
    who = f"{old.role.label}{old.name}"
    path = f"parties[#{old.party_id}]"
    out = []
    for name, label in PARTY_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        if name in _SENSITIVE:
            shown_a, shown_b = mask_sensitive(a), mask_sensitive(b)
        else:
            shown_a, shown_b = _shown(a), _shown(b)
        out.append(FieldChange(f"{path}.{name}", f"{who} {label}", shown_a, shown_b))
    out += _list_changes(
        f"{path}.phones",
        f"{who} 电话",
        old.phones,
        new.phones,
        lambda x: phone_text(x),  # type: ignore[arg-type]
    )
    out += _list_changes(
        f"{path}.agents",
        f"{who} 代理人",
        old.agents,
        new.agents,
        lambda x: agent_text(x),  # type: ignore[arg-type]
    )
    return out


def _party_field(change: FieldChange) -> str:
    """'name', 'phones', … of a party change ('' for an added or removed party)."""
    rest = change.field.split("]", 1)[1]
    return rest.lstrip(".").split("[", 1)[0]


def identity_changed(changes: Sequence[FieldChange]) -> bool:
    """Whether a party was added, removed, or its name, ID number, credit code or phones
    changed: what the repeat-visit check is matched on."""
    for c in changes:
        if c.party_id is None:
            continue
        field = _party_field(c)
        if not field or field in IDENTITY_FIELDS:
            return True
    return False


def party_data_changed(changes: Sequence[FieldChange]) -> bool:
    """Whether anything about the parties changed (an agreement prints all of it)."""
    return any(c.party_id is not None for c in changes)


def summary(changes: Sequence[FieldChange], limit: int = 4) -> str:
    """One line for the history list: the labels of the first changes."""
    labels = [c.label for c in changes[:limit]]
    more = f"等{len(changes)}项" if len(changes) > limit else ""
    return "更正登记信息：" + "、".join(labels) + more


def correction_lines(record: dict[str, object]) -> str:
    """A correction's history record as lines for a person: 'label：old → new', then why."""
    lines = []
    fields = record.get("fields", [])
    for f in fields if isinstance(fields, list) else []:
        old, new = f.get("old") or "（空）", f.get("new") or "（空）"
        lines.append(f"{f.get('label', '')}：{old} → {new}")
    if record.get("reason"):
        lines.append(f"原因：{record['reason']}")
    return "\n".join(lines)
