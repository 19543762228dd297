"""SQL statements per user action, counted at the driver (BEGIN included).

    python bench/run.py statements

- ``documents_statements``: generate the 3 standard documents (agreement, application,
  judicial-confirmation application) as PDF + DOCX for one case (target ≤ 12).
- ``case_window_statements``: open the case window and show every tab (target ≤ 15).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from common import emit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Counter:
    """Counts statements and transactions on an engine while ``active``."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        from sqlalchemy import event

        self.statements = self.transactions = 0
        self.active = False
        event.listen(engine, "before_cursor_execute", self._on_statement)
        event.listen(engine, "begin", self._on_begin)

    def _on_statement(self, *_args) -> None:  # type: ignore[no-untyped-def]
        if self.active:
            self.statements += 1

    def _on_begin(self, *_args) -> None:  # type: ignore[no-untyped-def]
        if self.active:
            self.transactions += 1

    def reset(self) -> None:
        self.statements = self.transactions = 0


def _centre(tmp: Path):  # type: ignore[no-untyped-def]
    from tests.conftest import open_database, seed_centre

    db = open_database(f"sqlite:///{tmp / 'bench.db'}")
    return db, seed_centre(db)


def documents() -> None:
    from mediation_desk.domain.document_kinds import DocumentKind
    from mediation_desk.services.documents import generate_many
    from tests.documents.sample import full_case

    kinds = [
        DocumentKind.AGREEMENT,
        DocumentKind.APPLICATION,
        DocumentKind.CONFIRMATION_APPLICATION,
    ]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db, centre = _centre(tmp)
        case_id = full_case(db, centre)
        counter = Counter(db.engine)
        times, counts = [], []
        for run in range(3):
            counter.reset()
            counter.active = True
            t0 = time.perf_counter()
            generate_many(
                db,
                centre.actor,
                case_id=case_id,
                kinds=kinds,
                formats=["pdf", "docx"],
                folder=tmp / f"out{run}",
            )
            times.append((time.perf_counter() - t0) * 1000)
            counter.active = False
            counts.append((counter.statements, counter.transactions))
        emit(
            "documents_statements",
            times,
            queries=counts[-1][0],
            transactions=counts[-1][1],
            target_queries=12,
            files=len(kinds) * 2,
        )
        db.dispose()


def case_window() -> None:
    from PySide6.QtWidgets import QApplication, QTabWidget

    from mediation_desk.settings import load_settings
    from tests.documents.sample import full_case
    from ui.context import AppContext
    from ui.dialogs.case_detail_dialog import CaseDetailDialog

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db, centre = _centre(tmp)
        case_id = full_case(db, centre)
        ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), db=db, actor=centre.actor)
        counter = Counter(db.engine)
        times, counts = [], []
        for _ in range(5):
            counter.reset()
            counter.active = True
            t0 = time.perf_counter()
            dialog = CaseDetailDialog(ctx, case_id)
            dialog.show()
            for tabs in [dialog.tabs, *dialog.tabs.findChildren(QTabWidget)]:
                for i in range(tabs.count()):
                    tabs.setCurrentIndex(i)
                    app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
            counter.active = False
            counts.append((counter.statements, counter.transactions))
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
        emit(
            "case_window_statements",
            times,
            queries=counts[-1][0],
            transactions=counts[-1][1],
            target_queries=15,
        )
        db.dispose()


def run() -> None:
    documents()
    case_window()


if __name__ == "__main__":
    run()
