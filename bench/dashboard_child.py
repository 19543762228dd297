"""One fresh process: the app's window on the database, a director signed in and idle, then
领导看板 opened as the director opens it (F8) — its modules imported, built, read in the
background and painted with its figures (bench_dashboard_view's ``dashboard_page_first_open``).

    python dashboard_child.py DB_FILE

Prints one JSON object: the page's first paint (still empty) and the paint with the figures,
both from the key press, in ms.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor
    from ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _director(db_file: Path) -> Actor:
    """The centre's first director account (signed in directly: no password typed)."""
    from sqlalchemy import select

    from mediation_desk.db.database import Database
    from mediation_desk.db.models import Operator
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.roles import Role, roles_from_str

    probe = Database(f"sqlite:///{db_file}")
    with probe.engine.connect() as c:
        rows = c.execute(
            select(Operator.id, Operator.name, Operator.roles, Operator.mediator_id)
            .where(Operator.is_system.is_(False), Operator.active.is_(True))
            .order_by(Operator.id)
        ).all()
    probe.dispose()
    return next(
        Actor(r.id, r.name, roles_from_str(r.roles), r.mediator_id)
        for r in rows
        if Role.DIRECTOR in roles_from_str(r.roles)
    )


def signed_in_window(db_file: Path) -> MainWindow:
    """The app's window on ``db_file`` (its own data folder), opened as the app opens it, with
    the centre's first director signed in and no automatic backup (a QApplication exists)."""
    from PySide6.QtCore import QEventLoop

    from mediation_desk.settings import load_settings
    from ui.main_window import MainWindow

    window = MainWindow(load_settings(data_dir=db_file.parent, database_url=None))
    window.resize(1360, 880)
    loop = QEventLoop()
    window.database_ready.connect(loop.quit)
    window.show()
    window.start()
    loop.exec()
    assert window.session is not None
    window.session.enter(_director(db_file))  # as a sign-in does (tests/ui/test_sign_in.py)
    if window.auto_backup is not None:  # its first check would copy the database meanwhile
        window.auto_backup.stop()
    return window


def main() -> int:
    db_file = Path(sys.argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.widgets.lazy_page import LazyPage

    app = QApplication(sys.argv[:1])
    window = signed_in_window(db_file)
    loop = QEventLoop()
    QTimer.singleShot(3000, loop.quit)  # signed in, 今日待办 shown, the start-up check done
    loop.exec()
    assert "ui.views.dashboard_view" not in sys.modules

    t0 = time.perf_counter()
    window.actions_by_name["dashboard"].trigger()
    app.processEvents()
    window.grab()
    empty_ms = (time.perf_counter() - t0) * 1000
    page = window.pages.currentWidget()
    assert isinstance(page, LazyPage) and page.view is not None
    view = page.view
    if getattr(view, "board", None) is None:  # the read still runs on the worker
        view.refreshed.connect(loop.quit)  # type: ignore[attr-defined]
        loop.exec()
    window.grab()
    shown_ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({"first_paint_ms": empty_ms, "with_figures_ms": shown_ms}), flush=True)
    os._exit(0)  # no backup at exit: the copy is thrown away


if __name__ == "__main__":
    raise SystemExit(main())
