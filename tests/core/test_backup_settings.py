"""This PC's backup settings: kept in settings.toml's [backup] table with the rest of the file
untouched; the password sealed under a key file, never in clear."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from mediation_desk.errors import DeskError
from mediation_desk.services.backup_settings import (
    KEY_FILE,
    BackupSettings,
    backup_password,
    load_backup_settings,
    password_problem,
    save_backup_settings,
)
from mediation_desk.settings import load_settings

PASSWORD = "调解备份-2026"


def test_nothing_kept_means_no_folder_and_no_encryption(tmp_path: Path) -> None:
    assert load_backup_settings(tmp_path) == BackupSettings()
    assert not load_backup_settings(tmp_path).configured
    assert backup_password(tmp_path) == ""


def test_the_rest_of_settings_toml_is_kept(tmp_path: Path) -> None:
    original = (
        '# the server of the centre\ndatabase_url = "postgresql+psycopg://desk@10.0.0.2/m"\n'
        "lock_timeout_seconds = 12\n\n[backup]\nfolder = 'old'\n\n[other]\nx = 1\n"
    )
    (tmp_path / "settings.toml").write_text(original, encoding="utf-8")
    usb = tmp_path.parent / "usb 盘" / 'E:\\调解"备份'
    saved = save_backup_settings(tmp_path, folder=usb, encrypt=False, automatic=False)
    assert saved.folder == usb and not saved.encrypt and not saved.automatic
    text = (tmp_path / "settings.toml").read_text(encoding="utf-8")
    assert text.startswith("# the server of the centre\n")
    data = tomllib.loads(text)
    assert data["other"] == {"x": 1} and data["lock_timeout_seconds"] == 12
    assert data["backup"]["folder"] == str(usb)
    settings = load_settings(data_dir=tmp_path)
    assert settings.database_url.startswith("postgresql") and settings.timeouts.lock == 12
    assert load_backup_settings(tmp_path) == saved


def test_the_password_is_sealed_not_in_clear(tmp_path: Path) -> None:
    usb = tmp_path.parent / "usb"
    saved = save_backup_settings(
        tmp_path, folder=usb, encrypt=True, password=PASSWORD, repeat=PASSWORD
    )
    assert saved.encrypt and saved.password_saved
    text = (tmp_path / "settings.toml").read_text(encoding="utf-8")
    assert PASSWORD not in text and PASSWORD.encode("utf-8").hex() not in text
    assert backup_password(tmp_path) == PASSWORD
    if os.name == "posix":
        assert (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "settings.toml").stat().st_mode & 0o777 == 0o600
    # saving again without a password keeps the saved one
    save_backup_settings(tmp_path, folder=usb, encrypt=True)
    assert backup_password(tmp_path) == PASSWORD
    # settings.toml alone (copied to another PC) does not give it away
    (tmp_path / KEY_FILE).write_bytes(os.urandom(32))
    with pytest.raises(DeskError, match="重新输入备份密码"):
        backup_password(tmp_path)


def test_turning_encryption_off_forgets_the_password(tmp_path: Path) -> None:
    usb = tmp_path.parent / "usb"
    save_backup_settings(tmp_path, folder=usb, encrypt=True, password=PASSWORD, repeat=PASSWORD)
    saved = save_backup_settings(tmp_path, folder=usb, encrypt=False)
    assert not saved.password_saved and backup_password(tmp_path) == ""
    assert not (tmp_path / KEY_FILE).exists()
    with pytest.raises(DeskError, match="请设置备份密码"):
        save_backup_settings(tmp_path, folder=usb, encrypt=True)


@pytest.mark.parametrize(
    ("password", "repeat", "why"),
    [
        ("short", "short", "至少 8 个字符"),
        (PASSWORD, PASSWORD + "x", "不一致"),
        (" " + PASSWORD, " " + PASSWORD, "空格"),
    ],
)
def test_a_poor_password_is_refused(tmp_path: Path, password: str, repeat: str, why: str) -> None:
    assert why in (password_problem(password, repeat) or "")
    with pytest.raises(DeskError, match=why):
        save_backup_settings(
            tmp_path,
            folder=tmp_path.parent / "usb",
            encrypt=True,
            password=password,
            repeat=repeat,
        )
    assert not (tmp_path / "settings.toml").exists()


def test_the_folder_must_not_be_inside_the_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DeskError, match="不能在数据文件夹之内"):
        save_backup_settings(tmp_path, folder=tmp_path / "backups", encrypt=False)
    with pytest.raises(DeskError, match="完整路径"):
        save_backup_settings(tmp_path, folder=Path("backups"), encrypt=False)


def test_an_unusual_settings_file_is_not_rewritten(tmp_path: Path) -> None:
    original = 'backup.folder = "x"\n'  # a dotted key: the table cannot be replaced safely
    (tmp_path / "settings.toml").write_text(original, encoding="utf-8")
    with pytest.raises(DeskError, match="手工编辑"):
        save_backup_settings(tmp_path, folder=tmp_path.parent / "usb", encrypt=False)
    assert (tmp_path / "settings.toml").read_text(encoding="utf-8") == original
