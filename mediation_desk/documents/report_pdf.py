"""The statistics report as a PDF: A4 landscape (the MoJ table has 22 columns), the CJK fonts
embedded as subsets.

Page one: the title (centre, unit, period), the headline figures beside the same period last
year, what 受理 means, and the months' trend. Then the MoJ table by dispute type (its two
header rows, groups merged over their columns, repeated on every page it runs onto), by source
and by committee type, and the splits by type and by source as bar charts. Every page is
numbered 第 n 页 共 m 页.

Plain data in (``report_model``), bytes out: no database and no services here.
"""

from __future__ import annotations

import io
from typing import Any

from ..domain.statistics import ValueKind
from .cjk_text import Span
from .fonts import CjkFont, missing_characters, register_for_reportlab
from .page_style import A4_H, A4_W, MM
from .pdf_render import _RENDERING, FontCoverageError, FontSet
from .pdf_text import TextBlock, TextStyle
from .report_charts import split_chart, trend_chart
from .report_model import ReportData, ReportTable, figure_text, value_text

MARGIN = 12 * MM
PAGE_W, PAGE_H = A4_H, A4_W  # landscape
TEXT_W = PAGE_W - 2 * MARGIN
TABLE_PT = 7.0
LABEL_W = 118.0  # the first column of a MoJ table
MONEY_W = 54.0
HEAD_SHADE = "#d9d9d9"
TOTAL_SHADE = "#efefef"
FIXED_TEXT = (
    "第页共件填报单位统计期间上年同期本期增减指标单位说明制表日期：中心工作数据人民调解案件统计表"
)


def report_texts(data: ReportData) -> str:
    """Every string the report prints (for the font-coverage check)."""
    parts = [data.title, data.centre, data.unit_name, data.period_label, data.previous_label]
    parts += [
        data.note,
        data.printed_on,
        "第页共件填报单位统计期间上年同期本期增减指标单位说明制表日期：中心工作数据人民调解案件统计表",
    ]
    parts += [f.label + f.unit for f in data.figures]
    for t in data.tables:
        parts += [t.title, t.first, *(c.header + c.group for c in t.columns)]
        parts += [r.label for r in t.rows]
    parts += [m.label for m in data.months]
    parts += [s.label for s in (*data.by_type, *data.by_source)]
    parts.append("按月受理纠纷数：与其中受理纠纷数（按纠纷类型）（按纠纷来源）—+0123456789.,%")
    return "".join(parts)


def check_report_coverage(data: ReportData, fonts: FontSet) -> list[str]:
    text = report_texts(data)
    missing = missing_characters(fonts.body, text)
    missing += [c for c in missing_characters(fonts.title, text) if c not in missing]
    return missing


def render_report_pdf(data: ReportData, fonts: FontSet, *, allow_missing: bool = False) -> bytes:
    """The report's PDF bytes; ``FontCoverageError`` when a character cannot be drawn."""
    if not allow_missing:
        missing = check_report_coverage(data, fonts)
        if missing:
            raise FontCoverageError(missing, fonts.body)
    body = register_for_reportlab(fonts.body)
    bold = register_for_reportlab(fonts.title)
    with _RENDERING:
        return _build(data, _Fonts(body, bold, fonts.body))


class _Fonts:
    def __init__(self, body: str, bold: str, face: CjkFont) -> None:
        self.body, self.bold, self.face = body, bold, face

    def text(
        self, text: str, size: float, *, bold: bool = False, align: str = "left", lead: float = 0
    ) -> TextBlock:
        style = TextStyle(size, lead or size * 1.3, align=align)  # type: ignore[arg-type]
        return TextBlock([Span(text, self.bold if bold else self.body)], style)


def _build(data: ReportData, f: _Fonts) -> bytes:
    from reportlab import rl_config
    from reportlab.platypus import CondPageBreak, PageBreak, SimpleDocTemplate, Spacer

    rl_config.useA85 = 0
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(PAGE_W, PAGE_H),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * MM,
        title=f"{data.title}（{data.unit_name}，{data.period_label}）",
        author=data.centre,
        creator="Mediation Desk",
    )
    story: list[Any] = [
        f.text(data.centre, 12, align="center"),
        f.text(data.title, 20, bold=True, align="center", lead=30),
        f.text(
            f"填报单位：{data.unit_name}　　统计期间：{data.period_label}"
            f"　　上年同期：{data.previous_label}",
            10,
            align="center",
            lead=16,
        ),
        Spacer(1, 8),
        _first_page(data, f),
        PageBreak(),
    ]
    for i, table in enumerate(data.tables):
        if i:
            story += [Spacer(1, 10), CondPageBreak(120)]
        story += [
            f.text(f"人民调解案件统计表（{table.title}）", 12, bold=True, align="center", lead=20),
            Spacer(1, 3),
            _moj_table(table, f),
        ]
    story += [Spacer(1, 6), f.text("说明：" + data.note, 8, lead=12)]
    story += [PageBreak()]
    story += _split_charts(data, f)
    doc.build(story, canvasmaker=_canvas(f.body, data.printed_on))
    return buffer.getvalue()


