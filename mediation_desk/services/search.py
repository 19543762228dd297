"""One search box: case number, party name (substring or pinyin initials), ID number (full or
last 4+), phone (full or last 4).

The query is classified and each reading of it runs one indexed lookup that returns at most
``limit`` cases, newest first; the results are merged by kind of match, then newest first (a
bare number: this and last year's sequence numbers, then ID and phone suffixes, then older
years), each with a note for the 匹配 column. No lookup scans a table, so every kind of query
stays fast on hundreds of thousands of cases, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVarTuple

from sqlalchemy import BindParameter, Integer, ScalarSelect, Select, String, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from ..db.models import Agent, Case, DisputeType, HandlingUnit, Party, PartyPhone, SearchToken
from ..db.unit_of_work import UnitOfWork
from ..domain.enums import CaseStatus, IdType, PartyKind, PartyRole, RiskLevel
from ..domain.masking import mask_phone
from ..domain.validation import convert_15_to_18, mask_id_number
from .indexing import (
    GRAM_SIZES,
    INITIALS_PREFIX,
    MAX_INITIALS,
    NAME_PREFIX,
    digits_only,
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


Lookup = Callable[[Session, str, int], list["Match"]]


@dataclass(frozen=True, slots=True)
class Match:
    """One case a lookup found: ``rank`` orders the kinds of match before recency (a lower
    rank shows first), ``note`` says why it matched (personal data masked)."""

    case_id: int
    received_at: dt.datetime
    note: str
    rank: int = 0


#: How a bare number's readings are ordered (issue 13): the sequence numbers of this year and
#: last year first, then the ID-number and phone suffixes, then older years' numbers.
RANK_RECENT_NUMBER, RANK_ID, RANK_PHONE, RANK_OLD_NUMBER = 0, 1, 2, 3
#: The 匹配 column's words.
NOTE_NUMBER = "案号"
NOTE_INITIALS = "拼音首字母"
#: A name hit's note, told apart by ``_hits`` (which party's name it is).
_NAME_NOTE = "\x00name"
_CN_COUNTS = "零一二三四五六七八九十"


def _count(n: int) -> str:
    """4 → 四, 12 → 十二: how many digits a suffix has, as the 匹配 column says it."""
    if n <= 10:
        return _CN_COUNTS[n]
    return "十" + _CN_COUNTS[n - 10] if n < 20 else str(n)


def suffix_note(label: str, typed: int, whole: str, masked: str) -> str:
    """``身份证号后四位 110105********002X`` (``typed`` digits of ``whole``), or, when the
    whole number was typed, ``身份证号 110105********002X``."""
    if typed >= len(whole):
        return f"{label} {masked}"
    return f"{label}后{_count(typed)}位 {masked}"


def search_cases(uow: UnitOfWork, query: str, *, limit: int = DEFAULT_LIMIT) -> list[CaseHit]:
    """Cases matching ``query``: by kind of match (a bare number: this and last year's
    sequence numbers, then ID and phone suffixes, then older years), newest first within a
    kind; the newest cases when the query is empty."""
    q = normalize_text(query)
    if _PHONE_WITH_HYPHENS.fullmatch(q):  # 0575-88123456, 138-1234-5678
        q = q.replace("-", "")
    s = uow.read()
    found: dict[int, Match] = {}
    for lookup in _lookups(q, uow.today().year):
        for match in lookup(s, q, limit):
            kept = found.get(match.case_id)
            if kept is None or match.rank < kept.rank:
                found[match.case_id] = match
    if not q:
        found = _recent(s, limit)
    ranked = sorted(found.values(), key=lambda m: m.received_at, reverse=True)
    ranked.sort(key=lambda m: m.rank)  # stable: newest first within a kind
    return _hits(s, ranked[:limit], q)


def _lookups(q: str, year: int) -> list[Lookup]:
    if not q:
        return []
    lookups: list[Lookup] = []
    if q.isdigit() or _ID_LIKE.fullmatch(q):
        if len(q) <= 6 and q.isdigit():
            lookups.append(lambda s, q, limit: _by_case_seq(s, q, limit, year))
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


def _by_case_seq(s: Session, q: str, limit: int, year: int) -> list[Match]:
    """Number ``q`` of every unit and year (a few dozen cases): this year's and last year's
    rank first, older ones last."""
    stmt = select(Case.id, Case.received_at, Case.year).where(Case.seq == int(q))
    return [
        Match(i, r, NOTE_NUMBER, RANK_RECENT_NUMBER if y >= year - 1 else RANK_OLD_NUMBER)
        for i, r, y in s.execute(_ordered_ids(stmt, limit))
    ]


def _by_case_number(s: Session, q: str, limit: int) -> list[Match]:
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
        Match(i, r, NOTE_NUMBER)
        for i, r, number in s.execute(stmt.order_by(Case.received_at.desc()).limit(limit * 4))
        if wanted in _BRACKETS.sub("", number).lower()
    ][:limit]


def _by_id_suffix(s: Session, q: str, limit: int) -> list[Match]:
    if len(q) == 15 and q.isdigit():
        q = convert_15_to_18(q).lower()
    newest = _newest_with_suffix(Party.id, Party.id_number_rev, q, limit)
    stmt = (
        select(Party.case_id, Case.received_at, Party.id_number, Party.id_type)
        .join(Case, Case.id == Party.case_id)
        .where(Party.id.in_(newest))
    )
    return [
        Match(i, r, suffix_note(_id_label(t), len(q), n, mask_id_number(n)), RANK_ID)
        for i, r, n, t in s.execute(_ordered_ids(stmt, limit))
    ]


def _newest_with_suffix(
    row_id: InstrumentedAttribute[int],
    reversed_column: InstrumentedAttribute[str],
    q: str,
    limit: int,
) -> Select[int]:
    """The last ``limit`` rows recorded (highest id: the latest registrations) whose value ends
    with ``q``: read from the reversed value's index alone, so a suffix shared by hundreds of
    parties on a million cases reads only the rows kept, not every case's row to sort by."""
    lo, hi = prefix_range(reversed_key(q))
    where = (reversed_column >= lo, reversed_column < hi)
    return select(row_id).where(*where).order_by(row_id.desc()).limit(limit)


