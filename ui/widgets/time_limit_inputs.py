"""What the intake form asks for a case's time limit, by source: the court's procedure and the
day its materials were signed for (法院委派/委托), the due day in a petitions office's letter
(信访部门移送). Each input shows only for the sources it belongs to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from mediation_desk.domain.clock import Clock, system_clock
from mediation_desk.domain.enums import CaseSource, CourtProcedure

from .contact_rows import enum_combo
from .field_box import FieldBox

#: A QDateEdit at this date shows blank: the letter's day is not entered yet.
_BLANK = QDate(2000, 1, 1)
_COURT = (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED)


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class TimeLimitInputs:
    """The three inputs with their boxes (the form lays the boxes out and shows findings)."""

    def __init__(self, parent: QWidget, *, clock: Clock = system_clock) -> None:
        self._clock = clock
        self.court_procedure = enum_combo(CourtProcedure, parent)
        self.materials_received_on = _date_edit(parent)
        self.materials_received_on.setToolTip(
            parent.tr(
                "委派、委托调解的期限自签字接收法院移交材料之日起计算（特邀调解规定第二十七条）"
            )
        )
        self.handed_due_on = _date_edit(parent)
        self.handed_due_on.setMinimumDate(_BLANK)
        self.handed_due_on.setSpecialValueText(parent.tr("未填"))
        self.handed_due_on.setToolTip(parent.tr("交办（移送）函载明的办结期限；未填则按一个月计算"))
        self.boxes = {
            "court_procedure": FieldBox(parent.tr("审理程序"), self.court_procedure, parent),
            "materials_received_on": FieldBox(
                parent.tr("签收法院材料日期"), self.materials_received_on, parent
            ),
            "handed_due_on": FieldBox(parent.tr("交办函办结期限"), self.handed_due_on, parent),
        }
        self.materials_touched = False
        self.materials_received_on.dateChanged.connect(self._on_materials_edited)
        self.reset()

    def reset(self) -> None:
        self.court_procedure.setCurrentIndex(0)
        self.materials_touched = False
        self.show_today()
        self.handed_due_on.setDate(_BLANK)

    def show_today(self) -> None:
        """The desk's today as the materials' day, unless the clerk set one."""
        if self.materials_touched:
            return
        today = self._clock().date()
        self.materials_received_on.blockSignals(True)
        self.materials_received_on.setDate(QDate(today.year, today.month, today.day))
        self.materials_received_on.blockSignals(False)

    def _on_materials_edited(self) -> None:
        self.materials_touched = True

    def set_source(self, source: CaseSource) -> None:
        self.boxes["court_procedure"].setVisible(source is CaseSource.COURT_ENTRUSTED)
        self.boxes["materials_received_on"].setVisible(source in _COURT)
        self.boxes["handed_due_on"].setVisible(source is CaseSource.PETITIONS)

    def values(self, source: CaseSource) -> dict[str, Any]:
        """The draft's fields for ``source`` (the others are left empty)."""
        handed = self.handed_due_on.date()
        return {
            "court_procedure": self.court_procedure.currentData()
            if source is CaseSource.COURT_ENTRUSTED
            else None,
            "materials_received_on": _py(self.materials_received_on.date())
            if source in _COURT
            else None,
            "handed_due_on": _py(handed)
            if source is CaseSource.PETITIONS and handed != _BLANK
            else None,
        }


def _py(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())
