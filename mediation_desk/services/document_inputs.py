"""Where a case's files live, and what every document of a case is built from: shared by the
documents service and the case file (卷宗)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..documents.builders import DocumentData
from .case_data import CaseData


def case_folder(data_dir: Path, case_id: int) -> Path:
    """Where a case's generated files live."""
    return data_dir / "cases" / str(case_id)


def data_dir_of(case_folder: Path) -> Path:
    """The data folder a ``case_folder`` lies in."""
    return case_folder.parent.parent


def document_data(
    data: CaseData, *, today: dt.date, templates_dir: Path | None = None
) -> DocumentData:
    return DocumentData(
        case=data.case,
        settings=data.settings,
        today=today,
        agreement=data.agreement,
        pack=data.pack,
        templates_dir=templates_dir,
    )
