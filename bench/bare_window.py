"""The floor: a bare PySide6 main window, started and painted the same way as the app."""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first_paint_epoch={time.time():.6f}", flush=True)
            obj.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1360, 880)
watcher = FirstPaint(window)
window.installEventFilter(watcher)
window.show()
app.exec()
