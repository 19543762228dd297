"""设置 › 数据备份: choose the folder, encrypt with a password typed twice, back up now, the
list of backups, verify one, restore one (asked first, the window closes after); the window's
automatic backups and the one at close; the status bar's notice when the stick is missing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from mediation_desk.db.database import Database
from mediation_desk.db.models import Case, HistoryEntry, Operator
from mediation_desk.services.backup import list_backups
from mediation_desk.services.backup_settings import (
    backup_password,
    load_backup_settings,
    save_backup_settings,
)
from mediation_desk.settings import load_settings
from tests.documents.sample import register_sample_case
from tests.ui.conftest import make_ctx
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.operations import InlineExecutor
from ui.views.backup_view import BackupView

NOW = dt.datetime(2026, 12, 2, 9, 30)
PASSWORD = "调解备份-2026"
SHOTS = Path(os.environ.get("MD_SHOTS", "/tmp/shots-backupui"))


def _ctx(sqlite_db, sqlite_centre, sqlite_url, tmp_path: Path, now: dt.datetime) -> AppContext:  # type: ignore[no-untyped-def]
    ctx = make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=now)
    settings = load_settings(data_dir=tmp_path / "data", database_url=sqlite_url)
    return AppContext(settings=settings, ops=ctx.ops)


def _cases(url: str) -> int:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Case)).scalar_one())
    finally:
        db.dispose()


def _actions(url: str) -> list[str]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return list(conn.execute(select(HistoryEntry.action)).scalars())
    finally:
        db.dispose()


def test_choose_folder_encrypt_back_up_list_verify_and_restore(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    register_sample_case(sqlite_db, sqlite_centre)
    usb = tmp_path / "usb"
    usb.mkdir()
    ctx = _ctx(sqlite_db, sqlite_centre, sqlite_url, tmp_path, NOW)
    view = BackupView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    assert "尚未设置备份文件夹" in view.status_label.text()
    assert not view.backup_button.isEnabled()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    view.choose_button.click()
    assert view.folder_edit.text() == str(usb)
    view.encrypt_box.setChecked(True)
    view.password_edit.setText(PASSWORD)
    view.repeat_edit.setText(PASSWORD + "?")
    view.save_row.button.click()
    assert "不一致" in view.save_row.message.text()
    assert not load_backup_settings(ctx.settings.data_dir).configured
    view.repeat_edit.setText(PASSWORD)
    view.save_row.button.click()
    assert "已保存" in view.save_row.message.text()
    assert backup_password(ctx.settings.data_dir) == PASSWORD
    assert view.password_edit.text() == "" and "已保存" in view.password_edit.placeholderText()

    view.backup_button.click()
    assert "备份完成并已校验：1 件案件" in view.result_label.text(), view.result_label.text()
    assert view.table.rowCount() == 1
    assert view.table.item(0, 2).text() == "完整检查通过"
    assert view.table.item(0, 3).text() == "是"
    assert "共 1 份" in view.status_label.text()
    assert _actions(sqlite_url)[-1] == "backup"  # in the history (after the copy was made)

    register_sample_case(sqlite_db, sqlite_centre, applicant="王五")
    view.table.selectRow(0)
    asked: list[str] = []
    view.ask_password = lambda prompt: asked.append(prompt) or ""  # type: ignore[func-returns-value]
    view.verify_button.click()
    assert "完好" in view.result_label.text() and "留空则使用" in asked[0]

    view.ask_confirm = lambda question: asked.append(question) or False  # type: ignore[func-returns-value]
    view.restore_button.click()
    assert _cases(sqlite_url) == 2  # declined: nothing restored
    assert "另存为" in asked[-1] and "程序会关闭" in asked[-1]

    view.ask_confirm = lambda _q: True
    told: list[str] = []
    view.tell = lambda _title, text: told.append(text)
    with qtbot.waitSignal(view.restored):
        view.restore_button.click()
    assert _cases(sqlite_url) == 1
    assert "请重新启动" in told[0] and "before-restore" in told[0]
    assert _actions(sqlite_url)[-1] == "restore_backup"
    assert not ctx.ops.shown.errors and not ctx.ops.shown.bugs  # type: ignore[attr-defined]


def test_a_wrong_password_is_said_beside_the_list(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(sqlite_db, sqlite_centre, sqlite_url, tmp_path, NOW)
    save_backup_settings(
        ctx.settings.data_dir, folder=tmp_path / "usb", encrypt=True, password=PASSWORD
    )
    view = BackupView(ctx)
    qtbot.addWidget(view)
    assert "无法访问" in view.status_label.text()  # the stick is not plugged in
    (tmp_path / "usb").mkdir()
    view.reload()
    view.backup_button.click()
    view.table.selectRow(0)
    view.ask_password = lambda _p: "这不是密码123"
    view.verify_button.click()
    assert "备份密码不正确" in view.result_label.text()


def test_the_page_with_a_few_backups(qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.backup import make_backup

    register_sample_case(sqlite_db, sqlite_centre)
    usb = tmp_path / "usb"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    save_backup_settings(data_dir, folder=usb, encrypt=False)
    for days, quick in ((3, False), (1, False), (0, True)):
        make_backup(
            data_dir,
            sqlite_url,
            usb,
            at=NOW - dt.timedelta(days=days, hours=days),
            quick_check=quick,
        )
    ctx = _ctx(sqlite_db, sqlite_centre, sqlite_url, tmp_path, NOW)
    view = BackupView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    view.table.selectRow(0)
    assert view.table.rowCount() == 3 and view.restore_button.isEnabled()
    assert view.table.item(0, 2).text() == "快速检查通过"
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "backup_page.png"))


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _window(qtbot, tmp_path: Path, url: str, clock: Clock, actor) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = load_settings(data_dir=tmp_path / "data", database_url=url)
    window = MainWindow(settings, clock=clock, executor=InlineExecutor())
    qtbot.addWidget(window)
    window.show()
    window.open_database()
    window.session.enter(actor)  # signed in (tests/ui/test_sign_in.py)
    return window


def test_the_window_backs_up_by_itself_and_at_close(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    register_sample_case(sqlite_db, sqlite_centre)
    clock = Clock(NOW)
    usb = tmp_path / "usb"
    window = _window(qtbot, tmp_path, sqlite_url, clock, sqlite_centre.actor)
    auto = window.auto_backup
    assert auto is not None and window.ctx is not None and window.ctx.ops.actor is not None
    auto.check()
    assert auto.notice.isVisible() and "尚未设置备份文件夹" in auto.notice.text()
    save_backup_settings(tmp_path / "data", folder=usb, encrypt=False)
    auto.check()
    assert "U 盘未插好" in auto.notice.text() and list_backups(usb) == []
    usb.mkdir()
    auto.check()  # no backup yet: at once, a full check
    assert not auto.notice.isVisible()
    [first] = list_backups(usb)
    assert first.check_kind == "integrity_check"
    clock.now = NOW + dt.timedelta(hours=1)
    auto.check()
    assert len(list_backups(usb)) == 1  # not due yet
    clock.now = NOW + dt.timedelta(hours=4)
    auto.check()
    assert list_backups(usb)[0].check_kind == "quick_check"
    clock.now = NOW + dt.timedelta(hours=5)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    newest = list_backups(usb)[0]
    assert newest.created_at == clock.now and newest.check_kind == "quick_check"
    assert _actions(sqlite_url).count("backup") == 3


def test_a_failed_backup_at_close_is_told_and_the_close_goes_on(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.backup import BackupError

    usb = tmp_path / "usb"
    usb.mkdir()
    (tmp_path / "data").mkdir()
    save_backup_settings(tmp_path / "data", folder=usb, encrypt=False)
    window = _window(qtbot, tmp_path, sqlite_url, Clock(NOW), sqlite_centre.actor)
    auto = window.auto_backup
    assert auto is not None
    told: list[str] = []
    auto.tell = told.append
    auto.started = auto.clock() - dt.timedelta(hours=1)

    def full_stick(*_a, **_k):  # type: ignore[no-untyped-def]
        raise BackupError("备份文件夹无法写入（OSError）。")

    monkeypatch.setattr("mediation_desk.services.backup_jobs.make_backup", full_stick)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert told and "无法写入" in told[0]


def test_quitting_after_signing_out_still_backs_up(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    """The backup at close is upkeep: nobody need be signed in (recorded under 系统)."""
    usb = tmp_path / "usb"
    usb.mkdir()
    (tmp_path / "data").mkdir()
    save_backup_settings(tmp_path / "data", folder=usb, encrypt=False)
    window = _window(qtbot, tmp_path, sqlite_url, Clock(NOW), sqlite_centre.actor)
    assert window.session is not None and window.ctx is not None
    window.ctx.ops.show_error = lambda *_a: None
    window.session.sign_out()
    assert window.ctx.ops.actor is None
    window.session.prompt.reject()  # 退出 on the sign-in dialog closes the window
    qtbot.waitUntil(lambda: not window.isVisible())
    assert len(list_backups(usb)) == 1
    db = Database(sqlite_url)
    try:
        with db.engine.connect() as conn:
            who = conn.execute(
                select(Operator.is_system)
                .join(HistoryEntry, HistoryEntry.operator_id == Operator.id)
                .where(HistoryEntry.action == "backup")
            ).scalar()
    finally:
        db.dispose()
    assert who is True


def test_a_restore_whose_history_row_fails_still_closes_the_window(
    qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.errors import DeskError

    usb = tmp_path / "usb"
    usb.mkdir()
    ctx = _ctx(sqlite_db, sqlite_centre, sqlite_url, tmp_path, NOW)
    save_backup_settings(ctx.settings.data_dir, folder=usb, encrypt=False)
    view = BackupView(ctx)
    qtbot.addWidget(view)
    view.backup_button.click()
    view.table.selectRow(0)

    def fails(*_a, **_k):  # type: ignore[no-untyped-def]
        raise DeskError("数据库正忙")

    monkeypatch.setattr("mediation_desk.services.backup_jobs.record_restore", fails)
    view.ask_confirm = lambda _q: True
    told: list[str] = []
    view.tell = lambda _title, text: told.append(text)
    with qtbot.waitSignal(view.restored):
        view.restore_button.click()
    assert "未能把这次恢复记入操作历史" in told[0] and "请重新启动" in told[0]
    assert not ctx.ops.shown.errors  # type: ignore[attr-defined]
