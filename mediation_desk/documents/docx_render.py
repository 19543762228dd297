"""Render a ``Document`` to DOCX with python-docx: the PDF's page style, editable.

East Asian font names (仿宋/宋体 body, 黑体 titles and headings) are set on the styles *and* on
each run (``w:eastAsia``), since Word otherwise falls back to the theme's font for CJK text.
Table widths go on both the columns and the cells (LibreOffice reads one, Word the other).

The PDF's keep rules are carried as paragraph properties, so Word and LibreOffice keep the
same things together: headings and ``keep_with_next`` paragraphs with what follows, the last
paragraph with the first signers, the last signer with the seal and date; signer rows never
split; widow/orphan control and the Chinese line-breaking rules (``w:kinsoku``) are on.
"""

from __future__ import annotations

import io
import re
from typing import Any

from .cjk_text import signer_text
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
    short_list,
)
from .page_style import GBT_9704, PageStyle
from .pdf_render import BLANK_DATE, SIGN_LABEL_SHARE, SIGN_ROW_LINES, PageLayout, page_layout

BODY_FONT, TITLE_FONT, LATIN_FONT = "仿宋", "黑体", "Times New Roman"
#: A table row kept whole on its page; a longer one (a long dispute's facts) may break, as
#: Word would otherwise cut a row taller than the page.
UNSPLIT_ROW_CHARS = 400
#: Characters XML 1.0 cannot carry (python-docx would refuse the whole document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _set_fonts(element: Any, east_asia: str) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a style's or run's rPr, dropping theme fonts."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _on(parent: Any, tag: str) -> None:
    """Add ``<w:tag w:val="1"/>`` to a properties element (kinsoku, cantSplit…)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    el.set(qn("w:val"), "1")
    parent.append(el)


class _Writer:
    def __init__(self, layout: PageLayout, style: PageStyle) -> None:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.Pt = Pt
        self.page = style
        self.doc = docx.Document()
        self.align = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }
        self.text_width = layout.text_width
        self.last: Any = None  # the last body paragraph written
        self._page(layout)
        self._styles()

    def _page(self, layout: PageLayout) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Emu

        pt = 12700  # EMU per point
        sec = self.doc.sections[0]
        if layout.width > layout.height:
            sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Emu(int(layout.width * pt)), Emu(int(layout.height * pt))
        sec.top_margin = Emu(int(layout.margins["top"] * pt))
        sec.bottom_margin = Emu(int(layout.margins["bottom"] * pt))
        sec.left_margin = Emu(int(layout.margins["left"] * pt))
        sec.right_margin = Emu(int(layout.margins["right"] * pt))
        landscape = layout.width > layout.height
        footer = (
            8 * 72 / 25.4 if landscape else max(layout.margins["bottom"] - 7 * 72 / 25.4 - 20, 10)
        )
        sec.footer_distance = Emu(int(footer * pt))

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        Pt, page = self.Pt, self.page
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(page.body_pt)
        _set_fonts(normal.element, BODY_FONT)
        pf = normal.paragraph_format
        pf.line_spacing, pf.space_before, pf.space_after = Pt(page.leading), Pt(0), Pt(0)
        pf.widow_control = True
        ppr = normal.element.get_or_add_pPr()
        _on(ppr, "w:kinsoku")  # Chinese line-breaking rules
        _on(ppr, "w:overflowPunct")
        self.styles: dict[str, Any] = {}
        for name, font, size, indent in (
            ("MD Body", BODY_FONT, page.body_pt, True),
            ("MD Flush", BODY_FONT, page.body_pt, False),
            ("MD Heading", TITLE_FONT, page.body_pt, False),
            ("MD Title", TITLE_FONT, page.title_pt, False),
            ("MD Cell", BODY_FONT, page.table_pt, False),
        ):
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size = Pt(size)
            _set_fonts(style.element, font)
            spf = style.paragraph_format
            if name in ("MD Body", "MD Flush"):
                spf.alignment = self.align["justify"]
            if indent:
                spf.first_line_indent = Pt(2 * page.body_pt)
            if name == "MD Heading":
                spf.keep_with_next = True
            if name == "MD Title":
                spf.line_spacing = Pt(page.title_pt * 1.5)
                spf.alignment = self.align["center"]
                spf.keep_with_next = True
            if name == "MD Cell":
                spf.line_spacing = Pt(page.table_leading)
            self.styles[name] = style

    def para(
        self,
        text: str,
        style: str,
        *,
        align: str | None = None,
        label: str = "",
        size: float | None = None,
        bold_font: bool = False,
        container: Any = None,
        keep: bool = False,
    ) -> Any:
        target = container if container is not None else self.doc
        p = target.add_paragraph()
        # Set the style id directly: python-docx's public setter (1.2) scans every style of the
        # document for the default one on each call — two thirds of the render time.
        p._p.style = self.styles[style].style_id
        if align:
            p.alignment = self.align[align]
        if keep:
            p.paragraph_format.keep_with_next = True
        if label:
            run = p.add_run(xml_safe(label))
            _set_fonts(run._r, TITLE_FONT)
        font = TITLE_FONT if bold_font or style in ("MD Title", "MD Heading") else BODY_FONT
        lines = xml_safe(text).split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            _set_fonts(run._r, font)
            if size:
                run.font.size = self.Pt(size)
            if i < len(lines) - 1:
                run.add_break()
        if container is None:
            self.last = p
        return p

    def table(self, b: Table) -> None:
        ncols = len(b.widths)
        t = self.doc.add_table(rows=len(b.rows), cols=ncols)
        t.style = self.doc.styles["Table Grid"]
        t.autofit = False
        widths = [self.Pt(w * self.text_width) for w in b.widths]
        for c, w in enumerate(widths):
            t.columns[c].width = w
        for r, row in enumerate(b.rows):
            cells = t.rows[r].cells
            for c in range(ncols):
                cells[c].width = widths[c]
            if row.min_lines > 1:
                t.rows[r].height = self.Pt(row.min_lines * self.page.table_leading + 10)
            if sum(len(c.text) for c in row.cells) <= UNSPLIT_ROW_CHARS:
                _on(t.rows[r]._tr.get_or_add_trPr(), "w:cantSplit")
            if r < b.header_rows:
                _repeat_as_header(t.rows[r])
            col = 0
            for cell in row.cells:
                target = cells[col]
                if cell.span > 1:
                    target = target.merge(cells[col + cell.span - 1])
                target.paragraphs[0]._p.getparent().remove(target.paragraphs[0]._p)
                self.para(
                    cell.text, "MD Cell", align=cell.align, bold_font=cell.bold, container=target
                )
                col += cell.span
        self.last = None

    def signatures(self, b: Signatures) -> None:
        """As in the PDF, one block kept with the last paragraph before it (keep-with-next on
        every paragraph, rows that cannot split)."""
        n = len(b.signers)
        if self.last is not None:
            self.last.paragraph_format.keep_with_next = True
        if b.signers:
            t = self.doc.add_table(rows=n, cols=2)
            t.autofit = False
            share = SIGN_LABEL_SHARE
            widths = [self.Pt(self.text_width * share), self.Pt(self.text_width * (1 - share))]
            for c, w in enumerate(widths):
                t.columns[c].width = w
            for r, s in enumerate(b.signers):
                row = t.rows[r]
                row.height = self.Pt(self.page.leading * SIGN_ROW_LINES)
                _on(row._tr.get_or_add_trPr(), "w:cantSplit")
                keep = r < n - 1 or bool(b.seal or b.date)
                for c in range(2):
                    row.cells[c].width = widths[c]
                    p = row.cells[c].paragraphs[0]
                    p._p.getparent().remove(p._p)
                label = signer_text(s.label, s.hint, share * self.text_width / self.page.body_pt)
                self.para(label, "MD Flush", align="left", container=row.cells[0], keep=keep)
                date = BLANK_DATE if s.date_line else ""
                self.para(date, "MD Flush", align="right", container=row.cells[1], keep=keep)
        if b.seal or b.date:
            self.para("", "MD Flush", keep=True)
            if b.seal:
                self.para("", "MD Flush", keep=True)
                self.para(b.seal, "MD Flush", align="right", keep=bool(b.date))
            if b.date:
                self.para(b.date, "MD Flush", align="right")
        self.last = None

    def footer(self, *, landscape: bool) -> None:
        """Page numbers in the style's format: outside (odd right, even left) or centred."""
        position = "center" if landscape else self.page.page_number_position
        sec = self.doc.sections[0]
        if position == "outside":
            self.doc.settings.odd_and_even_pages_header_footer = True
            self._number(sec.footer.paragraphs[0], "right")
            self._number(sec.even_page_footer.paragraphs[0], "left")
        else:
            self._number(sec.footer.paragraphs[0], "center")

    def _number(self, p: Any, align: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        size = self.Pt(self.page.page_number_pt)
        p.alignment = self.align[align]
        if align == "right":
            p.paragraph_format.right_indent = size
        elif align == "left":
            p.paragraph_format.left_indent = size

        def text(t: str) -> None:
            if t:
                run = p.add_run(t)
                run.font.size = size
                _set_fonts(run._r, BODY_FONT)

        def field(code: str) -> None:
            run = p.add_run()
            run.font.size = size
            for kind, instr in (("begin", None), (None, code), ("separate", None), ("end", None)):
                if kind:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                else:
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = f" {instr} "
                run._r.append(el)
                if kind == "separate":
                    t = OxmlElement("w:t")
                    t.text = "1"
                    run._r.append(t)

        for part in re.split(r"(\{page\}|\{pages\})", self.page.page_number):
            if part == "{page}":
                field("PAGE")
            elif part == "{pages}":
                field("NUMPAGES")
            else:
                text(part)


def _repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def render_docx(doc: Document, style: PageStyle = GBT_9704) -> bytes:
    """The DOCX bytes, in ``style`` (for a one-page form, the tightened style its PDF used)."""
    layout = page_layout(doc, style)
    w = _Writer(layout, style)
    if doc.above_title:
        w.para(doc.above_title, "MD Flush", align="center", size=18, keep=True)
    w.para(doc.title, "MD Title")
    if doc.number_line:
        w.para(doc.number_line, "MD Flush", align="right")
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            w.para(
                b.text,
                "MD Body" if b.indent else "MD Flush",
                label=b.label,
                align=None if b.align == "justify" else b.align,
                keep=b.keep_with_next,
            )
        elif isinstance(b, Heading):
            w.para(b.text, "MD Heading")
        elif isinstance(b, Clauses):
            lines = clause_lines(b)
            for i, line in enumerate(lines):  # a short list on one page, as in the PDF
                w.para(line, "MD Body", keep=short_list(b) and i < len(lines) - 1)
        elif isinstance(b, Line):
            size = {"small": style.body_pt - 3, "body": None, "large": 18}[b.size]
            w.para(b.text, "MD Flush", align=b.align, size=size, bold_font=b.bold)
        elif isinstance(b, Table):
            w.table(b)
        elif isinstance(b, Signatures):
            w.signatures(b)
        elif isinstance(b, Spacer):
            for _ in range(max(1, round(b.lines))):
                w.para("", "MD Flush")
        elif isinstance(b, PageBreak):
            w.doc.add_page_break()  # type: ignore[no-untyped-call]  # unannotated in python-docx
    if doc.page_numbers and not doc.one_page:
        w.footer(landscape=layout.width > layout.height)
    w.doc.core_properties.title = xml_safe(doc.title)
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()
