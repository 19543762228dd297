"""One search box: case number, party name (substring or pinyin initials), ID number (full or
last 4+), phone (full or last 4).

The query is classified and each reading of it runs one indexed lookup that returns at most
``limit`` cases, newest first; the results are merged. No lookup scans a table, so every kind of
query stays fast on hundreds of thousands of cases, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.orm import Session, aliased

from ..db.models import Agent, Case, DisputeType, HandlingUnit, Party, PartyPhone, SearchToken
from ..db.unit_of_work import UnitOfWork
from ..domain.enums import CaseStatus, PartyRole, RiskLevel
from ..domain.masking import mask_phone
from ..domain.validation import convert_15_to_18, mask_id_number
from .indexing import (
    GRAM_SIZES,
    INITIALS_PREFIX,
    MAX_INITIALS,
    NAME_PREFIX,
    normalize_text,
    prefix_range,
    reversed_key,
)

DEFAULT_LIMIT = 50
Row = TypeVarTuple("Row")
_CASE_NUMBER_MARKS = re.compile(r"[第号字调〔〕（）()\[\]【】]")
_BRACKETS = re.compile(r"[()（）〔〕\[\]【】\s]")
_YEAR = re.compile(r"(?:19|20)\d{2}", re.ASCII)
_SEQ = re.compile(r"第?(\d{1,6})号?$", re.ASCII)
_ID_LIKE = re.compile(r"\d{3,17}[\dx]", re.ASCII)
_PHONE_WITH_HYPHENS = re.compile(r"\d+(?:-\d+)+", re.ASCII)


@dataclass(frozen=True, slots=True)
class CaseHit:
    case_id: int
    number: str
    received_at: dt.datetime
    status: CaseStatus
    risk_level: RiskLevel
    dispute_type: str
    unit_name: str
    applicants: str
    respondents: str
    match_note: str  # why it matched, personal data masked


Found = dict[int, tuple[dt.datetime, str]]  # case_id -> (received_at, note)


def search_cases(uow: UnitOfWork, query: str, *, limit: int = DEFAULT_LIMIT) -> list[CaseHit]:
    """Cases matching ``query``, newest first; the newest cases when the query is empty."""
    q = normalize_text(query)
    if _PHONE_WITH_HYPHENS.fullmatch(q):  # 0575-88123456, 138-1234-5678
        q = q.replace("-", "")
    s = uow.read()
    found: Found = {}
    for lookup in _lookups(q):
        for case_id, received_at, note in lookup(s, q, limit):
            found.setdefault(case_id, (received_at, note))
    if not q:
        found = _recent(s, limit)
    ranked = sorted(found.items(), key=lambda kv: kv[1][0], reverse=True)[:limit]
    return _hits(s, ranked)


def _lookups(q: str) -> list[Callable[[Session, str, int], list[tuple[int, dt.datetime, str]]]]:
    if not q:
        return []
    lookups: list[Callable[[Session, str, int], list[tuple[int, dt.datetime, str]]]] = []
    if q.isdigit() or _ID_LIKE.fullmatch(q):
        if len(q) <= 6 and q.isdigit():
            lookups.append(_by_case_seq)
        if len(q) >= 4:
            lookups.append(_by_id_suffix)
            if q.isdigit() and len(q) <= 12:
                lookups.append(_by_phone_suffix)
        return lookups
    if _CASE_NUMBER_MARKS.search(q) and any(ch.isdigit() for ch in q):
        lookups.append(_by_case_number)
        return lookups
    if q.isascii() and q.isalpha():
        lookups.append(_by_initials)
    lookups.append(_by_name)
    return lookups


def _ordered_ids(stmt: Select[*Row], limit: int) -> Select[*Row]:
    return stmt.order_by(Case.received_at.desc()).limit(limit)


def _by_case_seq(s: Session, q: str, limit: int) -> list[tuple[int, dt.datetime, str]]:
    stmt = select(Case.id, Case.received_at).where(Case.seq == int(q))
    return [(i, r, "") for i, r in s.execute(_ordered_ids(stmt, limit))]


def _by_case_number(s: Session, q: str, limit: int) -> list[tuple[int, dt.datetime, str]]:
    m = _SEQ.search(q.rstrip("号").rstrip()) or _SEQ.search(q)
    if not m:
        return []
    seq = int(m.group(1))
    stmt = select(Case.id, Case.received_at, Case.number).where(Case.seq == seq)
    year = _YEAR.search(q[: m.start()])
    if year:
        stmt = stmt.where(Case.year == int(year.group()))
    wanted = _BRACKETS.sub("", q)
    return [
        (i, r, "")
        for i, r, number in s.execute(stmt.order_by(Case.received_at.desc()).limit(limit * 4))
        if wanted in _BRACKETS.sub("", number).lower()
    ][:limit]


def _by_id_suffix(s: Session, q: str, limit: int) -> list[tuple[int, dt.datetime, str]]:
    if len(q) == 15 and q.isdigit():
        q = convert_15_to_18(q).lower()
    lo, hi = prefix_range(reversed_key(q))
    stmt = (
        select(Party.case_id, Case.received_at, Party.id_number)
        .join(Case, Case.id == Party.case_id)
        .where(Party.id_number_rev >= lo, Party.id_number_rev < hi)
    )
    return [
        (i, r, f"证件号 {mask_id_number(n)}") for i, r, n in s.execute(_ordered_ids(stmt, limit))
    ]


def _by_phone_suffix(s: Session, q: str, limit: int) -> list[tuple[int, dt.datetime, str]]:
    lo, hi = prefix_range(reversed_key(q))
    stmt = (
        select(PartyPhone.case_id, Case.received_at, PartyPhone.number)
        .join(Case, Case.id == PartyPhone.case_id)
        .where(PartyPhone.digits_rev >= lo, PartyPhone.digits_rev < hi)
    )
    return [(i, r, f"电话 {mask_phone(n)}") for i, r, n in s.execute(_ordered_ids(stmt, limit))]


def _token_walk(token: str, limit: int) -> Select[int, dt.datetime]:
    """Newest registrations carrying ``token``: a backward walk of the token's key range."""
    return (
        select(SearchToken.case_id, Case.received_at)
        .join(Case, Case.id == SearchToken.case_id)
        .where(SearchToken.token == token)
        .order_by(SearchToken.case_id.desc())
        .limit(limit)
    )


