"""Drafts for tests: a valid two-party walk-in case, to vary per test."""

from __future__ import annotations

from mediation_desk.domain.drafts import CaseDraft, PartyDraft, PhoneDraft, RoutingDraft
from mediation_desk.domain.enums import PartyKind, PartyRole

VALID_ID = "11010519491231002X"  # domain.md: 1949-12-31, female


def two_party_draft(
    unit_id: int,
    *,
    applicant: str = "张三",
    respondent: str = "李四",
    applicant_id: str = VALID_ID,
    applicant_phone: str = "13812345678",
    respondent_phone: str = "0575-88123456",
) -> CaseDraft:
    return CaseDraft(
        dispute_type_code="neighbour",
        facts="申请人与被申请人系邻居，被申请人排水管引至申请人墙角，致墙体受潮开裂。",
        requests="请求被申请人赔偿修缮费用并改正排水管走向。",
        parties=[
            PartyDraft(
                name=applicant,
                role=PartyRole.APPLICANT,
                id_number=applicant_id,
                phones=[PhoneDraft(applicant_phone)],
            ),
            PartyDraft(
                name=respondent,
                role=PartyRole.RESPONDENT,
                phones=[PhoneDraft(respondent_phone)] if respondent_phone else [],
            ),
        ],
        routing=RoutingDraft(unit_id=unit_id),
    )


def organisation(
    name: str = "绍兴市恒达物业服务有限公司",
    code: str = "91350100M000100Y43",
    role: PartyRole = PartyRole.RESPONDENT,
) -> PartyDraft:
    return PartyDraft(
        kind=PartyKind.ORGANISATION,
        role=role,
        name=name,
        credit_code=code,
        representative="陈立",
        representative_title="法定代表人",
        phones=[PhoneDraft("0575-85123456")],
    )
