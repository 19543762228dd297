"""The holiday table kept in the app: entering and importing a year, and what it moves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation_desk.db.models import Case, HistoryEntry
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.changes import Entity
from mediation_desk.domain.enums import CaseStatus, RiskLevel
from mediation_desk.domain.holiday_table import (
    ArrangementDraft,
    HolidayRange,
    arrangement_lines,
    check_arrangement,
    parse_arrangement_file,
)
from mediation_desk.domain.work_calendar import base_calendar
from mediation_desk.errors import DeskError
from mediation_desk.services import holidays, intake
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.time_limits import get_targets, save_targets
from tests.desk import reading, run
from tests.factories import two_party_draft

D = dt.date
# received on 2026-12-31: one month ends 2027-01-31 (a Sunday), beyond chinesecalendar
NOW = dt.datetime(2026, 12, 31, 10, 0)
NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：1月29日至2月6日放假调休，共9天。2月7日（周日）上班。
"""


def _register(db, centre, **changes) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id)
    for name, value in changes.items():
        setattr(draft, name, value)
    issues = run(db, intake.check_draft, draft, now=NOW)
    acknowledged = {intake.warning_key(i) for i in issues if not i.is_error}
    reg = run(
        db, intake.register_case, draft, acknowledged=acknowledged, actor=centre.actor, now=NOW
    )
    return int(reg.id)


def _due(db, case_id: int) -> tuple[dt.date | None, bool]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        c = s.get(Case, case_id)
        assert c is not None
        return c.due_on, c.due_beyond_table


def test_the_package_table_ends_with_2026() -> None:
    cal = base_calendar()
    assert cal.last_known_year == 2026 and not cal.is_known(D(2027, 1, 4))


def test_notice_lines_and_the_file_format_read_the_same(tmp_path: Path) -> None:
    from_notice = parse_arrangement_file(NOTICE_2027, 2027)
    assert from_notice.ranges == [
        HolidayRange("元旦", D(2027, 1, 1), D(2027, 1, 3)),
        HolidayRange("春节", D(2027, 1, 29), D(2027, 2, 6)),
    ]
    assert from_notice.workdays == [D(2027, 2, 7)]
    text = arrangement_lines(from_notice.ranges, from_notice.workdays)
    assert parse_arrangement_file(text, 2027) == from_notice
    path = tmp_path / "2027.csv"
    path.write_text(text.replace(",", "，"), encoding="gb18030")
    assert holidays.read_arrangement_file(path, 2027) == from_notice


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (
            ArrangementDraft(2027, [HolidayRange("元旦", D(2026, 12, 31), D(2027, 1, 2))]),
            "不在2027年内",
        ),
        (
            ArrangementDraft(
                2027, [HolidayRange("春节", D(2027, 2, 1), D(2027, 2, 7))], [D(2027, 2, 6)]
            ),
            "既是春节放假日又是调休上班日",
        ),
        (ArrangementDraft(2027, [], [D(2027, 2, 3)]), "本来就是工作日"),
        (
            ArrangementDraft(2027, [HolidayRange("", D(2027, 5, 1), D(2027, 5, 3))]),
            "没有填写节日名称",
        ),
        (
            ArrangementDraft(2027, [HolidayRange("元旦", D(2027, 1, 3), D(2027, 1, 1))]),
            "早于开始日期",
        ),
    ],
)
def test_a_wrong_arrangement_is_refused_in_chinese(draft: ArrangementDraft, message: str) -> None:
    assert any(message in p for p in check_arrangement(draft))


def test_a_bad_line_says_which(tmp_path: Path) -> None:
    with pytest.raises(DeskError, match="第2行"):
        holidays.read_arrangement("放假,2027-01-01,2027-01-03,元旦\n休假,2027-13-01,,x\n", 2027)


