"""The printed day schedule (A4 landscape PDF) for the centre's notice board."""

from __future__ import annotations

import datetime as dt

from ..db.database import Database
from ..scheduling.day_sheet import DaySheet, SheetRow, render_day_sheet
from . import reference
from .scheduling import day_board


def day_sheet_rows(db: Database, day: dt.date) -> list[SheetRow]:
    """The day's sessions that still take place (cancelled ones and no-shows left out)."""
    board = day_board(db, day)
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


def day_sheet_pdf(db: Database, day: dt.date, *, font_path: object = None) -> DaySheet:
    """Raises ``FontUnavailable`` (a DeskError, in Chinese) when no embeddable font exists."""
    centre = reference.get_centre(db).name
    return render_day_sheet(
        centre=centre, day=day, rows=day_sheet_rows(db, day), font_path=font_path
    )
