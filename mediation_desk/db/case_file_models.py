"""The case file (卷宗): attachments imported into the case folder, the archive record, and
the centre's retention rule."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.case_file import FileSlot, Retention
from ..domain.enums import CaseStatus
from .base import Base, enum_type


class CaseAttachment(Base):
    """One scan, photo or PDF kept in ``<data dir>/cases/<id>/attachments/``.

    Rows are never deleted: a file taken out of the case file is marked removed (who, when,
    why), and its copy stays in the folder.
    """

    __tablename__ = "case_attachment"
    __table_args__ = (Index("ix_case_attachment_case_sha", "case_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[FileSlot] = mapped_column(enum_type(FileSlot, 24))
    title: Mapped[str] = mapped_column(String(120))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(255))  # relative to the case folder
    kind: Mapped[str] = mapped_column(String(8))  # pdf, jpeg, png, tiff
    mime: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    removed_reason: Mapped[str] = mapped_column(String(200), default="")


class CaseArchive(Base):
    """The archive record of a case (one row; kept when unlocked, filled again on archiving).

    Unlocks (who, when, why) are in the case history."""

    __tablename__ = "case_archive"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), unique=True
    )
    file_number: Mapped[str] = mapped_column(String(60), unique=True)
    filer: Mapped[str] = mapped_column(String(40))  # 立卷人
    archived_on: Mapped[dt.date] = mapped_column(Date)
    retention: Mapped[Retention] = mapped_column(enum_type(Retention, 16))
    page_count: Mapped[int] = mapped_column(Integer)
    archived_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    archived_at: Mapped[dt.datetime] = mapped_column(DateTime)
    locked: Mapped[bool] = mapped_column(Boolean, default=True)


class RetentionRule(Base):
    """The centre's 保管期限 per outcome (中心设置); outcomes without a row use the default."""

    __tablename__ = "retention_rule"
    outcome: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus, 32), primary_key=True)
    retention: Mapped[Retention] = mapped_column(enum_type(Retention, 16))
