"""The Qt binding must not leak references to None: PySide6 6.12.0 on Python 3.11 dropped one
on every call of a Qt method returning void, and the interpreter aborted after a few thousand
calls (``Fatal Python error: none_dealloc``). pyproject.toml excludes it; this keeps watch."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("调解")
        label.hide()
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"{lost} references to None lost in 1000 Qt calls"