def _first_page(data: ReportData, f: _Fonts) -> Any:
    """The figures table (left) beside the months' trend (right)."""
    from reportlab.platypus import Spacer, Table

    left_w = TEXT_W * 0.42
    right_w = TEXT_W - left_w - 10
    left: list[Any] = [
        f.text("中心工作数据", 11, bold=True, lead=18),
        _figures_table(data, f, left_w),
        Spacer(1, 8),
        f.text("说明：" + data.note, 8, lead=12),
    ]
    chart = trend_chart(data.months, width=right_w, height=250, font=f.body, title_font=f.bold)
    frame = Table([[left, chart]], colWidths=[left_w + 10, right_w])
    frame.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), f.body),  # not reportlab's Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return frame


def _figures_table(data: ReportData, f: _Fonts, width: float) -> Any:
    from reportlab.platypus import Table

    size = 8.5
    head = ["指标", "本期", "上年同期", "增减", "单位"]
    rows: list[list[Any]] = [[f.text(h, size, bold=True, align="center") for h in head]]
    for fig in data.figures:
        rows.append(
            [
                f.text(fig.label, size),
                figure_text(fig.value, fig.unit),
                figure_text(fig.previous, fig.unit),
                figure_text(fig.change, fig.unit, signed=True),
                f.text(fig.unit, size, align="center"),
            ]
        )
    shares = (0.40, 0.17, 0.17, 0.15, 0.11)
    table = Table(rows, colWidths=[width * s for s in shares])
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("FONTNAME", (0, 0), (-1, -1), f.body),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("ALIGN", (1, 1), (3, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    return table


def _widths(table: ReportTable) -> list[float]:
    money = [c.kind is ValueKind.MONEY for c in table.columns]
    rest = (TEXT_W - LABEL_W - MONEY_W * sum(money)) / max(1, len(money) - sum(money))
    return [LABEL_W, *(MONEY_W if m else rest for m in money)]


def _moj_table(table: ReportTable, f: _Fonts) -> Any:
    """Two header rows: a group's name merged over its columns, a lone column's header merged
    down both rows; they repeat on every page the table runs onto."""
    from reportlab.platypus import Table

    cols = table.columns
    head_pt = 6.5
    top: list[Any] = [f.text(table.first, head_pt + 1, bold=True, align="center")]
    sub: list[Any] = [""]
    spans: list[tuple[Any, ...]] = [("SPAN", (0, 0), (0, 1))]
    c = 0
    while c < len(cols):
        col = cols[c]
        if not col.group:
            top.append(f.text(col.header, head_pt, bold=True, align="center"))
            sub.append("")
            spans.append(("SPAN", (c + 1, 0), (c + 1, 1)))
            c += 1
            continue
        span = 1
        while c + span < len(cols) and cols[c + span].group == col.group:
            span += 1
        top.append(f.text(col.group, head_pt, bold=True, align="center"))
        top += [""] * (span - 1)
        if span > 1:
            spans.append(("SPAN", (c + 1, 0), (c + span, 0)))
        sub += [f.text(x.header, head_pt, bold=True, align="center") for x in cols[c : c + span]]
        c += span
    rows: list[list[Any]] = [top, sub]
    styles: list[tuple[Any, ...]] = []
    for r, row in enumerate(table.rows, start=2):
        label = f.text(("　　" if row.indent else "") + row.label, TABLE_PT, bold=row.bold)
        values = [value_text(v, col.kind) for v, col in zip(row.values, cols, strict=True)]
        rows.append([label, *values])
        if row.bold:
            styles += [
                ("FONTNAME", (1, r), (-1, r), f.bold),
                ("BACKGROUND", (0, r), (-1, r), TOTAL_SHADE),
            ]
    t = Table(rows, colWidths=_widths(table), repeatRows=2)
    t.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("BOX", (0, 0), (-1, -1), 1.0, "black"),
            ("FONTNAME", (0, 0), (-1, -1), f.body),
            ("FONTSIZE", (0, 0), (-1, -1), TABLE_PT),
            ("LEADING", (0, 0), (-1, -1), TABLE_PT * 1.2),
            ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 1), HEAD_SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            *spans,
            *styles,
        ]
    )
    return t


def _split_charts(data: ReportData, f: _Fonts) -> list[Any]:
    """受理 by type (left, tall) and by source (right)."""
    from reportlab.platypus import Table

    half = (TEXT_W - 16) / 2
    by_type = split_chart(
        data.by_type,
        title="受理纠纷数（按纠纷类型）",
        width=half,
        font=f.body,
        title_font=f.bold,
    )
    by_source = split_chart(
        data.by_source,
        title="受理纠纷数（按纠纷来源）",
        width=half,
        font=f.body,
        title_font=f.bold,
        label_width=150,
    )
    frame = Table([[by_type, by_source]], colWidths=[half + 16, half])
    frame.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), f.body),  # not reportlab's Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return [frame]


def _canvas(font: str, printed_on: str) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Keeps the pages until the end, then numbers them 第 n 页 共 m 页."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = font  # never Helvetica: it would not be embedded
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._kept.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._kept)
            for number, state in enumerate(self._kept, 1):
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.drawCentredString(PAGE_W / 2, 7 * MM, f"第 {number} 页　共 {total} 页")
                if printed_on:
                    self.drawRightString(PAGE_W - MARGIN, 7 * MM, f"制表日期：{printed_on}")
                super().showPage()
            super().save()

    return NumberedCanvas


__all__ = ["check_report_coverage", "render_report_pdf", "report_texts"]
