"""GB 11643 citizen identity numbers (居民身份证号码) and the permits sharing their format.

Checks only what the standard makes checkable: length, characters, the birth date and the
ISO 7064 MOD 11-2 check character, plus a 2-digit province prefix. The full 6-digit address
code is deliberately NOT validated: numbers keep the code current when they were issued, and
codes change (``440524188001010014``, the standard's own example, must be accepted).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from mediation_desk.domain.enums import Gender, IdType

from .digits import ascii_decimals
from .province_codes import PROVINCES

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by S mod 11
PROVINCE_CODES: frozenset[str] = frozenset(PROVINCES)
HMT_PREFIXES: tuple[str, ...] = ("810000", "820000", "830000")
_RE_18 = re.compile(r"[0-9]{17}[0-9X]")
_RE_15 = re.compile(r"[0-9]{15}")
_RE_17 = re.compile(r"[0-9]{17}")
_FORMAT_MESSAGE = "身份证号码应为18位（或15位旧号码），最后一位可为X"


class IdNumberError(ValueError):
    """An identity number that cannot be accepted; ``code`` is stable, ``message`` Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ResidentIdInfo:
    """What a valid GB 11643 number tells us."""

    number: str  # normalised: 18 chars, upper-case X
    birth_date: dt.date
    gender: Gender
    converted_from_15: bool
    province_code: str  # first 2 digits
    kind: IdType


def gb11643_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for 17 digits."""
    if not _RE_17.fullmatch(first17):
        raise IdNumberError("id_format", "计算校验位需要17位数字")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def convert_15_to_18(number15: str) -> str:
    """Convert a legacy 15-digit number: insert "19" after the address code, add the check."""
    if not _RE_15.fullmatch(number15):
        raise IdNumberError("id_format", _FORMAT_MESSAGE)
    body = number15[:6] + "19" + number15[6:]
    return body + gb11643_check_char(body)


def _normalise(raw: str) -> str:
    """Full width to half width, every script's digits as 0–9, no spaces, upper-case X."""
    return "".join(ascii_decimals(unicodedata.normalize("NFKC", raw)).split()).upper()


def parse_gb11643(raw: str, *, today: dt.date) -> ResidentIdInfo:
    """Validate and decode an identity number; raise :class:`IdNumberError` if invalid."""
    number = _normalise(raw)
    if not number:
        raise IdNumberError("id_empty", "请填写身份证号码")
    converted = False
    if _RE_15.fullmatch(number):
        number = number[:6] + "19" + number[6:]
        converted = True
    elif not _RE_18.fullmatch(number):
        raise IdNumberError("id_format", _FORMAT_MESSAGE)
    y, m, d = number[6:10], number[10:12], number[12:14]
    try:
        birth = dt.date(int(y), int(m), int(d))
    except ValueError:
        raise IdNumberError("id_bad_date", f"身份证号码中的出生日期 {y}-{m}-{d} 不存在") from None
    if birth > today:
        raise IdNumberError("id_future_date", f"身份证号码中的出生日期 {y}-{m}-{d} 晚于今天")
    province = number[:2]
    permanent = number.startswith("9")
    issuer = number[1:3] if permanent else province  # 9 + the issuing province's code
    if issuer not in PROVINCE_CODES:
        where = f"第2、3位 {issuer}" if permanent else f"前两位 {province}"
        raise IdNumberError("id_bad_province", f"身份证号码{where} 不是有效的省级代码")
    if converted:
        number = number + gb11643_check_char(number)
    elif gb11643_check_char(number[:17]) != number[17]:
        raise IdNumberError("id_bad_check", "身份证号码校验位不正确，请核对是否输错")
    if permanent:
        kind = IdType.PERMANENT_RESIDENCE
    elif number.startswith(HMT_PREFIXES):
        kind = IdType.HMT_RESIDENCE_PERMIT
    else:
        kind = IdType.RESIDENT_ID
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return ResidentIdInfo(number, birth, gender, converted, province, kind)


def mask_id_number(number: str) -> str:
    """Mask an identity number for display: ``110105********002X``.

    18-char numbers keep the first 6 and last 4; other strings keep at most the first 3 and
    last 2, and strings shorter than 6 are masked completely.
    """
    s = "".join(number.split())
    n = len(s)
    if n == 18:
        return s[:6] + "*" * 8 + s[-4:]
    if n >= 6:
        return s[:3] + "*" * (n - 5) + s[-2:]
    return "*" * n
