"""The statistics report as a PDF (A4, tables and charts, the CJK font embedded): gathered here
from the statistics services, laid out by ``documents.report_pdf`` from plain data.

``export_report_pdf`` writes the file (0600, under a temporary name renamed into place once
the action and its history entry are committed) and is audited like the XLSX;
``report_pdf_bytes`` gives the same PDF for the print preview (``ui.printing`` takes bytes),
audited as a print.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..db.files import write_on_commit
from ..db.unit_of_work import UnitOfWork
from ..documents.pdf_render import resolve_fonts
from ..documents.report_model import (
    MonthPoint,
    ReportColumn,
    ReportData,
    ReportFigure,
    ReportRow,
    ReportTable,
    Share,
)
from ..documents.report_pdf import render_report_pdf
from ..domain.roles import Permission
from ..domain.statistics import Period, PeriodKind
from . import reference
from .audit import EXPORT, audit_event
from .document_settings import get_document_settings
from .permissions import requires
from .statistics import MonthCount, StatTable, centre_figures, moj_report, monthly_counts


@requires(Permission.STATISTICS)
def export_report_pdf(
    uow: UnitOfWork, path: Path, period: Period, unit_id: int | None = None
) -> Path:
    """Write the report to ``path`` (replaced whole when the action commits, or left as it
    was); returns ``path``."""
    data = report_pdf_data(uow, period, unit_id)
    pdf = _render(uow, data)
    write_on_commit(uow, path, pdf, what="统计报表")  # in place once the entry is kept
    audit_event(uow, EXPORT, f"导出统计报表 PDF（{period.label}，{data.unit_name}）：{path.name}")
    return path


@requires(Permission.STATISTICS)
def report_pdf_bytes(uow: UnitOfWork, period: Period, unit_id: int | None = None) -> bytes:
    """The same PDF as bytes, for the print preview; recorded as a print of the report."""
    data = report_pdf_data(uow, period, unit_id)
    pdf = _render(uow, data)
    audit_event(uow, EXPORT, f"打印统计报表（{period.label}，{data.unit_name}）")
    return pdf


def _render(uow: UnitOfWork, data: ReportData) -> bytes:
    fonts = resolve_fonts(get_document_settings(uow).font_file)
    return render_report_pdf(data, fonts)


def report_pdf_data(uow: UnitOfWork, period: Period, unit_id: int | None = None) -> ReportData:
    """Everything the PDF prints, as plain data: the same numbers as the screen and the XLSX."""
    report = moj_report(uow, period, unit_id)
    previous = period.same_last_year()
    last = moj_report(uow, previous, unit_id)
    figures = centre_figures(uow, period, unit_id)
    months = monthly_counts(uow, period, unit_id)
    last_months = monthly_counts(uow, previous, unit_id)
    return ReportData(
        centre=reference.get_centre(uow).name,
        unit_name=report.unit_name,
        period_label=_period_text(period),
        previous_label=_period_text(previous),
        figures=tuple(
            ReportFigure(f.spec.label, f.spec.unit, f.value, f.previous, f.change)
            for f in figures.figures
        ),
        tables=tuple(
            _table(t, first)
            for t, first in (
                (report.by_type, "纠纷类型"),
                (report.by_source, "纠纷来源"),
                (report.by_committee, "调解组织类型"),
            )
        ),
        note=report.by_type.note,
        months=_months(months, last_months),
        by_type=_shares(report.by_type, last.by_type),
        by_source=_shares(report.by_source, last.by_source),
        printed_on=_day_text(uow.today()),
    )


def _period_text(period: Period) -> str:
    """2026年第1季度（2026-01-01 至 2026-03-31); a custom span is its own dates."""
    if period.kind is PeriodKind.CUSTOM:
        return period.label
    return f"{period.label}（{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}）"


def _day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _table(table: StatTable, first: str) -> ReportTable:
    columns = tuple(ReportColumn(c.header, c.group, c.kind) for c in table.columns)
    rows = tuple(
        ReportRow(
            ("其中：" + r.label) if r.parent else r.label,
            tuple(r.values.get(c.key) for c in table.columns),
            bold=r.subtotal or not r.key,
            indent=bool(r.parent),
        )
        for r in (*table.rows, table.total)
    )
    return ReportTable(table.breakdown.label, first, columns, rows)


def _months(now: list[MonthCount], before: list[MonthCount]) -> tuple[MonthPoint, ...]:
    """This period's months beside the same months last year (by position)."""
    one_year = len({m.year for m in now}) == 1
    return tuple(
        MonthPoint(
            f"{m.month}月" if one_year else m.label,
            m.accepted,
            before[i].accepted if i < len(before) else 0,
        )
        for i, m in enumerate(now)
    )


def _shares(now: StatTable, before: StatTable) -> tuple[Share, ...]:
    """受理 by leaf row, this period and last year; rows empty in both left out."""
    previous = {r.key: int(r.values.get("accepted") or 0) for r in before.leaves()}
    parents = {r.key: r.label for r in now.rows}
    out = []
    for r in now.leaves():
        value, prev = int(r.values.get("accepted") or 0), previous.get(r.key, 0)
        if value or prev:
            label = f"{r.label}（{parents[r.parent]}）" if r.parent in parents else r.label
            out.append(Share(label, value, prev))
    return tuple(out)


__all__ = ["export_report_pdf", "report_pdf_bytes", "report_pdf_data"]
