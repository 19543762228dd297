"""The time limit in the window: the case header, 延长期限…, 节假日安排 and 办理时限 settings."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from mediation_desk.domain.enums import CaseSource, CourtProcedure, RiskLevel
from mediation_desk.services.cases import get_case
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import two_party_draft
from tests.ui.conftest import make_ctx
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.extension_dialog import ExtensionDialog
from ui.views.holidays_settings_view import HolidaysSettingsView
from ui.views.time_limit_targets_view import TimeLimitTargetsView

NOW = dt.datetime(2026, 12, 31, 10, 0)  # one month: 2027-01-31, beyond chinesecalendar
NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：1月29日至2月6日放假调休，共9天。2月7日（周日）上班。
"""
#: Set to a folder to keep screenshots of these screens (looked at by hand).
SHOTS = os.environ.get("MEDIATION_DESK_SHOTS", "")


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(Path(SHOTS) / name))


@pytest.fixture
def ctx(qapp, tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=NOW)


@pytest.fixture
def case_id(ctx, sqlite_centre) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    return int(run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor, now=NOW).id)


def _dialog(qtbot, ctx, case_id: int) -> CaseDetailDialog:  # type: ignore[no-untyped-def]
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 660)
    dialog.show()
    return dialog


def test_the_header_shows_the_limit_days_left_and_the_beyond_table_mark(
    qtbot, ctx, case_id
) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx, case_id)
    assert dialog.limit_badge.text() == "办理时限 2027年2月1日（超出节假日表） · 剩32天"
    tip = dialog.limit_badge.toolTip()
    assert "人民调解工作若干规定" in tip and "节假日安排" in tip
    assert dialog.extend_button.isEnabled()
    _shot(dialog, "case_header_beyond_table.png")


def test_a_court_case_header_cites_article_27(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.source, draft.referring_body = CaseSource.COURT_ENTRUSTED, "某某区人民法院"
    draft.court_procedure = CourtProcedure.SUMMARY
    draft.materials_received_on = dt.date(2026, 12, 21)
    case = run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor, now=NOW)
    dialog = _dialog(qtbot, ctx, case.id)
    assert dialog.limit_badge.text() == "办理时限 2026年12月28日 · 已超期3天"
    assert "第二十七条" in dialog.limit_badge.toolTip()


