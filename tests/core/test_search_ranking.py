"""A bare number in the search box (issue 13): this year's and last year's sequence numbers
first, then the ID-number and phone suffixes, then older years' numbers — and the 匹配 column
says which. Runs on SQLite and, with MEDIATION_DESK_TEST_PG_URL, on PostgreSQL (``db``)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.validation import gb11643_check_char
from mediation_desk.services import intake, search
from tests.desk import run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 8, 1, 9, 0)


def id_ending_in(check: str) -> str:
    """A valid 18-character ID number whose last four characters are ``000`` + ``check``."""
    for birth in range(1, 29):
        body = f"330602198001{birth:02d}000"
        if gb11643_check_char(body) == check:
            return body + check
    raise AssertionError(check)


ID_0001 = id_ending_in("1")


@pytest.fixture
def numbered(db, centre) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Number 1 of 2026, 2025 and 2023; a newer case whose applicant's ID ends in 0001, and a
    newer one still whose phone does."""
    street = centre.street_unit_id
    plain = {"applicant_id": "", "applicant_phone": "13700000000", "respondent_phone": ""}
    drafts = {
        "seq_2023": (dt.datetime(2023, 5, 1, 9), two_party_draft(street, **plain)),
        "seq_2025": (dt.datetime(2025, 3, 1, 9), two_party_draft(street, **plain)),
        "seq_2026": (dt.datetime(2026, 1, 5, 9), two_party_draft(street, **plain)),
        "id_0001": (
            dt.datetime(2026, 6, 1, 9),
            two_party_draft(street, applicant="赵敏", applicant_id=ID_0001, respondent_phone=""),
        ),
        "phone_0001": (
            dt.datetime(2026, 7, 1, 9),
            two_party_draft(
                street, applicant="钱多", applicant_id="", applicant_phone="13900000001"
            ),
        ),
    }
    ids = {}
    for key, (received, draft) in drafts.items():
        draft.received_at = received
        issues = run(db, intake.check_draft, draft, now=NOW)
        acknowledged = {intake.warning_key(i) for i in issues if not i.is_error}
        reg = run(
            db, intake.register_case, draft, now=NOW, acknowledged=acknowledged, actor=centre.actor
        )
        ids[key] = reg.id
    return ids


def hits(db, query: str) -> list[search.CaseHit]:  # type: ignore[no-untyped-def]
    return run(db, search.search_cases, query, now=NOW)


def test_a_bare_number_ranks_recent_sequence_numbers_then_suffixes(db, numbered) -> None:  # type: ignore[no-untyped-def]
    for query in ("0001", "０００１"):
        found = hits(db, query)
        assert [h.case_id for h in found] == [
            numbered["seq_2026"],  # this year's number 1
            numbered["seq_2025"],  # last year's
            numbered["id_0001"],  # newer than both, but an ID suffix
            numbered["phone_0001"],  # newer still, a phone suffix
            numbered["seq_2023"],  # an older year's number 1: last
        ], query
        notes = [h.match_note for h in found]
        assert notes == [
            "案号",
            "案号",
            f"身份证号后四位 330602********{ID_0001[-4:]}",
            "电话后四位 139****0001",
            "案号",
        ]
        assert all(notes), "no empty 匹配"
        assert ID_0001 not in " ".join(notes) and "13900000001" not in " ".join(notes)


def test_a_short_number_is_a_sequence_number_only(db, numbered) -> None:  # type: ignore[no-untyped-def]
    found = hits(db, "1")
    assert [h.case_id for h in found] == [
        numbered["seq_2026"],
        numbered["seq_2025"],
        numbered["seq_2023"],
    ]
    assert {h.match_note for h in found} == {"案号"}


def test_the_years_follow_the_clock(db, numbered) -> None:  # type: ignore[no-untyped-def]
    """In 2024, 2023 is last year: its number 1 ranks first (2025 and 2026 are in the future
    of that clock, so they rank as recent too)."""
    found = run(db, search.search_cases, "0001", now=dt.datetime(2024, 3, 1))
    ids = [h.case_id for h in found]
    assert ids.index(numbered["seq_2023"]) < ids.index(numbered["id_0001"])


def test_the_limit_keeps_the_best_ranked(db, numbered) -> None:  # type: ignore[no-untyped-def]
    found = run(db, search.search_cases, "0001", limit=3, now=NOW)
    assert [h.case_id for h in found] == [
        numbered["seq_2026"],
        numbered["seq_2025"],
        numbered["id_0001"],
    ]


def test_a_whole_number_says_so(db, numbered) -> None:  # type: ignore[no-untyped-def]
    (hit,) = hits(db, ID_0001)
    assert hit.match_note == f"身份证号 330602********{ID_0001[-4:]}"
    (hit,) = hits(db, "13900000001")
    assert hit.match_note == "电话 139****0001"
