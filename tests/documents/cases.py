"""Realistic cases for the document tests: parties in every order and of every kind.

Each scenario registers a case (with an agreement where it has one) and returns its id. The
typesetting tests build every document of every scenario; ``scripts/document_gallery.py``
renders them all to PNG for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mediation_desk.domain.agreements import (
    AgreementDraft,
    AgreementForm,
    ClauseDraft,
    ClauseKind,
    InstalmentDraft,
)
from mediation_desk.domain.drafts import (
    AgentDraft,
    CaseDraft,
    ParticipantDraft,
    PartyDraft,
    PhoneDraft,
    RoutingDraft,
)
from mediation_desk.domain.enums import (
    AgentAuthority,
    AgentKind,
    CaseSource,
    ConsentStatus,
    Gender,
    PartyKind,
    PartyRole,
    PhoneLabel,
    RefusalReason,
    RiskLevel,
)
from mediation_desk.services.agreements import save_agreement
from mediation_desk.services.cases import get_case
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.documents.sample import full_case, sample_agreement, sign_all
from tests.factories import VALID_ID, organisation, two_party_draft

Scenario = Callable[[Any, Any], int]


def _person(name: str, role: PartyRole, **kw: Any) -> PartyDraft:
    return PartyDraft(name=name, role=role, consent=ConsentStatus.AGREED, **kw)


def _register(db: Any, centre: Any, draft: CaseDraft) -> int:
    draft.routing.mediator_id = centre.mediator_id
    return int(run(db, register_case, draft, actor=centre.actor).id)


def _agree(db: Any, centre: Any, case_id: int, draft: AgreementDraft, *, sign: bool) -> int:
    ids = [p.id for p in run(db, get_case, case_id).parties]
    run(db, save_agreement, case_id=case_id, draft=draft, actor=centre.actor)
    if sign:
        sign_all(db, centre.actor, case_id, ids)
    return case_id


def neighbours(db: Any, centre: Any) -> int:
    """Two persons; the respondent has a specially authorised lawyer."""
    return full_case(db, centre)


def organisation_first(db: Any, centre: Any) -> int:
    """A company (with its legal representative and an agent) applies against a person."""
    draft = two_party_draft(centre.street_unit_id, applicant="王秀兰")
    company = organisation(role=PartyRole.APPLICANT)
    company.representative_title = "法定代表人"
    company.address = "绍兴市越城区城南街道人民东路1008号恒达大厦十二楼"
    company.agents.append(
        AgentDraft(
            name="赵敏",
            relation="公司员工",
            kind=AgentKind.ENTRUSTED,
            authority=AgentAuthority.SPECIAL,
            authority_note="代为承认、放弃、变更调解请求，代为签署调解协议",
            phone="13900001111",
        )
    )
    resident = draft.parties[0]
    resident.role = PartyRole.RESPONDENT
    resident.gender, resident.ethnicity = Gender.FEMALE, "汉族"
    resident.address = "城南街道幸福里12号3幢2单元501室"
    draft.parties = [company, resident]
    draft.dispute_type_code = "property_management"
    draft.facts = (
        "申请人系幸福里小区物业服务企业。被申请人自2023年1月起拖欠物业服务费，双方协商未果。"
    )
    draft.requests = "请求被申请人支付拖欠的物业服务费人民币伍仟肆佰元。"
    case_id = _register(db, centre, draft)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    agreement = AgreementDraft(
        facts="被申请人自2023年1月起未缴纳物业服务费，共计5400元。",
        disputes="双方对欠费期间的服务质量存在争议。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.PAYMENT,
                payer_party_id=ids[1],
                payee_party_id=ids[0],
                amount_fen=480_000,
                method="银行转账",
                account=(
                    "中国工商银行绍兴城南支行 1211012309000012345"
                    "（户名：绍兴市恒达物业服务有限公司）"
                ),
                instalments=[
                    InstalmentDraft(dt.date(2024, 9, 30), 240_000),
                    InstalmentDraft(dt.date(2024, 10, 31), 240_000),
                ],
            ),
            ClauseDraft(
                kind=ClauseKind.ACT,
                obligor_party_id=ids[0],
                act="于2024年9月20日前修复被申请人楼道照明并书面告知整改结果",
                place="幸福里小区3幢",
                due_date=dt.date(2024, 9, 20),
            ),
            ClauseDraft(kind=ClauseKind.TEXT, text="申请人放弃主张滞纳金及其他费用"),
        ],
        intends_confirmation=True,
        mediator_name="周建国",
        recorder_name="李秀英",
        place="城南街道人民调解委员会第一调解室",
    )
    return _agree(db, centre, case_id, agreement, sign=True)


def three_parties(db: Any, centre: Any) -> int:
    """A person, a company in the middle, and a second person; participants; a high risk."""
    draft = two_party_draft(centre.street_unit_id, applicant="阿卜杜拉·买买提")
    company = organisation(
        name="绍兴市越城区城南建筑工程有限责任公司第三项目部", code="91350100M000100Y43"
    )
    company.representative, company.representative_title = "孙志强", "项目经理"
    draft.parties.insert(1, company)
    draft.parties[2].name = "欧阳春花"
    draft.parties[2].agents.append(
        AgentDraft(name="欧阳明", relation="儿子", kind=AgentKind.ENTRUSTED, phone="13800002222")
    )
    draft.participants = [
        ParticipantDraft(name="钱大伯", relation="村民代表"),
        ParticipantDraft(name="孙晓燕", relation="社区网格员", phone="13700003333"),
    ]
    draft.risk_level, draft.risk_note = RiskLevel.ORANGE, "申请人情绪激动，曾扬言到区政府上访"
    draft.source, draft.referring_body = CaseSource.COURT_PRE_FILING, "绍兴市越城区人民法院"
    draft.referral_letter_no = "（2024）浙0602诉前调1234号"
    draft.dispute_type_code = "labour_wage_arrears"
    draft.facts = (
        "申请人于2023年3月至12月在被申请人承建的工地从事钢筋工作，约定日工资350元。"
        "工程完工后，被申请人以工程款未结清为由拖欠工资共计人民币贰万叁仟肆佰伍拾元。"
        "申请人多次讨要未果，遂申请调解。"
    )
    draft.requests = "请求支付拖欠的工资23,450.00元，并赔偿误工损失。"
    return _register(db, centre, draft)


def oral_agreement(db: Any, centre: Any) -> int:
    """A small neighbour quarrel settled on the spot by an oral agreement."""
    draft = two_party_draft(centre.street_unit_id, applicant="刘建华", respondent="陈桂芳")
    case_id = _register(db, centre, draft)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    agreement = AgreementDraft(
        form=AgreementForm.ORAL,
        facts="双方因楼道堆放杂物发生口角。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.ACT,
                obligor_party_id=ids[1],
                act="清理楼道内堆放的杂物",
                due_date=dt.date(2024, 9, 3),
            )
        ],
        mediator_name="周建国",
        recorder_name="李秀英",
        reached_on=dt.date(2024, 9, 1),
    )
    return _agree(db, centre, case_id, agreement, sign=False)


def refused(db: Any, centre: Any) -> int:
    """A case the centre does not accept, with a reason and a free-text note."""
    draft = two_party_draft(centre.street_unit_id, applicant="张桂英")
    draft.refused = True
    draft.refusal_reasons = [RefusalReason.COURT_ACCEPTED]
    draft.refusal_note = "经核实，该纠纷已由人民法院立案受理，请向受理法院了解进展。"
    draft.routing = RoutingDraft()
    draft.parties[0].id_number = VALID_ID
    return int(run(db, register_case, draft, actor=centre.actor).id)


def terminated(db: Any, centre: Any) -> int:
    """Mediation ended without agreement, on a listed ground with a note."""
    from mediation_desk.domain.case_flow import CaseEvent
    from mediation_desk.domain.outcomes import TerminationReason
    from mediation_desk.services.case_flow import move_case

    draft = two_party_draft(centre.street_unit_id, applicant="赵小红")
    draft.parties[0].id_number = VALID_ID
    case_id = _register(db, centre, draft)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        note="被申请人坚持只赔偿一半修缮费用",
        actor=centre.actor,
    )
    return case_id


def court_terminated(db: Any, centre: Any) -> int:
    """A case a court entrusted after filing (委托, summary procedure): the parties stay far
    apart, mediation is terminated and the file goes back to the court with its materials."""
    from mediation_desk.domain.case_flow import CaseEvent
    from mediation_desk.domain.outcomes import TerminationReason
    from mediation_desk.services.case_flow import move_case

    draft = two_party_draft(centre.street_unit_id, applicant="孙国强", respondent="吴丽华")
    draft.source, draft.referring_body = CaseSource.COURT_ENTRUSTED, "绍兴市越城区人民法院"
    draft.referral_letter_no = "（2024）浙0602民初5678号"
    draft.dispute_type_code = "contract"
    draft.facts = "申请人向被申请人出借人民币伍万元，约定2024年6月30日前归还，到期未还。"
    draft.requests = "请求归还借款50,000.00元及逾期利息。"
    case_id = _register(db, centre, draft)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        note="被申请人对借款金额有异议，要求法院审理",
        returned_materials="民事起诉状副本一份\n借条复印件一份\n银行转账凭证复印件三页",
        actor=centre.actor,
    )
    return case_id


def unsigned_agreement(db: Any, centre: Any) -> int:
    """The sample agreement before anyone signs: blanks for the date."""
    case_id = full_case(db, centre, signed=False, applicant="李桂兰")
    return case_id


def minor_and_branch(db: Any, centre: Any) -> int:
    """A child, represented by her mother (法定代理人), against an insurer's branch (负责人, with a
    generally authorised agent), before the traffic committee — a second committee of the
    centre, printing its own name and seal. Signed written agreement."""
    child = _person(
        "林小雨",
        PartyRole.APPLICANT,
        gender=Gender.FEMALE,
        ethnicity="汉族",
        birth_date=dt.date(2015, 6, 1),
        address="城南街道幸福里20号",
        phones=[PhoneDraft("13600004444", label=PhoneLabel.RELATIVE, note="母亲林芳")],
    )
    child.agents.append(
        AgentDraft(
            name="林芳",
            relation="母亲",
            kind=AgentKind.LEGAL,
            authority=AgentAuthority.STATUTORY,
            phone="13600004444",
        )
    )
    insurer = organisation(
        name="中国人民财产保险股份有限公司绍兴市分公司", code="91330600MA2BC0JK1Q"
    )
    insurer.representative, insurer.representative_title = "周海峰", "负责人"
    insurer.consent = ConsentStatus.AGREED
    insurer.agents.append(
        AgentDraft(name="钱律师", relation="律师", authority=AgentAuthority.GENERAL)
    )
    draft = CaseDraft(
        dispute_type_code="traffic_accident",
        facts="2024年7月5日，被保险车辆在人民东路路口刮倒骑自行车的申请人，致其左臂骨折。",
        requests="请求被申请人在交强险限额内赔偿医疗费、护理费等共计人民币壹万贰仟元。",
        parties=[child, insurer],
        routing=RoutingDraft(unit_id=centre.traffic_unit_id),
    )
    case_id = _register(db, centre, draft)
    ids = [p.id for p in run(db, get_case, case_id).parties]
    agreement = AgreementDraft(
        facts="被保险车辆刮倒申请人，致其左臂骨折，交警认定机动车一方负全部责任。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.PAYMENT,
                payer_party_id=ids[1],
                payee_party_id=ids[0],
                amount_fen=1_200_000,
                method="银行转账",
                account="中国农业银行 6228480000000000011（户名：林芳）",
                due_date=dt.date(2024, 9, 20),
            )
        ],
        mediator_name="周建国",
        recorder_name="李秀英",
    )
    return _agree(db, centre, case_id, agreement, sign=True)


def minutes_and_investigation(db: Any, centre: Any) -> int:
    """A session sat with two mediators and a note-taker, its minutes saved (the respondent
    absent, his lawyer speaking for him; a relative came without checking in), and a visit
    to the site recorded (调解记录, 调查记录)."""
    from tests.minutes_sample import record_minutes_and_investigation

    return record_minutes_and_investigation(db, centre)


def paid_at_the_centre(db: Any, centre: Any) -> int:
    """The neighbours' agreement, its first instalment paid in part at the centre (收条)."""
    from mediation_desk.domain.performance_marks import PerformanceState, ProofKind
    from mediation_desk.services.performance import mark_item

    case_id = full_case(db, centre)
    run(
        db,
        mark_item,
        case_id,
        (0, 0),
        PerformanceState.PARTLY,
        dt.date(2024, 9, 30),
        amount_fen=1_000_000,
        proof_kind=ProofKind.RECEIPT,
        actor=centre.actor,
        now=dt.datetime(2024, 10, 8, 9, 0),
    )
    return case_id


