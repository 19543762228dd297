"""Digits of every script read as the ASCII digits 0–9.

A number can arrive in full-width digits (``１３８…`` from a Chinese input method), in
Arabic-Indic digits (``١٣٨…`` from a phone set to Arabic) or in any other script Unicode calls a
digit (Ethiopic ``፩``). ``str.isdigit`` says yes to all of them but ``int`` and ``[0-9]`` do not,
so each is read here, once, by its Unicode digit value (``unicodedata.digit``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable


class _DigitTable(dict[int, str]):
    """``str.translate`` table: a code point with a digit value → that ASCII digit."""

    def __init__(self, value_of: Callable[[str, None], int | None]) -> None:
        super().__init__()
        self._value_of = value_of

    def __missing__(self, code: int) -> str:
        value = self._value_of(chr(code), None)
        self[code] = chr(code) if value is None else str(value)
        return self[code]


_DIGITS = _DigitTable(unicodedata.digit)
_DECIMALS = _DigitTable(unicodedata.decimal)


def ascii_digits(text: str) -> str:
    """``text`` with every Unicode digit replaced by its ASCII digit; other characters kept.

    What search reads: ``፩`` (an Ethiopic numeral, no place value) is a 1 to look for.
    """
    return text if text.isascii() else text.translate(_DIGITS)


def ascii_decimals(text: str) -> str:
    """``text`` with the decimal digits of every script (full-width, Arabic-Indic, Devanagari…)
    as ASCII digits; numerals without place value (Ethiopic ``፩``) are kept, so a number
    written in them is refused, as a number to store."""
    return text if text.isascii() else text.translate(_DECIMALS)
