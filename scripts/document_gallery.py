"""Render every document of every test scenario to PDF, DOCX and PNG, for a person to look at.

.venv/bin/python scripts/document_gallery.py /tmp/gallery [scenario…]

Writes <out>/<scenario>/<kind>.pdf|.docx and <kind>-<page>.png (pdftoppm, 60 dpi), and prints
one line per document: scenario, kind, pages, or why the case cannot have it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path, names: list[str]) -> None:
    from mediation_desk.documents.render import render
    from mediation_desk.domain.document_kinds import FileFormat
    from mediation_desk.errors import DeskError
    from mediation_desk.services.case_data import load_case_data
    from mediation_desk.services.documents import build_document, document_options
    from tests.conftest import open_database, seed_centre
    from tests.desk import run
    from tests.documents.cases import SCENARIOS

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/gallery.db")
        centre = seed_centre(db)
        for name, scenario in SCENARIOS.items():
            if names and name not in names:
                continue
            folder = out / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            case_id = scenario(db, centre)
            options = run(
                db, lambda uow, c=case_id: document_options(load_case_data(uow.read(), c))
            )
            for option in options:
                kind = option.kind
                if not option.available:
                    print(f"{name:20} {kind.value:26} —  {option.reason}")
                    continue
                try:
                    doc = run(db, build_document, case_id, kind, actor=centre.actor)
                except DeskError as exc:
                    print(f"{name:20} {kind.value:26} —  {exc}")
                    continue
                pdf = folder / f"{kind.value}.pdf"
                pdf.write_bytes(render(doc, FileFormat.PDF, font_file=None))
                docx = render(doc, FileFormat.DOCX, font_file=None)
                (folder / f"{kind.value}.docx").write_bytes(docx)
                subprocess.run(
                    ["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / kind.value)],
                    check=True,
                )
                pages = len(list(folder.glob(f"{kind.value}-*.png")))
                print(f"{name:20} {kind.value:26} {pages} page(s)")
        db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