def test_entering_2027_fixes_dates_beyond_the_table_of_open_cases(db, centre) -> None:  # type: ignore[no-untyped-def]
    open_id = _register(db, centre)
    ended_id = _register(db, centre)
    run(
        db,
        move_case,
        case_id=ended_id,
        event=CaseEvent.WITHDRAW,
        note="申请人撤回",
        actor=centre.actor,
        now=NOW,
    )
    assert _due(db, open_id) == (D(2027, 2, 1), True)
    detail = run(db, get_case, open_id, now=NOW)
    assert detail.time_limit is not None and detail.time_limit.beyond_table

    draft = holidays.read_arrangement(NOTICE_2027, 2027)
    saved = run(db, holidays.save_holiday_year, draft, source_note="国办发明电", actor=centre.actor)
    assert saved.recomputed == 1 and saved.year.known
    # 2027-01-31 falls in the Spring Festival break: the first working day is the make-up Sunday
    assert _due(db, open_id) == (D(2027, 2, 7), False)
    state = run(db, holidays.table_state)
    assert state.last_known_year == 2027 and state.centre_years == (2027,)
    with reading(db) as s:
        entry = s.scalars(
            select(HistoryEntry).where(HistoryEntry.entity == Entity.HOLIDAYS.value)
        ).one()
        assert "2027年" in entry.summary and "1件" in entry.summary
        assert s.get(Case, ended_id).status is CaseStatus.WITHDRAWN  # type: ignore[union-attr]

    shown = run(db, holidays.holiday_year, 2027)
    assert [r.name for r in shown.ranges] == ["元旦", "春节"] and shown.workdays == (D(2027, 2, 7),)
    again = run(db, holidays.delete_holiday_year, 2027, actor=centre.actor)
    assert again.recomputed == 1 and _due(db, open_id) == (D(2027, 2, 1), True)


def test_an_incomplete_year_is_still_beyond_the_table(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = holidays.read_arrangement(NOTICE_2027, 2027)
    run(db, holidays.save_holiday_year, draft, complete=False, actor=centre.actor)
    assert _due(db, case_id) == (D(2027, 2, 7), True)


def test_the_confirmation_deadline_uses_the_centres_year(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = holidays.read_arrangement(NOTICE_2027, 2027)
    run(db, holidays.save_holiday_year, draft, actor=centre.actor)
    with reading(db) as s:
        from mediation_desk.domain.deadlines import confirmation_deadline
        from mediation_desk.services.time_limits import load_calendar

        deadline = confirmation_deadline(D(2027, 1, 1), load_calendar(s))
        load_case_data(s, case_id)  # reads with the centre's calendar too
    assert deadline.due == D(2027, 2, 7) and not deadline.beyond_table


def test_an_empty_year_or_a_stranger_year_is_refused(db, centre) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DeskError, match="空的"):
        run(db, holidays.save_holiday_year, ArrangementDraft(2027), actor=centre.actor)
    with pytest.raises(DeskError, match="没有录入2031年"):
        run(db, holidays.delete_holiday_year, 2031, actor=centre.actor)


def test_year_views_say_where_they_come_from(db) -> None:  # type: ignore[no-untyped-def]
    assert run(db, holidays.holiday_year, 2026).origin == holidays.Origin.PACKAGE
    assert run(db, holidays.holiday_year, 2026).ranges[0].name == "元旦"
    assert not run(db, holidays.holiday_year, 2028).known


def test_centre_targets_move_open_cases(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre, risk_level=RiskLevel.RED, risk_note="双方情绪激动")
    result = run(db, save_targets, {RiskLevel.RED: 3, RiskLevel.YELLOW: None}, actor=centre.actor)
    assert result.recomputed == 1 and result.targets == {RiskLevel.RED: 3}
    with reading(db) as s:
        c = s.get(Case, case_id)
        assert c is not None and c.time_limit_rule == "centre_target"
        assert c.due_on == D(2027, 1, 4)  # 01-03 is a Sunday
    assert run(db, get_targets) == {RiskLevel.RED: 3}
    with pytest.raises(DeskError, match="办理目标"):
        run(db, save_targets, {RiskLevel.RED: 9999}, actor=centre.actor)


def test_a_whole_pasted_notice_with_a_range_across_the_new_year() -> None:
    """The 2023 notice: 元旦 ran from 2022-12-31 to 2023-01-02; its 2022 day belongs to 2022's
    table. The title and closing lines of the notice are prose, not rows."""
    notice = (
        "国务院办公厅关于2023年部分节假日安排的通知\n"
        "一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n"
        "二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。\n"
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。\n"
    )
    draft = parse_arrangement_file(notice, 2023)
    assert draft.ranges == [
        HolidayRange("元旦", D(2023, 1, 1), D(2023, 1, 2)),
        HolidayRange("春节", D(2023, 1, 21), D(2023, 1, 27)),
    ]
    assert draft.workdays == [D(2023, 1, 28), D(2023, 1, 29)]
    assert not check_arrangement(draft)
