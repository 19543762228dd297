"""``mediation-desk admin reset-password``: the way back in when the administrator's password is
forgotten; Chinese messages, exit codes 0/1/2, recorded in the history under "系统"."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation_desk.cli import main
from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry, Operator
from mediation_desk.domain.roles import Role
from mediation_desk.services import accounts
from tests.conftest import TEST_ACCOUNT, TEST_PASSWORD, open_database, seed_centre
from tests.desk import add_account, reading, run

NEW = "brand-new-pass-9"


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder / 'mediation.db'}")
    seed_centre(db)
    db.dispose()
    return folder


def _db(data: Path) -> Database:
    return Database(f"sqlite:///{data / 'mediation.db'}")


def _reset(data: Path, monkeypatch: pytest.MonkeyPatch, typed: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    argv = ["admin", "reset-password", *args, "--password-stdin", "--data-dir", str(data)]
    return main(argv)


def test_reset_the_only_administrators_password(data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _reset(data, monkeypatch, NEW + "\n") == 0
    assert f"已重设账户“{TEST_ACCOUNT}”的密码" in capsys.readouterr().err
    db = _db(data)
    try:
        with pytest.raises(accounts.SignInRefused):
            run(db, accounts.sign_in, name=TEST_ACCOUNT, password=TEST_PASSWORD)
        actor = run(db, accounts.sign_in, name=TEST_ACCOUNT, password=NEW)
        assert run(db, accounts.needs_password_change, actor=actor)
        system = run(db, accounts.system_actor)
        with reading(db) as s:
            last = s.scalars(
                select(HistoryEntry).where(HistoryEntry.action == accounts.RESET_PASSWORD)
            ).one()
        assert last.operator_id == system.operator_id and TEST_ACCOUNT in last.summary
    finally:
        db.dispose()


def test_reset_lifts_the_slow_down_and_restores_an_administrator(
    data: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = _db(data)
    try:
        clerk = add_account(db, "李文书", roles=frozenset({Role.CLERK}))
        for _ in range(3):
            with pytest.raises(accounts.SignInRefused):
                run(db, accounts.sign_in, name="李文书", password="wrong-password")
        with db.engine.begin() as conn:  # the administrator account is lost (changed by hand)
            table = Operator.__table__
            conn.execute(table.update().where(table.c.name == TEST_ACCOUNT).values(active=False))
    finally:
        db.dispose()
    assert _reset(data, monkeypatch, NEW + "\n", "--name", "李文书\u200b") == 0
    assert "并已设为系统管理员" in capsys.readouterr().err
    db = _db(data)
    try:
        actor = run(db, accounts.sign_in, name="李文书", password=NEW)
        assert actor.operator_id == clerk.operator_id
        assert actor.roles == {Role.CLERK, Role.ADMIN}
        assert not run(db, accounts.needs_first_account)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("typed", "args", "code", "message"),
    [
        ("short\n", (), 2, "密码至少需要 8 个字符，密码未修改"),
        (NEW + "\n", ("--name", "王五"), 1, "没有名为“王五”的账户"),
        ("aaaaaaaaaa\n", (), 2, "密码不能由同一个字符重复组成"),
    ],
)
def test_refusals_are_chinese_with_exit_codes(  # type: ignore[no-untyped-def]
    data: Path, monkeypatch, capsys, typed: str, args: tuple[str, ...], code: int, message: str
) -> None:
    assert _reset(data, monkeypatch, typed, *args) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_admin_action_and_missing_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["admin", "delete-everything"]) == 2
    assert "可用的操作：reset-password" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["admin", "reset-password", "--password-stdin", "--data-dir", str(empty)]) == 2
    assert "数据文件夹中没有数据库" in capsys.readouterr().err


def test_typed_twice_must_match(data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    typed = iter([NEW, NEW + "x"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    assert main(["admin", "reset-password", "--data-dir", str(data)]) == 2
    assert "两次输入的密码不一致" in capsys.readouterr().err
