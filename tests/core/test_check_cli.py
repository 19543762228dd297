"""``mediation-desk check``: the history's hash chain checked from the command line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from mediation_desk.cli import main
from mediation_desk.cli.check import CHECKS, check_history_chain
from tests.conftest import open_database, seed_centre
from tests.desk import writing


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder / 'mediation.db'}")
    seed_centre(db)
    db.dispose()
    yield folder


def test_the_chain_is_checked_first() -> None:
    assert CHECKS[0] is check_history_chain


def test_a_whole_chain_passes(data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "通过\t操作历史：哈希链完整" in out


def test_an_edited_row_fails_and_is_named(data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = open_database(f"sqlite:///{data / 'mediation.db'}")
    with writing(db) as s:
        s.execute(text("DROP TRIGGER history_entry_no_update"))
        s.execute(text("UPDATE history_entry SET summary = '改过' WHERE id = 3"))
    db.dispose()
    assert main(["check", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "问题\t操作历史：第 3 条记录起哈希链断开" in out
    assert "直接修改" in out


def test_wrong_calls_are_chinese(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--data-dir", str(tmp_path / "nowhere")]) == 2
    assert "数据文件夹" in capsys.readouterr().err
    assert main(["check", "--bogus"]) == 2
    assert "无法识别的参数" in capsys.readouterr().err
