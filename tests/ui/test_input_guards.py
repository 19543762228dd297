"""What every screen's inputs share: the wheel passes unfocused dropdowns and spin boxes by
(``ui.wheel_guard``), and the focused control wears a ring (``ui.focus_ring``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.focus_ring import FOCUS_BLUE, MARGIN, FocusMarks, FocusRing, install_focus_marks
from ui.wheel_guard import install_wheel_guard


def wheel(widget: QWidget, notches: int = -1) -> None:
    """A wheel turned over the middle of ``widget`` (down when negative)."""
    at = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        at,
        QPointF(widget.mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def long_form(qtbot):  # type: ignore[no-untyped-def]
    """A scrolling form with a dropdown, spin and date boxes half-way down, and a text field."""
    install_wheel_guard(QApplication.instance())  # as the app does (the test conftest too)
    area = QScrollArea()
    content = QWidget()
    column = QVBoxLayout(content)
    column.addSpacing(600)
    combo = QComboBox(content)
    combo.addItems(["汉族", "回族", "满族", "壮族"])
    spin, date, when = QSpinBox(content), QDateEdit(content), QDateTimeEdit(content)
    text = QLineEdit(content)
    for widget in (combo, spin, date, when, text):
        column.addWidget(widget)
    column.addSpacing(1200)
    area.setWidget(content)
    area.resize(400, 500)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.ensureWidgetVisible(combo)
    text.setFocus()
    return area, combo, spin, date, when, text


def test_the_wheel_scrolls_the_page_past_an_unfocused_dropdown(long_form) -> None:  # type: ignore[no-untyped-def]
    area, combo, spin, date, when, _text = long_form
    bar = area.verticalScrollBar()
    values = [combo.currentIndex(), spin.value(), date.date(), when.dateTime()]
    for widget in (combo, spin, date, when):
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus
        before = bar.value()
        wheel(widget)
        assert bar.value() > before, type(widget).__name__  # the page scrolled instead
    assert [combo.currentIndex(), spin.value(), date.date(), when.dateTime()] == values


def test_widgets_built_before_the_guard_take_no_focus_from_the_wheel(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The app installs the guard once the window has painted: what was built before is set
    then."""
    from ui.wheel_guard import no_focus_from_the_wheel

    combo, spin, edit = QComboBox(), QSpinBox(), QLineEdit()
    for widget in (combo, spin, edit):
        qtbot.addWidget(widget)
    combo.setFocusPolicy(Qt.FocusPolicy.WheelFocus)  # Qt's default for both
    spin.setFocusPolicy(Qt.FocusPolicy.WheelFocus)
    no_focus_from_the_wheel([combo, spin, edit])
    assert combo.focusPolicy() == spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert edit.focusPolicy() == Qt.FocusPolicy.StrongFocus  # untouched (its own default)


def test_the_focused_dropdown_still_takes_the_wheel(long_form) -> None:  # type: ignore[no-untyped-def]
    area, combo, spin, *_rest = long_form
    bar = area.verticalScrollBar()
    combo.setFocus()
    before = bar.value()
    wheel(combo)
    assert combo.currentIndex() == 1 and bar.value() == before
    spin.setFocus()
    wheel(spin, notches=1)
    assert spin.value() == 1 and bar.value() == before


def test_the_intake_form_keeps_ethnicity_and_id_type_under_the_wheel(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: scrolling the form changed 民族 and 证件类型 under the pointer."""
    from tests.ui.test_intake_view import make_view

    view = make_view(qtbot, ctx)
    view.resize(1300, 500)
    editor = view.party_editors[1]
    view.scroll.ensureWidgetVisible(editor.ethnicity)
    view.info.facts.setFocus()
    bar = view.scroll.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    for combo in (editor.ethnicity, editor.id_type, view.info.dispute_type):
        shown = combo.currentText()
        before = bar.value()
        wheel(combo, notches=1 if before else -1)
        assert combo.currentText() == shown
        assert bar.value() != before


@pytest.fixture
def marks(qapp):  # type: ignore[no-untyped-def]
    """The app's focus marks, for this test only (the application outlives the test)."""
    marks = install_focus_marks(qapp)
    yield marks
    marks.stop()


def ring_of(marks: FocusMarks) -> FocusRing:
    assert marks.ring is not None
    return marks.ring


def test_a_focus_ring_follows_the_focus(qtbot, long_form, marks) -> None:  # type: ignore[no-untyped-def]
    area, combo, spin, _date, _when, _text = long_form
    combo.setFocus()
    ring = ring_of(marks)
    assert ring.isVisible() and ring.parentWidget() is area.viewport()
    at = combo.mapTo(area.viewport(), QPoint(0, 0))
    assert ring.geometry() == combo.rect().translated(at).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    shot = area.viewport().grab().toImage()
    edge = QPoint(at.x() + combo.width() // 2, at.y() - 1)  # just above the dropdown
    assert QColor(shot.pixel(edge)).blue() > 180 and QColor(shot.pixel(edge)).red() < 100
    area.verticalScrollBar().setValue(area.verticalScrollBar().value() + 40)
    moved = combo.mapTo(area.viewport(), QPoint(0, 0))
    assert moved != at and ring.geometry().topLeft() == moved - QPoint(MARGIN, MARGIN)
    spin.setFocus()
    at = spin.mapTo(area.viewport(), QPoint(0, 0))
    assert ring.geometry().topLeft() == at - QPoint(MARGIN, MARGIN)
    spin.hide()  # the focus moves on; the ring with it
    assert QApplication.focusWidget() is not spin
    assert not ring.isVisible() or ring.geometry().topLeft() != at - QPoint(MARGIN, MARGIN)


def test_the_ring_survives_its_window(qtbot, marks) -> None:  # type: ignore[no-untyped-def]
    """A dialog holding the ring closes and is deleted: the next focus gets a new ring."""
    first = QWidget()
    edit = QLineEdit(first)
    first.show()
    qtbot.waitExposed(first)
    first.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: marks.target is edit, timeout=2000)
    first.deleteLater()
    qtbot.waitUntil(lambda: marks.target is not edit, timeout=2000)
    second = QWidget()
    qtbot.addWidget(second)
    other = QLineEdit(second)
    second.show()
    qtbot.waitExposed(second)
    second.activateWindow()
    other.setFocus()
    qtbot.waitUntil(lambda: marks.target is other, timeout=2000)
    assert ring_of(marks).parentWidget() is second and ring_of(marks).isVisible()
    assert FOCUS_BLUE.name() == "#1a73e8"
