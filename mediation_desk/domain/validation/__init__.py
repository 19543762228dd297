"""Validation of intake data: identity numbers, credit codes, telephones and party rules.

Pure Python; see domain.md §2 "Validation".
"""

from __future__ import annotations

from .credit_code import CreditCodeCheck, check_credit_code, credit_code_check_char
from .party_rules import apply_id_derivations, validate_party
from .phone import PhoneError, PhoneInfo, normalize_phone
from .resident_id import (
    IdNumberError,
    ResidentIdInfo,
    convert_15_to_18,
    gb11643_check_char,
    mask_id_number,
    parse_gb11643,
)

__all__ = [
    "CreditCodeCheck",
    "IdNumberError",
    "PhoneError",
    "PhoneInfo",
    "ResidentIdInfo",
    "apply_id_derivations",
    "check_credit_code",
    "convert_15_to_18",
    "credit_code_check_char",
    "gb11643_check_char",
    "mask_id_number",
    "normalize_phone",
    "parse_gb11643",
    "validate_party",
]
