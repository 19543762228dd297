"""settings.toml written by hand: top-level keys appended after the app's ``[backup]`` table,
and the idle-lock time kept within bounds."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from mediation_desk.services.backup_settings import load_backup_settings, save_backup_settings
from mediation_desk.settings import DEFAULT_IDLE_LOCK_MINUTES, load_settings

SERVER = "postgresql+psycopg://desk:s3cret@server/mediation"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "usb").mkdir()
    save_backup_settings(folder, folder=tmp_path / "usb", encrypt=False)  # [backup] at the end
    return folder


def _append(data: Path, text: str) -> None:
    with open(data / "settings.toml", "a", encoding="utf-8") as f:
        f.write(text)


def test_top_level_keys_appended_after_backup_are_honoured(  # type: ignore[no-untyped-def]
    data: Path, caplog
) -> None:
    _append(
        data,
        f'idle_lock_minutes = 3\ndatabase_url = "{SERVER}"\n'
        "lock_timeout_seconds = 20\nstatement_timeout_seconds = 90\n",
    )
    with caplog.at_level(logging.WARNING, logger="mediation_desk.settings"):
        s = load_settings(data_dir=data)
    assert s.idle_lock_minutes == 3 and s.database_url == SERVER
    assert (s.timeouts.lock, s.timeouts.statement) == (20, 90)
    assert "idle_lock_minutes" in caplog.text and "[backup]" in caplog.text
    assert "s3cret" not in caplog.text and "server" not in caplog.text  # names, no values


def test_a_key_already_at_the_top_wins(data: Path) -> None:
    text = (data / "settings.toml").read_text(encoding="utf-8")
    (data / "settings.toml").write_text("idle_lock_minutes = 5\n\n" + text, encoding="utf-8")
    _append(data, "idle_lock_minutes = 30\n")
    assert load_settings(data_dir=data).idle_lock_minutes == 5


def test_saving_the_backup_page_moves_them_back_to_the_top(data: Path, tmp_path: Path) -> None:
    _append(data, f'idle_lock_minutes = 3\ndatabase_url = "{SERVER}"\n')
    save_backup_settings(data, folder=tmp_path / "usb", encrypt=False, automatic=False)
    text = (data / "settings.toml").read_text(encoding="utf-8")
    parsed = tomllib.loads(text)
    assert parsed["idle_lock_minutes"] == 3 and parsed["database_url"] == SERVER
    assert "idle_lock_minutes" not in parsed["backup"]
    assert text.index("database_url") < text.index("[backup]")
    assert not load_backup_settings(data).automatic
    s = load_settings(data_dir=data)
    assert s.idle_lock_minutes == 3 and s.database_url == SERVER


def test_hoisted_keys_go_before_any_other_table(data: Path, tmp_path: Path) -> None:
    text = (data / "settings.toml").read_text(encoding="utf-8")
    (data / "settings.toml").write_text(
        'database_url = "sqlite:///x.db"\n\n[printing]\nduplex = true\n\n' + text,
        encoding="utf-8",
    )
    _append(data, "idle_lock_minutes = 7\n")
    save_backup_settings(data, folder=tmp_path / "usb", encrypt=False)
    parsed = tomllib.loads((data / "settings.toml").read_text(encoding="utf-8"))
    assert parsed["idle_lock_minutes"] == 7 and parsed["printing"] == {"duplex": True}


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("0", DEFAULT_IDLE_LOCK_MINUTES),
        ("-5", DEFAULT_IDLE_LOCK_MINUTES),
        ('"ten"', DEFAULT_IDLE_LOCK_MINUTES),
        ("0.2", 1.0),
        ("1e12", 1440.0),
        ("inf", 1440.0),
        ("nan", DEFAULT_IDLE_LOCK_MINUTES),
        ("45", 45.0),
    ],
)
def test_idle_lock_minutes_is_kept_within_a_minute_and_a_day(
    tmp_path: Path, written: str, read: float
) -> None:
    (tmp_path / "settings.toml").write_text(f"idle_lock_minutes = {written}\n", encoding="utf-8")
    assert load_settings(data_dir=tmp_path).idle_lock_minutes == read
