"""Building the agreement, the oral-agreement form and the joint confirmation application."""

from __future__ import annotations

from ..domain.agreements import AgreementView
from ..domain.dates import blank_date, cn_date, numeric_date
from ..domain.document_kinds import DocumentKind
from ..domain.enums import PartyRole
from ..errors import DeskError
from .builders import (
    DocumentData,
    kv_table,
    party_blocks,
    party_signers,
    party_text,
    role_label,
)
from .model import Block, Clauses, Document, Heading, Paragraph, Signature, Signatures, Spacer


def _agreement(d: DocumentData) -> AgreementView:
    if d.agreement is None:
        raise DeskError("本案尚无调解协议，请先在“调解协议”中填写")
    return d.agreement


def build_agreement(d: DocumentData) -> Document:
    t = d.template("agreement")
    a = _agreement(d)
    g = a.draft
    blocks: list[Block] = [*party_blocks(d, role_label)]
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
    if g.intends_confirmation:
        court = d.pack.court.court if d.pack and d.pack.court.court else ""
        key = "confirmation" if court else "confirmation_no_court"
        clauses.append(t.text(key, court=court))
    blocks.append(Clauses(tuple(clauses)))
    blocks.append(Paragraph(t.text("true_intent")))
    blocks.append(Paragraph(t.text("effect")))
    parties = len(d.case.parties)
    extra = max(g.extra_copies, 0)
    if extra:
        copies = t.text(
            "copies_extra", copies=a.copies, extra=extra, extra_note=t.text("extra_note")
        )
    else:
        copies = t.text("copies", copies=parties + 1)
    blocks.append(Paragraph(copies))
    signers = party_signers(d)
    signers += [
        Signature(f"人民调解员：{g.mediator_name or d.case.mediator_name}", "（签名）"),
        Signature(f"记录人：{g.recorder_name}" if g.recorder_name else "记录人", "（签名）"),
    ]
    date = cn_date(a.effective_on) if a.effective_on else blank_date()
    blocks.append(Signatures(tuple(signers), seal=t.text("seal", committee=d.committee), date=date))
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
    clauses = "\n".join(f"{i + 1}. {x}" for i, x in enumerate(a.clause_texts))
    table = kv_table(
        [
            ("编　　号", d.case.number, 1),
            ("当 事 人", "\n".join(f"{p.role.label}：{party_text(p)}" for p in d.case.parties), 2),
            ("纠纷主要事实", "\n".join(_paras(g.facts + "\n" + g.disputes)), 4),
            ("协议内容", clauses or "　", 4),
            ("履行方式、期限", "按上列协议内容约定履行。", 1),
            ("达成日期", numeric_date(g.reached_on) if g.reached_on else "　", 1),
            ("调解员", g.mediator_name or d.case.mediator_name or "　", 1),
            ("记录人", g.recorder_name or "　", 1),
        ]
    )
    blocks: list[Block] = [table, Paragraph(t.text("effect_note"))]
    signers = [*party_signers(d, "（签名或按指印）"), Signature("人民调解员", "（签名）")]
    blocks.append(Signatures(tuple(signers), seal=d.seal))
    return Document(
        DocumentKind.ORAL_AGREEMENT, t.text("title"), tuple(blocks), above_title=d.committee
    )


def build_confirmation_application(d: DocumentData) -> Document:
    """The joint application: every party is an applicant (person–person or person–organisation)."""
    t = d.template("confirmation_application")
    a = _agreement(d)
    if a.effective_on is None:
        raise DeskError(
            "调解协议尚未生效，不能制作司法确认申请书（待：" + "、".join(a.missing_signers) + "）"
        )
    pack = d.pack
    court = pack.court.court if pack and pack.court.court else "＿＿＿＿＿＿人民法院"
    blocks: list[Block] = [*party_blocks(d, lambda p: "申请人")]
    blocks.append(Heading(t.text("request_heading")))
    number = f"{d.case.number}"
    blocks.append(Paragraph(t.text("request", court=court, agreement_number=number)))
    blocks.append(Heading(t.text("reasons_heading")))
    applicants = "、".join(p.name for p in d.parties(PartyRole.APPLICANT))
    others = "、".join(p.name for p in d.case.parties if p.role is not PartyRole.APPLICANT)
    blocks.append(
        Paragraph(
            t.text(
                "facts",
                applicants=f"{applicants}与{others}" if others else applicants,
                dispute=d.dispute,
                accepted=numeric_date(d.case.received_at.date()),
                committee=d.committee,
                agreed=numeric_date(a.effective_on),
                agreement_number=number,
                effective=numeric_date(a.effective_on),
            )
        )
    )
    blocks.append(Paragraph(t.text("statement")))
    blocks.append(Paragraph(t.text("undertaking")))
    if pack and pack.deadline:
        dl = pack.deadline
        blocks.append(
            Paragraph(t.text("deadline_note", deadline=numeric_date(dl.due), deadline_note=dl.note))
        )
    blocks += [Paragraph(t.text("addressee")), Paragraph(court, indent=False)]
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


BUILDERS = {
    DocumentKind.AGREEMENT: build_agreement,
    DocumentKind.ORAL_AGREEMENT: build_oral_agreement,
    DocumentKind.CONFIRMATION_APPLICATION: build_confirmation_application,
}
