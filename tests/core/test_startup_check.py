"""The start-up check: a damaged, empty or missing database where a centre existed is refused
(never opened for writing); a damaged file can be opened read-only, where every write is
refused in Chinese."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mediation_desk.db.database import READ_ONLY_MESSAGE, Database
from mediation_desk.db.models import Operator
from mediation_desk.db.startup_check import (
    MARKER_FILE,
    SEAL_FILE,
    SEAL_MAX_AGE,
    BackgroundCheck,
    CleanClose,
    Verdict,
    centre_existed,
    check_database,
    mark_centre,
)
from mediation_desk.errors import StorageError
from tests.conftest import open_database
from tests.desk import add_account, reading

NOW = dt.datetime(2026, 12, 1, 9, 0)
LATIN = re.compile(r"[A-Za-z]{4,}")  # no English words (driver text) in what the user reads


def _centre_db(folder: Path) -> tuple[Path, str]:
    path = folder / "mediation.db"
    url = f"sqlite:///{path}"
    db = open_database(url)
    for i in range(300):  # enough rows for several pages of table and index
        add_account(db, f"操作员{i:03d}")
    db.dispose()
    mark_centre(folder, url, at=NOW)
    return path, url


def _damage_page(path: Path, page: int) -> None:
    """Overwrite one page in the middle of the file with garbage (a bad disk sector)."""
    with path.open("r+b") as f:
        f.seek(4096 * page)
        f.write(bytes((i * 37 + 11) % 256 for i in range(4096)))


def test_a_new_folder_is_a_new_centre(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mediation.db'}"
    check = check_database(url, tmp_path)
    assert check.verdict is Verdict.NEW and not check.refused
    (tmp_path / "mediation.db").touch()  # 0 bytes, no centre before: still new
    assert check_database(url, tmp_path).verdict is Verdict.NEW


def test_a_good_database_passes(tmp_path: Path) -> None:
    _, url = _centre_db(tmp_path)
    check = check_database(url, tmp_path)
    assert check.verdict is Verdict.OK and not check.deferred
    assert check.message == "数据库检查通过。"


def test_a_missing_database_where_a_centre_existed_is_refused(tmp_path: Path) -> None:
    path, url = _centre_db(tmp_path)
    path.unlink()
    check = check_database(url, tmp_path)
    assert check.verdict is Verdict.MISSING_BUT_EXISTED and check.refused
    assert "不会新建" in check.message and not LATIN.search(check.message)


def test_an_empty_database_where_a_centre_existed_is_refused(tmp_path: Path) -> None:
    path, url = _centre_db(tmp_path)
    for name in (path.name + "-wal", path.name + "-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    path.write_bytes(b"")
    check = check_database(url, tmp_path)
    assert check.verdict is Verdict.EMPTY_BUT_EXISTED and check.refused
    assert "0 字节" in check.message


def test_a_garbage_page_is_found_by_the_full_check(tmp_path: Path) -> None:
    path, url = _centre_db(tmp_path)
    pages = path.stat().st_size // 4096
    assert pages > 6
    _damage_page(path, pages // 2)
    check = check_database(url, tmp_path)
    assert check.verdict is Verdict.DAMAGED and check.refused
    assert check.detail  # what SQLite said goes to the log
    assert "损坏" in check.message and not LATIN.search(check.message)


def test_a_garbage_header_is_damaged(tmp_path: Path) -> None:
    path, url = _centre_db(tmp_path)
    with path.open("r+b") as f:
        f.write(b"not a database at all")
    assert check_database(url, tmp_path).verdict is Verdict.DAMAGED


def test_a_large_file_is_checked_in_the_background_and_no_write_begins_before(
    tmp_path: Path,
) -> None:
    path, url = _centre_db(tmp_path)
    # a data page near the end (the schema's own pages are spread over the first half)
    _damage_page(path, path.stat().st_size // 4096 - 2)
    check = check_database(url, tmp_path, full_max_bytes=0)  # "large": header only now
    assert check.verdict is Verdict.OK and check.deferred
    background = BackgroundCheck(path)
    db = Database(url)
    db.write_guard = background.guard
    with pytest.raises(StorageError) as refused:
        add_account(db, "新操作员")
    assert "损坏" in refused.value.message and not LATIN.search(refused.value.message)
    result = background.wait()
    assert result is not None and result.verdict is Verdict.DAMAGED
    db.dispose()


def test_the_read_only_opening_reads_and_refuses_every_write(tmp_path: Path) -> None:
    path, url = _centre_db(tmp_path)
    size = path.stat().st_size
    db = Database(url, read_only=True)
    with reading(db) as s:
        # and the reserved "系统" row
        assert s.scalar(select(func.count()).select_from(Operator)) == 301
    with pytest.raises(StorageError) as refused:
        add_account(db, "新操作员")
    assert refused.value.message == READ_ONLY_MESSAGE
    # even a write that bypasses the unit of work is refused by SQLite, in Chinese
    from sqlalchemy.exc import DBAPIError

    with db.engine.connect() as conn, pytest.raises(DBAPIError) as raw:
        conn.exec_driver_sql("DELETE FROM operator")
    assert db.translate(raw.value).message == READ_ONLY_MESSAGE
    db.dispose()
    assert path.stat().st_size == size


def test_the_marker_records_each_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mediation.db'}"
    mark_centre(tmp_path, url, at=NOW)
    mark_centre(tmp_path, url, at=NOW)
    other = tmp_path / "other.db"
    assert centre_existed(tmp_path, tmp_path / "mediation.db")
    assert not centre_existed(tmp_path, other)
    assert (tmp_path / MARKER_FILE).read_text(encoding="utf-8").count("mediation.db") == 1
    if os.name == "posix":
        assert (tmp_path / MARKER_FILE).stat().st_mode & 0o777 == 0o600


def test_a_server_database_is_not_checked_here(tmp_path: Path) -> None:
    check = check_database("postgresql+psycopg://u@h/db", tmp_path)
    assert check.verdict is Verdict.OK
    mark_centre(tmp_path, "postgresql+psycopg://u@h/db", at=NOW)
    assert not (tmp_path / MARKER_FILE).exists()


def _sealed_after_a_passed_check(tmp_path: Path) -> tuple[Path, str]:
    path, url = _centre_db(tmp_path)
    background = BackgroundCheck(path)
    assert background.wait() is not None
    assert CleanClose(path, background).seal(tmp_path, at=NOW)
    return path, url


def test_a_file_unchanged_since_a_clean_close_is_not_checked_again(tmp_path: Path) -> None:
    _path, url = _sealed_after_a_passed_check(tmp_path)
    if os.name == "posix":
        assert (tmp_path / SEAL_FILE).stat().st_mode & 0o777 == 0o600
    check = check_database(url, tmp_path, full_max_bytes=0, now=NOW + dt.timedelta(hours=14))
    assert check.verdict is Verdict.OK and not check.deferred
    assert not (tmp_path / SEAL_FILE).exists()  # one seal, one opening
    again = check_database(url, tmp_path, full_max_bytes=0, now=NOW + dt.timedelta(hours=15))
    assert again.deferred  # a crash in this session would leave no seal: checked again


def test_a_seal_that_does_not_match_the_file_is_not_trusted(tmp_path: Path) -> None:
    folders = [tmp_path / name for name in ("written", "open", "old", "garbled")]
    for folder in folders:
        folder.mkdir()
    written, still_open, old, garbled = folders
    later = NOW + dt.timedelta(hours=1)

    _path, url = _sealed_after_a_passed_check(written)
    db = Database(url)
    add_account(db, "夜里改动")  # another program wrote the file after the seal
    db.dispose()
    assert check_database(url, written, full_max_bytes=0, now=later).deferred

    _path, url = _sealed_after_a_passed_check(still_open)
    db = Database(url)
    add_account(db, "仍在写")  # …and still has it open: the write is in the log
    assert check_database(url, still_open, full_max_bytes=0, now=later).deferred
    db.dispose()

    _path, url = _sealed_after_a_passed_check(old)
    week_later = NOW + SEAL_MAX_AGE + dt.timedelta(minutes=1)
    assert check_database(url, old, full_max_bytes=0, now=week_later).deferred

    _path, url = _sealed_after_a_passed_check(garbled)
    (garbled / SEAL_FILE).write_text("{damaged", encoding="utf-8")
    assert check_database(url, garbled, full_max_bytes=0, now=later).deferred
    assert not (garbled / SEAL_FILE).exists()


def test_no_seal_without_a_passed_check_or_with_a_log_left(tmp_path: Path) -> None:
    path, _url = _centre_db(tmp_path)
    _damage_page(path, path.stat().st_size // 4096 - 2)
    background = BackgroundCheck(path)
    assert background.wait() is not None
    assert not CleanClose(path, background).seal(tmp_path, at=NOW)  # damaged: never sealed
    other = tmp_path / "other"
    other.mkdir()
    path, _url = _centre_db(other)
    path.with_name(path.name + "-wal").write_bytes(b"\0" * 32)  # another program has it open
    assert not CleanClose(path).seal(other, at=NOW)
    assert not (other / SEAL_FILE).exists()
