"""Validation findings, addressed to a field so the form can show them beside it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks saving
    WARNING = "warning"  # saving allowed; some warnings need a recorded reason to override


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """One finding about one field.

    ``field`` is a path such as ``"dispute_type_code"`` or ``"parties[1].id_number"``;
    ``code`` is stable (used to acknowledge warnings), ``message`` is Chinese for the clerk.
    ``needs_reason`` marks warnings that may only be overridden with a reason, which is kept.
    """

    field: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    needs_reason: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def errors(issues: list[FieldIssue]) -> list[FieldIssue]:
    return [i for i in issues if i.is_error]


def warnings(issues: list[FieldIssue]) -> list[FieldIssue]:
    return [i for i in issues if not i.is_error]