def _id_label(id_type: IdType) -> str:
    return "身份证号" if id_type is IdType.RESIDENT_ID else "证件号"


def _by_phone_suffix(s: Session, q: str, limit: int) -> list[Match]:
    newest = _newest_with_suffix(PartyPhone.id, PartyPhone.digits_rev, q, limit)
    stmt = (
        select(PartyPhone.case_id, Case.received_at, PartyPhone.number)
        .join(Case, Case.id == PartyPhone.case_id)
        .where(PartyPhone.id.in_(newest))
    )
    return [
        Match(i, r, suffix_note("电话", len(q), digits_only(n), mask_phone(n)), RANK_PHONE)
        for i, r, n in s.execute(_ordered_ids(stmt, limit))
    ]


def _token_walk(
    token: str | BindParameter[str], limit: int | BindParameter[int]
) -> Select[int, dt.datetime]:
    """Newest registrations carrying ``token``: a backward walk of the token's key range."""
    return (
        select(SearchToken.case_id, Case.received_at)
        .join(Case, Case.id == SearchToken.case_id)
        .where(SearchToken.token == token)
        .order_by(SearchToken.case_id.desc())
        .limit(limit)
    )


#: A short name's or initials' walk (the commonest lookup, a few at each keystroke), built once.
_WALK = _token_walk(bindparam("token", type_=String), bindparam("limit", type_=Integer))


def _by_token(s: Session, token: str, limit: int) -> list[tuple[int, dt.datetime]]:
    return [(i, r) for i, r in s.execute(_WALK, {"token": token, "limit": limit})]


def _by_initials(s: Session, q: str, limit: int) -> list[Match]:
    if len(q) > MAX_INITIALS:
        return []
    return [Match(i, r, NOTE_INITIALS) for i, r in _by_token(s, INITIALS_PREFIX + q, limit)]


def _by_name(s: Session, q: str, limit: int) -> list[Match]:
    if len(q) <= max(GRAM_SIZES):
        return [Match(i, r, _NAME_NOTE) for i, r in _by_token(s, NAME_PREFIX + q, limit)]
    # Longer: walk the rarest trigram's index, newest first, among the cases carrying the next
    # rarest trigrams too; then keep those where a name's key (``normalize_text``, the same key
    # as the query's) contains the query. Compared in Python, not with the database's ILIKE:
    # SQLite folds the case of ASCII letters only, and neither backend knows full width.
    trigrams = _rarest_first(s, q)
    rarest, others = trigrams[0], trigrams[1:_TRIGRAM_FILTERS]
    hits: list[Match] = []
    below: int | None = None
    values: dict[str, object] = {"token": NAME_PREFIX + rarest, "limit": limit}
    values.update({f"probe{i}": NAME_PREFIX + gram for i, gram in enumerate(others)})
    while len(hits) < limit:
        stmt = _walk_statement(len(others), below is not None)
        if below is not None:
            values["below"] = below
        rows = s.execute(stmt, values).all()
        hits += [
            Match(i, r, _NAME_NOTE)
            for i, r, *names in rows
            if any(q in normalize_text(n) for ns in names if ns for n in ns.split(_SEP))
        ]
        if len(rows) < limit:
            break
        below = rows[-1][0]
    return hits[:limit]


#: How many trigrams of a long query filter the walk (the rarest walks, the others are probes).
_TRIGRAM_FILTERS = 6
#: How far the trigrams are counted: up to the first cap, and again up to the next ones only
#: while every trigram reaches the cap (a query made only of common words).
_COUNT_CAPS = (100, 1000, 10_000)


