"""The records of the mediation: 调解记录 (one per session, from its minutes) and 调查记录.

Both read the way a written 笔录 reads: a header of when, where and who, then the questions
and answers, each side's account, what was done and found, and a signature line for everyone
present — parties, agents and participants, then the mediators and the note-taker.
"""

from __future__ import annotations

from ..domain.dates import cn_number
from ..domain.document_kinds import DocumentKind
from ..domain.minutes import MinutesView, PresentPerson
from ..errors import DeskError
from .builders import DocumentData, kv_table
from .model import Block, Document, Line, Paragraph, Signature, Signatures, Spacer

SIGN = "（签名或按指印）"


def _dispute(d: DocumentData) -> str:
    return d.dispute if d.dispute.endswith("纠纷") else d.dispute + "纠纷"


def _speaker(p: PresentPerson) -> str:
    """How a speaker is named in the record: ``申请人张三``, ``被申请人李四的委托代理人王律师``."""
    return f"{p.role}{p.name}" if p.party_id is not None or p.agent_of is not None else p.name


def _present_text(m: MinutesView, absent: str) -> str:
    """The present people with their roles, one per line; the absent parties after them."""
    lines = [f"{p.role}：{p.name}" for p in m.draft.present]
    here = {p.party_id for p in m.draft.present} | {p.agent_of for p in m.draft.present}
    lines += [f"{x.role}：{x.name}（{absent}）" for x in m.parties if x.id not in here]
    return "\n".join(lines)


def labelled(label: str, text: str) -> list[Paragraph]:
    """``label`` bold before the first line of ``text`` (the way a 笔录 names who speaks),
    each further line a paragraph of its own. Never a heading alone at a page's foot."""
    lines = [x.strip() for x in text.splitlines() if x.strip()] or ["　"]
    return [Paragraph(lines[0], label=label, indent=False), *(Paragraph(x) for x in lines[1:])]


def _accounts(m: MinutesView, d: DocumentData) -> list[Block]:
    """Each side's account, asked for by the mediator and answered by the party — or by its
    agent when the party did not come."""
    t = d.template("session_minutes")
    out: list[Block] = []
    for party in m.parties:
        text = m.account(party.id).strip()
        if not text:
            continue
        agents = [p.name for p in m.draft.present if p.agent_of == party.id]
        came = any(p.party_id == party.id for p in m.draft.present)
        who = f"{party.role}{party.name}"
        out.append(
            Paragraph(
                t.text("account_question", who=who),
                label="调解员：",
                indent=False,
                keep_with_next=True,
            )
        )
        label = f"{who}："
        if not came and agents:
            label = f"{who}{t.text('by_agent', agents='、'.join(agents))}："
        out += labelled(label, text)
    return out


def _signers(m: MinutesView) -> list[Signature]:
    out = [Signature(f"{p.role}：{p.name}", SIGN, date_line=False) for p in m.draft.present]
    out += [Signature(f"调解员：{m.lead}", "（签名）", date_line=False)] if m.lead else []
    out += [Signature(f"调解员：{x}", "（签名）", date_line=False) for x in m.co_mediators]
    out.append(Signature(f"记录人：{m.draft.note_taker}", "（签名）", date_line=False))
    return out


def build_session_minutes(d: DocumentData) -> Document:
    """The 调解记录 of the session in ``d.minutes``."""
    m = d.minutes
    if m is None or not m.saved:
        raise DeskError("该场次尚未保存调解记录，请先在调解场次中填写调解记录")
    t = d.template("session_minutes")
    draft = m.draft
    header = kv_table(
        [
            ("时　　间", m.time_text, 1),
            ("地　　点", draft.place, 1),
            ("调 解 员", m.mediators, 1),
            ("记 录 人", draft.note_taker, 1),
            ("到场人员", _present_text(m, t.text("absent")), 1),
        ]
    )
    speakers = [p for p in draft.present if p.party_id is not None or p.agent_of is not None]
    blocks: list[Block] = [
        Line(t.text("session", ordinal=cn_number(m.ordinal))),
        header,
        Spacer(0.5),
        Paragraph(
            t.text(
                "opening",
                mediators=m.mediators,
                parties="与".join(x.name for x in m.parties),
                dispute=_dispute(d),
                note_taker=draft.note_taker,
            ),
            label="调解员：",
            indent=False,
        ),
        Paragraph(t.text("rights_question"), label="调解员：", indent=False, keep_with_next=True),
    ]
    answer = t.text("rights_answer") if draft.rights_read else "　"
    blocks += [Paragraph(answer, label=f"{_speaker(p)}：", indent=False) for p in speakers]
    blocks.append(
        Paragraph(t.text("recusal_question"), label="调解员：", indent=False, keep_with_next=True)
    )
    if draft.recusal_note.strip():
        blocks += labelled(t.text("recusal_note_label"), draft.recusal_note)
    else:
        blocks += [
            Paragraph(t.text("recusal_answer"), label=f"{_speaker(p)}：", indent=False)
            for p in speakers
        ]
    blocks += _accounts(m, d)
    for heading, text in (
        ("work_heading", draft.mediator_work),
        ("outcome_heading", draft.outcome),
        ("next_heading", draft.next_step),
    ):
        if text.strip():
            blocks += labelled(t.text(heading), text)
    blocks.append(Paragraph(t.text("closing"), keep_with_next=True))
    blocks.append(Signatures(tuple(_signers(m))))
    return Document(
        DocumentKind.SESSION_MINUTES,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=m.case_number,
    )


def build_investigation_record(d: DocumentData) -> Document:
    """The 调查记录 in ``d.investigation``."""
    v = d.investigation
    if v is None:
        raise DeskError("本案尚无调查记录，请先在“调查记录”页填写")
    t = d.template("investigation_record")
    r = v.draft
    when = r.starts
    time_text = f"{when.year}年{when.month}月{when.day}日{when:%H时%M分}" if when else "　"
    rows = [
        ("案　　由", "与".join(p.name for p in d.case.parties) + _dispute(d), 1),
        ("调查时间", time_text, 1),
        ("调查地点", r.place, 1),
        ("调 查 人", r.investigators, 1),
        ("记 录 人", r.note_taker, 1),
    ]
    if v.subject_names:
        rows.append(("被调查人", "\n".join(v.subject_names), 1))
    if r.examined.strip():
        rows.append(("调查事项", r.examined.strip(), 1))
    blocks: list[Block] = [
        kv_table(rows),
        Spacer(0.5),
        *labelled(t.text("findings_heading"), r.findings),
    ]
    signers = [Signature(f"被调查人：{x}", SIGN, date_line=False) for x in v.subject_names]
    investigators = [x.strip() for x in r.investigators.replace("，", "、").split("、")]
    signers += [Signature(f"调查人：{x}", "（签名）", date_line=False) for x in investigators if x]
    signers.append(Signature(f"记录人：{r.note_taker}", "（签名）", date_line=False))
    if v.subject_names:
        blocks.append(Paragraph(t.text("closing"), keep_with_next=True))
    blocks.append(Signatures(tuple(signers)))
    return Document(
        DocumentKind.INVESTIGATION_RECORD,
        t.text("title"),
        tuple(blocks),
        above_title=d.committee,
        number_line=v.case_number,
    )


BUILDERS = {
    DocumentKind.SESSION_MINUTES: build_session_minutes,
    DocumentKind.INVESTIGATION_RECORD: build_investigation_record,
}
