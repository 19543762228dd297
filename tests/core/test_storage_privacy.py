"""Database errors never carry the values that were being written (personal data); every
file the app creates is readable by its user only; a full disk leaves nothing behind; two
counters generating the same document get distinct, intact versions."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from mediation_desk.db.models import Operator
from mediation_desk.errors import StorageError
from tests.desk import reading, run, writing


def test_integrity_error_hides_parameters(db) -> None:  # type: ignore[no-untyped-def]
    secret = "王秘密"
    row = {"name": secret, "active": True, "created_at": dt.datetime(2026, 11, 21)}
    with writing(db) as s:
        s.execute(insert(Operator), row)
    with pytest.raises(StorageError) as caught, writing(db) as s:
        s.execute(insert(Operator), row)
    assert secret not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


# ----- files readable by the user only; full disk; concurrent versions

NOW = dt.datetime(2026, 11, 21, 10, 0)
ENGLISH = re.compile(r"[A-Za-z]{4,}")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _register(db, centre) -> int:  # type: ignore[no-untyped-def]
    from mediation_desk.services import intake
    from tests.factories import two_party_draft

    draft = two_party_draft(centre.street_unit_id)
    return run(db, intake.register_case, draft, actor=centre.actor, now=NOW).id


def _generate(db, centre, case_id: int, folder: Path):  # type: ignore[no-untyped-def]
    from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
    from mediation_desk.services.documents import generate_documents

    return run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION],
        formats=[FileFormat.PDF],
        folder=folder,
        actor=centre.actor,
        now=NOW,
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: the per-user profile)")
def test_every_file_the_app_creates_is_private(tmp_path: Path) -> None:
    from mediation_desk.db.migrate import backup_sqlite_file
    from mediation_desk.logs import configure_logging
    from mediation_desk.settings import load_settings
    from tests.conftest import open_database, seed_centre

    old = os.umask(0o022)  # as a careless environment would have it
    try:
        data = tmp_path / "data"
        data.mkdir(mode=0o755)
        settings = load_settings(data_dir=data, database_url=None)
        db = open_database(settings.database_url)
        centre = seed_centre(db)
        folder = data / "cases" / "1"
        _generate(db, centre, _register(db, centre), folder)
        backup = backup_sqlite_file(db, at=NOW)
        log = configure_logging(data)
        db.dispose()
    finally:
        os.umask(old)
    assert _mode(data) == 0o700
    db_file = data / "mediation.db"
    assert _mode(db_file) == 0o600
    assert all(_mode(p) == 0o600 for p in data.glob("mediation.db-*"))
    assert _mode(folder) == 0o700
    docs = list(folder.iterdir())
    assert docs and all(_mode(p) == 0o600 for p in docs)
    assert backup is not None and _mode(backup) == 0o600
    assert _mode(log.parent) == 0o700 and _mode(log) == 0o600


def test_a_full_disk_leaves_no_part_file_and_nothing_saved(
    db, centre, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.db.agreement_models import GeneratedDocument

    case_id = _register(db, centre)
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
        f = real_fdopen(fd, *args, **kwargs)

        class Full:
            def __enter__(self):  # type: ignore[no-untyped-def]
                return self

            def __exit__(self, *exc):  # type: ignore[no-untyped-def]
                f.close()

            def write(self, _data):  # type: ignore[no-untyped-def]
                raise OSError(errno.ENOSPC, "No space left on device")

            def __getattr__(self, name):  # type: ignore[no-untyped-def]
                return getattr(f, name)

        return Full()

    monkeypatch.setattr("mediation_desk.db.files.os.fdopen", fdopen)
    with pytest.raises(StorageError) as caught:
        _generate(db, centre, case_id, tmp_path / "docs")
    message = caught.value.message
    assert "磁盘已满" in message and "文书" in message and not ENGLISH.search(message)
    assert not [p for p in (tmp_path / "docs").rglob("*") if p.is_file()]  # no .part, no orphan
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(GeneratedDocument)) == 0
    monkeypatch.undo()
    saved = _generate(db, centre, case_id, tmp_path / "docs")
    assert saved[0].version == 1  # the failed attempt took no version number


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘已满"),
        (errno.EROFS, "只读"),
        (errno.EACCES, "权限"),
        (errno.EIO, "磁盘"),
    ],
)
def test_file_errors_are_told_in_chinese(code: int, words: str) -> None:
    from mediation_desk.db.storage_errors import translate_os_error

    message = translate_os_error(OSError(code, "English driver text"), what="文书").message
    assert words in message and "文书" in message and not ENGLISH.search(message)


def test_two_counters_generating_the_same_document_get_distinct_intact_versions(
    db, centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    folder = tmp_path / "docs"
    errors: list[BaseException] = []

    def counter() -> None:
        try:
            for _ in range(3):
                _generate(db, centre, case_id, folder)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=counter) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    from mediation_desk.services.documents import list_generated

    rows = run(db, list_generated, case_id)
    assert sorted(r.version for r in rows) == list(range(1, 13))
    assert len({r.file_name for r in rows}) == 12
    for r in rows:
        assert hashlib.sha256((folder / r.file_name).read_bytes()).hexdigest() == r.sha256
    assert not list(folder.glob("*.part")) and not list(folder.glob(".*"))


@pytest.mark.parametrize(
    ("name", "driver_text", "words"),
    [
        ("SQLITE_READONLY", "attempt to write a readonly database", "只读"),
        ("SQLITE_FULL", "database or disk is full", "磁盘已满"),
        ("SQLITE_BUSY", "database is locked", "数据库正忙"),
        ("SQLITE_IOERR_WRITE", "disk I/O error", "磁盘"),
        ("SQLITE_CORRUPT", "database disk image is malformed", "损坏"),
    ],
)
def test_storage_failures_are_told_in_chinese(name: str, driver_text: str, words: str) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from mediation_desk.db.storage_errors import translate

    orig = sqlite3.OperationalError(driver_text)
    orig.sqlite_errorname = name  # type: ignore[attr-defined]
    message = translate(OperationalError("INSERT", {}, orig), lock_timeout_s=8).message
    assert words in message and not ENGLISH.search(message)


def test_a_server_that_is_down_is_told_in_chinese() -> None:
    from sqlalchemy.exc import OperationalError

    from mediation_desk.db.storage_errors import translate

    class Refused(Exception):
        sqlstate = None

    error = OperationalError("SELECT 1", {}, Refused("connection refused: is the server running"))
    message = translate(error, lock_timeout_s=8).message
    assert "服务器" in message and not ENGLISH.search(message)
