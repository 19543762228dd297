"""The case window's 回访 page: visits listed, 安排回访…, 登记回访… with its checks, 回手… after
a visit that found the agreement not performed; 中心设置 › 回访."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mediation_desk.domain.dates import numeric_date
from mediation_desk.domain.enums import CaseStatus, RiskLevel
from mediation_desk.domain.follow_ups import FollowUpPolicy, Performed, Satisfaction, TaskState
from mediation_desk.services.cases import get_case
from mediation_desk.services.follow_ups import follow_ups_of, get_policy
from mediation_desk.services.history import case_history
from tests.desk import run
from tests.documents.sample import full_case
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.follow_up_dialog import HuiShouDialog, PlanFollowUpDialog, VisitDialog
from ui.views.follow_up_settings_view import FollowUpSettingsView

SHOTS = Path("/tmp/shots-followup")


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Saved for looking at (the engineer's screenshots); never fails a test."""
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


def _window(qtbot, ctx, case_id: int) -> CaseDetailDialog:  # type: ignore[no-untyped-def]
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.resize(980, 640)
    dialog.show()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    dialog.tabs.setCurrentIndex(next(i for i, t in enumerate(titles) if t.startswith("回访")))
    return dialog


def test_a_visit_is_recorded_and_offers_hui_shou(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre)  # in effect: four performance visits
    window = _window(qtbot, ctx, case_id)
    page = window.follow_up_page
    assert window.tabs.tabText(window.tabs.currentIndex()) == "回访（4）"
    assert page.table.rowCount() == 4
    assert page.table.item(0, 1).text().startswith("履行期满：协议约定2024年9月5日前履行")
    assert page.table.item(0, 2).text() == "待回访"
    assert page.visit_button.isEnabled() and not page.hui_shou_button.isEnabled()
    _shot(window, "case_follow_ups.png")

    task = page.selected()
    assert task is not None
    visit = VisitDialog(ctx, task, page)
    qtbot.addWidget(visit)
    visit.ok_button.click()  # nothing chosen: refused in the dialog
    assert visit.error.text() == "请填写回访人" and visit.saved is None
    visit.visitors.setText("周建国、李秀英")
    visit.performed.set_value(Performed.NO)
    visit.satisfaction.set_value(Satisfaction.DISSATISFIED)
    assert visit.hint.isVisibleTo(visit)  # 回手 is offered after such a visit
    visit.ok_button.click()
    assert visit.error.text() == "协议未完全履行的，请写明采取的措施"
    visit.measures.setPlainText("督促被申请人履行")
    _shot(visit, "visit_dialog.png")
    visit.ok_button.click()
    assert visit.saved is not None and visit.saved.state is TaskState.DONE

    page = window.follow_up_page  # the window heard of the change and rebuilt the page
    assert page.table.item(0, 2).text() == "已回访"
    assert "未履行，不满意" in page.table.item(0, 3).text()
    assert page.hui_shou_button.isEnabled()  # the offering visit is selected
    _shot(window, "case_follow_ups_offer.png")
    hui = HuiShouDialog(ctx, case_id, window.detail.number, page.selected(), page)
    qtbot.addWidget(hui)
    assert hui.reason.toPlainText() == "回访发现协议未履行，当事人对调解结果不满意"
    _shot(hui, "hui_shou_dialog.png")
    hui.ok_button.click()
    assert hui.saved is not None
    detail = run(ctx.ops.db, get_case, case_id)
    assert detail.status is CaseStatus.IN_MEDIATION
    assert window.badge.text().startswith("调解中")
    limit = detail.time_limit
    assert limit is not None and limit.due is not None and limit.due > ctx.ops.today()
    assert numeric_date(limit.due) in window.limit_badge.text()  # the new time limit
    assert not window.follow_up_page.hui_shou_button.isEnabled()
    history = [h.summary for h in run(ctx.ops.db, case_history, case_id)]
    assert any(s.startswith("回手（调解成功 → 调解中）") for s in history)


def test_a_visit_is_planned_by_hand(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre, signed=False)
    window = _window(qtbot, ctx, case_id)
    assert window.follow_up_page.table.rowCount() == 0
    assert not window.follow_up_page.visit_button.isEnabled()
    plan = PlanFollowUpDialog(ctx, case_id, window.detail.number, window.follow_up_page)
    qtbot.addWidget(plan)
    plan.due.setDate(ctx.ops.today() - dt.timedelta(days=1))
    plan.ok_button.click()
    assert plan.error.text() == "回访日期不能早于今天"
    plan.due.setDate(ctx.ops.today())
    plan.note.setText("了解邻里关系")
    plan.ok_button.click()
    assert plan.saved is not None
    tasks = run(ctx.ops.db, follow_ups_of, case_id)
    assert [(t.due, t.note) for t in tasks] == [(ctx.ops.today(), "了解邻里关系")]
    assert window.follow_up_page.table.rowCount() == 1
    assert window.tabs.tabText(window.tabs.currentIndex()) == "回访（1）"


def test_the_policy_is_set_in_centre_settings(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    view = FollowUpSettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(760, 420)
    view.show()
    assert view.policy() == FollowUpPolicy()  # the defaults until saved
    view.after_closing.setValue(10)
    view.major_levels[RiskLevel.YELLOW].setChecked(True)
    view.save_button.click()
    assert view.message.text().startswith("已保存：履行期满后7天，结案后10天")
    saved = run(ctx.ops.db, get_policy)
    assert saved.days_after_closing == 10
    assert saved.major_levels == {RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED}
    qtbot.wait(20)  # the message wraps: let the layout settle before the screenshot
    _shot(view, "settings_follow_up.png")
