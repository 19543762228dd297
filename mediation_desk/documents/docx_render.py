"""Render a ``Document`` to DOCX with python-docx: A4, the PDF's margins and sizes, editable.

East Asian font names (宋体 body, 黑体 titles and headings) are set on the styles *and* on each
run (``w:eastAsia``), since Word otherwise falls back to the theme's font for CJK text. Table
widths go on both the columns and the cells (LibreOffice reads one, Word the other).
"""

from __future__ import annotations

import io
from typing import Any

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
from .pdf_render import (
    BODY_LEADING,
    BODY_PT,
    MM,
    SIGN_ROW_H,
    TABLE_LEADING,
    TABLE_PT,
    TITLE_PT,
    PageLayout,
    page_layout,
)

BODY_FONT, TITLE_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"


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


class _Writer:
    def __init__(self, layout: PageLayout) -> None:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.Pt = Pt
        self.doc = docx.Document()
        self.align = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }
        self.text_width = layout.text_width
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
        footer = 20 * MM if layout.width < layout.height else 8 * MM
        sec.footer_distance = Emu(int(footer * pt))

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        Pt = self.Pt
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        _set_fonts(normal.element, BODY_FONT)
        pf = normal.paragraph_format
        pf.line_spacing, pf.space_before, pf.space_after = Pt(BODY_LEADING), Pt(0), Pt(0)
        self.styles: dict[str, Any] = {}
        for name, font, size, indent in (
            ("MD Body", BODY_FONT, BODY_PT, True),
            ("MD Flush", BODY_FONT, BODY_PT, False),
            ("MD Heading", TITLE_FONT, BODY_PT, False),
            ("MD Title", TITLE_FONT, TITLE_PT, False),
            ("MD Cell", BODY_FONT, TABLE_PT, False),
        ):
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size = Pt(size)
            _set_fonts(style.element, font)
            if indent:
                style.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
            if name == "MD Title":
                style.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
                style.paragraph_format.alignment = self.align["center"]
            if name == "MD Cell":
                style.paragraph_format.line_spacing = Pt(TABLE_LEADING)
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
    ) -> Any:
        target = container if container is not None else self.doc
        p = target.add_paragraph()
        # Set the style id directly: python-docx's public setter (1.2) scans every style of the
        # document for the default one on each call — two thirds of the render time.
        p._p.style = self.styles[style].style_id
        if align:
            p.alignment = self.align[align]
        if label:
            run = p.add_run(label)
            _set_fonts(run._r, TITLE_FONT)
        font = TITLE_FONT if bold_font or style in ("MD Title", "MD Heading") else BODY_FONT
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            _set_fonts(run._r, font)
            if size:
                run.font.size = self.Pt(size)
            if i < len(lines) - 1:
                run.add_break()
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
                t.rows[r].height = self.Pt(row.min_lines * TABLE_LEADING + 10)
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

    def signatures(self, b: Signatures) -> None:
        if b.signers:
            t = self.doc.add_table(rows=len(b.signers), cols=2)
            t.autofit = False
            widths = [self.Pt(self.text_width * 0.66), self.Pt(self.text_width * 0.34)]
            for c, w in enumerate(widths):
                t.columns[c].width = w
            for r, s in enumerate(b.signers):
                row = t.rows[r]
                row.height = self.Pt(SIGN_ROW_H)
                for c in range(2):
                    row.cells[c].width = widths[c]
                    p = row.cells[c].paragraphs[0]
                    p._p.getparent().remove(p._p)
                self.para(s.label + s.hint, "MD Flush", container=row.cells[0])
                date = "　　年　　月　　日" if s.date_line else ""
                self.para(date, "MD Flush", align="right", container=row.cells[1])
        if b.seal or b.date:
            self.para("", "MD Flush")
            if b.seal:
                self.para("", "MD Flush")
                self.para(b.seal, "MD Flush", align="right")
            if b.date:
                self.para(b.date, "MD Flush", align="right")

    def footer(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = self.doc.sections[0].footer.paragraphs[0]
        p.alignment = self.align["center"]

        def text(t: str) -> None:
            run = p.add_run(t)
            run.font.size = self.Pt(10.5)
            _set_fonts(run._r, BODY_FONT)

        def field(code: str) -> None:
            run = p.add_run()
            run.font.size = self.Pt(10.5)
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

        text("第")
        field("PAGE")
        text("页 共")
        field("NUMPAGES")
        text("页")


def _repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def render_docx(doc: Document) -> bytes:
    w = _Writer(page_layout(doc))
    if doc.above_title:
        w.para(doc.above_title, "MD Flush", align="center", size=16)
    w.para(doc.title, "MD Title")
    if doc.number_line:
        w.para(doc.number_line, "MD Flush", align="right")
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            w.para(b.text, "MD Body" if b.indent else "MD Flush", label=b.label)
        elif isinstance(b, Heading):
            w.para(b.text, "MD Heading")
        elif isinstance(b, Clauses):
            for line in clause_lines(b):
                w.para(line, "MD Body")
        elif isinstance(b, Line):
            size = {"small": 12, "body": None, "large": 16}[b.size]
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
    if doc.page_numbers:
        w.footer()
    w.doc.core_properties.title = doc.title
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()
