"""PDF (pypdf text, pdffonts embedding, page numbers) and DOCX (A4, East Asian fonts)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from mediation_desk.documents.docx_render import render_docx
from mediation_desk.documents.model import Document, Paragraph
from mediation_desk.documents.pdf_render import FontCoverageError, render_pdf
from mediation_desk.domain.document_kinds import PER_RECORD, DocumentKind
from mediation_desk.services.documents import build_document
from tests.desk import every_role, run
from tests.documents.sample import full_case

#: The records of sessions and investigations render in tests/documents/test_record_docs.py.
KINDS = [k for k in DocumentKind if k is not DocumentKind.ORAL_AGREEMENT and k not in PER_RECORD]


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[DocumentKind, Document]:  # type: ignore[no-untyped-def]
    from tests.conftest import open_database, seed_centre

    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('docs') / 't.db'}")
    case_id = full_case(db, seed_centre(db))
    out = {k: run(db, build_document, case_id, k, actor=every_role(db)) for k in KINDS}
    db.dispose()
    return out


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() for p in reader.pages)
    return text.replace(" ", "").replace("\n", ""), len(reader.pages)


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_and_pages(docs, fonts, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    doc = docs[kind]
    text, pages = _pdf_text(render_pdf(doc, fonts))
    assert doc.title in text
    if kind is not DocumentKind.FILE_CONTENTS:
        assert "张三" in text
    if doc.page_numbers and pages > 1:  # GB/T 9704: "— 1 —", none on a single page
        assert "—1—" in text and f"—{pages}—" in text
    else:
        assert "—1—" not in text


def test_agreement_pdf_content(docs, fonts) -> None:  # type: ignore[no-untyped-def]
    text, pages = _pdf_text(render_pdf(docs[DocumentKind.AGREEMENT], fonts))
    for expected in (
        "李四",
        "11010519491231002X",
        "城南人调字第",
        "叁万伍仟陆佰元整",
        "35,600.00",
        "壹仟肆佰零玖元伍角",
        "将排水管改道",
        "二〇二四年九月一日",
    ):
        assert expected in text, expected
    assert pages == 3  # the copies clause, signers, seal and date kept together on page 3


@pytest.mark.skipif(
    shutil.which("pdffonts") is None and not os.environ.get("CI"),  # CI installs poppler-utils
    reason="poppler-utils not installed",
)
def test_every_pdf_font_is_embedded(docs, fonts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for kind, doc in docs.items():
        path = tmp_path / f"{kind.value}.pdf"
        path.write_bytes(render_pdf(doc, fonts))
        lines = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert lines, kind
        for line in lines:
            cols = line.split()
            emb, sub = cols[-5], cols[-4]
            assert (emb, sub) == ("yes", "yes"), (kind, line)


def test_missing_glyph_is_refused_not_blank(fonts) -> None:  # type: ignore[no-untyped-def]
    doc = Document("x", "协议", (Paragraph("当事人：王\U0003134a"),))  # Ext-G: in no font here
    with pytest.raises(FontCoverageError) as err:
        render_pdf(doc, fonts)
    assert err.value.missing == ["\U0003134a"]
    assert render_pdf(doc, fonts, allow_missing=True).startswith(b"%PDF")


def test_docx_is_a4_with_east_asian_fonts(docs) -> None:  # type: ignore[no-untyped-def]
    import docx

    data = render_docx(docs[DocumentKind.AGREEMENT])
    d = docx.Document(io.BytesIO(data))  # opens: no repair needed by python-docx
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    body = "\n".join(p.text for p in d.paragraphs)
    assert "人民币叁万伍仟陆佰元整（¥35,600.00）" in body and "张三" in body
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="黑体"' in xml
    assert 'w:eastAsia="仿宋"' in styles
    footers = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "footer" in n]
    numbers = [zipfile.ZipFile(io.BytesIO(data)).read(n).decode() for n in footers]
    assert sum("PAGE" in f and "—" in f for f in numbers) == 2  # odd (right) and even (left)


@pytest.mark.parametrize("kind", KINDS)
def test_every_docx_opens(docs, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    import docx

    d = docx.Document(io.BytesIO(render_docx(docs[kind])))
    assert docs[kind].title in "\n".join(p.text for p in d.paragraphs)
