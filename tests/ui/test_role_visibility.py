"""The UI shows only what the acting account's roles may do: the main window's pages, menus and
toolbar, and the case window's buttons; another account acting (``actor_changed``) shows
again what it may do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mediation_desk.domain.actor import Actor
from mediation_desk.domain.roles import Permission, Role
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import two_party_draft
from tests.ui.conftest import make_ctx
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.main_window import MainWindow
from ui.permissions import allowed, may_see_full_ids, permission_of
from ui.views.supervision_page import SupervisionPage

#: What each role finds in the navigation, in the window's order.
PAGES = {
    Role.CLERK: ["intake", "today", "cases", "day_board", "week"],
    Role.MEDIATOR: ["intake", "today", "cases", "day_board", "week"],
    Role.DIRECTOR: [
        *("intake", "today", "cases", "day_board", "week", "ducha", "dashboard", "statistics"),
        *("setup", "audit", "backup"),
    ],
    Role.ADMIN: [
        *("today", "cases", "dashboard", "statistics", "setup", "audit", "backup", "accounts")
    ],
}

#: The case window's buttons each role sees (True) or does not (False).
BUTTONS: dict[str, dict[Role, bool]] = {
    # name: (clerk, mediator, director, admin)
    name: dict(zip(Role, shown, strict=True))
    for name, shown in {
        "route": (True, False, True, False),
        "book": (True, True, True, False),
        "outcome": (False, True, True, False),
        "correct": (True, True, True, False),
        "extend": (False, True, True, False),
        "attach": (True, True, True, False),
        "archive": (False, False, True, False),
        "unlock": (False, False, True, False),
        "issue": (False, False, True, False),
        "reply": (False, True, True, False),
        "plan_follow_up": (True, True, True, False),
        "save_agreement": (False, True, True, False),
        "generate": (False, True, True, False),
        "court": (False, True, True, False),
        "minutes": (False, True, True, False),
        "investigation": (False, True, True, False),
    }.items()
}


def actor_as(actor: Actor, *roles: Role, mediator_id: int | None = None) -> Actor:
    return replace(actor, roles=frozenset(roles), mediator_id=mediator_id)


def act_as(ops, actor: Actor | None) -> None:  # type: ignore[no-untyped-def]
    ops.set_actor(actor)  # as sign-in, switch and sign-out do


@pytest.fixture
def window(window_factory) -> MainWindow:  # type: ignore[no-untyped-def]
    return window_factory()  # signed in as the centre's actor (tests/ui/conftest.py)


def shown_actions(w: MainWindow) -> set[str]:
    return {n for n, a in w.actions_by_name.items() if a.isVisible()}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_finds_only_its_pages_menus_and_toolbar(window, role) -> None:  # type: ignore[no-untyped-def]
    ops = window.ctx.ops
    act_as(ops, actor_as(ops.actor, role))
    assert window.visible_page_keys() == PAGES[role]
    pages = {"intake", "day_board", "week", "ducha", "setup", "backup", "accounts"}
    pages |= {"dashboard", "statistics"}
    assert shown_actions(window) & pages == set(PAGES[role]) & pages
    assert window.current_page_key() in PAGES[role]
    menus = {a.text() for a in window.menuBar().actions() if a.isVisible()}
    assert ("排期(&P)" in menus) == (role is not Role.ADMIN)  # nothing to schedule
    # 领导看板 and 统计报表 (Permission.STATISTICS): the director and the administrator
    assert ("统计(&T)" in menus) == (role in (Role.DIRECTOR, Role.ADMIN))
    window.show_page("accounts")
    assert (window.current_page_key() == "accounts") == (role is Role.ADMIN)


def test_switching_the_account_shows_again_what_it_may_do(window) -> None:  # type: ignore[no-untyped-def]
    ops = window.ctx.ops
    clerk = actor_as(ops.actor, Role.CLERK)
    act_as(ops, clerk)
    window.show_page("intake")
    assert window.current_page_key() == "intake"
    act_as(ops, actor_as(clerk, Role.ADMIN))
    assert window.visible_page_keys() == PAGES[Role.ADMIN]
    assert window.current_page_key() == "today"  # left the page it may no longer see
    assert not window.actions_by_name["intake"].isVisible()
    assert window.actions_by_name["accounts"].isVisible()
    act_as(ops, None)  # signed out: no page at all
    assert window.visible_page_keys() == [] and window.pages.isHidden()
    act_as(ops, actor_as(clerk, Role.MEDIATOR, Role.DIRECTOR, Role.ADMIN))  # one person, all
    assert window.visible_page_keys() == [*PAGES[Role.DIRECTOR], "accounts"]
    assert not window.pages.isHidden()


@pytest.fixture
def case_id(ctx, sqlite_centre) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.routing.mediator_id = sqlite_centre.mediator_id
    return run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor).id


def case_buttons(dialog: CaseDetailDialog) -> dict[str, list]:  # type: ignore[type-arg]
    supervision = dialog.findChildren(SupervisionPage)[0]
    agreement, documents = dialog.agreement_editor, dialog.documents_panel
    return {
        "route": [dialog.route_button],
        "book": [dialog.book_button],
        "outcome": [dialog.outcome_button],
        "correct": [dialog.correct_button],
        "extend": [dialog.extend_button],
        "attach": [dialog.case_file_page.add_button, dialog.case_file_page.remove_button],
        "archive": [dialog.case_file_page.archive_button],
        "unlock": [dialog.case_file_page.unlock_button],
        "issue": [supervision.issue_button],
        "reply": [supervision.reply_button],
        "plan_follow_up": [dialog.follow_up_page.plan_button],
        "save_agreement": [agreement.save_button, *agreement.add_buttons.values()],
        "generate": [documents.generate_button, documents.pack_button],
        "court": [documents.pack_box.court_button, documents.pack_box.court_steps.submit_button],
        "minutes": [dialog.sessions_page.minutes_button],
        "investigation": [dialog.investigations_page.add_button],
    }


@pytest.mark.parametrize("role", list(Role))
def test_the_case_window_offers_only_what_the_role_may_do(  # type: ignore[no-untyped-def]
    qtbot, ctx, case_id, role
) -> None:
    act_as(ctx.ops, actor_as(ctx.ops.actor, role))
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    for name, buttons in case_buttons(dialog).items():
        for button in buttons:
            assert button.isHidden() is not BUTTONS[name][role], (name, button.text())


def test_the_case_window_follows_the_acting_account(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    act_as(ctx.ops, actor_as(ctx.ops.actor, Role.ADMIN))
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    assert dialog.route_button.isHidden() and dialog.case_file_page.archive_button.isHidden()
    act_as(ctx.ops, actor_as(ctx.ops.actor, Role.DIRECTOR))
    assert not dialog.route_button.isHidden()
    assert not dialog.case_file_page.archive_button.isHidden()
    assert not dialog.sessions_page.minutes_button.isHidden()
    dialog.source.reload()  # the rebuilt pages follow too
    act_as(ctx.ops, actor_as(ctx.ops.actor, Role.CLERK))
    assert dialog.sessions_page.minutes_button.isHidden()
    assert not dialog.route_button.isHidden()


def id_buttons_shown(dialog: CaseDetailDialog) -> bool:
    buttons = [f.button for f in dialog.id_fields if f.number]
    assert buttons
    shown = {not b.isHidden() for b in buttons}
    assert len(shown) == 1
    return shown.pop()


def test_the_full_id_number_only_for_the_director_and_the_cases_own_mediator(  # type: ignore[no-untyped-def]
    qtbot, ctx, case_id, sqlite_centre
) -> None:
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    own, other = sqlite_centre.mediator_id, sqlite_centre.mediator_id + 1000
    for actor, shown in (
        (actor_as(ctx.ops.actor, Role.DIRECTOR), True),
        (actor_as(ctx.ops.actor, Role.MEDIATOR, mediator_id=own), True),
        (actor_as(ctx.ops.actor, Role.MEDIATOR, mediator_id=other), False),
        (actor_as(ctx.ops.actor, Role.MEDIATOR), False),
        (actor_as(ctx.ops.actor, Role.CLERK), False),
        (actor_as(ctx.ops.actor, Role.ADMIN), False),
    ):
        act_as(ctx.ops, actor)
        assert id_buttons_shown(dialog) is shown, actor


def test_allowed_reads_the_acting_account_and_a_services_own_permission(  # type: ignore[no-untyped-def]
    tmp_path, sqlite_db, sqlite_centre
) -> None:
    from mediation_desk.services.permissions import requires

    @requires(Permission.ARCHIVE)
    def archive_something(uow) -> None:  # type: ignore[no-untyped-def]
        pass

    ctx = make_ctx(sqlite_db, actor_as(sqlite_centre.actor, Role.CLERK), tmp_path / "data")
    assert permission_of(archive_something) is Permission.ARCHIVE
    assert allowed(ctx, Permission.REGISTER) and not allowed(ctx, archive_something)
    ctx.ops.actor = actor_as(sqlite_centre.actor, Role.DIRECTOR)
    assert allowed(ctx, archive_something)
    ctx.ops.actor = None
    assert not allowed(ctx, Permission.REGISTER)
    assert not may_see_full_ids(None, 1)


@pytest.mark.parametrize(
    ("role", "runs_sessions"),
    [(Role.CLERK, False), (Role.MEDIATOR, True), (Role.DIRECTOR, True)],
)
def test_the_day_board_runs_sessions_only_for_mediation(qtbot, ctx, role, runs_sessions) -> None:  # type: ignore[no-untyped-def]
    from ui.views.day_board_view import DayBoardView

    act_as(ctx.ops, actor_as(ctx.ops.actor, role))
    board = DayBoardView(ctx)
    qtbot.addWidget(board)
    panel = board.panel
    assert not board.toolbar.book_button.isHidden() and not panel.all_in.isHidden()
    for button in (panel.start, panel.finish, panel.minutes_button):
        assert button.isHidden() is not runs_sessions


def test_a_number_shown_is_masked_again_when_an_account_that_may_not_see_it_acts(  # type: ignore[no-untyped-def]
    qtbot, ctx, case_id
) -> None:
    act_as(ctx.ops, actor_as(ctx.ops.actor, Role.DIRECTOR))
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    field = next(f for f in dialog.id_fields if f.number)
    field.button.click()
    qtbot.waitUntil(lambda: field.label.text() == field.number)
    act_as(ctx.ops, actor_as(ctx.ops.actor, Role.CLERK))
    assert field.label.text() == field.masked and field.button.isHidden()


def test_a_clerks_sign_in_opens_on_the_form_with_the_focus_in_its_first_field(
    qtbot, window, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from tests.desk import add_account

    assert window.current_page_key() == "today"  # the fixture's account also mediates
    clerk = add_account(window.ctx.ops.db, "柜台登记员", roles=frozenset({Role.CLERK}))
    window.session.enter(clerk)
    window.activateWindow()  # as when the sign-in dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert window.current_page_key() == "intake"  # the queue is waiting
    first = window.intake.info.source
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=2000)
    director = add_account(window.ctx.ops.db, "中心主任乙", roles=frozenset({Role.DIRECTOR}))
    window.session.enter(director)
    assert window.current_page_key() == "today"  # who works cases starts with the day
