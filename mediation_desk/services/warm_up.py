"""What the first save of a case would otherwise load while the clerk waits — the intake
service's modules, the statistics rows' statements, the pinyin readings table, the holiday
calendar for the time limit — loaded once in
the background after start-up, while the clerk is still typing (issue 13: the first save in a
fresh process ≤ 30 ms).

Nothing is written or read from the database here: only modules, tables and compiled
statements that a save would build the same way.
"""

from __future__ import annotations


def warm_up_saving(dialect: str) -> None:
    """Load and build what saving a case needs, for the ``dialect`` the database speaks."""
    from ..db.case_stats import prepare_statements
    from ..domain.work_calendar import base_calendar
    from . import intake  # noqa: F401  (the service and what it imports)
    from .indexing import initials_variants

    initials_variants("张")  # the single-character readings table (≈ 10 ms of JSON)
    base_calendar()  # chinesecalendar's tables, for the case's time limit
    prepare_statements(dialect)
