"""Generating documents for a case: build, check, render, save into the case folder, record.

Every rendering is a new version: earlier files stay in the folder and in the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from ..db.agreement_models import GeneratedDocument
from ..db.database import Database
from ..db.models import Operator
from ..documents.builders import DocumentData, DocumentKind
from ..documents.model import Document
from ..domain.enums import CaseStatus
from ..domain.issues import FieldIssue, errors
from ..errors import DeskError
from . import history
from .actor import Actor
from .agreements import AgreementForm, check_agreement, get_agreement
from .cases import get_case
from .confirmation import get_pack
from .document_settings import DocumentSettingsView, get_document_settings

FORMATS = ("pdf", "docx")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class DocumentBlocked(DeskError):
    """The document cannot be produced yet (e.g. an unclear obligation in the agreement)."""

    def __init__(self, message: str, issues: Sequence[FieldIssue] = ()) -> None:
        super().__init__(message)
        self.issues = list(issues)


@dataclass(frozen=True, slots=True)
class DocumentOption:
    kind: DocumentKind
    available: bool
    reason: str  # why not, when unavailable


@dataclass(frozen=True, slots=True)
class GeneratedDocumentView:
    id: int
    case_id: int
    kind: DocumentKind
    file_format: str
    version: int
    file_name: str
    sha256: str
    size_bytes: int
    operator_name: str
    created_at: dt.datetime


def case_folder(data_dir: Path, case_id: int) -> Path:
    """Where a case's generated files live."""
    return data_dir / "cases" / str(case_id)


def document_options(db: Database, case_id: int) -> list[DocumentOption]:
    """Every document kind, and whether this case can produce it now."""
    case = get_case(db, case_id)
    agreement = get_agreement(db, case_id)
    out = []
    for kind in DocumentKind:
        reason = ""
        if kind is DocumentKind.AGREEMENT and (
            agreement is None or agreement.draft.form is not AgreementForm.WRITTEN
        ):
            reason = "尚无书面调解协议"
        elif kind is DocumentKind.ORAL_AGREEMENT and (
            agreement is None or agreement.draft.form is not AgreementForm.ORAL
        ):
            reason = "尚无口头调解协议"
        elif kind is DocumentKind.CONFIRMATION_APPLICATION and (
            agreement is None or agreement.effective_on is None
        ):
            reason = "调解协议尚未生效"
        elif kind is DocumentKind.REFUSAL and case.status is not CaseStatus.REFUSED:
            reason = "本案未被不予受理"
        out.append(DocumentOption(kind, not reason, reason))
    return out


def document_data(
    db: Database, case_id: int, *, today: dt.date | None = None, templates_dir: Path | None = None
) -> DocumentData:
    return DocumentData(
        case=get_case(db, case_id),
        settings=get_document_settings(db),
        agreement=get_agreement(db, case_id),
        pack=get_pack(db, case_id),
        today=today,
        templates_dir=templates_dir,
    )


def build(data: DocumentData, kind: DocumentKind, *, issues: Sequence[FieldIssue] = ()) -> Document:
    """Build one document from assembled data; ``issues`` are the agreement's, for the check."""
    from ..documents.agreement_docs import BUILDERS as AGREEMENT_BUILDERS
    from ..documents.builders import (
        build_application,
        build_file_contents,
        build_file_cover,
        build_refusal,
        build_registration,
        build_rights_notice,
        build_session_record,
        build_termination,
    )

    builders = {
        DocumentKind.APPLICATION: build_application,
        DocumentKind.REGISTRATION: build_registration,
        DocumentKind.RIGHTS_NOTICE: build_rights_notice,
        DocumentKind.SESSION_RECORD: build_session_record,
        DocumentKind.TERMINATION: build_termination,
        DocumentKind.REFUSAL: build_refusal,
        DocumentKind.FILE_COVER: build_file_cover,
        DocumentKind.FILE_CONTENTS: build_file_contents,
        **AGREEMENT_BUILDERS,
    }
    if kind in (DocumentKind.AGREEMENT, DocumentKind.ORAL_AGREEMENT) and errors(list(issues)):
        lines = "\n".join(i.message for i in errors(list(issues)))
        raise DocumentBlocked("调解协议内容不明确，法院可能不予确认，请先补全：\n" + lines, issues)
    return builders[kind](data)


