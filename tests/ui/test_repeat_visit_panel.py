"""The repeat-visit panel (重复来访提示): one row per earlier case, naming every party of the
new registration it shares (issue 13)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from mediation_desk.domain.enums import CaseStatus
from mediation_desk.services.repeat_visits import RepeatMatch, RepeatParty
from ui.views.intake_sections import RepeatVisitPanel


def match(case_id: int, *parties: RepeatParty) -> RepeatMatch:
    return RepeatMatch(
        case_id,
        f"（2026）城南人调字第{case_id}号",
        dt.datetime(2026, 3, case_id, 9),
        CaseStatus.IN_MEDIATION,
        "邻里",
        parties,
    )


def test_one_row_per_case_naming_every_matching_party(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = RepeatVisitPanel()
    qtbot.addWidget(panel)
    both = match(
        2, RepeatParty(0, "张三", "身份证件号码相同"), RepeatParty(1, "李四", "姓名和电话相同")
    )
    one = match(1, RepeatParty(1, "李四", "姓名和电话相同"))
    panel.set_matches([both, one], ["张三", "李四"])
    assert panel.list.count() == 2
    first = panel.list.item(0).text()
    assert first.count("（2026）城南人调字第2号") == 1
    assert "张三：身份证件号码相同" in first and "李四：姓名和电话相同" in first
    assert "张三" not in panel.list.item(1).text()
    assert panel.title() == "重复来访提示（2）"
    panel.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert panel.linked_case_ids() == [2]
    panel.set_matches([both, one], ["张三", "李四"])  # again (a field changed): still ticked
    assert panel.linked_case_ids() == [2]
