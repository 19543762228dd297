"""Identifiers of generated parties: resident IDs (GB 11643) and credit codes (GB 32100)."""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.validation import credit_code_check_char, gb11643_check_char

__all__ = ["make_resident_id", "make_uscc", "org_code_check_char"]

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def make_resident_id(code: str, birth: dt.date, seq: int) -> str:
    """An 18-character ID: address code, birth date, 3-digit sequence (odd = male), check."""
    body = f"{code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return body + gb11643_check_char(body)


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    c = 11 - sum(_ORG_VALUE[ch] * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(prefix2: str, region: str, org_body8: str) -> str:
    """A credit code: registration authority + kind, region code, organisation code, check."""
    body = f"{prefix2}{region}{org_body8}{org_code_check_char(org_body8)}"
    return body + credit_code_check_char(body)
