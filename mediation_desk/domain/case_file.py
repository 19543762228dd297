"""The case file (卷宗): its order, what each outcome needs in it, the completeness rule, the
page numbers of its contents list (卷内目录), and how long it is kept (保管期限).

The order is the one a mediation file is bound in (domain.md §9): cover, contents,
application or registration form, rights notice, identity proofs, power of attorney,
investigation records, evidence, mediation records, the agreement (or oral-agreement form),
proof of performance, follow-up record, confirmation materials, file note, back cover.
Everything here is pure: the services feed it what the case holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .agreements import AgreementForm
from .document_kinds import DocumentKind
from .enums import CaseStatus, LabelledEnum


class FileSlot(LabelledEnum):
    """A place in the bound file, in binding order."""

    COVER = "cover", "卷宗封面"
    CONTENTS = "contents", "卷内目录"
    APPLICATION = "application", "人民调解申请书或受理登记表"
    RIGHTS_NOTICE = "rights_notice", "当事人权利义务告知书"
    IDENTITY = "identity", "当事人身份证明材料"
    POWER_OF_ATTORNEY = "power_of_attorney", "授权委托书"
    INVESTIGATION = "investigation", "调查记录"
    EVIDENCE = "evidence", "证据材料"
    MEDIATION_RECORD = "mediation_record", "人民调解记录"
    AGREEMENT = "agreement", "人民调解协议书或口头调解协议登记表"
    PERFORMANCE = "performance", "履行情况的证明材料"
    FOLLOW_UP = "follow_up", "回访记录"
    CONFIRMATION = "confirmation", "司法确认相关材料"
    FILE_NOTE = "file_note", "卷宗情况说明"
    BACK_COVER = "back_cover", "备考表"

    @property
    def position(self) -> int:
        return SLOT_ORDER.index(self)


SLOT_ORDER: tuple[FileSlot, ...] = tuple(FileSlot)
#: The pages the file makes itself (cover, contents, back cover): never attached by hand.
BUILT_SLOTS = frozenset({FileSlot.COVER, FileSlot.CONTENTS, FileSlot.BACK_COVER})
#: Where a clerk may put an imported scan, photo or PDF.
ATTACHABLE_SLOTS: tuple[FileSlot, ...] = tuple(s for s in SLOT_ORDER if s not in BUILT_SLOTS)

#: Where each generated document is bound. The blank minutes form (filled in by hand) is
#: filed as the scan of what was written, so it has no slot of its own.
DOCUMENT_SLOTS: dict[DocumentKind, FileSlot] = {
    DocumentKind.APPLICATION: FileSlot.APPLICATION,
    DocumentKind.REGISTRATION: FileSlot.APPLICATION,
    DocumentKind.REFUSAL: FileSlot.APPLICATION,
    DocumentKind.RIGHTS_NOTICE: FileSlot.RIGHTS_NOTICE,
    DocumentKind.INVESTIGATION_RECORD: FileSlot.INVESTIGATION,
    DocumentKind.SESSION_MINUTES: FileSlot.MEDIATION_RECORD,
    DocumentKind.TERMINATION: FileSlot.MEDIATION_RECORD,
    DocumentKind.AGREEMENT: FileSlot.AGREEMENT,
    DocumentKind.ORAL_AGREEMENT: FileSlot.AGREEMENT,
    DocumentKind.CONFIRMATION_APPLICATION: FileSlot.CONFIRMATION,
    DocumentKind.COURT_REPORT: FileSlot.FILE_NOTE,
}


def slot_of(kind: DocumentKind) -> FileSlot | None:
    """The slot a generated document takes; None for what is not bound (the blank form, the
    cover and contents, which the file builds afresh)."""
    return DOCUMENT_SLOTS.get(kind)


# --- where a missing item is fixed -------------------------------------------------------


class FixPlace(LabelledEnum):
    """Where in the case window a missing item is put right (a tab key)."""

    ATTACHMENTS = "attachments", "卷宗（添加附件）"
    DOCUMENTS = "documents", "协议与文书（生成文书）"
    AGREEMENT = "agreement", "协议与文书（调解协议）"
    CONFIRMATION = "confirmation", "协议与文书（司法确认）"
    SESSIONS = "sessions", "调解场次"
    INVESTIGATIONS = "investigations", "调查记录"
    PERFORMANCE = "performance", "履行与回访"


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One thing the file lacks before it can be archived, and where it is fixed."""

    text: str
    fix: FixPlace
    slot: FileSlot | None = None  # the slot to attach to, when a scan would do


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the completeness rule reads, gathered by the service.

    ``performance_marks`` and ``visits_done`` are counts from the performance and follow-up
    records (filled in where those records exist; 0 otherwise): the rule itself stays pure.
    """

    outcome: CaseStatus
    present: frozenset[FileSlot]
    has_entrusted_agent: bool = False
    agreement_form: AgreementForm | None = None
    agreement_effective: bool = False
    missing_signers: tuple[str, ...] = ()
    confirmation_sought: bool = False
    confirmation_materials_missing: tuple[str, ...] = ()
    performance_marks: int = 0
    visits_done: int = 0


def performance_followed(facts: FileFacts) -> bool:
    """Performance is recorded or a 回访 is done (人民调解法 art. 31): a mark, a visit, or a
    scan filed as proof of performance or as the follow-up record."""
    return bool(
        facts.performance_marks
        or facts.visits_done
        or {FileSlot.PERFORMANCE, FileSlot.FOLLOW_UP} & facts.present
    )


def _need(slot: FileSlot, fix: FixPlace = FixPlace.ATTACHMENTS) -> MissingItem:
    return MissingItem(f"缺少{slot.label}", fix, slot)


def required_slots(facts: FileFacts) -> list[tuple[FileSlot, FixPlace]]:
    """The slots the file must hold for this outcome, each with where it is filled."""
    out = [(FileSlot.APPLICATION, FixPlace.DOCUMENTS), (FileSlot.IDENTITY, FixPlace.ATTACHMENTS)]
    if facts.outcome is CaseStatus.REFUSED:
        return out
    out.append((FileSlot.RIGHTS_NOTICE, FixPlace.DOCUMENTS))
    if facts.has_entrusted_agent:
        out.append((FileSlot.POWER_OF_ATTORNEY, FixPlace.ATTACHMENTS))
    out.append((FileSlot.MEDIATION_RECORD, FixPlace.SESSIONS))
    if facts.outcome is CaseStatus.SUCCEEDED:
        out.append((FileSlot.AGREEMENT, FixPlace.DOCUMENTS))
    if facts.confirmation_sought:
        out.append((FileSlot.CONFIRMATION, FixPlace.CONFIRMATION))
    return out


def completeness(facts: FileFacts) -> list[MissingItem]:
    """What the file lacks before archiving, in file order; empty when complete."""
    missing = [_need(slot, fix) for slot, fix in required_slots(facts) if slot not in facts.present]
    if facts.outcome is CaseStatus.SUCCEEDED:
        if facts.agreement_form is AgreementForm.WRITTEN and not facts.agreement_effective:
            who = "、".join(facts.missing_signers) or "当事人"
            missing.append(
                MissingItem(f"调解协议书尚未记录全部签名、盖章日期（{who}）", FixPlace.AGREEMENT)
            )
        elif facts.agreement_form is None:
            missing.append(MissingItem("调解成功但没有记录调解协议", FixPlace.AGREEMENT))
        if not performance_followed(facts):
            missing.append(
                MissingItem(
                    "尚未记录协议履行情况，也没有回访记录",
                    FixPlace.PERFORMANCE,
                    FileSlot.PERFORMANCE,
                )
            )
    if facts.confirmation_sought and facts.confirmation_materials_missing:
        names = "、".join(facts.confirmation_materials_missing)
        missing.append(MissingItem(f"司法确认材料不全：{names}", FixPlace.CONFIRMATION))
    return sorted(missing, key=lambda m: m.slot.position if m.slot else FileSlot.AGREEMENT.position)


# --- the contents list ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One item bound into the file, before numbering."""

    slot: FileSlot
    title: str
    pages: int
    source: str  # "built", "document" or "attachment"
    ref_id: int = 0  # the generated document's or the attachment's id
    note: str = ""


