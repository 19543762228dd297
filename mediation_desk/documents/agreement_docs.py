"""Building the agreement, the oral-agreement form and the joint confirmation application."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..domain.agreements import AgreementForm, AgreementView, cn_count, performance_text
from ..domain.case_views import PartyView
from ..domain.confirmation_rules import confirmation_unavailable, unresolved_matters
from ..domain.dates import blank_date, cn_date, cn_number, numeric_date
from ..domain.document_kinds import DocumentKind
from ..domain.enums import PartyKind
from ..errors import DeskError
from .builders import (
    DocumentData,
    agent_text,
    blank_line,
    kv_table,
    party_signers,
    party_text,
    phones_of,
    representative_of,
    role_label,
)
from .model import (
    Block,
    Cell,
    Clauses,
    Document,
    Heading,
    Line,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    Signatures,
    Spacer,
    Table,
)


def _agreement(d: DocumentData) -> AgreementView:
    if d.agreement is None:
        raise DeskError("本案尚无调解协议，请先在“调解协议”中填写")
    return d.agreement


def _party_blocks(d: DocumentData) -> list[Paragraph]:
    """Each party under its role, with its representative (and 职务) and agents under it."""
    out: list[Paragraph] = []
    for p in d.case.parties:
        out.append(Paragraph(party_text(p), label=f"{role_label(p)}：", indent=False))
        out += _under_party(p)
    return out


def _performance(d: DocumentData, a: AgreementView) -> list[Block]:
    """The 履行方式、地点、期限 section: each obligation's method, place and deadline."""
    t = d.template("agreement")
    lines = [x for i, c in enumerate(a.draft.clauses) if (x := performance_text(i + 1, c))]
    paras = [Paragraph(x) for x in lines] or [Paragraph(t.text("performance"))]
    return [Heading(t.text("performance_heading")), *paras]


def build_agreement(d: DocumentData) -> Document:
    """The 协议书: as frozen when it took effect, else built from the data as it is now."""
    a = _agreement(d)
    if a.printed and a.effective_on is not None:
        return document_from_json(a.printed)
    return build_agreement_now(d)


def build_agreement_now(d: DocumentData) -> Document:
    """The 协议书 built from the current data (what is frozen when it takes effect)."""
    t = d.template("agreement")
    a = _agreement(d)
    g = a.draft
    blocks: list[Block] = [*_party_blocks(d)]
    place = g.place.strip() or d.settings.place.strip()
    if place:
        blocks.append(Paragraph(place, label=t.text("place_label"), indent=False))
    blocks.append(Heading(t.text("facts_heading")))
    blocks += [Paragraph(x) for x in _paras(g.facts)]
    if g.disputes.strip():
        blocks += [Paragraph(x) for x in _paras(g.disputes)]
    if g.responsibility.strip():
        blocks.append(Heading(t.text("responsibility_heading")))
        blocks += [Paragraph(x) for x in _paras(g.responsibility)]
    blocks.append(Paragraph(t.text("intro", committee=d.committee)))
    clauses = list(a.clause_texts)
    if g.breach_clause.strip():
        clauses.append(t.text("breach_heading") + g.breach_clause.strip())
    never = confirmation_unavailable(
        source=d.case.source, status=d.case.status, oral=g.form is AgreementForm.ORAL
    )
    if g.intends_confirmation and not never:  # never for a case a court entrusted (委托)
        court = d.pack.court.court if d.pack and d.pack.court.court else ""
        key = "confirmation" if court else "confirmation_no_court"
        clauses.append(t.text(key, court=court))
    blocks.append(Clauses(tuple(clauses)))
    blocks += _performance(d, a)
    blocks.append(Paragraph(t.text("true_intent")))
    blocks.append(Paragraph(t.text("effect")))
    extra = max(g.extra_copies, 0)
    if extra:
        copies = t.text(
            "copies_extra",
            copies=cn_count(a.copies),
            extra=cn_count(extra),
            extra_note=t.text("extra_note"),
        )
    else:
        copies = t.text("copies", copies=cn_count(len(d.case.parties) + 1))
    blocks.append(Paragraph(copies))
    signers = party_signers(d)
    signers += [
        Signature(f"人民调解员：{g.mediator_name or d.case.mediator_name}", "（签名）"),
        Signature(f"记录人：{g.recorder_name}" if g.recorder_name else "记录人", "（签名）"),
    ]
    date = cn_date(a.effective_on) if a.effective_on else blank_date()
    blocks.append(Signatures(tuple(signers), seal=d.seal, date=date))
    return Document(
        DocumentKind.AGREEMENT,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=d.case.number,
        meta={"case_number": d.case.number},
    )


