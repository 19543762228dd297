"""The case file (卷宗): importing attachments, listing the contents with their pages,
checking completeness, archiving (which locks the case) and unlocking, and the whole file as
one PDF.

Attachments are copied into ``<data dir>/cases/<id>/attachments/`` (readable by the user
only), hashed while copied, checked by their content (not their name), and recorded with a
row and a history line; a bad file is refused with a Chinese message and nothing is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ..db.agreement_models import GeneratedDocument
from ..db.case_file_models import CaseArchive, CaseAttachment, RetentionRule
from ..db.files import private_dir_for
from ..db.followup_models import FollowUpTask, FollowUpVisit
from ..db.models import Case, Operator
from ..db.performance_models import PerformanceItem, PerformanceMark
from ..db.unit_of_work import UnitOfWork
from ..domain.actor import Actor
from ..domain.case_file import (
    ATTACHABLE_SLOTS,
    ArchiveView,
    FileEntry,
    FileFacts,
    FileSlot,
    MissingItem,
    NumberedEntry,
    Retention,
    number_pages,
    retention_for,
    slot_of,
)
from ..domain.case_file import (
    completeness as completeness_rule,
)
from ..domain.case_flow import CaseEvent, refusal
from ..domain.changes import Entity
from ..domain.document_kinds import DocumentKind, FileFormat
from ..domain.enums import AgentKind, CaseStatus
from ..domain.roles import Permission
from ..errors import DeskError, NotFound
from . import history
from .case_data import CaseData, load_case_data
from .document_inputs import case_folder
from .permissions import requires

if TYPE_CHECKING:
    from ..documents.builders import DocumentData
    from ..documents.model import Document

#: Largest attachment accepted (a phone photo is 3–12 MB; a scanned PDF rarely over 20 MB).
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
ATTACHMENTS = "attachments"
_CHUNK = 1024 * 1024
_KINDS = {  # kind: (MIME type, file extension)
    "pdf": ("application/pdf", ".pdf"),
    "jpeg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "tiff": ("image/tiff", ".tif"),
}
_VERSION = re.compile(r"_v\d+\.pdf$")


class DuplicateAttachment(DeskError):
    """The same file (same SHA-256) is already in the case file; add it again only when meant."""

    def __init__(self, title: str) -> None:
        super().__init__(f"这个文件已经作为“{title}”添加到本案卷宗中（内容完全相同）。")
        self.title = title


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    case_id: int
    slot: FileSlot
    title: str
    original_name: str
    stored_path: str  # relative to the case folder
    kind: str
    size_bytes: int
    pages: int
    sha256: str
    imported_by: str
    imported_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CaseFileContents:
    """The 卷内目录 as the file holds it now: numbered items with page ranges."""

    case_id: int
    entries: tuple[NumberedEntry, ...]
    attachments: tuple[AttachmentView, ...]
    archive: ArchiveView | None

    @property
    def page_count(self) -> int:
        return self.entries[-1].last_page if self.entries else 0


# --- attachments -------------------------------------------------------------------------------


def sniff(head: bytes) -> str | None:
    """The file's kind from its first bytes, whatever its name says."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