def _rarest_first(s: Session, q: str) -> list[str]:
    """The trigrams of ``q``, rarest first. They are counted together, in one statement, each
    only up to a cap: the index entries read stay a few thousand at most, on a million cases
    as on a thousand, however common 有限公司's or 绍兴市's trigrams are."""
    grams = list(dict.fromkeys(q[i : i + 3] for i in range(len(q) - 2)))
    for cap in _COUNT_CAPS:
        counts = _token_counts(s, grams, cap)
        if min(counts.values()) < cap:
            break
    # counted alike (each up to the cap): the middle of the name first, where an
    # organisation's own words are (绍兴市… and …有限公司 are everyone's)
    middle = (len(grams) - 1) / 2
    return sorted(grams, key=lambda g: (counts[g], abs(grams.index(g) - middle)))


def _token_counts(s: Session, grams: list[str], cap: int) -> dict[str, int]:
    """How many cases carry each name trigram of ``grams``, counted up to ``cap``. The
    statement counts a multiple of ``_COUNT_BATCH`` trigrams (the last one again to fill it):
    a few shapes serve every length of query, each compiled once."""
    size = -(-len(grams) // _COUNT_BATCH) * _COUNT_BATCH
    padded = grams + grams[-1:] * (size - len(grams))
    values: dict[str, object] = {f"gram{i}": NAME_PREFIX + gram for i, gram in enumerate(padded)}
    values["cap"] = cap
    counts = s.execute(_counts_statement(size), values).one()
    return dict(zip(grams, counts[: len(grams)], strict=True))


#: Trigrams counted by one statement: a multiple of this many.
_COUNT_BATCH = 8


# The long query's statements are built once for each shape (how many trigrams, probes):
# building one of a dozen subqueries, and finding it in the compiled cache, costs several
# times what SQLite takes to answer it.


@lru_cache(maxsize=32)
def _counts_statement(grams: int) -> Select[Any]:
    cap = bindparam("cap", type_=Integer)
    return select(
        *(
            select(func.count())
            .select_from(
                select(SearchToken.case_id)
                .where(SearchToken.token == bindparam(f"gram{i}", type_=String))
                .limit(cap)
                .subquery()
            )
            .scalar_subquery()
            for i in range(grams)
        )
    )


@lru_cache(maxsize=8)
def _walk_statement(probes: int, after: bool) -> Select[Any]:
    """The walk of ``token`` with the names of each case, among the cases carrying the
    ``probe<i>`` tokens too; below case id ``below`` when ``after``."""
    walk = _token_walk(bindparam("token", type_=String), bindparam("limit", type_=Integer))
    stmt: Select[Any] = walk.add_columns(_names_of(Party), _names_of(Agent))
    for i in range(probes):
        also = aliased(SearchToken)
        stmt = stmt.where(
            select(also.case_id)
            .where(
                also.token == bindparam(f"probe{i}", type_=String),
                also.case_id == SearchToken.case_id,
            )
            .exists()
        )
    if after:
        stmt = stmt.where(SearchToken.case_id < bindparam("below", type_=Integer))
    return stmt


_SEP = "\n"  # names are single lines (``db.text_guard``)


def _names_of(table: type[Party] | type[Agent]) -> ScalarSelect[str]:
    """The names of a walked case, in one string: read with the walk, in the same statement."""
    return (
        select(func.aggregate_strings(table.name, _SEP))
        .where(table.case_id == SearchToken.case_id)
        .scalar_subquery()
    )


def _recent(s: Session, limit: int) -> dict[int, Match]:
    stmt = select(Case.id, Case.received_at).order_by(Case.received_at.desc()).limit(limit)
    return {i: Match(i, r, "") for i, r in s.execute(stmt)}


def _name_note(parties: list[tuple[PartyRole, PartyKind, str]], q: str) -> str:
    """Whose name matched: ``申请人姓名``, ``被申请人名称`` (an organisation)…; an agent's
    when no party's name holds ``q``."""
    for role, kind, name in parties:
        if q in normalize_text(name):
            return f"{role.label}{'名称' if kind is PartyKind.ORGANISATION else '姓名'}"
    return "代理人姓名"


#: The two reads of the hits, built once (each keystroke runs them: building a statement
#: costs as much as SQLite takes to answer it); ``ids`` is expanded at each run.
_CASE_ROWS = (
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
    .where(Case.id.in_(bindparam("ids", expanding=True)))
)
_PARTY_NAMES = (
    select(Party.case_id, Party.role, Party.kind, Party.name)
    .where(Party.case_id.in_(bindparam("ids", expanding=True)))
    .order_by(Party.case_id, Party.position)
)


def _hits(s: Session, ranked: list[Match], q: str) -> list[CaseHit]:
    ids = [m.case_id for m in ranked]
    if not ids:
        return []
    cases = {row.id: row for row in s.execute(_CASE_ROWS, {"ids": ids})}
    names: dict[int, dict[PartyRole, list[str]]] = {i: {} for i in ids}
    parties: dict[int, list[tuple[PartyRole, PartyKind, str]]] = {i: [] for i in ids}
    for case_id, role, kind, name in s.execute(_PARTY_NAMES, {"ids": ids}):
        names[case_id].setdefault(role, []).append(name)
        parties[case_id].append((role, kind, name))
    hits = []
    for match in ranked:
        case_id = match.case_id
        c = cases[case_id]
        by_role = names[case_id]
        note = _name_note(parties[case_id], q) if match.note == _NAME_NOTE else match.note
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
