"""Record the court's handling of a judicial-confirmation application.

Submission, the court's acceptance or refusal, and its ruling, each checked against the step
table and the dates (``domain.court_steps``) and kept in the case history. Other parts read
the outcome with ``ruling_effective`` (e.g. the enforcement period after a confirmed ruling).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..db.agreement_models import ConfirmationPack
from ..db.models import Case
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.confirmation_pack import ConfirmationPackView
from ..domain.court_steps import (
    EVENT_OF_RESULT,
    RESULT_OF_EVENT,
    CourtEvent,
    RulingResult,
    refusal,
)
from ..domain.dates import numeric_date
from ..domain.enums import CaseSource
from ..domain.roles import Permission
from ..errors import DeskError, NotFound
from . import history
from .confirmation import load_pack
from .permissions import requires


class LateSubmission(DeskError):
    """The application was submitted after the 30-day period: say why, or correct the day."""


def ruling_effective(pack: ConfirmationPackView) -> bool:
    """The court confirmed the agreement (确认有效): its ruling can be enforced."""
    return pack.progress.effective


def ruling_result(pack: ConfirmationPackView) -> RulingResult | None:
    """The court's final word on the application; None while there is none."""
    return pack.progress.result


def _row(uow: UnitOfWork, case_id: int) -> tuple[ConfirmationPack, ConfirmationPackView]:
    """The pack's row (created when first needed) and view; refused for a case that can never
    apply (委托 cases, oral agreements, mediation ended)."""
    s = uow.write()
    if s.get(Case, case_id) is None:
        raise NotFound("案件不存在")
    pack = load_pack(s, case_id)
    if pack.unavailable:
        raise DeskError(pack.unavailable)
    row = s.scalar(select(ConfirmationPack).where(ConfirmationPack.case_id == case_id))
    if row is None:
        row = ConfirmationPack(case_id=case_id, materials="[]")
        s.add(row)
    row.updated_by, row.updated_at = uow.actor.operator_id, uow.now()
    return row, pack


def _check(pack: ConfirmationPackView, event: CourtEvent) -> None:
    why = refusal(pack.progress.step, event)
    if why:
        raise DeskError(why)


def _not_future(uow: UnitOfWork, on: dt.date, what: str) -> None:
    if on > uow.today():
        raise DeskError(f"{what}不能晚于今天")


def _saved(
    uow: UnitOfWork, row: ConfirmationPack, action: str, summary: str
) -> ConfirmationPackView:
    s = uow.write()
    s.flush()
    history.record(
        uow,
        entity=Entity.CONFIRMATION,
        entity_id=row.id,
        case_id=row.case_id,
        action=action,
        summary=summary,
    )
    return load_pack(s, row.case_id)


@requires(Permission.CONFIRM)
def record_submission(
    uow: UnitOfWork,
    *,
    case_id: int,
    on: dt.date,
    court: str = "",
    receipt_no: str = "",
    late_reason: str = "",
) -> ConfirmationPackView:
    """The parties' joint application handed to the court on ``on``.

    ``court`` defaults to the pack's court; a case a court referred (委派) goes back to that
    court. An application after the 30-day period (人民调解法 art. 33) is refused with
    ``LateSubmission`` unless ``late_reason`` says why it is recorded all the same.
    """
    row, pack = _row(uow, case_id)
    _check(pack, CourtEvent.SUBMIT)
    _not_future(uow, on, "提交申请的日期")
    if pack.effective_on is None:
        raise DeskError("调解协议尚未生效，不能申请司法确认")
    if on < pack.effective_on:
        effective = numeric_date(pack.effective_on)
        raise DeskError(f"提交申请的日期不能早于调解协议生效之日（{effective}）")
    if pack.unresolved:
        raise DeskError(
            "调解协议中有人民法院不予受理司法确认的内容：\n"
            + "\n".join(m.message for m in pack.unresolved)
            + "\n请将这些条款排除在申请确认的范围之外，或记录仍予申请的理由。"
        )
    name = court.strip() or pack.court.court
    if not name:
        raise DeskError("请填写受理申请的人民法院")
    case = uow.write().get(Case, case_id)
    if (
        case is not None
        and case.source is CaseSource.COURT_PRE_FILING
        and pack.court.court
        and name != pack.court.court
    ):
        raise DeskError(
            f"法院委派调解的案件，应向作出委派的{pack.court.court}申请司法确认"
            f"（{pack.court.rule.citation}）"
        )
    reason = late_reason.strip()
    late = pack.deadline is not None and on > pack.deadline.due
    if late and not reason:
        assert pack.deadline is not None
        raise LateSubmission(
            f"提交日期{numeric_date(on)}已超过申请司法确认的期限"
            f"（调解协议生效之日起三十日内，至{numeric_date(pack.deadline.due)}届满，"
            "《中华人民共和国人民调解法》第三十三条），人民法院可能不予受理。\n"
            "请核对提交日期；确需登记的，请填写逾期说明。"
        )
    row.applied_on, row.submitted_court, row.receipt_number = on, name, receipt_no.strip()
    # A new application (after 不予受理 or 撤回) starts afresh; the history keeps the old one.
    row.acceptance_on, row.accepted, row.acceptance_reason = None, None, ""
    row.court_case_number, row.ruling_on, row.ruling_result, row.ruling_note = "", None, "", ""
    summary = f"{numeric_date(on)}向{name}提交司法确认申请"
    if row.receipt_number:
        summary += f"（收件编号 {row.receipt_number}）"
    if late:
        summary += f"；已超过三十日申请期限，说明：{reason}"
    return _saved(uow, row, "court_submitted", summary)