@dataclass(frozen=True, slots=True)
class NumberedEntry:
    """An item of the 卷内目录 with its place: items are numbered 1, 2, … and pages run on
    from the cover (page 1) without a gap."""

    number: int
    entry: FileEntry
    first_page: int
    last_page: int

    @property
    def page_range(self) -> str:
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}–{self.last_page}"


def file_order(entries: Iterable[FileEntry]) -> list[FileEntry]:
    """Entries in binding order: by slot, then in the order given (stable)."""
    return sorted(entries, key=lambda e: e.slot.position)


def number_pages(entries: Sequence[FileEntry]) -> list[NumberedEntry]:
    """Numbers and page ranges of ``entries`` taken in binding order."""
    out = []
    page = 1
    for i, e in enumerate(file_order(entries)):
        pages = max(e.pages, 1)
        out.append(NumberedEntry(i + 1, e, page, page + pages - 1))
        page += pages
    return out


def total_pages(numbered: Sequence[NumberedEntry]) -> int:
    return numbered[-1].last_page if numbered else 0


# --- how long the file is kept --------------------------------------------------------------


class Retention(LabelledEnum):
    """保管期限 of a mediation file."""

    PERMANENT = "permanent", "永久"
    LONG = "long", "长期"
    SHORT = "short", "短期"


