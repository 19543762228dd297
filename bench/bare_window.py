"""The floor: a bare PySide6 main window, started, painted and marked as the app is
(``ui.startup_marks``: the first frame drawn)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QMainWindow

from ui.startup_marks import FrameMark, say_epoch


def first_frame() -> None:
    say_epoch("first_paint")
    QApplication.quit()


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1360, 880)
FrameMark(window, first_frame)
window.show()
app.exec()
