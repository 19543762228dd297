"""Tables of agreements, signatures, generated documents and judicial confirmation.

Kinds (agreement form, clause kind, signer role, document type, format) are domain enums,
stored by their ASCII values like every other enum.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.agreements import AgreementForm, ClauseKind, SignerRole
from ..domain.document_kinds import DocumentKind, FileFormat
from .base import Base, enum_type


class Agreement(Base):
    """The mediation agreement of a case (written 协议书 or oral 口头协议): one per case."""

    __tablename__ = "agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), unique=True
    )
    form: Mapped[AgreementForm] = mapped_column(enum_type(AgreementForm, 16))
    facts: Mapped[str] = mapped_column(Text, default="")
    disputes: Mapped[str] = mapped_column(Text, default="")
    responsibility: Mapped[str] = mapped_column(Text, default="")
    breach_clause: Mapped[str] = mapped_column(Text, default="")
    extra_copies: Mapped[int] = mapped_column(Integer, default=0)
    intends_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    mediator_name: Mapped[str] = mapped_column(String(60), default="")
    recorder_name: Mapped[str] = mapped_column(String(60), default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    reached_on: Mapped[dt.date | None] = mapped_column(Date)  # oral agreements take effect then
    # Clauses courts refuse (民诉解释 art. 355): positions left out of the confirmation request
    # (JSON list), or the mediator's reason to apply for them anyway.
    confirmation_excluded: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    confirmation_override: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # The agreement as built when it took effect (JSON of the document model): its printed
    # text no longer follows later changes. Cleared when it stops being effective.
    printed_snapshot: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AgreementClause(Base):
    """One agreed term: a payment, an act to perform, or free text."""

    __tablename__ = "agreement_clause"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ClauseKind] = mapped_column(enum_type(ClauseKind, 16))
    payer_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    payee_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(120), default="")
    account: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    instalments: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[iso date, fen], ...]
    obligor_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    act: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")


class AgreementSignature(Base):
    """One signing or sealing: a party, the mediator, the note-taker, the committee seal."""

    __tablename__ = "agreement_signature"
    __table_args__ = (UniqueConstraint("agreement_id", "role", "party_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[SignerRole] = mapped_column(enum_type(SignerRole, 16))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signed_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the day's list: recent
    recorded_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ConfirmationPack(Base):
    """The joint application for judicial confirmation: court, materials gathered, ruling."""

    __tablename__ = "confirmation_pack"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), unique=True
    )
    court_rule: Mapped[str] = mapped_column(String(40), default="")
    court_name: Mapped[str] = mapped_column(String(120), default="")
    materials: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of gathered codes
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    court_case_number: Mapped[str] = mapped_column(String(80), default="")
    ruling_on: Mapped[dt.date | None] = mapped_column(Date)
    # The court's final word: a ``domain.court_steps.RulingResult`` value, '' while none
    # (stored in the column ``result``; ``services.court_steps.ruling_effective`` reads it).
    ruling_result: Mapped[str] = mapped_column("result", String(40), default="")
    # The court's handling (migration 0014): where the application went (``applied_on`` is the
    # day it was submitted), the court's receipt, whether and when it accepted, why not, and a
    # note on the ruling.
    submitted_court: Mapped[str] = mapped_column(String(120), default="", server_default=text("''"))
    receipt_number: Mapped[str] = mapped_column(String(80), default="", server_default=text("''"))
    acceptance_on: Mapped[dt.date | None] = mapped_column(Date)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    acceptance_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    ruling_note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    updated_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class GeneratedDocument(Base):
    """One rendered file kept in the case folder; a new rendering adds a version."""

    __tablename__ = "generated_document"
    __table_args__ = (UniqueConstraint("case_id", "doc_type", "file_format", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    doc_type: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind, 40))
    file_format: Mapped[FileFormat] = mapped_column(enum_type(FileFormat, 8))
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # 已过期: a correction of the case's registration made the file out of date (when, why);
    # NULL while current. The file is kept (services.corrections, migration 0010).
    stale_since: Mapped[dt.datetime | None] = mapped_column(DateTime)
    stale_reason: Mapped[str] = mapped_column(String(400), default="", server_default=text("''"))


class DocumentSettings(Base):
    """The centre's document settings: one row (id 1)."""

    __tablename__ = "document_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_name: Mapped[str] = mapped_column(String(120), default="")
    seal_text: Mapped[str] = mapped_column(String(120), default="")
    default_court: Mapped[str] = mapped_column(String(120), default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    font_path: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
