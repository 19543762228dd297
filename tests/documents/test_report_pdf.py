"""The statistics report's layout from plain data (no database): a long MoJ table runs onto
further pages with its two header rows repeated, an empty period still draws its charts, the
months across a new year are labelled with the year, and last year's bars are hatched."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from mediation_desk.documents.pdf_render import FontCoverageError
from mediation_desk.documents.report_charts import _hatch, split_chart, trend_chart
from mediation_desk.documents.report_model import (
    MonthPoint,
    ReportColumn,
    ReportData,
    ReportFigure,
    ReportRow,
    ReportTable,
    Share,
    figure_text,
    value_text,
)
from mediation_desk.documents.report_pdf import render_report_pdf
from mediation_desk.domain.statistics import COLUMNS, ValueKind


def _columns() -> tuple[ReportColumn, ...]:
    return tuple(ReportColumn(c.header, c.group, c.kind) for c in COLUMNS)


def _table(title: str, n_rows: int) -> ReportTable:
    rows = tuple(
        ReportRow(f"第{i}类纠纷", tuple(i * 10 + k for k in range(len(COLUMNS))))
        for i in range(1, n_rows + 1)
    )
    total = ReportRow("合计", tuple(None for _ in COLUMNS), bold=True)
    return ReportTable(title, "纠纷类型", _columns(), (*rows, total))


def _data(n_rows: int = 5, months: tuple[MonthPoint, ...] = ()) -> ReportData:
    return ReportData(
        centre="测试矛调中心",
        unit_name="全中心",
        period_label="2025年（2025-01-01 至 2025-12-31）",
        previous_label="2024年（2024-01-01 至 2024-12-31）",
        figures=(ReportFigure("受理", "件", 12.0, 10.0, 2.0),),
        tables=(_table("按纠纷类型", n_rows), _table("按纠纷来源", 3)),
        note="“受理”指人民调解委员会受理调解的纠纷。",
        months=months,
        by_type=(),
        by_source=(),
        printed_on="2026年1月5日",
    )


def _pages(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_a_long_table_repeats_its_two_header_rows(fonts) -> None:  # type: ignore[no-untyped-def]
    pdf = render_report_pdf(_data(n_rows=70), fonts)
    pages = _pages(pdf)
    with_rows = [p for p in pages if "第1类纠纷" in p or "第70类纠纷" in p or "第40类纠纷" in p]
    assert len(with_rows) >= 2  # the table ran onto a second page
    for page in with_rows:  # each with the group headers and the columns under them
        flat = page.replace("\n", "").replace(" ", "")
        for header in ("调解成功", "书面协议", "口头协议", "防止群体性上访", "确认有效"):
            assert header in flat, header
    last = len(pages)
    assert all(f"共 {last} 页" in p for p in pages)
    assert "—" in "".join(pages)  # a value with no base prints as a dash, not 0


def test_an_empty_period_and_months_across_a_new_year(fonts) -> None:  # type: ignore[no-untyped-def]
    months = (MonthPoint("2025年11月", 0, 0), MonthPoint("2025年12月", 3, 1))
    months += (MonthPoint("2026年1月", 0, 4),)
    pdf = render_report_pdf(_data(months=months), fonts)
    text = "".join(_pages(pdf))
    assert "2025年12月" in text and "2026年1月" in text
    empty = "".join(_pages(render_report_pdf(_data(months=()), fonts)))  # nothing at all
    assert empty.count("本期与上年同期均无受理纠纷") == 2  # no empty axes for the two splits


def test_a_character_the_font_lacks_is_refused(fonts) -> None:  # type: ignore[no-untyped-def]
    odd = dataclasses.replace(_data(), unit_name="\U000f0000调解委员会")  # a private-use one
    with pytest.raises(FontCoverageError):
        render_report_pdf(odd, fonts)
    assert render_report_pdf(odd, fonts, allow_missing=True).startswith(b"%PDF")


def test_last_year_is_hatched_and_this_year_solid(fonts) -> None:  # type: ignore[no-untyped-def]
    from reportlab.graphics.shapes import Line, Rect

    from mediation_desk.documents.fonts import register_for_reportlab

    font = register_for_reportlab(fonts.body)
    shares = (Share("婚姻家庭纠纷", 10, 8), Share("邻里纠纷", 4, 6))
    drawing = split_chart(shares, title="受理", width=400, font=font, title_font=font)
    shapes = list(_walk(drawing))
    bars = [s for s in shapes if isinstance(s, Rect) and s.width > 5 and s.height > 3]
    fills = {(round(b.fillColor.red, 2) if b.fillColor else None) for b in bars}
    assert 1.0 in fills and 0.35 in fills  # white (hatched) and grey
    hatching = [s for s in shapes if isinstance(s, Line) and s.strokeWidth == 0.4]
    assert len(hatching) > 10
    trend = trend_chart(
        (MonthPoint("1月", 3, 2), MonthPoint("2月", 5, 5)),
        width=400,
        height=200,
        font=font,
        title_font=font,
    )
    assert trend.width == 400


def _walk(node):  # type: ignore[no-untyped-def]
    for child in getattr(node, "contents", []) or []:
        yield child
        yield from _walk(child)
    if hasattr(node, "draw") and not hasattr(node, "contents"):
        yield from _walk(node.draw())


def test_hatching_stays_inside_its_bar() -> None:
    lines = _hatch(10, 20, 30, 8)
    assert lines
    for line in lines:
        for x, y in ((line.x1, line.y1), (line.x2, line.y2)):
            assert 10 - 1e-9 <= x <= 40 + 1e-9 and 20 - 1e-9 <= y <= 28 + 1e-9
    assert _hatch(0, 0, 0, 10) == []  # an empty bar: nothing


def test_the_printed_values() -> None:
    assert value_text(123456, ValueKind.MONEY) == "1,234.56"
    assert value_text(83.0, ValueKind.RATE) == "83.0"
    assert value_text(None, ValueKind.RATE) == "—"
    assert value_text(7, ValueKind.COUNT) == "7"
    assert figure_text(-3.0, "件", signed=True) == "-3"
    assert figure_text(1.5, "%", signed=True) == "+1.5"
    assert figure_text(None, "天") == "—"
