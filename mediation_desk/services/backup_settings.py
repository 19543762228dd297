"""This PC's backup settings: the folder backups go to, whether they are sealed with a backup
password, the password itself, and whether the window backs up by itself.

**Where.** The ``[backup]`` table of ``settings.toml`` in the data folder. They belong to the
PC, not to the centre's database: a USB stick is ``E:\\`` on one PC and ``/media/…`` on
another, and on PostgreSQL every counter shares one database but each PC plugs in its own
stick. The rest of ``settings.toml`` (``database_url``, timeouts, written by hand) is kept as
it was; only the ``[backup]`` table is rewritten, atomically, and readable by the user only.

**The password, sealed.** The threat the backup password answers is the backup leaving the
PC: a USB stick lost, lent or taken home. The stick holds only sealed objects and its folder's
salt, never this key nor the password. The PC itself keeps the database in clear in the same
data folder, so hiding the password from someone who can already read that folder gains
nothing; what matters is that the password is not *in clear* anywhere it travels. It is kept
in ``settings.toml`` sealed with AES-GCM under a random 256-bit key in
``backup-password.key`` (0600, next to the database, and never put in a backup: backups hold
the database and ``cases/`` only). So ``settings.toml`` can be copied, printed or sent when
asking for help without giving the password away, and a stick with the backups plus a copied
``settings.toml`` still does not open. The OS keyring is not used: it is missing on a Linux PC
without a desktop session, would be one more dependency, and the app must read the password
unattended (automatic backups, the restore offered when the database is damaged).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import DeskError
from ..settings import TOP_LEVEL_KEYS, with_misplaced_keys

SETTINGS_FILE = "settings.toml"
TABLE = "backup"
KEY_FILE = "backup-password.key"
MIN_PASSWORD = 8
DEFAULT_EVERY_HOURS = 4
_AAD = b"mediation-desk backup password v1"
_HEADER = re.compile(r"^\s*\[\[?\s*(\"?)([A-Za-z0-9_-]+)\1\s*[.\]]")
#: A top-level setting's line (``idle_lock_minutes = 3``), wherever it was written.
_TOP_LEVEL_LINE = re.compile(rf"^\s*({'|'.join(TOP_LEVEL_KEYS)})\s*=")


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """What this PC does about backups (``password_saved``: a sealed password is kept)."""

    folder: Path | None = None
    encrypt: bool = False
    automatic: bool = True
    every_hours: int = DEFAULT_EVERY_HOURS
    password_saved: bool = False

    @property
    def configured(self) -> bool:
        return self.folder is not None


def load_backup_settings(data_dir: Path) -> BackupSettings:
    """The settings kept for this PC (defaults when none are: no folder, no encryption)."""
    table = _read_table(data_dir)
    folder = str(table.get("folder") or "").strip()
    every = table.get("every_hours")
    return BackupSettings(
        folder=Path(folder) if folder else None,
        encrypt=bool(table.get("encrypt", False)),
        automatic=bool(table.get("automatic", True)),
        every_hours=every if isinstance(every, int) and 1 <= every <= 24 else DEFAULT_EVERY_HOURS,
        password_saved=bool(table.get("password_sealed")),
    )


def backup_password(data_dir: Path) -> str:
    """The saved backup password ('' when backups are not encrypted or none is saved).

    Raises ``DeskError`` when one was saved but cannot be opened (the key file lost or
    replaced): the backup must not silently go out unencrypted."""
    table = _read_table(data_dir)
    if not table.get("encrypt"):
        return ""
    sealed = str(table.get("password_sealed") or "")
    if not sealed:
        return ""
    try:
        raw = bytes.fromhex(sealed)
        key = (data_dir / KEY_FILE).read_bytes()
        return AESGCM(key).decrypt(raw[:12], raw[12:], _AAD).decode("utf-8")
    except (OSError, ValueError, InvalidTag, UnicodeDecodeError):
        raise DeskError(
            "保存的备份密码无法读出（数据文件夹中的密钥文件丢失或已更换）。"
            "请在“数据备份”页重新输入备份密码。"
        ) from None


def password_problem(password: str, repeat: str) -> str | None:
    """Why a new backup password cannot be used (Chinese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"备份密码至少 {MIN_PASSWORD} 个字符。"
    if password != repeat:
        return "两次输入的备份密码不一致。"
    if password != password.strip():
        return "备份密码的开头和结尾不能是空格。"
    return None


def save_backup_settings(
    data_dir: Path,
    *,
    folder: Path | None,
    encrypt: bool,
    automatic: bool = True,
    password: str | None = None,
    repeat: str | None = None,
    every_hours: int = DEFAULT_EVERY_HOURS,
) -> BackupSettings:
    """Keep the settings; ``password`` None keeps the saved one. Raises ``DeskError``.

    Turning encryption off forgets the password (no secret kept that nothing needs)."""
    if folder is not None:
        folder = folder.expanduser()
        if not folder.is_absolute():
            raise DeskError("请选择备份文件夹的完整路径（如 E:\\调解备份）。")
        inside = _resolved(folder)
        if inside == _resolved(data_dir) or inside.is_relative_to(_resolved(data_dir)):
            raise DeskError(
                "备份文件夹不能在数据文件夹之内：磁盘损坏时备份会一起丢失。"
                "请选择另一块硬盘或 U 盘上的文件夹。"
            )
    table = _read_table(data_dir)
    sealed = str(table.get("password_sealed") or "")
    if encrypt:
        if password:
            problem = password_problem(password, password if repeat is None else repeat)
            if problem:
                raise DeskError(problem)
            sealed = _seal(data_dir, password)
        elif not sealed:
            raise DeskError("要加密备份，请设置备份密码（输入两次）。")
    else:
        sealed = ""
    values: dict[str, Any] = {
        "folder": str(folder) if folder is not None else "",
        "encrypt": encrypt,
        "automatic": automatic,
        "every_hours": every_hours,
    }
    if sealed:
        values["password_sealed"] = sealed
    _write_table(data_dir, values)
    if not sealed:
        with suppress(OSError):
            (data_dir / KEY_FILE).unlink()
    return load_backup_settings(data_dir)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _seal(data_dir: Path, password: str) -> str:
    """The password sealed under this data folder's key (made on first use, 0600)."""
    key_path = data_dir / KEY_FILE
    key = b""
    with suppress(OSError):
        key = key_path.read_bytes()
    if len(key) != 32:
        key = AESGCM.generate_key(bit_length=256)
        _write_private(key_path, key)
    nonce = os.urandom(12)
    return (nonce + AESGCM(key).encrypt(nonce, password.encode("utf-8"), _AAD)).hex()


# --- settings.toml's [backup] table ------------------------------------------------------------


def _read_all(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise DeskError(
            f"无法读取 {path}（文件已损坏或格式有误），请检查或删除后重新设置。"
        ) from None


def _read_table(data_dir: Path) -> dict[str, Any]:
    table = _read_all(data_dir / SETTINGS_FILE).get(TABLE)
    return table if isinstance(table, dict) else {}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _write_table(data_dir: Path, values: dict[str, Any]) -> None:
    """Rewrite the ``[backup]`` table at the end of ``settings.toml``, the rest unchanged;
    the result is parsed again before it replaces the file.

    A top-level setting appended by hand after the table (so inside it) is moved back to the
    top, before any table, where it means what was meant (``settings.with_misplaced_keys``);
    a copy shadowed by the same key already at the top is dropped, as it was never read."""
    path = data_dir / SETTINGS_FILE
    old_text = ""
    with suppress(FileNotFoundError):
        old_text = path.read_text(encoding="utf-8")
    old = with_misplaced_keys({**_read_all(path)})
    kept: list[str] = []
    hoisted: list[str] = []
    on_top: set[str] = set()
    in_table = in_any_table = False
    for line in old_text.splitlines():
        header = _HEADER.match(line)
        if header:
            in_table = header.group(2) == TABLE
            in_any_table = True
        key = _TOP_LEVEL_LINE.match(line)
        if key and not in_any_table:
            on_top.add(key.group(1))
        if in_table and key and key.group(1) not in on_top:
            hoisted.append(line.strip())
            on_top.add(key.group(1))
        elif not in_table:
            kept.append(line)
    first_table = next((i for i, line in enumerate(kept) if _HEADER.match(line)), len(kept))
    kept[first_table:first_table] = hoisted
    while kept and not kept[-1].strip():
        kept.pop()
    lines = [*kept, *([""] if kept else []), f"[{TABLE}]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    text = "\n".join(lines) + "\n"
    try:
        new = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        new = {}
    old.pop(TABLE, None)
    written = new.pop(TABLE, None)
    if new != old or written != values:
        raise DeskError(f"{path} 的写法较特殊，无法自动保存备份设置。请手工编辑该文件。")
    _write_private(path, text.encode("utf-8"))


def _write_private(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed into place), 0600."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if os.name == "posix":
            os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
