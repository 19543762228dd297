"""The statistics report as a PDF: its figures are the service's numbers (read back from the
file with pypdf), every font is embedded, the file is the user's only and whole, the export
and the print are audited, and only the director and the administrator may make it."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry
from mediation_desk.domain.roles import Role
from mediation_desk.domain.statistics import ACCEPTED_NOTE, Period, ValueKind, yuan
from mediation_desk.errors import PermissionDenied
from mediation_desk.services.report_pdf import export_report_pdf, report_pdf_bytes
from mediation_desk.services.statistics import (
    StatTable,
    centre_figures,
    moj_report,
    monthly_counts,
)
from tests.conftest import open_database
from tests.desk import add_account, reading, run

NOW = dt.datetime(2026, 11, 20, 9)
YEAR = Period.year(2025)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, object]]:
    from mediation_desk.demo.loader import load_demo

    data = tmp_path_factory.mktemp("report_pdf")
    db = open_database(f"sqlite:///{data / 'mediation.db'}")
    seeded = run(db, lambda uow: load_demo(uow, n_cases=400, seed=5), now=NOW)
    db.dispose()
    yield data, seeded.actor


def _db(data: Path) -> Database:
    return Database(f"sqlite:///{data / 'mediation.db'}")


def _words(pdf: Path | bytes) -> list[str]:
    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages).split()


def _follows(words: list[str], label: str, expected: list[str]) -> bool:
    """``label`` somewhere followed directly by the ``expected`` words."""
    n = len(expected)
    return any(w == label and words[i + 1 : i + 1 + n] == expected for i, w in enumerate(words))


def _cell(value: object, kind: ValueKind) -> str:
    if value is None:
        return "—"
    if kind is ValueKind.MONEY:
        return yuan(int(value))  # type: ignore[call-overload]
    if kind is ValueKind.RATE:
        return f"{float(value):.1f}"  # type: ignore[arg-type]
    return str(int(value))  # type: ignore[call-overload]


def _total_words(table: StatTable) -> list[str]:
    return [_cell(table.total.values.get(c.key), c.kind) for c in table.columns]


def _fonts(path: Path) -> list[tuple[str, bool]]:
    """Each font the pages use: its name, and whether its outlines are in the file."""
    out = []
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            out.append((str(font["/BaseFont"]), embedded))
    return out


def test_the_pdf_prints_the_services_numbers(demo: tuple[Path, object], tmp_path: Path) -> None:
    data, actor = demo
    db = _db(data)
    target = tmp_path / "2025年统计报表.pdf"
    target.write_bytes(b"an older file: replaced whole")
    try:
        assert run(db, export_report_pdf, target, YEAR, actor=actor, now=NOW) == target
        report = run(db, moj_report, YEAR)
        figures = run(db, centre_figures, YEAR)
        months = run(db, monthly_counts, YEAR)
        with reading(db) as s:
            audited = s.scalars(
                select(HistoryEntry.summary).where(HistoryEntry.action == "export")
            ).all()
    finally:
        db.dispose()
    assert target.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no .part left
    reader = PdfReader(target)
    assert len(reader.pages) >= 3
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert round(width) == 842 and round(height) == 595  # A4 landscape
    words = _words(target)
    text = "".join(words)
    for title in ("人民调解工作统计报表", "按纠纷类型", "按纠纷来源", "按调解组织类型"):
        assert title in text, title
    assert "2025年（2025-01-01至2025-12-31）" in text and "全中心" in text
    assert re.sub(r"\s", "", ACCEPTED_NOTE)[:40] in text  # 受理 defined once, in the note
    # the headline figures beside last year, as centre_figures gives them
    for f in figures.figures:
        unit = f.spec.unit

        def shown(v: float | None, *, signed: bool = False, unit: str = unit) -> str:
            if v is None:
                return "—"
            s = str(int(v)) if unit == "件" else f"{v:.1f}"
            return "+" + s if signed and v > 0 else s

        expected = [shown(f.value), shown(f.previous), shown(f.change, signed=True), unit]
        assert _follows(words, f.spec.label, expected), (f.spec.label, expected)
    # each table's total row, column by column, as moj_report gives it
    for table in report.tables():
        assert _follows(words, "合计", _total_words(table)), table.breakdown
    leaf = next(r for r in report.by_type.rows if r.values["accepted"] and not r.subtotal)
    expected = [_cell(leaf.values.get(c.key), c.kind) for c in report.by_type.columns]
    assert _follows(words, leaf.label, expected)
    # the trend's counts, month by month
    assert _follows(words, "本期", [str(m.accepted) for m in months])
    # every font embedded (no reportlab Helvetica), the CJK faces as subsets
    fonts = _fonts(target)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
        rows = [line for line in out.splitlines()[2:] if line.strip()]
        assert rows and all(" yes yes yes " in line for line in rows), out
    assert any("导出统计报表 PDF" in s and target.name in s for s in audited)


def test_one_unit_and_the_print_preview(demo: tuple[Path, object]) -> None:
    from mediation_desk.services.reference import list_units

    data, actor = demo
    db = _db(data)
    try:
        unit = run(db, list_units)[1]
        pdf = run(db, report_pdf_bytes, YEAR, unit.id, actor=actor, now=NOW)
        report = run(db, moj_report, YEAR, unit.id)
        with reading(db) as s:
            printed = s.scalars(
                select(HistoryEntry.summary).where(HistoryEntry.action == "export")
            ).all()
    finally:
        db.dispose()
    assert pdf.startswith(b"%PDF")
    words = _words(pdf)
    assert unit.name in "".join(words)
    assert _follows(words, "合计", _total_words(report.by_type))
    assert any("打印统计报表" in s and unit.name in s for s in printed)


def test_only_the_director_and_administrator(demo: tuple[Path, object], tmp_path: Path) -> None:
    data, _ = demo
    db = _db(data)
    try:
        clerk = add_account(db, "报表登记员", roles=frozenset({Role.CLERK}))
        with pytest.raises(PermissionDenied):
            run(db, export_report_pdf, tmp_path / "x.pdf", YEAR, actor=clerk)
        with pytest.raises(PermissionDenied):
            run(db, report_pdf_bytes, YEAR, actor=clerk)
        director = add_account(db, "报表主任", roles=frozenset({Role.DIRECTOR}))
        run(db, export_report_pdf, tmp_path / "y.pdf", YEAR, actor=director, now=NOW)
    finally:
        db.dispose()
    assert not (tmp_path / "x.pdf").exists()
    assert (tmp_path / "y.pdf").stat().st_size > 10_000
