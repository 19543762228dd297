"""防止矛盾纠纷激化: what the mediation prevented, ticked when the case ends (issue 12).

The persons counts belong to 民转刑 and 群体性上访 (the MoJ table counts their persons) and
are enabled with their flag. All optional.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QSpinBox, QWidget

from mediation_desk.domain.report_fields import MAX_PERSONS, PreventionFlags

from .report_fields_row import guard_wheel


class PreventionBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("防止矛盾纠纷激化（如有，请勾选）"))
        self.criminal = QCheckBox(self.tr("防止民转刑"), self)
        self.criminal_persons = self._persons()
        self.group_petition = QCheckBox(self.tr("防止群体性上访"), self)
        self.group_petition_persons = self._persons()
        self.suicide = QCheckBox(self.tr("防止因纠纷自杀"), self)
        self.group_fight = QCheckBox(self.tr("防止群体性械斗"), self)
        grid = QGridLayout(self)
        grid.addWidget(self.criminal, 0, 0)
        grid.addWidget(QLabel(self.tr("涉及人数"), self), 0, 1)
        grid.addWidget(self.criminal_persons, 0, 2)
        grid.addWidget(self.group_petition, 1, 0)
        grid.addWidget(QLabel(self.tr("涉及人数"), self), 1, 1)
        grid.addWidget(self.group_petition_persons, 1, 2)
        grid.addWidget(self.suicide, 2, 0)
        grid.addWidget(self.group_fight, 2, 1, 1, 2)
        grid.setColumnStretch(3, 1)
        for flag, count in (
            (self.criminal, self.criminal_persons),
            (self.group_petition, self.group_petition_persons),
        ):
            flag.toggled.connect(count.setEnabled)
            count.setEnabled(False)

    def _persons(self) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(0, MAX_PERSONS)
        box.setSuffix(self.tr(" 人"))
        guard_wheel(box)
        return box

    def set_flags(self, flags: PreventionFlags) -> None:
        self.criminal.setChecked(flags.criminal)
        self.criminal_persons.setValue(flags.criminal_persons)
        self.group_petition.setChecked(flags.group_petition)
        self.group_petition_persons.setValue(flags.group_petition_persons)
        self.suicide.setChecked(flags.suicide)
        self.group_fight.setChecked(flags.group_fight)

    def flags(self) -> PreventionFlags:
        return PreventionFlags(
            criminal=self.criminal.isChecked(),
            criminal_persons=self.criminal_persons.value() if self.criminal.isChecked() else 0,
            group_petition=self.group_petition.isChecked(),
            group_petition_persons=self.group_petition_persons.value()
            if self.group_petition.isChecked()
            else 0,
            suicide=self.suicide.isChecked(),
            group_fight=self.group_fight.isChecked(),
        )
