"""The day's schedule for the notice board, as a document (A4 landscape) rendered like every
other: PDF with the centre's font embedded, or DOCX.

A public notice board shows no one's full name, ID number or phone: parties appear as surname
plus 某 (张某、李某), organisations by the first characters of their name plus 某某.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.dates import numeric_date, weekday_name
from .model import Cell, Document, Line, Paragraph, Row, Spacer, Table

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


DAY_SHEET = "day_sheet"
HEADERS = ("时间", "调解室", "案号", "纠纷类型", "调解员", "当事人", "状态")
WIDTHS = (0.135, 0.145, 0.235, 0.13, 0.095, 0.18, 0.08)


def build_day_sheet(*, centre: str, day: dt.date, rows: list[SheetRow]) -> Document:
    """One table sorted by room (in the centre's order) and time, under the centre and date."""
    title = f"{centre}调解日程表" if centre else "调解日程表"
    ordered = sorted(rows, key=lambda r: (r.room_order, r.room, r.starts))
    blocks: list[Line | Spacer | Table | Paragraph] = [
        Line(f"{numeric_date(day)}　{weekday_name(day.weekday(), '星期')}", size="large"),
        Spacer(0.3),
    ]
    if ordered:
        header = Row(tuple(Cell(h, bold=True, align="center") for h in HEADERS))
        body = tuple(
            Row(
                (
                    Cell(f"{r.starts:%H:%M}–{r.ends:%H:%M}", align="center"),
                    Cell(r.room),
                    Cell(r.case_number),
                    Cell(r.dispute_type),
                    Cell(r.mediator),
                    Cell("、".join(public_name(p) for p in r.parties)),
                    Cell(r.status, align="center"),
                )
            )
            for r in ordered
        )
        blocks.append(Table(WIDTHS, (header, *body), header_rows=1))
    else:
        blocks.append(Paragraph("今日没有安排调解。", indent=False))
    return Document(DAY_SHEET, title, tuple(blocks), landscape=True, meta={"author": centre})
