"""设置 › 账户管理: create an account, change its roles, deactivate it, reset its password,
and the centre's last administrator refused in Chinese (pytest-qt, offscreen)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QDialog

from mediation_desk.db.models import Operator
from mediation_desk.domain.roles import Role
from mediation_desk.services import accounts
from tests.conftest import TEST_ACCOUNT
from tests.desk import run, writing
from tests.ui.conftest import make_ctx
from ui.dialogs.account_dialog import EditAccountDialog, NewAccountDialog, ResetPasswordDialog
from ui.views.accounts_view import AccountsView

ALL_ROLES_TEXT = "登记员、调解员、中心主任、系统管理员"
GOOD_PASSWORD = "Wangli-2026-mima"


@pytest.fixture
def admin_ctx(qapp, tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    """The seeded centre's only account (every role, 系统管理员 included) at the counter."""
    return make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data")


def add_clerk(ctx, name: str = "王丽") -> int:  # type: ignore[no-untyped-def]
    view = run(
        ctx.ops.db,
        accounts.create_account,
        name=name,
        password=GOOD_PASSWORD,
        roles=frozenset({Role.CLERK}),
        actor=ctx.ops.actor,
    )
    return view.id


@pytest.fixture
def view(qtbot, admin_ctx) -> AccountsView:  # type: ignore[no-untyped-def]
    v = AccountsView(admin_ctx)
    qtbot.addWidget(v)
    return v


def row_of(view: AccountsView, name: str) -> list[str]:
    for r in range(view.table.rowCount()):
        if view.table.item(r, 0).text() == name:
            return [view.table.item(r, c).text() for c in range(view.table.columnCount())]
    raise AssertionError(f"{name} not listed")


def select(view: AccountsView, name: str) -> None:
    account = next(a for a in view.accounts if a.name == name)
    assert view.table.select_id(account.id)


def answer(monkeypatch, fill) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """Dialogs opened by the page are filled by ``fill`` and OK pressed instead of shown."""
    opened: list[QDialog] = []

    def exec_(dialog: QDialog) -> int:
        opened.append(dialog)
        fill(dialog)
        dialog.ok_button.click()  # type: ignore[attr-defined]
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", exec_)
    return opened


def fill_new(name: str, password: str, *roles: Role, mediator_id: int | None = None):  # type: ignore[no-untyped-def]
    def fill(dialog: NewAccountDialog) -> None:
        dialog.name.setText(name)
        for role in roles:
            dialog.roles.checks[role].setChecked(True)
        if mediator_id is not None:
            dialog.roles.mediator.setCurrentIndex(dialog.roles.mediator.findData(mediator_id))
        dialog.passwords.first.setText(password)
        dialog.passwords.second.setText(password)

    return fill


def test_the_table_lists_every_account_with_its_roles_and_password_state(view) -> None:  # type: ignore[no-untyped-def]
    cells = row_of(view, TEST_ACCOUNT)
    assert cells[1] == ALL_ROLES_TEXT and cells[2] == ""
    assert cells[3] == "启用" and cells[5] in ("已设置", "需修改")