@requires(Permission.CASE_FILE)
def import_attachment(
    uow: UnitOfWork,
    *,
    case_id: int,
    path: Path,
    slot: FileSlot,
    title: str,
    data_dir: Path,
    allow_duplicate: bool = False,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> AttachmentView:
    """Copy ``path`` into the case folder and record it in ``slot``.

    Refused, with nothing kept: an unsupported type, a file over ``max_bytes``, an encrypted
    or damaged PDF, a broken image, an archived case; the same content already attached
    raises ``DuplicateAttachment`` unless ``allow_duplicate``.
    """
    title = title.strip()
    if slot not in ATTACHABLE_SLOTS:
        raise DeskError(f"“{slot.label}”由系统生成，不能添加附件")
    if not title:
        raise DeskError("请填写附件名称（如“张三身份证复印件”）")
    case = uow.read().get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    history.refuse_if_archived(uow, case_id)
    kind, size = _check_file(path, max_bytes)
    folder = case_folder(data_dir, case_id) / ATTACHMENTS
    private_dir_for(folder, what=f"附件“{title}”")
    tmp, digest = _copy_private(path, folder)
    try:
        pages = _count_pages(tmp, kind)
        same = (
            uow.read()
            .scalars(
                select(CaseAttachment.title).where(
                    CaseAttachment.case_id == case_id,
                    CaseAttachment.sha256 == digest,
                    CaseAttachment.removed.is_(False),
                )
            )
            .first()
        )
        if same is not None and not allow_duplicate:
            raise DuplicateAttachment(same)
        name = digest[:20] + _KINDS[kind][1]  # by content: the same file is stored once
        final = folder / name
        if final.exists():
            tmp.unlink()
        else:
            tmp.replace(final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    s = uow.write()
    row = CaseAttachment(
        case_id=case_id,
        slot=slot,
        title=title,
        original_name=path.name[:255],
        stored_path=f"{ATTACHMENTS}/{name}",
        kind=kind,
        mime=_KINDS[kind][0],
        size_bytes=size,
        pages=pages,
        sha256=digest,
        imported_by=uow.actor.operator_id,
        imported_at=uow.now(),
        removed=False,
        removed_reason="",
    )
    s.add(row)
    s.flush()
    history.record(
        uow,
        entity=Entity.DOCUMENT,
        entity_id=row.id,
        case_id=case_id,
        action="attachment",
        summary=f"添加附件“{title}”（{slot.label}，{pages}页，{_size_text(size)}）",
        changes={"slot": slot.value, "sha256": digest, "file": path.name},
    )
    return _attachment_view(row, uow.actor.name)


@requires(Permission.CASE_FILE)
def remove_attachment(uow: UnitOfWork, *, attachment_id: int, reason: str) -> None:
    """Take an attachment out of the case file (the row and the copy are kept)."""
    if not reason.strip():
        raise DeskError("请填写移除附件的原因")
    s = uow.write()
    row = s.get(CaseAttachment, attachment_id)
    if row is None or row.removed:
        raise NotFound("附件不存在或已移除")
    row.removed, row.removed_by, row.removed_at = True, uow.actor.operator_id, uow.now()
    row.removed_reason = reason.strip()[:200]
    history.record(
        uow,
        entity=Entity.DOCUMENT,
        entity_id=row.id,
        case_id=row.case_id,
        action="attachment_removed",
        summary=f"移除附件“{row.title}”：{reason.strip()}",
    )


def _check_file(path: Path, max_bytes: int) -> tuple[str, int]:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        raise DeskError(f"找不到文件“{path.name}”，可能已被移动或删除") from None
    except OSError:
        raise DeskError(f"无法读取文件“{path.name}”，请检查文件是否被其他程序占用") from None
    if size > max_bytes:
        raise DeskError(
            f"文件“{path.name}”有{_size_text(size)}，超过附件上限{_size_text(max_bytes)}："
            "请压缩图片或分页扫描后再添加"
        )
    kind = sniff(head)
    if kind is None:
        raise DeskError(f"不支持文件“{path.name}”的类型：附件只能是 PDF 或图片（JPG、PNG、TIFF）")
    return kind, size


def _copy_private(path: Path, folder: Path) -> tuple[Path, str]:
    """Copy into ``folder`` as a temporary file readable by the user only, hashing as it goes."""
    digest = hashlib.sha256()
    fd, name = _private_temp(folder)
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except OSError:
        Path(name).unlink(missing_ok=True)
        raise DeskError(f"复制文件“{path.name}”时出错，请检查磁盘空间") from None
    return Path(name), digest.hexdigest()


def _private_temp(folder: Path) -> tuple[int, str]:
    import tempfile

    fd, name = tempfile.mkstemp(dir=folder, suffix=".part")  # created 0600
    os.chmod(name, 0o600)
    return fd, name


def _count_pages(path: Path, kind: str) -> int:
    """Pages of a PDF, frames of an image; a damaged, encrypted or oversized file refused."""
    if kind == "pdf":
        return _pdf_pages(path)
    return _image_frames(path, kind)


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise DeskError(
                "这个 PDF 文件已加密（设有密码或权限限制），无法装订进卷宗："
                "请用原程序去除密码后另存，或打印后扫描再添加"
            )
        pages = len(reader.pages)
    except DeskError:
        raise
    except (PyPdfError, ValueError, KeyError, OSError, RecursionError):
        raise DeskError("这个 PDF 文件已损坏或不完整，无法读取：请重新扫描或重新导出") from None
    if pages == 0:
        raise DeskError("这个 PDF 文件没有页面")
    return pages


def _image_frames(path: Path, kind: str) -> int:
    from PIL import Image

    try:
        with Image.open(path) as im:
            if kind == "jpeg":  # decoded at 1/8 size: every byte read, a fraction of the work
                im.draft("RGB", (max(im.width // 8, 1), max(im.height // 8, 1)))
            im.load()
            frames = int(getattr(im, "n_frames", 1))
    except Image.DecompressionBombError:
        raise DeskError("图片像素过多（可能是异常文件），无法添加：请缩小后再添加") from None
    except (OSError, SyntaxError, ValueError):
        raise DeskError("图片文件已损坏或不完整，无法打开：请重新拍照或扫描") from None
    return frames


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size // 1024, 1)} KB"


def _attachment_view(a: CaseAttachment, operator: str) -> AttachmentView:
    return AttachmentView(
        a.id,
        a.case_id,
        a.slot,
        a.title,
        a.original_name,
        a.stored_path,
        a.kind,
        a.size_bytes,
        a.pages,
        a.sha256,
        operator,
        a.imported_at,
    )


def list_attachments(uow: UnitOfWork, case_id: int) -> list[AttachmentView]:
    """The case's attachments (not removed), in file order."""
    rows = uow.read().execute(
        select(CaseAttachment, Operator.name)
        .join(Operator, Operator.id == CaseAttachment.imported_by)
        .where(CaseAttachment.case_id == case_id, CaseAttachment.removed.is_(False))
        .order_by(CaseAttachment.id)
    )
    views = [_attachment_view(a, name) for a, name in rows]
    return sorted(views, key=lambda v: v.slot.position)


# --- contents ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FiledDocument:
    id: int
    kind: DocumentKind
    title: str
    file_name: str


def _filed_documents(uow: UnitOfWork, case_id: int) -> list[_FiledDocument]:
    """The newest PDF of each generated document (of each record for the per-record kinds)
    that has a slot, unless it is 已过期."""
    rows = uow.read().execute(
        select(
            GeneratedDocument.id,
            GeneratedDocument.doc_type,
            GeneratedDocument.file_name,
            GeneratedDocument.stale_since,
        )
        .where(
            GeneratedDocument.case_id == case_id,
            GeneratedDocument.file_format == FileFormat.PDF,
        )
        .order_by(GeneratedDocument.id)
    )
    newest: dict[str, tuple[int, DocumentKind, str, bool]] = {}
    for row_id, kind, file_name, stale_since in rows:
        if slot_of(kind) is None:
            continue
        newest[_VERSION.sub("", file_name)] = (row_id, kind, file_name, stale_since is not None)
    out = []
    for key, (row_id, kind, file_name, stale) in sorted(newest.items(), key=lambda x: x[1][0]):
        if not stale:
            part = key[len(kind.label) :].split("_", 1)[0]
            out.append(_FiledDocument(row_id, kind, kind.label + part, file_name))
    return out


def _attachment_rows(uow: UnitOfWork, case_id: int) -> list[CaseAttachment]:
    return list(
        uow.read().scalars(
            select(CaseAttachment)
            .where(CaseAttachment.case_id == case_id, CaseAttachment.removed.is_(False))
            .order_by(CaseAttachment.id)
        )
    )


def _pdf_page_count(path: Path) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(path).pages)
    except (OSError, ValueError):
        return 1


def _entries(
    uow: UnitOfWork, case_id: int, data_dir: Path, contents_pages: int = 1
) -> tuple[list[FileEntry], list[CaseAttachment]]:
    folder = case_folder(data_dir, case_id)
    entries = [
        FileEntry(FileSlot.COVER, "卷宗封面", 1, "built"),
        FileEntry(FileSlot.CONTENTS, "卷内目录", contents_pages, "built"),
    ]
    for d in _filed_documents(uow, case_id):
        path = folder / d.file_name
        if path.exists():
            entries.append(
                FileEntry(
                    slot_of(d.kind) or FileSlot.FILE_NOTE,
                    d.title,
                    _pdf_page_count(path),
                    "document",
                    d.id,
                )
            )
    attachments = _attachment_rows(uow, case_id)
    entries += [
        FileEntry(a.slot, a.title, a.pages, "attachment", a.id, "附件") for a in attachments
    ]
    entries.append(FileEntry(FileSlot.BACK_COVER, "卷内备考表", 1, "built"))
    return entries, attachments


def _archive_view(uow: UnitOfWork, case_id: int) -> ArchiveView | None:
    a = uow.read().scalars(select(CaseArchive).where(CaseArchive.case_id == case_id)).first()
    if a is None:
        return None
    return ArchiveView(a.file_number, a.filer, a.archived_on, a.retention, a.page_count, a.locked)


def case_file_contents(uow: UnitOfWork, *, case_id: int, data_dir: Path) -> CaseFileContents:
    """The 卷内目录: cover, contents, each filed document (its newest current PDF) and each
    attachment in file order, then the back cover, with page ranges counted from the cover.
    The contents list's own length is measured by setting it."""
    numbered, attachments, archive, _data = _numbered(uow, case_id, data_dir)
    names = dict(
        uow.read()
        .execute(
            select(Operator.id, Operator.name).where(
                Operator.id.in_({a.imported_by for a in attachments})
            )
        )
        .all()
    )
    views = tuple(
        sorted(
            (_attachment_view(a, names.get(a.imported_by, "")) for a in attachments),
            key=lambda v: v.slot.position,
        )
    )
    return CaseFileContents(case_id, tuple(numbered), views, archive)


def _numbered(
    uow: UnitOfWork, case_id: int, data_dir: Path
) -> tuple[list[NumberedEntry], list[CaseAttachment], ArchiveView | None, CaseData]:
    data = load_case_data(uow.read(), case_id, links=False)
    archive = _archive_view(uow, case_id)
    entries, attachments = _entries(uow, case_id, data_dir)
    numbered = number_pages(entries)
    pages = _contents_pages(data, numbered, archive, uow.today())
    if pages != 1:  # a long list takes more pages: number again
        entries = [
            dataclasses.replace(e, pages=pages) if e.slot is FileSlot.CONTENTS else e
            for e in entries
        ]
        numbered = number_pages(entries)
    return numbered, attachments, archive, data


def with_file_contents(
    uow: UnitOfWork, case_id: int, data_dir: Path, doc_data: DocumentData
) -> DocumentData:
    """``doc_data`` with what the file really holds, numbered, and its archive record: the
    卷宗封面 and 卷内目录 print them however they are generated (alone or in the whole file)."""
    numbered, _attachments, archive, data = _numbered(uow, case_id, data_dir)
    return _with_entries(doc_data, data, numbered, archive)


def _with_entries(
    doc_data: DocumentData,
    data: CaseData,
    numbered: Sequence[NumberedEntry],
    archive: ArchiveView | None,
) -> DocumentData:
    case = data.case
    if archive is None:  # not archived yet: the cover counts what the file holds now
        case = dataclasses.replace(case, page_count=numbered[-1].last_page)
    return dataclasses.replace(doc_data, case=case, file_entries=tuple(numbered), archive=archive)


def _doc_data(
    data: CaseData, numbered: Sequence[NumberedEntry], archive: ArchiveView | None, today: dt.date
) -> DocumentData:
    from .document_inputs import document_data

    return dataclasses.replace(
        document_data(data, today=today), file_entries=tuple(numbered), archive=archive
    )


def _contents_pages(
    data: CaseData, numbered: Sequence[NumberedEntry], archive: ArchiveView | None, today: dt.date
) -> int:
    """Pages the 卷内目录 takes when set (a table row a line: about 20 items a page)."""
    if len(numbered) <= 18:
        return 1
    from ..documents.builders import build_file_contents
    from ..documents.pdf_render import render_pdf_pages, resolve_fonts

    doc = build_file_contents(_doc_data(data, numbered, archive, today))
    return int(render_pdf_pages(doc, resolve_fonts(data.settings.font_file), allow_missing=True)[1])


# --- completeness -------------------------------------------------------------------------------


def follow_up_counts(uow: UnitOfWork, case_id: int) -> tuple[int, int]:
    """(performance marks, 回访 done) of the case, for the completeness rule (one query; a
    filed scan of either also counts, in the rule)."""
    marks = (
        select(func.count())
        .select_from(PerformanceMark)
        .join(PerformanceItem, PerformanceItem.id == PerformanceMark.item_id)
        .where(PerformanceItem.case_id == case_id)
        .scalar_subquery()
    )
    visits = (
        select(func.count())
        .select_from(FollowUpVisit)
        .join(FollowUpTask, FollowUpTask.id == FollowUpVisit.task_id)
        .where(FollowUpTask.case_id == case_id)
        .scalar_subquery()
    )
    row = uow.read().execute(select(marks, visits)).one()
    return int(row[0]), int(row[1])


def file_facts(uow: UnitOfWork, data: CaseData, present: frozenset[FileSlot]) -> FileFacts:
    a, pack = data.agreement, data.pack
    marks, visits = follow_up_counts(uow, data.case.id)
    return FileFacts(
        outcome=data.case.outcome_status,
        present=present,
        has_entrusted_agent=any(
            g.kind is AgentKind.ENTRUSTED for p in data.case.parties for g in p.agents
        ),
        agreement_form=a.draft.form if a else None,
        agreement_effective=bool(a and a.effective_on),
        missing_signers=a.missing_signers if a else (),
        confirmation_sought=pack.applied_on is not None,
        confirmation_materials_missing=tuple(
            m.label for m in pack.materials if m.required and not m.gathered
        ),
        performance_marks=marks,
        visits_done=visits,
    )


def _present_slots(uow: UnitOfWork, case_id: int) -> frozenset[FileSlot]:
    """Slots filled by a current generated PDF or an attachment (rows only: no file read)."""
    s = uow.read()
    kinds = s.execute(
        select(GeneratedDocument.doc_type)
        .where(
            GeneratedDocument.case_id == case_id,
            GeneratedDocument.file_format == FileFormat.PDF,
            GeneratedDocument.stale_since.is_(None),
        )
        .distinct()
    ).scalars()
    slots = {slot_of(k) for k in kinds}
    slots |= set(
        s.scalars(
            select(CaseAttachment.slot)
            .where(CaseAttachment.case_id == case_id, CaseAttachment.removed.is_(False))
            .distinct()
        )
    )
    return frozenset(x for x in slots if x is not None)


def completeness(uow: UnitOfWork, *, case_id: int) -> list[MissingItem]:
    """What the case file lacks before it can be archived, each with where it is fixed."""
    data = load_case_data(uow.read(), case_id, links=False)
    return completeness_rule(file_facts(uow, data, _present_slots(uow, case_id)))


# --- archiving ---------------------------------------------------------------------------------


def retention_rule(uow: UnitOfWork) -> dict[CaseStatus, Retention]:
    """The centre's 保管期限 per outcome (the default where it set none)."""
    from ..domain.case_file import DEFAULT_RETENTION

    rows = uow.read().execute(select(RetentionRule.outcome, RetentionRule.retention))
    return {**DEFAULT_RETENTION, **{o: r for o, r in rows}}


@requires(Permission.SETTINGS)
def set_retention_rule(uow: UnitOfWork, rule: dict[CaseStatus, Retention]) -> None:
    """Set the centre's 保管期限 for the outcomes given (中心设置)."""
    s = uow.write()
    for outcome, retention in rule.items():
        row = s.get(RetentionRule, outcome)
        if row is None:
            s.add(RetentionRule(outcome=outcome, retention=retention))
        else:
            row.retention = retention
    history.record(
        uow,
        entity=Entity.CENTRE,
        entity_id=1,
        action="retention_rule",
        summary="卷宗保管期限：" + "；".join(f"{o.label}{r.label}" for o, r in rule.items()),
    )


def suggested_retention(uow: UnitOfWork, *, case_id: int) -> Retention:
    data = load_case_data(uow.read(), case_id, links=False)
    return retention_for(
        data.case.outcome_status,
        retention_rule(uow),
        confirmation_sought=data.pack.applied_on is not None,
    )


class FileIncomplete(DeskError):
    """The file lacks items; nothing was archived."""

    def __init__(self, missing: Sequence[MissingItem]) -> None:
        lines = "\n".join(f"· {m.text}" for m in missing)
        super().__init__("卷宗不全，不能归档。请先补齐：\n" + lines)
        self.missing = list(missing)


@requires(Permission.ARCHIVE)
def archive_case(
    uow: UnitOfWork,
    *,
    case_id: int,
    file_number: str,
    filer: str,
    on: dt.date,
    retention: Retention | None,
    data_dir: Path,
) -> ArchiveView:
    """Archive a closed case whose file is complete: record the 卷宗号 (unique), 立卷人, the
    day, the 保管期限 (``None``: by the centre's rule) and the page count; the case is then
    已归档 and locked."""
    file_number, filer = file_number.strip(), filer.strip()
    if not file_number:
        raise DeskError("请填写卷宗号")
    if not filer:
        raise DeskError("请填写立卷人")
    if on > uow.today():
        raise DeskError("归档日期不能晚于今天")
    case = uow.read().get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    refused = refusal(case.status, CaseEvent.ARCHIVE)
    if refused:
        raise DeskError(refused)
    if case.closed_on and on < case.closed_on:
        raise DeskError("归档日期不能早于结案日期")
    missing = completeness(uow, case_id=case_id)
    if missing:
        raise FileIncomplete(missing)
    numbered, _attachments, _archive, data = _numbered(uow, case_id, data_dir)
    pages = numbered[-1].last_page
    chosen = retention or retention_for(
        data.case.outcome_status,
        retention_rule(uow),
        confirmation_sought=data.pack.applied_on is not None,
    )
    s = uow.write()
    case = s.get(Case, case_id)
    assert case is not None
    taken = s.scalars(
        select(CaseArchive.case_id).where(
            CaseArchive.file_number == file_number, CaseArchive.case_id != case_id
        )
    ).first()
    if taken is not None:
        raise DeskError(f"卷宗号“{file_number}”已被其他案件使用，请换一个")
    row = s.scalars(select(CaseArchive).where(CaseArchive.case_id == case_id)).first()
    if row is None:
        row = CaseArchive(case_id=case_id)
        s.add(row)
    row.file_number, row.filer, row.archived_on, row.retention = file_number, filer, on, chosen
    row.page_count, row.archived_by, row.archived_at, row.locked = (
        pages,
        uow.actor.operator_id,
        uow.now(),
        True,
    )
    before = case.status
    history.record_status(
        uow,
        case,
        CaseEvent.ARCHIVE,
        f"{CaseEvent.ARCHIVE.label}（{before.label} → {CaseStatus.ARCHIVED.label}）："
        f"卷宗号{file_number}，立卷人{filer}，保管期限{chosen.label}，共{pages}页",
    )
    s.flush()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="archive",
        summary=f"归档：卷宗号{file_number}",
        changes={"file_number": file_number, "filer": filer, "on": on, "retention": chosen.value},
    )
    return ArchiveView(file_number, filer, on, chosen, pages, True)


def unlock_refusal(actor: Actor) -> str:
    """Why ``actor`` may not unlock an archived case ('' when they may).

    The one place the director's role will be checked once operators have roles; until
    then every operator may, and the history records who did and why.
    """
    return ""


@requires(Permission.ARCHIVE)
def unlock_case(uow: UnitOfWork, *, case_id: int, reason: str) -> None:
    """解除归档: the case goes back to 已结案 and may be changed again; who and why are kept
    in the history. The archive record stays (archiving again fills it anew)."""
    reason = reason.strip()
    if not reason:
        raise DeskError("请填写解除归档的原因")
    refused = unlock_refusal(uow.actor)
    if refused:
        raise DeskError(refused)
    s = uow.write()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    refused = refusal(case.status, CaseEvent.UNARCHIVE)
    if refused:
        raise DeskError(refused)
    row = s.scalars(select(CaseArchive).where(CaseArchive.case_id == case_id)).first()
    if row is not None:
        row.locked = False
    history.record_status(
        uow,
        case,
        CaseEvent.UNARCHIVE,
        f"{CaseEvent.UNARCHIVE.label}（{CaseStatus.ARCHIVED.label} → {CaseStatus.CLOSED.label}）"
        f"：{reason}",
    )
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="unarchive",
        summary=f"解除归档：{reason}",
        changes={"reason": reason},
    )


# --- the whole file as one PDF ----------------------------------------------------------------


@requires(Permission.CASE_FILE)
def case_file_pdf(
    uow: UnitOfWork, *, case_id: int, data_dir: Path, templates_dir: Path | None = None
) -> Path:
    """The whole file as one PDF in the case folder (``卷宗_<number>.pdf``, replaced each
    time): cover, contents with the real page ranges, every filed document and attachment in
    order (images on A4 pages), the back cover; pages numbered after the cover, matching the
    contents."""
    from ..documents.builders import build_file_contents, build_file_cover
    from ..documents.case_file_docs import Part, bind, build_back_cover
    from ..documents.page_style import page_style
    from ..documents.render import render
    from .document_inputs import document_data

    numbered, attachments, archive, data = _numbered(uow, case_id, data_dir)
    base = document_data(data, today=uow.today(), templates_dir=templates_dir)
    doc_data = _with_entries(base, data, numbered, archive)
    style = page_style(templates_dir)
    font = data.settings.font_file

    def pdf(doc: Document) -> bytes:
        return render(doc, FileFormat.PDF, font_file=font, allow_missing=True, style=style)

    folder = case_folder(data_dir, case_id)
    by_id = {a.id: a for a in attachments}
    documents = {d.id: d for d in _filed_documents(uow, case_id)}
    parts: list[Part] = []
    for n in numbered:
        e = n.entry
        uow.progress.check()
        if e.slot is FileSlot.COVER:
            parts.append(Part(pdf=pdf(build_file_cover(doc_data))))
        elif e.slot is FileSlot.CONTENTS:
            parts.append(Part(pdf=pdf(build_file_contents(doc_data))))
        elif e.slot is FileSlot.BACK_COVER:
            parts.append(Part(pdf=pdf(build_back_cover(doc_data))))
        elif e.source == "document":
            parts.append(Part(pdf=folder / documents[e.ref_id].file_name))
        else:
            a = by_id[e.ref_id]
            stored = folder / a.stored_path
            parts.append(Part(pdf=stored) if a.kind == "pdf" else Part(image=stored))
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", data.case.number)
    target = folder / f"卷宗_{safe}.pdf"
    pages = bind(parts, target)
    if pages != numbered[-1].last_page:  # a file changed on disk since it was counted
        raise DeskError("卷宗文件在生成过程中发生变化，请重新生成")
    history.record(
        uow,
        entity=Entity.DOCUMENT,
        entity_id=case_id,
        case_id=case_id,
        action="document",
        summary=f"生成整卷PDF（共{pages}页）",
    )
    return target


@dataclass(frozen=True, slots=True)
class CaseFilePage:
    """What the 卷宗 tab shows: the contents, what is missing, and whether it is archived."""

    contents: CaseFileContents
    missing: tuple[MissingItem, ...]
    status: CaseStatus
    suggested_retention: Retention


def case_file_page(uow: UnitOfWork, *, case_id: int, data_dir: Path) -> CaseFilePage:
    contents = case_file_contents(uow, case_id=case_id, data_dir=data_dir)
    data = load_case_data(uow.read(), case_id, links=False)
    missing = completeness_rule(file_facts(uow, data, _present_slots(uow, case_id)))
    retention = retention_for(
        data.case.outcome_status,
        retention_rule(uow),
        confirmation_sought=data.pack.applied_on is not None,
    )
    return CaseFilePage(contents, tuple(missing), data.case.status, retention)
