"""Render a ``Document`` to PDF with reportlab: A4, official margins, embedded CJK subsets.

Layout follows GB/T 9704 in spirit: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the body
in a Song face at 14 pt (四号), the title in a Hei face at 22 pt (二号), page numbers
"第X页 共Y页" in the footer. Before rendering, every character is checked against the fonts:
reportlab would silently print a blank for a missing glyph (a rare name character!).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape

from ..errors import DeskError
from .fonts import (
    CjkFont,
    FontUnavailable,
    find_cjk_font,
    missing_characters,
    register_for_reportlab,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

from .model import (
    Clauses,
    Document,
    Heading,
    Line,
    PageBreak,
    Paragraph,
    Signatures,
    Spacer,
    Table,
    clause_lines,
)

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGINS = {"top": 37 * MM, "bottom": 35 * MM, "left": 28 * MM, "right": 26 * MM}
TEXT_W = PAGE_W - MARGINS["left"] - MARGINS["right"]
#: A4 across, for sheets posted on a notice board: narrow margins, room for a wide table.
LANDSCAPE_MARGINS = {"top": 15 * MM, "bottom": 20 * MM, "left": 15 * MM, "right": 15 * MM}
BODY_PT, BODY_LEADING = 14, 25
TABLE_PT, TABLE_LEADING = 12, 19
TITLE_PT = 22
SIGN_ROW_H = 40  # points: room for a signature or a thumbprint
#: reportlab's paragraph alignments: left, centre, right, justified.
Alignment = Literal[0, 1, 2, 4]


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


def page_layout(doc: Document) -> PageLayout:
    """Portrait with the official margins, or landscape for a notice-board sheet."""
    if doc.landscape:
        return PageLayout(PAGE_H, PAGE_W, LANDSCAPE_MARGINS)
    return PageLayout(PAGE_W, PAGE_H, MARGINS)


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
    def __init__(self, body: str, title: str, text_width: float) -> None:
        from reportlab.lib.styles import ParagraphStyle

        base = ParagraphStyle(
            "body",
            fontName=body,
            fontSize=BODY_PT,
            leading=BODY_LEADING,
            wordWrap="CJK",
            alignment=4,  # justified
        )
        self.align: dict[str, Alignment] = {"left": 0, "center": 1, "right": 2, "justify": 4}
        self.body = ParagraphStyle("p", parent=base, firstLineIndent=2 * BODY_PT)
        self.flush = ParagraphStyle("flush", parent=base)
        self.heading = ParagraphStyle("h", parent=base, fontName=title, spaceBefore=4)
        self.title = ParagraphStyle(
            "t",
            parent=base,
            fontName=title,
            fontSize=TITLE_PT,
            leading=TITLE_PT * 1.6,
            alignment=1,  # centred
            spaceAfter=6,
        )
        self.cell = ParagraphStyle("c", parent=base, fontSize=TABLE_PT, leading=TABLE_LEADING)
        self.cell_bold = ParagraphStyle("cb", parent=self.cell, fontName=title)
        self.title_font, self.body_font = title, body
        self.text_width = text_width

    def line(self, block: Line) -> Any:
        from reportlab.lib.styles import ParagraphStyle

        size = {"small": 12, "body": BODY_PT, "large": 16}[block.size]
        return ParagraphStyle(
            f"l{block.align}{block.size}{block.bold}",
            parent=self.flush,
            fontName=self.title_font if block.bold else self.body_font,
            fontSize=size,
            leading=size * 1.6,
            alignment=self.align[block.align],
        )


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _flowables(doc: Document, st: _Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import PageBreak as RlPageBreak
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Spacer as S

    out: list[Any] = []
    if doc.above_title:
        out.append(P(_markup(doc.above_title), st.line(Line(doc.above_title, size="large"))))
    out.append(P(_markup(doc.title), st.title))
    if doc.number_line:
        out.append(P(_markup(doc.number_line), st.line(Line(doc.number_line, align="right"))))
    out.append(S(1, 6))
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            text = _markup(b.text)
            if b.label:
                text = f'<font name="{st.title_font}">{_markup(b.label)}</font>{text}'
            out.append(P(text, st.body if b.indent else st.flush))
        elif isinstance(b, Heading):
            out.append(P(_markup(b.text), st.heading))
        elif isinstance(b, Clauses):
            out += [P(_markup(x), st.body) for x in clause_lines(b)]
        elif isinstance(b, Line):
            out.append(P(_markup(b.text), st.line(b)))
        elif isinstance(b, Table):
            out.append(_table(b, st))
        elif isinstance(b, Signatures):
            # The last paragraph stays with the signatures: a page of signatures alone could be
            # attached to another text.
            last = [out.pop()] if out and isinstance(out[-1], P) else []
            out.append(KeepTogether(last + _signatures(b, st)))
        elif isinstance(b, Spacer):
            out.append(S(1, b.lines * BODY_LEADING))
        elif isinstance(b, PageBreak):
            out.append(RlPageBreak())
    return out


def _table(b: Table, st: _Styles) -> Any:
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Spacer as S
    from reportlab.platypus import Table as T

    data: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for r, row in enumerate(b.rows):
        line: list[Any] = []
        col = 0
        for cell in row.cells:
            style = st.cell_bold if cell.bold else st.cell
            if cell.align != "left":
                from reportlab.lib.styles import ParagraphStyle

                style = ParagraphStyle(
                    f"{style.name}{cell.align}", parent=style, alignment=st.align[cell.align]
                )
            content: list[Any] = [P(_markup(cell.text), style)]
            if row.min_lines > 1:
                content.append(S(1, (row.min_lines - 1) * TABLE_LEADING))
            line.append(content)
            line += [""] * (cell.span - 1)
            if cell.span > 1:
                spans.append(("SPAN", (col, r), (col + cell.span - 1, r)))
            col += cell.span
        data.append(line)
    table = T(data, colWidths=[w * st.text_width for w in b.widths], repeatRows=b.header_rows)
    header = [("BACKGROUND", (0, 0), (-1, b.header_rows - 1), "#e4e7ec")] if b.header_rows else []
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.75, "black"),
            ("FONTNAME", (0, 0), (-1, -1), st.body_font),  # spanned-over cells are plain ""
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            *header,
            *spans,
        ]
    )
    return table


def _signatures(b: Signatures, st: _Styles) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Spacer as S
    from reportlab.platypus import Table as T

    out: list[Any] = [S(1, BODY_LEADING * 0.5)]
    if b.signers:
        right = ParagraphStyle("sr", parent=st.flush, alignment=st.align["right"])
        rows = [
            [
                P(f"{_markup(s.label)}{_markup(s.hint)}", st.flush),
                P("　　年　　月　　日" if s.date_line else "", right),
            ]
            for s in b.signers
        ]
        # Rows grow with a label that wraps (a long organisation name) and always keep
        # SIGN_ROW_H minus one line of room below the text for the signature or thumbprint.
        table = T(rows, colWidths=[st.text_width * 0.66, st.text_width * 0.34])
        table.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), st.body_font),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), SIGN_ROW_H - BODY_LEADING),
            ]
        )
        out.append(table)
    if b.seal or b.date:
        right = ParagraphStyle("seal", parent=st.flush, alignment=st.align["right"])
        out.append(S(1, BODY_LEADING * (1.5 if b.seal else 0.5)))  # room for the round seal
        if b.seal:
            out.append(P(_markup(b.seal), right))
        if b.date:
            out.append(P(_markup(b.date), right))
    return out


def _canvas_class(font: str, numbered: bool, page_width: float) -> type[Canvas]:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Keeps each page until the end, then writes 第X页 共Y页 on all of them."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # reportlab starts each page in Helvetica: a font never used, and never embedded
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            # reportlab's own page reset, private and absent from its stubs
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                if numbered:
                    self.setFont(font, 10.5)
                    y = 20 * MM if page_width < PAGE_H else 10 * MM
                    self.drawCentredString(page_width / 2, y, f"第{number}页 共{total}页")
                super().showPage()
            super().save()

    return NumberedCanvas


#: Chinese punctuation that must not start a line (禁则); reportlab's list is Japanese-centred.
CJK_CANNOT_START = "，。、：；！？）》」』】〕…—％"


def _chinese_line_breaking() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (paragraph, textsplit):  # one-fragment paragraphs wrap in textsplit
        # ALL_CANNOT_START is module data the reportlab stubs leave out.
        have: str = module.ALL_CANNOT_START
        extra = "".join(c for c in CJK_CANNOT_START if c not in have)
        if extra:
            module.ALL_CANNOT_START = have + extra  # type: ignore[attr-defined]


def render_pdf(
    doc: Document, fonts: FontSet | None = None, *, allow_missing: bool = False
) -> bytes:
    """The PDF bytes. Raises ``FontCoverageError`` when a character cannot be drawn."""
    from reportlab.platypus import SimpleDocTemplate

    fonts = fonts or resolve_fonts()
    _chinese_line_breaking()
    if not allow_missing:
        missing = check_coverage(doc, fonts)
        if missing:
            raise FontCoverageError(missing, fonts.body)
    body = register_for_reportlab(fonts.body)
    title = register_for_reportlab(fonts.title)
    buffer = io.BytesIO()
    layout = page_layout(doc)
    template = SimpleDocTemplate(
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
    template.build(
        _flowables(doc, _Styles(body, title, layout.text_width)),
        canvasmaker=_canvas_class(body, doc.page_numbers, layout.width),
    )
    return buffer.getvalue()
