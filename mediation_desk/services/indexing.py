"""What a saved case is found by: name n-grams, pinyin initials, reversed ID and phone digits.

Every path that writes parties (the intake service, the demo and benchmark loader) calls these
functions, so a case is indexed the same way whichever way it came in.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..domain.validation.digits import ascii_digits
from ..errors import ConfigurationError

NAME_PREFIX = "n:"
INITIALS_PREFIX = "p:"
MAX_INITIALS = 8
MAX_INITIAL_VARIANTS = 4
MAX_INITIALS_NAME = 5  # pinyin initials are indexed for personal names (and short names)


#: Bump when ``normalize_text`` or the tokens change: ``rebuild_outdated_tokens`` (at start-up)
#: then re-indexes the cases whose names the change touches.
INDEX_VERSION = 2
#: Dropped from every key: white space (any script's), control characters, and the invisible
#: format characters a paste brings (soft hyphen, zero-width spaces and joiners, direction
#: marks, BOM), lone surrogates and the non-characters U+FFFE/U+FFFF.
_NOT_IN_KEY = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    r"\ud800-\udfff\ufffe\uffff]+"
)


def normalize_text(text: str) -> str:
    """The one key names are indexed by and queries compared with, on every backend alike:
    full-width to half-width (NFKC), every script's digits as 0–9, no spaces or invisible
    characters, letter case folded (Latin, Cyrillic, Greek…)."""
    return _NOT_IN_KEY.sub("", ascii_digits(unicodedata.normalize("NFKC", text))).casefold()


GRAM_SIZES = (1, 2, 3)


def name_grams(name: str) -> set[str]:
    """Every 1-, 2- and 3-character substring of a normalised name.

    A query of up to three characters is then one exact token; a longer one walks its rarest
    trigram and checks the names (see ``services.search``).
    """
    n = normalize_text(name)
    return {n[i : i + k] for k in GRAM_SIZES for i in range(len(n) - k + 1)}


@lru_cache(maxsize=32768)
def _char_initials(ch: str) -> tuple[str, ...]:
    """Every pinyin first letter of one character (all readings), or () for non-Chinese.

    Read from pypinyin's single-character table only (a name's initials are per character):
    importing pypinyin itself also loads its phrase table, ~200 ms mostly holding the GIL, and
    the window stalled while the first save did it on the worker thread.
    """
    readings = _single_character_readings().get(ord(ch), "")
    # the table lists the commonest reading first: keep that order; "lǜ" → "l"
    letters = (unicodedata.normalize("NFD", r)[0].lower() for r in readings.split(",") if r)
    return tuple(dict.fromkeys(c for c in letters if c.isascii() and c.isalpha()))


@lru_cache(maxsize=1)
def _single_character_readings() -> dict[int, str]:
    """pypinyin's table of code point → readings (commonest first), without importing it."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError("缺少拼音数据（pypinyin），无法生成姓名拼音首字母索引。")
    folder = Path(next(iter(spec.submodule_search_locations)))
    table = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    return {int(code): readings for code, readings in table.items()}


@lru_cache(maxsize=65536)
def initials_variants(name: str) -> tuple[str, ...]:
    """Pinyin first letters of the Chinese characters of a name, one string per reading.

    Polyphonic characters (单 dan/shan, 曾 zeng/ceng) give several variants, capped.
    """
    per_char = [letters for ch in normalize_text(name) if (letters := _char_initials(ch))]
    per_char = per_char[:MAX_INITIALS]
    if not per_char:
        return ()
    # Every reading of the first character (surnames such as 单 shan, 曾 zeng, 解 xie) with the
    # commonest reading of the others, then other combinations while the cap allows.
    main_rest = "".join(letters[0] for letters in per_char[1:])
    variants = dict.fromkeys(first + main_rest for first in per_char[0])
    for combo in itertools.product(*per_char):
        if len(variants) >= MAX_INITIAL_VARIANTS:
            break
        variants.setdefault("".join(combo))
    return tuple(variants)[: max(MAX_INITIAL_VARIANTS, len(per_char[0]))]


def name_tokens(names: Iterable[str]) -> set[str]:
    """Search tokens of a case from the names of its parties and agents."""
    tokens: set[str] = set()
    for name in names:
        if not name:
            continue
        tokens.update(NAME_PREFIX + g for g in name_grams(name))
        if len(name) > MAX_INITIALS_NAME:  # organisations are found by any part of the name
            continue
        for variant in initials_variants(name):
            tokens.update(INITIALS_PREFIX + variant[:k] for k in range(1, len(variant) + 1))
    return tokens


def digits_only(value: str) -> str:
    """The ASCII digits of ``value`` (digits of any script read as 0–9)."""
    return "".join(ch for ch in ascii_digits(unicodedata.normalize("NFKC", value)) if ch.isdigit())


def reversed_key(value: str) -> str:
    """Reversed, upper-cased: suffix search becomes an indexed prefix range."""
    return value.upper()[::-1]


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds [lo, hi) of the strings starting with ``prefix`` (portable index range, no LIKE)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
