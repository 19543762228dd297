"""The demo's archived case: the lifecycle story "closed" gets its file completed (documents
generated, scans and photos attached — made here in code) and is archived through the real
services, so the 卷宗 tab shows an archived, locked file with its contents and pages."""

from __future__ import annotations

import io
from pathlib import Path

from ..db.unit_of_work import UnitOfWork
from ..domain.case_file import FileSlot
from ..domain.document_kinds import DocumentKind, FileFormat
from ..services.case_file import archive_case, import_attachment
from ..services.documents import case_folder, generate_documents


def _photo(path: Path, label_colour: tuple[int, int, int]) -> Path:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (900, 1200), (236, 232, 222))
    draw = ImageDraw.Draw(im)
    draw.rectangle((80, 120, 820, 560), outline=label_colour, width=8)
    for y in range(640, 1100, 60):
        draw.line((80, y, 820, y), fill=(120, 120, 120), width=4)
    im.save(path, "JPEG", quality=85)
    return path


def _scan_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for i in range(pages):
        canvas.rect(60, 60, A4[0] - 120, A4[1] - 120)
        canvas.drawString(80, A4[1] - 100, f"scan {i + 1}/{pages}")
        canvas.showPage()
    canvas.save()
    path.write_bytes(out.getvalue())
    return path


def archive_closed_story(uow: UnitOfWork, story_ids: dict[str, int], *, data_dir: Path) -> int:
    """Complete and archive the "closed" story's file; returns its case id."""
    uow.as_system()  # system work: no account asked for it
    case_id = story_ids["closed"]
    generate_documents(
        uow,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION, DocumentKind.RIGHTS_NOTICE, DocumentKind.AGREEMENT],
        formats=[FileFormat.PDF],
        folder=case_folder(data_dir, case_id),
        allow_missing=True,
    )
    scratch = data_dir / "demo-scans"
    scratch.mkdir(parents=True, exist_ok=True)
    files = (
        (_photo(scratch / "id.jpg", (180, 40, 40)), FileSlot.IDENTITY, "双方当事人身份证复印件"),
        (_scan_pdf(scratch / "proxy.pdf", 1), FileSlot.POWER_OF_ATTORNEY, "授权委托书"),
        (_scan_pdf(scratch / "record.pdf", 2), FileSlot.MEDIATION_RECORD, "调解笔录（手写）"),
        (_photo(scratch / "site.jpg", (40, 90, 160)), FileSlot.EVIDENCE, "墙体受损现场照片"),
        (_photo(scratch / "paid.jpg", (30, 130, 60)), FileSlot.PERFORMANCE, "赔偿款转账凭证"),
    )
    for path, slot, title in files:
        import_attachment(
            uow, case_id=case_id, path=path, slot=slot, title=title, data_dir=data_dir
        )
    for path, _slot, _title in files:
        path.unlink()
    scratch.rmdir()
    archive_case(
        uow,
        case_id=case_id,
        file_number=f"{uow.today().year}-调-{case_id:04d}",
        filer="李秀英",
        on=uow.today(),
        retention=None,
        data_dir=data_dir,
    )
    return case_id
