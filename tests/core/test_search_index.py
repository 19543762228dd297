"""Search tokens built by an older index are rebuilt once, at start-up (both backends)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from mediation_desk.db.models import SearchToken
from mediation_desk.services import intake, search
from mediation_desk.services.indexing import name_tokens
from mediation_desk.services.search_index import (
    MARKER_CASE_ID,
    rebuild_outdated_tokens,
    tokens_are_current,
    version_marker,
)
from mediation_desk.services.startup import prepare_database
from tests.desk import as_system, reading, run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 2, 1, 9, 0)


def _register(db, centre, name: str) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id, applicant=name, applicant_id="")
    return run(db, intake.register_case, draft, now=NOW, actor=centre.actor).id


def _found(db, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [h.case_id for h in run(db, search.search_cases, query)]


def _as_if_written_by_version_1(db, case_id: int, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Tokens keyed the old way (``str.lower``, digits and invisible characters as typed)."""
    old_key = {n: "".join(n.split()).lower() for n in names}

    def rewrite(uow) -> None:  # type: ignore[no-untyped-def]
        uow.as_system()  # arranged: tokens of an older index
        s = uow.write()
        s.execute(delete(SearchToken).where(SearchToken.case_id.in_([case_id, MARKER_CASE_ID])))
        grams = {
            "n:" + k[i : i + g] for k in old_key.values() for g in (1, 2, 3) for i in range(len(k))
        }
        s.add_all(SearchToken(token=t, case_id=case_id) for t in grams if len(t) > 2)

    run(db, lambda uow: rewrite(uow))


def test_start_up_rebuilds_tokens_of_an_older_index_once(db, centre) -> None:
    plain = _register(db, centre, "王小明")
    greek = _register(db, centre, "ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ")
    _as_if_written_by_version_1(db, greek, ["ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ", "李四"])
    assert _found(db, "ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ") == []  # old tokens: ς where the key has σ
    with reading(db) as s:
        assert not tokens_are_current(s)
    run(db, prepare_database)
    assert _found(db, "ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ") == [greek]
    assert _found(db, "王小明") == [plain]
    with reading(db) as s:
        assert tokens_are_current(s)
        stored = set(s.scalars(select(SearchToken.token).where(SearchToken.case_id == greek)))
        markers = s.scalar(select(func.count()).where(SearchToken.case_id == MARKER_CASE_ID))
    assert stored == name_tokens(["ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ", "李四"])
    assert markers == 1
    assert run(db, rebuild_outdated_tokens) == 0  # a usual start-up: one lookup, no write


def test_only_cases_with_names_that_are_not_their_own_key_are_rebuilt(db, centre) -> None:
    _register(db, centre, "王小明")
    _register(db, centre, "ＡＢＣ物业公司")
    run(
        db,
        as_system(
            lambda uow: uow.write().execute(delete(SearchToken).where(SearchToken.case_id == 0))
        ),
    )
    assert run(db, rebuild_outdated_tokens) == 1


def test_a_new_database_is_marked_current(db) -> None:
    run(db, prepare_database)
    with reading(db) as s:
        assert (
            s.scalar(select(SearchToken.case_id).where(SearchToken.token == version_marker())) == 0
        )


# --- one key for the index and the query (issue 13), on SQLite and PostgreSQL alike ---------

#: Names stored as typed at the counter, and queries typed another way: full width, spaces
#: (ASCII, ideographic, none), letter case. Short queries are one token; longer ones walk a
#: trigram and compare whole names.
STORED_ODDLY = {
    "odd_latin": "Ｌｉｎ　Ｍｅｉ",
    "odd_han": "欧阳 娜　娜",
    "odd_org": "ＸＹＺ 恒达物业",
}
STORED_PLAINLY = {"plain_han": "司马光明", "plain_org": "xyz恒通物流有限公司"}
NORMALISED_QUERIES = [
    ("linmei", ["odd_latin"]),
    ("LIN MEI", ["odd_latin"]),
    ("mei", ["odd_latin"]),
    ("欧阳娜娜", ["odd_han"]),
    ("阳娜", ["odd_han"]),
    ("xyz恒达物业", ["odd_org"]),
    ("XYZ恒达", ["odd_org"]),
    ("ｓｉ马", []),  # full-width letters read as letters: “si马” is no one's name
    ("司　马 光明", ["plain_han"]),
    ("司马　光", ["plain_han"]),
    ("ＸＹＺ恒通物流", ["plain_org"]),
    ("Ｘ Ｙ Ｚ", ["plain_org", "odd_org"]),
    ("恒通　物流 有限公司", ["plain_org"]),
]


def test_names_are_keyed_the_same_way_in_the_index_and_the_query(db, centre) -> None:  # type: ignore[no-untyped-def]
    """A name stored in full width or with odd spaces is found by its plain query, and a
    plain name by a query in full width, with spaces or in capitals; the stored tokens are
    the names' normalised keys (``indexing.normalize_text``), whatever the backend."""
    ids = {
        key: _register(db, centre, name) for key, name in {**STORED_ODDLY, **STORED_PLAINLY}.items()
    }
    with reading(db) as s:
        stored = set(
            s.scalars(select(SearchToken.token).where(SearchToken.case_id == ids["odd_latin"]))
        )
    assert {"n:lin", "n:mei", "n:nme"} <= stored
    assert not any(" " in t or "\u3000" in t or t != t.lower() for t in stored)
    wrong = []
    for query, keys in NORMALISED_QUERIES:
        got = sorted(set(_found(db, query)) & set(ids.values()))
        expected = sorted(ids[k] for k in keys)
        if got != expected:
            wrong.append(f"{query!r}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
