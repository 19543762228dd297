"""Chinese telephone numbers: mobiles (手机) and landlines with area code (固定电话).

Normalised forms: mobile ``13812345678``; landline ``010-12345678``, with an extension
kept as a ``-123`` suffix (``010-12345678-123``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .digits import ascii_decimals

_RE_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_RE_EXTENSION = re.compile(r"(?:转|分机|ext\.?)\s*(.*)$", re.IGNORECASE)
_RE_ALLOWED = re.compile(r"[0-9-]+")
_DROP = str.maketrans("", "", " \t()[]")
_MOBILE_MESSAGE = "手机号码应为11位，以1开头"
_AREA_MESSAGE = "固定电话应写区号，如 010-12345678"


class PhoneError(ValueError):
    """A telephone number that cannot be accepted; ``code`` is stable, ``message`` Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class PhoneInfo:
    """A normalised telephone number."""

    number: str
    is_mobile: bool


def _landline(digits: str) -> tuple[str, str] | None:
    """Split ``0`` + area code + local number, or return None if it does not fit."""
    area_len = 3 if digits[1:2] in ("1", "2") else 4
    area, local = digits[:area_len], digits[area_len:]
    if len(area) == area_len and local.isascii() and local.isdigit() and 7 <= len(local) <= 8:
        return area, local
    return None


def _check_extension(ext: str) -> str:
    ext = ext.replace("-", "")
    if not (ext.isascii() and ext.isdigit() and len(ext) <= 6):
        raise PhoneError("phone_extension", "分机号应为1至6位数字")
    return ext


def normalize_phone(raw: str) -> PhoneInfo:
    """Normalise a mobile or landline number; raise :class:`PhoneError` if invalid."""
    text = ascii_decimals(unicodedata.normalize("NFKC", raw)).translate(_DROP).strip()
    if not text:
        raise PhoneError("phone_empty", "请填写电话号码")
    ext = ""
    match = _RE_EXTENSION.search(text)
    if match:
        ext = _check_extension(match.group(1))
        text = text[: match.start()]
    text = text.strip("-")
    plus = text.startswith("+")
    text = text.removeprefix("+")
    if not text:
        raise PhoneError("phone_empty", "请填写电话号码")
    if not _RE_ALLOWED.fullmatch(text):
        raise PhoneError("phone_chars", "电话号码只能包含数字、空格、括号和连字符")
    parts = text.split("-")
    digits = "".join(parts)
    # Country code: 0086 / +86 before a mobile or an area code; bare 86 only before a mobile.
    for prefix in ("0086", "86"):
        rest = digits.removeprefix(prefix)
        if rest == digits:
            continue
        if _RE_MOBILE.fullmatch(rest):
            digits, parts = rest, [rest]
        elif prefix == "0086" or plus:
            digits = rest if rest.startswith("0") else "0" + rest
            parts = [digits]
        break
    if digits.startswith("1"):
        if not _RE_MOBILE.fullmatch(digits):
            raise PhoneError("phone_mobile", _MOBILE_MESSAGE)
        if ext:
            raise PhoneError("phone_extension", "手机号码不能带分机号")
        return PhoneInfo(digits, True)
    if not digits.startswith("0"):
        raise PhoneError("phone_area_code", _AREA_MESSAGE)
    # A second hyphen may introduce an extension: 010-12345678-123.
    if not ext and len(parts) >= 3:
        head = "".join(parts[:-1])
        if _landline(head) and len(parts[-1]) <= 6:
            digits, ext = head, parts[-1]
    split = _landline(digits)
    if split is None:
        raise PhoneError(
            "phone_landline", "固定电话号码位数不对，应为区号加7或8位号码，如 010-12345678"
        )
    number = "-".join(split) + (f"-{ext}" if ext else "")
    return PhoneInfo(number, False)
