"""The demo's lifecycle cases reach every state through the real services."""

from __future__ import annotations

import datetime as dt

from mediation_desk.demo.lifecycle_demo import expected_statuses, seed_lifecycle_cases
from mediation_desk.demo.loader import seed_demo_centre
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import document_options
from mediation_desk.services.history import case_history
from tests.desk import run


def test_every_story_ends_where_it_should(db) -> None:  # type: ignore[no-untyped-def]
    def seed(uow):  # type: ignore[no-untyped-def]
        return seed_lifecycle_cases(uow, seed_demo_centre(uow).unit_ids["fushan"])

    ids = run(db, seed)
    expected = expected_statuses()
    assert set(ids) == set(expected)
    for key, case_id in ids.items():
        detail = run(db, get_case, case_id)
        assert detail.status is expected[key], key
        assert run(db, case_history, case_id), key  # each step is in the history
    today = dt.date.today()
    overdue = run(db, get_case, ids["overdue"]).time_limit
    assert overdue is not None and overdue.due is not None and overdue.due < today
    extended = run(db, get_case, ids["extended"]).time_limit
    assert extended is not None and extended.extension_days == 15
    assert extended.due is not None and extended.due > today
    closed = run(db, get_case, ids["closed"])
    assert closed.closed_from is not None and closed.closed_on is not None
    options = run(
        db,
        lambda uow: document_options(load_case_data(uow.read(), ids["back_to_court"])),
    )
    report = next(o for o in options if o.kind is DocumentKind.COURT_REPORT)
    assert report.available, report.reason