def test_create_an_account_for_a_mediator(view, monkeypatch, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    opened = answer(
        monkeypatch,
        fill_new("周建国", GOOD_PASSWORD, Role.MEDIATOR, mediator_id=sqlite_centre.mediator_id),
    )
    view.new_button.click()
    assert opened and opened[0].result() == QDialog.DialogCode.Accepted
    assert row_of(view, "周建国")[:4] == ["周建国", "调解员", "周建国", "启用"]
    assert row_of(view, "周建国")[4] == "从未登录"
    assert "已新建账户" in view.message.text()


def test_the_password_policy_shows_while_typing_and_a_mismatch_is_refused(  # type: ignore[no-untyped-def]
    qtbot, admin_ctx, monkeypatch
) -> None:
    dialog = NewAccountDialog(admin_ctx, [])
    qtbot.addWidget(dialog)
    dialog.name.setText("王丽")
    dialog.passwords.first.setText("123")
    problem = accounts.password_problem("123", name="王丽")
    assert problem and dialog.passwords.first_box.message.text() == "✖ " + problem
    dialog.passwords.first.setText(GOOD_PASSWORD)
    dialog.passwords.second.setText(GOOD_PASSWORD + "x")
    assert dialog.passwords.first_box.message.text() == "✔ 密码可以使用"
    assert "两次输入的密码不一致" in dialog.passwords.second_box.message.text()
    dialog.roles.checks[Role.CLERK].setChecked(True)
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "两次输入的密码不一致" in dialog.error.text()
    assert not [a for a in admin_ctx.ops.read(accounts.list_accounts) if a.name == "王丽"]


def test_a_name_already_used_is_refused_in_the_dialog(view, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened = answer(monkeypatch, fill_new(TEST_ACCOUNT, GOOD_PASSWORD, Role.CLERK))
    view.new_button.click()
    assert opened[0].result() != QDialog.DialogCode.Accepted
    assert "已有账户名" in opened[0].error.text()  # type: ignore[attr-defined]
    assert len([a for a in view.accounts if a.name == TEST_ACCOUNT]) == 1


def test_edit_roles(view, monkeypatch, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_clerk(admin_ctx)
    view.reload()
    select(view, "王丽")

    def fill(dialog: EditAccountDialog) -> None:
        assert dialog.roles.roles() == frozenset({Role.CLERK})
        dialog.roles.checks[Role.DIRECTOR].setChecked(True)

    answer(monkeypatch, fill)
    view.edit_button.click()
    assert row_of(view, "王丽")[1] == "登记员、中心主任"


def test_deactivate_and_activate_again(view, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_clerk(admin_ctx)
    view.reload()
    select(view, "王丽")
    assert view.active_button.text() == "停用"
    view.active_button.click()
    assert row_of(view, "王丽")[3] == "停用"
    assert view.active_button.text() == "启用"
    assert "王丽" not in admin_ctx.ops.read(accounts.sign_in_names)
    view.active_button.click()
    assert row_of(view, "王丽")[3] == "启用"


def test_reset_password_must_be_changed_at_next_sign_in(view, monkeypatch, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_clerk(admin_ctx)
    view.reload()
    select(view, "王丽")
    new_password = "Xinmima-2026-wl"

    def fill(dialog: ResetPasswordDialog) -> None:
        dialog.passwords.first.setText(new_password)
        dialog.passwords.second.setText(new_password)

    opened = answer(monkeypatch, fill)
    view.password_button.click()
    assert opened[0].result() == QDialog.DialogCode.Accepted
    assert row_of(view, "王丽")[5] == "需修改"
    actor = run(admin_ctx.ops.db, accounts.sign_in, name="王丽", password=new_password)
    assert actor.roles == frozenset({Role.CLERK})


def test_the_administrator_cannot_deactivate_itself_nor_drop_its_own_role(  # type: ignore[no-untyped-def]
    view, monkeypatch
) -> None:
    select(view, TEST_ACCOUNT)
    view.active_button.click()
    assert view.message.text() == "✖ 不能停用当前登录的账户"
    assert row_of(view, TEST_ACCOUNT)[3] == "启用"

    def fill(dialog: EditAccountDialog) -> None:
        dialog.roles.checks[Role.ADMIN].setChecked(False)

    opened = answer(monkeypatch, fill)
    view.edit_button.click()
    assert opened[0].result() != QDialog.DialogCode.Accepted
    assert "不能取消自己的系统管理员角色" in opened[0].error.text()  # type: ignore[attr-defined]
    assert row_of(view, TEST_ACCOUNT)[1] == ALL_ROLES_TEXT
    assert not view.ctx.ops.shown.errors  # shown where it happened, not in a message box


def test_the_last_administrator_is_kept(qtbot, admin_ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """Another administrator's session cannot deactivate the centre's last administrator that
    can sign in (its own account, an administrator without a password, does not count; a
    session whose account was demoted meanwhile is refused outright: test_stale_account)."""
    clerk_id = add_clerk(admin_ctx)
    with writing(admin_ctx.ops.db) as s:
        op = s.get(Operator, clerk_id)
        op.roles, op.password_hash = "admin", None
    admin_ctx.ops.actor = replace(
        sqlite_centre.actor, operator_id=clerk_id, name="王丽", roles=frozenset({Role.ADMIN})
    )
    view = AccountsView(admin_ctx)
    qtbot.addWidget(view)
    select(view, TEST_ACCOUNT)
    view.active_button.click()
    assert view.message.text().startswith("✖ 本中心需要至少一个可登录的系统管理员账户")
    assert row_of(view, TEST_ACCOUNT)[3] == "启用"


def test_the_page_follows_changes_made_elsewhere(view, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    admin_ctx.ops.run(
        None,
        lambda uow: accounts.create_account(
            uow, name="李主任", password=GOOD_PASSWORD, roles=frozenset({Role.DIRECTOR})
        ),
    )
    assert row_of(view, "李主任")[1] == "中心主任"
