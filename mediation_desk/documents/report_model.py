"""The statistics report as plain data, for the PDF renderer (``report_pdf``): the service
gathers it (``services.report_pdf``), this layer only lays it out. No database, no services.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.statistics import ValueKind, yuan


@dataclass(frozen=True, slots=True)
class ReportColumn:
    """A column of a MoJ table: ``group`` is the header merged above it ('' for none)."""

    header: str
    group: str = ""
    kind: ValueKind = ValueKind.COUNT


@dataclass(frozen=True, slots=True)
class ReportRow:
    label: str
    values: tuple[int | float | None, ...]  # one per column; money in fen, rates in percent
    bold: bool = False  # a subtotal or the total
    indent: bool = False  # a 其中 row under its subtotal


@dataclass(frozen=True, slots=True)
class ReportTable:
    title: str  # e.g. 按纠纷类型
    first: str  # the first column's header, e.g. 纠纷类型
    columns: tuple[ReportColumn, ...]
    rows: tuple[ReportRow, ...]  # the total last


@dataclass(frozen=True, slots=True)
class ReportFigure:
    label: str
    unit: str  # 件 / % / 天
    value: float | None
    previous: float | None
    change: float | None


@dataclass(frozen=True, slots=True)
class Share:
    """One bar of a split: a category with this period's and last year's count."""

    label: str
    value: int
    previous: int


@dataclass(frozen=True, slots=True)
class MonthPoint:
    label: str  # e.g. 1月
    value: int
    previous: int  # the same month last year


@dataclass(frozen=True, slots=True)
class ReportData:
    centre: str
    unit_name: str
    period_label: str  # e.g. 2026年第一季度（2026-01-01 至 2026-03-31）
    previous_label: str  # the same period last year
    figures: tuple[ReportFigure, ...]
    tables: tuple[ReportTable, ...]  # by type, by source, by committee type
    note: str  # what 受理 means
    months: tuple[MonthPoint, ...]
    by_type: tuple[Share, ...]
    by_source: tuple[Share, ...]
    printed_on: str = ""  # e.g. 2026年4月2日

    @property
    def title(self) -> str:
        return "人民调解工作统计报表"


def value_text(value: int | float | None, kind: ValueKind) -> str:
    """A figure as printed: counts as integers, money in yuan with separators, rates with
    one decimal; '—' where there is nothing (a rate with no base)."""
    if value is None:
        return "—"
    if kind is ValueKind.MONEY:
        return yuan(int(value))
    if kind is ValueKind.RATE:
        return f"{float(value):.1f}"
    return str(int(value))


def figure_text(value: float | None, unit: str, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = str(int(value)) if unit == "件" else f"{value:.1f}"
    if signed and value > 0:
        text = "+" + text
    return text
