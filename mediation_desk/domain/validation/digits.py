"""Digits of every script read as the ASCII digits 0–9.

A number can arrive in full-width digits (``１３８…`` from a Chinese input method), in
Arabic-Indic digits (``١٣٨…`` from a phone set to Arabic) or in any other script Unicode calls a
digit (Ethiopic ``፩``). ``str.isdigit`` says yes to all of them but ``int`` and ``[0-9]`` do not,
so each is read here, once, by its Unicode digit value (``unicodedata.digit``).
"""

from __future__ import annotations

import unicodedata


class _DigitTable(dict[int, str]):
    """``str.translate`` table: a code point with a Unicode digit value → that ASCII digit."""

    def __missing__(self, code: int) -> str:
        value = unicodedata.digit(chr(code), None)
        self[code] = chr(code) if value is None else str(value)
        return self[code]


_DIGITS = _DigitTable()


def ascii_digits(text: str) -> str:
    """``text`` with every Unicode digit replaced by its ASCII digit; other characters kept."""
    return text if text.isascii() else text.translate(_DIGITS)
