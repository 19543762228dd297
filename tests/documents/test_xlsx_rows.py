"""Rows streamed into a sheet XlsxWriter wrote: the cells as XlsxWriter would write them
(escaped text, kept spaces, control characters as _xHHHH_, dates as serial days with the date
style, numbers), the sheet's dimension, and the rest of the package untouched."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
import xlsxwriter

from mediation_desk.documents.xlsx_rows import (
    WorkbookLayoutError,
    add_rows,
    column_letters,
    row_xml,
    sheet_part,
)


def test_column_letters() -> None:
    letters = column_letters(54)
    assert letters[:3] == ["A", "B", "C"] and letters[25:28] == ["Z", "AA", "AB"]
    assert letters[51:] == ["AZ", "BA", "BB"]


def test_cells_as_xlsxwriter_writes_them() -> None:
    row = row_xml(
        7,
        [
            "a<b & c>",
            " 前后有空格 ",
            "x\x01y",
            "_x0041_",
            dt.date(2025, 1, 1),
            3,
            84600.0,
            None,
            "",
        ],
        column_letters(9),
        date_style=15,
    )
    assert row.startswith('<row r="7">') and row.endswith("</row>")
    assert '<c r="A7" t="inlineStr"><is><t>a&lt;b &amp; c&gt;</t></is></c>' in row
    assert '<t xml:space="preserve"> 前后有空格 </t>' in row
    assert "<t>x_x0001_y</t>" in row  # a control character, as Excel escapes it
    assert "<t>_x005F_x0041_</t>" in row  # text that only looks like an escape stays text
    assert '<c r="E7" s="15"><v>45658</v></c>' in row  # 2025-01-01 is day 45658
    assert '<c r="F7"><v>3</v></c>' in row and '<c r="G7"><v>84600</v></c>' in row
    assert 'r="H7"' not in row and 'r="I7"' not in row  # empty cells are left out
    minidom.parseString(f"<x>{row}</x>")  # well-formed


def _skeleton() -> tuple[io.BytesIO, int]:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    book.add_worksheet("表一").write_string(0, 0, "别的表")
    sheet = book.add_worksheet("明细")
    sheet.set_column(1, 1, 12, date)
    sheet.write_string(0, 0, "名称")
    sheet.write_string(0, 1, "日期")
    sheet.autofilter(0, 0, 3, 1)
    book.close()
    return buffer, date.xf_index


def test_rows_go_below_the_header_of_their_sheet(tmp_path: Path) -> None:
    skeleton, style = _skeleton()
    target = tmp_path / "book.xlsx"
    rows = [["甲", dt.date(2025, 3, 1)], ["乙", None], ["丙&丁", dt.date(2025, 3, 3)]]
    added = add_rows(
        skeleton,
        target,
        part=sheet_part(2),
        rows=iter(rows),
        count=3,
        first_row=2,
        columns=2,
        date_style=style,
    )
    assert added == 3
    with zipfile.ZipFile(target) as z:
        assert z.testzip() is None
        with zipfile.ZipFile(skeleton) as original:
            assert sorted(z.namelist()) == sorted(original.namelist())
            assert z.read("xl/worksheets/sheet1.xml") == original.read("xl/worksheets/sheet1.xml")
        xml = z.read("xl/worksheets/sheet2.xml").decode()
    minidom.parseString(xml)
    assert '<dimension ref="A1:B4"/>' in xml
    assert re.findall(r'<row r="(\d+)"', xml) == ["1", "2", "3", "4"]
    assert f'<c r="B2" s="{style}"><v>45717</v></c>' in xml
    assert "丙&amp;丁" in xml and '<autoFilter ref="A1:B4"/>' in xml


def test_a_sheet_that_is_not_there(tmp_path: Path) -> None:
    skeleton, style = _skeleton()
    with pytest.raises(WorkbookLayoutError):
        add_rows(
            skeleton,
            tmp_path / "x.xlsx",
            part=sheet_part(9),
            rows=iter([]),
            count=0,
            first_row=2,
            columns=2,
            date_style=style,
        )