def _paras(text: str) -> list[str]:
    return [x.strip() for x in text.splitlines() if x.strip()] or ["　"]


def build_oral_agreement(d: DocumentData) -> Document:
    t = d.template("oral_agreement")
    a = _agreement(d)
    g = a.draft
    clauses = "\n".join(f"{cn_number(i + 1)}、{x}" for i, x in enumerate(a.clause_texts))
    performance = "\n".join(x for i, c in enumerate(g.clauses) if (x := performance_text(i + 1, c)))
    table = kv_table(
        [
            ("编　　号", d.case.number, 1),
            ("当 事 人", "\n".join(f"{p.role.label}：{party_text(p)}" for p in d.case.parties), 2),
            ("纠纷主要事实", "\n".join(_paras(g.facts + "\n" + g.disputes)), 4),
            ("协议内容", clauses or "　", 4),
            ("履行方式、期限", performance or "按上列协议内容约定履行。", 1),
            ("达成日期", numeric_date(g.reached_on) if g.reached_on else "　", 1),
            ("调解员", g.mediator_name or d.case.mediator_name or "　", 1),
            ("记录人", g.recorder_name or "　", 1),
        ]
    )
    blocks: list[Block] = [table, Paragraph(t.text("effect_note"))]
    mediator = g.mediator_name or d.case.mediator_name
    signers = [
        *party_signers(d, "（签名或按指印）"),
        Signature(f"人民调解员：{mediator}" if mediator else "人民调解员", "（签名）"),
        Signature(f"记录人：{g.recorder_name}" if g.recorder_name else "记录人", "（签名）"),
    ]
    blocks.append(Signatures(tuple(signers), seal=d.seal))
    return Document(
        DocumentKind.ORAL_AGREEMENT,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        one_page=True,  # a form: set tighter rather than spill the signatures onto page 2
    )


def _service_text(p: PartyView) -> str:
    """The party as an applicant states itself: details, then where court papers reach it."""
    text = party_text(dataclasses.replace(p, phones=()))  # the phone goes with the address
    address = p.address.strip() or blank_line(12)
    return text + f"送达地址：{address}；联系电话：{phones_of(p) or blank_line(8)}。"


def _under_party(p: PartyView) -> list[Paragraph]:
    """An organisation's representative, then the party's agents."""
    out: list[Paragraph] = []
    if p.kind is PartyKind.ORGANISATION and p.representative.strip():
        # The 职务 is stated even when it is the role itself (法定代表人, 负责人).
        heading, post = representative_of(p)
        text = f"{p.representative.strip()}，职务：{post or heading}。"
        out.append(Paragraph(text, label=f"{heading}：", indent=False))
    out += [Paragraph(agent_text(a), label=f"{a.kind.label}：", indent=False) for a in p.agents]
    return out


def _applicant_blocks(d: DocumentData) -> list[Paragraph]:
    """Every party as 申请人, each with its 送达地址 and phone; representatives and agents under
    their principal."""
    out: list[Paragraph] = []
    for p in d.case.parties:
        out.append(Paragraph(_service_text(p), label="申请人：", indent=False))
        out += _under_party(p)
    return out


