"""Which builder makes which document."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.document_kinds import DocumentKind
from .agreement_docs import BUILDERS as AGREEMENT_BUILDERS
from .builders import (
    DocumentData,
    build_application,
    build_file_contents,
    build_file_cover,
    build_refusal,
    build_registration,
    build_rights_notice,
    build_session_record,
    build_termination,
)
from .court_docs import build_court_report
from .follow_up_docs import BUILDERS as FOLLOW_UP_BUILDERS
from .model import Document
from .receipt_docs import BUILDERS as RECEIPT_BUILDERS
from .record_docs import BUILDERS as RECORD_BUILDERS

BUILDERS: dict[DocumentKind, Callable[[DocumentData], Document]] = {
    DocumentKind.APPLICATION: build_application,
    DocumentKind.REGISTRATION: build_registration,
    DocumentKind.RIGHTS_NOTICE: build_rights_notice,
    DocumentKind.SESSION_RECORD: build_session_record,
    DocumentKind.TERMINATION: build_termination,
    DocumentKind.REFUSAL: build_refusal,
    DocumentKind.COURT_REPORT: build_court_report,
    DocumentKind.FILE_COVER: build_file_cover,
    DocumentKind.FILE_CONTENTS: build_file_contents,
    **AGREEMENT_BUILDERS,
    **RECORD_BUILDERS,
    **FOLLOW_UP_BUILDERS,
    **RECEIPT_BUILDERS,
}


def build(data: DocumentData, kind: DocumentKind) -> Document:
    return BUILDERS[kind](data)
