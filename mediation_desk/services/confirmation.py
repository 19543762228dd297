"""The judicial-confirmation pack of a case: court, materials gathered, application.

What the pack needs and which court is chosen are rules in ``domain.confirmation_pack``;
this module loads and records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.agreement_models import Agreement, ConfirmationPack
from ..db.models import Case
from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import AgreementView
from ..domain.case_flow import outcome_of
from ..domain.changes import Entity
from ..domain.confirmation_pack import ConfirmationPackView, PackRecord, assemble_pack
from ..domain.confirmation_rules import COURT_SOURCES, MATERIALS, RULES_BY_CODE
from ..domain.court_steps import CourtRecord
from ..domain.dates import cn_number
from ..domain.document_settings import DocumentSettingsView
from ..domain.roles import Permission
from ..domain.work_calendar import WorkCalendar
from ..errors import DeskError, NotFound
from . import history
from .agreements import load_agreement
from .document_settings import load_document_settings
from .permissions import requires
from .time_limits import load_calendar


def pack_record(row: ConfirmationPack | None) -> PackRecord:
    if row is None:
        return PackRecord()
    return PackRecord(
        row.court_rule,
        row.court_name,
        frozenset(json.loads(row.materials or "[]")),
        row.applied_on,
        row.court_case_number,
        CourtRecord(
            row.applied_on,
            row.submitted_court,
            row.receipt_number,
            row.acceptance_on,
            row.accepted,
            row.acceptance_reason,
            row.court_case_number,
            row.ruling_on,
            row.ruling_result,
            row.ruling_note,
        ),
    )


def pack_of(
    case: Case,
    row: ConfirmationPack | None,
    settings: DocumentSettingsView,
    agreement: AgreementView | None,
    calendar: WorkCalendar | None = None,
) -> ConfirmationPackView:
    return assemble_pack(
        case_id=case.id,
        source=case.source,
        referring_body=case.referring_body,
        default_court=settings.default_court,
        record=pack_record(row),
        agreement=agreement,
        status=outcome_of(case.status, case.closed_from),
        calendar=calendar,
    )


def load_pack(s: Session, case_id: int) -> ConfirmationPackView:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    row = s.scalar(select(ConfirmationPack).where(ConfirmationPack.case_id == case_id))
    settings, agreement = load_document_settings(s), load_agreement(s, case_id)
    return pack_of(case, row, settings, agreement, load_calendar(s))


def get_pack(uow: UnitOfWork, case_id: int) -> ConfirmationPackView:
    return load_pack(uow.read(), case_id)


def _row(uow: UnitOfWork, case_id: int) -> ConfirmationPack:
    """The pack's row, created when first needed; refused for a case that can never apply."""
    s = uow.write()
    if s.get(Case, case_id) is None:
        raise NotFound("案件不存在")
    never = load_pack(s, case_id).unavailable
    if never:
        raise DeskError(never)
    row = s.scalar(select(ConfirmationPack).where(ConfirmationPack.case_id == case_id))
    if row is None:
        row = ConfirmationPack(case_id=case_id, materials="[]")
        s.add(row)
    row.updated_by, row.updated_at = uow.actor.operator_id, uow.now()
    return row


def _recorded(uow: UnitOfWork, row: ConfirmationPack, action: str, summary: str) -> None:
    uow.write().flush()
    history.record(
        uow,
        entity=Entity.CONFIRMATION,
        entity_id=row.id,
        case_id=row.case_id,
        action=action,
        summary=summary,
    )


@requires(Permission.CONFIRM)
def set_material(
    uow: UnitOfWork, *, case_id: int, code: str, gathered: bool
) -> ConfirmationPackView:
    labels = {m.code: m.label for m in MATERIALS}
    if code not in labels:
        raise DeskError("未知的材料项")
    row = _row(uow, case_id)
    have = set(json.loads(row.materials or "[]"))
    have = have | {code} if gathered else have - {code}
    row.materials = json.dumps(sorted(have))
    _recorded(
        uow,
        row,
        "confirmation_material",
        f"{'已备齐' if gathered else '取消勾选'}：{labels[code]}",
    )
    return load_pack(uow.write(), case_id)


