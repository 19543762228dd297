"""The printed day schedule: A4 landscape, rooms and case numbers, parties as 张某 (never the
full name, ID number or phone), the font embedded, page numbers."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest

from mediation_desk.documents.day_sheet import SheetRow, build_day_sheet, public_name
from mediation_desk.documents.fonts import FontUnavailable, find_cjk_font
from mediation_desk.documents.pdf_render import render_pdf
from mediation_desk.services import (
    booking,
    cases,
    reference,
    session_actions,
)
from mediation_desk.services.day_sheet import day_sheet_pdf
from tests.core.test_scheduling_support import MONDAY, at, build, request
from tests.desk import run

try:
    find_cjk_font("body")
    HAVE_FONT = True
except FontUnavailable:
    HAVE_FONT = False
# CI installs the fonts, so there the tests always run (a missing font fails them).
needs_font = pytest.mark.skipif(
    not HAVE_FONT and not os.environ.get("CI"), reason="no embeddable CJK TrueType font"
)


def test_public_names() -> None:
    assert public_name("张三") == "张某"
    assert public_name("欧阳娜娜") == "欧阳某"
    assert public_name("绍兴市越城区某某建材有限公司") == "绍兴某某单位"
    assert public_name("") == ""


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@needs_font
def test_day_sheet_of_the_centre(tmp_path, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    sch = build(sqlite_db, sqlite_centre)
    a = run(sqlite_db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    b = run(
        sqlite_db,
        booking.book_session,
        request(sch, sch.case_b, at(10, 30), room_id=sch.large, lead_id=sch.wang),
        actor=sch.actor,
    )
    c = run(
        sqlite_db,
        booking.book_session,
        request(sch, sch.case_c, at(14), room_id=sch.large, lead_id=sch.li),
        actor=sch.actor,
    )
    run(sqlite_db, session_actions.cancel_session, session_id=c.id, reason="撤回", actor=sch.actor)
    sheet = run(sqlite_db, day_sheet_pdf, MONDAY)
    assert sheet.missing == () and sheet.pages == 1
    reader = PdfReader(io.BytesIO(sheet.pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4
    text = _text(sheet.pdf)
    centre = run(sqlite_db, reference.get_centre).name
    assert centre in text and "2026年3月2日" in text and "星期一" in text
    assert "— 1 —" not in text  # one page: no page number (GB/T 9704)
    for s in (a, b):
        assert s.case_number in text and s.room_name in text
    assert run(sqlite_db, cases.get_case, sch.case_c).number not in text  # cancelled: not posted
    for s in (a, b):
        for person in s.attendees:
            assert person.name not in text
            assert public_name(person.name) in text
    for party in run(sqlite_db, cases.get_case, sch.case_a).parties:
        assert not party.id_number or party.id_number not in text
        assert all(p.number not in text for p in party.phones)
    if shutil.which("pdffonts"):
        path = tmp_path / "sheet.pdf"
        path.write_bytes(sheet.pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = [line for line in out.splitlines()[2:] if line.strip()]
        assert rows and all(" yes " in line for line in rows), out  # embedded (and subset)


@needs_font
def test_many_sessions_run_over_pages_with_numbers() -> None:
    rows = [
        SheetRow(
            dt.datetime(2026, 3, 2, 8) + dt.timedelta(minutes=10 * i),
            dt.datetime(2026, 3, 2, 9) + dt.timedelta(minutes=10 * i),
            f"第{i % 12 + 1}调解室",
            f"（2026）测人调字第{i + 1}号",
            "邻里纠纷",
            "周建国",
            ("张三", "李四"),
        )
        for i in range(60)
    ]
    doc = build_day_sheet(centre="测试中心", day=MONDAY, rows=rows)
    pdf = render_pdf(doc)
    text = _text(pdf)
    assert "— 2 —" in text and "张三" not in text and "张某" in text
    assert text.count("纠纷类型") >= 2  # the header row repeats on each page
