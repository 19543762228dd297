"""``mediation-desk stats check`` / ``stats rebuild`` (cli/stats.py): the statistics' kept rows
against a fresh computation, on SQLite and, with MEDIATION_DESK_TEST_PG_URL, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from mediation_desk.cli import main
from mediation_desk.db.database import Database
from mediation_desk.db.models import Case, HistoryEntry, Operator
from mediation_desk.db.report_models import CaseStatMonth
from mediation_desk.services.stats_repair import REBUILD_STATS
from tests.desk import reading, run, writing

NOW = dt.datetime(2026, 3, 2, 10, 30)
ENGLISH = re.compile(r"[A-Za-z]{4,}")


@pytest.fixture
def demo(db: Database) -> Database:
    from mediation_desk.demo.loader import load_demo

    run(db, lambda uow: load_demo(uow, n_cases=40, seed=3), now=NOW)
    return db


def _stats(db: Database, tmp_path: Path, action: str) -> list[str]:
    url = db.engine.url.render_as_string(hide_password=False)
    return ["stats", action, "--data-dir", str(tmp_path), "--database-url", url]


def _chinese_only(text: str) -> bool:
    """No English words beyond the command's own name and options."""
    rest = re.sub(r"mediation-desk|stats|rebuild|check", "", text)
    return not ENGLISH.search(rest)


def test_a_current_database_passes(demo: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(_stats(demo, tmp_path, "check")) == 0
    out = capsys.readouterr().out
    assert out.startswith("通过\t统计数据与重新计算一致") and "月度分组" in out


def test_stale_rows_are_listed_then_rebuilt_under_the_system_row(  # type: ignore[no-untyped-def]
    demo: Database, tmp_path: Path, capsys
) -> None:
    with reading(demo) as s:
        first, number = s.execute(select(Case.id, Case.number).order_by(Case.id)).first()  # type: ignore[misc]
        group = s.execute(select(CaseStatMonth).limit(1)).scalar_one()
        month, unit = group.month, group.unit_id
    with writing(demo) as s:  # behind the app's back: a case changed, a sum lost, one altered
        s.execute(update(Case).where(Case.id == first).values(persons_involved=77))
        s.execute(
            delete(CaseStatMonth).where(CaseStatMonth.month == month, CaseStatMonth.unit_id == unit)
        )
        s.execute(update(CaseStatMonth).values(amount=CaseStatMonth.amount + 1))
    assert main(_stats(demo, tmp_path, "check")) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == f"问题\t案件统计行与重新计算不符：{number}"
    assert any(f"{month // 100}年{month % 100}月" in x and "缺少汇总行" in x for x in lines)
    assert any("其他数字不同" in x for x in lines)
    assert "stats rebuild" in captured.err and _chinese_only(captured.out + captured.err)

    assert main(_stats(demo, tmp_path, "rebuild")) == 0
    assert "已重新计算统计数据" in capsys.readouterr().err
    assert main(_stats(demo, tmp_path, "check")) == 0
    with reading(demo) as s:
        who = s.execute(
            select(Operator.name, Operator.is_system, HistoryEntry.summary)
            .join(Operator, Operator.id == HistoryEntry.operator_id)
            .where(HistoryEntry.action == REBUILD_STATS)
        ).all()
    assert [(name, system) for name, system, _ in who] == [("系统", True)]
    assert "件案件" in who[0][2]


def test_an_unknown_action_exits_with_2(demo: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(_stats(demo, tmp_path, "repair")) == 2
    err = capsys.readouterr().err
    assert "未知的操作“repair”" in err and "Traceback" not in err
