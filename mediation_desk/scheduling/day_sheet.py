"""The day's schedule for the notice board: an A4 landscape PDF (data in, bytes out).

A public notice board shows no one's full name, ID number or phone: parties appear as surname
plus 某 (张某、李某), organisations by the first characters of their name plus 某某.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from ..domain.dates import weekday_name

#: Common double-character surnames (复姓): "欧阳某", not "欧某".
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "西门",
        "南宫",
        "独孤",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "太史",
        "申屠",
        "闻人",
        "呼延",
        "百里",
        "东郭",
        "万俟",
        "钟离",
        "司空",
    ]
)
ORG_MARKERS = (
    "公司",
    "厂",
    "中心",
    "医院",
    "学校",
    "委员会",
    "合作社",
    "店",
    "局",
    "所",
    "社",
    "部",
)


def public_name(name: str) -> str:
    """张三 → 张某; 欧阳娜娜 → 欧阳某; 绍兴某某建材有限公司 → 绍兴某某公司-style masking."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) > 4 and any(m in name for m in ORG_MARKERS):
        return name[:2] + "某某单位"
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2] + "某"
    return name[0] + "某"


@dataclass(frozen=True)
class SheetRow:
    starts: dt.datetime
    ends: dt.datetime
    room: str
    case_number: str
    dispute_type: str
    mediator: str
    parties: tuple[str, ...]  # full names: masked here, never printed as they are
    status: str = ""
    room_order: int = 0  # the centre's order of rooms (the sheet groups by room in it)


@dataclass(frozen=True)
class DaySheet:
    pdf: bytes
    pages: int
    missing: tuple[str, ...]  # characters the font could not draw (printed blank)


def sheet_text(rows: list[SheetRow]) -> str:
    """Every text that will be printed (for the font coverage check)."""
    parts = []
    for r in rows:
        parts += [r.room, r.case_number, r.dispute_type, r.mediator, r.status]
        parts += [public_name(p) for p in r.parties]
    return "".join(parts)


def render_day_sheet(
    *, centre: str, day: dt.date, rows: list[SheetRow], font_path: object = None
) -> DaySheet:
    """A4 landscape: title (centre, date), one table sorted by room and time, page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ..documents.fonts import find_cjk_font, missing_characters, register_for_reportlab

    font = find_cjk_font("body", configured=font_path)  # type: ignore[arg-type]
    face = register_for_reportlab(font)
    title = f"{centre}调解日程表" if centre else "调解日程表"
    subtitle = f"{day.year}年{day.month}月{day.day}日　{weekday_name(day.weekday(), '星期')}"
    ordered = sorted(rows, key=lambda r: (r.room_order, r.room, r.starts))
    missing = missing_characters(font, title + subtitle + sheet_text(ordered) + "第页共时间")

    base = ParagraphStyle("cell", fontName=face, fontSize=10.5, leading=14, wordWrap="CJK")
    head = ParagraphStyle("head", parent=base, fontSize=11, textColor=colors.white)
    big = ParagraphStyle("title", parent=base, fontSize=20, leading=26, alignment=1)
    small = ParagraphStyle("sub", parent=base, fontSize=12, leading=16, alignment=1)
    headers = ["时间", "调解室", "案号", "纠纷类型", "调解员", "当事人", "状态"]
    data = [[Paragraph(h, head) for h in headers]]
    for r in ordered:
        data.append(
            [
                Paragraph(f"{r.starts:%H:%M}–{r.ends:%H:%M}", base),
                Paragraph(r.room, base),
                Paragraph(r.case_number, base),
                Paragraph(r.dispute_type, base),
                Paragraph(r.mediator, base),
                Paragraph("、".join(public_name(p) for p in r.parties), base),
                Paragraph(r.status, base),
            ]
        )
    widths = [28 * mm, 38 * mm, 62 * mm, 36 * mm, 26 * mm, 47 * mm, 20 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#344054")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#98a2b3")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), face),  # the cells' default is Helvetica
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for i in range(1, len(data)):  # a band per room keeps each room's sessions together
        if ordered[i - 1].room != (ordered[i - 2].room if i > 1 else None):
            style.append(("LINEABOVE", (0, i), (-1, i), 1.2, colors.HexColor("#344054")))
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f2f4f7")))
    table.setStyle(TableStyle(style))
    story = [
        Paragraph(title, big),
        Spacer(1, 2 * mm),
        Paragraph(subtitle, small),
        Spacer(1, 5 * mm),
    ]
    if ordered:
        story.append(table)
    else:
        story.append(Paragraph("今日没有安排调解。", small))

    pages: list[int] = []

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        pages.append(doc.page)
        canvas.saveState()
        canvas.setFont(face, 9)
        canvas.drawCentredString(
            doc.pagesize[0] / 2, 8 * mm, f"第 {doc.page} 页　{day:%Y-%m-%d} 印制"
        )
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=centre,
    )
    from reportlab.pdfgen.canvas import Canvas

    def canvas(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["initialFontName"] = face  # else every page refers to Helvetica, unembedded
        return Canvas(*args, **kwargs)

    doc.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=canvas)
    return DaySheet(buf.getvalue(), len(pages), tuple(missing))