@requires(Permission.CONFIRM)
def record_acceptance(
    uow: UnitOfWork,
    *,
    case_id: int,
    on: dt.date,
    accepted: bool,
    reason: str = "",
    court_case_number: str = "",
) -> ConfirmationPackView:
    """The court accepted the application on ``on`` (its 调确字 case number may come now), or
    refused to accept it (不予受理, 民诉解释 art. 355: ``reason`` required)."""
    row, pack = _row(uow, case_id)
    event = CourtEvent.ACCEPT if accepted else CourtEvent.REFUSE
    _check(pack, event)
    _not_future(uow, on, "法院受理情况的日期")
    submitted = pack.progress.record.submitted_on
    if submitted is not None and on < submitted:
        raise DeskError(f"法院决定是否受理的日期不能早于提交申请之日（{numeric_date(submitted)}）")
    why = reason.strip()
    if not accepted and not why:
        raise DeskError("请填写法院不予受理的理由")
    row.acceptance_on, row.accepted, row.acceptance_reason = on, accepted, why
    if court_case_number.strip():
        row.court_case_number = court_case_number.strip()
    if accepted:
        summary = f"{numeric_date(on)}法院受理司法确认申请"
    else:
        row.ruling_on, row.ruling_result = on, RESULT_OF_EVENT[event].value
        summary = f"{numeric_date(on)}法院裁定不予受理：{why}"
    if row.court_case_number:
        summary += f"（{row.court_case_number}）"
    return _saved(uow, row, "court_acceptance", summary)


@requires(Permission.CONFIRM)
def record_ruling(
    uow: UnitOfWork,
    *,
    case_id: int,
    court_case_number: str,
    on: dt.date,
    result: RulingResult,
    note: str = "",
) -> ConfirmationPackView:
    """The court's ruling on an accepted application: 确认有效, 驳回申请 (``note`` gives the
    reason) or 撤回 (the parties withdrew). 不予受理 goes to ``record_acceptance``."""
    if result is RulingResult.NOT_ACCEPTED:
        return record_acceptance(
            uow,
            case_id=case_id,
            on=on,
            accepted=False,
            reason=note,
            court_case_number=court_case_number,
        )
    row, pack = _row(uow, case_id)
    _check(pack, EVENT_OF_RESULT[result])
    _not_future(uow, on, "裁定日期")
    record = pack.progress.record
    since = record.acceptance_on or record.submitted_on
    if since is not None and on < since:
        what = "法院受理" if record.acceptance_on else "提交申请"
        raise DeskError(f"裁定日期不能早于{what}之日（{numeric_date(since)}）")
    number = court_case_number.strip() or row.court_case_number
    if not number and result is not RulingResult.WITHDRAWN:
        raise DeskError("请填写法院案号，如（2026）浙0602民特12号")
    why = note.strip()
    if result is RulingResult.DISMISSED and not why:
        raise DeskError("请填写法院驳回申请的理由")
    row.court_case_number, row.ruling_on = number, on
    row.ruling_result, row.ruling_note = result.value, why
    summary = f"{numeric_date(on)}法院裁定：{result.label}"
    if number:
        summary += f"（{number}）"
    if why:
        summary += f"；{why}"
    return _saved(uow, row, "court_ruling", summary)