@requires(Permission.CONFIRM)
def set_court(
    uow: UnitOfWork, *, case_id: int, rule_code: str, court_name: str
) -> ConfirmationPackView:
    """The parties' choice among the courts the law allows (not for court-referred cases)."""
    if rule_code not in RULES_BY_CODE or rule_code == "inviting_court":
        raise DeskError("请选择确定法院的依据")
    if not court_name.strip():
        raise DeskError("请填写人民法院名称")
    case = uow.write().get(Case, case_id)
    if case is not None and case.source in COURT_SOURCES:
        raise DeskError("法院委派或委托调解的案件，应向作出委派（委托）的人民法院申请")
    row = _row(uow, case_id)
    row.court_rule, row.court_name = rule_code, court_name.strip()
    _recorded(uow, row, "confirmation_court", f"受理法院：{row.court_name}")
    return load_pack(uow.write(), case_id)


@requires(Permission.CONFIRM)
def record_application(
    uow: UnitOfWork, *, case_id: int, applied_on: dt.date, court_case_number: str = ""
) -> ConfirmationPackView:
    if applied_on > uow.today():
        raise DeskError("申请日期不能晚于今天")
    row = _row(uow, case_id)
    _refuse_unresolved(load_pack(uow.write(), case_id))
    row.applied_on, row.court_case_number = applied_on, court_case_number.strip()
    _recorded(uow, row, "confirmation_applied", f"已申请司法确认 {court_case_number}".strip())
    return load_pack(uow.write(), case_id)


def _refuse_unresolved(pack: ConfirmationPackView) -> None:
    if pack.unresolved:
        raise DeskError(
            "调解协议中有人民法院不予受理司法确认的内容：\n"
            + "\n".join(m.message for m in pack.unresolved)
            + "\n请将这些条款排除在申请确认的范围之外，或记录仍予申请的理由。"
        )


@requires(Permission.CONFIRM)
def set_confirmation_scope(
    uow: UnitOfWork, *, case_id: int, excluded: Sequence[int], override_reason: str = ""
) -> ConfirmationPackView:
    """Which clauses the application asks the court to confirm (partial confirmation), and the
    mediator's reason to ask for a clause courts refuse (民诉解释 art. 355) all the same.

    Stored with the agreement; changing the agreement's clauses clears both.
    """
    s = uow.write()
    if s.get(Case, case_id) is None:
        raise NotFound("案件不存在")
    a = s.scalar(select(Agreement).where(Agreement.case_id == case_id))
    if a is None:
        raise NotFound("本案尚无调解协议")
    pack = load_pack(s, case_id)
    if pack.unavailable:
        raise DeskError(pack.unavailable)
    count = len(pack.agreement.clause_texts) if pack.agreement else 0
    left_out = sorted(set(excluded))
    if any(not 0 <= i < count for i in left_out):
        raise DeskError("协议中没有这一条")
    if count and len(left_out) == count:
        raise DeskError("不能把全部条款都排除在申请确认的范围之外")
    reason = override_reason.strip()
    a.confirmation_excluded = json.dumps(left_out)
    a.confirmation_override = reason
    s.flush()
    parts = []
    if left_out:
        parts.append("不申请确认第" + "、".join(cn_number(i + 1) for i in left_out) + "条")
    if reason:
        parts.append(f"仍予申请的理由：{reason}")
    history.record(
        uow,
        entity=Entity.AGREEMENT,
        entity_id=a.id,
        case_id=case_id,
        action="confirmation_scope",
        summary="申请确认范围：" + ("；".join(parts) or "全部条款"),
    )
    return load_pack(s, case_id)
