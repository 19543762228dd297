"""The centre's document settings: committee name, seal text, default court, font file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..db.agreement_models import DocumentSettings
from ..db.database import Database
from ..errors import DeskError
from . import history
from .actor import Actor


@dataclass(frozen=True, slots=True)
class DocumentSettingsView:
    committee_name: str = ""  # used when the handling unit is not a committee
    seal_text: str = ""  # e.g. （城南街道人民调解委员会印）
    default_court: str = ""  # the basic court where the committee is
    place: str = ""  # default place of mediation
    font_path: str = ""  # a TrueType .ttf/.ttc; empty: an installed one

    @property
    def font_file(self) -> Path | None:
        return Path(self.font_path) if self.font_path.strip() else None


def get_document_settings(db: Database) -> DocumentSettingsView:
    with db.reading() as s:
        row = s.get(DocumentSettings, 1)
        if row is None:
            return DocumentSettingsView()
        return DocumentSettingsView(
            row.committee_name, row.seal_text, row.default_court, row.place, row.font_path
        )


def save_document_settings(
    db: Database, actor: Actor, settings: DocumentSettingsView
) -> DocumentSettingsView:
    font = settings.font_path.strip()
    if font:
        from ..documents.fonts import FontUnavailable, find_cjk_font

        try:
            find_cjk_font(configured=Path(font))
        except FontUnavailable as exc:
            raise DeskError(exc.message) from None
    with db.writing() as s:
        row = s.get(DocumentSettings, 1)
        if row is None:
            row = DocumentSettings(id=1)
            s.add(row)
        row.committee_name = settings.committee_name.strip()
        row.seal_text = settings.seal_text.strip()
        row.default_court = settings.default_court.strip()
        row.place = settings.place.strip()
        row.font_path = font
        row.updated_at = dt.datetime.now()
        history.record(
            s,
            actor,
            entity="document_settings",
            entity_id=1,
            action="update",
            summary="修改文书设置",
        )
    return get_document_settings(db)
