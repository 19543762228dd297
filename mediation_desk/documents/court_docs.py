"""The written report to the court that referred a case (特邀调解规定 arts. 19–21, 26).

One document, titled by how the case came out: 调解情况告知函 when the parties agreed (the
agreement goes to the court: filed for a 委派 case, made into a 调解书 for a 委托 case), and
终止调解报告 otherwise, saying why and that the court takes the case back. Both list the
materials handed back, one per line as stored with the case.
"""

from __future__ import annotations

from ..domain.agreements import AgreementForm
from ..domain.case_flow import CaseEvent
from ..domain.dates import cn_date, numeric_date
from ..domain.document_kinds import DocumentKind
from ..domain.enums import CaseSource, CaseStatus
from ..domain.outcomes import Outcome
from .builders import DocumentData
from .model import Block, Clauses, Document, Paragraph, Signatures


def report_title(d: DocumentData) -> str:
    t = d.template("court_report")
    agreed = d.case.outcome_status is CaseStatus.SUCCEEDED and d.agreement is not None
    return t.text("title_agreement" if agreed else "title_ended")


def _why_ended(d: DocumentData) -> str:
    t, c = d.template("court_report"), d.case
    note = c.outcome_note.strip()
    note += "" if not note or note.endswith(("。", "！", "？")) else "。"
    if c.outcome_status is CaseStatus.WITHDRAWN:  # the ground first (特邀调解规定 art. 26(二))
        return t.text("ended_reason_withdrawn") + note
    if c.outcome_reason is not None or note:
        why = Outcome(CaseEvent.TERMINATE, c.outcome_reason, c.outcome_note).reason_text
        return why + ("" if why.endswith(("。", "！", "？")) else "。")
    return t.text("ended_reason_unknown")


def build_court_report(d: DocumentData) -> Document:
    t, c = d.template("court_report"), d.case
    entrusted = c.source is CaseSource.COURT_ENTRUSTED
    a = d.agreement
    agreed = c.outcome_status is CaseStatus.SUCCEEDED and a is not None
    letter = c.referral_letter_no.strip()
    received = c.materials_received_on or c.received_at.date()
    blocks: list[Block] = [
        Paragraph(f"{c.referring_body or '人民法院'}：", indent=False),
        Paragraph(
            t.text(
                "referral",
                kind="委托" if entrusted else "委派",
                parties=d.party_names(),
                dispute=d.dispute,
                letter=letter,
                received=numeric_date(received),
            )
        ),
    ]
    if agreed and a is not None:
        oral = a.draft.form is AgreementForm.ORAL
        blocks.append(
            Paragraph(
                t.text(
                    "agreement",
                    effective=numeric_date(a.effective_on) if a.effective_on else "",
                    form=a.draft.form.label,
                    agreement_number=c.number,
                    purpose=t.text("purpose_entrusted" if entrusted else "purpose_pre_filing"),
                )
            )
        )
        if oral:
            blocks.append(Paragraph(t.text("oral_note")))
    else:
        ended = c.ended_on or c.closed_on or d.date
        blocks.append(Paragraph(t.text("ended", ended=numeric_date(ended)), keep_with_next=True))
        blocks.append(Paragraph(_why_ended(d)))
        blocks.append(Paragraph(t.text("after_entrusted" if entrusted else "after_pre_filing")))
    materials = tuple(x.strip() for x in c.returned_materials.splitlines() if x.strip())
    if materials:
        blocks.append(Paragraph(t.text("materials_intro"), keep_with_next=True))
        blocks.append(Clauses(materials))
    else:
        blocks.append(Paragraph(t.text("materials_none")))
    blocks.append(Paragraph(t.text("closing")))
    when = c.closed_on or c.ended_on or (a.effective_on if agreed and a else None) or d.date
    blocks.append(Signatures((), seal=d.seal, date=cn_date(when)))
    return Document(
        DocumentKind.COURT_REPORT,
        report_title(d),
        tuple(blocks),
        above_title=d.committee,
        number_line=c.number,
    )
