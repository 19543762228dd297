"""A reportlab flowable that sets Chinese text with ``cjk_text``'s line breaking.

reportlab's own CJK wrapping breaks anywhere except before a few Japanese marks, collapses
full-width spaces, and splits amounts and dates; this one follows clreq (see ``cjk_text``).
It splits across pages only between lines, keeping at least two lines on each side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from reportlab.platypus.flowables import Flowable

from .cjk_text import Piece, Span, TextLine, break_lines, is_wide

Align = Literal["left", "center", "right", "justify"]
#: Lines already broken, shared by the layouts of one document (a tighter second try breaks
#: its lines the same way: only the spacing between them changes).
LineCache = dict[tuple[tuple[Span, ...], float, float, float], list[TextLine]]
IDEOGRAPHIC_SPACE = "\u3000"
_ASCENT = 0.88  # of the em: where the baseline sits inside the line's em box


@dataclass(frozen=True, slots=True)
class TextStyle:
    size: float
    leading: float
    align: Align = "justify"
    first_indent: float = 0.0  # points
    space_before: float = 0.0
    space_after: float = 0.0


class _Metrics:
    """Advance widths of registered TrueType faces, per character, in 1/1000 em."""

    def __init__(self) -> None:
        self._faces: dict[str, tuple[dict[int, float], float]] = {}

    def face(self, font: str) -> tuple[dict[int, float], float]:
        hit = self._faces.get(font)
        if hit is None:
            from reportlab.pdfbase import pdfmetrics

            f: Any = pdfmetrics.getFont(font)
            face = getattr(f, "face", None)
            if face is not None and getattr(face, "charWidths", None):
                hit = (face.charWidths, float(face.defaultWidth))
            else:  # a standard font: ask reportlab for each character (never in our documents)
                hit = ({}, -1.0)
            self._faces[font] = hit
        return hit

    def width(self, text: str, font: str, size: float) -> float:
        widths, default = self.face(font)
        if default < 0:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            return float(stringWidth(text, font, size))
        get = widths.get
        return sum(get(ord(c), default) for c in text) * size / 1000.0

    def has(self, ch: str, font: str) -> bool:
        widths, default = self.face(font)
        return default < 0 or ord(ch) in widths


METRICS = _Metrics()


class TextBlock(Flowable):
    """A paragraph of one or more font runs, broken into lines when wrapped."""

    def __init__(
        self,
        spans: list[Span],
        style: TextStyle,
        *,
        lines: list[TextLine] | None = None,
        keep_with_next: bool = False,
        breaks: LineCache | None = None,
    ) -> None:
        super().__init__()
        self.spans, self.style = spans, style
        self._breaks = breaks
        self._lines = lines
        self._lines_width = -1.0 if lines is None else None
        self.keepWithNext = keep_with_next
        self.spaceBefore, self.spaceAfter = style.space_before, style.space_after

    def __repr__(self) -> str:  # reportlab prints flowables in its layout errors
        return f"TextBlock({''.join(s.text for s in self.spans)[:30]!r})"

    def _measure(self, text: str, font: str) -> float:
        return METRICS.width(text, font, self.style.size)

    def lines(self, width: float) -> list[TextLine]:
        if self._lines is None or (self._lines_width is not None and self._lines_width != width):
            st = self.style
            key = (tuple(self.spans), st.size, st.first_indent, width)
            cached = self._breaks.get(key) if self._breaks is not None else None
            if cached is None:
                cached = break_lines(self.spans, self._measure, width, st.first_indent)
                if self._breaks is not None:
                    self._breaks[key] = cached
            self._lines = cached
            self._lines_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.lines(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if len(lines) < 4 or fit < 2:
            return []  # two lines at least on each side of a page break
        parts: list[Flowable] = [*self._parts(lines, min(fit, len(lines) - 2))]
        return parts

    def end_apart(self, width: float, keep: int = 2) -> list[TextBlock]:
        """This paragraph as [all but its last ``keep`` lines, those lines] (``[self]`` when it
        is short), so that only its end need stay with what follows it."""
        lines = self.lines(width)
        if len(lines) < keep + 2:
            return [self]
        return self._parts(lines, len(lines) - keep)

    def _parts(self, lines: list[TextLine], fit: int) -> list[TextBlock]:
        head = TextBlock(self.spans, replace(self.style, space_after=0), lines=lines[:fit])
        tail_style = replace(self.style, space_before=0, first_indent=0.0)
        tail = TextBlock(
            self.spans, tail_style, lines=lines[fit:], keep_with_next=self.keepWithNext
        )
        head._first, tail._first = self._first, False
        return [head, tail]

    _first = True  # the paragraph's first line is here (it carries the indent)

    def draw(self) -> None:
        st = self.style
        canvas = self.canv
        if getattr(canvas, "md_dry", False):  # a trial layout: where, not what
            return
        for i, line in enumerate(self._lines or []):
            baseline = (
                self.height - i * st.leading - ((st.leading - st.size) / 2 + _ASCENT * st.size)
            )
            indent = st.first_indent if (i == 0 and self._first) else 0.0
            room = self.width - indent
            slack = room - line.width
            gap, x = 0.0, indent
            if st.align == "justify" and not line.last and slack > 0 and len(line.pieces) > 1:
                gap = slack / (len(line.pieces) - 1)
            elif st.align == "center":
                x += slack / 2
            elif st.align == "right":
                x += slack
            _draw_line(canvas, line.pieces, x, baseline, gap, st.size)


def _draw_line(
    canvas: Any, pieces: tuple[Piece, ...], x: float, y: float, gap: float, size: float
) -> None:
    """Draw in segments: a run of wide characters of one font in one text operation, spread
    by the character spacing; a Latin/digit run on its own, unspread."""
    text = canvas.beginText()
    font = ""
    i, n = 0, len(pieces)
    while i < n:
        p = pieces[i]
        if p.space or (p.text == IDEOGRAPHIC_SPACE and not METRICS.has(p.text, p.font)):
            x += p.width + gap
            i += 1
            continue
        wide = len(p.text) == 1 and p.stretch and is_wide(p.text)
        j = i + 1
        if wide:
            while (
                j < n
                and pieces[j].font == p.font
                and not pieces[j].space
                and len(pieces[j].text) == 1
            ):
                if not is_wide(pieces[j].text) or (
                    pieces[j].text == IDEOGRAPHIC_SPACE
                    and not METRICS.has(IDEOGRAPHIC_SPACE, p.font)
                ):
                    break
                j += 1
        run = pieces[i:j]
        if p.font != font:
            text.setFont(p.font, size)
            font = p.font
        text.setTextOrigin(x, y)
        text.setCharSpace(gap if wide else 0.0)
        text.textOut("".join(q.text for q in run))
        x += sum(q.width for q in run) + gap * len(run)
        i = j
    canvas.drawText(text)
