"""Judicial confirmation: which court, what to bring, and what courts will not accept.

Rules and citations are data here, in one place: the Civil Procedure Law renumbers (the
confirmation articles were 194–195, then 201–202, and are 205–206 since 2024-01-01).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .enums import CaseSource
from .issues import FieldIssue, Severity

CPL_ARTICLE = "《中华人民共和国民事诉讼法》第二百零五条"


@dataclass(frozen=True, slots=True)
class CourtRule:
    code: str
    label: str  # short, for the chooser
    text: str  # what the law says, for the clerk
    citation: str


COURT_RULES: tuple[CourtRule, ...] = (
    CourtRule(
        "inviting_court",
        "邀请（委派/委托）调解的人民法院",
        "人民法院邀请调解组织开展先行调解的，向作出邀请的人民法院提出",
        CPL_ARTICLE + "第（一）项",
    ),
    CourtRule(
        "committee_location",
        "调解组织所在地基层人民法院",
        "调解组织自行开展调解的，可以向调解组织所在地的基层人民法院提出",
        CPL_ARTICLE + "第（二）项",
    ),
    CourtRule(
        "party_domicile",
        "当事人住所地基层人民法院",
        "调解组织自行开展调解的，可以向当事人住所地的基层人民法院提出",
        CPL_ARTICLE + "第（二）项",
    ),
    CourtRule(
        "subject_location",
        "标的物所在地基层人民法院",
        "调解组织自行开展调解的，可以向标的物所在地的基层人民法院提出",
        CPL_ARTICLE + "第（二）项",
    ),
    CourtRule(
        "intermediate_court",
        "相应的中级人民法院",
        "调解协议所涉纠纷应当由中级人民法院管辖的，向相应的中级人民法院提出",
        CPL_ARTICLE + "第（二）项",
    ),
)
RULES_BY_CODE = {r.code: r for r in COURT_RULES}
COURT_SOURCES = (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED)


@dataclass(frozen=True, slots=True)
class CourtChoice:
    court: str  # may be empty: the clerk must then name one
    rule: CourtRule
    explanation: str


def choose_court(
    *,
    source: CaseSource,
    referring_body: str,
    default_court: str,
    chosen_rule: str = "",
    chosen_court: str = "",
) -> CourtChoice:
    """The court to apply to.

    A court-referred case goes back to the referring court (mandatory). Otherwise the clerk's
    choice stands if any, else the centre's default court (the basic court where the committee
    is), else nothing: the parties then choose among the courts the law allows.
    """
    if source in COURT_SOURCES:
        rule = RULES_BY_CODE["inviting_court"]
        court = referring_body.strip()
        how = "委派" if source is CaseSource.COURT_PRE_FILING else "委托"  # label: 法院委派（诉前）
        why = f"本案由{court or '人民法院'}{how}调解，{rule.text}（{rule.citation}）。"
        return CourtChoice(court, rule, why)
    if chosen_rule in RULES_BY_CODE and chosen_rule != "inviting_court" and chosen_court.strip():
        rule = RULES_BY_CODE[chosen_rule]
        return CourtChoice(
            chosen_court.strip(), rule, f"当事人选择：{rule.text}（{rule.citation}）。"
        )
    rule = RULES_BY_CODE["committee_location"]
    court = default_court.strip()
    why = f"{rule.text}（{rule.citation}）；也可选择当事人住所地或标的物所在地的基层人民法院。"
    if not court:
        why = "尚未设置默认法院（中心设置 → 文书设置），请选择受理法院。" + why
    return CourtChoice(court, rule, why)


@dataclass(frozen=True, slots=True)
class Material:
    code: str
    label: str
    required: bool = True


#: 民诉解释 art. 354, 司法确认若干规定; the last two apply only in some cases.
MATERIALS: tuple[Material, ...] = (
    Material("application", "司法确认申请书（双方当事人共同签名）"),
    Material("agreement", "人民调解协议书"),
    Material("presiding_proof", "调解组织主持调解的证明（受理登记表、调解记录等）"),
    Material("identity", "双方当事人身份证明（身份证复印件；法人营业执照、法定代表人身份证明）"),
    Material("service_address", "双方当事人送达地址确认书及联系方式"),
    Material("property_proof", "与调解协议相关的财产权利证明（如有）", required=False),
    Material("power_of_attorney", "授权委托书及代理人身份证明（委托代理人申请时）", required=False),
    Material("truthfulness", "如实陈述及不存在虚假调解的承诺书", required=False),
)


# --- matters courts do not accept (民诉解释 art. 355) -----------------------------------------

_STATUS_PATTERN = re.compile(
    r"离婚|解除婚姻|婚姻关系|婚姻(无效|有效)|亲子关系|(非|是)亲生|收养|解除收养|身份关系"
)
_OWNERSHIP_PATTERN = re.compile(
    r"(归|属于?)[^，。；]{0,12}(所有|使用)|所有权|产权|确权|物权|使用权归|"
    r"(专利|商标|著作|知识产权)[^，。；]{0,6}(归|属于|所有)"
)
REFUSED_CITATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十五条"


def refused_matter_issues(
    *, dispute_type_code: str, clause_texts: list[str], field_prefix: str = "clauses"
) -> list[FieldIssue]:
    """Warnings when judicial confirmation is intended for what courts will not accept.

    Status (marriage, parentage, adoption) in a family dispute, and clauses confirming who owns
    property or IP. Found by wording: a warning for the mediator to judge, never a block.
    """
    issues: list[FieldIssue] = []
    family = dispute_type_code == "marriage_family"
    for i, text in enumerate(clause_texts):
        field = f"{field_prefix}[{i}]"
        if _STATUS_PATTERN.search(text) and (family or "关系" in text):
            issues.append(
                FieldIssue(
                    field,
                    "confirmation_status_matter",
                    f"第{i + 1}条涉及婚姻、亲子、收养等身份关系，人民法院不予受理司法确认"
                    f"（{REFUSED_CITATION}）。可只就财产、抚养费等内容申请。",
                    Severity.WARNING,
                )
            )
        elif _OWNERSHIP_PATTERN.search(text):
            issues.append(
                FieldIssue(
                    field,
                    "confirmation_ownership_matter",
                    f"第{i + 1}条涉及物权或知识产权的确权，人民法院不予受理司法确认"
                    f"（{REFUSED_CITATION}）。",
                    Severity.WARNING,
                )
            )
    return issues
