"""The mediation agreement of a case: drafting, checking, signing, taking effect.

An agreement is saved as a draft at any time; before it is printed every obligation must be
clear (obligor, amount or act, method or account, due date), because courts reject unclear
agreements (民诉解释 art. 358). It takes effect when every party, the mediator and the
committee seal are on it (人民调解法 art. 29): the last of these recorded dates. An oral
agreement takes effect when reached (art. 30).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db.agreement_models import Agreement, AgreementClause, AgreementSignature
from ..db.database import Database
from ..db.models import Case, Party
from ..domain.confirmation_rules import refused_matter_issues
from ..domain.dates import cn_number, numeric_date
from ..domain.enums import CaseStatus, LabelledEnum
from ..domain.issues import FieldIssue, Severity
from ..domain.money import amount_text
from ..errors import DeskError, NotFound
from . import history
from .actor import Actor


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
                f"分{ordinal(len(c.instalments))}期支付：" + "；".join(parts)
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


# --- storage ---------------------------------------------------------------------------------


def _party_names(s: Session, case_id: int) -> list[tuple[int, str]]:
    rows = s.execute(
        select(Party.id, Party.name).where(Party.case_id == case_id).order_by(Party.position)
    )
    return [(pid, name) for pid, name in rows]


def _load(s: Session, case_id: int) -> Agreement | None:
    return s.scalar(select(Agreement).where(Agreement.case_id == case_id))


def _view(s: Session, a: Agreement) -> AgreementView:
    clauses = [
        ClauseDraft(
            kind=ClauseKind(r.kind),
            payer_party_id=r.payer_party_id,
            payee_party_id=r.payee_party_id,
            amount_fen=r.amount_fen,
            method=r.method,
            account=r.account,
            due_date=r.due_date,
            instalments=[
                InstalmentDraft(dt.date.fromisoformat(d) if d else None, fen)
                for d, fen in json.loads(r.instalments or "[]")
            ],
            obligor_party_id=r.obligor_party_id,
            act=r.act,
            place=r.place,
            text=r.text,
        )
        for r in s.scalars(
            select(AgreementClause)
            .where(AgreementClause.agreement_id == a.id)
            .order_by(AgreementClause.position)
        )
    ]
    draft = AgreementDraft(
        AgreementForm(a.form),
        a.facts,
        a.disputes,
        a.responsibility,
        clauses,
        a.breach_clause,
        a.extra_copies,
        a.intends_confirmation,
        a.mediator_name,
        a.recorder_name,
        a.place,
        a.reached_on,
    )
    parties = _party_names(s, a.case_id)
    names = dict(parties)
    sigs = tuple(
        SignatureView(SignerRole(g.role), g.party_id, g.signer_name, g.signed_on)
        for g in s.scalars(
            select(AgreementSignature)
            .where(AgreementSignature.agreement_id == a.id)
            .order_by(AgreementSignature.id)
        )
    )
    if draft.form is AgreementForm.ORAL:
        missing: tuple[str, ...] = () if a.reached_on else ("达成日期",)
        effective = a.reached_on
    else:
        have = {(g.role, g.party_id) for g in sigs}
        missing = tuple(
            name for role, pid, name in required_signers(parties) if (role, pid) not in have
        )
        effective = max((g.signed_on for g in sigs), default=None) if not missing else None
    return AgreementView(
        a.id,
        a.case_id,
        draft,
        tuple(clause_text(c, names) for c in clauses),
        sigs,
        missing,
        effective,
        len(parties) + 1 + max(a.extra_copies, 0),
        a.updated_at,
    )


def get_agreement(db: Database, case_id: int) -> AgreementView | None:
    with db.reading() as s:
        a = _load(s, case_id)
        return _view(s, a) if a else None


def check_agreement(db: Database, case_id: int, draft: AgreementDraft) -> list[FieldIssue]:
    with db.reading() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound("案件不存在")
        ids = {pid for pid, _ in _party_names(s, case_id)}
        return validate_agreement(draft, party_ids=ids, dispute_type_code=case.dispute_type_code)


def save_agreement(
    db: Database, actor: Actor, *, case_id: int, draft: AgreementDraft
) -> AgreementView:
    """Save the draft (errors allowed: printing checks them). Refused once signing began."""
    with db.writing() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound("案件不存在")
        ids = {pid for pid, _ in _party_names(s, case_id)}
        for c in draft.clauses:
            for pid in (c.payer_party_id, c.payee_party_id, c.obligor_party_id):
                if pid is not None and pid not in ids:
                    raise DeskError("协议条款中的当事人不属于本案")
        a = _load(s, case_id)
        now = dt.datetime.now()
        action = "agreement_update"
        if a is None:
            a = Agreement(case_id=case_id, updated_by=actor.operator_id, updated_at=now)
            s.add(a)
            action = "agreement_create"
        elif s.scalar(select(AgreementSignature.id).where(AgreementSignature.agreement_id == a.id)):
            raise DeskError("协议已有签名或盖章记录，不能再修改内容；如需修改，请先撤销签名记录。")
        a.form, a.facts, a.disputes = draft.form.value, draft.facts.strip(), draft.disputes.strip()
        a.responsibility, a.breach_clause = (
            draft.responsibility.strip(),
            draft.breach_clause.strip(),
        )
        a.extra_copies, a.intends_confirmation = (
            max(draft.extra_copies, 0),
            draft.intends_confirmation,
        )
        a.mediator_name, a.recorder_name = draft.mediator_name.strip(), draft.recorder_name.strip()
        a.place, a.reached_on = draft.place.strip(), draft.reached_on
        a.updated_by, a.updated_at = actor.operator_id, now
        s.flush()
        s.execute(delete(AgreementClause).where(AgreementClause.agreement_id == a.id))
        for pos, c in enumerate(draft.clauses):
            s.add(
                AgreementClause(
                    agreement_id=a.id,
                    position=pos,
                    kind=c.kind.value,
                    payer_party_id=c.payer_party_id,
                    payee_party_id=c.payee_party_id,
                    amount_fen=c.amount_fen,
                    method=c.method.strip(),
                    account=c.account.strip(),
                    due_date=c.due_date,
                    instalments=json.dumps(
                        [
                            [p.due_date.isoformat() if p.due_date else None, p.amount_fen]
                            for p in c.instalments
                        ]
                    ),
                    obligor_party_id=c.obligor_party_id,
                    act=c.act.strip(),
                    place=c.place.strip(),
                    text=c.text.strip(),
                )
            )
        history.record(
            s,
            actor,
            entity="agreement",
            entity_id=a.id,
            case_id=case_id,
            action=action,
            summary=f"{draft.form.label}：{len(draft.clauses)}条",
        )
        s.flush()
        return _view(s, a)


def record_signature(
    db: Database,
    actor: Actor,
    *,
    case_id: int,
    role: SignerRole,
    signed_on: dt.date,
    party_id: int | None = None,
    signer_name: str = "",
) -> AgreementView:
    """Record (or correct the date of) one signing or sealing."""
    if signed_on > dt.date.today():
        raise DeskError("签名日期不能晚于今天")
    with db.writing() as s:
        a = _load(s, case_id)
        if a is None:
            raise NotFound("本案尚无调解协议")
        names = dict(_party_names(s, case_id))
        if role is SignerRole.PARTY:
            if party_id not in names:
                raise DeskError("请选择签名的当事人")
            signer_name = signer_name or names[party_id]
        else:
            party_id = None
        row = s.scalar(
            select(AgreementSignature).where(
                AgreementSignature.agreement_id == a.id,
                AgreementSignature.role == role.value,
                AgreementSignature.party_id.is_(None)
                if party_id is None
                else AgreementSignature.party_id == party_id,
            )
        )
        if row is None:
            row = AgreementSignature(agreement_id=a.id, role=role.value, party_id=party_id)
            s.add(row)
        row.signer_name, row.signed_on = signer_name.strip(), signed_on
        row.recorded_by, row.recorded_at = actor.operator_id, dt.datetime.now()
        history.record(
            s,
            actor,
            entity="agreement",
            entity_id=a.id,
            case_id=case_id,
            action="agreement_sign",
            summary=f"{role.label}：{signer_name or role.label}，{numeric_date(signed_on)}",
        )
        s.flush()
        view = _view(s, a)
        _follow_effect(s, actor, case_id, view)
        return view


def remove_signature(
    db: Database, actor: Actor, *, case_id: int, role: SignerRole, party_id: int | None = None
) -> AgreementView:
    with db.writing() as s:
        a = _load(s, case_id)
        if a is None:
            raise NotFound("本案尚无调解协议")
        cond = (
            AgreementSignature.party_id.is_(None)
            if party_id is None
            else AgreementSignature.party_id == party_id
        )
        s.execute(
            delete(AgreementSignature).where(
                AgreementSignature.agreement_id == a.id, AgreementSignature.role == role.value, cond
            )
        )
        history.record(
            s,
            actor,
            entity="agreement",
            entity_id=a.id,
            case_id=case_id,
            action="agreement_unsign",
            summary=f"撤销{role.label}记录",
        )
        s.flush()
        s.expire_all()
        view = _view(s, a)
        _follow_effect(s, actor, case_id, view)
        return view


def _follow_effect(s: Session, actor: Actor, case_id: int, view: AgreementView) -> None:
    """The case follows its agreement: effective -> 调解成功; a signature undone -> 调解中."""
    case = s.get(Case, case_id)
    assert case is not None
    if view.effective_on is not None and case.status.is_open:
        case.status, summary = (
            CaseStatus.SUCCEEDED,
            (f"调解成功：调解协议于{numeric_date(view.effective_on)}生效"),
        )
    elif view.effective_on is None and case.status is CaseStatus.SUCCEEDED:
        case.status, summary = CaseStatus.IN_MEDIATION, "调解协议尚未生效，案件恢复为调解中"
    else:
        return
    case.updated_at = dt.datetime.now()
    history.record(
        s,
        actor,
        entity="case",
        entity_id=case_id,
        case_id=case_id,
        action="status",
        summary=summary,
        changes={"status": case.status.value},
    )
