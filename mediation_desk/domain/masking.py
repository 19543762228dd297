"""Masking personal data for lists, history and anywhere the full value is not needed."""

from __future__ import annotations

import re


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
    # imported here: the log's filter masks with this module from the start, and the whole
    # validation package is not wanted before the window's first paint
    from .validation.resident_id import mask_id_number

    return mask_id_number(value)


#: ID numbers (18 or 15 characters), mobiles (11 digits, 1…), landlines (0… with or without a
#: hyphen), standing alone in free text.
_NUMBER_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,5})?)(?![0-9A-Za-z])"
)


def mask_numbers_in_text(text: str) -> str:
    """Every ID number and phone number inside ``text`` masked (for logs and reports)."""
    return _NUMBER_IN_TEXT.sub(lambda m: mask_sensitive(m.group(0)), text)
