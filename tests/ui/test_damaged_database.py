"""A database that must not be opened for writing: the window offers restore / read-only /
quit in Chinese, never opens an empty new centre in its place, and a read-only opening
refuses every write."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from mediation_desk.db.startup_check import (
    SEAL_FILE,
    StartupCheck,
    Verdict,
    mark_centre,
    take_seal,
)
from mediation_desk.services.reference import set_centre
from mediation_desk.services.restore_offer import NOT_CONFIGURED, RestoreOffer
from mediation_desk.settings import load_settings
from ui.dialogs.damaged_database_dialog import Choice, DamagedDatabaseDialog
from ui.main_window import MainWindow
from ui.operations import InlineExecutor

NOW = dt.datetime(2026, 12, 1, 9, 0)
SHOTS = Path(os.environ.get("MD_SHOTS", "/tmp/shots-sturdy"))


def _window(qtbot, tmp_path: Path, url: str, choice: Choice, asked: list) -> MainWindow:  # type: ignore[no-untyped-def,type-arg]
    window = MainWindow(
        load_settings(data_dir=tmp_path, database_url=url), executor=InlineExecutor()
    )
    qtbot.addWidget(window)

    def answer(check: StartupCheck, offer: RestoreOffer) -> Choice:
        asked.append((check, offer))
        return choice

    window.ask_refusal = answer
    window.show()
    window.open_database()
    return window


def test_the_offer_names_the_damage_and_the_ways_on(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    check = StartupCheck(Verdict.DAMAGED, tmp_path / "mediation.db", "disk image is malformed")
    offer = RestoreOffer(False, NOT_CONFIGURED)
    dialog = DamagedDatabaseDialog(check.message, str(check.path), offer, None, readable=True)
    qtbot.addWidget(dialog)
    dialog.show()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "damaged_database_dialog.png"))
    assert not dialog.restore_button.isEnabled()
    assert dialog.restore_note.text() == "尚未配置备份"
    assert dialog.read_only_button.isEnabled()
    assert "malformed" not in "".join(
        w.text() for w in dialog.findChildren(type(dialog.restore_note))
    )
    dialog.read_only_button.click()
    assert dialog.choice is Choice.READ_ONLY


def test_an_empty_file_offers_no_read_only_opening(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    check = StartupCheck(Verdict.EMPTY_BUT_EXISTED, tmp_path / "mediation.db")
    offer = RestoreOffer(True, "2026年12月1日 18:00 的备份")
    dialog = DamagedDatabaseDialog(check.message, str(check.path), offer, None, readable=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save(str(SHOTS / "empty_database_dialog.png"))
    assert not dialog.read_only_button.isEnabled() and dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.choice is Choice.RESTORE


def test_an_emptied_database_is_not_opened_as_a_new_centre(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    sqlite_db.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    mark_centre(tmp_path, sqlite_url, at=NOW)
    for name in (path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)
    path.write_bytes(b"")
    asked: list = []  # type: ignore[type-arg]
    window = _window(qtbot, tmp_path, sqlite_url, Choice.QUIT, asked)
    assert [c.verdict for c, _ in asked] == [Verdict.EMPTY_BUT_EXISTED]
    assert asked[0][1] == RestoreOffer(False, NOT_CONFIGURED)
    assert window.db is None and not window.search.isEnabled()
    assert path.stat().st_size == 0  # nothing created in its place
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_damaged_database_opens_read_only_and_refuses_writes(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sqlite_db.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    size = path.stat().st_size
    with path.open("r+b") as f:  # a garbage page at the end (a table no start-up reads)
        f.seek(size - 4096)
        f.write(bytes((i * 37 + 11) % 256 for i in range(4096)))
    asked: list = []  # type: ignore[type-arg]
    window = _window(qtbot, tmp_path, sqlite_url, Choice.READ_ONLY, asked)
    assert [c.verdict for c, _ in asked] == [Verdict.DAMAGED]
    assert window.db is not None and window.db.read_only and window.read_only
    assert "只读" in window.windowTitle()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    assert window.ctx is not None
    window.session.enter(sqlite_centre.actor)  # signed in (a read-only file can be read)
    window.ctx.ops.run(window, lambda uow: set_centre(uow, name="新中心"))
    assert shown and "只读" in shown[0] and "不能保存" in shown[0]
    window.grab().save(str(SHOTS / "read_only_window.png"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_good_start_leaves_the_marker(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    asked: list = []  # type: ignore[type-arg]
    window = _window(qtbot, tmp_path, sqlite_url, Choice.QUIT, asked)
    assert not asked and window.db is not None and not window.read_only
    assert (tmp_path / "centre.json").stat().st_mode & 0o777 == 0o600


def test_a_normal_close_seals_the_file_and_a_damaged_one_is_never_sealed(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    sqlite_db.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    window = _window(qtbot, tmp_path, sqlite_url, Choice.QUIT, [])
    assert window.session is not None
    window.session.enter(sqlite_centre.actor)  # signing in writes
    window.close()
    # sealed after the last write: the next start finds the file exactly as sealed
    assert take_seal(tmp_path, path, now=dt.datetime.now() + dt.timedelta(minutes=1))

    with path.open("r+b") as f:  # then the disk goes bad
        f.seek(path.stat().st_size - 4096)
        f.write(bytes((i * 37 + 11) % 256 for i in range(4096)))
    window = _window(qtbot, tmp_path, sqlite_url, Choice.READ_ONLY, [])
    assert window.read_only
    window.close()
    assert not (tmp_path / SEAL_FILE).exists()


def test_a_database_on_read_only_media_is_told_in_chinese(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def read_only_media(*_a, **_k) -> None:  # type: ignore[no-untyped-def]
        orig = sqlite3.OperationalError("attempt to write a readonly database")
        orig.sqlite_errorname = "SQLITE_READONLY"  # type: ignore[attr-defined]
        raise OperationalError("CREATE TABLE", {}, orig)

    monkeypatch.setattr("mediation_desk.db.migrate.upgrade_to_head", read_only_media)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    window = _window(qtbot, tmp_path, f"sqlite:///{tmp_path / 'mediation.db'}", Choice.QUIT, [])
    assert window.db is None and shown
    assert "只读" in shown[0] and "readonly" not in shown[0] and "Error" not in shown[0]


def test_restore_of_the_latest_good_backup_reopens_the_window(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.accounts import sign_in_names
    from mediation_desk.services.backup import list_backups, make_backup
    from mediation_desk.services.backup_settings import save_backup_settings

    usb = tmp_path.parent / f"{tmp_path.name}-usb"
    save_backup_settings(tmp_path, folder=usb, encrypt=True, password="调解备份-2026")
    make_backup(tmp_path, sqlite_url, usb, at=NOW, password="调解备份-2026")
    sqlite_db.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    mark_centre(tmp_path, sqlite_url, at=NOW)
    for name in (path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)
    path.write_bytes(b"")
    asked: list = []  # type: ignore[type-arg]
    window = _window(qtbot, tmp_path, sqlite_url, Choice.RESTORE, asked)
    offer = asked[0][1]
    assert offer.available and offer.description == "2026年12月1日 09:00 的备份（0 件案件）"
    qtbot.waitUntil(lambda: window.db is not None)
    assert not window.read_only and window.ctx is not None
    assert window.ctx.ops.read(sign_in_names) == ["测试员"]
    assert path.stat().st_size > 0 and list(tmp_path.glob("test.db.before-restore-*"))
    assert len(list_backups(usb)) == 1
