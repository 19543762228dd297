"""The case list's pages: every case reached once, in order, for every filter and sort."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, update

from mediation_desk.db.models import Case
from mediation_desk.domain.case_list import (
    STATUS_GROUPS,
    STATUS_ORDER,
    CaseFilter,
    CaseSort,
    SortKey,
)
from mediation_desk.domain.enums import CaseSource, CaseStatus
from mediation_desk.domain.supervision import DueGroup
from mediation_desk.services.case_list import (
    CaseListRow,
    case_page,
    count_cases,
    filter_choices,
)
from mediation_desk.services.intake import register_case
from mediation_desk.services.reference import create_mediator
from mediation_desk.services.supervision import ducha_board
from tests.desk import reading, run, writing
from tests.factories import two_party_draft

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime.combine(TODAY, dt.time(10))
#: Few received times for many cases: pages must break ties by id.
TIMES = [dt.datetime(2026, 6, d, 9, 30) for d in (1, 1, 1, 3, 3, 8, 8, 8, 8, 12)]
STATUSES = [
    CaseStatus.ACCEPTED,
    CaseStatus.IN_MEDIATION,
    CaseStatus.SUCCEEDED,
    CaseStatus.ARCHIVED,
    CaseStatus.FAILED,
    CaseStatus.REFUSED,
]
SOURCES = [CaseSource.WALK_IN, CaseSource.PHONE, CaseSource.POLICE]
TYPES = ["neighbour", "labour_wage_arrears", "labour_other", "contract"]


@dataclass(frozen=True)
class Seeded:
    """A case as the test arranged it (what the expected orders are computed from)."""

    id: int
    received_at: dt.datetime
    status: CaseStatus
    unit_id: int
    mediator_id: int | None
    source: CaseSource
    type_code: str
    due_on: dt.date | None
    seq: int
    year: int


@pytest.fixture
def seeded(centre, db) -> list[Seeded]:  # type: ignore[no-untyped-def]
    """43 cases registered through intake over 10 received times (so most share one), then
    put in six statuses with due days around today (an arranged state: the list only
    reads). Units, mediators, sources and types rotate at different strides."""
    other = run(
        db,
        create_mediator,
        name="钱芳",
        kind=centre_mediator_kind(),
        unit_id=centre.desk_id,
        actor=centre.actor,
    )
    units = [centre.desk_id, centre.street_unit_id, centre.traffic_unit_id]
    mediators = [centre.mediator_id, other.id, None]
    for n in range(43):
        draft = two_party_draft(units[n % 3], applicant=f"申请人{n}", applicant_id="")
        draft.received_at = TIMES[n % len(TIMES)]
        draft.source = SOURCES[n % 3]
        if draft.source is CaseSource.POLICE:
            draft.referring_body, draft.referral_letter_no = "城南派出所", f"城南转〔2026〕{n}号"
        draft.dispute_type_code = TYPES[n % 4]
        draft.routing.mediator_id = mediators[n % 5 % 3]
        run(db, register_case, draft, actor=centre.actor, now=NOW)
    with writing(db) as s:
        ids = sorted(s.scalars(select(Case.id)))
        for n, case_id in enumerate(ids):
            due = None if n % 7 == 0 else TODAY + dt.timedelta(days=(n % 9) - 4)
            s.execute(
                update(Case)
                .where(Case.id == case_id)
                .values(status=STATUSES[n % len(STATUSES)], due_on=due)
            )
    with reading(db) as s:
        return [
            Seeded(*row)
            for row in s.execute(
                select(
                    Case.id,
                    Case.received_at,
                    Case.status,
                    Case.unit_id,
                    Case.mediator_id,
                    Case.source,
                    Case.dispute_type_code,
                    Case.due_on,
                    Case.seq,
                    Case.year,
                ).order_by(Case.id)
            )
        ]


def centre_mediator_kind():  # type: ignore[no-untyped-def]
    from mediation_desk.domain.enums import MediatorKind

    return MediatorKind.PEOPLES


# --- what the list should show, computed in Python from the arranged cases ------------------


def _passes(c: Seeded, f: CaseFilter) -> bool:
    types = {f.dispute_type} | (
        {"labour_wage_arrears", "labour_other"} if f.dispute_type == "labour" else set()
    )
    return (
        (not f.statuses or c.status in f.statuses)
        and (f.unit_id is None or c.unit_id == f.unit_id)
        and (f.mediator_id is None or c.mediator_id == f.mediator_id)
        and (f.source is None or c.source == f.source)
        and (f.dispute_type is None or c.type_code in types)
        and (f.received_from is None or c.received_at.date() >= f.received_from)
        and (f.received_to is None or c.received_at.date() <= f.received_to)
        and (not f.overdue or (c.status.is_open and c.due_on is not None and c.due_on < TODAY))
    )


def _expected(cases: list[Seeded], f: CaseFilter, sort: CaseSort) -> list[int]:
    kept = [c for c in cases if _passes(c, f)]
    desc = sort.descending
    newest = sorted(kept, key=lambda c: (c.received_at, c.id), reverse=True)
    match sort.key:
        case SortKey.RECEIVED:
            ordered = sorted(kept, key=lambda c: (c.received_at, c.id), reverse=desc)
        case SortKey.NUMBER:
            ordered = sorted(kept, key=lambda c: (c.unit_id, c.year, c.seq, c.id), reverse=desc)
        case SortKey.STATUS:
            rank = {st: i for i, st in enumerate(STATUS_ORDER)}
            ordered = sorted(newest, key=lambda c: rank[c.status], reverse=desc)  # stable
        case SortKey.DUE:
            timed = sorted(
                (c for c in kept if c.due_on is not None),
                key=lambda c: (c.due_on, c.id),
                reverse=desc,
            )
            ordered = timed + [c for c in newest if c.due_on is None]
    return [c.id for c in ordered]


def _all_pages(db, f: CaseFilter, sort: CaseSort, limit: int) -> list[list[CaseListRow]]:  # type: ignore[no-untyped-def]
    pages = []
    page = run(db, case_page, where=f, sort=sort, limit=limit, now=NOW)
    pages.append(page.rows)
    while page.next is not None:
        page = run(db, case_page, where=f, sort=sort, after=page.next, limit=limit, now=NOW)
        pages.append(page.rows)
        assert len(pages) < 100, "paging does not end"
    return pages


def _filters(centre, other_mediator: int) -> dict[str, CaseFilter]:  # type: ignore[no-untyped-def]
    return {
        "none": CaseFilter(),
        "open": CaseFilter(statuses=STATUS_GROUPS[0].statuses),
        "ended": CaseFilter(statuses=STATUS_GROUPS[1].statuses),
        "archived": CaseFilter(statuses=frozenset({CaseStatus.ARCHIVED})),
        "unit": CaseFilter(unit_id=centre.street_unit_id),
        "mediator": CaseFilter(mediator_id=other_mediator),
        "source": CaseFilter(source=CaseSource.POLICE),
        "type": CaseFilter(dispute_type="neighbour"),
        "parent type": CaseFilter(dispute_type="labour"),
        "days": CaseFilter(received_from=dt.date(2026, 6, 3), received_to=dt.date(2026, 6, 8)),
        "overdue": CaseFilter(overdue=True),
        "several": CaseFilter(
            statuses=STATUS_GROUPS[0].statuses | {CaseStatus.SUCCEEDED},
            dispute_type="labour",
            received_to=dt.date(2026, 6, 8),
        ),
        "nothing": CaseFilter(unit_id=centre.desk_id, source=CaseSource.PHONE, mediator_id=-1),
    }


SORTS = [CaseSort(key, desc) for key in SortKey for desc in (True, False)]


def _other_mediator(db) -> int:  # type: ignore[no-untyped-def]
    from mediation_desk.db.models import Mediator

    with reading(db) as s:
        return int(s.scalar(select(Mediator.id).where(Mediator.name == "钱芳")))


def test_paging_reaches_every_case_once_in_order(db, centre, seeded) -> None:  # type: ignore[no-untyped-def]
    """Every filter × every order × page sizes that split ties: the pages joined are the
    expected list (no case twice, none missing), and the count agrees."""
    filters = _filters(centre, _other_mediator(db))
    for (name, f), sort, limit in itertools.product(filters.items(), SORTS, (1, 4, 7, 200)):
        pages = _all_pages(db, f, sort, limit)
        ids = [r.case_id for page in pages for r in page]
        expected = _expected(seeded, f, sort)
        assert ids == expected, (name, sort, limit)
        assert all(len(p) == limit for p in pages[:-1]), (name, sort, limit)
        if limit == 200:
            assert run(db, count_cases, where=f, now=NOW) == len(expected), name
    assert run(db, count_cases, now=NOW) == 43
    assert [len(_expected(seeded, f, CaseSort())) > 0 for f in filters.values()].count(False) == 1


def test_a_case_registered_between_pages_repeats_and_hides_nothing(db, centre, seeded) -> None:  # type: ignore[no-untyped-def]
    first = run(db, case_page, limit=10, now=NOW)
    draft = two_party_draft(centre.desk_id, applicant="新来访", applicant_id="")
    draft.received_at = dt.datetime(2026, 6, 14, 9)
    new = run(db, register_case, draft, actor=centre.actor, now=NOW)
    rest: list[int] = []
    page = first
    while page.next is not None:
        page = run(db, case_page, after=page.next, limit=10, now=NOW)
        rest += [r.case_id for r in page.rows]
    shown = [r.case_id for r in first.rows] + rest
    assert shown == _expected(seeded, CaseFilter(), CaseSort())  # the new one is above
    assert new.id not in shown
    assert run(db, case_page, limit=1, now=NOW).rows[0].case_id == new.id


def test_overdue_is_the_boards_overdue(db, centre, seeded) -> None:  # type: ignore[no-untyped-def]
    board = run(db, ducha_board, TODAY, now=NOW)
    overdue = {r.case_id for r in board.rows if r.group is DueGroup.OVERDUE}
    assert overdue  # the arrangement has some
    listed = run(db, case_page, where=CaseFilter(overdue=True), now=NOW).rows
    assert {r.case_id for r in listed} == overdue
    assert run(db, count_cases, where=CaseFilter(overdue=True), now=NOW) == len(overdue)


def test_rows_carry_what_the_list_shows_and_no_id_or_phone(db, centre, seeded) -> None:  # type: ignore[no-untyped-def]
    rows = run(db, case_page, where=CaseFilter(mediator_id=centre.mediator_id), now=NOW).rows
    row = rows[0]
    assert row.applicants.startswith("申请人") and row.respondents == "李四"
    assert row.mediator_name == "周建国"
    assert row.unit_name and row.dispute_type and row.number.endswith("号")
    seeded_by_id = {c.id: c for c in seeded}
    assert all(r.due_on == seeded_by_id[r.case_id].due_on for r in rows)
    assert all(r.status == seeded_by_id[r.case_id].status for r in rows)
    phone_or_id = ("13812345678", "0575-88123456", "88123456")
    assert not any(p in str(v) for r in rows for v in _values(r) for p in phone_or_id)
    without = run(db, case_page, where=CaseFilter(unit_id=centre.traffic_unit_id), now=NOW).rows
    assert "" in {r.mediator_name for r in without}  # no mediator: empty, not "None"


def _values(row: CaseListRow) -> list[Any]:
    return [getattr(row, f) for f in row.__slots__]  # type: ignore[attr-defined]


def test_a_backwards_date_range_is_refused_in_chinese(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.errors import DeskError

    backwards = CaseFilter(received_from=dt.date(2026, 6, 9), received_to=dt.date(2026, 6, 1))
    with pytest.raises(DeskError, match="起始日晚于截止日"):
        run(db, case_page, where=backwards, now=NOW)


def test_filter_choices_list_every_unit_mediator_and_type(db, centre) -> None:  # type: ignore[no-untyped-def]
    choices = run(db, filter_choices)
    assert [c.name for c in choices.units] == [
        "综合受理窗口",
        "城南街道人民调解委员会",
        "交通事故纠纷人民调解委员会",
    ]
    assert [c.name for c in choices.mediators] == ["周建国"]
    labour = [c for c in choices.dispute_types if c.key in ("labour", "labour_wage_arrears")]
    assert [(c.name, c.level) for c in labour] == [("劳动争议", 0), ("拖欠农民工工资", 1)]
