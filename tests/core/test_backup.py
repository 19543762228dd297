"""Backups: a verified SQLite copy plus the case folders by content address; incremental,
sealed with the backup password, rotated 7/4/12; restore verifies first and keeps the old
data aside, and the restore is in the history."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mediation_desk.db.database import Database
from mediation_desk.services.backup import (
    BackupDamaged,
    BackupError,
    WrongPassword,
    keep_set,
    list_backups,
    make_backup,
    record_restore,
    restore_backup,
    rotate_backups,
    verify_backup,
)
from mediation_desk.services.data_check import check_case_files, check_sqlite_file
from tests.conftest import Centre, open_database, seed_centre
from tests.desk import run
from tests.documents.sample import register_sample_case

T0 = dt.datetime(2026, 12, 2, 9, 30)


@dataclass
class Data:
    folder: Path
    url: str
    db: Database
    centre: Centre
    dest: Path

    def backup(self, at: dt.datetime = T0, **kw: object):  # type: ignore[no-untyped-def]
        return make_backup(self.folder, self.url, self.dest, at=at, **kw)  # type: ignore[arg-type]


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Data]:
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'mediation.db'}"
    db = open_database(url)
    centre = seed_centre(db)
    case_id = register_sample_case(db, centre)
    case_dir = folder / "cases" / str(case_id)
    (case_dir / "attachments").mkdir(parents=True)
    for i in range(5):
        (case_dir / "attachments" / f"scan{i}.jpg").write_bytes(os.urandom(2000) + bytes([i]))
    (case_dir / "人民调解协议书_v1.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(500))
    yield Data(folder, url, db, centre, tmp_path / "usb")
    db.dispose()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_restores_database_and_case_files(data: Data) -> None:
    before = _tree(data.folder / "cases")
    result = data.backup()
    assert result.files_total == 6 and result.info.case_count == 1
    assert result.info.check == "ok" and result.info.schema_revision
    [listed] = list_backups(data.dest)
    assert listed.name == "backup-20261202-093000" and listed.case_count == 1
    # the data changes after the backup: a new case, a changed and a lost file
    register_sample_case(data.db, data.centre, applicant="王五")
    some = next((data.folder / "cases").rglob("scan0.jpg"))
    some.write_bytes(b"changed")
    next((data.folder / "cases").rglob("scan1.jpg")).unlink()
    data.db.dispose()

    restored = restore_backup(listed.path, data.folder, data.url, at=T0 + dt.timedelta(hours=1))
    assert _tree(data.folder / "cases") == before
    assert check_sqlite_file(data.url) == (True, 1, [])
    names = sorted(p.name for p in restored.kept_aside)
    assert names == [
        "cases.before-restore-20261202-103000",
        "mediation.db.before-restore-20261202-103000",
    ]
    # the old data is kept aside as it was
    assert (data.folder / "cases.before-restore-20261202-103000").is_dir()
    db = open_database(data.url)
    try:
        run(db, record_restore, restored, actor=data.centre.actor)
        from sqlalchemy import select

        from mediation_desk.db.models import HistoryEntry

        with db.engine.connect() as conn:
            entry = conn.execute(
                select(HistoryEntry.summary).where(HistoryEntry.action == "restore_backup")
            ).scalar_one()
        assert "backup-20261202-093000" in entry and "1 件案件" in entry
        assert run(db, check_case_files, data.folder)[1] == []
    finally:
        db.dispose()


def test_a_later_backup_copies_only_the_changed_files(data: Data) -> None:
    first = data.backup()
    assert first.files_copied >= 6
    changed = next((data.folder / "cases").rglob("scan2.jpg"))
    changed.write_bytes(b"a new scan")
    second = data.backup(T0 + dt.timedelta(days=1))
    assert second.files_total == 6
    # the changed scan, and the database pieces that changed (a small database: one piece)
    assert second.files_copied <= 2
    assert second.bytes_copied < first.bytes_copied
    assert verify_backup(second.info.path).name == second.info.name
    assert verify_backup(first.info.path).name == first.info.name


def test_encrypted_backup_needs_its_password(data: Data) -> None:
    result = data.backup(password="村里的秘密")
    raw = b"".join(p.read_bytes() for p in data.dest.rglob("*") if p.is_file())
    assert b"%PDF" not in raw and "人民调解协议书".encode() not in raw
    assert b"SQLite format 3" not in raw
    [info] = list_backups(data.dest)
    assert info.encrypted and info.case_count == 1 and info.file_count is None
    with pytest.raises(WrongPassword, match="备份密码不正确"):
        verify_backup(result.info.path, password="猜一个")
    with pytest.raises(BackupError, match="请输入备份密码"):
        verify_backup(result.info.path)
    assert verify_backup(result.info.path, password="村里的秘密").case_count == 1
    with pytest.raises(WrongPassword):
        restore_backup(result.info.path, data.folder, data.url, at=T0, password="错的")
    assert not list(data.folder.glob("*.before-restore-*"))  # nothing moved


@pytest.mark.parametrize("password", ["", "pw"])
def test_tampered_backup_is_detected_and_not_restored(data: Data, password: str) -> None:
    result = data.backup(password=password)
    victim = max(
        (p for p in (data.dest / "objects").rglob("*") if p.is_file()),
        key=lambda p: p.stat().st_size,
    )
    raw = bytearray(victim.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    victim.write_bytes(bytes(raw))
    with pytest.raises(BackupDamaged, match="已被改动"):
        verify_backup(result.info.path, password=password)
    data.db.dispose()
    with pytest.raises(BackupDamaged):
        restore_backup(result.info.path, data.folder, data.url, at=T0, password=password)
    assert not list(data.folder.glob("*.before-restore-*"))


def test_changed_case_count_in_the_manifest_is_detected(data: Data) -> None:
    for password in ("", "pw"):
        dest = data.dest / (password or "plain")
        info = make_backup(data.folder, data.url, dest, at=T0, password=password).info
        manifest = info.path / "manifest.json"
        m = json.loads(manifest.read_text(encoding="utf-8"))
        m["case_count"] = 999
        manifest.write_text(json.dumps(m), encoding="utf-8")
        with pytest.raises(BackupDamaged):
            verify_backup(info.path, password=password)


def test_files_are_private(data: Data) -> None:
    data.backup(password="pw")
    for p in data.dest.rglob("*"):
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), (p, oct(mode))


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    start = dt.datetime(2025, 1, 1, 18)
    stamps = [start + dt.timedelta(days=d) for d in range(500)]
    kept = keep_set(stamps)
    newest = stamps[-1]
    daily = {t for t in stamps if (newest - t).days < 7}
    assert daily <= kept
    weeks = {t.isocalendar()[:2] for t in kept}
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and len(weeks) >= 4
    assert len(kept) <= 7 + 4 + 12
    assert min(kept) > newest - dt.timedelta(days=370)


@pytest.mark.parametrize("password", ["", "pw"])
def test_rotation_removes_old_backups_and_their_unused_files(data: Data, password: str) -> None:
    scan = next((data.folder / "cases").rglob("scan3.jpg"))
    for day in range(10):
        scan.write_bytes(f"version {day}".encode())
        data.backup(T0 + dt.timedelta(days=day), rotate=False, password=password)
    removed = rotate_backups(data.dest, password=password)
    assert len(removed) == 10 - 7
    left = list_backups(data.dest)
    assert len(left) == 7
    for b in left:
        verify_backup(b.path, password=password)
    objects = {p.name for p in (data.dest / "objects").rglob("*") if p.is_file()}
    import hashlib

    assert hashlib.sha256(b"version 0").hexdigest() not in objects
    assert hashlib.sha256(b"version 9").hexdigest() in objects


def test_backup_folder_that_cannot_be_written_is_refused_in_chinese(data: Data) -> None:
    blocker = data.dest
    blocker.write_text("not a folder")
    with pytest.raises(BackupError, match="无法写入"):
        data.backup()


def test_check_finds_a_changed_case_file(data: Data) -> None:
    from tests.documents.sample import full_case

    case_id = full_case(data.db, data.centre)
    from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
    from mediation_desk.services.documents import case_folder, generate_documents

    folder = case_folder(data.folder, case_id)
    run(
        data.db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.AGREEMENT],
        formats=[FileFormat.DOCX],
        folder=folder,
        allow_missing=True,
        actor=data.centre.actor,
    )
    assert run(data.db, check_case_files, data.folder) == (1, [])
    doc = next(folder.glob("*.docx"))
    doc.write_bytes(b"broken")
    count, problems = run(data.db, check_case_files, data.folder)
    assert count == 1 and problems == [f"案件文件已被改动或损坏：cases/{case_id}/{doc.name}"]


def test_a_quick_check_backup_says_so(data: Data) -> None:
    full = data.backup()
    quick = data.backup(T0 + dt.timedelta(hours=1), quick_check=True)
    assert full.info.check_kind == "integrity_check"
    assert quick.info.check_kind == "quick_check"
    listed = {b.name: b.check_kind for b in list_backups(data.dest)}
    assert listed[quick.info.name] == "quick_check"
    assert verify_backup(quick.info.path).check_ok


def _pg_url() -> str:
    from tests.conftest import PG_URL, _fresh_pg_url

    if not PG_URL:
        pytest.skip("PostgreSQL test server not configured (MEDIATION_DESK_TEST_PG_URL)")
    return _fresh_pg_url()


@pytest.mark.postgres
def test_postgres_backup_and_restore_with_pg_dump(tmp_path: Path) -> None:
    import shutil

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    url = _pg_url()
    db = open_database(url)
    centre = seed_centre(db)
    register_sample_case(db, centre)
    db.dispose()
    data = tmp_path / "data"
    data.mkdir()
    result = make_backup(data, url, tmp_path / "usb", at=T0, password="pw")
    assert result.info.case_count == 1
    assert verify_backup(result.info.path, password="pw").case_count == 1
    other = _pg_url()  # an empty database on the server: restored into
    restore_backup(result.info.path, data, other, at=T0, password="pw")
    restored = Database(other)
    try:
        from sqlalchemy import text

        with restored.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM mediation_case")).scalar() == 1
    finally:
        restored.dispose()


def test_postgres_without_pg_dump_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    url = "postgresql+psycopg://desk@192.0.2.1:5432/mediation"
    with pytest.raises(BackupError, match=r"没有安装 pg_dump.*服务器管理员"):
        make_backup(tmp_path, url, tmp_path / "usb", at=T0)


def test_a_copy_failing_its_check_stores_no_piece_of_it(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs beside the case files; a bad copy leaves no named database piece and
    no backup (case-file objects may be written, to be collected by rotation)."""
    from mediation_desk.db import sqlite_copy
    from mediation_desk.services import backup

    def damaged(path: Path, *, quick: bool = False) -> object:
        raise sqlite_copy.CopyFailed("数据库副本“database.sqlite”未通过完整性检查：page 3")

    monkeypatch.setattr(backup, "verify_copy", damaged)
    with pytest.raises(BackupError, match="未通过完整性检查"):
        data.backup()
    assert list_backups(data.dest) == []
    named = [p for p in (data.dest / "objects").rglob("*") if p.is_file()]
    assert all(p.name.endswith(".partial") for p in named)  # nothing took its name
    monkeypatch.undo()
    good = data.backup()
    assert verify_backup(good.info.path).name == good.info.name
    assert not list((data.dest / "objects").rglob("*.partial"))


