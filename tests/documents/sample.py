"""A case with a full agreement, for document, service and UI tests."""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.agreements import (
    AgreementDraft,
    ClauseDraft,
    ClauseKind,
    InstalmentDraft,
    SignerRole,
)
from mediation_desk.domain.drafts import AgentDraft, PhoneDraft
from mediation_desk.domain.enums import AgentAuthority, Gender
from mediation_desk.services.agreements import record_signature, save_agreement
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import organisation, two_party_draft

EFFECTIVE = dt.date(2024, 9, 1)  # → deadline 2024-10-08 (National Day break)


def register_sample_case(db, centre, *, with_org: bool = False, applicant: str = "张三") -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id, applicant=applicant)
    p = draft.parties[0]
    p.gender, p.ethnicity, p.birth_date = Gender.FEMALE, "汉族", dt.date(1949, 12, 31)
    p.address = "城南街道幸福里12号"
    draft.parties[1].address = "城南街道幸福里14号"
    draft.parties[1].agents.append(
        AgentDraft(
            name="王律师",
            relation="律师",
            authority=AgentAuthority.SPECIAL,
            authority_note="代为承认、放弃、变更调解请求",
            phone="13555556666",
        )
    )
    if with_org:
        draft.parties[1] = organisation()
        draft.parties[1].phones = [PhoneDraft("0575-85123456")]
    draft.routing.mediator_id = centre.mediator_id
    return run(db, register_case, draft, actor=centre.actor).id


def sample_agreement(party_ids: list[int]) -> AgreementDraft:
    a, b = party_ids[0], party_ids[1]
    return AgreementDraft(
        facts="申请人与被申请人系邻居。被申请人排水管引至申请人墙角，致申请人墙体受潮开裂。",
        disputes="双方对修缮费用的数额及排水管的改道存在争议。",
        responsibility="被申请人对墙体受损负主要责任。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.PAYMENT,
                payer_party_id=b,
                payee_party_id=a,
                amount_fen=3_560_000,
                method="银行转账",
                account="中国农业银行 6228480000000000000（户名：张三）",
                instalments=[
                    InstalmentDraft(dt.date(2024, 9, 30), 2_000_000),
                    InstalmentDraft(dt.date(2024, 12, 31), 1_560_000),
                ],
            ),
            ClauseDraft(
                kind=ClauseKind.ACT,
                obligor_party_id=b,
                act="将排水管改道至其自家院内排水沟",
                place="城南街道幸福里14号",
                due_date=dt.date(2024, 9, 15),
            ),
            ClauseDraft(
                kind=ClauseKind.PAYMENT,
                payer_party_id=b,
                payee_party_id=a,
                amount_fen=140_950,
                method="现金",
                due_date=dt.date(2024, 9, 5),
            ),
            ClauseDraft(kind=ClauseKind.TEXT, text="双方就本纠纷再无其他争议"),
        ],
        breach_clause="被申请人未按期支付任何一期款项的，申请人可就全部未付款项申请强制执行。",
        intends_confirmation=True,
        mediator_name="周建国",
        recorder_name="李秀英",
        place="城南街道人民调解委员会调解室",
    )


def sign_all(db, actor, case_id: int, party_ids: list[int], on: dt.date = EFFECTIVE) -> None:  # type: ignore[no-untyped-def]
    for pid in party_ids:
        run(
            db,
            record_signature,
            case_id=case_id,
            role=SignerRole.PARTY,
            party_id=pid,
            signed_on=on - dt.timedelta(days=1),
            actor=actor,
        )
    run(db, record_signature, case_id=case_id, role=SignerRole.MEDIATOR, signed_on=on, actor=actor)
    run(db, record_signature, case_id=case_id, role=SignerRole.RECORDER, signed_on=on, actor=actor)
    run(db, record_signature, case_id=case_id, role=SignerRole.SEAL, signed_on=on, actor=actor)


def full_case(
    db, centre, *, with_org: bool = False, signed: bool = True, applicant: str = "张三"
) -> int:  # type: ignore[no-untyped-def]
    from mediation_desk.services.cases import get_case

    case_id = register_sample_case(db, centre, with_org=with_org, applicant=applicant)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    if signed:
        sign_all(db, centre.actor, case_id, ids)
    return case_id
