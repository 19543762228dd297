"""Generated files: saved in the case folder, recorded with versions, earlier ones kept."""

from __future__ import annotations

import hashlib

from mediation_desk.documents.builders import DocumentKind
from mediation_desk.services.documents import case_folder, generate, generate_many, list_generated
from mediation_desk.services.history import case_history
from tests.documents.sample import full_case


def test_versions_are_kept(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    folder = case_folder(tmp_path, case_id)
    first = generate(
        db,
        centre.actor,
        case_id=case_id,
        kind=DocumentKind.AGREEMENT,
        file_format="pdf",
        folder=folder,
    )
    second = generate(
        db,
        centre.actor,
        case_id=case_id,
        kind=DocumentKind.AGREEMENT,
        file_format="pdf",
        folder=folder,
    )
    assert (first.version, second.version) == (1, 2)
    assert (folder / first.file_name).exists() and (folder / second.file_name).exists()
    assert first.file_name.startswith("人民调解协议书_（2026）城南人调字第")
    data = (folder / second.file_name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == second.sha256
    rows = list_generated(db, case_id)
    assert [(r.kind, r.version) for r in rows] == [
        (DocumentKind.AGREEMENT, 2),
        (DocumentKind.AGREEMENT, 1),
    ]
    assert rows[0].operator_name == "测试员"
    assert sum(h.action == "document" for h in case_history(db, case_id)) == 2


def test_whole_pack_with_progress(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    seen: list[tuple[int, int]] = []
    kinds = [DocumentKind.AGREEMENT, DocumentKind.CONFIRMATION_APPLICATION]
    out = generate_many(
        db,
        centre.actor,
        case_id=case_id,
        kinds=kinds,
        formats=["pdf", "docx"],
        folder=tmp_path,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert len(out) == 4 and seen[-1] == (4, 4)
    assert {r.file_format for r in out} == {"pdf", "docx"}
