"""A case's report fields (issue 12) between the ``mediation_case`` row and the domain.

Intake, corrections and closing all write them through here, so every path stores them the
same way: the special groups as their codes, persons involved defaulting to the number of
parties, the prevention flags with their persons counts only beside a ticked flag.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..db.models import Case
from ..domain.drafts import CaseDraft
from ..domain.money import figures
from ..domain.report_fields import (
    PREVENTION_COLUMNS,
    PreventionFlags,
    special_groups_label,
    special_groups_to_str,
)
from .places import place_label


def prevention_of(case: Case) -> PreventionFlags:
    return PreventionFlags(
        **{name: getattr(case, column) for name, column in PREVENTION_COLUMNS.items()}
    )


def store_prevention(case: Case, flags: PreventionFlags) -> dict[str, Any]:
    """Write checked flags onto the row; returns what changed (old, new) for the history."""
    flags = flags.checked()
    before = prevention_of(case)
    for name, column in PREVENTION_COLUMNS.items():
        setattr(case, column, getattr(flags, name))
    if before == flags:
        return {}
    return {"prevention": ["、".join(before.labels()), "、".join(flags.labels())]}


def intake_columns(draft: CaseDraft) -> dict[str, Any]:
    """The report columns of a registered or corrected case, from its prepared draft."""
    return {
        "place_code": draft.place_code or None,
        "grid_code": draft.grid_code.strip(),
        "amount_in_dispute_cents": draft.amount_in_dispute_cents,
        "persons_involved": (
            len(draft.parties) if draft.persons_involved is None else draft.persons_involved
        ),
        "special_groups": special_groups_to_str(draft.special_groups),
        "difficult": draft.difficult,
    }


def intake_record(s: Session, draft: CaseDraft) -> dict[str, Any]:
    """The report fields as the registration's history entry shows them (only those given)."""
    out: dict[str, Any] = {}
    if draft.place_code:
        out["place"] = place_label(s, draft.place_code)
    if draft.grid_code:
        out["grid_code"] = draft.grid_code
    if draft.amount_in_dispute_cents is not None:
        out["amount_in_dispute"] = figures(draft.amount_in_dispute_cents)
    if draft.persons_involved is not None:
        out["persons_involved"] = draft.persons_involved
    if draft.special_groups:
        out["special_groups"] = special_groups_label(draft.special_groups)
    if draft.difficult:
        out["difficult"] = True
    return out
