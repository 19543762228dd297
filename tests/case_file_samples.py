"""Files to attach in tests and benches: PDFs, photos, and bad files of each kind."""

from __future__ import annotations

import io
from pathlib import Path


def pdf_file(path: Path, pages: int = 1, *, text: str = "scan") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    for i in range(pages):
        canvas.drawString(72, 760, f"{text} page {i + 1}")
        canvas.showPage()
    canvas.save()
    return path


def jpeg_file(path: Path, size: tuple[int, int] = (600, 800), *, noise: bool = False) -> Path:
    """A photo; ``noise`` makes it incompressible (a realistic size on disk)."""
    import os

    from PIL import Image

    if noise:
        im = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        im = Image.new("RGB", size, (230, 225, 210))
        for x in range(0, size[0], 40):
            im.paste((40, 40, 40), (x, 100, x + 20, 140))
    im.save(path, "JPEG", quality=92)
    return path


def png_file(path: Path, size: tuple[int, int] = (800, 500)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (200, 220, 240)).save(path, "PNG")
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = pdf_file(path.with_name("plain-" + path.name))
    writer = PdfWriter()
    writer.append(PdfReader(plain))
    writer.encrypt("secret")
    with path.open("wb") as f:
        writer.write(f)
    return path


def broken_jpeg(path: Path) -> Path:
    whole = jpeg_file(path.with_name("whole-" + path.name)).read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    return path


def huge_photo(path: Path, size: int = 200 * 1024 * 1024) -> Path:
    """A 200 MB 'photo' (sparse on disk)."""
    with path.open("wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + b"\0" * 12)
        f.truncate(size)
    return path


def word_file(path: Path) -> Path:
    buffer = io.BytesIO(b"PK\x03\x04" + b"\0" * 200)
    path.write_bytes(buffer.getvalue())
    return path
