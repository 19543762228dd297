"""The agreements of the bulk demo's succeeded cases, as rows for the loader's bulk inserts.

A real centre records an agreement for every success (人民调解法 arts. 28–29): a written
协议书 signed by every party, the mediator and the note-taker and sealed by the committee, or,
for small simple disputes, an oral agreement recorded in the file (art. 30). Money disputes
get a payment clause from a respondent to an applicant, for 50–100 % of the amount in dispute;
a few written agreements with money are applied for judicial confirmation, and most of those
are confirmed. Every choice is deterministic from the case id, like the loader's others.

The rows are those the services write (``services.agreements``, ``services.court_steps``):
an agreement signed by everyone on the day mediation ended is effective that day. Its
performance items are not frozen: the case derives them from the clauses, as for an agreement
that took effect before items were stored (``services.performance.performance_from``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..domain.agreements import AgreementForm, ClauseKind, SignerRole
from ..domain.confirmation_rules import MATERIALS
from ..domain.court_steps import RulingResult
from ..domain.enums import CaseSource, CaseStatus, PartyRole

#: Types where money is at stake: a success pays (part of) the amount in dispute.
MONEY_TYPES = frozenset(
    {
        "damages",
        "contract",
        "production_business",
        "labour_wage_arrears",
        "labour_other",
        "traffic_accident",
        "consumer_other",
        "consumer_ecommerce",
        "consumer_travel",
        "medical",
        "property_management",
        "land_requisition",
        "environment",
        "ip",
        "internet",
    }
)
#: Small everyday disputes a mediator may settle by an oral agreement (口头协议登记).
ORAL_TYPES = frozenset(
    {
        "neighbour",
        "marriage_family",
        "property_management",
        "consumer_other",
        "consumer_ecommerce",
        "consumer_travel",
        "damages",
        "housing_homestead",
        "other",
    }
)
#: At most this amount in dispute (fen) for an oral agreement: 3,000 yuan.
ORAL_MAX_FEN = 300_000
#: The share of eligible small disputes settled orally (about a fifth of all successes).
ORAL_SHARE = 0.52
#: The share of written agreements with money applied for judicial confirmation.
CONFIRM_SHARE = 0.065
COURT = "绍兴市越城区人民法院"
COURT_PREFIX = "浙0602民特"

#: What the respondent does where no money is paid (or no amount was stated).
ACTS: dict[str, str] = {
    "neighbour": "清理堆放在公共通道上的杂物，并当面向申请人赔礼道歉",
    "marriage_family": "按调解意见妥善处理家庭事务，双方互谅互让，不再因此事发生争执",
    "housing_homestead": "拆除越界搭建的围墙，恢复原通行道路",
    "forest_land": "按原界址重新设立界桩，不再越界种植",
    "land_requisition": "配合完成房屋腾空交付手续",
    "environment": "整改噪声和粉尘污染设施，按规定时段作业",
    "property_management": "修复渗漏的公共管道并恢复原状",
    "labour_other": "为申请人办理离职手续并出具离职证明",
    "labour_wage_arrears": "向申请人出具工资结算清单",
    "contract": "按合同约定继续履行交付义务",
    "production_business": "按对账结果交付剩余货物",
    "ip": "停止使用争议标识并下架相关商品",
    "internet": "删除涉及申请人的不实信息并公开致歉",
}
DEFAULT_ACT = "当面向申请人赔礼道歉，不再发生类似纠纷"
NO_FURTHER_CLAIMS = "双方就本纠纷再无其他争议"
BREACH = "一方不履行本协议的，另一方可以依法向人民法院提起诉讼。"
DISMISS_NOTE = "调解协议履行期限约定不明确，裁定驳回申请"
#: The materials a confirmation application needs (all gathered when applied).
REQUIRED_MATERIALS = json.dumps(sorted(m.code for m in MATERIALS if m.required))


_MASK = 0xFFFFFFFF


def share(case_id: int, salt: int) -> float:
    """A number in [0, 1) fixed by the case id, independent for each ``salt``: the demo's dice
    (a 32-bit integer hash, murmur3's finaliser)."""
    x = (case_id * 0x9E3779B1 + salt * 0x85EBCA77) & _MASK
    x = ((x ^ (x >> 16)) * 0x7FEB352D) & _MASK
    x = ((x ^ (x >> 15)) * 0x846CA68B) & _MASK
    return (x ^ (x >> 16)) / 4294967296


@dataclass(frozen=True)
class Staff:
    """Who signs for the centre: mediators by id, the units' mediators and names."""

    mediator_names: dict[int, str]
    unit_mediators: dict[int, list[str]]
    unit_names: dict[int, str]
    clerks: list[str]  # the centre's staff: the note-taker where the unit has one mediator
    operator_id: int


@dataclass
class AgreementRows:
    """The rows of one batch, by table (the loader inserts each list in one statement)."""

    agreements: list[dict[str, Any]] = field(default_factory=list)
    clauses: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    packs: list[dict[str, Any]] = field(default_factory=list)


def succeeded(case: dict[str, Any]) -> bool:
    """调解成功: succeeded, or closed (archived) from a success."""
    status = case["status"]
    return status == CaseStatus.SUCCEEDED.value or (
        status in (CaseStatus.CLOSED.value, CaseStatus.ARCHIVED.value)
        and case["closed_from"] == CaseStatus.SUCCEEDED.value
    )


@dataclass
class DemoAgreements:
    """Builds the agreement rows of succeeded cases; keeps the court's numbers across batches."""

    staff: Staff
    today: dt.date
    court_numbers: dict[int, int] = field(default_factory=dict)  # last 民特 number by year

    def add(
        self,
        rows: AgreementRows,
        agreement_id: int,
        case: dict[str, Any],
        parties: list[tuple[int, PartyRole, str]],
    ) -> None:
        """The agreement of ``case`` (a loader row) with its clauses, signatures and any
        confirmation pack; ``parties`` are (id, role, name) in order."""
        cid = case["id"]
        on: dt.date = case["ended_on"]
        amount = case["amount_in_dispute_cents"]
        code = case["dispute_type_code"]
        court_case = case["source"] in (
            CaseSource.COURT_PRE_FILING.value,
            CaseSource.COURT_ENTRUSTED.value,
        )
        oral = (
            not court_case
            and code in ORAL_TYPES
            and (amount is None or amount <= ORAL_MAX_FEN)
            and share(cid, 1) < ORAL_SHARE
        )
        payer = next((p for p, role, _ in parties if role is PartyRole.RESPONDENT), None)
        payee = next((p for p, role, _ in parties if role is PartyRole.APPLICANT), None)
        pays = (
            bool(amount)
            and payer is not None
            and payee is not None
            and (code in MONEY_TYPES or share(cid, 2) < 0.5)
        )
        clauses = (
            self._payment(agreement_id, cid, amount, payer, payee, on, oral)
            if pays
            else [self._act(agreement_id, cid, code, payer or parties[-1][0], on, oral)]
        )
        if not oral:
            clauses.append(_clause(agreement_id, len(clauses), ClauseKind.TEXT, NO_FURTHER_CLAIMS))
        intends = pays and not oral and self._applies(case)
        pack = self._pack(case, on) if intends else None
        mediator = self.staff.mediator_names.get(case["mediator_id"] or 0, "")
        unit_staff = self.staff.unit_mediators.get(case["unit_id"], [])
        if not mediator:
            mediator = unit_staff[0] if unit_staff else ""
        others = [n for n in unit_staff if n != mediator]
        clerks = self.staff.clerks
        recorder = others[cid % len(others)] if others else clerks[cid % len(clerks)]
        unit_name = self.staff.unit_names.get(case["unit_id"], "")
        at = dt.datetime.combine(on, dt.time(16, 30))
        rows.agreements.append(
            dict(
                id=agreement_id,
                case_id=cid,
                form=(AgreementForm.ORAL if oral else AgreementForm.WRITTEN).value,
                facts=case["facts"],
                disputes="双方对赔偿（给付）数额及履行期限存在争议。"
                if pays
                else "双方对纠纷的处理方式存在争议。",
                responsibility="被申请人对申请人的损失负有给付责任。"
                if pays
                else "双方对纠纷的发生均有一定责任。",
                breach_clause="" if oral else BREACH,
                extra_copies=0,
                intends_confirmation=intends,
                mediator_name=mediator,
                recorder_name=recorder,
                place=f"{unit_name}调解室" if unit_name else "",
                reached_on=on,
                confirmation_excluded="[]",
                confirmation_override="",
                printed_snapshot=None,
                updated_by=self.staff.operator_id,
                updated_at=at,
            )
        )
        rows.clauses += clauses
        if not oral:  # signed on the spot by everyone: effective the day mediation ended
            signers: list[tuple[SignerRole, int | None, str]] = [
                (SignerRole.PARTY, pid, name) for pid, _, name in parties
            ]
            signers += [
                (SignerRole.MEDIATOR, None, mediator),
                (SignerRole.RECORDER, None, recorder),
                (SignerRole.SEAL, None, unit_name),
            ]
            rows.signatures += [
                dict(
                    agreement_id=agreement_id,
                    role=role.value,
                    party_id=pid,
                    signer_name=name,
                    signed_on=on,
                    recorded_by=self.staff.operator_id,
                    recorded_at=at,
                )
                for role, pid, name in signers
            ]
        if pack is not None:
            rows.packs.append(pack)

    def _payment(
        self,
        agreement_id: int,
        cid: int,
        amount: int,
        payer: int | None,
        payee: int | None,
        on: dt.date,
        oral: bool,
    ) -> list[dict[str, Any]]:
        """One payment clause: 50–100 % of the amount in dispute, rounded like a settlement
        (to 100 yuan from 10,000 yuan up, else to 10 yuan); large sums in instalments."""
        unit = 10_000 if amount >= 1_000_000 else 1_000
        agreed = max(unit, round(amount * (0.5 + 0.5 * share(cid, 3)) / unit) * unit)
        u = share(cid, 4)
        if oral or agreed < 500_000:
            method = "现金" if u < 0.5 else "微信转账"
            account = ""
        else:
            method, account = "银行转账", "申请人本人银行账户"
        due = on if oral else on + dt.timedelta(days=(7, 15, 30)[int(u * 3)])
        instalments: list[list[Any]] = []
        if not oral and agreed >= 5_000_000 and share(cid, 5) < 0.4:
            n = 2 + int(share(cid, 6) * 2)
            part = agreed // n // unit * unit
            instalments = [
                [
                    (due + dt.timedelta(days=30 * k)).isoformat(),
                    part if k < n - 1 else agreed - part * (n - 1),
                ]
                for k in range(n)
            ]
        row = _clause(agreement_id, 0, ClauseKind.PAYMENT, "")
        row.update(
            payer_party_id=payer,
            payee_party_id=payee,
            amount_fen=agreed,
            method=method,
            account=account,
            due_date=None if instalments else due,
            instalments=json.dumps(instalments),
        )
        return [row]

    def _act(
        self, agreement_id: int, cid: int, code: str, obligor: int, on: dt.date, oral: bool
    ) -> dict[str, Any]:
        row = _clause(agreement_id, 0, ClauseKind.ACT, "")
        days = 3 if oral else (7, 15)[int(share(cid, 7) * 2)]
        row.update(
            obligor_party_id=obligor,
            act=ACTS.get(code, DEFAULT_ACT),
            due_date=on + dt.timedelta(days=days),
        )
        return row

    def _applies(self, case: dict[str, Any]) -> bool:
        """A written agreement with money goes to the court now and then: never for a case a
        court entrusted (the court makes a 调解书) nor for family matters."""
        return (
            case["source"] != CaseSource.COURT_ENTRUSTED.value
            and case["dispute_type_code"] != "marriage_family"
            and share(case["id"], 8) < CONFIRM_SHARE
        )

    def _pack(self, case: dict[str, Any], on: dt.date) -> dict[str, Any] | None:
        """Applied within the 30 days (人民调解法 art. 33), accepted within 3 days and ruled
        within 15 (司法确认若干规定 arts. 4–5); steps not yet due today are left open. Nine in
        ten are confirmed (确认有效), the others dismissed or withdrawn."""
        cid = case["id"]
        applied = on + dt.timedelta(days=1 + int(share(cid, 9) * 12))
        if applied > self.today:
            return None  # not applied yet: the case still intends to
        invited = case["source"] == CaseSource.COURT_PRE_FILING.value
        court = case["referring_body"] if invited and case["referring_body"] else COURT
        accepted_on = applied + dt.timedelta(days=int(share(cid, 10) * 3))
        ruled_on = accepted_on + dt.timedelta(days=2 + int(share(cid, 11) * 13))
        accepted = accepted_on <= self.today
        number, result, note = "", "", ""
        if accepted:
            year = accepted_on.year
            self.court_numbers[year] = self.court_numbers.get(year, 0) + 1
            number = f"（{year}）{COURT_PREFIX}{self.court_numbers[year]}号"
            if ruled_on <= self.today:
                u = share(cid, 12)
                result = (
                    RulingResult.CONFIRMED
                    if u < 0.9
                    else RulingResult.DISMISSED
                    if u < 0.96
                    else RulingResult.WITHDRAWN
                ).value
                note = DISMISS_NOTE if result == RulingResult.DISMISSED.value else ""
        return dict(
            case_id=cid,
            court_rule="" if invited else "committee_location",
            court_name="" if invited else COURT,
            materials=REQUIRED_MATERIALS,
            applied_on=applied,
            court_case_number=number,
            ruling_on=ruled_on if result else None,
            result=result,  # the column of ``ConfirmationPack.ruling_result``
            submitted_court=court,
            receipt_number="",
            acceptance_on=accepted_on if accepted else None,
            accepted=True if accepted else None,
            acceptance_reason="",
            ruling_note=note,
            updated_by=self.staff.operator_id,
            updated_at=dt.datetime.combine(ruled_on if result else applied, dt.time(11, 0)),
        )


def _clause(agreement_id: int, position: int, kind: ClauseKind, text: str) -> dict[str, Any]:
    """A clause row with every column (a bulk insert's rows all have the same keys)."""
    return dict(
        agreement_id=agreement_id,
        position=position,
        kind=kind.value,
        payer_party_id=None,
        payee_party_id=None,
        amount_fen=None,
        method="",
        account="",
        due_date=None,
        instalments="[]",
        obligor_party_id=None,
        act="",
        place="",
        text=text,
    )
