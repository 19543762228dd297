"""The judicial-confirmation pack of a case: court, deadline, materials checklist, outcome."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from ..db.agreement_models import ConfirmationPack
from ..db.database import Database
from ..db.models import Case
from ..domain.confirmation_rules import (
    COURT_SOURCES,
    MATERIALS,
    RULES_BY_CODE,
    CourtChoice,
    choose_court,
)
from ..domain.deadlines import Deadline, confirmation_deadline
from ..errors import DeskError, NotFound
from . import history
from .actor import Actor
from .agreements import AgreementView, get_agreement
from .document_settings import get_document_settings


@dataclass(frozen=True, slots=True)
class MaterialView:
    code: str
    label: str
    required: bool
    gathered: bool


@dataclass(frozen=True, slots=True)
class ConfirmationPackView:
    case_id: int
    agreement: AgreementView | None
    effective_on: dt.date | None
    deadline: Deadline | None
    court: CourtChoice
    materials: tuple[MaterialView, ...]
    applied_on: dt.date | None
    court_case_number: str
    problems: tuple[str, ...]  # why the pack cannot be produced yet

    def days_left(self, today: dt.date) -> int | None:
        return self.deadline.days_left(today) if self.deadline else None

    @property
    def ready(self) -> bool:
        return not self.problems


def get_pack(db: Database, case_id: int) -> ConfirmationPackView:
    settings = get_document_settings(db)
    agreement = get_agreement(db, case_id)
    with db.reading() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound("案件不存在")
        row = s.scalar(select(ConfirmationPack).where(ConfirmationPack.case_id == case_id))
        gathered = set(json.loads(row.materials)) if row else set()
        court = choose_court(
            source=case.source,
            referring_body=case.referring_body,
            default_court=settings.default_court,
            chosen_rule=row.court_rule if row else "",
            chosen_court=row.court_name if row else "",
        )
        problems: list[str] = []
        effective = agreement.effective_on if agreement else None
        if agreement is None:
            problems.append("本案尚无调解协议")
        elif effective is None:
            problems.append(
                "调解协议尚未生效（待签名或盖章：" + "、".join(agreement.missing_signers) + "）"
            )
        if not court.court:
            problems.append("请选择受理司法确认的人民法院")
        return ConfirmationPackView(
            case_id,
            agreement,
            effective,
            confirmation_deadline(effective) if effective else None,
            court,
            tuple(MaterialView(m.code, m.label, m.required, m.code in gathered) for m in MATERIALS),
            row.applied_on if row else None,
            row.court_case_number if row else "",
            tuple(problems),
        )


def _row(s, actor: Actor, case_id: int) -> ConfirmationPack:  # type: ignore[no-untyped-def]
    if s.get(Case, case_id) is None:
        raise NotFound("案件不存在")
    row = s.scalar(select(ConfirmationPack).where(ConfirmationPack.case_id == case_id))
    if row is None:
        row = ConfirmationPack(case_id=case_id, materials="[]")
        s.add(row)
    row.updated_by, row.updated_at = actor.operator_id, dt.datetime.now()
    return row


def set_material(
    db: Database, actor: Actor, *, case_id: int, code: str, gathered: bool
) -> ConfirmationPackView:
    labels = {m.code: m.label for m in MATERIALS}
    if code not in labels:
        raise DeskError("未知的材料项")
    with db.writing() as s:
        row = _row(s, actor, case_id)
        have = set(json.loads(row.materials or "[]"))
        have = have | {code} if gathered else have - {code}
        row.materials = json.dumps(sorted(have))
        s.flush()
        history.record(
            s,
            actor,
            entity="confirmation",
            entity_id=row.id,
            case_id=case_id,
            action="confirmation_material",
            summary=f"{'已备齐' if gathered else '取消勾选'}：{labels[code]}",
        )
    return get_pack(db, case_id)


def set_court(
    db: Database, actor: Actor, *, case_id: int, rule_code: str, court_name: str
) -> ConfirmationPackView:
    """The parties' choice among the courts the law allows (not for court-referred cases)."""
    if rule_code not in RULES_BY_CODE or rule_code == "inviting_court":
        raise DeskError("请选择确定法院的依据")
    if not court_name.strip():
        raise DeskError("请填写人民法院名称")
    with db.writing() as s:
        case = s.get(Case, case_id)
        if case is not None and case.source in COURT_SOURCES:
            raise DeskError("法院委派或委托调解的案件，应向作出委派（委托）的人民法院申请")
        row = _row(s, actor, case_id)
        row.court_rule, row.court_name = rule_code, court_name.strip()
        s.flush()
        history.record(
            s,
            actor,
            entity="confirmation",
            entity_id=row.id,
            case_id=case_id,
            action="confirmation_court",
            summary=f"受理法院：{row.court_name}",
        )
    return get_pack(db, case_id)


def record_application(
    db: Database, actor: Actor, *, case_id: int, applied_on: dt.date, court_case_number: str = ""
) -> ConfirmationPackView:
    with db.writing() as s:
        row = _row(s, actor, case_id)
        row.applied_on, row.court_case_number = applied_on, court_case_number.strip()
        s.flush()
        history.record(
            s,
            actor,
            entity="confirmation",
            entity_id=row.id,
            case_id=case_id,
            action="confirmation_applied",
            summary=f"已申请司法确认 {court_case_number}".strip(),
        )
    return get_pack(db, case_id)
