"""Save screenshots of the main screens on a demo centre, for looking at what a clerk sees.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py /tmp/shots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from mediation_desk.settings import load_settings
    from ui.i18n import install_translators
    from ui.main_window import MainWindow
    from ui.operations import InlineExecutor

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    install_translators(app)
    from ui.focus_ring import install_focus_marks
    from ui.wheel_guard import install_wheel_guard

    install_focus_marks(app)  # as the app shows them (ui/app.py)
    install_wheel_guard(app)
    with tempfile.TemporaryDirectory() as tmp:
        from mediation_desk.domain.roles import Role
        from mediation_desk.services.accounts import DEMO_ACCOUNTS

        # the demo centre's director: every page and action (--operator signs it in)
        director = next(name for name, _pw, roles in DEMO_ACCOUNTS if Role.DIRECTOR in roles)
        window = MainWindow(
            load_settings(data_dir=Path(tmp)),
            demo_cases=3000,
            operator_name=director,
            executor=InlineExecutor(),  # each action completes before the next shot
        )
        window.resize(1400, 900)
        window.show()
        window.open_database()
        app.processEvents()
        window.grab().save(str(out / "start_today.png"))  # every start opens on 今日待办
        window.show_page("ducha")
        app.processEvents()
        window.grab().save(str(out / "ducha_board.png"))
        _statistics_shots(app, window, out)
        window.show_page("cases")  # every case, a page at a time, with the filter bar
        app.processEvents()
        window.grab().save(str(out / "case_list_all.png"))
        bar = window.case_list.filter_bar
        bar.status.setCurrentIndex(bar.status.findText("办理中"))
        bar.overdue.setChecked(True)
        window.case_list.table.horizontalHeader().sectionClicked.emit(7)  # 办理时限
        app.processEvents()
        window.grab().save(str(out / "case_list_filtered.png"))
        bar.clear()
        window.show_page("intake")
        app.processEvents()
        window.grab().save(str(out / "intake_empty.png"))

        intake = window.intake
        applicant, respondent = intake.party_editors
        applicant.name.setText("王秀英")
        applicant.id_number.setText("110105194912310021")  # bad check digit
        applicant.phone_rows[0].number.setText("1381234567")  # one digit short
        respondent.name.setText("")
        intake.info.facts.setPlainText("双方系邻居，因排水管走向发生纠纷。")
        intake._ask = lambda title, text: True
        assert window.ctx is not None
        window.ctx.ops.show_error = lambda *_args: None  # the messages show beside the fields
        intake.save()
        app.processEvents()
        intake.scroll.verticalScrollBar().setValue(0)
        window.grab().save(str(out / "intake_errors.png"))
        intake.scroll.verticalScrollBar().setValue(420)
        app.processEvents()
        window.grab().save(str(out / "intake_errors_parties.png"))

        applicant.id_number.setText("11010519491231002x")
        applicant.id_number.editingFinished.emit()
        app.processEvents()
        window.grab().save(str(out / "intake_id_filled.png"))

        from mediation_desk.services.cases import get_case
        from mediation_desk.services.search import search_cases

        ops = window.ctx.ops
        first = ops.read(lambda uow: search_cases(uow, "王"))[0].case_id
        sample = ops.read(lambda uow: get_case(uow, first))
        phone = next(ph.number for p in sample.parties for ph in p.phones)
        id_number = next(p.id_number for p in sample.parties if len(p.id_number) == 18)
        for name, query in (
            ("search_name", "王"),
            ("search_initials", "wxy"),
            ("search_phone_last4", phone[-4:]),
            ("search_id_last4", id_number[-4:]),
            ("search_case_number", sample.number),
        ):
            window.search.setText(query)
            window._run_search()
            app.processEvents()
            window.grab().save(str(out / f"{name}.png"))

        from ui.dialogs.case_detail_dialog import CaseDetailDialog

        hit = window.case_list.model.hit(0)
        dialog = CaseDetailDialog(window.ctx, hit.case_id, window)
        dialog.resize(900, 700)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / "case_detail.png"))
        for index, name in ((1, "case_parties"), (2, "case_history"), (3, "case_sessions")):
            dialog.tabs.setCurrentIndex(index)
            app.processEvents()
            dialog.grab().save(str(out / f"{name}.png"))
        dialog.tabs.setCurrentWidget(dialog.paperwork)
        for index, name in ((0, "case_agreement"), (1, "case_documents")):
            dialog.paperwork.setCurrentIndex(index)
            app.processEvents()
            dialog.grab().save(str(out / f"{name}.png"))
        dialog.close()
        _outcome_shot(app, window, out)
        menu = window.menuBar().actions()[1].menu()
        menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
        app.processEvents()
        _with_popup(window, menu).save(str(out / "menu_cases.png"))
        menu.close()
        _schedule_shots(app, window, out)
        window.close()
    print(f"screenshots in {out}")


def _outcome_shot(app, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The 结束调解 dialog of an open case, handing it to court."""
    from mediation_desk.domain.case_flow import CaseEvent
    from mediation_desk.services.cases import get_case
    from mediation_desk.services.search import search_cases
    from ui.dialogs.outcome_dialog import OutcomeDialog

    ops = window.ctx.ops
    hits = ops.read(lambda uow: search_cases(uow, ""))
    open_id = next(h.case_id for h in hits if h.status.is_open)
    detail = ops.read(lambda uow: get_case(uow, open_id))
    dialog = OutcomeDialog(window.ctx, detail, window)
    dialog.buttons_by_action[CaseEvent.REFER_COURT].setChecked(True)
    dialog.receiver.setText("绍兴市越城区人民法院")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "case_outcome_dialog.png"))
    dialog.close()


