"""A case number fitted to a day-board block: the longest label that fits; narrower, the unit
elided and the sequence number whole (issue 13: no "…调59号")."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from ui.views.day_board_items import fit_number

NUMBER = "（2026）城南人调字第76号"


def test_the_longest_label_that_fits(qapp) -> None:  # type: ignore[no-untyped-def]
    fm = QFontMetrics(QFont())
    width = fm.horizontalAdvance
    assert fit_number(NUMBER, fm, 1000) == "城南人调字第76号"
    assert fit_number(NUMBER, fm, width("城南人调76号")) == "城南人调76号"
    assert fit_number(NUMBER, fm, width("城南76号")) == "城南76号"
    tight = fit_number(NUMBER, fm, width("城南76号") - 1)
    assert tight in ("城…76号", "城76号")
    assert fit_number(NUMBER, fm, width("城76号")) in ("城…76号", "城76号")
    assert fit_number(NUMBER, fm, width("76号")) == "76号"  # the number, never cut
    for w in range(width("76号"), 400, 3):
        label = fit_number(NUMBER, fm, w)
        assert label.endswith("76号") and "）" not in label, (w, label)
        assert label.startswith("城") or w < width("城76号"), (w, label)  # the unit stays
        assert width(label) <= w, (w, label)
