"""Documents: agreement PDF (warm; and the first one after start-up, fonts included) and
agreement DOCX.

    python bench/run.py documents

Targets: PDF warm median ≤ 40 ms, first PDF after start-up ≤ 500 ms, DOCX ≤ 40 ms. The
comparison with LibreOffice, warm against warm and cold against cold, is
``bench_pdf_vs_libreoffice.py`` (an earlier line here set a cold LibreOffice against our warm
renderer, which overstated the gain).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, emit, time_ms

from tests.desk import run as call

WARM_RUNS = 30
FRESH_RUNS = 5
LO_RUNS = 5

_FIRST_DOC = """
import pickle, sys, time
sys.path.insert(0, {root!r})
doc = pickle.load(open({path!r}, "rb"))
t0 = time.perf_counter()
from mediation_desk.documents.pdf_render import render_pdf, resolve_fonts
data = render_pdf(doc, resolve_fonts())
print((time.perf_counter() - t0) * 1000, len(data))
"""


def _agreement_document(tmp: Path):  # type: ignore[no-untyped-def]
    """A two-party case with a four-clause agreement, signed; built through the services."""
    from mediation_desk.domain.document_kinds import DocumentKind
    from mediation_desk.services.documents import build_document
    from tests.conftest import open_database, seed_centre
    from tests.documents.sample import full_case

    db = open_database(f"sqlite:///{tmp / 'bench.db'}")
    centre = seed_centre(db)
    case_id = full_case(db, centre)
    t0 = time.perf_counter()
    doc = call(db, build_document, case_id, DocumentKind.AGREEMENT)
    build_ms = (time.perf_counter() - t0) * 1000
    db.dispose()
    return doc, build_ms


def run() -> None:
    from mediation_desk.documents.docx_render import render_docx
    from mediation_desk.documents.pdf_render import render_pdf, resolve_fonts

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        doc, build_ms = _agreement_document(tmp)

        # first document after start-up: a fresh interpreter, imports and font loading included
        pickled = tmp / "doc.pickle"
        pickled.write_bytes(pickle.dumps(doc))
        fresh = []
        for _ in range(FRESH_RUNS):
            out = subprocess.run(
                [sys.executable, "-c", _FIRST_DOC.format(root=str(ROOT), path=str(pickled))],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ.copy(),
            ).stdout.split()
            fresh.append(float(out[0]))
        emit(
            "document_first_pdf_after_startup",
            fresh,
            target_median_ms=500,
            note="fresh process: import reportlab + find/register fonts + render",
        )

        fonts = resolve_fonts()
        pdf = render_pdf(doc, fonts)  # warm-up
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        warm = [time_ms(lambda: render_pdf(doc, fonts)) for _ in range(WARM_RUNS)]
        emit(
            "document_agreement_pdf_warm",
            warm,
            target_median_ms=40,
            pages=pages,
            bytes=len(pdf),
            build_from_db_ms=round(build_ms, 1),
            font=fonts.body.label,
        )

        docx = render_docx(doc)
        docx_times = [time_ms(lambda: render_docx(doc)) for _ in range(WARM_RUNS)]
        emit("document_agreement_docx", docx_times, target_median_ms=40, bytes=len(docx))


if __name__ == "__main__":
    run()
