"""The stop-gap operator dialog (until the sign-in dialog): the first administrator is created
with a password; afterwards the dialog only chooses among the accounts."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from mediation_desk.domain.roles import Role
from mediation_desk.services import accounts
from tests.desk import run
from tests.ui.conftest import make_ctx
from ui.dialogs.operator_dialog import OperatorDialog

SHOTS = Path("/tmp/shots-accounts")


def test_the_first_administrator_is_created_with_a_password(  # type: ignore[no-untyped-def]
    qtbot: QtBot, tmp_path, sqlite_db
) -> None:
    ctx = make_ctx(sqlite_db, None, tmp_path / "data")
    dialog = OperatorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.combo.count() == 1 and dialog.combo.currentData() is None
    assert dialog.new_password.isVisible()
    dialog.new_name.setText("张丽")
    dialog.new_password.setText("short")
    dialog.accept()
    assert dialog.chosen is None and "至少需要 8 个字符" in dialog.error.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "operator_dialog_first.png"))
    dialog.new_password.setText("first-pass-1")
    dialog.accept()
    assert dialog.chosen is not None and dialog.chosen.name == "张丽"
    assert Role.ADMIN in dialog.chosen.roles
    assert not run(sqlite_db, accounts.needs_first_account)


def test_afterwards_the_dialog_only_chooses(qtbot: QtBot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = OperatorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.combo.itemText(i) for i in range(dialog.combo.count())] == ["测试员"]
    assert not dialog.new_password.isVisible()
    dialog.grab().save(str(SHOTS / "operator_dialog_choose.png"))
    dialog.accept()
    assert dialog.chosen is not None and dialog.chosen.name == "测试员"
