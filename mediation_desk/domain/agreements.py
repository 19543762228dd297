"""The mediation agreement: its form, clauses and signatures, and the rules that make it
printable and effective.

An agreement is saved as a draft at any time; before it is printed every obligation must be
clear (obligor, amount or act, method or account, due date), because courts reject unclear
agreements (民诉解释 art. 358). A written agreement takes effect when every party, the mediator
and the committee seal are on it (人民调解法 art. 29): the last of these dates. An oral
agreement takes effect when reached (art. 30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .case_flow import CaseEvent, allowed
from .confirmation_rules import refused_matter_issues
from .dates import cn_number, numeric_date
from .enums import CaseStatus, LabelledEnum
from .issues import FieldIssue, Severity
from .money import amount_text


class AgreementForm(LabelledEnum):
    WRITTEN = "written", "书面调解协议"
    ORAL = "oral", "口头调解协议"


class ClauseKind(LabelledEnum):
    PAYMENT = "payment", "给付金钱"
    ACT = "act", "履行行为"
    TEXT = "text", "其他约定"


class SignerRole(LabelledEnum):
    PARTY = "party", "当事人签名（盖章、按指印）"
    MEDIATOR = "mediator", "人民调解员签名"
    RECORDER = "recorder", "记录人签名"
    SEAL = "seal", "人民调解委员会盖章"


ordinal = cn_number  # clause and instalment numbers: 一、二、…


def cn_count(n: int) -> str:
    """A count before a measure word, in Chinese: 一式三份, 分两期 (两, never 二, for 2)."""
    return "两" if n == 2 else cn_number(n)


@dataclass
class InstalmentDraft:
    due_date: dt.date | None = None
    amount_fen: int | None = None


@dataclass
class ClauseDraft:
    kind: ClauseKind = ClauseKind.PAYMENT
    payer_party_id: int | None = None
    payee_party_id: int | None = None
    amount_fen: int | None = None
    method: str = ""  # 现金 / 银行转账 / 微信转账 …
    account: str = ""  # the payee's account
    due_date: dt.date | None = None
    instalments: list[InstalmentDraft] = field(default_factory=list)
    obligor_party_id: int | None = None
    act: str = ""
    place: str = ""
    text: str = ""


@dataclass
class AgreementDraft:
    form: AgreementForm = AgreementForm.WRITTEN
    facts: str = ""
    disputes: str = ""
    responsibility: str = ""
    clauses: list[ClauseDraft] = field(default_factory=list)
    breach_clause: str = ""
    extra_copies: int = 0
    intends_confirmation: bool = False
    mediator_name: str = ""
    recorder_name: str = ""
    place: str = ""
    reached_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SignatureView:
    role: SignerRole
    party_id: int | None
    signer_name: str
    signed_on: dt.date


@dataclass(frozen=True, slots=True)
class AgreementView:
    id: int
    case_id: int
    draft: AgreementDraft  # a copy: the editor may change it and save it back
    clause_texts: tuple[str, ...]
    signatures: tuple[SignatureView, ...]
    missing_signers: tuple[str, ...]  # who still has to sign for it to take effect
    effective_on: dt.date | None
    copies: int
    updated_at: dt.datetime
    # Judicial confirmation of part of it (民诉解释 art. 355): clauses left out of the request
    # (positions in ``clause_texts``), or the mediator's reason to apply for them anyway.
    confirmation_excluded: tuple[int, ...] = ()
    confirmation_override: str = ""
    printed: str = ""  # the built agreement frozen when it took effect (JSON); '' if none


# --- pure rules ------------------------------------------------------------------------------


def clause_text(c: ClauseDraft, names: dict[int, str]) -> str:
    """The clause as the agreement states it (without its number)."""

    def who(pid: int | None) -> str:
        return names.get(pid, "（未指定）") if pid is not None else "（未指定）"

    if c.kind is ClauseKind.PAYMENT:
        amount = amount_text(c.amount_fen) if c.amount_fen is not None else "（金额未填）"
        how = []
        if c.method.strip():
            how.append(f"支付方式：{c.method.strip()}")
        if c.account.strip():
            how.append(f"收款账户：{c.account.strip()}")
        tail = "；".join(how)
        if c.instalments:
            parts = [
                f"第{ordinal(i + 1)}期于{_day(p.due_date)}前支付"
                f"{amount_text(p.amount_fen) if p.amount_fen is not None else '（金额未填）'}"
                for i, p in enumerate(c.instalments)
            ]
            text = (
                f"{who(c.payer_party_id)}向{who(c.payee_party_id)}支付{amount}，"
                f"分{cn_count(len(c.instalments))}期支付：" + "；".join(parts)
            )
        else:
            text = (
                f"{who(c.payer_party_id)}于{_day(c.due_date)}前向{who(c.payee_party_id)}"
                f"一次性支付{amount}"
            )
        return text + (f"。{tail}。" if tail else "。")
    if c.kind is ClauseKind.ACT:
        where = f"在{c.place.strip()}" if c.place.strip() else ""
        act = c.act.strip().rstrip("。；;") or "（履行事项未填）"
        return f"{who(c.obligor_party_id)}于{_day(c.due_date)}前{where}{act}。"
    text = c.text.strip()
    return text if text.endswith(("。", "！", "；")) else text + "。"


def performance_text(n: int, c: ClauseDraft) -> str:
    """How, where and by when clause ``n`` (1-based) is performed, as the agreement's
    "履行方式、地点、期限" section states it; '' for a clause that is no obligation (free text).

    ``第一条：银行转账，付至该条所列收款账户，分两期，分别于2024年9月30日前、2024年12月31日前
    付清。`` A payment's place is the payee's account (written out in the clause itself); an
    act's method is the act, stated in the clause.
    """
    if c.kind is ClauseKind.PAYMENT:
        parts = [c.method.strip() or "按该条约定的方式支付"]
        if c.account.strip():
            parts.append("付至该条所列收款账户")
        if c.instalments:
            days = "、".join(f"{_day(p.due_date)}前" for p in c.instalments)
            parts.append(f"分{cn_count(len(c.instalments))}期，分别于{days}付清")
        else:
            parts.append(f"于{_day(c.due_date)}前付清")
    elif c.kind is ClauseKind.ACT:
        parts = [f"在{c.place.strip()}履行"] if c.place.strip() else []
        parts.append(f"于{_day(c.due_date)}前完成")
    else:
        return ""
    return f"第{ordinal(n)}条：" + "，".join(parts) + "。"


def _day(d: dt.date | None) -> str:
    return numeric_date(d) if d else "（日期未填）"


def validate_agreement(
    draft: AgreementDraft, *, party_ids: set[int], dispute_type_code: str
) -> list[FieldIssue]:
    """Errors make the agreement unclear (not printable); warnings are for the mediator."""
    issues: list[FieldIssue] = []
    err = Severity.ERROR

    def add(field_: str, code: str, message: str, severity: Severity = err) -> None:
        issues.append(FieldIssue(field_, code, message, severity))

    if not draft.facts.strip():
        add("facts", "facts_missing", "请填写纠纷的主要事实（人民调解法第二十九条）")
    if not draft.disputes.strip():
        add("disputes", "disputes_missing", "未填写争议事项", Severity.WARNING)
    if not draft.responsibility.strip():
        add("responsibility", "responsibility_missing", "未写明各方责任", Severity.WARNING)
    if not draft.clauses:
        add("clauses", "clauses_missing", "请至少填写一条协议内容")
    if draft.extra_copies < 0:
        add("extra_copies", "copies_negative", "份数不能为负数")
    if draft.form is AgreementForm.ORAL and draft.reached_on is None:
        add("reached_on", "reached_on_missing", "口头协议须填写达成协议的日期")
    for i, c in enumerate(draft.clauses):
        issues += _clause_issues(c, f"clauses[{i}]", i + 1, party_ids)
    if draft.intends_confirmation:
        issues += refused_matter_issues(
            dispute_type_code=dispute_type_code,
            clause_texts=[_plain(c) for c in draft.clauses],
        )
    return issues


def _plain(c: ClauseDraft) -> str:
    return " ".join(x for x in (c.act, c.text, c.method) if x)


def _clause_issues(c: ClauseDraft, f: str, n: int, party_ids: set[int]) -> list[FieldIssue]:
    out: list[FieldIssue] = []

    def need(ok: bool, sub: str, code: str, what: str) -> None:
        if not ok:
            out.append(FieldIssue(f"{f}.{sub}", code, f"第{ordinal(n)}条：{what}"))

    if c.kind is ClauseKind.PAYMENT:
        need(c.payer_party_id in party_ids, "payer", "payer_missing", "请指定付款人（义务人）")
        need(c.payee_party_id in party_ids, "payee", "payee_missing", "请指定收款人")
        need(
            c.payer_party_id is None or c.payer_party_id != c.payee_party_id,
            "payee",
            "payer_is_payee",
            "付款人与收款人不能是同一人",
        )
        need(bool(c.amount_fen), "amount", "amount_missing", "请填写金额")
        need(
            bool(c.method.strip() or c.account.strip()),
            "method",
            "method_missing",
            "请写明支付方式或收款账户",
        )
        if c.instalments:
            for k, p in enumerate(c.instalments):
                need(
                    p.due_date is not None,
                    f"instalments[{k}]",
                    "instalment_date_missing",
                    f"第{ordinal(k + 1)}期请填写支付期限",
                )
                need(
                    bool(p.amount_fen),
                    f"instalments[{k}]",
                    "instalment_amount_missing",
                    f"第{ordinal(k + 1)}期请填写金额",
                )
            total = sum(p.amount_fen or 0 for p in c.instalments)
            need(
                not c.amount_fen or total == c.amount_fen,
                "instalments",
                "instalments_sum",
                f"各期金额合计{amount_text(total)}与总额不一致",
            )
        else:
            need(c.due_date is not None, "due_date", "due_date_missing", "请填写履行期限")
    elif c.kind is ClauseKind.ACT:
        need(c.obligor_party_id in party_ids, "obligor", "obligor_missing", "请指定履行义务人")
        need(bool(c.act.strip()), "act", "act_missing", "请写明履行的具体事项")
        need(c.due_date is not None, "due_date", "due_date_missing", "请填写履行期限")
    else:
        need(bool(c.text.strip()), "text", "text_missing", "请填写约定内容")
    return out


def required_signers(parties: list[tuple[int, str]]) -> list[tuple[SignerRole, int | None, str]]:
    """Who must sign or seal for a written agreement to take effect (art. 29)."""
    needed: list[tuple[SignerRole, int | None, str]] = [
        (SignerRole.PARTY, pid, name) for pid, name in parties
    ]
    needed += [(SignerRole.MEDIATOR, None, "人民调解员"), (SignerRole.SEAL, None, "调解委员会印章")]
    return needed


def effect(
    form: AgreementForm,
    *,
    reached_on: dt.date | None,
    signatures: Iterable[SignatureView],
    parties: list[tuple[int, str]],
) -> tuple[tuple[str, ...], dt.date | None]:
    """Who still has to sign or seal, and the day the agreement took effect (None: not yet)."""
    if form is AgreementForm.ORAL:
        return (() if reached_on else ("达成日期",)), reached_on
    sigs = list(signatures)
    have = {(g.role, g.party_id) for g in sigs}
    missing = tuple(
        name for role, pid, name in required_signers(parties) if (role, pid) not in have
    )
    effective = max((g.signed_on for g in sigs), default=None) if not missing else None
    return missing, effective


def copies(parties: int, extra_copies: int) -> int:
    """One copy per party, one for the committee, plus any extra."""
    return parties + 1 + max(extra_copies, 0)


def case_status_on_session_start(status: CaseStatus) -> tuple[CaseEvent, str] | None:
    """The first session started: an accepted case is now being mediated (调解中)."""
    if allowed(status, CaseEvent.START):
        return CaseEvent.START, "开始调解，案件转为调解中"
    return None


def case_status_following(
    status: CaseStatus, effective_on: dt.date | None
) -> tuple[CaseEvent, str] | None:
    """The case follows its agreement: effective → 调解成功 (ended the day it took effect);
    a signature undone → 调解中.

    Returns the move and the history summary, or None when the status stays.
    """
    if effective_on is not None and allowed(status, CaseEvent.AGREEMENT_EFFECTIVE):
        return (
            CaseEvent.AGREEMENT_EFFECTIVE,
            f"调解成功：调解协议于{numeric_date(effective_on)}生效",
        )
    if effective_on is None and allowed(status, CaseEvent.AGREEMENT_LAPSED):
        return CaseEvent.AGREEMENT_LAPSED, "调解协议尚未生效，案件恢复为调解中"
    return None
