"""Everything known about one case, loaded together: what the case window shows and what the
documents print, in a fixed number of queries however many tabs, documents or formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.agreement_models import Agreement, ConfirmationPack, DocumentSettings
from ..db.calendar_models import HolidayYear
from ..db.followup_models import FollowUpTask, FollowUpVisit
from ..db.minutes_models import InvestigationRecord, SessionMinutes
from ..db.models import Case
from ..db.supervision_models import SupervisionInstruction
from ..domain.agreements import AgreementView
from ..domain.case_views import CaseDetail
from ..domain.confirmation_pack import ConfirmationPackView
from ..domain.document_settings import DocumentSettingsView
from ..errors import NotFound
from .agreements import agreement_rows, agreement_view
from .cases import case_detail, case_query
from .confirmation import pack_of
from .document_settings import SETTINGS_ID, settings_view
from .performance import payments_count
from .time_limits import load_calendar


@dataclass(frozen=True, slots=True)
class CaseData:
    case: CaseDetail
    agreement: AgreementView | None
    pack: ConfirmationPackView
    settings: DocumentSettingsView
    minutes_saved: int = 0  # sessions with saved minutes (调解记录)
    investigations: int = 0  # investigation records (调查记录)
    instructions: int = 0  # 督办 instructions on the case
    follow_ups: int = 0  # follow-up visits planned (回访), made or not
    visits: int = 0  # follow-up visits recorded (回访记录)
    payments: int = 0  # payments recorded on the performance page (收条)


def load_case_data(s: Session, case_id: int, *, links: bool = True) -> CaseData:
    """The case, its agreement, its confirmation pack and the document settings.

    Seven queries (eight with links): the case row joins its agreement, pack and the settings;
    once the agreement is effective, one or two more read the centre's holiday years.
    """
    row = s.execute(
        case_query()
        .add_columns(Agreement, ConfirmationPack, DocumentSettings, *_record_counts())
        .outerjoin(Agreement, Agreement.case_id == Case.id)
        .outerjoin(ConfirmationPack, ConfirmationPack.case_id == Case.id)
        .outerjoin(DocumentSettings, DocumentSettings.id == SETTINGS_ID)
        .where(Case.id == case_id)
    ).first()
    if row is None:
        raise NotFound("案件不存在")
    (
        c,
        unit_name,
        unit_kind,
        type_name,
        mediator_name,
        extended,
        a,
        pack_row,
        settings_row,
        *counts,
    ) = row
    detail = case_detail(
        s, c, unit_name, unit_kind, type_name, mediator_name, links=links, extended=extended
    )
    agreement = None
    if a is not None:
        clauses, signatures = agreement_rows(s, a.id)
        agreement = agreement_view(a, clauses, signatures, detail.party_names)
    settings = settings_view(settings_row)
    minutes, investigations, instructions, centre_years, follow_ups, visits, payments = (
        int(n) for n in counts
    )
    effective = agreement is not None and agreement.effective_on is not None
    # the deadline needs the centre's holiday years only when it entered any
    calendar = load_calendar(s) if effective and centre_years else None
    pack = pack_of(c, pack_row, settings, agreement, calendar)
    return CaseData(
        detail,
        agreement,
        pack,
        settings,
        minutes,
        investigations,
        instructions,
        follow_ups,
        visits,
        payments,
    )


def _record_counts() -> tuple[Any, ...]:
    """How many minutes, investigation records, 督办 instructions, planned and recorded visits
    and recorded payments the case has, and how many holiday years the centre entered:
    subqueries of the case row (no statement of their own)."""
    minutes = (
        select(func.count()).select_from(SessionMinutes).where(SessionMinutes.case_id == Case.id)
    )
    found = select(func.count()).select_from(InvestigationRecord)
    found = found.where(InvestigationRecord.case_id == Case.id)
    ordered = select(func.count()).select_from(SupervisionInstruction)
    ordered = ordered.where(SupervisionInstruction.case_id == Case.id)
    years = select(func.count()).select_from(HolidayYear).scalar_subquery()
    planned = select(func.count()).select_from(FollowUpTask).where(FollowUpTask.case_id == Case.id)
    visited = (
        select(func.count())
        .select_from(FollowUpVisit)
        .join(FollowUpTask, FollowUpTask.id == FollowUpVisit.task_id)
        .where(FollowUpTask.case_id == Case.id)
    )
    return (
        minutes.scalar_subquery(),
        found.scalar_subquery(),
        ordered.scalar_subquery(),
        years,
        planned.scalar_subquery(),
        visited.scalar_subquery(),
        payments_count(Case.id),
    )
