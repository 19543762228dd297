"""One case as the core hands it out: read-only values, never live database rows.

The case window shows them and the document builders print them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .case_flow import outcome_of
from .enums import (
    AgentAuthority,
    AgentKind,
    CaseSource,
    CaseStatus,
    ConsentStatus,
    CourtProcedure,
    Gender,
    IdType,
    LinkKind,
    PartyKind,
    PartyRole,
    PhoneLabel,
    ReferralTarget,
    RefusalReason,
    RiskLevel,
    UnitKind,
)
from .outcomes import TerminationReason
from .report_fields import PreventionFlags, SpecialGroup
from .time_limits import TimeLimitView

#: Units that are people's mediation committees: each prints its own name and seal.
COMMITTEE_KINDS = frozenset(
    {
        UnitKind.VILLAGE_COMMITTEE,
        UnitKind.COMMUNITY_COMMITTEE,
        UnitKind.TOWNSHIP_COMMITTEE,
        UnitKind.STREET_COMMITTEE,
        UnitKind.ENTERPRISE_COMMITTEE,
        UnitKind.TRADE_COMMITTEE,
    }
)


@dataclass(frozen=True, slots=True)
class PhoneView:
    label: PhoneLabel
    number: str
    note: str


@dataclass(frozen=True, slots=True)
class AgentView:
    kind: AgentKind
    authority: AgentAuthority
    authority_note: str
    relation: str
    name: str
    id_type: IdType
    id_number: str
    phone: str


@dataclass(frozen=True, slots=True)
class PartyView:
    id: int
    kind: PartyKind
    role: PartyRole
    name: str
    gender: Gender | None
    ethnicity: str
    birth_date: dt.date | None
    id_type: IdType
    id_number: str
    occupation: str
    address: str
    credit_code: str
    credit_code_override_reason: str
    representative: str
    representative_title: str
    consent: ConsentStatus
    phones: tuple[PhoneView, ...]
    agents: tuple[AgentView, ...]


@dataclass(frozen=True, slots=True)
class ParticipantView:
    name: str
    relation: str
    phone: str
    note: str


@dataclass(frozen=True, slots=True)
class LinkedCaseView:
    case_id: int
    number: str
    kind: LinkKind
    received_at: dt.datetime
    status: CaseStatus


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    number: str
    unit_id: int
    unit_name: str
    unit_kind: UnitKind
    received_at: dt.datetime
    source: CaseSource
    referring_body: str
    referral_letter_no: str
    dispute_type_code: str
    dispute_type: str
    facts: str
    requests: str
    risk_level: RiskLevel
    risk_note: str
    status: CaseStatus
    mediator_id: int | None
    mediator_name: str
    refer_to: ReferralTarget | None
    refer_body: str
    refer_note: str
    refusal_reasons: tuple[RefusalReason, ...]
    refusal_note: str
    parties: tuple[PartyView, ...]
    participants: tuple[ParticipantView, ...]
    links: tuple[LinkedCaseView, ...]
    # How mediation ended without agreement (domain/outcomes.py), when it did.
    outcome_reason: TerminationReason | None = None
    outcome_note: str = ""
    ended_on: dt.date | None = None
    # 结案 (domain/case_flow.py): the outcome it closed from, the day; materials handed back
    closed_from: CaseStatus | None = None
    closed_on: dt.date | None = None
    returned_materials: str = ""
    materials_received_on: dt.date | None = None  # the court's materials signed for
    court_procedure: CourtProcedure | None = None  # 法院委托: 普通/简易程序
    handed_due_on: dt.date | None = None  # 信访部门移送: the due day in the letter
    # The case file (卷宗), once archived; archiving fills them (unknown: blanks on the cover).
    file_number: str = ""  # 卷宗号 / 档案号
    archived_on: dt.date | None = None
    page_count: int | None = None
    # The time limit (domain/time_limits.py): the stored rule and due day, for the header.
    time_limit: TimeLimitView | None = None
    # For the statistics (domain/report_fields.py); ``place_name`` '' when none is recorded.
    place_code: str = ""
    place_name: str = ""
    grid_code: str = ""
    amount_in_dispute_cents: int | None = None
    persons_involved: int | None = None
    special_groups: tuple[SpecialGroup, ...] = ()
    difficult: bool = False
    prevention: PreventionFlags = field(default_factory=PreventionFlags)

    @property
    def outcome_status(self) -> CaseStatus:
        """How the case came out: its status, or for a closed case the status it closed from."""
        return outcome_of(self.status, self.closed_from.value if self.closed_from else "")

    @property
    def handled_by_committee(self) -> bool:
        """Whether the handling unit is a people's mediation committee (not a window or desk)."""
        return self.unit_kind in COMMITTEE_KINDS

    @property
    def party_names(self) -> list[tuple[int, str]]:
        """(id, name) of every party, in order: whom an agreement binds."""
        return [(p.id, p.name) for p in self.parties]
