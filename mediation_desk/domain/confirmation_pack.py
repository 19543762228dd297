"""The judicial-confirmation pack of a case: court, deadline, materials, and what is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .agreements import AgreementView
from .confirmation_rules import MATERIALS, CourtChoice, choose_court
from .deadlines import Deadline, confirmation_deadline
from .enums import CaseSource


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


def assemble_pack(
    *,
    case_id: int,
    source: CaseSource,
    referring_body: str,
    default_court: str,
    record: PackRecord,
    agreement: AgreementView | None,
) -> ConfirmationPackView:
    """The pack as the law and the record make it (pure: no storage)."""
    court = choose_court(
        source=source,
        referring_body=referring_body,
        default_court=default_court,
        chosen_rule=record.court_rule,
        chosen_court=record.court_name,
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
        _materials(record.gathered),
        record.applied_on,
        record.court_case_number,
        tuple(problems),
    )


def _materials(gathered: Iterable[str]) -> tuple[MaterialView, ...]:
    have = set(gathered)
    return tuple(MaterialView(m.code, m.label, m.required, m.code in have) for m in MATERIALS)
