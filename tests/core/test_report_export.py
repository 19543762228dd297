"""The statistics workbook and ``mediation-desk report``: the official layout with merged
headers, native charts, the case sheet with the exchange fields and no full personal data, the
export audited and allowed to the director and the administrator only."""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation_desk.cli import main
from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry
from mediation_desk.domain.roles import MATRIX, Permission, Role
from mediation_desk.domain.statistics import Period
from mediation_desk.errors import PermissionDenied
from mediation_desk.services.report_export import CASE_FIELDS, export_report_xlsx
from mediation_desk.services.statistics import moj_report
from tests.conftest import open_database
from tests.desk import reading, run

NOW = dt.datetime(2026, 11, 20, 9)
YEAR = Period.year(2025)


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, object]]:
    from mediation_desk.demo.loader import load_demo

    data = tmp_path_factory.mktemp("report")
    db = open_database(f"sqlite:///{data / 'mediation.db'}")
    seeded = run(db, lambda uow: load_demo(uow, n_cases=400, seed=5), now=NOW)
    db.dispose()
    yield data, seeded.actor


def _db(data: Path) -> Database:
    return Database(f"sqlite:///{data / 'mediation.db'}")


def _sheets(path: Path) -> dict[str, str]:
    """Each sheet's XML by its name, the shared strings resolved into the text."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', book)
        strings = re.findall(
            r"<si><t[^>]*>([^<]*)</t></si>", z.read("xl/sharedStrings.xml").decode()
        )
        out = {}
        for name, sheet_id in names:
            xml = z.read(f"xl/worksheets/sheet{sheet_id}.xml").decode()
            xml = re.sub(
                r'<c r="([A-Z]+\d+)"([^>]*)t="s"([^>]*)><v>(\d+)</v></c>',
                lambda m: f'<c r="{m[1]}"><is>{strings[int(m[4])]}</is></c>',
                xml,
            )
            out[name] = xml
        out["_files"] = "\n".join(z.namelist())
    return out


def test_the_workbook(demo: tuple[Path, object], tmp_path: Path) -> None:
    data, actor = demo
    db = _db(data)
    target = tmp_path / "2025年报表.xlsx"
    try:
        result = run(db, export_report_xlsx, YEAR, target, actor=actor)
        report = run(db, moj_report, YEAR)
        with reading(db) as s:
            audited = s.scalars(
                select(HistoryEntry.summary).where(HistoryEntry.action == "export")
            ).all()
    finally:
        db.dispose()
    accepted = int(report.by_type.total.values["accepted"] or 0)
    assert result.case_rows == accepted > 0
    sheets = _sheets(target)
    assert list(sheets)[:6] == [
        "人民调解案件统计表",
        "按纠纷来源",
        "按调解组织类型",
        "中心数据",
        "按月趋势",
        "案件明细",
    ]
    table = sheets["人民调解案件统计表"]
    assert '<mergeCell ref="A3:A4"/>' in table  # the row header spans both header rows
    assert '<mergeCell ref="C3:E3"/>' in table  # 调解成功 over 小计, 书面, 口头
    for text in (
        "调解成功",
        "书面协议",
        "婚姻家庭纠纷",
        "其中：拖欠农民工工资纠纷",
        "合计",
        "受理",
    ):
        assert text in table, text
    assert f"<v>{accepted}</v>" in table
    files = sheets["_files"]
    assert files.count("xl/charts/chart") == 2  # the bar by type, the line by month
    cases = sheets["案件明细"]
    assert all(name in cases for name, _ in CASE_FIELDS[:5])
    assert len(re.findall(r'<row r="\d+"', cases)) == accepted + 1
    everything = "".join(sheets.values())
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", everything)  # no full ID number
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", everything)  # no full mobile
    assert any("导出统计报表" in s and target.name in s for s in audited)


def test_only_the_director_and_administrator_export(
    demo: tuple[Path, object], tmp_path: Path
) -> None:
    from tests.desk import add_account

    data, _actor = demo
    allowed = {r for r in Role if Permission.STATISTICS in MATRIX[r]}
    assert allowed == {Role.DIRECTOR, Role.ADMIN}
    db = _db(data)
    try:
        clerk = add_account(db, "只有登记员", roles=frozenset({Role.CLERK}))  # a real account
        with pytest.raises(PermissionDenied):
            run(db, export_report_xlsx, YEAR, tmp_path / "x.xlsx", actor=clerk)
    finally:
        db.dispose()
    assert not (tmp_path / "x.xlsx").exists()


def test_the_command(demo: tuple[Path, object], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data, _ = demo
    target = tmp_path / "q1.xlsx"
    args = ["report", "--from", "2025-01-01", "--to", "2025-03-31", "--data-dir", str(data)]
    assert main([*args, "--xlsx", str(target)]) == 0
    out, err = capsys.readouterr()
    assert str(target) in out and "2025年01月01日" in err and target.stat().st_size > 5000
    db = _db(data)
    try:
        unit = db_unit(db)
    finally:
        db.dispose()
    assert main([*args, "--unit", unit, "--xlsx", str(tmp_path / "u.xlsx")]) == 0
    capsys.readouterr()
    for wrong, says in (
        (["--from", "2025-13-01"], "日期"),
        (["--to", "2024-01-01"], "早于"),
        (["--unit", "没有这个单位"], "没有名为"),
    ):
        call = [*args, "--xlsx", str(tmp_path / "bad.xlsx")]
        for i in range(0, len(wrong), 2):
            if wrong[i] in call:
                call[call.index(wrong[i]) + 1] = wrong[i + 1]
            else:
                call += wrong[i : i + 2]
        assert main(call) == 2, wrong
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err
    assert not (tmp_path / "bad.xlsx").exists()
    assert main(["report", "--help"]) == 0
    assert "PDF" in capsys.readouterr().out


def db_unit(db: Database) -> str:
    from mediation_desk.services.reference import list_units

    return run(db, list_units)[1].name
