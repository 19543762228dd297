"""Masking personal data for lists, history and anywhere the full value is not needed."""

from __future__ import annotations

from .validation.resident_id import mask_id_number


def mask_phone(number: str) -> str:
    """'13812345678' -> '138****5678'; '0575-88123456-123' -> '0575-****3456-123'."""
    if len(number) < 7:
        return "*" * len(number)
    if number.startswith("0") and "-" in number:
        area, local, *extension = number.split("-")
        masked = f"{area}-{'*' * max(len(local) - 4, 0)}{local[-4:]}"
        return "-".join([masked, *extension])
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}"


def mask_sensitive(value: str) -> str:
    """Mask a value known to be an ID number or a phone, whichever it looks like."""
    if not value:
        return value
    digits = value.replace("-", "")
    is_mobile = len(digits) == 11 and digits.startswith("1")
    if digits.isdigit() and (is_mobile or value.startswith("0")):
        return mask_phone(value)
    return mask_id_number(value)