def _by_token(s: Session, token: str, limit: int) -> list[tuple[int, dt.datetime]]:
    return [(i, r) for i, r in s.execute(_token_walk(token, limit))]


def _by_initials(s: Session, q: str, limit: int) -> list[tuple[int, dt.datetime, str]]:
    if len(q) > MAX_INITIALS:
        return []
    return [(i, r, "拼音首字母") for i, r in _by_token(s, INITIALS_PREFIX + q, limit)]


def _by_name(s: Session, q: str, limit: int) -> list[tuple[int, dt.datetime, str]]:
    if len(q) <= max(GRAM_SIZES):
        return [(i, r, "") for i, r in _by_token(s, NAME_PREFIX + q, limit)]
    # Longer: walk the rarest trigram's index, newest first, among the cases carrying the next
    # rarest trigrams too; then keep those where a name's key (``normalize_text``, the same key
    # as the query's) contains the query. Compared in Python, not with the database's ILIKE:
    # SQLite folds the case of ASCII letters only, and neither backend knows full width.
    trigrams = sorted(
        {q[i : i + 3] for i in range(len(q) - 2)}, key=lambda g: _token_count(s, NAME_PREFIX + g)
    )
    rarest, others = trigrams[0], trigrams[1:_TRIGRAM_FILTERS]
    hits: list[tuple[int, dt.datetime, str]] = []
    below: int | None = None
    while len(hits) < limit:
        stmt = _token_walk(NAME_PREFIX + rarest, limit).add_columns(
            _names_of(Party), _names_of(Agent)
        )
        for gram in others:
            also = aliased(SearchToken)
            stmt = stmt.where(
                select(also.case_id)
                .where(also.token == NAME_PREFIX + gram, also.case_id == SearchToken.case_id)
                .exists()
            )
        if below is not None:
            stmt = stmt.where(SearchToken.case_id < below)
        rows = s.execute(stmt).all()
        hits += [
            (i, r, "")
            for i, r, *names in rows
            if any(q in normalize_text(n) for ns in names if ns for n in ns.split(_SEP))
        ]
        if len(rows) < limit:
            break
        below = rows[-1][0]
    return hits[:limit]


#: How many trigrams of a long query filter the walk (the rarest walks, the others are probes).
_TRIGRAM_FILTERS = 2
_SEP = "\n"  # names are single lines (``db.text_guard``)


def _names_of(table: type[Party] | type[Agent]) -> ScalarSelect[str]:
    """The names of a walked case, in one string: read with the walk, in the same statement."""
    return (
        select(func.aggregate_strings(table.name, _SEP))
        .where(table.case_id == SearchToken.case_id)
        .scalar_subquery()
    )


def _token_count(s: Session, token: str, cap: int = 5000) -> int:
    sub = select(SearchToken.case_id).where(SearchToken.token == token).limit(cap).subquery()
    return s.scalar(select(func.count()).select_from(sub)) or 0


def _recent(s: Session, limit: int) -> Found:
    stmt = select(Case.id, Case.received_at).order_by(Case.received_at.desc()).limit(limit)
    return {i: (r, "") for i, r in s.execute(stmt)}


def _hits(s: Session, ranked: list[tuple[int, tuple[dt.datetime, str]]]) -> list[CaseHit]:
    ids = [case_id for case_id, _ in ranked]
    if not ids:
        return []
    cases = {
        row.id: row
        for row in s.execute(
            select(
                Case.id,
                Case.number,
                Case.received_at,
                Case.status,
                Case.risk_level,
                DisputeType.name.label("type_name"),
                HandlingUnit.name.label("unit_name"),
            )
            .join(DisputeType, DisputeType.code == Case.dispute_type_code)
            .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
            .where(Case.id.in_(ids))
        )
    }
    names: dict[int, dict[PartyRole, list[str]]] = {i: {} for i in ids}
    for case_id, role, name in s.execute(
        select(Party.case_id, Party.role, Party.name)
        .where(Party.case_id.in_(ids))
        .order_by(Party.case_id, Party.position)
    ):
        names[case_id].setdefault(role, []).append(name)
    hits = []
    for case_id, (_, note) in ranked:
        c = cases[case_id]
        by_role = names[case_id]
        hits.append(
            CaseHit(
                case_id,
                c.number,
                c.received_at,
                c.status,
                c.risk_level,
                c.type_name,
                c.unit_name,
                "、".join(by_role.get(PartyRole.APPLICANT, [])),
                "、".join(by_role.get(PartyRole.RESPONDENT, [])),
                note,
            )
        )
    return hits
