"""Rendering a document model to the bytes of one file format."""

from __future__ import annotations

from pathlib import Path

from ..domain.document_kinds import FileFormat
from .model import Document
from .page_style import GBT_9704, PageStyle


def render(
    doc: Document,
    file_format: FileFormat,
    *,
    font_file: Path | None,
    allow_missing: bool = False,
    style: PageStyle = GBT_9704,
) -> bytes:
    """PDF (fonts embedded; ``FontCoverageError`` when a character has no glyph, unless
    ``allow_missing``) or DOCX, in the centre's page ``style``."""
    from .fonts import FontUnavailable
    from .pdf_render import render_pdf_pages, resolve_fonts

    if file_format is FileFormat.PDF:
        return render_pdf_pages(
            doc, resolve_fonts(font_file), allow_missing=allow_missing, style=style
        )[0]
    from .docx_render import render_docx

    if doc.one_page:  # the DOCX takes the tighter setting the PDF needed to fit one page
        try:
            fonts = resolve_fonts(font_file)
        except FontUnavailable:
            pass  # no font to measure with: the DOCX keeps the plain setting
        else:
            style = render_pdf_pages(doc, fonts, allow_missing=True, style=style)[2]
    return render_docx(doc, style)
