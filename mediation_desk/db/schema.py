"""Every table module, imported together: what Alembic and the schema tests compare.

The app itself imports a table module only where it is used, so start-up (the search box)
does not pay for the scheduling and agreement tables.
"""

from __future__ import annotations

from . import (
    agreement_models,
    audit_models,
    calendar_models,
    case_file_models,
    followup_models,
    minutes_models,
    models,
    performance_models,
    report_models,
    schedule_models,
    supervision_models,
)
from .base import Base

__all__ = [
    "Base",
    "agreement_models",
    "audit_models",
    "calendar_models",
    "case_file_models",
    "followup_models",
    "minutes_models",
    "models",
    "performance_models",
    "report_models",
    "schedule_models",
    "supervision_models",
]
