"""Breaking Chinese text into lines, by the rules of clreq (domain.md §13).

Pure: text and a width function in, lines out; the PDF renderer draws them.

- No line starts with closing punctuation (，。、；：？！）」》…— …) and none ends with an opening
  one (（「《【 …): the neighbour character moves with it.
- Numbers, amounts (¥35,600.00, 人民币叁万伍仟陆佰元整), dates (2024年9月30日, 二〇二四年九月一日)
  and case numbers (（2026）城南人调字第1号) are never split.
- A run of Latin letters or digits breaks only at spaces, like Western text.
- Full-width spaces (U+3000) are characters with their full width: blanks to fill by hand keep
  their room. ASCII spaces are break opportunities that vanish at the ends of a line.
- A run of ＿ (a line to write on) stays one rule: justification does not space it out.
- A last line of one character (``任。``) takes a companion from the line above.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Characters that must not start a line.
CANNOT_START = frozenset("，。、；：？！）」』》〉】〕〗〙〛’”…—‥％‰℃·・〃々～,.;:?!)]}%")
#: Characters that must not end a line.
CANNOT_END = frozenset("（「『《〈【〔〖〘〚‘“￥(<[{¥$")

#: Characters repeated to draw a line to write on (＿＿＿＿): set without spacing between them.
BLANK_LINE_CHARS = frozenset("＿_")
BLANK_CHUNK = 8
_CN_DIGIT = "〇零一二三四五六七八九十"
_CAPITAL = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
#: Runs that must stay on one line, besides Latin/digit runs.
_UNBREAKABLE = re.compile(
    "|".join(
        [
            r"\d{4}年\d{1,2}月\d{1,2}日",  # 2024年9月30日
            r"\d{4}年\d{1,2}月",
            r"\d{1,2}月\d{1,2}日",
            r"\d{4}年",
            r"\d{1,2}时\d{1,2}分",
            # 二〇二四年九月一日
            rf"[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,2}}月[{_CN_DIGIT}]{{1,3}}日",
            r"　*年　+月　+日",  # a blank date to fill by hand
            rf"(?:人民币)?[{_CAPITAL}]+元(?:[{_CAPITAL}]角)?(?:[{_CAPITAL}]分)?整?",  # amounts
            r"[（(〔［\[]\d{4}[）)〕］\]][^\s，。；、：（(]{1,16}?第?\d+号",  # case numbers
            r"第[\d一二三四五六七八九十百两]+[期页号条款项次届]",
        ]
    )
)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one font (e.g. a bold label, then the body)."""

    text: str
    font: str


@dataclass(frozen=True, slots=True)
class Piece:
    """What is drawn as one unit: a wide character, a Latin/digit run, or a space."""

    text: str
    font: str
    width: float
    stretch: bool  # justification may add room after it (not after the line's last piece)
    space: bool = False  # an ASCII space: a break opportunity, dropped at the ends of a line


@dataclass(frozen=True, slots=True)
class TextLine:
    pieces: tuple[Piece, ...]
    width: float
    last: bool  # ends its paragraph or a forced break: not justified

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


Measure = Callable[[str, str], float]  # (text, font) → width at the drawing size


@lru_cache(maxsize=4096)
def is_wide(ch: str) -> bool:
    """Whether ``ch`` is set one em wide (Chinese characters, full-width punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def em_width(text: str) -> float:
    """An estimate of ``text``'s width in ems: wide characters 1, others ½."""
    return sum(1.0 if is_wide(ch) else 0.5 for ch in text)


def signer_text(label: str, hint: str, column_em: float) -> str:
    """A signer's label and how to sign (``（签名或按指印）``) on one line, or the hint on a line
    of its own when both do not fit: never ``（签名或按`` / ``指印）``."""
    if not hint or em_width(label + hint) <= column_em:
        return label + hint
    return f"{label}\n{hint}"


def _protected(text: str) -> list[bool]:
    """``glued[i]``: no break between character i-1 and i, from the patterns above."""
    glued = [False] * (len(text) + 1)
    for m in _UNBREAKABLE.finditer(text):
        for i in range(m.start() + 1, m.end()):
            glued[i] = True
    return glued


def _atoms(spans: Sequence[Span], measure: Measure) -> list[list[Piece] | None]:
    """Pieces grouped into unbreakable atoms; ``None`` marks a forced line break."""
    text = "".join(s.text for s in spans)
    fonts = [s.font for s in spans for _ in s.text]
    glued = _protected(text)
    widths: dict[tuple[str, str], float] = {}  # a paragraph repeats its characters
    wide = _WIDE
    atoms: list[list[Piece] | None] = []
    current: list[Piece] = []
    i, n = 0, len(text)
    while i < n:
        ch, font = text[i], fonts[i]
        if ch == "\n" or ch in " \t":
            if current:
                atoms.append(current)
                current = []
            if ch == "\n":
                atoms.append(None)
            else:
                atoms.append([Piece(" ", font, measure(" ", font), stretch=False, space=True)])
            i += 1
            continue
        is_wide_ch = wide.get(ch)
        if is_wide_ch is None:
            is_wide_ch = wide[ch] = is_wide(ch)
        j = i + 1
        if ch in BLANK_LINE_CHARS:  # a blank to write on: one unbroken rule, up to 8 at a time
            while j < n and text[j] == ch and fonts[j] == font and j - i < BLANK_CHUNK:
                j += 1
        elif not is_wide_ch:  # a Latin/digit run: up to the next space or wide character
            while j < n and fonts[j] == font and text[j] not in " \t\n" and not is_wide(text[j]):
                j += 1
        piece_text = text[i:j]
        key = (piece_text, font)
        w = widths.get(key)
        if w is None:
            w = widths[key] = measure(piece_text, font)
        if current and not (
            glued[i] or ch in CANNOT_START or (i > 0 and text[i - 1] in CANNOT_END)
        ):
            atoms.append(current)
            current = []
        current.append(Piece(piece_text, font, w, True))
        i = j
    if current:
        atoms.append(current)
    return atoms


