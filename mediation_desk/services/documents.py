"""Generating documents for a case: build, check, render, save into the case folder, record.

One action loads the case once, builds each document once and renders it in each format, then
records every file in one short write transaction (rendering happens outside it, so another
counter's save never waits on a PDF). Every rendering is a new version: earlier files stay in
the folder and in the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from ..db.agreement_models import GeneratedDocument
from ..db.files import private_dir_for, write_all_atomic
from ..db.models import Operator
from ..db.unit_of_work import UnitOfWork
from ..documents.builders import DocumentData
from ..documents.model import Document
from ..domain.agreements import validate_agreement
from ..domain.changes import Entity
from ..domain.document_kinds import PER_RECORD, DocumentKind, FileFormat, unavailable_reason
from ..domain.issues import FieldIssue, errors
from ..domain.roles import Permission
from ..errors import DeskError, StorageError
from . import history
from .case_data import CaseData, load_case_data
from .document_inputs import case_folder as case_folder  # callers find it here too
from .document_inputs import data_dir_of, document_data
from .permissions import requires

#: How many times a counter that lost a version number to another counter counts again.
VERSION_ATTEMPTS = 10
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
    file_format: FileFormat
    version: int
    file_name: str
    sha256: str
    size_bytes: int
    operator_name: str
    created_at: dt.datetime
    # 已过期: the case's registration was corrected after this file was made (when, why)
    stale_since: dt.datetime | None = None
    stale_reason: str = ""

    @property
    def stale(self) -> bool:
        return self.stale_since is not None


def stale_kinds(rows: Sequence[GeneratedDocumentView]) -> set[DocumentKind]:
    """Kinds whose newest file is 已过期: to generate again (a new version is current; the
    older files keep their mark, their text being out of date)."""
    newest: dict[DocumentKind, GeneratedDocumentView] = {}
    for r in rows:
        if r.kind not in newest or r.id > newest[r.kind].id:
            newest[r.kind] = r
    return {kind for kind, r in newest.items() if r.stale}


def document_options(data: CaseData) -> list[DocumentOption]:
    """Every document kind, and whether this case can produce it now."""
    a = data.agreement
    out = []
    for kind in DocumentKind:
        reason = unavailable_reason(
            kind,
            status=data.case.outcome_status,
            agreement_form=a.draft.form if a else None,
            agreement_effective=bool(a and a.effective_on),
            source=data.case.source,
            minutes_saved=data.minutes_saved,
            investigations=data.investigations,
            visits=data.visits,
            payments=data.payments,
        )
        out.append(DocumentOption(kind, not reason, reason))
    return out


def agreement_issues(data: CaseData) -> list[FieldIssue]:
    if data.agreement is None:
        return []
    return validate_agreement(
        data.agreement.draft,
        party_ids={p.id for p in data.case.parties},
        dispute_type_code=data.case.dispute_type_code,
    )


def build_checked(data: DocumentData, kind: DocumentKind, issues: Sequence[FieldIssue]) -> Document:
    """Build one document; an agreement with an unclear obligation is refused (courts reject
    unclear agreements), listing what to complete."""
    from ..documents.build import build

    if kind in (DocumentKind.AGREEMENT, DocumentKind.ORAL_AGREEMENT) and errors(list(issues)):
        lines = "\n".join(i.message for i in errors(list(issues)))
        raise DocumentBlocked("调解协议内容不明确，法院可能不予确认，请先补全：\n" + lines, issues)
    return build(data, kind)


@requires(Permission.MEDIATE)
def build_document(
    uow: UnitOfWork,
    case_id: int,
    kind: DocumentKind,
    *,
    templates_dir: Path | None = None,
    record_id: int | None = None,
) -> Document:
    """One document of the case, built but not rendered or saved. A kind printed per record
    (the 调解记录 of a session, a 调查记录) prints ``record_id`` (a session or investigation
    id), by default the latest."""
    data = load_case_data(uow.read(), case_id, links=False)
    doc_data = document_data(data, today=uow.today(), templates_dir=templates_dir)
    if kind in PER_RECORD:
        from .record_documents import per_record

        each = per_record(uow, doc_data, kind, record_id)
        doc_data = each[-1][0] if each else doc_data
    return build_checked(doc_data, kind, agreement_issues(data))


@dataclass(frozen=True, slots=True)
class _Rendered:
    kind: DocumentKind
    file_format: FileFormat
    data: bytes
    part: str = ""  # which record, in the file name: 第2次


@requires(Permission.MEDIATE)
def generate_documents(
    uow: UnitOfWork,
    *,
    case_id: int,
    kinds: Sequence[DocumentKind],
    formats: Sequence[FileFormat],
    folder: Path,
    allow_missing: bool = False,
    templates_dir: Path | None = None,
    record_id: int | None = None,
) -> list[GeneratedDocumentView]:
    """Several documents in several formats (the whole pack), each saved as its next version.

    A kind printed per record gives one file per record (each session's 调解记录, each
    调查记录), or only ``record_id``'s. Reports progress after each file and stops, keeping
    nothing, when cancelled.
    """
    if not kinds or not formats:
        raise DeskError("请勾选文书和格式。")
    data = load_case_data(uow.read(), case_id, links=False)
    doc_data = document_data(data, today=uow.today(), templates_dir=templates_dir)
    if {DocumentKind.FILE_COVER, DocumentKind.FILE_CONTENTS} & set(kinds):
        from .case_file import with_file_contents

        doc_data = with_file_contents(uow, case_id, data_dir_of(folder), doc_data)
    issues = agreement_issues(data)
    jobs: list[tuple[DocumentKind, DocumentData, str]] = []
    for kind in kinds:
        if kind in PER_RECORD:
            from .record_documents import per_record

            jobs += [(kind, d, part) for d, part in per_record(uow, doc_data, kind, record_id)]
        else:
            jobs.append((kind, doc_data, ""))
    total = len(jobs) * len(formats)
    rendered: list[_Rendered] = []
    from ..documents.page_style import page_style
    from ..documents.render import render

    style = page_style(templates_dir)
    for kind, job_data, part in jobs:
        doc = build_checked(job_data, kind, issues)
        for fmt in formats:
            uow.progress.check()
            rendered.append(
                _Rendered(
                    kind,
                    fmt,
                    render(
                        doc,
                        fmt,
                        font_file=data.settings.font_file,
                        allow_missing=allow_missing,
                        style=style,
                    ),
                    part,
                )
            )
            uow.progress.report(len(rendered), total + 1)
    saved = _save(uow, data, rendered, folder)
    uow.progress.report(total + 1, total + 1)
    return saved


def _file_name(
    kind: DocumentKind, number: str, version: int, fmt: FileFormat, part: str = ""
) -> str:
    return f"{kind.label}{part}_{_UNSAFE.sub('_', number)}_v{version}.{fmt.value}"


def _save(
    uow: UnitOfWork, data: CaseData, files: list[_Rendered], folder: Path
) -> list[GeneratedDocumentView]:
    """Register the files as new versions, then write them.

    The rows are inserted first: their unique (case, type, format, version) key admits one
    counter per version, so a file on disk is never overwritten by a concurrent generation; a
    counter that loses the race counts again. The files are written under temporary names
    and renamed only when all are written (a full disk leaves no ``.part`` behind).
    """
    s = uow.write()
    case_id = data.case.id
    for attempt in range(VERSION_ATTEMPTS):
        try:
            with s.begin_nested():  # a conflict undoes this attempt only
                versions, ids = _register(uow, data, files)
            break
        except IntegrityError:
            # Another counter took these version numbers first (PostgreSQL lets two
            # transactions read the same maximum): count again from what it committed.
            if attempt == VERSION_ATTEMPTS - 1:
                raise StorageError(
                    "其他柜台正在同时生成本案的同一文书，版本号冲突，未能保存。请稍后重试。"
                ) from None
    now, actor = uow.now(), uow.actor
    private_dir_for(folder, what="文书")
    write_all_atomic([(folder / name, f.data) for f, _, name, _ in versions], what="文书")
    out = []
    for f, version, name, digest in versions:
        row_id = ids[(f.kind, f.file_format, version)]
        history.record(
            uow,
            entity=Entity.DOCUMENT,
            entity_id=row_id,
            case_id=case_id,
            action="document",
            summary=f"生成{f.kind.label}（{f.file_format.value.upper()}，第{version}版）",
        )
        out.append(
            GeneratedDocumentView(
                row_id,
                case_id,
                f.kind,
                f.file_format,
                version,
                name,
                digest,
                len(f.data),
                actor.name,
                now,
            )
        )
    return out


def _register(
    uow: UnitOfWork, data: CaseData, files: list[_Rendered]
) -> tuple[list[tuple[_Rendered, int, str, str]], dict[tuple[DocumentKind, FileFormat, int], int]]:
    """Insert one row per file, each with its kind's and format's next version; the rows and
    the ids by (kind, format, version)."""
    s = uow.write()
    case_id = data.case.id
    latest: dict[tuple[DocumentKind, FileFormat], int] = dict(
        ((kind, fmt), version)
        for kind, fmt, version in s.execute(
            select(
                GeneratedDocument.doc_type,
                GeneratedDocument.file_format,
                func.max(GeneratedDocument.version),
            )
            .where(GeneratedDocument.case_id == case_id)
            .group_by(GeneratedDocument.doc_type, GeneratedDocument.file_format)
        )
    )
    now, actor = uow.now(), uow.actor
    versions = []
    for f in files:
        version = latest.get((f.kind, f.file_format), 0) + 1
        latest[(f.kind, f.file_format)] = version
        name = _file_name(f.kind, data.case.number, version, f.file_format, f.part)
        versions.append((f, version, name, hashlib.sha256(f.data).hexdigest()))
    # One statement for every file; the rows come back in any order, matched by their key.
    inserted = s.execute(
        insert(GeneratedDocument).returning(
            GeneratedDocument.id,
            GeneratedDocument.doc_type,
            GeneratedDocument.file_format,
            GeneratedDocument.version,
        ),
        [
            {
                "case_id": case_id,
                "doc_type": f.kind,
                "file_format": f.file_format,
                "version": version,
                "file_name": name,
                "sha256": digest,
                "size_bytes": len(f.data),
                "operator_id": actor.operator_id,
                "created_at": now,
            }
            for f, version, name, digest in versions
        ],
    )
    ids = {(kind, fmt, version): row_id for row_id, kind, fmt, version in inserted}
    return versions, ids


def list_generated(uow: UnitOfWork, case_id: int) -> list[GeneratedDocumentView]:
    """Every generated file of the case, newest first."""
    rows = uow.read().execute(
        select(GeneratedDocument, Operator.name)
        .join(Operator, Operator.id == GeneratedDocument.operator_id)
        .where(GeneratedDocument.case_id == case_id)
        .order_by(GeneratedDocument.id.desc())
    )
    return [
        GeneratedDocumentView(
            g.id,
            g.case_id,
            g.doc_type,
            g.file_format,
            g.version,
            g.file_name,
            g.sha256,
            g.size_bytes,
            name,
            g.created_at,
            g.stale_since,
            g.stale_reason,
        )
        for g, name in rows
    ]