def build_confirmation_application(d: DocumentData) -> Document:
    """The joint application: every party is an applicant (person–person or person–organisation)."""
    t = d.template("confirmation_application")
    a = _agreement(d)
    never = confirmation_unavailable(
        source=d.case.source, status=d.case.status, oral=a.draft.form is AgreementForm.ORAL
    )
    if never:
        raise DeskError(never)
    if a.effective_on is None:
        raise DeskError(
            "调解协议尚未生效，不能制作司法确认申请书（待：" + "、".join(a.missing_signers) + "）"
        )
    blocked = unresolved_matters(
        a.clause_texts, excluded=a.confirmation_excluded, override_reason=a.confirmation_override
    )
    if blocked:
        raise DeskError(
            "调解协议中有人民法院不予受理司法确认的内容，请先在“司法确认”中将其排除在申请"
            "范围之外，或记录仍予申请的理由：\n" + "\n".join(m.message for m in blocked)
        )
    pack = d.pack
    court = pack.court.court if pack and pack.court.court else "＿＿＿＿＿＿人民法院"
    number = d.case.number
    applicants = "、".join(p.name for p in d.case.parties)
    effective = numeric_date(a.effective_on)
    blocks: list[Block] = [*_applicant_blocks(d)]
    blocks.append(Heading(t.text("request_heading")))
    values = {
        "applicants": applicants,
        "court": court,
        "agreement_number": number,
        "effective": effective,
    }
    asked = [i for i in range(len(a.clause_texts)) if i not in set(a.confirmation_excluded)]
    if len(asked) < len(a.clause_texts):  # partial confirmation: name the clauses asked for
        if a.draft.breach_clause.strip():  # the breach clause, numbered after them, goes too
            asked.append(len(a.clause_texts))
        clauses = "、".join(f"第{cn_number(i + 1)}条" for i in asked)
        blocks.append(Paragraph(t.text("request_partial", clauses=clauses, **values)))
    else:
        blocks.append(Paragraph(t.text("request", **values)))
    blocks.append(Heading(t.text("reasons_heading")))
    blocks.append(
        Paragraph(
            t.text(
                "facts",
                dispute=d.dispute,
                accepted=numeric_date(d.case.received_at.date()),
                committee=d.committee,
                **values,
            )
        )
    )
    blocks.append(Paragraph(t.text("statement")))
    blocks.append(Paragraph(t.text("undertaking")))
    if pack and pack.deadline:  # the last day only: how it was counted is for the clerk
        blocks.append(Paragraph(t.text("deadline", deadline=cn_date(pack.deadline.due))))
    blocks.append(Paragraph(t.text("addressee"), keep_with_next=True))
    blocks.append(Paragraph(court, indent=False, keep_with_next=True))
    signers = party_signers(d, label=lambda p: "申请人")
    blocks.append(Signatures(tuple(signers)))
    blocks += [Spacer(0.5), Heading(t.text("materials_heading"))]
    if pack:
        items = [f"{'■' if m.gathered else '□'} {m.label}" for m in pack.materials]
    else:
        from ..domain.confirmation_rules import MATERIALS

        items = [f"□ {m.label}" for m in MATERIALS]
    blocks.append(Clauses(tuple(items)))
    return Document(DocumentKind.CONFIRMATION_APPLICATION, t.text("title"), tuple(blocks))


# --- the frozen agreement --------------------------------------------------------------------

_MODEL_TYPES: dict[str, type[Any]] = {
    t.__name__: t
    for t in (
        Document,
        Line,
        Heading,
        Paragraph,
        Clauses,
        Table,
        Row,
        Cell,
        Signatures,
        Signature,
        Spacer,
        PageBreak,
    )
}


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"_type": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [_encode(x) for x in value]
    if isinstance(value, dict):
        return {str(k): _encode(x) for k, x in value.items()}
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict):
        name = value.get("_type")
        if name is None:
            return {k: _decode(x) for k, x in value.items()}
        cls = _MODEL_TYPES[str(name)]
        # Fields added to the model since the snapshot take their defaults; dropped ones go.
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: _decode(x) for k, x in value.items() if k in known})
    if isinstance(value, list):
        return tuple(_decode(x) for x in value)
    return value


def document_to_json(doc: Document) -> str:
    """The built document as JSON (to freeze an agreement's text when it takes effect)."""
    return json.dumps(_encode(doc), ensure_ascii=False, separators=(",", ":"))


SNAPSHOT_DAMAGED = "协议书存档内容已损坏，请撤销一项签名记录后重新记录，以重新生成"


def document_from_json(text: str) -> Document:
    try:
        doc = _decode(json.loads(text))
    except (ValueError, KeyError, TypeError):  # not JSON, an unknown type, a missing field
        raise DeskError(SNAPSHOT_DAMAGED) from None
    if not isinstance(doc, Document):
        raise DeskError(SNAPSHOT_DAMAGED)
    if doc.kind in DocumentKind.__members__.values():
        doc = dataclasses.replace(doc, kind=DocumentKind(doc.kind), meta=dict(doc.meta))
    return doc


BUILDERS = {
    DocumentKind.AGREEMENT: build_agreement,
    DocumentKind.ORAL_AGREEMENT: build_oral_agreement,
    DocumentKind.CONFIRMATION_APPLICATION: build_confirmation_application,
}
