"""A unit's case-number format is refused when a number it yields could not be a document's
file name (control characters, NUL, too long); what it accepts always saves its files."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.db.models import Case, HandlingUnit
from mediation_desk.domain.case_number import (
    LARGEST_SEQ,
    LARGEST_YEAR,
    MAX_FILE_NAME_BYTES,
    MAX_FORMAT_LENGTH,
    MAX_NUMBER_LENGTH,
    format_case_number,
    format_problem,
    longest_file_name_bytes,
    longest_number,
)
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.enums import UnitKind
from mediation_desk.errors import DeskError
from mediation_desk.services import intake, reference
from mediation_desk.services.documents import _file_name, generate_documents
from tests.desk import run
from tests.factories import two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
#: The most Chinese characters a format with a plain {year}{seq} may hold: the longest file name
#: is 人民调解受理登记表-sized label (30 bytes) + "_" + number + "_v999999.docx.part".
FITS = "测" * 65 + "{year}{seq}"
TOO_LONG = "测" * 66 + "{year}{seq}"


def test_the_limits_are_the_stored_lengths() -> None:
    assert HandlingUnit.__table__.c["number_format"].type.length == MAX_FORMAT_LENGTH
    assert Case.__table__.c["number"].type.length == MAX_NUMBER_LENGTH


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("（{year}）城南\x00人调字第{seq}号", "控制字符"),
        ("（{year}）城南人调字\x0b第{seq}号", "控制字符"),
        ("（{year}）城南人调字第{seq}号\t", "控制字符"),
        ("（{year}）城南人调字第{seq}号\x85", "控制字符"),
        ("{year}-{seq:0300d}", "超过80个字的上限"),
        ("{year}-{seq:>99999999999}", "请检查 {seq} 的写法"),
        ("{year}-{seq:{year}}", "请检查 {seq} 的写法"),
        (TOO_LONG, "文件名会超过系统允许的长度，请至少删去1个汉字"),
        ("测" * 80 + "{year}{seq}", "案号格式过长（最多80个字）"),
    ],
)
def test_unsafe_formats_are_refused(fmt: str, message: str) -> None:
    problem = format_problem(fmt)
    assert problem is not None and message in problem


@pytest.mark.parametrize(
    "fmt",
    [
        "（{year}）城南人调字第{seq}号",
        "测交调〔{year}〕{seq:04d}号",
        'a/b\\c<d>e:f"g|h?i*{year} {seq}',  # replaced by "_" in file names
        FITS,
    ],
)
def test_safe_formats_are_accepted(fmt: str) -> None:
    assert format_problem(fmt) is None
    assert longest_file_name_bytes(longest_number(fmt)) <= MAX_FILE_NAME_BYTES


@pytest.mark.parametrize("fmt", [FITS, 'a/b\\c<d>e:f"g|h?i*{year} {seq}', "第{seq:06d}号{year}"])
def test_the_bound_holds_for_every_file_name_the_documents_make(fmt: str) -> None:
    """``longest_file_name_bytes`` is never below what ``services.documents`` builds."""
    for year, seq in ((2026, 1), (LARGEST_YEAR, LARGEST_SEQ)):
        number = format_case_number(fmt, year, seq)
        for kind in DocumentKind:
            for f in FileFormat:
                name = _file_name(kind, number, 999_999, f) + ".part"
                assert len(name.encode()) <= longest_file_name_bytes(number)
                assert not set(name) & set('/\\<>:"|?*\x00')


def test_the_services_refuse_and_keep_the_old_format(db, centre) -> None:  # type: ignore[no-untyped-def]
    unit = centre.street_unit_id
    for bad in ("（{year}）城南\x00人调字第{seq}号", TOO_LONG):
        with pytest.raises(DeskError, match="案号格式"):
            run(
                db,
                reference.set_unit_number_format,
                unit_id=unit,
                number_format=bad,
                actor=centre.actor,
            )
        with pytest.raises(DeskError, match="案号格式"):
            run(
                db,
                reference.create_unit,
                name="新单位",
                kind=UnitKind.TRADE_COMMITTEE,
                number_format=bad,
                actor=centre.actor,
            )
    formats = {u.id: u.number_format for u in run(db, reference.list_units)}
    assert formats[unit] == "（{year}）城南人调字第{seq}号"
    assert "新单位" not in {u.name for u in run(db, reference.list_units)}


def test_the_longest_accepted_format_saves_its_documents(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """On a real file system (255-byte names): every kind, both formats, the longest label."""
    run(
        db,
        reference.set_unit_number_format,
        unit_id=centre.street_unit_id,
        number_format=FITS,
        actor=centre.actor,
    )
    draft = two_party_draft(centre.street_unit_id)
    case = run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    assert case.number == "测" * 65 + "20261"
    files = run(
        db,
        generate_documents,
        case_id=case.id,
        kinds=[DocumentKind.REGISTRATION, DocumentKind.RIGHTS_NOTICE],
        formats=[FileFormat.PDF, FileFormat.DOCX],
        folder=tmp_path / "case",
        actor=centre.actor,
    )
    assert sorted(p.name for p in (tmp_path / "case").iterdir()) == sorted(
        f.file_name for f in files
    )
