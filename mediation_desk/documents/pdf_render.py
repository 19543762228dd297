"""Render a ``Document`` to PDF with reportlab: A4, GB/T 9704 layout, embedded CJK subsets.

The page and type sizes come from ``page_style`` (GB/T 9704-2012 unless the centre's layout
template differs). Text is set by ``pdf_text.TextBlock`` with Chinese line breaking. Keeping
things together: a heading stays with what follows, a paragraph marked ``keep_with_next`` too
(此致 with its addressee), and a signature block never starts a page: the last paragraph and
the first signers travel together, and the seal and date stay with the last signer. A form
marked ``one_page`` is set tighter, step by step, until it fits on one page.

Before rendering, every character is checked against the fonts: reportlab would silently print
a blank for a missing glyph (a rare name character!).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DeskError
from .cjk_text import Span, signer_text
from .fonts import (
    CjkFont,
    FontUnavailable,
    find_cjk_font,
    missing_characters,
    register_for_reportlab,
)
from .model import (
    Clauses,
    Document,
    Heading,
    Line,
    PageBreak,
    Paragraph,
    Signature,
    Signatures,
    Spacer,
    Table,
    clause_lines,
    short_list,
)
from .page_style import A4_H, A4_W, GBT_9704, MM, PageStyle

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from .pdf_text import LineCache, TextBlock, TextStyle

#: A4 across, for sheets posted on a notice board: narrow margins, room for a wide table.
LANDSCAPE_MARGINS = {"top": 15 * MM, "bottom": 20 * MM, "left": 15 * MM, "right": 15 * MM}
SIGN_ROW_LINES = 1.6  # a signer's row: their line and room below for a signature or thumbprint
BLANK_DATE = "　　年　　月　　日"
SIGN_LABEL_SHARE = 0.64  # of the text width: the signer's label; the rest is the blank date
MAX_TIGHTENING = 6  # for a one-page form: from level 3 on the type is smaller too
MAX_CLOSING_LEVEL = 3  # to keep the closing block from a page of its own: lines, then type


class FontCoverageError(DeskError):
    """The fonts lack characters of the document: printing would leave blanks."""

    def __init__(self, missing: list[str], font: CjkFont) -> None:
        shown = "".join(missing[:20]) + ("…" if len(missing) > 20 else "")
        super().__init__(
            f"字体“{font.label}”缺少以下字符，打印出来会是空白：{shown}。"
            "请在“文书设置”中指定包含这些字的字体文件（如 SimSun-ExtB 或方正、华文字库），"
            "或手写补上。"
        )
        self.missing = missing


@dataclass(frozen=True, slots=True)
class PageLayout:
    width: float
    height: float
    margins: dict[str, float]

    @property
    def text_width(self) -> float:
        return self.width - self.margins["left"] - self.margins["right"]


def page_layout(doc: Document, style: PageStyle = GBT_9704) -> PageLayout:
    """Portrait with the style's margins, or landscape for a notice-board sheet."""
    if doc.landscape:
        return PageLayout(A4_H, A4_W, LANDSCAPE_MARGINS)
    margins = {"top": style.top, "bottom": style.bottom, "left": style.left, "right": style.right}
    return PageLayout(A4_W, A4_H, margins)


@dataclass(frozen=True, slots=True)
class FontSet:
    body: CjkFont
    title: CjkFont


def resolve_fonts(configured: Path | None = None) -> FontSet:
    """The configured font for the body (and the title unless a Hei face exists), else found."""
    body = find_cjk_font("body", configured=configured)
    try:
        title = find_cjk_font("title")
    except FontUnavailable:
        title = body
    return FontSet(body, title)


