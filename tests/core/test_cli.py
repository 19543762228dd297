"""``mediation-desk documents``: the case's documents from the command line, on the app's
database, recorded like the window's; Chinese messages and exit codes for every wrong call."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mediation_desk.cli import main
from mediation_desk.domain.agreements import AgreementDraft, ClauseDraft, ClauseKind
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.services.agreements import save_agreement
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import list_generated
from mediation_desk.services.history import case_history
from tests.conftest import Centre, open_database, seed_centre
from tests.desk import add_account, run
from tests.documents.sample import full_case, register_sample_case

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Desk:
    """A data folder holding the app's SQLite database with one case with an agreement."""

    data: Path
    out: Path
    db: object
    centre: Centre
    case_id: int
    number: str

    def cli(self, *args: str) -> int:
        return main(["documents", "--data-dir", str(self.data), *args])


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    """The command sets the process umask (as the app does); give the test process its own back."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    data = tmp_path / "data"
    data.mkdir()
    db = open_database(f"sqlite:///{data / 'mediation.db'}")
    centre = seed_centre(db)
    case_id = full_case(db, centre)
    number = run(db, get_case, case_id).number
    yield Desk(data, tmp_path / "out", db, centre, case_id, number)
    db.dispose()  # type: ignore[attr-defined]


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Error:" not in err, err


def test_writes_the_documents_and_records_them(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    code = desk.cli("--case", desk.number, "--kind", "agreement", "--out", str(desk.out))
    out, err = capsys.readouterr()
    assert code == 0, err
    name = f"人民调解协议书_{desk.number}_v1.pdf"
    written = desk.out / name
    assert out.splitlines() == [str(written)]
    assert written.read_bytes().startswith(b"%PDF")
    # the same file as the window's, in the case folder, recorded as a version by the operator
    in_case_folder = desk.data / "cases" / str(desk.case_id) / name
    assert in_case_folder.read_bytes() == written.read_bytes()
    rows = run(desk.db, list_generated, desk.case_id)
    assert [(r.kind, r.file_format, r.version, r.file_name) for r in rows] == [
        (DocumentKind.AGREEMENT, FileFormat.PDF, 1, name)
    ]
    assert rows[0].operator_name == "测试员"
    entries = [h for h in run(desk.db, case_history, desk.case_id) if h.action == "document"]
    assert [(h.operator_name, h.summary) for h in entries] == [
        ("测试员", "生成人民调解协议书（PDF，第1版）")
    ]
    assert "已生成1个文件" in err and "测试员" in err
    assert os.stat(written).st_mode & 0o077 == 0  # readable by the user only, as the app's


def test_kinds_by_chinese_name_formats_and_next_versions(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["--case", desk.number, "--kind", "人民调解协议书", "registration"]
    assert desk.cli(*args, "--out", str(desk.out)) == 0
    assert desk.cli(*args, "--format", "docx", "--format", "PDF", "--out", str(desk.out)) == 0
    names = sorted(p.name for p in desk.out.iterdir())
    n = desk.number
    assert names == sorted(
        [
            f"人民调解协议书_{n}_v1.pdf",
            f"人民调解受理登记表_{n}_v1.pdf",
            f"人民调解协议书_{n}_v1.docx",
            f"人民调解受理登记表_{n}_v1.docx",
            f"人民调解协议书_{n}_v2.pdf",
            f"人民调解受理登记表_{n}_v2.pdf",
        ]
    )
    assert (desk.out / f"人民调解协议书_{n}_v1.docx").read_bytes()[:2] == b"PK"
    assert len(run(desk.db, list_generated, desk.case_id)) == 6


def test_without_kinds_every_available_document(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    assert desk.cli("--case", desk.number, "--out", str(desk.out)) == 0
    out, err = capsys.readouterr()
    kinds = {r.kind for r in run(desk.db, list_generated, desk.case_id)}
    # a signed agreement of a walk-in case: no oral form, no refusal, no termination notice,
    # no report to a referring court; no session minutes, investigation or visit recorded
    assert kinds == set(DocumentKind) - {
        DocumentKind.ORAL_AGREEMENT,
        DocumentKind.REFUSAL,
        DocumentKind.TERMINATION,
        DocumentKind.COURT_REPORT,
        DocumentKind.SESSION_MINUTES,
        DocumentKind.INVESTIGATION_RECORD,
        DocumentKind.FOLLOW_UP_RECORD,
        DocumentKind.RECEIPT,  # no payment recorded
    }
    assert len(out.splitlines()) == len(kinds)
    assert "不予受理通知书（本案未被不予受理）" in err


def test_list_names_what_the_case_can_have_now(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    assert desk.cli("--case", desk.number, "--list") == 0
    lines = dict(line.split("\t", 1) for line in capsys.readouterr().out.splitlines())
    assert lines["agreement"] == "人民调解协议书\t可以生成"
    assert lines["refusal"] == "不予受理通知书\t不能生成：本案未被不予受理"
    assert lines["oral_agreement"] == "口头协议登记表\t不能生成：尚无口头调解协议"
    assert set(lines) == {k.value for k in DocumentKind}
    assert run(desk.db, list_generated, desk.case_id) == []


def test_case_number_with_ascii_brackets_and_spaces(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    typed = " " + desk.number.replace("（", "(").replace("）", ") ") + " "
    assert typed.strip() != desk.number
    assert desk.cli("--case", typed, "--list") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--case", "（2026）城南人调字第999号", "--list"],
            "找不到案号为“（2026）城南人调字第999号”的案件",
        ),
        (["--case", "{number}", "--kind", "protocol", "--out", "{out}"], "没有“protocol”这种文书"),
        (["--case", "{number}", "--format", "odt", "--out", "{out}"], "没有“odt”这种格式"),
        (["--case", "{number}"], "请用 --out 指定保存文件的文件夹"),
        (["--list"], "请用 --case 指定案号"),
        (["--case", "{number}", "--kind"], "选项 --kind 后面至少需要一个值"),
        (["--case", "{number}", "--list", "--pages", "2"], "无法识别的参数：--pages 2"),
        (
            ["--case", "{number}", "--operator", "王五", "--out", "{out}"],
            "没有名为“王五”的在用账户",
        ),
    ],
)
def test_wrong_calls_get_chinese_messages_and_exit_2(
    desk: Desk, capsys, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    filled = [a.format(number=desk.number, out=desk.out) for a in args]
    assert desk.cli(*filled) == 2
    out, err = capsys.readouterr()
    assert message in err and err.startswith("mediation-desk documents：")
    _no_traceback(err)
    assert out == "" and not desk.out.exists()
    assert run(desk.db, list_generated, desk.case_id) == []


def test_a_kind_the_case_cannot_have_yet_is_refused(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["--case", desk.number, "--kind", "agreement", "refusal", "--out", str(desk.out)]
    assert desk.cli(*args) == 1
    err = capsys.readouterr().err
    assert "不予受理通知书：本案未被不予受理" in err and "未生成任何文件" in err
    assert run(desk.db, list_generated, desk.case_id) == []


def test_desk_error_is_chinese_and_nothing_is_kept(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(desk.db, desk.centre, applicant="王芳")
    ids = [p.id for p in run(desk.db, get_case, case_id).parties]
    unclear = AgreementDraft(clauses=[ClauseDraft(ClauseKind.PAYMENT, ids[1], ids[0], 100000)])
    run(desk.db, save_agreement, case_id=case_id, draft=unclear, actor=desk.centre.actor)
    number = run(desk.db, get_case, case_id).number
    args = ["--case", number, "--kind", "application", "agreement", "--out", str(desk.out)]
    assert desk.cli(*args) == 1
    err = capsys.readouterr().err
    assert "调解协议内容不明确" in err
    _no_traceback(err)
    assert run(desk.db, list_generated, case_id) == []


def test_operator_must_be_named_when_there_are_several(desk: Desk, capsys) -> None:  # type: ignore[no-untyped-def]
    add_account(desk.db, "李秀英")
    args = ["--case", desk.number, "--kind", "agreement", "--out", str(desk.out)]
    assert desk.cli(*args) == 2
    err = capsys.readouterr().err
    assert "请用 --operator 指定" in err and "李秀英" in err and "测试员" in err
    assert desk.cli(*args, "--operator", "李秀英") == 0
    rows = run(desk.db, list_generated, desk.case_id)
    assert [r.operator_name for r in rows] == ["李秀英"]


def test_missing_database_is_not_created(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["documents", "--data-dir", str(empty), "--case", "1号", "--list"])
    assert code == 2
    assert "数据文件夹中没有数据库" in capsys.readouterr().err
    assert not (empty / "mediation.db").exists()
    assert main(["documents", "--data-dir", str(tmp_path / "typo"), "--case", "1号", "--list"]) == 2
    assert "不存在" in capsys.readouterr().err and not (tmp_path / "typo").exists()


def test_unexpected_error_goes_to_the_log_not_the_screen(desk: Desk, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import mediation_desk.cli.documents as command

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("internal failure in English")

    monkeypatch.setattr(command, "generate_documents", broken)
    assert desk.cli("--case", desk.number, "--kind", "agreement", "--out", str(desk.out)) == 3
    err = capsys.readouterr().err
    assert "发生意外错误（RuntimeError）" in err and "English" not in err
    _no_traceback(err)
    log = desk.data / "logs" / "mediation-desk.log"
    assert "internal failure in English" in log.read_text(encoding="utf-8")


def test_help_and_unknown_command_are_chinese(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["documents", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：mediation-desk documents") and "--case 案号" in out
    assert "usage" not in out and "show this help" not in out
    assert main(["print"]) == 2
    assert "可用的命令：documents" in capsys.readouterr().err


def _env_without_qt(tmp_path: Path, data: Path) -> dict[str, str]:
    """No display, the data folder from the environment, and a PySide6 that cannot be
    imported: the command must never load Qt."""
    blocker = tmp_path / "no-qt" / "PySide6"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('Qt was imported')\n")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "MEDIATION_DESK_DATABASE_URL")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "no-qt"), str(REPO)])
    env["MEDIATION_DESK_DATA_DIR"] = str(data)
    return env


def test_the_real_command_without_display_or_qt(desk: Desk, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / (
        "mediation-desk.exe" if os.name == "nt" else "mediation-desk"
    )
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ui.app"]
    env = _env_without_qt(tmp_path, desk.data)
    args = ["documents", "--case", desk.number, "--kind", "agreement", "--out", str(desk.out)]
    done = subprocess.run(
        command + args, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(desk.out / f"人民调解协议书_{desk.number}_v1.pdf")
    assert "测试员" in done.stderr
    assert [r.version for r in run(desk.db, list_generated, desk.case_id)] == [1]
    # python -m mediation_desk: the same command, with the same Chinese refusals
    listed = subprocess.run(
        [sys.executable, "-m", "mediation_desk", "documents", "--case", "无此案", "--list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 2
    assert listed.stderr.startswith("python -m mediation_desk documents：找不到案号")
