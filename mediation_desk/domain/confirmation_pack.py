"""The judicial-confirmation pack of a case: court, deadline, materials, and what is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .agreements import AgreementForm, AgreementView
from .confirmation_rules import (
    MATERIALS,
    CourtChoice,
    RefusedMatter,
    choose_court,
    confirmation_unavailable,
    refused_matters,
)
from .court_steps import (
    NO_COURT_RECORD,
    NOT_APPLIED,
    CourtProgress,
    CourtRecord,
    court_progress,
)
from .deadlines import Deadline, confirmation_deadline
from .enums import CaseSource, CaseStatus
from .work_calendar import WorkCalendar


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
    unavailable: str = ""  # why the case can never apply (委托 case, oral agreement, ended)
    refused: tuple[RefusedMatter, ...] = ()  # clauses courts refuse (民诉解释 art. 355)
    progress: CourtProgress = NOT_APPLIED  # the court's handling

    @property
    def excluded(self) -> tuple[int, ...]:
        """Clauses left out of the request (positions)."""
        return self.agreement.confirmation_excluded if self.agreement else ()

    @property
    def override_reason(self) -> str:
        return self.agreement.confirmation_override if self.agreement else ""

    @property
    def unresolved(self) -> tuple[RefusedMatter, ...]:
        """Flagged clauses still asked for, with no reason recorded: they block the application."""
        if self.override_reason.strip():
            return ()
        return tuple(m for m in self.refused if m.index not in self.excluded)

    @property
    def requested(self) -> tuple[int, ...]:
        """The clauses the application asks the court to confirm (positions)."""
        if self.agreement is None:
            return ()
        n = len(self.agreement.clause_texts)
        return tuple(i for i in range(n) if i not in self.excluded)

    def days_left(self, today: dt.date) -> int | None:
        return self.deadline.days_left(today) if self.deadline else None

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def deadline_pending(self) -> bool:
        """Confirmation is intended, the clock runs, and nobody has applied yet."""
        return (
            self.deadline is not None
            and self.agreement is not None
            and self.agreement.draft.intends_confirmation
            and self.applied_on is None
        )


@dataclass(frozen=True, slots=True)
class PackRecord:
    """What the centre has recorded about the pack (the stored row, or nothing yet)."""

    court_rule: str = ""
    court_name: str = ""
    gathered: frozenset[str] = frozenset()
    applied_on: dt.date | None = None
    court_case_number: str = ""
    court: CourtRecord = NO_COURT_RECORD  # the court's handling (submission, acceptance, ruling)


def assemble_pack(
    *,
    case_id: int,
    source: CaseSource,
    referring_body: str,
    default_court: str,
    record: PackRecord,
    agreement: AgreementView | None,
    status: CaseStatus = CaseStatus.IN_MEDIATION,
    calendar: WorkCalendar | None = None,
) -> ConfirmationPackView:
    """The pack as the law and the record make it (pure: no storage).

    A case that can never apply (``confirmation_unavailable``) has that as its first problem,
    and no deadline runs for it.
    """
    court = choose_court(
        source=source,
        referring_body=referring_body,
        default_court=default_court,
        chosen_rule=record.court_rule,
        chosen_court=record.court_name,
    )
    problems: list[str] = []
    effective = agreement.effective_on if agreement else None
    never = confirmation_unavailable(
        source=source,
        status=status,
        oral=agreement is not None and agreement.draft.form is AgreementForm.ORAL,
    )
    if never:
        problems.append(never)
    elif agreement is None:
        problems.append("本案尚无调解协议")
    elif effective is None:
        problems.append(
            "调解协议尚未生效（待签名或盖章：" + "、".join(agreement.missing_signers) + "）"
        )
    if not court.court:
        problems.append("请选择受理司法确认的人民法院")
    refused = tuple(refused_matters(agreement.clause_texts)) if agreement and not never else ()
    if agreement is not None and not agreement.confirmation_override.strip():
        left_out = set(agreement.confirmation_excluded)
        problems += [
            m.message + "：请将该条排除在申请确认的范围之外，或记录仍予申请的理由"
            for m in refused
            if m.index not in left_out
        ]
    deadline = confirmation_deadline(effective, calendar) if effective and not never else None
    progress = court_progress(
        record.court, application_due=deadline.due if deadline else None, calendar=calendar
    )
    return ConfirmationPackView(
        case_id,
        agreement,
        effective,
        deadline,
        court,
        _materials(record.gathered),
        record.applied_on,
        record.court_case_number,
        tuple(problems),
        never,
        refused,
        progress,
    )


def _materials(gathered: Iterable[str]) -> tuple[MaterialView, ...]:
    have = set(gathered)
    return tuple(MaterialView(m.code, m.label, m.required, m.code in have) for m in MATERIALS)
