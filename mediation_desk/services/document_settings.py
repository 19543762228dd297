"""The centre's document settings: committee name, seal text, default court, font file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..db.agreement_models import DocumentSettings
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.document_settings import DocumentSettingsView
from ..domain.roles import Permission
from ..errors import DeskError
from . import history
from .permissions import requires

SETTINGS_ID = 1  # one row


def settings_view(row: DocumentSettings | None) -> DocumentSettingsView:
    if row is None:
        return DocumentSettingsView()
    return DocumentSettingsView(
        row.committee_name, row.seal_text, row.default_court, row.place, row.font_path
    )


def load_document_settings(s: Session) -> DocumentSettingsView:
    return settings_view(s.get(DocumentSettings, SETTINGS_ID))


def get_document_settings(uow: UnitOfWork) -> DocumentSettingsView:
    return load_document_settings(uow.read())


@requires(Permission.SETTINGS)
def save_document_settings(uow: UnitOfWork, settings: DocumentSettingsView) -> DocumentSettingsView:
    font = settings.font_path.strip()
    if font:
        from ..documents.fonts import FontUnavailable, find_cjk_font

        try:
            find_cjk_font(configured=Path(font))
        except FontUnavailable as exc:
            raise DeskError(exc.message) from None
    s = uow.write()
    row = s.get(DocumentSettings, SETTINGS_ID)
    if row is None:
        row = DocumentSettings(id=SETTINGS_ID)
        s.add(row)
    row.committee_name = settings.committee_name.strip()
    row.seal_text = settings.seal_text.strip()
    row.default_court = settings.default_court.strip()
    row.place = settings.place.strip()
    row.font_path = font
    row.updated_at = uow.now()
    history.record(
        uow,
        entity=Entity.DOCUMENT_SETTINGS,
        entity_id=SETTINGS_ID,
        action="update",
        summary="修改文书设置",
    )
    return settings_view(row)
