"""The statistics (issue 12): the MoJ table reconciles with an independent count from the demo
database in plain SQL, every breakdown sums to its total, every figure drills down to exactly
its cases, and the number of statements does not grow with the types or units."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from mediation_desk.db.database import Database
from mediation_desk.domain.dispute_types import CATALOG
from mediation_desk.domain.enums import CaseSource, UnitKind
from mediation_desk.domain.statistics import (
    COLUMNS,
    COMMITTEE_ROWS,
    OUTCOME_KEYS,
    SOURCE_ROWS,
    SUMMED_KEYS,
    TYPE_ROWS,
    Breakdown,
    Period,
    PeriodError,
    PeriodKind,
    ValueKind,
    rate,
    yuan,
)
from mediation_desk.errors import DeskError
from mediation_desk.services import reference
from mediation_desk.services.statistics import (
    Cell,
    MojReport,
    centre_figures,
    drill_down,
    moj_report,
    moj_table,
    monthly_counts,
)
from tests.conftest import open_database
from tests.desk import run
from tests.statements import counting

NOW = dt.datetime(2026, 11, 20, 9)
#: the demo spreads its cases over the four years before NOW
WHOLE = Period.custom(dt.date(2022, 11, 1), dt.date(2026, 11, 20))
YEAR = Period.year(2025)


# ---------------------------------------------------------------- the definitions


def test_periods() -> None:
    assert Period.month(2026, 2) == Period(
        PeriodKind.MONTH, dt.date(2026, 2, 1), dt.date(2026, 2, 28)
    )
    q = Period.quarter(2026, 4)
    assert (q.start, q.end, q.label) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        "2026年第4季度",
    )
    assert Period.year(2026).label == "2026年"
    leap = Period.month(2024, 2).same_last_year()
    assert (leap.start, leap.end) == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
    assert Period.month(2025, 2).same_last_year().end == dt.date(2024, 2, 29)
    start, after = Period.month(2026, 3).bounds()
    assert (start, after) == (dt.datetime(2026, 3, 1), dt.datetime(2026, 4, 1))
    assert Period.custom(dt.date(2025, 11, 5), dt.date(2026, 2, 1)).months() == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]
    for bad in (
        lambda: Period.month(2026, 13),
        lambda: Period.quarter(2026, 0),
        lambda: Period.custom(dt.date(2026, 3, 1), dt.date(2026, 2, 1)),
    ):
        with pytest.raises(PeriodError) as error:
            bad()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))


def test_the_same_period_last_year_around_leap_years() -> None:
    """Each end moves back to the same day, 29 February to the 28th, and the last day of
    February to the last day of February a year back."""
    for year in range(2021, 2031):
        for month in range(1, 13):
            assert Period.month(year, month).same_last_year() == Period.month(year - 1, month)
        for quarter in range(1, 5):
            assert Period.quarter(year, quarter).same_last_year() == Period.quarter(
                year - 1, quarter
            )
        assert Period.year(year).same_last_year() == Period.year(year - 1)
    d = dt.date
    cases = {
        # (start, end) -> the same days last year
        (d(2025, 2, 28), d(2025, 2, 28)): (d(2024, 2, 29), d(2024, 2, 29)),  # one day stays one
        (d(2024, 2, 29), d(2024, 2, 29)): (d(2023, 2, 28), d(2023, 2, 28)),
        (d(2024, 2, 28), d(2024, 2, 28)): (d(2023, 2, 28), d(2023, 2, 28)),
        (d(2025, 2, 1), d(2025, 2, 28)): (d(2024, 2, 1), d(2024, 2, 29)),  # 本月 to the 28th
        (d(2024, 2, 1), d(2024, 2, 28)): (d(2023, 2, 1), d(2023, 2, 28)),
        (d(2024, 2, 10), d(2024, 2, 29)): (d(2023, 2, 10), d(2023, 2, 28)),
        (d(2025, 2, 28), d(2025, 3, 3)): (d(2024, 2, 29), d(2024, 3, 3)),  # 4 days and 4
        (d(2024, 2, 29), d(2024, 3, 10)): (d(2023, 2, 28), d(2023, 3, 10)),
        (d(2028, 1, 15), d(2028, 2, 29)): (d(2027, 1, 15), d(2027, 2, 28)),
        (d(2029, 2, 28), d(2029, 12, 31)): (d(2028, 2, 29), d(2028, 12, 31)),
        (d(2026, 3, 1), d(2026, 3, 1)): (d(2025, 3, 1), d(2025, 3, 1)),
    }
    for (start, end), expected in cases.items():
        back = Period.custom(start, end).same_last_year()
        assert (back.kind, back.start, back.end) == (PeriodKind.CUSTOM, *expected), (start, end)
    day = d(2023, 1, 1)  # every single day of seven years is one day a year back
    while day < d(2030, 1, 1):
        back = Period.custom(day, day).same_last_year()
        assert back.start == back.end and back.end.year == day.year - 1, day
        day += dt.timedelta(days=1)


def test_the_rows_cover_every_code_once() -> None:
    leaves = [r for r in TYPE_ROWS if not r.subtotal]
    parents = {s.parent_code for s in CATALOG if s.parent_code}
    assert len([r for r in leaves if r.key not in ("ip", "internet")]) == 18
    assert {r.key for r in leaves} == {s.code for s in CATALOG if s.code not in parents}
    assert all(r.label.endswith("纠纷") for r in TYPE_ROWS)
    assert not any(r.label.endswith("纠纷纠纷") for r in TYPE_ROWS)
    for rows, universe in ((SOURCE_ROWS, CaseSource), (COMMITTEE_ROWS, UnitKind)):
        seen = Counter(code for r in rows if not r.subtotal for code in r.codes)
        assert set(seen) == set(universe) and set(seen.values()) == {1}
    columns = {c.key for c in COLUMNS}
    assert set(OUTCOME_KEYS) <= columns
    assert all(c.ratio and set(c.ratio) <= columns for c in COLUMNS if c.kind is ValueKind.RATE)


def test_rate_and_yuan() -> None:
    assert rate(1, 3) == 33.3 and rate(0, 0) is None
    assert yuan(123456789) == "1,234,567.89" and yuan(5) == "0.05"


# ---------------------------------------------------------------- the demo database


DEMO_ACTOR: dict[str, object] = {}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    from mediation_desk.demo.loader import load_demo

    path = tmp_path_factory.mktemp("stats") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    seeded = run(db, lambda uow: load_demo(uow, n_cases=900, seed=12), now=NOW)
    DEMO_ACTOR["actor"] = seeded.actor
    yield db, path
    db.dispose()


def _independent(path: Path, period: Period) -> dict[str, dict[str, Counter[str]]]:
    """The table computed another way: every case's raw row read with sqlite3 and classified
    in Python from the definitions written out here."""
    start, after = (str(x) for x in period.bounds())
    sql = """
        SELECT c.id, c.dispute_type_code, c.source, c.status, c.closed_from, c.ended_on,
               c.refer_to, u.kind, a.form, p.result, p.applied_on, c.difficult,
               c.persons_involved,
               (SELECT COUNT(*) FROM party WHERE party.case_id = c.id)
        FROM mediation_case c
        JOIN handling_unit u ON u.id = c.unit_id
        LEFT JOIN agreement a ON a.case_id = c.id
        LEFT JOIN confirmation_pack p ON p.case_id = c.id
        WHERE c.received_at >= ? AND c.received_at < ?
    """
    money_sql = """
        SELECT a.case_id, SUM(k.amount_fen) FROM agreement a
        JOIN agreement_clause k ON k.agreement_id = a.id WHERE k.amount_fen > 0
        GROUP BY a.case_id
    """
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(sql, (start, after)).fetchall()
        money = dict(conn.execute(money_sql).fetchall())
    source_leaf = {str(c): r.key for r in SOURCE_ROWS if not r.subtotal for c in r.codes}
    unit_leaf = {str(c): r.key for r in COMMITTEE_ROWS for c in r.codes}
    out: dict[str, dict[str, Counter[str]]] = {
        "type": defaultdict(Counter),
        "source": defaultdict(Counter),
        "committee": defaultdict(Counter),
    }
    for (cid, code, source, status, closed_from, ended, refer, kind, form, ruling, applied,
         difficult, persons, n_parties) in rows:  # fmt: skip
        outcome = closed_from if status in ("closed", "archived") else status
        outcome = outcome or "failed"  # closed without a recorded outcome
        if outcome == "refused" or (outcome == "referred_out" and ended is None):
            continue
        figures: Counter[str] = Counter(accepted=1)
        figures[
            {
                "succeeded": "succeeded",
                "failed": "failed",
                "referred_out": "failed",
                "fast_track_closed": "fast_track",
                "withdrawn": "withdrawn",
                "accepted": "pending",
                "in_mediation": "pending",
            }[outcome]
        ] += 1
        if outcome == "succeeded":
            figures["written" if form == "written" else "oral" if form == "oral" else "none"] += 1
            figures["amount"] += money.get(cid, 0)
        if outcome == "referred_out" and refer == "court_filing":
            figures["referred_court"] += 1
        figures["confirm_applied"] += applied is not None
        figures["confirm_confirmed"] += ruling == "confirmed"
        figures["difficult"] += bool(difficult)
        figures["persons"] += persons if persons is not None else n_parties
        for dim, key in (
            ("type", code),
            ("source", source_leaf[source]),
            ("committee", unit_leaf[kind]),
        ):
            out[dim][key] += figures
    return out


CHECKED = (
    "accepted",
    "succeeded",
    "written",
    "oral",
    "failed",
    "fast_track",
    "withdrawn",
    "pending",
    "referred_court",
    "confirm_applied",
    "confirm_confirmed",
    "difficult",
    "persons",
    "amount",
)


#: whole months read from case_stat_month, the days around them from case_stat: both edges,
#: and a span inside one month
ODD = Period.custom(dt.date(2025, 2, 15), dt.date(2025, 5, 10))
INSIDE = Period.custom(dt.date(2025, 7, 3), dt.date(2025, 7, 30))


@pytest.mark.parametrize("period", [WHOLE, YEAR, Period.quarter(2026, 2), ODD, INSIDE], ids=str)
def test_the_table_matches_an_independent_count(
    demo: tuple[Database, Path], period: Period
) -> None:
    db, path = demo
    report = run(db, moj_report, period)
    expected = _independent(path, period)
    assert report.by_type.total.values["accepted"] > 0
    for table, dim in zip(report.tables(), ("type", "source", "committee"), strict=True):
        for row in table.leaves():
            want = expected[dim].get(row.key, Counter())
            got = {k: row.values[k] for k in CHECKED}
            assert got == {k: want[k] for k in CHECKED}, (dim, row.key)
            assert want["none"] == 0, (dim, row.key)  # every success has its agreement
        grand = sum(expected[dim].values(), Counter())
        assert {k: table.total.values[k] for k in CHECKED} == {k: grand[k] for k in CHECKED}
        # 小计 (succeeded) = 书面 + 口头, in every row (subtotals included) and the total
        for row in (*table.rows, table.total):
            written, oral = int(row.values["written"] or 0), int(row.values["oral"] or 0)
            assert row.values["succeeded"] == written + oral, (dim, row.key)


def test_every_breakdown_sums_to_its_total(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    report = run(db, moj_report, WHOLE)
    totals = report.by_type.total.values
    assert totals["accepted"] == sum(int(totals[k] or 0) for k in OUTCOME_KEYS)
    assert totals["succeeded"] == int(totals["written"] or 0) + int(totals["oral"] or 0)
    for table in report.tables():
        assert {k: table.total.values[k] for k in SUMMED_KEYS} == {
            k: totals[k] for k in SUMMED_KEYS
        }
        for key in SUMMED_KEYS:
            assert sum(int(r.values[key] or 0) for r in table.leaves()) == totals[key]
        for sub in (r for r in table.rows if r.subtotal):
            kids = [r for r in table.rows if r.parent == sub.key]
            for key in SUMMED_KEYS:
                assert sub.values[key] == sum(int(r.values[key] or 0) for r in kids)
        for row in table.rows:
            assert row.values["accepted"] == sum(int(row.values[k] or 0) for k in OUTCOME_KEYS)
            assert row.values["success_rate"] == rate(
                int(row.values["succeeded"] or 0), int(row.values["concluded"] or 0)
            )


def test_every_figure_drills_down_to_its_cases(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    report = run(db, moj_report, YEAR)
    counted = [c.key for c in COLUMNS if c.kind is ValueKind.COUNT]
    by_row = ("accepted", "succeeded", "written", "pending", "confirm_applied", "referred_court")
    for table in report.tables():
        for row in (*table.rows, table.total):
            for key in counted if not row.key else by_row:  # every column on the total
                found = run(db, drill_down, YEAR, table.cell(row.key, key))
                assert found.total == row.values[key], (table.breakdown, row.key, key)
                assert len(set(found.ids)) == len(found.ids) == min(found.total, 5000)
    total = report.by_type.total.values
    money = run(db, drill_down, YEAR, Cell(Breakdown.TYPE, "", "amount"))
    assert (money.total > 0) == (int(total["amount"] or 0) > 0)
    first = run(db, drill_down, YEAR, Cell(Breakdown.TYPE, "", "accepted"), limit=3)
    assert len(first.cases) == 3 and first.total == total["accepted"]
    assert first.cases[0].received_on.year == 2025 and "2025年" in first.title
    with pytest.raises(DeskError):
        run(db, drill_down, YEAR, Cell(Breakdown.TYPE, "nonsense", "accepted"))


def test_the_centre_figures(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    period = Period.year(2025)
    figures = run(db, centre_figures, period)
    table = run(db, moj_table, period).total.values
    last_year = run(db, moj_table, Period.year(2024)).total.values
    for key, column in (
        ("accepted", "accepted"),
        ("succeeded", "succeeded"),
        ("confirmed", "confirm_confirmed"),
        ("fast_track", "fast_track"),
        ("referred_court", "referred_court"),
    ):
        assert figures[key].value == table[column]
        assert figures[key].previous == last_year[column]
    assert figures["success_rate"].value == table["success_rate"]
    for key in ("on_time_rate", "satisfaction_rate", "grassroots_rate"):
        f = figures[key]
        assert f.numerator <= f.base and f.value == rate(f.numerator, f.base)
    assert figures["avg_days"].base > 0 and figures["avg_days"].value is not None
    assert figures["avg_days"].value >= 0
    for f in figures.figures:
        found = run(db, drill_down, period, figures.cell(f.key))
        # a count: its cases; a share: its numerator's; the average: the cases it averages
        want = f.value if f.spec.unit == "件" else f.base if f.key == "avg_days" else f.numerator
        assert found.total == want, f.key
        if f.spec.unit == "件":
            before = run(db, drill_down, period, figures.cell(f.key, previous=True))
            assert before.total == f.previous


@pytest.mark.parametrize("period", [YEAR, ODD, INSIDE], ids=str)
def test_the_months_add_up(demo: tuple[Database, Path], period: Period) -> None:
    db, _ = demo
    months = run(db, monthly_counts, period)
    assert [(m.year, m.month) for m in months] == period.months()
    total = run(db, moj_table, period).total.values
    assert sum(m.accepted for m in months) == total["accepted"]
    assert sum(m.succeeded for m in months) == total["succeeded"]
    figures = run(db, centre_figures, period)
    assert figures["accepted"].value == total["accepted"]
    assert (
        figures["accepted"].previous
        == run(db, moj_table, period.same_last_year()).total.values["accepted"]
    )


def test_one_unit(demo: tuple[Database, Path]) -> None:
    db, _ = demo
    report: MojReport = run(db, moj_report, WHOLE)
    units = run(db, reference.list_units)
    per_unit = [run(db, moj_report, WHOLE, u.id) for u in units]
    assert (
        sum(r.by_type.total.values["accepted"] for r in per_unit)
        == (report.by_type.total.values["accepted"])
    )
    some = next(r for r in per_unit if r.by_type.total.values["accepted"])
    assert some.unit_name != "全中心"
    with pytest.raises(DeskError):
        run(db, moj_report, WHOLE, 999_999)


def test_a_fixed_number_of_statements(demo: tuple[Database, Path]) -> None:
    """More types and units (and cases) do not add statements."""
    db, _ = demo

    def statements() -> tuple[int, int]:
        with counting(db.engine) as table:
            run(db, moj_report, WHOLE)
        with counting(db.engine) as figures:
            run(db, centre_figures, WHOLE)
        return table.statements, figures.statements

    before = statements()
    for i in range(5):
        run(
            db,
            reference.create_unit,
            name=f"测试村人民调解委员会{i}",
            kind=UnitKind.VILLAGE_COMMITTEE,
            number_format=f"测村{i}调〔{{year}}〕{{seq}}号",
            actor=DEMO_ACTOR["actor"],
        )
    assert statements() == before
    assert before[0] <= 6 and before[1] <= 5


def test_both_backends_agree_with_the_drill_down(db: Database) -> None:
    """The dialect-specific parts (day counts, months, the grouped conditions) on SQLite and
    on PostgreSQL: every count of the total row is the number of cases its drill-down lists."""
    from mediation_desk.demo.loader import load_demo

    run(db, lambda uow: load_demo(uow, n_cases=200, seed=3), now=NOW)
    report = run(db, moj_report, WHOLE)
    assert report.by_type.total.values["accepted"]
    for key in (c.key for c in COLUMNS if c.kind is ValueKind.COUNT):
        found = run(db, drill_down, WHOLE, report.by_type.cell("", key))
        assert found.total == report.by_type.total.values[key], key
    figures = run(db, centre_figures, YEAR)
    assert figures["avg_days"].value is not None and figures["avg_days"].value > 0
    months = run(db, monthly_counts, YEAR)
    assert sum(m.accepted for m in months) == figures["accepted"].value
