"""``mediation-desk backup --to DIR``, ``restore FILE``, ``check``: for a scheduled task; each
exits non-zero with a Chinese message when something is wrong."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation_desk.cli import main
from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry
from tests.conftest import open_database, seed_centre
from tests.documents.sample import register_sample_case


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@dataclass
class Desk:
    data: Path
    usb: Path

    def cli(self, command: str, *args: str) -> int:
        return main([command, *args, "--data-dir", str(self.data)])


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    data = tmp_path / "data"
    data.mkdir()
    db = open_database(f"sqlite:///{data / 'mediation.db'}")
    centre = seed_centre(db)
    case_id = register_sample_case(db, centre)
    db.dispose()
    folder = data / "cases" / str(case_id)
    folder.mkdir(parents=True)
    (folder / "scan.jpg").write_bytes(os.urandom(3000))
    return Desk(data, tmp_path / "usb")


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Error:" not in err, err


def test_backup_then_restore_from_the_command_line(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    pw = desk.usb.parent / "pw.txt"
    pw.write_text("密码123\n", encoding="utf-8")
    assert desk.cli("backup", "--to", str(desk.usb), "--password-file", str(pw)) == 0
    out, err = capsys.readouterr()
    folder = Path(out.strip())
    assert folder.parent == desk.usb and "备份完成并已校验：1 件案件，1 个案件文件" in err
    assert "已加密" in err

    assert main(["restore", str(desk.usb), "--list"]) == 0
    listing = capsys.readouterr().out
    assert folder.name in listing and "1 件案件" in listing and "检查通过" in listing

    (desk.data / "cases").rename(desk.data / "lost")
    code = desk.cli("restore", str(folder / "manifest.json"), "--password-file", str(pw))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "已恢复备份" in err and "before-restore" in err
    assert len(list((desk.data / "cases").rglob("scan.jpg"))) == 1
    assert list(desk.data.glob("mediation.db.before-restore-*"))
    db = Database(f"sqlite:///{desk.data / 'mediation.db'}")
    try:
        with db.engine.connect() as conn:
            summary = conn.execute(
                select(HistoryEntry.summary).where(HistoryEntry.action == "restore_backup")
            ).scalar_one()
        assert "（命令行）" in summary
    finally:
        db.dispose()
    assert desk.cli("check") == 0
    assert "检查通过" in capsys.readouterr().err


def test_wrong_password_exits_1_in_chinese(desk: Desk, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MEDIATION_DESK_BACKUP_PASSWORD", "对的")
    assert desk.cli("backup", "--to", str(desk.usb)) == 0
    folder = Path(capsys.readouterr().out.strip())
    monkeypatch.setenv("MEDIATION_DESK_BACKUP_PASSWORD", "错的")
    assert desk.cli("restore", str(folder)) == 1
    err = capsys.readouterr().err
    assert "备份密码不正确" in err
    _no_traceback(err)
    assert not list(desk.data.glob("*.before-restore-*"))


def test_check_reports_a_damaged_database(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    db_file = desk.data / "mediation.db"
    raw = bytearray(db_file.read_bytes())
    raw[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200  # a page of a table overwritten
    db_file.write_bytes(bytes(raw))
    code = desk.cli("check")
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "问题" in err
    _no_traceback(out + err)


def test_backup_to_a_folder_that_cannot_be_written(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    desk.usb.write_text("a file, not a folder")
    assert desk.cli("backup", "--to", str(desk.usb)) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err
    _no_traceback(err)


def test_wrong_calls_exit_2_in_chinese(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["backup"]) == 2
    assert "缺少必需的参数：--to" in capsys.readouterr().err
    assert main(["restore", str(desk.usb)]) == 2
    assert "不是一份备份" in capsys.readouterr().err
    assert main(["check", "--data-dir", str(desk.data / "nope")]) == 2
    assert "不存在" in capsys.readouterr().err
