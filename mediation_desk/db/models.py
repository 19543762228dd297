"""The tables. One class per table; no behaviour beyond what the mapping needs.

Search helpers are stored beside the data they index (reversed ID and phone digits for
suffix search, pinyin initials, name n-grams in ``search_token``) and are written by
``services.case_rows`` only, so every path that saves a case indexes it the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.enums import (
    AgentAuthority,
    AgentKind,
    CaseSource,
    CaseStatus,
    ConsentStatus,
    Gender,
    IdType,
    LinkKind,
    MediatorKind,
    PartyKind,
    PartyRole,
    PhoneLabel,
    ReferralTarget,
    RiskLevel,
    UnitKind,
)
from . import report_models  # noqa: F401  (``place``, which cases point at)
from .base import Base, enum_type


class Centre(Base):
    """The centre itself: one row."""

    __tablename__ = "centre"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: The generated demo centre (its sign-in screen shows the demo accounts' passwords).
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Operator(Base):
    """An account: the person every change is recorded under (``services.accounts``).

    Rows are never deleted (the history points at them); an account that may no longer work
    is deactivated. ``name_key`` is the normalised name that makes look-alike names (a
    zero-width space, full-width letters) one account; NULL only for a look-alike duplicate
    found when accounts were introduced, which was deactivated. No password (NULL) means the
    account cannot sign in. ``is_system`` marks the one reserved row "系统" that records start-up
    upkeep and failed sign-ins of unknown names, and never signs in.
    """

    __tablename__ = "operator"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    name_key: Mapped[str | None] = mapped_column(String(60), index=True, unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(60), default="", server_default=text("''"))
    #: the mediator this account is (no foreign key: see migration 0017)
    mediator_id: Mapped[int | None] = mapped_column(Integer)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    is_system: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class HandlingUnit(Base):
    """A committee, window or desk behind the single window; numbers its own cases."""

    __tablename__ = "handling_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[UnitKind] = mapped_column(enum_type(UnitKind))
    number_format: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Mediator(Base):
    __tablename__ = "mediator"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[MediatorKind] = mapped_column(enum_type(MediatorKind))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DisputeType(Base):
    """The MoJ statistics categories, versioned.

    A new catalogue adds rows; codes are never renamed.
    """

    __tablename__ = "dispute_type"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("dispute_type.code"))
    catalog_version: Mapped[str] = mapped_column(String(20))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NumberCounter(Base):
    """Last case number issued per unit and year; updated in the saving transaction (no gaps)."""

    __tablename__ = "number_counter"
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "mediation_case"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "seq"),
        Index("ix_case_seq_received", "seq", "received_at"),
        Index("ix_case_status_due", "status", "due_on"),
        # the case list's filters, each walked in receiving order (migration 0020)
        Index("ix_case_status_received", "status", "received_at"),
        Index("ix_case_unit_received", "unit_id", "received_at"),
        Index("ix_case_mediator_received", "mediator_id", "received_at"),
        Index("ix_case_source_received", "source", "received_at"),
        Index("ix_case_type_received", "dispute_type_code", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    source: Mapped[CaseSource] = mapped_column(enum_type(CaseSource))
    referring_body: Mapped[str] = mapped_column(String(120), default="")
    referral_letter_no: Mapped[str] = mapped_column(String(80), default="")
    dispute_type_code: Mapped[str] = mapped_column(ForeignKey("dispute_type.code"))
    facts: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[str] = mapped_column(Text, default="")
    risk_level: Mapped[RiskLevel] = mapped_column(enum_type(RiskLevel))
    risk_note: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    refer_to: Mapped[ReferralTarget | None] = mapped_column(enum_type(ReferralTarget))
    refer_body: Mapped[str] = mapped_column(String(120), default="")
    # typed in a box of several lines (the guard in text_guard.py keeps its line breaks)
    refer_note: Mapped[str] = mapped_column(String(400), default="", info={"multiline": True})
    refusal_reasons: Mapped[str] = mapped_column(String(200), default="")  # comma-separated codes
    refusal_note: Mapped[str] = mapped_column(String(400), default="")
    # how mediation ended without agreement (domain/outcomes.py): the ground, a note, the day
    outcome_reason: Mapped[str] = mapped_column(String(20), default="", server_default=text("''"))
    outcome_note: Mapped[str] = mapped_column(
        String(400), default="", server_default=text("''"), info={"multiline": True}
    )
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    # the time limit (domain/time_limits.py): the rule, what it runs from, the stored due day
    time_limit_rule: Mapped[str] = mapped_column(String(40), default="", server_default=text("''"))
    court_procedure: Mapped[str] = mapped_column(String(20), default="", server_default=text("''"))
    materials_received_on: Mapped[dt.date | None] = mapped_column(Date)
    handed_due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_beyond_table: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # 结案 (domain/case_flow.py): the status it closed from (撤销结案 restores it), the day
    closed_from: Mapped[str] = mapped_column(String(32), default="", server_default=text("''"))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # 回手 (services/follow_ups.py): the day the time limit runs anew from, when taken up again
    limit_from: Mapped[dt.date | None] = mapped_column(Date)
    # one item per line: handed back to the referring court (特邀调解规定 art. 26)
    returned_materials: Mapped[str] = mapped_column(
        Text, default="", server_default=text("''"), info={"multiline": True}
    )
    # for the statistics (domain/report_fields.py, issue 12): where the dispute arose (NULL:
    # 未填写), the grid, the amount in dispute (fen), the persons involved (NULL: the number
    # of parties), the special groups (comma-separated ``SpecialGroup`` codes), 疑难
    place_code: Mapped[str | None] = mapped_column(ForeignKey("place.code"), index=True)
    grid_code: Mapped[str] = mapped_column(String(40), default="", server_default=text("''"))
    amount_in_dispute_cents: Mapped[int | None] = mapped_column(BigInteger)
    persons_involved: Mapped[int | None] = mapped_column(Integer)
    special_groups: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    difficult: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # what the mediation prevented, recorded when the case ends (``PreventionFlags``)
    prevented_criminal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    prevented_criminal_persons: Mapped[int] = mapped_column(
        Integer, default=0, server_default=text("0")
    )
    prevented_group_petition: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    prevented_group_petition_persons: Mapped[int] = mapped_column(
        Integer, default=0, server_default=text("0")
    )
    prevented_suicide: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    prevented_group_fight: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Party(Base):
    __tablename__ = "party"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PartyKind] = mapped_column(enum_type(PartyKind))
    role: Mapped[PartyRole] = mapped_column(enum_type(PartyRole))
    name: Mapped[str] = mapped_column(String(120), index=True)
    name_initials: Mapped[str] = mapped_column(String(40), default="")
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    id_type: Mapped[IdType] = mapped_column(enum_type(IdType))
    id_number: Mapped[str] = mapped_column(String(40), default="", index=True)
    id_number_rev: Mapped[str] = mapped_column(String(40), default="", index=True)
    occupation: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="", index=True)
    credit_code_override_reason: Mapped[str] = mapped_column(String(200), default="")
    representative: Mapped[str] = mapped_column(String(60), default="")
    representative_title: Mapped[str] = mapped_column(String(40), default="")
    consent: Mapped[ConsentStatus] = mapped_column(enum_type(ConsentStatus))


class PartyPhone(Base):
    __tablename__ = "party_phone"
    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[PhoneLabel] = mapped_column(enum_type(PhoneLabel))
    note: Mapped[str] = mapped_column(String(60), default="")
    number: Mapped[str] = mapped_column(String(30))
    digits_rev: Mapped[str] = mapped_column(String(30), index=True)


class Agent(Base):
    __tablename__ = "agent"
    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgentKind] = mapped_column(enum_type(AgentKind))
    authority: Mapped[AgentAuthority] = mapped_column(enum_type(AgentAuthority))
    authority_note: Mapped[str] = mapped_column(String(200), default="")
    relation: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(60))
    id_type: Mapped[IdType] = mapped_column(enum_type(IdType))
    id_number: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")


class Participant(Base):
    """Invited participant (参加人): not a party."""

    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    relation: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class CaseLink(Base):
    __tablename__ = "case_link"
    __table_args__ = (UniqueConstraint("case_id", "linked_case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))
    linked_case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[LinkKind] = mapped_column(enum_type(LinkKind))
    created_by: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SearchToken(Base):
    """Name n-grams and pinyin-initial prefixes of a case's parties and agents.

    A derived index, written with the case by ``services.intake`` (and the bulk loader). The
    primary key (token, case_id) is the only structure: ``token = ? ORDER BY case_id DESC
    LIMIT n`` walks it backwards and stops, newest registrations first, even for a
    one-character query like 王. No rowid on SQLite, no foreign key: millions of rows stay small.
    """

    __tablename__ = "search_token"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 (SQLAlchemy reads it)
    token: Mapped[str] = mapped_column(String(130), primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class HistoryEntry(Base):
    """Append-only record of who changed what, and when. Never updated or deleted."""

    __tablename__ = "history_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(400))
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON; personal data masked
    # The hash chain (domain/audit_chain.py): written by db/audit_tail.append_history_rows.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))