#: The default rule, by outcome; the centre may set its own (中心设置 › 卷宗保管期限).
DEFAULT_RETENTION: dict[CaseStatus, Retention] = {
    CaseStatus.SUCCEEDED: Retention.LONG,
    CaseStatus.FAILED: Retention.SHORT,
    CaseStatus.WITHDRAWN: Retention.SHORT,
    CaseStatus.REFERRED_OUT: Retention.SHORT,
    CaseStatus.FAST_TRACK_CLOSED: Retention.SHORT,
    CaseStatus.REFUSED: Retention.SHORT,
}


def retention_for(
    outcome: CaseStatus,
    rule: dict[CaseStatus, Retention] | None = None,
    *,
    confirmation_sought: bool = False,
) -> Retention:
    """The retention a file gets by the centre's rule (default ``DEFAULT_RETENTION``); a
    judicially confirmed agreement is kept at least long (it is enforceable)."""
    chosen = {**DEFAULT_RETENTION, **(rule or {})}.get(outcome, Retention.SHORT)
    if confirmation_sought and chosen is Retention.SHORT:
        return Retention.LONG
    return chosen


@dataclass(frozen=True, slots=True)
class ArchiveView:
    """The archive record the cover and back cover print."""

    file_number: str
    filer: str
    archived_on: dt.date
    retention: Retention
    page_count: int
    locked: bool = True


def archive_refusal(status: CaseStatus) -> str:
    """Why a case in ``status`` cannot be archived now ('' when it can)."""
    if status is CaseStatus.ARCHIVED:
        return "本案已归档"
    if status is not CaseStatus.CLOSED:
        return f"本案{status.label}，结案后才能归档"
    return ""


#: History actions still allowed on an archived case: printing its documents, status moves
#: (the case-flow table allows none out of 已归档 but 解除归档), linking a new case to it as
#: a repeat visit, and the archive record itself. Every other change is refused.
EDITABLE_WHEN_ARCHIVED = frozenset({"document", "status", "link", "archive", "unarchive"})


def locked_message(number: str) -> str:
    return f"案件{number}已归档，卷宗已锁定：如需修改，请由中心主任先解除归档（须写明原因）"
