"""Building the case documents from the case data (the agreement family is in ``agreement_docs``).

Builders are pure: case data and wording templates in, a ``Document`` out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.agreements import AgreementView
from ..domain.case_file import ArchiveView, NumberedEntry
from ..domain.case_flow import CaseEvent
from ..domain.case_views import AgentView, CaseDetail, PartyView
from ..domain.confirmation_pack import ConfirmationPackView
from ..domain.dates import blank_date, cn_date, numeric_date
from ..domain.dispute_types import report_name
from ..domain.document_kinds import DocumentKind
from ..domain.document_settings import DocumentSettingsView
from ..domain.enums import AgentAuthority, AgentKind, CaseStatus, PartyKind, PartyRole
from ..domain.follow_ups import FollowUpTaskView
from ..domain.minutes import InvestigationView, MinutesView
from ..domain.outcomes import Outcome
from ..domain.performance_marks import ReceiptView
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
    minutes: MinutesView | None = None  # the session's minutes a 调解记录 prints
    investigation: InvestigationView | None = None  # the record a 调查记录 prints
    # The case file (services/case_file.py): what the 卷内目录 lists, the archive record.
    file_entries: tuple[NumberedEntry, ...] | None = None
    archive: ArchiveView | None = None
    follow_up: FollowUpTaskView | None = None  # the visit a 回访记录 prints
    receipt: ReceiptView | None = None  # the payment a 收条 prints

    def template(self, name: str) -> Template:
        return load_template(name, override_dir=self.templates_dir)

    @property
    def date(self) -> dt.date:
        return self.today

    @property
    def committee(self) -> str:
        """The committee the document speaks for.

        A centre hosts several committees (street, village, traffic, medical…), each with its own
        name and seal: a case handled by one of them prints that committee. A case handled by a
        unit that is not a committee (the intake window, a court desk) prints the committee set
        in the document settings; without one, the unit's own name.
        """
        unit = self.case.unit_name.strip()
        if self.case.handled_by_committee:
            return unit
        return self.settings.committee_name.strip() or unit

    @property
    def seal(self) -> str:
        """The seal under the document: the settings' seal text when it is the seal of the
        committee printed (never another committee's seal), else ``（委员会名称印）``."""
        text = self.settings.seal_text.strip()
        configured = self.settings.committee_name.strip()
        if text and (
            not self.case.handled_by_committee
            or configured == self.committee
            or self.committee in text
        ):
            return text
        return f"（{self.committee}印）"

    @property
    def dispute(self) -> str:
        return report_name(self.case.dispute_type)

    def parties(self, *roles: PartyRole) -> list[PartyView]:
        return [p for p in self.case.parties if not roles or p.role in roles]

    def party_names(self, *roles: PartyRole) -> str:
        return "、".join(p.name for p in self.parties(*roles))


# --- shared pieces ---------------------------------------------------------------------------

#: What a representative may be typed as in the 职务 field when no post is given: the role itself.
REPRESENTATIVE_ROLES = ("法定代表人", "主要负责人", "负责人", "经营者")
#: Names of organisations that are not legal persons (branches, project departments): their
#: representative is a 主要负责人, not a 法定代表人.
_UNINCORPORATED = re.compile(r"(分公司|分厂|分店|分行|支行|分理处|营业部|办事处|项目部|分部)$")
#: Agents who may sign for their principal: specially authorised and statutory agents.
_SIGNING_AUTHORITY = (AgentAuthority.SPECIAL, AgentAuthority.STATUTORY)


def phones_of(p: PartyView) -> str:
    return "、".join(ph.number for ph in p.phones)


def paragraphs(text: str) -> list[Paragraph]:
    """Free text typed with line breaks, one paragraph per line (a blank one when empty)."""
    return [Paragraph(x.strip()) for x in text.splitlines() if x.strip()] or [Paragraph("　")]


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


def representative_of(p: PartyView) -> tuple[str, str]:
    """(heading, 职务) of an organisation's representative.

    There is one field for the post (``representative_title``, labelled 职务), and clerks type
    either the post (总经理) or the role itself (法定代表人). The heading is the role the law
    names: 法定代表人 for a legal person, 主要负责人 for an organisation that is not one (a
    branch, a project department), 经营者 for an individual business (credit code 92…). A role
    typed as the post is the heading and no post is printed (never "法定代表人：陈立，法定代表人").
    """
    title = p.representative_title.strip()
    for role in REPRESENTATIVE_ROLES:
        if title.startswith(role):
            return role, title[len(role) :].lstrip("、，,；;/ 　兼")
    if p.credit_code.strip().upper().startswith("92"):
        return "经营者", title
    if _UNINCORPORATED.search(p.name.strip()):
        return "主要负责人", title
    return "法定代表人", title


def representative_text(p: PartyView) -> tuple[str, str]:
    """(``法定代表人：``, ``陈立，总经理。``) for an organisation with a representative."""
    heading, post = representative_of(p)
    return f"{heading}：", p.representative + (f"，{post}" if post else "") + "。"


def agent_text(a: AgentView) -> str:
    """An agent's details, with the scope of the authority."""
    bits = [a.name]
    if a.relation:
        bits.append(a.relation)
    if a.id_number:
        bits.append(f"{a.id_type.label}号码{a.id_number}")
    if a.phone:
        bits.append(f"联系电话{a.phone}")
    scope = a.authority.label + (f"（{a.authority_note}）" if a.authority_note else "")
    bits.append(f"代理权限：{scope}")
    return "，".join(bits) + "。"


def party_blocks(d: DocumentData, label: Callable[[PartyView], str]) -> list[Paragraph]:
    """Each party, with its representative and agents under it."""
    out: list[Paragraph] = []
    for p in d.case.parties:
        out.append(Paragraph(party_text(p), label=f"{label(p)}：", indent=False))
        if p.kind is PartyKind.ORGANISATION and p.representative.strip():
            heading, text = representative_text(p)
            out.append(Paragraph(text, label=heading, indent=False))
        for a in p.agents:
            out.append(Paragraph(agent_text(a), label=f"{a.kind.label}：", indent=False))
    return out


def role_label(p: PartyView) -> str:
    return p.role.label


def signing_agents(p: PartyView) -> list[AgentView]:
    """The agents who may sign for the party: specially authorised or statutory ones (a
    generally authorised agent may not agree to a settlement)."""
    return [a for a in p.agents if a.authority in _SIGNING_AUTHORITY or a.kind is AgentKind.LEGAL]


def agent_signer_label(a: AgentView) -> str:
    if a.kind is AgentKind.LEGAL:
        return f"法定代理人：{a.name}"
    if a.authority is AgentAuthority.SPECIAL:
        return f"特别授权代理人：{a.name}"
    return f"{a.kind.label}：{a.name}"


def party_signers(
    d: DocumentData,
    hint: str = "（签名、盖章或按指印）",
    *,
    label: Callable[[PartyView], str] = role_label,
    parties: Sequence[PartyView] | None = None,
    agents: bool = True,
    date_line: bool = True,
) -> list[Signature]:
    """A signature line per party (``label``: 申请人 / 被申请人…), each followed by a line for
    each agent who may sign for it (特别授权代理人, 法定代理人)."""
    signers = []
    for p in d.case.parties if parties is None else parties:
        how = hint
        if p.kind is PartyKind.ORGANISATION:
            how = f"（{representative_of(p)[0]}签名并加盖公章）"
        signers.append(Signature(f"{label(p)}：{p.name}", how, date_line=date_line))
        if agents:
            signers += [
                Signature(agent_signer_label(a), "（签名或按指印）", date_line=date_line)
                for a in signing_agents(p)
            ]
    return signers


def label_cell(text: str) -> Cell:
    return Cell(text, bold=True, align="center")


def kv_table(pairs: list[tuple[str, str, int]], widths: tuple[float, ...] = (0.22, 0.78)) -> Table:
    """Two-column form: label | value (``min_lines`` room per row)."""
    return Table(
        widths,
        tuple(Row((label_cell(k), Cell(v or "　")), min_lines=n) for k, v, n in pairs),
    )


def wide_row(label: str, value: str, lines: int = 1) -> Row:
    """A row of a four-column form: label | value over the other three columns."""
    return Row((label_cell(label), Cell(value or "　", span=3)), lines)


def source_text(c: CaseDetail) -> str:
    """The case source, with the referring body and its letter number when referred."""
    if not c.source.needs_referring_body:
        return c.source.label
    by = "　".join(x for x in (c.referring_body.strip(), c.referral_letter_no.strip()) if x)
    return c.source.label + (f"\n{by}" if by else "")


def participants_text(c: CaseDetail) -> str:
    """Invited participants with their relation: 钱大伯（村民代表）、孙晓燕（社区网格员）."""
    return "、".join(p.name + (f"（{p.relation}）" if p.relation else "") for p in c.participants)


def party_details(p: PartyView) -> str:
    """The party for a form: details, then the representative on a line of its own."""
    text = party_text(p)
    if p.kind is PartyKind.ORGANISATION and p.representative.strip():
        text += "\n" + "".join(representative_text(p))
    return text


def agent_line(a: AgentView) -> str:
    """An agent for a form: 王律师（律师，特别授权），13555556666."""
    how = "，".join(x for x in (a.relation, a.authority.label) if x)
    return f"{a.name}（{how}）" + (f"，{a.phone}" if a.phone else "")


def blank_line(chars: int = 24) -> str:
    """A line to write on by hand (24 characters fit a line of the body even set in 3 号)."""
    return "＿" * chars


# --- the case documents ----------------------------------------------------------------------


def build_application(d: DocumentData) -> Document:
    t = d.template("application")
    blocks: list[Block] = [*party_blocks(d, role_label)]
    blocks += [Heading(t.text("request_heading")), *paragraphs(d.case.requests)]
    blocks += [Heading(t.text("facts_heading")), *paragraphs(d.case.facts)]
    blocks.append(Paragraph(t.text("closing")))
    # 此致, its addressee and the signatures are one unit: never split by a page break.
    blocks.append(Paragraph(t.text("addressee"), keep_with_next=True))
    blocks.append(Paragraph(d.committee, indent=False, keep_with_next=True))
    # The application is dated once, the day it was received: no date beside each signer.
    signers = party_signers(
        d, "（签名或按指印）", parties=d.parties(PartyRole.APPLICANT), date_line=False
    )
    blocks.append(Signatures(tuple(signers), date=cn_date(d.case.received_at.date())))
    return Document(DocumentKind.APPLICATION, t.text("title"), tuple(blocks))


def _decision(d: DocumentData) -> str:
    """受理意见: accepted (and by whom), refused (reasons and note) or referred out."""
    c = d.case
    if c.status is CaseStatus.REFUSED:
        reasons = "；".join(r.label for r in c.refusal_reasons) or "　"
        text = f"不予受理。\n理由：{reasons}。"
        if c.refusal_note.strip():
            text += f"\n说明：{c.refusal_note.strip()}"
        return text
    if c.status is CaseStatus.REFERRED_OUT:
        to = c.refer_body.strip() or (c.refer_to.label if c.refer_to else "有关部门")
        return f"移送{to}处理。" + (
            f"\n说明：{c.refer_note.strip()}" if c.refer_note.strip() else ""
        )
    return f"同意受理，由{c.unit_name}承办。"


def build_registration(d: DocumentData) -> Document:
    t = d.template("registration")
    c = d.case
    received = c.received_at
    risk = c.risk_level.label + (f"：{c.risk_note.strip()}" if c.risk_note.strip() else "")
    rows: list[Row] = [
        Row(
            (
                label_cell("编号"),
                Cell(c.number),
                label_cell("受理时间"),
                Cell(f"{numeric_date(received.date())} {received:%H:%M}"),
            )
        ),
        Row(
            (label_cell("案件来源"), Cell(source_text(c)), label_cell("纠纷类型"), Cell(d.dispute))
        ),
    ]
    if c.status not in (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT):
        rows.append(
            Row(
                (
                    label_cell("承办单位"),
                    Cell(c.unit_name),
                    label_cell("承办调解员"),
                    Cell(c.mediator_name or "　"),
                )
            )
        )
    for p in c.parties:
        rows.append(wide_row(p.role.label, f"{party_details(p)}\n调解意愿：{p.consent.label}"))
        rows += [wide_row(a.kind.label, agent_line(a)) for a in p.agents]
    rows += [
        wide_row("参加人", participants_text(c) or "无"),
        wide_row("风险等级", risk),
        wide_row("纠纷简要情况", c.facts, 3),
        wide_row("当事人请求", c.requests, 2),
        wide_row("受理意见", f"{_decision(d)}\n登记人：　　　　　　　　{blank_date()}", 2),
    ]
    table = Table((0.17, 0.33, 0.17, 0.33), tuple(rows))
    return Document(
        DocumentKind.REGISTRATION,
        t.text("title"),
        (table,),
        above_title=d.committee,
        one_page=True,
    )


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
    blocks.append(Paragraph(t.text("acknowledgement"), keep_with_next=True))
    signers = party_signers(d, "（签名或按指印）")
    blocks.append(Signatures(tuple(signers), seal=d.seal, date=blank_date()))
    return Document(
        DocumentKind.RIGHTS_NOTICE,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=d.case.number,
        one_page=True,
    )


#: The session's time, to fill by hand; full-width spaces keep the room for the figures.
SESSION_TIME = f"{blank_date()}　　时　　分至　　时　　分"


def build_session_record(d: DocumentData) -> Document:
    t = d.template("session_record")
    c = d.case
    place = d.agreement.draft.place if d.agreement else d.settings.place
    recorder = d.agreement.draft.recorder_name if d.agreement else ""
    agents = "\n".join(
        f"{p.role.label}{p.name}的{a.kind.label}：{agent_line(a)}"
        for p in c.parties
        for a in p.agents
    )
    rows = [
        ("时　　间", SESSION_TIME, 1),
        ("地　　点", place, 1),
        ("调 解 员", c.mediator_name, 1),
        ("记 录 人", recorder, 1),
        ("当 事 人", "\n".join(f"{p.role.label}：{party_details(p)}" for p in c.parties), 1),
    ]
    if agents:
        rows.append(("代 理 人", agents, 1))
    rows.append(("参 加 人", participants_text(c) or "无", 1))
    blocks: list[Block] = [
        kv_table(rows),
        Spacer(0.5),
        Paragraph(t.text("questions"), indent=False),
    ]
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
    """The notice to all parties, with the ground recorded when mediation was terminated
    (``reason`` overrides it); without one, two lines to write it by hand."""
    t = d.template("termination")
    c = d.case
    if not reason and (c.outcome_reason or c.outcome_note):
        reason = Outcome(CaseEvent.TERMINATE, c.outcome_reason, c.outcome_note).reason_text
        reason += "" if reason.endswith(("。", "！", "？")) else "。"
    blocks: list[Block] = [
        Paragraph(f"{d.party_names()}：", indent=False),
        Paragraph(
            t.text(
                "body",
                parties=d.party_names(),
                dispute=d.dispute,
                accepted=numeric_date(d.case.received_at.date()),
            ),
            keep_with_next=True,
        ),
    ]
    if reason.strip():
        blocks += paragraphs(reason)
    else:
        blocks += [Paragraph(blank_line(), indent=False) for _ in range(2)]
    blocks.append(Paragraph(t.text("routes")))
    blocks.append(Signatures((), seal=d.seal, date=cn_date(c.ended_on or d.date)))
    return Document(
        DocumentKind.TERMINATION,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=d.case.number,
        one_page=True,
    )


def build_refusal(d: DocumentData) -> Document:
    t = d.template("refusal")
    c = d.case
    reasons = [r.label + "。" for r in c.refusal_reasons] or [blank_line(20)]
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
                ),
                keep_with_next=True,
            )
        )
    blocks.append(Clauses(tuple(reasons)))
    if c.refusal_note.strip():  # the clerk's own words: a note, not one more numbered reason
        blocks.append(Paragraph(c.refusal_note.strip(), label=t.text("note_label")))
    blocks.append(Paragraph(t.text("routes")))
    blocks.append(Signatures((), seal=d.seal, date=cn_date(c.ended_on or d.date)))
    return Document(
        DocumentKind.REFUSAL,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=c.number,
        one_page=True,
    )