def _missing(font: CjkFont, text: str) -> list[str]:
    """Like ``fonts.missing_characters``, but from the cmap reportlab has already parsed when
    the face is registered (saves reading the font a second time with fontTools)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        registered = pdfmetrics.getFont(font.reportlab_name)
        cmap = registered.face.charToGlyph if isinstance(registered, TTFont) else {}
    except (KeyError, AttributeError):
        return missing_characters(font, text)
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in cmap:
            seen.setdefault(ch)
    return list(seen)


def check_coverage(doc: Document, fonts: FontSet) -> list[str]:
    """Characters of the document the fonts cannot draw (title face for the title only)."""
    register_for_reportlab(fonts.body)
    register_for_reportlab(fonts.title)
    missing = _missing(fonts.body, doc.all_text())
    missing += [c for c in _missing(fonts.title, doc.title) if c not in missing]
    return missing


class _Styles:
    """The text styles of one rendering, from the page style."""

    def __init__(
        self, body: str, title: str, style: PageStyle, text_width: float, breaks: LineCache
    ) -> None:
        from .pdf_text import TextStyle

        pt, lead = style.body_pt, style.leading
        self.body_font, self.title_font, self.text_width = body, title, text_width
        self.breaks = breaks
        self.page = style
        self.body = TextStyle(pt, lead, first_indent=2 * pt)
        self.flush = TextStyle(pt, lead)
        self.heading = TextStyle(pt, lead, align="left")
        self.title = TextStyle(style.title_pt, style.title_pt * 1.5, align="center", space_after=6)
        self.cell = TextStyle(style.table_pt, style.table_leading, align="left")
        self.sign_row = lead * SIGN_ROW_LINES

    def line(self, block: Line) -> TextStyle:
        from .pdf_text import TextStyle

        size = {"small": self.page.body_pt - 3, "body": self.page.body_pt, "large": 18.0}[
            block.size
        ]
        leading = self.page.leading if block.size == "body" else size * 1.6
        return TextStyle(size, leading, align=block.align)

    def text(
        self, text: str, style: TextStyle, *, font: str = "", label: str = "", keep: bool = False
    ) -> TextBlock:
        from .pdf_text import TextBlock

        spans = [Span(label, self.title_font)] if label else []
        spans.append(Span(text, font or self.body_font))
        return TextBlock(spans, style, keep_with_next=keep, breaks=self.breaks)


def _flowables(doc: Document, st: _Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import PageBreak as RlPageBreak
    from reportlab.platypus import Spacer as S

    from .pdf_text import TextStyle

    out: list[Any] = []
    if doc.above_title:
        style = st.line(Line(doc.above_title, size="large"))
        out.append(st.text(doc.above_title, style, keep=True))
    out.append(st.text(doc.title, st.title, font=st.title_font, keep=True))
    if doc.number_line:
        out.append(st.text(doc.number_line, st.line(Line(doc.number_line, align="right"))))
    out.append(S(1, 6))
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            base = st.body if b.indent else st.flush
            style = (
                base
                if b.align == "justify"
                else TextStyle(
                    base.size, base.leading, align=b.align, first_indent=base.first_indent
                )
            )
            out.append(st.text(b.text, style, label=b.label, keep=b.keep_with_next))
        elif isinstance(b, Heading):
            out.append(st.text(b.text, st.heading, font=st.title_font, keep=True))
        elif isinstance(b, Clauses):
            items: list[Any] = [st.text(x, st.body) for x in clause_lines(b)]
            if short_list(b):  # whole, with its heading (reportlab keeps nothing with a group)
                while out and getattr(out[-1], "keepWithNext", False):
                    items.insert(0, out.pop())
                items = [KeepTogether(items)]
            out += items
        elif isinstance(b, Line):
            font = st.title_font if b.bold else ""
            out.append(st.text(b.text, st.line(b), font=font))
        elif isinstance(b, Table):
            out += [_table(b, st), S(1, st.page.leading * 0.3)]  # the text below keeps clear
        elif isinstance(b, Signatures):
            out += _signatures(b, st, out)
        elif isinstance(b, Spacer):
            out.append(S(1, b.lines * st.page.leading))
        elif isinstance(b, PageBreak):
            out.append(RlPageBreak())
    return out


def _table(b: Table, st: _Styles) -> Any:
    """A ruled table. reportlab breaks a table between rows only, so a row taller than most of
    a page (the facts of a long dispute in a form) goes on as continuation rows."""
    from reportlab.platypus import Spacer as S
    from reportlab.platypus import Table as T

    from .pdf_text import TextBlock, TextStyle

    data: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    pad = max(2.0, st.cell.leading * 0.2)
    most = max(4, int(st.page.text_height * 0.75 / st.cell.leading))  # lines in one row
    for row in b.rows:
        blocks: list[tuple[TextBlock, int, float]] = []  # each cell, its span, its text width
        col = 0
        for cell in row.cells:
            style = TextStyle(st.cell.size, st.cell.leading, align=cell.align)
            font = st.title_font if cell.bold else ""
            width = sum(b.widths[col : col + cell.span]) * st.text_width - 8  # less the padding
            blocks.append((st.text(cell.text, style, font=font), cell.span, width))
            col += cell.span
        parts = [block.lines(width) for block, _span, width in blocks]
        pieces = max(1, *(-(-len(lines) // most) for lines in parts))
        for piece in range(pieces):
            r = len(data)
            line: list[Any] = []
            col = 0
            for (block, span, _width), lines in zip(blocks, parts, strict=True):
                if pieces == 1:
                    content: list[Any] = [block]
                else:  # this row's share of the cell's lines (the label stays in the first)
                    chunk = lines[piece * most : (piece + 1) * most]
                    content = [TextBlock(block.spans, block.style, lines=chunk)] if chunk else []
                if row.min_lines > 1 and piece == pieces - 1:
                    content.append(S(1, (row.min_lines - 1) * st.cell.leading))
                line.append(content)
                line += [""] * (span - 1)
                if span > 1:
                    spans.append(("SPAN", (col, r), (col + span - 1, r)))
                col += span
            data.append(line)
    table = T(data, colWidths=[w * st.text_width for w in b.widths], repeatRows=b.header_rows)
    header = [("BACKGROUND", (0, 0), (-1, b.header_rows - 1), "#e4e7ec")] if b.header_rows else []
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.75, "black"),
            ("FONTNAME", (0, 0), (-1, -1), st.body_font),  # spanned-over cells are plain ""
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            *header,
            *spans,
        ]
    )
    return table


def _signatures(b: Signatures, st: _Styles, before: list[Any]) -> list[Any]:
    """The signers, seal and date as one block, kept with 此致 and the addressee when there are
    and the last two lines of the text before them, so the block never starts a page alone
    (GB/T 9704 7.3.5.1). Takes those from the end of ``before``."""
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import Spacer as S

    from .pdf_text import TextBlock

    lead: list[Any] = []
    while before and isinstance(before[-1], TextBlock):
        block = before.pop()
        if block.keepWithNext:  # 此致, the addressee: kept whole, and on to the text before
            lead.insert(0, block)
            continue
        *head, tail = block.end_apart(st.text_width)  # the text's last two lines come along
        before += head
        lead.insert(0, tail)
        break
    rows = [_signer_row(s, st) for s in b.signers]
    closing: list[Any] = []
    if b.seal or b.date:
        closing.append(S(1, st.page.leading * (1.5 if b.seal else 0.5)))  # room for the seal
        right = st.line(Line("", align="right"))
        closing += [st.text(x, right) for x in (b.seal, b.date) if x]
    gap = [S(1, st.page.leading * 0.5)]
    return [KeepTogether(lead + gap + rows + closing)]


def _signer_row(s: Signature, st: _Styles) -> Any:
    """One signer: who and how on the left, a blank date on the right, room to sign below."""
    from reportlab.platypus import Table as T

    right = st.line(Line("", align="right"))
    label = signer_text(s.label, s.hint, SIGN_LABEL_SHARE * st.text_width / st.page.body_pt)
    cells = [[st.text(label, st.flush), st.text(BLANK_DATE if s.date_line else "", right)]]
    widths = [st.text_width * SIGN_LABEL_SHARE, st.text_width * (1 - SIGN_LABEL_SHARE)]
    table = T(cells, colWidths=widths)
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), st.body_font),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), st.sign_row - st.page.leading),
        ]
    )
    return table


def _canvas_class(
    font: str,
    numbered: bool,
    layout: PageLayout,
    style: PageStyle,
    pages_out: list[int],
    *,
    dry: bool = False,
) -> type[Canvas]:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Keeps each page until the end, then numbers them (the total is known only then)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # reportlab starts each page in Helvetica: a font never used, and never embedded
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        #: A trial layout: text is not drawn (``TextBlock.draw``) and no file is written.
        md_dry = dry

        def showPage(self) -> None:
            self._pages.append({} if dry else dict(self.__dict__))
            # reportlab's own page reset, private and absent from its stubs
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            pages_out.append(total)
            if dry:
                return
            show = numbered and (total > 1 or style.number_single_page)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                if show:
                    self._number(number, total)
                super().showPage()
            super().save()

        def _number(self, number: int, total: int) -> None:
            text = style.page_number.replace("{page}", str(number)).replace("{pages}", str(total))
            size = style.page_number_pt
            self.setFont(font, size)
            if layout.width > layout.height:  # landscape sheet: centred, near the edge
                self.drawCentredString(layout.width / 2, 8 * MM, text)
                return
            # 7 mm below the text block, to the top of the digits
            y = layout.margins["bottom"] - 7 * MM - size * 0.8
            if style.page_number_position == "center":
                self.drawCentredString(layout.width / 2, y, text)
            elif number % 2:  # odd pages: right, one character in
                right = layout.width - layout.margins["right"] - size
                self.drawString(right - stringWidth(text, font, size), y, text)
            else:
                self.drawString(layout.margins["left"] + size, y, text)

    return NumberedCanvas


@dataclass(frozen=True, slots=True)
class _Built:
    data: bytes
    pages: int
    free: tuple[float, ...]  # each page's unused height at the foot of its text block (points)


def _build(
    doc: Document,
    body: str,
    title: str,
    style: PageStyle,
    breaks: LineCache | None = None,
    *,
    dry: bool = False,
) -> _Built:
    """Lay the document out and, unless ``dry`` (a trial: pages and space only), write it."""
    from reportlab import rl_config
    from reportlab.platypus import SimpleDocTemplate

    rl_config.useA85 = 0  # binary streams: ASCII85 only makes the file larger and slower
    free: list[float] = []

    class Template(SimpleDocTemplate):
        def handle_pageEnd(self) -> None:
            frame = self.frame  # where the text stopped on this page (reportlab's own fields)
            free.append(max(0.0, getattr(frame, "_y", 0.0) - getattr(frame, "_y1p", 0.0)))
            super().handle_pageEnd()

    buffer = io.BytesIO()
    layout = page_layout(doc, style)
    template = Template(
        buffer,
        pagesize=(layout.width, layout.height),
        leftMargin=layout.margins["left"],
        rightMargin=layout.margins["right"],
        topMargin=layout.margins["top"],
        bottomMargin=layout.margins["bottom"],
        title=doc.title,
        author=doc.meta.get("author", ""),
        creator="Mediation Desk",
    )
    pages: list[int] = []
    template.build(
        _flowables(doc, _Styles(body, title, style, layout.text_width, breaks or {})),
        canvasmaker=_canvas_class(body, doc.page_numbers, layout, style, pages, dry=dry),
    )
    return _Built(buffer.getvalue(), pages[-1], tuple(free))


def _closing_level(built: _Built, style: PageStyle) -> int:
    """The first setting worth trying so that a closing page moves back, or 0.

    GB/T 9704 7.3.5.1: when the signatures, seal and date cannot fit after the text, the
    spacing is adjusted rather than leaving them, with a paragraph, on a page of their own
    and half a page empty before it. Estimated from where the text stopped on each page: the
    first level of ``tightened`` (lines closer at 1 and 2, the type a point smaller at 3)
    that may bring the content within one page less (a little optimistic: keeps move blocks
    whole, so the estimate is rough either way; the layout decides)."""
    if built.pages < 2 or len(built.free) != built.pages:
        return 0
    height = style.text_height
    content = built.pages * height - sum(built.free)
    for level in range(1, MAX_CLOSING_LEVEL + 1):
        shrink = style.tightened(level).leading / style.leading
        if content * shrink <= (built.pages - 1) * height * 1.02:
            return level
    return 0


def render_pdf(
    doc: Document,
    fonts: FontSet | None = None,
    *,
    allow_missing: bool = False,
    style: PageStyle = GBT_9704,
) -> bytes:
    """The PDF bytes. Raises ``FontCoverageError`` when a character cannot be drawn."""
    return render_pdf_pages(doc, fonts, allow_missing=allow_missing, style=style)[0]


def render_pdf_pages(
    doc: Document,
    fonts: FontSet | None = None,
    *,
    allow_missing: bool = False,
    style: PageStyle = GBT_9704,
) -> tuple[bytes, int, PageStyle]:
    """The PDF bytes, its page count, and the style it was set in: tighter than ``style`` when
    a one-page form needed it to fit, or when closer lines keep the signatures from a page of
    their own (``_closing_level``)."""
    fonts = fonts or resolve_fonts()
    if not allow_missing:
        missing = check_coverage(doc, fonts)
        if missing:
            raise FontCoverageError(missing, fonts.body)
    body = register_for_reportlab(fonts.body)
    title = register_for_reportlab(fonts.title)
    with _RENDERING:
        return _render(doc, body, title, style)


#: One document at a time: reportlab's font faces are shared by the process and their
#: subsetting reads through a file position of the face's own (two windows may print at once).
_RENDERING = threading.Lock()


def _render(doc: Document, body: str, title: str, style: PageStyle) -> tuple[bytes, int, PageStyle]:
    breaks: LineCache = {}
    if doc.one_page:  # a form: closer and closer until it fits
        level = 0
        built = _build(doc, body, title, style, breaks)
        while built.pages > 1 and level < MAX_TIGHTENING:
            level += 1
            built = _build(doc, body, title, style.tightened(level), breaks)
        return built.data, built.pages, style.tightened(level)
    if not any(isinstance(b, Signatures) and b.signers for b in doc.blocks):
        built = _build(doc, body, title, style, breaks)
        return built.data, built.pages, style
    # Signed documents: a trial layout (half the cost of writing one) shows whether the
    # closing block would stand on a page of its own; if closer setting may help, the likely
    # level is written, and the next ones tried while that does not save the page.
    trial = _build(doc, body, title, style, breaks, dry=True)
    level = _closing_level(trial, style)
    if level:
        built = _build(doc, body, title, style.tightened(level), breaks)
        if built.pages < trial.pages:
            return built.data, built.pages, style.tightened(level)
        for higher in range(level + 1, MAX_CLOSING_LEVEL + 1):
            tighter = style.tightened(higher)
            if _build(doc, body, title, tighter, breaks, dry=True).pages < trial.pages:
                built = _build(doc, body, title, tighter, breaks)
                return built.data, built.pages, tighter
    built = _build(doc, body, title, style, breaks)
    return built.data, built.pages, style


__all__ = [
    "BLANK_DATE",
    "FontCoverageError",
    "FontSet",
    "PageLayout",
    "check_coverage",
    "page_layout",
    "render_pdf",
    "render_pdf_pages",
    "resolve_fonts",
]
