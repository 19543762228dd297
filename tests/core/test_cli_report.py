"""``mediation-desk report … --xlsx F --pdf F``: either export or both, on the app's database
options (``--data-dir`` or ``--database-url``); a wrong call gets a Chinese message on stderr
and exit code 2, and writes nothing."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from mediation_desk.cli import main
from mediation_desk.db.database import Database
from mediation_desk.db.models import HistoryEntry, Operator
from mediation_desk.domain.statistics import Period
from mediation_desk.services.audit import EXPORT
from mediation_desk.services.reference import list_units
from mediation_desk.services.statistics import moj_report
from tests.conftest import open_database
from tests.desk import reading, run

NOW = dt.datetime(2026, 11, 20, 9)
Q1 = ["--from", "2025-01-01", "--to", "2025-03-31"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from mediation_desk.demo.loader import load_demo

    folder = tmp_path_factory.mktemp("cli_report")
    db = open_database(f"sqlite:///{folder / 'mediation.db'}")
    run(db, lambda uow: load_demo(uow, n_cases=300, seed=7), now=NOW)
    db.dispose()
    yield folder


def _q1_total(data: Path, unit_id: int | None = None) -> int:
    db = Database(f"sqlite:///{data / 'mediation.db'}")
    try:
        period = Period.custom(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
        report = run(db, moj_report, period, unit_id)
    finally:
        db.dispose()
    return int(report.by_type.total.values["accepted"] or 0)


def _unit(data: Path) -> tuple[int, str]:
    db = Database(f"sqlite:///{data / 'mediation.db'}")
    try:
        unit = run(db, list_units)[1]
    finally:
        db.dispose()
    return unit.id, unit.name


def test_both_files_at_once(data: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book, pdf = tmp_path / "q1.xlsx", tmp_path / "q1.pdf"
    args = ["report", *Q1, "--data-dir", str(data), "--xlsx", str(book), "--pdf", str(pdf)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out.split() == [str(book), str(pdf)]
    assert "统计报表 PDF" in err and "案件明细" in err
    zipfile.ZipFile(book).testzip()
    words = " ".join(p.extract_text() for p in PdfReader(pdf).pages).split()
    total = _q1_total(data)
    assert total > 0 and any(
        w == "合计" and words[i + 1] == str(total) for i, w in enumerate(words)
    )


def test_the_pdf_alone_for_one_unit_on_a_database_url(  # type: ignore[no-untyped-def]
    data: Path, tmp_path: Path, capsys
) -> None:
    unit_id, name = _unit(data)
    pdf = tmp_path / "unit.pdf"
    url = f"sqlite:///{data / 'mediation.db'}"
    args = ["report", *Q1, "--database-url", url, "--unit", name, "--pdf", str(pdf)]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == str(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert name in text
    words = text.split()
    total = _q1_total(data, unit_id)
    assert any(w == "合计" and words[i + 1] == str(total) for i, w in enumerate(words))
    assert not list(tmp_path.glob("*.xlsx"))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({}, "--xlsx 或 --pdf"),  # neither file
        ({"--pdf": "PDF"}, "应以 .pdf 结尾"),
        ({"--pdf": "NOFOLDER"}, "不存在"),
        ({"--pdf": "OK", "--from": "2025-02-30"}, "日期“2025-02-30”无效"),
        ({"--pdf": "OK", "--from": "2025/13/1"}, "无效"),
        ({"--pdf": "OK", "--to": "2024-12-31"}, "早于"),
        ({"--pdf": "OK", "--unit": "没有这个调解委员会"}, "没有名为"),
        ({"--pdf": "OK", "--xlsx": "XLSX"}, "应以 .xlsx 结尾"),
    ],
)
def test_a_wrong_call_exits_with_2_and_writes_nothing(  # type: ignore[no-untyped-def]
    data: Path, tmp_path: Path, capsys, change: dict[str, str], says: str
) -> None:
    files = {
        "OK": tmp_path / "r.pdf",
        "PDF": tmp_path / "r.txt",
        "NOFOLDER": tmp_path / "没有的文件夹" / "r.pdf",
        "XLSX": tmp_path / "r.xls",
    }
    options = {"--from": "2025-01-01", "--to": "2025-03-31", **change}
    args = ["report", "--data-dir", str(data)]
    for option, value in options.items():
        args += [option, str(files.get(value, value))]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert says in captured.err and "Traceback" not in captured.err
    assert captured.err.startswith("mediation-desk report：")
    assert not list(tmp_path.iterdir())  # nothing written, no .part left


def _exports(data: Path) -> list[tuple[str, str]]:
    """The export entries in the history: (operator's name, summary)."""
    db = Database(f"sqlite:///{data / 'mediation.db'}")
    try:
        with reading(db) as s:
            rows = s.execute(
                select(Operator.name, HistoryEntry.summary)
                .join(Operator, Operator.id == HistoryEntry.operator_id)
                .where(HistoryEntry.action == EXPORT)
                .order_by(HistoryEntry.id)
            )
            return [(r.name, r.summary) for r in rows]
    finally:
        db.dispose()


def test_a_scheduled_export_is_recorded_under_the_system_row(data: Path, tmp_path: Path) -> None:
    """No ``--operator``: the entry names the reserved 系统 row, not a real person."""
    before = len(_exports(data))
    pdf = tmp_path / "sys.pdf"
    assert main(["report", *Q1, "--data-dir", str(data), "--pdf", str(pdf)]) == 0
    entries = _exports(data)[before:]
    assert [name for name, _ in entries] == ["系统"] and "sys.pdf" in entries[0][1]


@pytest.mark.parametrize("kind", ["--xlsx", "--pdf"])
def test_a_failed_commit_leaves_no_file(  # type: ignore[no-untyped-def]
    data: Path, tmp_path: Path, capsys, monkeypatch, kind: str
) -> None:
    """The history entry cannot be kept (the database refuses): no file, no .part, exit 1."""
    import mediation_desk.db.unit_of_work as unit_of_work

    def refused(*_: object) -> None:
        raise OperationalError("INSERT INTO history", {}, sqlite3.OperationalError("disk I/O"))

    monkeypatch.setattr(unit_of_work, "append_history_rows", refused)
    target = tmp_path / f"r.{kind[2:]}"
    assert main(["report", *Q1, "--data-dir", str(data), kind, str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mediation-desk report：") and "Error" not in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["--xlsx", "--pdf"])
def test_a_failed_write_leaves_no_history_entry(  # type: ignore[no-untyped-def]
    data: Path, tmp_path: Path, capsys, monkeypatch, kind: str
) -> None:
    """A full disk while the file is written: told in Chinese, exit 1, no entry, no file."""
    import mediation_desk.db.files as files
    import mediation_desk.services.report_export as report_export

    def full(*_: object, **__: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report_export, "add_rows", full)
    monkeypatch.setattr(files.os, "fsync", full)
    before = _exports(data)
    target = tmp_path / f"r.{kind[2:]}"
    assert main(["report", *Q1, "--data-dir", str(data), kind, str(target)]) == 1
    err = capsys.readouterr().err
    assert "磁盘已满，统计报表未能保存" in err and "OSError" not in err and "No space" not in err
    assert "本次操作没有保存任何内容。" in err and "窗口" not in err  # no form at the command line
    assert _exports(data) == before
    assert not list(tmp_path.iterdir())


def test_a_folder_without_write_access_is_told_in_chinese(  # type: ignore[no-untyped-def]
    data: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Permission denied when the temporary file is made: exit 1, a Chinese message."""
    import mediation_desk.db.files as files

    def denied(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    before = _exports(data)
    target = tmp_path / "r.pdf"
    assert main(["report", *Q1, "--data-dir", str(data), "--pdf", str(target)]) == 1
    err = capsys.readouterr().err
    assert "没有写入权限" in err and "PermissionError" not in err and "denied" not in err
    assert _exports(data) == before and not target.exists()
