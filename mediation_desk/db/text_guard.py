"""No control character reaches the database, whichever screen or command typed it.

Intake and the agreement editor clean their drafts before validating them
(``domain.validation.text``); this is the net under every other text a user types — unit and
mediator names, the committee name and seal text, notes, reasons — so that no stored text can
break a DOCX (XML cannot hold them) or hide from search. Each text attribute of each table
cleans what it is given as it is set, so the service that set it already sees the clean value.
``Text`` columns, and ``String`` columns marked ``info={"multiline": True}``, keep their line
breaks; other ``String`` columns are single lines.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Enum, String, Text, event
from sqlalchemy.orm import Mapper

from ..domain.validation.text import clean_text


def _cleaner(multiline: bool) -> Any:
    def clean(_target: Any, value: Any, _old: Any, _initiator: Any) -> Any:
        return clean_text(value, multiline=multiline) if isinstance(value, str) else value

    return clean


def _guard_mapper(mapper: Mapper[Any], _class: type) -> None:
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        column_type = column.type
        if isinstance(column_type, String) and not isinstance(column_type, Enum):
            multiline = isinstance(column_type, Text) or bool(column.info.get("multiline"))
            event.listen(prop.class_attribute, "set", _cleaner(multiline), retval=True)


def install(base: type) -> None:
    """Clean the text attributes of every table mapped on ``base`` (when it is configured)."""
    event.listen(base, "mapper_configured", _guard_mapper, propagate=True)
