"""Control characters are refused in every text field; invisible format characters leave names.

Text pasted from a spreadsheet, a Word file or a web page can bring invisible control
characters: a vertical tab (Word's manual line break, Excel's line break inside a cell), a form
feed, NUL, a C1 control from a mis-decoded file. XML (DOCX) cannot hold them, so the case's
documents could not be generated; they make search miss a name; a NUL ends a string in C code.
The issue "Protected data" asks that they be **refused**, not silently removed: the clerk is
told which field holds one and deletes it (retyping the value is enough), and nothing is saved
until then. What is refused where:

- every field: NUL and the other C0 controls (U+0000–U+001F) except those below, DEL and the C1
  controls (U+007F–U+009F, NEL among them), lone surrogates, the non-characters U+FFFE/U+FFFF;
- multi-line fields (facts, requests, notes, agreement text) accept tab and line feed; a carriage
  return (``\\r\\n`` or alone) and the Unicode line and paragraph separators (U+2028, U+2029) are
  line breaks too and are stored as a line feed;
- single-line fields (names, numbers, phones, addresses, …) refuse tab, line feed, carriage
  return and U+2028/U+2029 as well.

Invisible format characters (soft hyphen, zero-width spaces and joiners, direction marks, BOM,
word joiner) are a different matter: they are not refused but **removed from single-line
fields** when stored, the same set the search key drops (``services.indexing``). So
``测试员`` followed by a zero-width space is stored as ``测试员``: a look-alike cannot become a
second operator, mediator or party name. Multi-line text keeps them (they do no harm there).
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
from ..issues import FieldIssue

T = TypeVar("T")

#: Refused in every field (tab, LF and CR are allowed in multi-line ones).
_REFUSED_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Refused in single-line fields: every C0 and C1 control, DEL and the Unicode line breaks too.
_REFUSED_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
#: Line breaks of other systems, stored as "\n" in a multi-line field.
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029]")
#: Invisible format characters, removed from single-line fields (as from the search key).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")

CODE = "control_character"
#: Beside the field (short: the box is narrow).
MESSAGE = "含有无法保存的控制字符，请删除后重试"
#: Where the field is named: what it probably is, too.
NAMED = "含有无法保存的控制字符（多为复制粘贴带入的不可见字符），请删除后重试。"

#: Fields of a case draft that hold several lines (the form's multi-line boxes).
CASE_MULTILINE = frozenset({"facts", "requests", "refer_note"})
#: Fields of an agreement draft (and its clauses) that hold several lines.
AGREEMENT_MULTILINE = frozenset(
    {"facts", "disputes", "responsibility", "breach_clause", "act", "text"}
)


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character of ``text`` a field of this kind refuses, or None."""
    m = (_REFUSED_MULTILINE if multiline else _REFUSED_SINGLE_LINE).search(text)
    return m.group() if m else None


def tidy_text(text: str, *, multiline: bool = False) -> str:
    """``text`` as it is stored: line breaks as "\\n" (multi-line), invisible format characters
    removed (single-line). Refused characters are left for ``control_character`` to find."""
    if multiline:
        return _LINE_BREAK.sub("\n", text)
    return _INVISIBLE.sub("", text)


def stored_name(text: str) -> str:
    """A name as it is stored and compared for duplicates: invisible format characters out,
    white space trimmed (so ``测试员`` + ZWSP finds the existing ``测试员``)."""
    return tidy_text(text).strip()


def refusal_message(label: str = "") -> str:
    """The Chinese message for a refused value, naming the field when it is known."""
    return f"“{label}”{NAMED}" if label else f"输入的文字{NAMED}"


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds any control character, tab and line feed included."""
    return control_character(text) is not None


def _walk(record: Any, prefix: str, multiline: Collection[str]) -> list[tuple[str, str, str]]:
    """(path, field name, value) of every text field of a dataclass record, nested records and
    lists of records included; paths as the forms address fields (``parties[0].phones[1].note``)."""
    out = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        path = f"{prefix}{f.name}"
        if isinstance(value, str) and not isinstance(value, Enum):
            out.append((path, f.name, value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            out += _walk(value, f"{path}.", multiline)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and not isinstance(item, Enum):
                    out.append((f"{path}[{i}]", f.name, item))
                elif dataclasses.is_dataclass(item) and not isinstance(item, type):
                    out += _walk(item, f"{path}[{i}].", multiline)
    return out


def control_character_issues(record: Any, *, multiline: Collection[str] = ()) -> list[FieldIssue]:
    """An error beside each text field of ``record`` that holds a refused character."""
    return [
        FieldIssue(path, CODE, MESSAGE)
        for path, name, value in _walk(record, "", multiline)
        if control_character(value, multiline=name in multiline) is not None
    ]


def tidy_fields(record: Any, *, multiline: Collection[str] = ()) -> None:
    """``tidy_text`` on every text field of a dataclass record, in place (nested too)."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, Enum):
            setattr(record, f.name, tidy_text(value, multiline=f.name in multiline))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            tidy_fields(value, multiline=multiline)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and not isinstance(item, Enum):
                    value[i] = tidy_text(item, multiline=f.name in multiline)
                elif dataclasses.is_dataclass(item) and not isinstance(item, type):
                    tidy_fields(item, multiline=multiline)


def _tidied(record: T, multiline: Collection[str]) -> T:
    copied = copy.deepcopy(record)
    tidy_fields(copied, multiline=multiline)
    return copied


def tidy_case_draft(draft: CaseDraft) -> CaseDraft:
    """A tidied copy of an intake draft (the caller's draft is left as it is)."""
    return _tidied(draft, CASE_MULTILINE)


def tidy_agreement_draft(draft: AgreementDraft) -> AgreementDraft:
    """A tidied copy of an agreement draft and its clauses."""
    return _tidied(draft, AGREEMENT_MULTILINE)


def case_control_issues(draft: CaseDraft) -> list[FieldIssue]:
    """Errors for the text fields of an intake draft that hold a refused character (shown
    beside each field, so the message need not name it)."""
    return control_character_issues(draft, multiline=CASE_MULTILINE)


#: How the agreement editor names its fields (its findings are listed under the form).
AGREEMENT_LABELS = {
    "facts": "纠纷主要事实",
    "disputes": "争议事项",
    "responsibility": "各方责任",
    "breach_clause": "违约责任",
    "mediator_name": "人民调解员",
    "recorder_name": "记录人",
    "place": "地点",
}
CLAUSE_LABELS = {
    "method": "支付方式",
    "account": "收款账户",
    "act": "履行事项",
    "place": "履行地点",
    "text": "约定内容",
}


def agreement_control_issues(draft: AgreementDraft) -> list[FieldIssue]:
    """Errors for the text fields of an agreement draft that hold a refused character, each
    message naming its field ("“第二条 约定内容”含有…")."""
    from ..dates import cn_number

    out = []
    for issue in control_character_issues(draft, multiline=AGREEMENT_MULTILINE):
        head, _, name = issue.field.rpartition(".")
        if head.startswith("clauses["):
            n = int(head[len("clauses[") : head.index("]")]) + 1
            label = f"第{cn_number(n)}条 {CLAUSE_LABELS.get(name, '内容')}"
        else:
            label = AGREEMENT_LABELS.get(issue.field, "协议内容")
        out.append(FieldIssue(issue.field, CODE, refusal_message(label)))
    return out
