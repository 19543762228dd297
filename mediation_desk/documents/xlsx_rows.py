"""Many plain rows into one sheet of a workbook XlsxWriter has written: the fast path for a
case-level sheet of tens of thousands of rows.

XlsxWriter spends some 10 µs of Python on each cell (argument checks, dimension tracking,
escaping with regular expressions, one file write per cell): 20,000 cases × 26 fields took
over 3 s. Here each row is one string (``str.translate`` escapes the text) and a batch of rows
one write, so the sheet costs a fraction of that. XlsxWriter still writes everything else: the
header row, column widths and formats, frozen panes, the autofilter, the other sheets and the
charts; the rows go in before its ``</sheetData>`` while the package is copied to its final
name, streamed (memory stays flat whatever the number of rows).

Cells follow SpreadsheetML as XlsxWriter writes them in constant-memory mode: text as inline
strings (control characters as ``_xHHHH_``), numbers as is, dates as serial days with the
date format's style.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from ..errors import DeskError

EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (the 1900 leap-year bug included)
_ESCAPES: dict[int, str] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_ESCAPES.update({c: f"_x{c:04X}_" for c in (*range(0x00, 0x09), *range(0x0B, 0x20))})
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")  # text that reads like an escape
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
BATCH_ROWS = 500


class WorkbookLayoutError(DeskError):
    """The workbook is not as XlsxWriter writes it (the sheet or its rows are missing)."""


def column_letters(n: int) -> list[str]:
    """A, B, …, Z, AA, … for the first ``n`` columns."""
    out = []
    for i in range(n):
        name, k = "", i + 1
        while k:
            k, r = divmod(k - 1, 26)
            name = chr(65 + r) + name
        out.append(name)
    return out


def text_xml(text: str) -> str:
    """Escaped for an inline string's ``<t>`` (leading or trailing space kept)."""
    if len(text) <= SHORT:  # labels (是/否, a type, a unit) recur on every row
        return _short_text_xml(text)
    return _text_xml(text)


SHORT = 24


def _text_xml(text: str) -> str:
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    body = text.translate(_ESCAPES)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{body}</t>'
    return f"<t>{body}</t>"


_short_text_xml = functools.lru_cache(maxsize=8192)(_text_xml)


def row_xml(number: int, values: Sequence[object], letters: Sequence[str], date_style: int) -> str:
    """One ``<row>`` (1-based ``number``); None and '' leave the cell out."""
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            cells.append(f'<c r="{letter}{number}" t="inlineStr"><is>{text_xml(value)}</is></c>')
        elif isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            cells.append(
                f'<c r="{letter}{number}" s="{date_style}"><v>{(day - EPOCH).days}</v></c>'
            )
        elif isinstance(value, bool):
            cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | float):  # as XlsxWriter writes numbers
            cells.append(f'<c r="{letter}{number}"><v>{value:.16G}</v></c>')
        else:
            cells.append(
                f'<c r="{letter}{number}" t="inlineStr"><is>{text_xml(str(value))}</is></c>'
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


def sheet_part(position: int) -> str:
    """The package part of the ``position``-th worksheet (1-based, chart sheets not counted),
    as XlsxWriter names them."""
    return f"xl/worksheets/sheet{position}.xml"


def add_rows(
    source: Path | IO[bytes],
    target: Path,
    *,
    part: str,
    rows: Iterable[Sequence[object]],
    count: int,
    first_row: int,
    columns: int,
    date_style: int,
) -> int:
    """Copy the workbook ``source`` (a file, or XlsxWriter's in-memory output) to ``target``
    with ``rows`` (``count`` of them: the sheet's dimension is written before them) added to
    the sheet ``part`` from the 1-based row ``first_row`` on, below what XlsxWriter wrote
    there; returns how many rows were added. ``target`` must be a new file (a temporary
    name)."""
    letters = column_letters(columns)
    last = first_row + count - 1
    added = 0
    with zipfile.ZipFile(source) as zin:
        if part not in zin.namelist():
            raise WorkbookLayoutError(f"工作簿中没有工作表 {part}")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for info in zin.infolist():
                if info.filename != part:
                    zout.writestr(info, zin.read(info.filename))
                    continue
                xml = zin.read(part).decode("utf-8")
                if "</sheetData>" not in xml:
                    raise WorkbookLayoutError(f"工作表 {part} 没有表格数据")
                head, tail = xml.split("</sheetData>", 1)
                head = _DIMENSION.sub(f'<dimension ref="A1:{letters[-1]}{last}"/>', head, 1)
                with zout.open(part, "w", force_zip64=True) as f:
                    f.write(head.encode("utf-8"))
                    batch: list[str] = []
                    for added, values in enumerate(rows, start=1):
                        batch.append(row_xml(first_row + added - 1, values, letters, date_style))
                        if len(batch) >= BATCH_ROWS:
                            f.write("".join(batch).encode("utf-8"))
                            batch.clear()
                    f.write("".join(batch).encode("utf-8"))
                    f.write(("</sheetData>" + tail).encode("utf-8"))
    return added


__all__ = ["WorkbookLayoutError", "add_rows", "column_letters", "row_xml", "sheet_part"]
