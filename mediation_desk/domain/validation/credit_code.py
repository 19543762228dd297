"""Unified social credit codes (统一社会信用代码, GB 32100).

A bad format is an error; a failed check character is only a warning, since some genuine
codes fail it — the clerk may override it with a recorded reason.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O Z S V
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 3^(i-1) mod 31 for i = 1..17


@dataclass(frozen=True, slots=True)
class CreditCodeCheck:
    """Result of checking a credit code."""

    normalized: str  # upper-case, spaces removed
    format_ok: bool  # 18 chars from ALPHABET
    check_ok: bool  # check character matches (False when the format is bad)


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters."""
    if len(first17) != 17 or any(c not in ALPHABET for c in first17):
        raise ValueError("计算校验位需要17位由数字和大写字母组成的代码")
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def check_credit_code(raw: str) -> CreditCodeCheck:
    """Normalise ``raw`` and report whether its format and check character are right."""
    code = "".join(raw.split()).upper()
    format_ok = len(code) == 18 and all(c in ALPHABET for c in code)
    check_ok = format_ok and credit_code_check_char(code[:17]) == code[17]
    return CreditCodeCheck(code, format_ok, check_ok)