def _with_popup(window, popup):  # type: ignore[no-untyped-def]
    """The window with an open menu drawn where it is."""
    from PySide6.QtGui import QPainter

    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
    painter.end()
    return image


def _statistics_shots(app, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """领导看板, 统计报表 (by type and by source) and the cases behind a figure."""
    from ui.dialogs.drill_down_dialog import DrillDownDialog

    window.show_page("dashboard")
    app.processEvents()
    window.grab().save(str(out / "dashboard.png"))
    window.show_page("statistics")
    app.processEvents()
    window.grab().save(str(out / "statistics.png"))
    view = window.pages.currentWidget().view
    row = max(range(view.model.rowCount() - 1), key=lambda r: view.model.row(r).values["accepted"])
    view.table.setCurrentIndex(view.model.index(row, 1))
    view.table.doubleClicked.emit(view.model.index(row, 1))
    app.processEvents()
    listing = view.findChildren(DrillDownDialog)[-1]
    listing.grab().save(str(out / "statistics_drill_down.png"))
    listing.close()
    view.tabs.setCurrentIndex(1)
    app.processEvents()
    window.grab().save(str(out / "statistics_by_source.png"))


def _schedule_shots(app, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The day board on the next working day, the booking dialog, the printed day sheet."""
    import datetime as dt
    import subprocess

    from mediation_desk.services.day_sheet import day_sheet_pdf
    from mediation_desk.services.search import search_cases
    from ui.dialogs.booking_dialog import BookingDialog
    from ui.views.day_board_view import DayBoardView

    day = dt.date.today() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    board = DayBoardView(window.ctx, day=day, now=dt.datetime.combine(day, dt.time(10, 20)))
    board.resize(1400, 860)
    board.show()
    app.processEvents()
    board.grab().save(str(out / "day_board.png"))
    # A drag onto another booking's slot: the conflict, in Chinese, as the clerk sees it live.
    first, second = sorted(board.blocks.values(), key=lambda b: b.session.starts)[:2]
    board.select_session(first.session.id)
    board.preview_move(first.session.id, second.session.starts, second.session.room_id)
    app.processEvents()
    board.grab().save(str(out / "day_board_conflict.png"))
    board.clear_preview()
    board.close()
    ops = window.ctx.ops
    open_case = next(h for h in ops.read(lambda uow: search_cases(uow, "")) if h.status.is_open)
    booking = BookingDialog(window.ctx, open_case.case_id, window)
    booking.resize(1000, 700)
    booking.show()
    app.processEvents()
    booking.grab().save(str(out / "booking_dialog.png"))
    booking.close()
    sheet = ops.read(lambda uow: day_sheet_pdf(uow, day))
    (out / "day_sheet.pdf").write_bytes(sheet.pdf)
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(out / "day_sheet.pdf"), str(out / "day_sheet")],
        check=True,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
