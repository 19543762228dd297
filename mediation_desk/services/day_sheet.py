"""The printed day schedule (A4 landscape PDF) for the centre's notice board."""

from __future__ import annotations

import datetime as dt

from ..db.unit_of_work import UnitOfWork
from ..scheduling.day_sheet import DaySheet, SheetRow, render_day_sheet
from . import reference
from .document_settings import get_document_settings
from .session_views import day_board


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


def day_sheet_pdf(uow: UnitOfWork, day: dt.date) -> DaySheet:
    """Raises ``FontUnavailable`` (a DeskError, in Chinese) when no embeddable font exists."""
    centre = reference.get_centre(uow).name
    return render_day_sheet(
        centre=centre,
        day=day,
        rows=day_sheet_rows(uow, day),
        font_path=get_document_settings(uow).font_file,
    )
