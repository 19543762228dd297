"""The demo archives the lifecycle story "closed" through the real services."""

from __future__ import annotations

from mediation_desk.demo.case_file_demo import archive_closed_story
from mediation_desk.demo.lifecycle_demo import seed_lifecycle_cases
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.services import case_file as cf
from mediation_desk.services.cases import get_case
from tests.desk import run


def test_the_demo_archives_the_closed_story(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = run(
        sqlite_db, seed_lifecycle_cases, sqlite_centre.street_unit_id, actor=sqlite_centre.actor
    )
    case_id = run(
        sqlite_db, archive_closed_story, ids, data_dir=tmp_path, actor=sqlite_centre.actor
    )
    assert run(sqlite_db, get_case, case_id).status is CaseStatus.ARCHIVED
    contents = run(sqlite_db, cf.case_file_contents, case_id=case_id, data_dir=tmp_path)
    assert len(contents.attachments) == 5 and contents.archive is not None
    assert contents.archive.page_count == contents.page_count