def test_objects_are_flushed_in_batches_and_named_only_then(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several flushes in one backup (a batch of 2 files); the same content twice is one
    object; every object is whole and named when the backup is done."""
    from mediation_desk.services import backup

    flushed: list[int] = []
    real = backup._sync_files

    def counting(paths: list[Path]) -> None:
        assert all(p.name.endswith(".partial") and p.exists() for p in paths)
        flushed.append(len(paths))
        real(paths)

    monkeypatch.setattr(backup, "_sync_files", counting)
    monkeypatch.setattr(backup._ObjectWriter, "FLUSH_FILES", 2)
    twin = data.folder / "cases" / "twin.jpg"
    twin.write_bytes(next((data.folder / "cases").rglob("scan1.jpg")).read_bytes())
    result = data.backup()
    assert len(flushed) >= 3 and max(flushed) <= 2
    assert sum(flushed) == result.files_copied
    assert not list((data.dest / "objects").rglob("*.partial"))
    assert verify_backup(result.info.path).name == result.info.name
    restored = data.folder / "restored"
    restored.mkdir()
    url = f"sqlite:///{restored / 'mediation.db'}"
    restore_backup(result.info.path, restored, url, at=T0 + dt.timedelta(hours=1))
    assert (restored / "cases" / "twin.jpg").read_bytes() == twin.read_bytes()