def build_document(
    db: Database,
    case_id: int,
    kind: DocumentKind,
    *,
    today: dt.date | None = None,
    templates_dir: Path | None = None,
) -> Document:
    data = document_data(db, case_id, today=today, templates_dir=templates_dir)
    issues: list[FieldIssue] = []
    if data.agreement is not None:
        issues = check_agreement(db, case_id, data.agreement.draft)
    return build(data, kind, issues=issues)


def render(
    doc: Document,
    file_format: str,
    *,
    settings: DocumentSettingsView | None = None,
    allow_missing: bool = False,
) -> bytes:
    if file_format == "pdf":
        from ..documents.pdf_render import render_pdf, resolve_fonts

        fonts = resolve_fonts(settings.font_file if settings else None)
        return render_pdf(doc, fonts, allow_missing=allow_missing)
    if file_format == "docx":
        from ..documents.docx_render import render_docx

        return render_docx(doc)
    raise DeskError(f"不支持的格式：{file_format}")


def _file_name(kind: DocumentKind, number: str, version: int, file_format: str) -> str:
    return f"{kind.label}_{_UNSAFE.sub('_', number)}_v{version}.{file_format}"


def generate(
    db: Database,
    actor: Actor,
    *,
    case_id: int,
    kind: DocumentKind,
    file_format: str,
    folder: Path,
    allow_missing: bool = False,
    today: dt.date | None = None,
    templates_dir: Path | None = None,
) -> GeneratedDocumentView:
    """Build, render and save one document as the next version; returns its record."""
    doc = build_document(db, case_id, kind, today=today, templates_dir=templates_dir)
    data = render(doc, file_format, settings=get_document_settings(db), allow_missing=allow_missing)
    return _save(db, actor, case_id, kind, file_format, data, folder)


def generate_many(
    db: Database,
    actor: Actor,
    *,
    case_id: int,
    kinds: Sequence[DocumentKind],
    formats: Sequence[str],
    folder: Path,
    allow_missing: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[GeneratedDocumentView]:
    """Several documents at once (the whole pack), reporting progress after each file."""
    total, done, out = len(kinds) * len(formats), 0, []
    for kind in kinds:
        for fmt in formats:
            out.append(
                generate(
                    db,
                    actor,
                    case_id=case_id,
                    kind=kind,
                    file_format=fmt,
                    folder=folder,
                    allow_missing=allow_missing,
                )
            )
            done += 1
            if progress:
                progress(done, total)
    return out


def _save(
    db: Database,
    actor: Actor,
    case_id: int,
    kind: DocumentKind,
    fmt: str,
    data: bytes,
    folder: Path,
) -> GeneratedDocumentView:
    folder.mkdir(parents=True, exist_ok=True)
    number = get_case(db, case_id).number
    with db.writing() as s:
        version = 1 + (
            s.scalar(
                select(func.max(GeneratedDocument.version)).where(
                    GeneratedDocument.case_id == case_id,
                    GeneratedDocument.doc_type == kind.value,
                    GeneratedDocument.file_format == fmt,
                )
            )
            or 0
        )
        name = _file_name(kind, number, version, fmt)
        path = folder / name
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        row = GeneratedDocument(
            case_id=case_id,
            doc_type=kind.value,
            file_format=fmt,
            version=version,
            file_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            operator_id=actor.operator_id,
            created_at=dt.datetime.now(),
        )
        s.add(row)
        s.flush()
        history.record(
            s,
            actor,
            entity="document",
            entity_id=row.id,
            case_id=case_id,
            action="document",
            summary=f"生成{kind.label}（{fmt.upper()}，第{version}版）",
        )
        return GeneratedDocumentView(
            row.id,
            case_id,
            kind,
            fmt,
            version,
            name,
            row.sha256,
            row.size_bytes,
            actor.name,
            row.created_at,
        )


def list_generated(db: Database, case_id: int) -> list[GeneratedDocumentView]:
    """Every generated file of the case, newest first."""
    with db.reading() as s:
        rows = s.execute(
            select(GeneratedDocument, Operator.name)
            .join(Operator, Operator.id == GeneratedDocument.operator_id)
            .where(GeneratedDocument.case_id == case_id)
            .order_by(GeneratedDocument.id.desc())
        ).all()
        return [
            GeneratedDocumentView(
                g.id,
                g.case_id,
                DocumentKind(g.doc_type),
                g.file_format,
                g.version,
                g.file_name,
                g.sha256,
                g.size_bytes,
                name,
                g.created_at,
            )
            for g, name in rows
        ]
