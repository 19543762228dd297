"""SQL statements per user action, counted at the driver (BEGIN included), and their time.

    python bench/run.py statements

- ``documents_statements``: generate the 3 standard documents (agreement, application,
  judicial-confirmation application) as PDF + DOCX for one case, as the documents panel does
  (target ≤ 12 statements).
- ``case_window_statements``: open the case window and show every tab (target ≤ 15).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from common import emit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _centre(tmp: Path):  # type: ignore[no-untyped-def]
    from tests.conftest import open_database, seed_centre

    db = open_database(f"sqlite:///{tmp / 'bench.db'}")
    return db, seed_centre(db)


def documents() -> None:
    from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
    from mediation_desk.services.documents import generate_documents
    from tests.desk import run as call
    from tests.documents.sample import full_case
    from tests.statements import counting

    kinds = [
        DocumentKind.AGREEMENT,
        DocumentKind.APPLICATION,
        DocumentKind.CONFIRMATION_APPLICATION,
    ]
    formats = [FileFormat.PDF, FileFormat.DOCX]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db, centre = _centre(tmp)
        case_id = full_case(db, centre)
        times, counts = [], []
        for run in range(5):
            with counting(db.engine) as count:
                t0 = time.perf_counter()
                call(
                    db,
                    generate_documents,
                    case_id=case_id,
                    kinds=kinds,
                    formats=formats,
                    folder=tmp / f"out{run}",
                    actor=centre.actor,
                )
                times.append((time.perf_counter() - t0) * 1000)
            counts.append(count)
        emit(
            "documents_statements",
            times,
            queries=counts[-1].statements,
            transactions=counts[-1].transactions,
            target_queries=12,
            files=len(kinds) * len(formats),
        )
        db.dispose()


def case_window() -> None:
    from PySide6.QtWidgets import QApplication, QTabWidget

    from mediation_desk.domain.clock import system_clock
    from mediation_desk.settings import load_settings
    from tests.documents.sample import full_case
    from tests.statements import counting
    from ui.context import AppContext
    from ui.dialogs.case_detail_dialog import CaseDetailDialog
    from ui.operations import InlineExecutor, Operations

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db, centre = _centre(tmp)
        case_id = full_case(db, centre)
        ops = Operations(db, clock=system_clock, actor=centre.actor, executor=InlineExecutor())
        ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), ops=ops)
        times, counts = [], []
        for _ in range(7):
            with counting(db.engine) as count:
                t0 = time.perf_counter()
                dialog = CaseDetailDialog(ctx, case_id)
                dialog.show()
                for tabs in [dialog.tabs, *dialog.tabs.findChildren(QTabWidget)]:
                    for i in range(tabs.count()):
                        tabs.setCurrentIndex(i)
                        app.processEvents()
                times.append((time.perf_counter() - t0) * 1000)
            counts.append(count)
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
        emit(
            "case_window_statements",
            times,
            queries=counts[-1].statements,
            transactions=counts[-1].transactions,
            target_queries=15,
            note="window built, shown, every tab and sub-tab visited",
        )
        db.dispose()


def run() -> None:
    documents()
    case_window()


if __name__ == "__main__":
    run()