def visited(db: Any, centre: Any) -> int:
    """The sample agreement in effect, and a 回访 made at home: partly performed, 基本满意."""
    from mediation_desk.domain.follow_ups import Performed, Satisfaction, VisitDraft, VisitForm
    from mediation_desk.services.follow_ups import follow_ups_of, record_visit

    case_id = full_case(db, centre, applicant="王秀兰")
    first = run(db, follow_ups_of, case_id)[0]
    draft = VisitDraft(
        VisitForm.HOME,
        dt.date.today(),
        "周建国、李秀英",
        Performed.PARTLY,
        Satisfaction.BASIC,
        measures="督促被申请人于本月底前付清余款",
        note="被申请人已支付第一期款项，第二期尚未支付。",
    )
    run(db, record_visit, first.id, draft, actor=centre.actor)
    return case_id


SCENARIOS: dict[str, Scenario] = {
    "neighbours": neighbours,
    "organisation_first": organisation_first,
    "three_parties": three_parties,
    "oral_agreement": oral_agreement,
    "refused": refused,
    "terminated": terminated,
    "court_terminated": court_terminated,
    "unsigned_agreement": unsigned_agreement,
    "minor_and_branch": minor_and_branch,
    "minutes_and_investigation": minutes_and_investigation,
    "paid_at_the_centre": paid_at_the_centre,
    "visited": visited,
}

__all__ = ["SCENARIOS", "PartyKind", "PhoneDraft", "sample_agreement"]
