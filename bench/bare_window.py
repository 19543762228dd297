"""The floor: a bare PySide6 main window, started, painted and marked as the app is
(``ui.startup_marks``: the first frame drawn).

``--then-load-database-layer``: after the first frame, what any start-up on this stack loads
before it can read a row (SQLAlchemy, its ORM and the app's mapped tables, as
``db.unit_of_work`` imports them), marked ``database_layer``: the floor under ``ready``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LOAD_DATABASE_LAYER = "--then-load-database-layer" in sys.argv
if LOAD_DATABASE_LAYER:  # as the app starts: without the sources PySide6's hook would keep
    from ui.feature_hook import keep_no_sources

    keep_no_sources()

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from ui.startup_marks import FrameMark, memory_kb, say, say_epoch  # noqa: E402


def first_frame() -> None:
    say_epoch("first_paint")
    if LOAD_DATABASE_LAYER:
        import mediation_desk.db.unit_of_work  # noqa: F401  (SQLAlchemy and the mapped tables)

        say_epoch("database_layer")
        for key, kb in memory_kb().items():
            say(f"{key.lower()}_kb", str(kb))
    QApplication.quit()


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1360, 880)
FrameMark(window, first_frame)
window.show()
app.exec()
