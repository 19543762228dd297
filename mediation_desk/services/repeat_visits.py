"""Repeat visits (重复来访): earlier cases of the same person or organisation.

Matched on the same ID number, the same credit code, or the same name with the same phone;
open cases always, closed ones when received within ``RECENT_DAYS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import or_, select, true

from ..db.models import Case, DisputeType, Party, PartyPhone
from ..db.unit_of_work import UnitOfWork
from ..domain.drafts import CaseDraft
from ..domain.enums import CaseStatus, PartyKind
from ..domain.validation import normalize_phone
from .indexing import digits_only, reversed_key
from .intake import prepare

RECENT_DAYS = 365
OPEN_STATUSES = tuple(s for s in CaseStatus if s.is_open)


@dataclass(frozen=True, slots=True)
class RepeatParty:
    """A party of the draft found in an earlier case."""

    party_index: int  # which party of the draft matched
    matched_name: str  # the party's name in the earlier case
    reason: str  # Chinese: 身份证件号码相同 / 统一社会信用代码相同 / 姓名和电话相同


@dataclass(frozen=True, slots=True)
class RepeatMatch:
    """An earlier case, once, with every party of the draft it shares (in the draft's order)."""

    case_id: int
    number: str
    received_at: dt.datetime
    status: CaseStatus
    dispute_type: str
    parties: tuple[RepeatParty, ...]

    @property
    def party_index(self) -> int:
        return self.parties[0].party_index

    @property
    def matched_name(self) -> str:
        return self.parties[0].matched_name

    @property
    def reason(self) -> str:
        return self.parties[0].reason


def _phone_keys(raw_numbers: list[str]) -> list[str]:
    keys = []
    for raw in raw_numbers:
        try:
            keys.append(reversed_key(digits_only(normalize_phone(raw).number)))
        except ValueError:
            continue
    return keys


def find_repeat_visits(
    uow: UnitOfWork, draft: CaseDraft, *, limit: int = 20, exclude_case_id: int | None = None
) -> list[RepeatMatch]:
    """Earlier cases sharing a party with the draft, newest first: one row per case, naming
    every party of the draft it shares.

    ``exclude_case_id``: the case being corrected (its own parties are not a repeat visit).
    """
    now = uow.now()
    draft = prepare(draft, today=now.date())  # ID numbers, phones and codes as they are stored
    since = now - dt.timedelta(days=RECENT_DAYS)
    found: dict[int, RepeatMatch] = {}
    s = uow.read()
    for index, p in enumerate(draft.parties):
        conditions = []
        reasons = []
        id_number = p.id_number.strip().upper()
        if p.kind is PartyKind.PERSON and len(id_number) >= 6:
            conditions.append(Party.id_number == id_number)
            reasons.append("身份证件号码相同")
        code = p.credit_code.strip().upper()
        if p.kind is PartyKind.ORGANISATION and len(code) == 18:
            conditions.append(Party.credit_code == code)
            reasons.append("统一社会信用代码相同")
        phone_keys = _phone_keys([ph.number for ph in p.phones])
        if p.name.strip() and phone_keys:
            same_phone = select(PartyPhone.party_id).where(PartyPhone.digits_rev.in_(phone_keys))
            conditions.append((Party.name == p.name.strip()) & Party.id.in_(same_phone))
            reasons.append("姓名和电话相同")
        if not conditions:
            continue
        rows = s.execute(
            select(Case, Party, DisputeType.name)
            .join(Party, Party.case_id == Case.id)
            .join(DisputeType, DisputeType.code == Case.dispute_type_code)
            .where(or_(*conditions))
            .where(or_(Case.status.in_(OPEN_STATUSES), Case.received_at >= since))
            .where(Case.id != exclude_case_id if exclude_case_id is not None else true())
            .order_by(Case.received_at.desc())
            .limit(limit)
        ).all()
        for case, party, type_name in rows:
            shared = RepeatParty(index, party.name, _reason(party, id_number, code, reasons))
            known = found.get(case.id)
            if known is None:
                found[case.id] = RepeatMatch(
                    case.id, case.number, case.received_at, case.status, type_name, (shared,)
                )
            elif all(p.party_index != index for p in known.parties):  # once per draft party
                found[case.id] = replace(known, parties=(*known.parties, shared))
    return sorted(found.values(), key=lambda m: m.received_at, reverse=True)[:limit]


def _reason(party: Party, id_number: str, code: str, reasons: list[str]) -> str:
    if id_number and party.id_number == id_number:
        return "身份证件号码相同"
    if code and party.credit_code == code:
        return "统一社会信用代码相同"
    return reasons[-1]
