"""Building the case documents from the case data (the agreement family is in ``agreement_docs``).

Builders are pure: case data and wording templates in, a ``Document`` out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.agreements import AgreementView
from ..domain.case_views import CaseDetail, PartyView
from ..domain.confirmation_pack import ConfirmationPackView
from ..domain.dates import blank_date, cn_date, numeric_date
from ..domain.dispute_types import report_name
from ..domain.document_kinds import DocumentKind
from ..domain.document_settings import DocumentSettingsView
from ..domain.enums import PartyKind, PartyRole
from .model import (
    Block,
    Cell,
    Clauses,
    Document,
    Heading,
    Line,
    Paragraph,
    Row,
    Signature,
    Signatures,
    Spacer,
    Table,
)
from .templates import Template, load_template


@dataclass(frozen=True)
class DocumentData:
    """Everything a builder may print."""

    case: CaseDetail
    settings: DocumentSettingsView
    today: dt.date
    agreement: AgreementView | None = None
    pack: ConfirmationPackView | None = None
    templates_dir: Path | None = None

    def template(self, name: str) -> Template:
        return load_template(name, override_dir=self.templates_dir)

    @property
    def date(self) -> dt.date:
        return self.today

    @property
    def committee(self) -> str:
        unit = self.case.unit_name.strip()
        if unit.endswith("委员会"):
            return unit
        return self.settings.committee_name.strip() or unit

    @property
    def seal(self) -> str:
        return self.settings.seal_text.strip() or f"（{self.committee}印）"

    @property
    def dispute(self) -> str:
        return report_name(self.case.dispute_type)

    def parties(self, *roles: PartyRole) -> list[PartyView]:
        return [p for p in self.case.parties if not roles or p.role in roles]

    def party_names(self, *roles: PartyRole) -> str:
        return "、".join(p.name for p in self.parties(*roles))


# --- shared pieces ---------------------------------------------------------------------------


def phones_of(p: PartyView) -> str:
    return "、".join(ph.number for ph in p.phones)


def party_text(p: PartyView) -> str:
    """The party's details as agreements and applications state them."""
    bits: list[str] = [p.name]
    if p.kind is PartyKind.PERSON:
        if p.gender:
            bits.append(p.gender.label)
        if p.ethnicity:
            bits.append(p.ethnicity)
        if p.birth_date:
            bits.append(f"{numeric_date(p.birth_date)}出生")
        if p.id_number:
            bits.append(f"{p.id_type.label}号码{p.id_number}")
        if p.occupation:
            bits.append(p.occupation)
        if p.address:
            bits.append(f"住{p.address}")
    else:
        if p.address:
            bits.append(f"住所地{p.address}")
        if p.credit_code:
            bits.append(f"统一社会信用代码{p.credit_code}")
    if p.phones:
        bits.append(f"联系电话{phones_of(p)}")
    return "，".join(bits) + "。"


def party_blocks(d: DocumentData, label: Callable[[PartyView], str]) -> list[Paragraph]:
    """Each party, with its representative and agents under it."""
    out: list[Paragraph] = []
    for p in d.case.parties:
        out.append(Paragraph(party_text(p), label=f"{label(p)}：", indent=False))
        if p.kind is PartyKind.ORGANISATION and p.representative:
            title = p.representative_title or "法定代表人"
            heading = title if title in ("法定代表人", "主要负责人", "负责人") else "法定代表人"
            text = p.representative + ("" if title == heading else f"，{title}")
            out.append(Paragraph(text + "。", label=f"{heading}：", indent=False))
        for a in p.agents:
            bits = [a.name]
            if a.relation:
                bits.append(a.relation)
            if a.id_number:
                bits.append(f"{a.id_type.label}号码{a.id_number}")
            if a.phone:
                bits.append(f"联系电话{a.phone}")
            scope = a.authority.label + (f"（{a.authority_note}）" if a.authority_note else "")
            bits.append(f"代理权限：{scope}")
            out.append(Paragraph("，".join(bits) + "。", label=f"{a.kind.label}：", indent=False))
    return out


def role_label(p: PartyView) -> str:
    return p.role.label


def party_signers(d: DocumentData, hint: str = "（签名、盖章或按指印）") -> list[Signature]:
    signers = []
    for p in d.case.parties:
        how = "（法定代表人签名并加盖公章）" if p.kind is PartyKind.ORGANISATION else hint
        signers.append(Signature(f"{p.role.label}：{p.name}", how))
    return signers


