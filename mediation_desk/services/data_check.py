"""``mediation-desk check``: is the database sound, and is every recorded case file there,
unchanged (its SHA-256 as recorded when it was imported or generated)?"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from ..db.agreement_models import GeneratedDocument
from ..db.case_file_models import CaseAttachment
from ..db.sqlite_copy import CopyFailed, verify_copy
from ..db.unit_of_work import UnitOfWork
from .document_inputs import case_folder


@dataclass(frozen=True, slots=True)
class CheckReport:
    database_ok: bool
    case_count: int
    files_checked: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.database_ok and not self.problems


def check_sqlite_file(database_url: str) -> tuple[bool, int, list[str]]:
    """``integrity_check`` of an SQLite database (nothing to check here for a server's)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return True, 0, []
    path = Path(url.database)
    if not path.is_file():
        return False, 0, [f"找不到数据库文件“{path}”。"]
    try:
        facts = verify_copy(path)
    except CopyFailed as error:
        return False, 0, [error.message]
    return True, facts.case_count, []


def check_case_files(uow: UnitOfWork, data_dir: Path) -> tuple[int, list[str]]:
    """Every kept attachment and generated document: present, with its recorded SHA-256."""
    session = uow.read()
    expected: list[tuple[int, str, str]] = [
        (r.case_id, r.stored_path, r.sha256)
        for r in session.execute(
            select(CaseAttachment.case_id, CaseAttachment.stored_path, CaseAttachment.sha256).where(
                CaseAttachment.removed.is_(False)
            )
        )
    ]
    expected += [
        (r.case_id, r.file_name, r.sha256)
        for r in session.execute(
            select(GeneratedDocument.case_id, GeneratedDocument.file_name, GeneratedDocument.sha256)
        )
    ]
    problems = []
    for case_id, name, sha in expected:
        path = case_folder(data_dir, case_id) / name
        if not path.is_file():
            problems.append(f"案件文件缺失：cases/{case_id}/{name}")
        elif _sha256(path) != sha:
            problems.append(f"案件文件已被改动或损坏：cases/{case_id}/{name}")
    return len(expected), problems


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            h.update(chunk)
    return h.hexdigest()
