"""Account rules without storage: how a typed name is read, what a password must be, and how
long repeated failed sign-ins are slowed down."""

from __future__ import annotations

import re
import unicodedata

#: The longest account name (the ``operator.name`` column).
MAX_NAME_LENGTH = 60
MIN_PASSWORD_LENGTH = 8

#: From this consecutive failure on, an account waits before the next try.
SLOW_DOWN_FROM = 3
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 300

_SPACES = re.compile(r"\s+")


def normalize_account_name(raw: str) -> str:
    """The name as stored and shown: full-width forms folded (NFKC), invisible format
    characters (zero-width spaces, BOM, direction marks: Unicode category Cf) and control
    characters dropped, runs of white space made one space, ends stripped."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch.isspace()
    )
    return _SPACES.sub(" ", text).strip()


def name_problem(name: str) -> str | None:
    """Why a (normalised) account name cannot be used, in Chinese; None when it can."""
    if not name:
        return "请填写账户名"
    if len(name) > MAX_NAME_LENGTH:
        return f"账户名过长（最多 {MAX_NAME_LENGTH} 个字）"
    return None


def password_problem(password: str, *, name_key: str = "", key_of_password: str = "") -> str | None:
    """The password policy, in Chinese; None when ``password`` is acceptable.

    ``name_key`` and ``key_of_password`` are the account name's and the password's
    uniqueness keys (the service computes both), so "Zhang San" and "zhangsan" count as the
    name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符"
    if len(set(password)) == 1:
        return "密码不能由同一个字符重复组成"
    if name_key and key_of_password == name_key:
        return "密码不能与账户名相同"
    return None


def wait_seconds_after(failures: int) -> int:
    """How long an account waits after ``failures`` consecutive failed sign-ins: nothing for
    the first two, then 5 s, doubling per failure, at most 5 minutes."""
    if failures < SLOW_DOWN_FROM:
        return 0
    return int(min(FIRST_WAIT_SECONDS * 2 ** (failures - SLOW_DOWN_FROM), MAX_WAIT_SECONDS))
