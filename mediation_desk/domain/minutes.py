"""The record of a mediation session (调解记录) and the investigation record (调查记录).

A session's minutes (人民调解法 art. 27: the mediator records how mediation went) say who was
there — taken from the counter's check-in, with anyone who came without checking in added —,
that the parties were told their rights and duties (arts. 23–24) and asked whether they want
a mediator recused, each side's account, the mediator's work (art. 22), the outcome and the
next step. The forms fill the drafts; ``services.minutes`` validates and saves them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .issues import FieldIssue

#: Role of a person present who is not a party, an agent or an invited participant.
OTHER_ROLE = "其他到场人员"


@dataclass(frozen=True, slots=True)
class PresentPerson:
    """Someone at the session: a party (``party_id``), an agent (``agent_of``: the party it
    speaks for), a participant or another person. ``checked_in``: came through the counter's
    check-in (else ticked or added in the minutes)."""

    name: str
    role: str  # 申请人 / 被申请人李四的委托代理人 / 参加人（村民代表）…
    party_id: int | None = None
    agent_of: int | None = None
    checked_in: bool = False


@dataclass
class MinutesDraft:
    """What the minutes editor sends: everything the clerk typed or ticked."""

    place: str = ""
    note_taker: str = ""
    present: list[PresentPerson] = field(default_factory=list)
    rights_read: bool = False
    recusal_asked: bool = False
    recusal_note: str = ""  # a party's recusal request and what was decided; '' when none
    accounts: dict[int, str] = field(default_factory=dict)  # party id → that side's account
    mediator_work: str = ""
    outcome: str = ""
    next_step: str = ""


@dataclass(frozen=True, slots=True)
class MinutesParty:
    """A party of the case, for the minutes: whose account is recorded."""

    id: int
    role: str
    name: str


@dataclass(frozen=True, slots=True)
class MinutesView:
    """A session's minutes: the saved ones, or a draft prefilled from the session."""

    session_id: int
    case_id: int
    case_number: str
    ordinal: int  # the case's 第几次 session (counting every session booked, by start)
    starts: dt.datetime
    ends: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    room_name: str
    lead: str
    co_mediators: tuple[str, ...]
    parties: tuple[MinutesParty, ...]
    #: Everyone who could be present (parties, agents, participants), ``checked_in`` from the
    #: counter; what the editor offers as tick boxes.
    candidates: tuple[PresentPerson, ...]
    draft: MinutesDraft
    saved: bool
    saved_at: dt.datetime | None = None
    saved_by: str = ""

    @property
    def mediators(self) -> str:
        """``周建国（主持）、王丽华``: the lead first."""
        lead = [f"{self.lead}（主持）"] if self.lead else []
        return "、".join(lead + list(self.co_mediators))

    @property
    def time_text(self) -> str:
        """When the session sat: the real start and end when known, else the booked ones."""
        a = self.started_at or self.starts
        b = self.finished_at or self.ends
        if b < a or b.date() != a.date():
            b = self.ends
        return f"{a.year}年{a.month}月{a.day}日{a:%H时%M分}至{b:%H时%M分}"

    def account(self, party_id: int) -> str:
        return self.draft.accounts.get(party_id, "")


def party_present(draft: MinutesDraft, party_id: int) -> bool:
    return any(p.party_id == party_id for p in draft.present)


def minutes_issues(draft: MinutesDraft, parties: tuple[MinutesParty, ...]) -> list[FieldIssue]:
    """What keeps the minutes from being saved, in the order of the form.

    Each party present — in person or through an agent present for it — must have its account
    recorded; a party absent needs none (its absence is the record).
    """
    out: list[FieldIssue] = []

    def need(f: str, code: str, message: str) -> None:
        out.append(FieldIssue(f, code, message))

    if not draft.place.strip():
        need("place", "place", "请填写调解地点")
    if not draft.note_taker.strip():
        need("note_taker", "note_taker", "请填写记录人")
    if not any(p.party_id is not None for p in draft.present):
        need("present", "no_party", "请勾选到场的当事人（至少一方当事人到场才能制作调解记录）")
    for i, p in enumerate(draft.present):
        if not p.name.strip():
            need(f"present[{i}].name", "present_name", "请填写到场人员的姓名")
        elif not p.role.strip():
            need(f"present[{i}].role", "present_role", f"请填写{p.name}的身份")
    if not draft.rights_read:
        need(
            "rights_read", "rights", "请确认已向当事人告知权利义务（人民调解法第二十三、二十四条）"
        )
    if not draft.recusal_asked:
        need("recusal_asked", "recusal", "请确认已询问当事人是否申请调解员回避")
    speaking = {p.party_id for p in draft.present if p.party_id is not None}
    speaking |= {p.agent_of for p in draft.present if p.agent_of is not None}
    for party in parties:
        if party.id in speaking and not draft.accounts.get(party.id, "").strip():
            need(
                f"accounts[{party.id}]",
                "account",
                f"请记录{party.role}{party.name}的陈述",
            )
    if not draft.mediator_work.strip():
        need("mediator_work", "work", "请填写调解员做的工作")
    if not draft.outcome.strip():
        need("outcome", "outcome", "请填写本次调解的结果")
    return out


def agent_role(party_role: str, party_name: str, agent_kind: str) -> str:
    """``被申请人李四的委托代理人``: an agent's role, naming whom it speaks for."""
    return f"{party_role}{party_name}的{agent_kind}"


# --- the investigation record ----------------------------------------------------------------


@dataclass
class InvestigationDraft:
    """An investigation (调查): who went where and when, whom they asked or what they
    examined, and what they found."""

    starts: dt.datetime | None = None
    place: str = ""
    investigators: str = ""  # 周建国、王丽华
    note_taker: str = ""
    subjects: str = ""  # who was asked, one per line: 赵大伯（邻居）
    examined: str = ""  # what was examined: the site, papers, photographs …
    findings: str = ""


@dataclass(frozen=True, slots=True)
class InvestigationView:
    id: int
    case_id: int
    case_number: str
    ordinal: int  # the case's 第几次 investigation
    draft: InvestigationDraft
    saved_at: dt.datetime
    saved_by: str

    @property
    def subject_names(self) -> list[str]:
        """The people asked, one per line of ``subjects`` (each signs the record)."""
        return [x.strip() for x in self.draft.subjects.splitlines() if x.strip()]


def investigation_issues(draft: InvestigationDraft, *, now: dt.datetime) -> list[FieldIssue]:
    out: list[FieldIssue] = []

    def need(f: str, code: str, message: str) -> None:
        out.append(FieldIssue(f, code, message))

    if draft.starts is None:
        need("starts", "starts", "请填写调查时间")
    elif draft.starts > now + dt.timedelta(minutes=5):
        need("starts", "future", "调查时间不能晚于现在")
    if not draft.place.strip():
        need("place", "place", "请填写调查地点")
    if not draft.investigators.strip():
        need("investigators", "investigators", "请填写调查人")
    if not draft.note_taker.strip():
        need("note_taker", "note_taker", "请填写记录人")
    if not draft.subjects.strip() and not draft.examined.strip():
        need("subjects", "subjects", "请填写被调查人或调查的对象（现场、物证、书证等）")
    if not draft.findings.strip():
        need("findings", "findings", "请填写调查情况")
    return out
