"""Judicial confirmation: which court, what to bring, and what courts will not accept.

Rules and citations are data here, in one place: the Civil Procedure Law renumbers (the
confirmation articles were 194–195, then 201–202, and are 205–206 since 2024-01-01).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .dates import cn_number
from .enums import CaseSource, CaseStatus, LabelledEnum
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


#: Statuses in which mediation ended without an agreement a court could confirm.
ENDED_STATUSES = frozenset(
    {
        CaseStatus.FAILED,
        CaseStatus.WITHDRAWN,
        CaseStatus.REFUSED,
        CaseStatus.REFERRED_OUT,
        CaseStatus.FAST_TRACK_CLOSED,
    }
)
ENTRUSTED_CITATION = "《最高人民法院关于人民法院特邀调解的规定》第二十条"


def confirmation_unavailable(*, source: CaseSource, status: CaseStatus, oral: bool) -> str:
    """Why the case can never apply for judicial confirmation; '' when it may.

    - A court entrusted the case after filing (委托): the court itself reviews the agreement
      and makes a 调解书 (特邀调解规定 art. 20), there is nothing to confirm.
    - Mediation ended without an agreement (terminated, withdrawn, refused, referred out).
    - The agreement is oral: there is no 协议书 for the court to confirm.
    """
    if source is CaseSource.COURT_ENTRUSTED:
        return (
            "法院委托调解的案件，调解协议提交委托的人民法院审查并制作调解书，"
            f"不申请司法确认（{ENTRUSTED_CITATION}）"
        )
    if status in ENDED_STATUSES:
        return f"本案{status.label}，不能申请司法确认"
    if oral:
        return "口头调解协议没有书面协议书，不能申请司法确认"
    return ""


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

REFUSED_CITATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十五条"

#: Wording that names a marriage without asking a court to rule on it: debts and property of
#: the marriage (夫妻共同债务, 婚姻关系存续期间所负…, 离婚前所欠…). Blanked before the status
#: terms are looked for.
_MARRIAGE_DEBT = re.compile(
    r"(婚姻关系|婚姻|夫妻关系)存续期间|夫妻共同(债务|财产|生活)|"
    r"离婚(前|时|后)?[^，。；]{0,4}(所负|所欠|形成|产生|发生|的)[^，。；]{0,6}债务"
)
#: Status (marriage, parentage, adoption): 离婚, 确认…为…之子, 亲生子女, 解除收养…
_STATUS = re.compile(
    r"离婚|解除婚姻|婚姻关系|婚姻(无效|有效)|身份关系|亲子关系|亲生|"
    r"收养关系|解除收养|确认收养|收养(无效|有效)|"
    r"确认[^，。；]{0,20}(为|是|系)[^，。；]{0,15}(之子|之女|子女|儿子|女儿|父亲|母亲|生父|生母)"
)
_LAND = r"(宅基地|土地|承包地|自留地|林地|山林|耕地)"
_IP = r"(商标|专利)"
#: Ownership of property or IP: …归…所有, 属…所有, 所有权归…, 宅基地由…使用, 商标由…注册.
#: Never 归还 / 返还 (returning an item is an obligation, not a ruling on ownership).
_OWNERSHIP = re.compile(
    r"归(?!还)[^，。；]{0,15}所有|"
    r"属于?[^，。；]{0,12}所有(?=[，。；、]|$)|"
    r"(所有权|产权|使用权|承包经营权|专利权|商标权|商标专用权|著作权|知识产权)"
    r"[^，。；]{0,8}(归(?!还)|属于|属)|"
    r"确认[^，。；]{0,20}(所有权|产权|使用权|专利权|商标权|著作权|知识产权|归属)|确权|"
    + _LAND
    + r"[^。；]{0,20}由[^，。；]{0,12}(使用|耕种|承包|经营|管理)|"
    r"由[^，。；]{0,12}(使用|耕种|承包经营)[^，。；]{0,6}"
    + _LAND
    + "|"
    + _IP
    + r"[^。；]{0,20}由[^，。；]{0,12}(注册|使用|申请|实施)|"
    r"由[^，。；]{0,12}(注册|使用|申请|实施)[^，。；]{0,8}" + _IP
)


class RefusedKind(LabelledEnum):
    STATUS = "status", "婚姻、亲子、收养等身份关系"
    OWNERSHIP = "ownership", "物权或知识产权的确权"


@dataclass(frozen=True, slots=True)
class RefusedMatter:
    """A clause a court will not confirm (民诉解释 art. 355), found by its wording."""

    index: int  # the clause's position (0: 第一条)
    kind: RefusedKind
    words: str  # the wording found, for the mediator to judge

    @property
    def message(self) -> str:
        return (
            f"第{cn_number(self.index + 1)}条涉及{self.kind.label}（“{self.words}”），"
            f"人民法院不予受理司法确认（{REFUSED_CITATION}）"
        )


def refused_matters(clause_texts: Sequence[str]) -> list[RefusedMatter]:
    """The clauses whose wording asks a court to rule on status or on ownership.

    Status terms count whatever the dispute type (a 离婚 clause in a "neighbour" case is still
    one); debts of a marriage (夫妻共同债务) and returning an item (返还, 归还) are not matters
    of status or ownership.
    """
    out: list[RefusedMatter] = []
    for i, text in enumerate(clause_texts):
        plain = _MARRIAGE_DEBT.sub(lambda m: "＿" * len(m.group()), text)
        if found := _STATUS.search(plain):
            out.append(RefusedMatter(i, RefusedKind.STATUS, found.group()))
        elif found := _OWNERSHIP.search(text):
            out.append(RefusedMatter(i, RefusedKind.OWNERSHIP, found.group()))
    return out


def unresolved_matters(
    clause_texts: Sequence[str], *, excluded: Iterable[int], override_reason: str
) -> list[RefusedMatter]:
    """Flagged clauses still in the request: each blocks the application until the mediator
    leaves it out of the request (partial confirmation) or records why to apply anyway."""
    if override_reason.strip():
        return []
    left_out = set(excluded)
    return [m for m in refused_matters(clause_texts) if m.index not in left_out]


def refused_matter_issues(
    *, dispute_type_code: str, clause_texts: list[str], field_prefix: str = "clauses"
) -> list[FieldIssue]:
    """Warnings, at drafting time, for clauses a court will not confirm (``refused_matters``).

    A warning for the mediator, never an error: the agreement itself is valid; the confirmation
    pack then asks to leave the clause out of the request or to record a reason.
    ``dispute_type_code`` is not used: status terms count whatever the dispute type.
    """
    del dispute_type_code
    status_hint = "。可只就财产、抚养费等内容申请。"
    return [
        FieldIssue(
            f"{field_prefix}[{m.index}]",
            f"confirmation_{m.kind.value}_matter",
            m.message + (status_hint if m.kind is RefusedKind.STATUS else "。"),
            Severity.WARNING,
        )
        for m in refused_matters(clause_texts)
    ]