#: ``is_wide`` of the characters seen so far (a dictionary look-up is cheaper than the call).
_WIDE: dict[str, bool] = {}


def _width(pieces: Sequence[Piece]) -> float:
    return sum(p.width for p in pieces)


def _split_long(
    atom: list[Piece], first_room: float, room: float, measure: Measure
) -> list[list[Piece]]:
    """An atom wider than a whole line (a long account number, a web address, a case number
    in a narrow cell): cut it where it must — after a closing bracket if it has one, between
    characters if need be — never leaving ``，`` to start the next line."""
    pieces: list[Piece] = []
    for p in atom:
        pieces += _cut(p, room, measure) if p.width > room and len(p.text) > 1 else [p]
    out: list[list[Piece]] = []
    line: list[Piece] = []
    used, limit = 0.0, first_room
    for p in pieces:
        if line and used + p.width > limit + 0.01:
            carry: list[Piece] = []
            if p.text[0] in CANNOT_START:  # the line's last character goes along with it
                last = line.pop()
                if len(last.text) > 1:
                    ch = last.text[-1]
                    cw = measure(ch, last.font)
                    line.append(Piece(last.text[:-1], last.font, last.width - cw, last.stretch))
                    last = Piece(ch, last.font, cw, last.stretch)
                carry = [last]
            else:  # rather after a closing bracket: （2026） / 城南人调字第12号
                after = [k for k, q in enumerate(line[:-1], 1) if q.text[-1] in "）〕)]"]
                if after and after[-1] < len(line):
                    carry, line = line[after[-1] :], line[: after[-1]]
            if line:
                out.append(line)
            line, used, limit = carry, _width(carry), room
        line.append(p)
        used += p.width
    if line:
        out.append(line)
    return out


def _cut(p: Piece, room: float, measure: Measure) -> list[Piece]:
    """A piece in chunks no wider than ``room``, cut between characters."""
    chunks: list[Piece] = []
    text, w = "", 0.0
    for ch in p.text:
        cw = measure(ch, p.font)
        if text and w + cw > room:
            chunks.append(Piece(text, p.font, w, p.stretch))
            text, w = "", 0.0
        text += ch
        w += cw
    if text:
        chunks.append(Piece(text, p.font, w, p.stretch))
    return chunks


def _trim(pieces: list[Piece]) -> list[Piece]:
    start, end = 0, len(pieces)
    while start < end and pieces[start].space:
        start += 1
    while end > start and pieces[end - 1].space:
        end -= 1
    return pieces[start:end]


def break_lines(
    spans: Sequence[Span], measure: Measure, width: float, first_indent: float = 0.0
) -> list[TextLine]:
    """Lines of at most ``width`` (the first one ``first_indent`` shorter)."""
    raw: list[tuple[list[list[Piece]], bool]] = []  # atoms per line, ends with a forced break
    line: list[list[Piece]] = []
    used = 0.0

    def room() -> float:
        return width - (first_indent if not raw else 0.0)

    def push(last: bool) -> None:
        nonlocal line, used
        raw.append((line, last))
        line, used = [], 0.0

    for atom in _atoms(spans, measure):
        if atom is None:
            push(True)
            continue
        w = _width(atom)
        if atom[0].space and not line:
            continue  # no space at the start of a line
        if line and used + w > room() + 0.01 and not atom[0].space:
            push(False)
        if w > room() + 0.01:
            parts = _split_long(atom, room() - used, width, measure)
            for part in parts[:-1]:
                line.append(part)
                push(False)
            atom, w = parts[-1], _width(parts[-1])
        line.append(atom)
        used += w
    if line or not raw:
        push(True)
    if raw and not raw[-1][1]:
        raw[-1] = (raw[-1][0], True)
    _avoid_runt(raw)
    lines = []
    for atoms, last in raw:
        pieces = _trim([p for a in atoms for p in a])
        lines.append(TextLine(tuple(pieces), _width(pieces), last))
    return lines


def _avoid_runt(raw: list[tuple[list[list[Piece]], bool]]) -> None:
    """A paragraph's last line of a single character takes one more from the line above."""
    if len(raw) < 2 or raw[-2][1]:
        return
    last, above = raw[-1][0], raw[-2][0]
    chars = "".join(p.text for a in last for p in a)
    if len(last) != 1 or len([c for c in chars if c not in CANNOT_START]) > 1:
        return
    while above and above[-1][0].space:  # a space at the end of a line is not drawn
        above.pop()
    if len(above) < 4:
        return
    last.insert(0, above.pop())
