"""The statistics (issue 12): ``moj_table_year`` — the MoJ table (all three breakdowns) for a
year of the 200,000-case database (target ≤ 200 ms); ``moj_table_year_1m`` — the same at
1,000,000 cases (≤ 600 ms); ``dashboard`` — the centre figures with last year, the months'
trend and this month's table (≤ 300 ms); ``xlsx_export`` — the workbook of a year's table plus
20,000 case rows (≤ 2 s), with the peak RSS growth (≤ 100 MB).

The 1M database is the 200k one with every case and the rows that belong to it copied four
more times by SQL (``million.py``).

The ``_pg`` lines run the same on PostgreSQL at 200k: the SQLite bench database loaded once
into a PostgreSQL database named by its size and ``DATA_VERSION`` (``pg_bench_db.py``), on
the server of MEDIATION_DESK_TEST_PG_URL (or the test server's default address); without a
server they print a line saying why.

    python bench/run.py statistics
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from common import CACHE, bench_db_path, emit, time_ms
from million import million_db_path
from pg_bench_db import pg_bench_url

from tests.desk import run as call
from tests.statements import counting

RUNS = 9
#: a full year well inside the four years the demo spreads its cases over
YEAR = 2025


def _open(path: Path) -> object:
    from mediation_desk.db.database import Database

    return Database(f"sqlite:///{path}")


def _open_url(url: str) -> object:
    from mediation_desk.db.database import Database

    return Database(url)


def _bench_table(name: str, path: Path, target: int, url: str | None = None) -> None:
    from mediation_desk.domain.statistics import Period
    from mediation_desk.services.statistics import moj_report

    db = _open(path) if url is None else _open_url(url)
    period = Period.year(YEAR)
    try:
        report = call(db, moj_report, period)  # warm the page cache
        with counting(db.engine) as count:  # type: ignore[attr-defined]
            call(db, moj_report, period)
        samples = [time_ms(lambda: call(db, moj_report, period)) for _ in range(RUNS)]
    finally:
        db.dispose()  # type: ignore[attr-defined]
    emit(
        name,
        samples,
        target_ms=target,
        cases_in_year=report.by_type.total.values["accepted"],
        statements=count.statements,
    )


def _bench_dashboard(path: Path, name: str = "dashboard", url: str | None = None) -> None:
    from mediation_desk.services.dashboard import dashboard

    db = _open(path) if url is None else _open_url(url)
    today = dt.date(YEAR, 11, 20)
    try:
        board = call(db, dashboard, today)
        with counting(db.engine) as count:  # type: ignore[attr-defined]
            call(db, dashboard, today)
        samples = [time_ms(lambda: call(db, dashboard, today)) for _ in range(RUNS)]
    finally:
        db.dispose()  # type: ignore[attr-defined]
    emit(
        name,
        samples,
        target_ms=300,
        statements=count.statements,
        received_month=board.card("received_month").value,
        in_mediation=board.card("in_mediation").value,
    )


def _bench_xlsx(path: Path) -> None:
    from mediation_desk.domain.statistics import Period
    from mediation_desk.services.report_export import export_report_xlsx

    with tempfile.TemporaryDirectory(dir=CACHE) as tmp_name:
        tmp = Path(tmp_name)
        db_copy = tmp / "mediation.db"
        shutil.copyfile(path, db_copy)  # the export's audit row goes into the copy
        db = _open(db_copy)
        samples: list[float] = []
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            for i in range(3):
                out = tmp / f"report{i}.xlsx"

                def export(uow: object, out: Path = out) -> object:
                    uow.as_system()  # type: ignore[attr-defined]
                    return export_report_xlsx(uow, Period.year(YEAR), out, case_limit=20_000)  # type: ignore[arg-type]

                actor = _first_actor(db)
                t0 = time.perf_counter()
                result = call(db, export, actor=actor)
                samples.append((time.perf_counter() - t0) * 1000)
            size = out.stat().st_size
        finally:
            db.dispose()  # type: ignore[attr-defined]
        growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    emit(
        "xlsx_export",
        samples,
        target_ms=2000,
        case_rows=result.case_rows,  # type: ignore[attr-defined]
        file_mb=round(size / 1e6, 1),
        rss_growth_mb=round(growth, 1),
        target_rss_growth_mb=100,
    )


def _bench_xlsx_pg(url: str) -> None:
    """The export on PostgreSQL (its audit row stays in the cached bench database)."""
    from mediation_desk.domain.statistics import Period
    from mediation_desk.services.report_export import export_report_xlsx

    db = _open_url(url)
    samples: list[float] = []
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp_name:
        try:
            actor = _first_actor(db)
            for i in range(3):
                out = Path(tmp_name) / f"report{i}.xlsx"

                def export(uow: object, out: Path = out) -> object:
                    uow.as_system()  # type: ignore[attr-defined]
                    return export_report_xlsx(uow, Period.year(YEAR), out, case_limit=20_000)  # type: ignore[arg-type]

                t0 = time.perf_counter()
                result = call(db, export, actor=actor)
                samples.append((time.perf_counter() - t0) * 1000)
        finally:
            db.dispose()  # type: ignore[attr-defined]
    emit("xlsx_export_pg", samples, target_ms=2000, case_rows=result.case_rows)  # type: ignore[attr-defined]


def _first_actor(db: object) -> object:
    from mediation_desk.services.accounts import working_accounts

    accounts = call(db, working_accounts)
    return min(accounts, key=lambda a: a.operator_id)


def run() -> None:
    source = bench_db_path()
    _bench_table("moj_table_year", source, 200)
    _bench_dashboard(source)
    _bench_xlsx(source)
    _bench_pdf(source)
    _bench_table("moj_table_year_1m", million_db_path(), 600)
    url, why = pg_bench_url(source)
    if url is None:
        for name in ("moj_table_year_pg", "dashboard_pg", "xlsx_export_pg"):
            print(json.dumps({"bench": name, "skipped": why}, ensure_ascii=False), flush=True)
        return
    _bench_table("moj_table_year_pg", source, 200, url)
    _bench_dashboard(source, "dashboard_pg", url)
    _bench_xlsx_pg(url)


def _bench_pdf(path: Path) -> None:
    """``pdf_export``: the PDF report (tables, figures, charts) of a year at 200k."""
    from pypdf import PdfReader

    from mediation_desk.domain.statistics import Period
    from mediation_desk.services.report_pdf import export_report_pdf

    with tempfile.TemporaryDirectory(dir=CACHE) as tmp_name:
        db_copy = Path(tmp_name) / "mediation.db"
        shutil.copyfile(path, db_copy)  # the export's audit row goes into the copy
        db = _open(db_copy)
        out = Path(tmp_name) / "report.pdf"

        def export(uow: object) -> object:
            uow.as_system()  # type: ignore[attr-defined]
            return export_report_pdf(uow, out, Period.year(YEAR))  # type: ignore[arg-type]

        try:
            actor = _first_actor(db)
            samples = [time_ms(lambda: call(db, export, actor=actor)) for _ in range(5)]
            pages, size = len(PdfReader(out).pages), out.stat().st_size
        finally:
            db.dispose()  # type: ignore[attr-defined]
    emit("pdf_export", samples, target_ms=2000, pages=pages, file_kb=round(size / 1024))