def kv_table(pairs: list[tuple[str, str, int]], widths: tuple[float, ...] = (0.22, 0.78)) -> Table:
    """Two-column form: label | value (``min_lines`` room per row)."""
    return Table(
        widths,
        tuple(Row((Cell(k, bold=True, align="center"), Cell(v)), min_lines=n) for k, v, n in pairs),
    )


# --- the case documents ----------------------------------------------------------------------


def build_application(d: DocumentData) -> Document:
    t = d.template("application")
    blocks: list[Block] = [*party_blocks(d, role_label)]
    blocks += [Heading(t.text("request_heading")), Paragraph(d.case.requests or "　")]
    blocks += [Heading(t.text("facts_heading")), Paragraph(d.case.facts or "　")]
    blocks += [Paragraph(t.text("closing")), Paragraph(t.text("addressee"))]
    blocks.append(Paragraph(d.committee, indent=False))
    signers = [
        Signature(f"申请人：{p.name}", "（签名或按指印）") for p in d.parties(PartyRole.APPLICANT)
    ]
    blocks.append(Signatures(tuple(signers), date=cn_date(d.case.received_at.date())))
    return Document(DocumentKind.APPLICATION, t.text("title"), tuple(blocks))


def build_registration(d: DocumentData) -> Document:
    t = d.template("registration")
    c = d.case
    rows: list[Row] = [
        Row((Cell("编号", bold=True, align="center"), Cell(c.number, span=3))),
        Row(
            (
                Cell("受理时间", bold=True, align="center"),
                Cell(c.received_at.strftime("%Y年%m月%d日 %H:%M")),
                Cell("纠纷类型", bold=True, align="center"),
                Cell(d.dispute),
            )
        ),
        Row(
            (
                Cell("案件来源", bold=True, align="center"),
                Cell(
                    c.source.label
                    + (
                        f"（{c.referring_body} {c.referral_letter_no}）".replace(" ）", "）")
                        if c.source.needs_referring_body
                        else ""
                    )
                ),
                Cell("承办调解员", bold=True, align="center"),
                Cell(c.mediator_name or "　"),
            )
        ),
    ]
    for p in c.parties:
        rows.append(
            Row((Cell(p.role.label, bold=True, align="center"), Cell(party_text(p), span=3)))
        )
        for a in p.agents:
            rows.append(
                Row(
                    (
                        Cell(a.kind.label, bold=True, align="center"),
                        Cell(f"{a.name}（{a.authority.label}）{a.phone}", span=3),
                    )
                )
            )
    rows += [
        Row((Cell("纠纷简要情况", bold=True, align="center"), Cell(c.facts, span=3)), 5),
        Row((Cell("当事人请求", bold=True, align="center"), Cell(c.requests, span=3)), 3),
        Row(
            (
                Cell("受理意见", bold=True, align="center"),
                Cell(
                    f"同意受理，由{c.unit_name}承办。\n\n登记人：　　　　　　{blank_date()}", span=3
                ),
            ),
            3,
        ),
    ]
    table = Table((0.17, 0.33, 0.17, 0.33), tuple(rows))
    return Document(DocumentKind.REGISTRATION, t.text("title"), (table,), above_title=d.committee)


def build_rights_notice(d: DocumentData) -> Document:
    t = d.template("rights_notice")
    blocks: list[Block] = [
        Paragraph(f"{d.party_names()}：", indent=False),
        Paragraph(t.text("intro")),
    ]
    blocks += [Heading(t.text("rights_heading"))]
    blocks += [Paragraph(x) for x in t.lines("rights")]
    blocks += [Heading(t.text("duties_heading"))]
    blocks += [Paragraph(x) for x in t.lines("duties")]
    blocks += [Paragraph(t.text("free"), indent=False), Paragraph(t.text("recusal"), indent=False)]
    blocks += [Spacer(0.5), Paragraph(t.text("acknowledgement"))]
    blocks.append(Signatures(tuple(party_signers(d, "（签名或按指印）")), seal=d.seal))
    return Document(
        DocumentKind.RIGHTS_NOTICE,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=d.case.number,
    )


