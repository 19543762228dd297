"""The printed day schedule (A4 landscape) for the centre's notice board, through the same
document pipeline as every other document, in the font of the document settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..db.unit_of_work import UnitOfWork
from ..documents.day_sheet import SheetRow, build_day_sheet
from ..documents.model import Document
from . import reference
from .document_settings import get_document_settings
from .session_views import day_board


@dataclass(frozen=True, slots=True)
class DaySheet:
    pdf: bytes
    pages: int
    missing: tuple[str, ...]  # characters the font could not draw (printed blank)


def day_sheet_rows(uow: UnitOfWork, day: dt.date) -> list[SheetRow]:
    """The day's sessions that still take place (cancelled ones and no-shows left out)."""
    board = day_board(uow, day)
    order = {r.id: i for i, r in enumerate(board.rooms)}
    return [
        SheetRow(
            s.starts,
            s.ends,
            s.room_name,
            s.case_number,
            s.dispute_type,
            s.lead_name,
            tuple(a.name for a in s.attendees),
            s.status.label,
            order.get(s.room_id, len(order)),
        )
        for s in board.sessions
        if s.status.occupies
    ]


def day_sheet_document(uow: UnitOfWork, day: dt.date) -> Document:
    centre = reference.get_centre(uow).name
    return build_day_sheet(centre=centre, day=day, rows=day_sheet_rows(uow, day))


def day_sheet_pdf(uow: UnitOfWork, day: dt.date) -> DaySheet:
    """The sheet as a PDF. A character the font lacks is printed blank and reported (a notice
    is posted anyway); ``FontUnavailable`` (Chinese) when no embeddable font exists."""
    import pypdfium2 as pdfium

    from ..documents.pdf_render import check_coverage, render_pdf, resolve_fonts

    doc = day_sheet_document(uow, day)
    fonts = resolve_fonts(get_document_settings(uow).font_file)
    missing = tuple(check_coverage(doc, fonts))
    pdf = render_pdf(doc, fonts, allow_missing=True)
    document = pdfium.PdfDocument(pdf)
    try:
        pages = len(document)
    finally:
        document.close()
    return DaySheet(pdf, pages, missing)