def _outcome(d: DocumentData) -> tuple[str, str]:
    """(调解结果, 结案日期) for the cover; the date blank when not known."""
    a = d.agreement
    if a is not None and a.effective_on:
        form = a.draft.form.label
        return f"调解成功（{form}，{numeric_date(a.effective_on)}生效）", numeric_date(
            a.effective_on
        )
    return d.case.status.label, blank_date()


def build_file_cover(d: DocumentData) -> Document:
    t = d.template("file_cover")
    c, a = d.case, d.archive
    outcome, closed = _outcome(d)
    if c.closed_on and closed == blank_date():
        closed = numeric_date(c.closed_on)
    count = a.page_count if a else c.page_count
    pages = f"本卷共{count}页" if count else "本卷共　　　页"
    archived_on = a.archived_on if a else c.archived_on
    retention = t.text("retention")
    if a is not None:  # the chosen period marked: □永久 → ■永久
        retention = retention.replace(f"□{a.retention.label}", f"■{a.retention.label}")
    table = kv_table(
        [
            ("卷 宗 号", (a.file_number if a else c.file_number) or blank_line(14), 1),
            ("案　　号", c.number, 1),
            ("案　　由", d.dispute, 1),
            ("当 事 人", "\n".join(f"{p.role.label}：{p.name}" for p in c.parties), 1),
            ("调 解 员", c.mediator_name, 1),
            ("受理日期", numeric_date(c.received_at.date()), 1),
            ("调解结果", outcome, 1),
            ("结案日期", closed, 1),
            ("归档日期", numeric_date(archived_on) if archived_on else blank_date(), 1),
            ("页　　数", pages, 1),
            ("立 卷 人", a.filer if a else blank_line(8), 1),
            ("保管期限", retention, 1),
        ],
        (0.25, 0.75),
    )
    blocks = (Spacer(2), Line(d.committee, size="large", bold=True), Spacer(2), table)
    return Document(
        DocumentKind.FILE_COVER, t.text("title"), blocks, page_numbers=False, one_page=True
    )


def build_file_contents(d: DocumentData) -> Document:
    t = d.template("file_contents")
    header = Row(tuple(label_cell(h) for h in ("序号", "文件材料名称", "页号", "备注")))
    rows = [header]
    if d.file_entries is None:  # a blank list to fill in by hand
        rows += [
            Row((Cell(str(i + 1), align="center"), Cell(x), Cell(""), Cell("")))
            for i, x in enumerate(t.lines("items"))
        ]
    else:  # what the file actually holds, with its pages
        rows += [
            Row(
                (
                    Cell(str(n.number), align="center"),
                    Cell(n.entry.title),
                    Cell(n.page_range, align="center"),
                    Cell(n.entry.note),
                )
            )
            for n in d.file_entries
        ]
    file_number = d.archive.file_number if d.archive else d.case.file_number
    number = d.case.number + (f"　卷宗号：{file_number}" if file_number else "")
    return Document(
        DocumentKind.FILE_CONTENTS,
        t.text("title"),
        (Table((0.1, 0.6, 0.12, 0.18), tuple(rows), header_rows=1),),
        number_line=number,
    )