def build_session_record(d: DocumentData) -> Document:
    t = d.template("session_record")
    c = d.case
    place = d.agreement.draft.place if d.agreement else d.settings.place
    recorder = d.agreement.draft.recorder_name if d.agreement else ""
    participants = "、".join(p.name for p in c.participants)
    table = kv_table(
        [
            ("时　　间", f"{blank_date()}　　时　　分至　　时　　分", 1),
            ("地　　点", place or "　", 1),
            ("调 解 员", c.mediator_name or "　", 1),
            ("记 录 人", recorder or "　", 1),
            ("当 事 人", "\n".join(party_text(p) for p in c.parties), 1),
            ("参 加 人", participants or "　", 1),
        ]
    )
    blocks: list[Block] = [table, Spacer(0.5), Paragraph(t.text("questions"), indent=False)]
    blocks += [Paragraph("当事人：", indent=False), Spacer(1)]
    blocks += [Heading(t.text("record_heading")), Spacer(8)]
    blocks += [Heading(t.text("outcome_heading")), Spacer(2), Paragraph(t.text("closing"))]
    signers = party_signers(d, "（签名或按指印）")
    signers += [Signature("调解员", "（签名）"), Signature("记录人", "（签名）")]
    blocks.append(Signatures(tuple(signers)))
    return Document(
        DocumentKind.SESSION_RECORD,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=c.number,
    )


def _others(d: DocumentData, p: PartyView) -> str:
    return "、".join(x.name for x in d.case.parties if x.id != p.id) or "对方当事人"


def build_termination(d: DocumentData, reason: str = "") -> Document:
    t = d.template("termination")
    blocks: list[Block] = []
    for i, p in enumerate(d.case.parties):
        if i:
            blocks.append(Spacer(0.5))
        blocks.append(Paragraph(f"{p.name}：", indent=False))
        blocks.append(
            Paragraph(
                t.text(
                    "body",
                    others=_others(d, p),
                    dispute=d.dispute,
                    accepted=numeric_date(d.case.received_at.date()),
                    reason=reason or t.text("reason_blank"),
                )
            )
        )
    blocks.append(Paragraph(t.text("routes")))
    blocks.append(Signatures((), seal=d.seal, date=cn_date(d.date)))
    return Document(
        DocumentKind.TERMINATION,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=d.case.number,
    )


def build_refusal(d: DocumentData) -> Document:
    t = d.template("refusal")
    c = d.case
    reasons = [r.label + "。" for r in c.refusal_reasons] or ["＿＿＿＿＿＿＿＿＿＿＿＿"]
    if c.refusal_note.strip():
        reasons.append(c.refusal_note.strip())
    blocks: list[Block] = []
    for p in d.parties(PartyRole.APPLICANT) or d.case.parties[:1]:
        blocks.append(Paragraph(f"{p.name}：", indent=False))
        blocks.append(
            Paragraph(
                t.text(
                    "body",
                    received=numeric_date(c.received_at.date()),
                    others=_others(d, p),
                    dispute=d.dispute,
                )
            )
        )
    blocks.append(Clauses(tuple(reasons)))
    blocks.append(Paragraph(t.text("routes")))
    blocks.append(Signatures((), seal=d.seal, date=cn_date(d.date)))
    return Document(
        DocumentKind.REFUSAL,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=c.number,
    )


def build_file_cover(d: DocumentData) -> Document:
    t = d.template("file_cover")
    c = d.case
    a = d.agreement
    outcome = c.status.label
    if a is not None and a.effective_on:
        outcome = f"调解成功（{a.draft.form.label}，{numeric_date(a.effective_on)}生效）"
    table = kv_table(
        [
            ("案　　号", c.number, 1),
            ("案　　由", d.dispute, 1),
            ("当 事 人", "\n".join(f"{p.role.label}：{p.name}" for p in c.parties), 1),
            ("调 解 员", c.mediator_name or "　", 1),
            ("受理日期", numeric_date(c.received_at.date()), 1),
            ("调解结果", outcome, 1),
            ("结案日期", numeric_date(a.effective_on) if a and a.effective_on else "　", 1),
            ("立卷人", "　", 1),
            ("保管期限", "　", 1),
        ],
        (0.25, 0.75),
    )
    blocks = (Spacer(2), Line(d.committee, size="large", bold=True), Spacer(2), table)
    return Document(DocumentKind.FILE_COVER, t.text("title"), blocks, page_numbers=False)


def build_file_contents(d: DocumentData) -> Document:
    t = d.template("file_contents")
    rows = [
        Row(
            tuple(
                Cell(h, bold=True, align="center") for h in ("序号", "文件材料名称", "页号", "备注")
            )
        )
    ]
    rows += [
        Row((Cell(str(i + 1), align="center"), Cell(x), Cell(""), Cell("")))
        for i, x in enumerate(t.lines("items"))
    ]
    return Document(
        DocumentKind.FILE_CONTENTS,
        t.text("title"),
        (Table((0.1, 0.6, 0.12, 0.18), tuple(rows)),),
        number_line=d.case.number,
    )
