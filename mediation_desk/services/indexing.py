"""What a saved case is found by: name n-grams, pinyin initials, reversed ID and phone digits.

Every path that writes parties (the intake service, the demo and benchmark loader) calls these
functions, so a case is indexed the same way whichever way it came in.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

NAME_PREFIX = "n:"
INITIALS_PREFIX = "p:"
MAX_INITIALS = 8
MAX_INITIAL_VARIANTS = 4


def normalize_query_text(text: str) -> str:
    """Full-width to half-width, no spaces, lower-case Latin letters."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def normalize_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


def name_grams(name: str) -> set[str]:
    """Every 1- and 2-character substring of a normalised name."""
    n = normalize_name(name)
    grams = set(n)
    grams.update(n[i : i + 2] for i in range(len(n) - 1))
    return grams


@lru_cache(maxsize=65536)
def initials_variants(name: str) -> tuple[str, ...]:
    """Pinyin first letters of the Chinese characters of a name, one string per reading.

    Polyphonic characters (单 dan/shan, 曾 zeng/ceng) give several variants, capped.
    """
    from pypinyin import Style, pinyin

    per_char: list[list[str]] = []
    for syllables in pinyin(
        normalize_name(name), style=Style.FIRST_LETTER, heteronym=True, errors="ignore"
    ):
        letters = sorted({s[0] for s in syllables if s and s[0].isascii() and s[0].isalpha()})
        if letters:
            per_char.append(letters)
    per_char = per_char[:MAX_INITIALS]
    if not per_char:
        return ()
    variants = ("".join(p) for p in itertools.product(*per_char))
    return tuple(itertools.islice(variants, MAX_INITIAL_VARIANTS))


def name_tokens(names: Iterable[str]) -> set[str]:
    """Search tokens of a case from the names of its parties and agents."""
    tokens: set[str] = set()
    for name in names:
        if not name:
            continue
        tokens.update(NAME_PREFIX + g for g in name_grams(name))
        for variant in initials_variants(name):
            tokens.update(INITIALS_PREFIX + variant[:k] for k in range(1, len(variant) + 1))
    return tokens


def digits_only(value: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch.isdigit())


def reversed_key(value: str) -> str:
    """Reversed, upper-cased: suffix search becomes an indexed prefix range."""
    return value.upper()[::-1]


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds [lo, hi) of the strings starting with ``prefix`` (portable index range, no LIKE)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
