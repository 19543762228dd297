"""Rendering a document model to the bytes of one file format."""

from __future__ import annotations

from pathlib import Path

from ..domain.document_kinds import FileFormat
from .model import Document


def render(
    doc: Document, file_format: FileFormat, *, font_file: Path | None, allow_missing: bool = False
) -> bytes:
    """PDF (fonts embedded; ``FontCoverageError`` when a character has no glyph, unless
    ``allow_missing``) or DOCX."""
    if file_format is FileFormat.PDF:
        from .pdf_render import render_pdf, resolve_fonts

        return render_pdf(doc, resolve_fonts(font_file), allow_missing=allow_missing)
    from .docx_render import render_docx

    return render_docx(doc)