def test_extension_dialog_refuses_without_both_consents_then_extends(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    detail = run(ctx.ops.db, get_case, case_id)
    dialog = ExtensionDialog(ctx, detail)
    qtbot.addWidget(dialog)
    dialog.show()
    boxes = list(dialog.consents.values())
    assert [b.text() for b in boxes] == ["申请人　张三", "被申请人　李四"]
    boxes[0].setChecked(True)
    dialog.days.setValue(10)
    dialog.note.setPlainText("双方当庭口头同意延长")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "李四尚未同意" in dialog.error.text()
    _shot(dialog, "extension_refused.png")
    boxes[1].setChecked(True)
    dialog.buttons.accepted.emit()
    assert dialog.result is not None and dialog.result.due_on == dt.date(
        2027, 2, 11
    )  # 10 days from Monday 02-01 (01-31 is a Sunday)
    assert not dialog.isVisible()


def test_the_case_window_follows_an_extension(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.time_limits import extend_time_limit

    dialog = _dialog(qtbot, ctx, case_id)
    ids = {p.id for p in dialog.detail.parties}
    ctx.ops.run(
        None,
        lambda uow: extend_time_limit(uow, case_id, consenting_party_ids=ids, note="同意", days=5),
    )
    assert dialog.limit_badge.text().startswith("办理时限 2027年2月8日")
    assert "延长5日" in dialog.limit_badge.toolTip()


def test_holiday_page_reads_the_notice_saves_2027_and_moves_open_cases(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    case_window = _dialog(qtbot, ctx, case_id)
    page = HolidaysSettingsView(ctx)
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    assert page.year.value() == 2027
    assert "尚无节假日安排" in page.state.text()
    _shot(page, "holidays_2027_empty.png")
    page.read_text(NOTICE_2027)
    assert page.ranges.rowCount() == 2 and page.workdays.rowCount() == 1
    assert "已读取2个假期、1个调休上班日" in page.message.text()
    _shot(page, "holidays_2027_read.png")
    page.save()
    assert "1件在办案件" in page.message.text()
    assert "本中心录入（全年）" in page.state.text()
    assert page.delete_button.isEnabled()
    # the open case window heard of it: 2027-01-31 is in the Spring Festival break
    assert case_window.limit_badge.text() == "办理时限 2027年2月7日 · 剩38天"
    _shot(page, "holidays_2027_saved.png")


def test_holiday_page_shows_a_refusal_and_keeps_the_rows(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = HolidaysSettingsView(ctx)
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    bad = tmp_path / "2027.csv"
    bad.write_text("放假,2027-02-01,2027-02-07,春节\n上班,2027-02-06,,\n", encoding="utf-8")
    page.import_file(bad)
    assert page.ranges.rowCount() == 1
    page.save()
    assert "既是春节放假日又是调休上班日" in page.message.text()
    assert page.ranges.rowCount() == 1 and page.workdays.rowCount() == 1
    _shot(page, "holidays_refused.png")


def test_holiday_page_shows_the_package_year(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = HolidaysSettingsView(ctx)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    assert "chinesecalendar 自带" in page.state.text()
    assert page.ranges.item(0, 0).text() == "元旦"
    assert not page.delete_button.isEnabled()


def test_targets_page_saves_a_target_and_recounts(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.risk_level, draft.risk_note = RiskLevel.RED, "扬言上访"
    case = run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor, now=NOW)
    page = TimeLimitTargetsView(ctx)
    qtbot.addWidget(page)
    page.resize(820, 620)
    page.show()
    page.targets[RiskLevel.RED].setValue(3)
    page.save()
    assert "1件在办案件" in page.message.text()
    assert run(ctx.ops.db, get_case, case.id).time_limit.rule_key == "centre_target"  # type: ignore[union-attr]
    _shot(page, "time_limit_targets.png")


def test_intake_asks_for_the_procedure_and_materials_of_a_court_case(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_intake_view import make_view

    view = make_view(qtbot, ctx)
    qtbot.wait(50)
    _shot(view, "intake_walk_in.png")
    info = view.info
    boxes = info.limit_inputs.boxes
    assert not boxes["court_procedure"].isVisible()
    info.source.setCurrentIndex(info.source.findData(CaseSource.COURT_ENTRUSTED))
    assert boxes["court_procedure"].isVisible() and boxes["materials_received_on"].isVisible()
    info.limit_inputs.court_procedure.setCurrentIndex(
        info.limit_inputs.court_procedure.findData(CourtProcedure.SUMMARY)
    )
    draft = view.draft(strict=False)
    assert draft.court_procedure is CourtProcedure.SUMMARY
    assert draft.materials_received_on == NOW.date()
    qtbot.wait(50)
    _shot(view, "intake_court_entrusted.png")
    info.source.setCurrentIndex(info.source.findData(CaseSource.PETITIONS))
    assert boxes["handed_due_on"].isVisible() and not boxes["court_procedure"].isVisible()
    assert view.draft(strict=False).handed_due_on is None  # blank until entered


def test_the_confirmation_deadline_is_marked_beyond_the_table() -> None:
    from types import SimpleNamespace

    from mediation_desk.domain.deadlines import confirmation_deadline
    from ui.views.documents_panel import deadline_text

    pack = SimpleNamespace(deadline=confirmation_deadline(dt.date(2027, 1, 4)))
    assert deadline_text(pack, dt.date(2027, 1, 5)) == "2027-02-03（超出节假日表）（还剩 29 天）"  # type: ignore[arg-type]
