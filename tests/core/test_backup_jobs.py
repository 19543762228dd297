"""Backups as the window makes them: to the folder and with the password kept for this PC,
recorded in the history; the automatic backups' state; the restore of the latest good backup
over a damaged database, and the restore from the window."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mediation_desk.db.database import Database
from mediation_desk.db.models import Case, HistoryEntry
from mediation_desk.errors import Cancelled, DeskError
from mediation_desk.progress import Progress
from mediation_desk.services.backup import list_backups, make_backup
from mediation_desk.services.backup_jobs import (
    NOT_SET,
    back_up_now,
    backup_state,
    latest_good_backup,
    restore_in_place,
    restore_latest_good_backup,
    server_tools_problem,
    verify_selected,
)
from mediation_desk.services.backup_settings import save_backup_settings
from mediation_desk.services.data_check import check_sqlite_file
from mediation_desk.services.restore_offer import (
    NO_GOOD_BACKUP,
    NOT_CONFIGURED,
    RestoreOffer,
    restore_latest,
    restore_offer,
)
from tests.conftest import Centre, open_database, seed_centre
from tests.desk import run
from tests.documents.sample import register_sample_case

T0 = dt.datetime(2026, 12, 2, 9, 30)
PASSWORD = "调解备份-2026"


@dataclass
class Data:
    folder: Path
    url: str
    db: Database
    centre: Centre
    usb: Path

    def back_up(self, at: dt.datetime = T0, how: str = "手动", **kw: object):  # type: ignore[no-untyped-def]
        return run(
            self.db,
            back_up_now,
            data_dir=self.folder,
            database_url=self.url,
            how=how,
            actor=self.centre.actor,
            now=at,
            **kw,
        )

    def cases(self) -> int:
        db = Database(self.url)
        try:
            with db.engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(Case)).scalar_one())
        finally:
            db.dispose()


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Data]:
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'mediation.db'}"
    db = open_database(url)
    centre = seed_centre(db)
    case_id = register_sample_case(db, centre)
    (folder / "cases" / str(case_id)).mkdir(parents=True)
    (folder / "cases" / str(case_id) / "scan.jpg").write_bytes(os.urandom(3000))
    yield Data(folder, url, db, centre, tmp_path / "usb")
    db.dispose()


def _summaries(db: Database, action: str) -> list[str]:
    with db.engine.connect() as conn:
        query = select(HistoryEntry.summary).where(HistoryEntry.action == action)
        return list(conn.execute(query.order_by(HistoryEntry.id)).scalars())


def test_a_backup_goes_to_the_kept_folder_and_is_recorded(data: Data) -> None:
    with pytest.raises(DeskError, match="尚未设置备份文件夹"):
        data.back_up()
    save_backup_settings(data.folder, folder=data.usb, encrypt=True, password=PASSWORD)
    with pytest.raises(DeskError, match="无法访问"):  # not made anew on the PC's own disk
        data.back_up()
    assert not data.usb.exists()
    data.usb.mkdir()
    result = data.back_up(how="自动")
    assert result.info.encrypted and result.info.case_count == 1
    [summary] = _summaries(data.db, "backup")
    assert summary.startswith("自动备份数据到") and "1 件案件" in summary and "已加密" in summary
    [listed] = list_backups(data.usb)
    assert verify_selected(data.folder, listed).name == listed.name  # the saved password


def test_the_state_says_what_is_due_and_why_not(data: Data) -> None:
    state = backup_state(data.folder, data.url)
    assert state.problem == NOT_SET and state.due(T0, T0) is None
    save_backup_settings(data.folder, folder=data.usb, encrypt=False)
    state = backup_state(data.folder, data.url)
    assert state.problem and "无法访问" in state.problem  # the stick is not plugged in
    data.usb.mkdir()
    state = backup_state(data.folder, data.url)
    assert state.problem is None and state.due(T0, T0) is not None
    data.back_up()
    state = backup_state(data.folder, data.url)
    assert state.last is not None and state.last.created_at == T0
    assert state.due(T0 + dt.timedelta(hours=1), T0) is None
    later = state.due(T0 + dt.timedelta(hours=4), T0)
    assert later is not None and later.quick_check
    data.back_up(T0 + dt.timedelta(hours=4), quick_check=True)
    assert backup_state(data.folder, data.url).last.check_kind == "quick_check"  # type: ignore[union-attr]
    save_backup_settings(data.folder, folder=data.usb, encrypt=False, automatic=False)
    assert backup_state(data.folder, data.url).due(T0 + dt.timedelta(days=3), T0) is None


def test_a_cancelled_backup_leaves_no_backup(data: Data) -> None:
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        make_backup(data.folder, data.url, data.usb, at=T0, progress=progress)
    assert list_backups(data.usb) == []


def _damage(url: str) -> None:
    path = Path(url.removeprefix("sqlite:///"))
    for name in (path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 2)
        f.write(bytes((i * 37 + 11) % 256 for i in range(size - size // 2)))


@pytest.mark.parametrize("password", ["", PASSWORD])
def test_the_latest_good_backup_is_restored_over_a_damaged_database(
    data: Data, password: str
) -> None:
    assert restore_offer(data.folder) == RestoreOffer(False, NOT_CONFIGURED)
    save_backup_settings(
        data.folder, folder=data.usb, encrypt=bool(password), password=password or None
    )
    data.usb.mkdir()
    assert restore_offer(data.folder) == RestoreOffer(False, NO_GOOD_BACKUP)
    data.back_up()
    newest = T0 + dt.timedelta(hours=5)
    register_sample_case(data.db, data.centre, applicant="王五")
    data.back_up(newest)
    offer = restore_offer(data.folder)
    assert offer == RestoreOffer(True, "2026年12月2日 14:30 的备份（2 件案件）")
    data.db.dispose()
    _damage(data.url)
    assert not check_sqlite_file(data.url)[0]
    restore_latest(data.folder, data.url)
    assert check_sqlite_file(data.url)[0] and data.cases() == 2
    db = Database(data.url)
    try:
        [summary] = _summaries(db, "restore_backup")
        assert "数据库损坏后" in summary and "backup-20261202-143000" in summary
    finally:
        db.dispose()
    assert list(data.folder.glob("mediation.db.before-restore-*"))  # the damaged file kept


def test_a_damaged_newest_backup_gives_way_to_the_one_before(data: Data) -> None:
    save_backup_settings(data.folder, folder=data.usb, encrypt=False)
    data.usb.mkdir()
    data.back_up(T0 - dt.timedelta(days=1))  # rotation keeps one backup a day
    register_sample_case(data.db, data.centre, applicant="王五")
    newest = data.back_up().info
    manifest = newest.path / "manifest.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('"pieces": [', '"pieces": ["0" ,')
    )
    data.db.dispose()
    _damage(data.url)
    restore_latest_good_backup(data.folder, data.url)
    assert data.cases() == 1


def test_nothing_to_restore_is_said_in_chinese(data: Data) -> None:
    save_backup_settings(data.folder, folder=data.usb, encrypt=False)
    assert latest_good_backup(data.folder) is None
    with pytest.raises(DeskError, match="没有找到可以恢复的完好备份"):
        restore_latest(data.folder, data.url)


def test_restore_from_the_window_keeps_the_data_aside_and_records_it(data: Data) -> None:
    save_backup_settings(data.folder, folder=data.usb, encrypt=True, password=PASSWORD)
    data.usb.mkdir()
    info = data.back_up().info
    register_sample_case(data.db, data.centre, applicant="王五")
    assert data.cases() == 2
    with pytest.raises(DeskError, match="备份密码不正确"):
        run(
            data.db,
            restore_in_place,
            info.path,
            data_dir=data.folder,
            database_url=data.url,
            password="not the password",
            actor=data.centre.actor,
        )
    assert data.cases() == 2  # nothing moved
    result = run(
        data.db,
        restore_in_place,
        info.path,
        data_dir=data.folder,
        database_url=data.url,
        actor=data.centre.actor,
        now=T0 + dt.timedelta(days=1),
    )
    assert data.cases() == 1
    assert [p.name for p in result.kept_aside] == [
        "mediation.db.before-restore-20261203-093000",
        "cases.before-restore-20261203-093000",
    ]
    db = Database(data.url)
    try:
        [summary] = _summaries(db, "restore_backup")
        assert "程序窗口" in summary
    finally:
        db.dispose()


def test_postgres_without_its_tools_says_what_the_administrator_must_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("shutil.which", lambda _name: None)
    problem = server_tools_problem("postgresql+psycopg://desk@10.0.0.2/m")
    assert problem and "pg_dump、pg_restore" in problem and "服务器管理员" in problem
    assert server_tools_problem("sqlite:///x.db") is None


def _restore(data: Data, info, at: dt.datetime = T0 + dt.timedelta(days=1)):  # type: ignore[no-untyped-def]
    return run(
        data.db,
        restore_in_place,
        info.path,
        data_dir=data.folder,
        database_url=data.url,
        actor=data.centre.actor,
        now=at,
    )


def _aside(data: Data) -> list[str]:
    return sorted(p.name for p in data.folder.iterdir() if "before-restore" in p.name)


def test_a_backup_of_a_newer_program_is_refused_before_anything_moves(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_backup_settings(data.folder, folder=data.usb, encrypt=False)
    data.usb.mkdir()
    info = data.back_up().info
    register_sample_case(data.db, data.centre, applicant="王五")
    # this program knows only the revisions before the backup's
    monkeypatch.setattr("mediation_desk.db.migrate.known_revisions", lambda: frozenset({"0001"}))
    with pytest.raises(DeskError, match="较新版本的程序") as refused:
        _restore(data, info)
    assert info.schema_revision in refused.value.message and "升级" in refused.value.message
    assert data.cases() == 2 and _aside(data) == []


def test_the_restore_stands_when_its_history_row_cannot_be_written(
    data: Data, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    save_backup_settings(data.folder, folder=data.usb, encrypt=False)
    data.usb.mkdir()
    info = data.back_up().info
    register_sample_case(data.db, data.centre, applicant="王五")

    def fails(*_a: object, **_k: object) -> None:
        raise DeskError("数据库正忙")

    monkeypatch.setattr("mediation_desk.services.backup_jobs.record_restore", fails)
    result = _restore(data, info)
    assert data.cases() == 1  # replaced
    assert "备份已恢复" in result.note and "未能" in result.note and "数据库正忙" in result.note
    assert "restore recorded no history row" in caplog.text and "王五" not in caplog.text


def test_a_file_that_cannot_be_moved_during_the_restore_is_said_in_chinese(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediation_desk.services.backup import RestoreInterrupted

    save_backup_settings(data.folder, folder=data.usb, encrypt=False)
    data.usb.mkdir()
    info = data.back_up().info
    real = Path.replace

    def held_open(self: Path, target: Path) -> Path:  # Windows: another program holds it
        if self.name == "cases":
            raise PermissionError(32, "The process cannot access the file")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", held_open)
    with pytest.raises(RestoreInterrupted) as interrupted:
        _restore(data, info)
    message = interrupted.value.message
    assert "无法替换数据文件" in message and "mediation.db.before-restore" in message
    assert "process" not in message  # no driver's English
