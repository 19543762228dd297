"""Cleaning typed and pasted text of the characters no document can hold.

Text pasted from a spreadsheet, a Word file or a web page can bring invisible control
characters: a vertical tab (Word's manual line break, Excel's line break inside a cell), a form
feed, NUL, a C1 control from a mis-decoded file. They cannot be seen in the form, so the clerk
cannot find and delete them; they make search miss a name; and XML (DOCX) cannot hold them at
all, so the documents of the case could not be generated.

The choice: they are **removed at intake, not refused** — refusing would show an error about a
character nobody can see. What is kept and what goes:

- multi-line fields (facts, requests, notes, agreement text): tab and line feed are kept; a
  carriage return, vertical tab, form feed, NEL (U+0085) and the Unicode line and paragraph
  separators (U+2028, U+2029) become a line feed (``\\r\\n`` one line feed);
- single-line fields (names, numbers, phones, addresses, …): those line breaks and the tab become
  a space, or nothing between two Chinese characters (as a line break inside Chinese text is
  read), so ``张\\x0b三`` is ``张三`` and ``John\\tSmith`` is ``John Smith``;
- every other C0 control (U+0000–U+001F), DEL and the C1 controls (U+007F–U+009F), lone
  surrogates and the non-characters U+FFFE and U+FFFF are removed everywhere.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Collection
from enum import Enum
from typing import Any, TypeVar

from ..agreements import AgreementDraft
from ..drafts import CaseDraft

T = TypeVar("T")

#: Characters that break a line: kept as "\n" in multi-line fields.
_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
#: Removed everywhere: the other C0 and C1 controls, DEL, surrogates, U+FFFE and U+FFFF.
_REMOVED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CRLF = re.compile("\r\n")
_BREAK = re.compile(f"[{_BREAKS}]")
#: A run of breaks and tabs in a single-line field.
_SINGLE_LINE_GAP = re.compile(f"[\t\n{_BREAKS}]+")
_INVALID = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{_BREAKS}]")

#: Fields of a case draft that hold several lines (the form's multi-line boxes).
CASE_MULTILINE = frozenset({"facts", "requests", "refer_note"})
#: Fields of an agreement draft (and its clauses) that hold several lines.
AGREEMENT_MULTILINE = frozenset(
    {"facts", "disputes", "responsibility", "breach_clause", "act", "text"}
)


def _is_cjk(ch: str) -> bool:
    """Chinese characters and punctuation (full-width forms included)."""
    return (
        "\u2e80" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff00" <= ch <= "\uffef"
        or "\U00020000" <= ch <= "\U0003ffff"
    )


def _join(m: re.Match[str]) -> str:
    """A space for a break inside a single-line field; nothing between Chinese characters."""
    text, start, end = m.string, m.start(), m.end()
    if start > 0 and end < len(text) and _is_cjk(text[start - 1]) and _is_cjk(text[end]):
        return ""
    return " "


def clean_text(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters (see the module's note for what becomes what)."""
    if not _INVALID.search(text) and (multiline or ("\t" not in text and "\n" not in text)):
        return text  # the common case: nothing to do
    text = _REMOVED.sub("", _CRLF.sub("\n", text))
    if multiline:
        return _BREAK.sub("\n", text)
    return _SINGLE_LINE_GAP.sub(_join, text)


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds any control character, tab and line feed included."""
    return bool(_INVALID.search(text)) or "\t" in text or "\n" in text


def clean_fields(record: Any, *, multiline: Collection[str] = ()) -> None:
    """Clean every text field of a dataclass record in place, and of the records and lists of
    records in it; the fields named in ``multiline`` keep their line breaks."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, Enum):
            setattr(record, f.name, clean_text(value, multiline=f.name in multiline))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            clean_fields(value, multiline=multiline)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and not isinstance(item, Enum):
                    value[i] = clean_text(item, multiline=f.name in multiline)
                elif dataclasses.is_dataclass(item) and not isinstance(item, type):
                    clean_fields(item, multiline=multiline)


def _cleaned(record: T, multiline: Collection[str]) -> T:
    copied = copy.deepcopy(record)
    clean_fields(copied, multiline=multiline)
    return copied


def clean_case_draft(draft: CaseDraft) -> CaseDraft:
    """A cleaned copy of an intake draft: every text field of the case, its parties, phones,
    agents, participants and routing (the caller's draft is left as it is)."""
    return _cleaned(draft, CASE_MULTILINE)


def clean_agreement_draft(draft: AgreementDraft) -> AgreementDraft:
    """A cleaned copy of an agreement draft and its clauses."""
    return _cleaned(draft, AGREEMENT_MULTILINE)
