"""What the intake form sends to the core: plain, mutable input records.

The form fills these; ``services.intake`` validates and saves them in one transaction.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .enums import (
    AgentAuthority,
    AgentKind,
    CaseSource,
    ConsentStatus,
    CourtProcedure,
    Gender,
    IdType,
    PartyKind,
    PartyRole,
    PhoneLabel,
    ReferralTarget,
    RefusalReason,
    RiskLevel,
)
from .report_fields import SpecialGroup


@dataclass
class PhoneDraft:
    number: str
    label: PhoneLabel = PhoneLabel.SELF
    note: str = ""  # e.g. "女儿 李丽"


@dataclass
class AgentDraft:
    name: str
    kind: AgentKind = AgentKind.ENTRUSTED
    authority: AgentAuthority = AgentAuthority.GENERAL
    authority_note: str = ""  # scope of the power of attorney
    relation: str = ""  # e.g. 律师, 儿子
    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = ""
    phone: str = ""


@dataclass
class PartyDraft:
    kind: PartyKind = PartyKind.PERSON
    role: PartyRole = PartyRole.APPLICANT
    name: str = ""
    # person
    gender: Gender | None = None
    ethnicity: str = ""
    birth_date: dt.date | None = None
    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = ""
    occupation: str = ""  # 职业或工作单位
    # organisation
    credit_code: str = ""
    representative: str = ""  # 法定代表人 / 主要负责人
    representative_title: str = ""
    credit_code_override_reason: str = ""  # why a code failing its check is accepted
    # both
    address: str = ""
    phones: list[PhoneDraft] = field(default_factory=list)
    agents: list[AgentDraft] = field(default_factory=list)
    consent: ConsentStatus = ConsentStatus.PENDING
    # the stored party a correction edits (services.corrections); None: a new party
    party_id: int | None = None


@dataclass
class ParticipantDraft:
    """An invited participant (参加人): relative, neighbour, expert. Not a party."""

    name: str
    relation: str = ""
    phone: str = ""
    note: str = ""


@dataclass
class RoutingDraft:
    """Where the case goes: a handling unit (optionally a mediator), or referred out."""

    unit_id: int | None = None
    mediator_id: int | None = None
    refer_to: ReferralTarget | None = None
    refer_body: str = ""  # e.g. 某某区人民法院立案庭
    refer_note: str = ""


@dataclass
class CaseDraft:
    source: CaseSource = CaseSource.WALK_IN
    referring_body: str = ""
    referral_letter_no: str = ""
    received_at: dt.datetime | None = None  # None: now
    dispute_type_code: str = ""
    facts: str = ""
    requests: str = ""
    risk_level: RiskLevel = RiskLevel.NONE
    risk_note: str = ""
    parties: list[PartyDraft] = field(default_factory=list)
    participants: list[ParticipantDraft] = field(default_factory=list)
    routing: RoutingDraft = field(default_factory=RoutingDraft)
    refused: bool = False
    refusal_reasons: list[RefusalReason] = field(default_factory=list)
    refusal_note: str = ""
    linked_case_ids: list[int] = field(default_factory=list)  # repeat visits the clerk linked
    # what the time limit runs from (domain/time_limits.py): a court's case, a handed-down one
    court_procedure: CourtProcedure | None = None  # 法院委托: 普通/简易程序
    materials_received_on: dt.date | None = (
        None  # 法院委派/委托: materials signed for (None: today)
    )
    handed_due_on: dt.date | None = None  # 信访部门移送: the due day in the letter
    # for the statistics (domain/report_fields.py): where the dispute arose ('' = 未填写),
    # the grid, the amount in dispute (fen), persons involved (None: the number of parties),
    # the special groups, 疑难
    place_code: str = ""
    grid_code: str = ""
    amount_in_dispute_cents: int | None = None
    persons_involved: int | None = None
    special_groups: list[SpecialGroup] = field(default_factory=list)
    difficult: bool = False
