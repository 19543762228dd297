"""The bound case file (卷宗) as one PDF: the back cover (备考表), scans and photos set on A4
pages, and the archive page numbers stamped on every page after the cover.

Data in, bytes or a file out: the service decides what goes in and in which order.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.case_file import NumberedEntry
from ..domain.dates import blank_date, numeric_date
from .builders import DocumentData, blank_line, kv_table
from .model import Document, Line, Spacer

if TYPE_CHECKING:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

A4 = (595.2756, 841.8898)  # points
_MARGIN = 36.0  # half an inch around a scan: the binding edge stays clear
BACK_COVER_KIND = "file_back_cover"


def build_back_cover(d: DocumentData) -> Document:
    """卷内备考表: how many items and pages the file holds, a note, who filed and checked it."""
    entries = d.file_entries or ()
    a = d.archive
    count = len(entries)
    pages = entries[-1].last_page if entries else 0
    table = kv_table(
        [
            (
                "本卷情况",
                f"本卷共{count}件，{pages}页（含封面、卷内目录和本表）" if count else "",
                1,
            ),
            ("说　　明", "", 8),
            ("立 卷 人", a.filer if a else blank_line(8), 1),
            ("立卷日期", numeric_date(a.archived_on) if a else blank_date(), 1),
            ("检 查 人", blank_line(8), 1),
            ("检查日期", blank_date(), 1),
        ],
        (0.22, 0.78),
    )
    number = d.case.number + (f"　卷宗号：{a.file_number}" if a else "")
    return Document(
        BACK_COVER_KIND,
        "卷内备考表",
        (Spacer(1), Line(number, size="small"), Spacer(1), table),
        page_numbers=False,
        one_page=True,
    )


@dataclass(frozen=True, slots=True)
class Part:
    """One item to bind: a PDF (bytes or a file) or an image file (one A4 page a frame)."""

    pdf: bytes | Path | None = None
    image: Path | None = None


def image_pages(path: Path) -> bytes:
    """A scan or photo fitted onto A4 pages (portrait, or landscape for a wide picture), one
    page per frame. A JPEG is embedded as it is (not decoded: fast, and no loss)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=0)
    with Image.open(path) as im:
        if im.format == "JPEG":
            _place(canvas, str(path), im.size)
        else:
            for frame in _frames(im):
                rgb = frame.convert("RGB") if frame.mode not in ("RGB", "L") else frame
                _place(canvas, ImageReader(rgb), rgb.size)
    canvas.save()
    return out.getvalue()


def _frames(im: Image.Image) -> Iterator[Image.Image]:
    from PIL import ImageSequence

    yield from ImageSequence.Iterator(im)


def _place(canvas: Canvas, image: str | ImageReader, size: tuple[int, int]) -> None:
    w, h = size
    page = A4 if h >= w else (A4[1], A4[0])
    canvas.setPageSize(page)
    scale = min((page[0] - 2 * _MARGIN) / w, (page[1] - 2 * _MARGIN) / h)
    dw, dh = w * scale, h * scale
    canvas.drawImage(image, (page[0] - dw) / 2, (page[1] - dh) / 2, dw, dh)
    canvas.showPage()


def number_overlay(sizes: Sequence[tuple[float, float]], first: int) -> bytes:
    """Pages of the given sizes carrying only their archive page number (top right, as
    archives number the front of a leaf), counting from ``first``."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for i, (w, h) in enumerate(sizes):
        canvas.setPageSize((w, h))
        canvas.setFont("Helvetica", 11)
        canvas.drawRightString(w - 28, h - 30, str(first + i))
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def bind(parts: Sequence[Part], target: Path, *, unnumbered_first: int = 1) -> int:
    """Write ``parts`` in order as one PDF at ``target`` (via a temporary file, so a failed
    run leaves no half-written file), numbering every page after the first
    ``unnumbered_first`` pages by its place in the file. Returns the page count."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        if part.image is not None:
            writer.append(PdfReader(io.BytesIO(image_pages(part.image))))
        elif isinstance(part.pdf, Path):
            writer.append(PdfReader(part.pdf))
        elif part.pdf is not None:
            writer.append(PdfReader(io.BytesIO(part.pdf)))
    pages = list(writer.pages)
    numbered = pages[unnumbered_first:]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in numbered]
    overlay = PdfReader(io.BytesIO(number_overlay(sizes, unnumbered_first + 1)))
    for page, stamp in zip(numbered, overlay.pages, strict=True):
        page.merge_page(stamp)
    tmp = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("wb") as f:
        writer.write(f)
    tmp.replace(target)
    return len(pages)


def entry_pages(entries: Sequence[NumberedEntry]) -> int:
    return entries[-1].last_page if entries else 0
