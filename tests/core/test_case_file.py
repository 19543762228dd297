"""The case file (卷宗): attachments, contents with page ranges, completeness, archiving with
its lock, and the whole file as one PDF."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from mediation_desk.demo.lifecycle_demo import _closed
from mediation_desk.domain.agreements import AgreementForm
from mediation_desk.domain.case_file import (
    FileEntry,
    FileFacts,
    FileSlot,
    FixPlace,
    Retention,
    number_pages,
    retention_for,
)
from mediation_desk.domain.case_file import (
    completeness as completeness_rule,
)
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.errors import CaseLocked, DeskError
from mediation_desk.services import case_file as cf
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import case_folder, generate_documents
from mediation_desk.services.history import case_history
from mediation_desk.services.intake import register_case
from tests import case_file_samples as samples
from tests.desk import run
from tests.factories import two_party_draft


def closed_case(db, centre) -> int:  # type: ignore[no-untyped-def]
    case_id = run(db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor).id
    run(db, _closed, case_id, dt.date.today(), actor=centre.actor)
    return case_id


def attach(db, centre, case_id, path, slot, title, data_dir, **kw):  # type: ignore[no-untyped-def]
    return run(
        db,
        cf.import_attachment,
        case_id=case_id,
        path=path,
        slot=slot,
        title=title,
        data_dir=data_dir,
        actor=centre.actor,
        **kw,
    )


def complete_file(db, centre, case_id: int, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Generate the standard documents and attach what the clerk would scan."""
    data_dir = tmp_path / "data"
    run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION, DocumentKind.RIGHTS_NOTICE, DocumentKind.AGREEMENT],
        formats=[FileFormat.PDF],
        folder=case_folder(data_dir, case_id),
        allow_missing=True,
        actor=centre.actor,
    )
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    attach(
        db,
        centre,
        case_id,
        samples.jpeg_file(src / "id.jpg"),
        FileSlot.IDENTITY,
        "张三身份证复印件",
        data_dir,
    )
    attach(
        db,
        centre,
        case_id,
        samples.pdf_file(src / "rec.pdf", 2),
        FileSlot.MEDIATION_RECORD,
        "调解笔录（手写）",
        data_dir,
    )
    attach(
        db,
        centre,
        case_id,
        samples.png_file(src / "receipt.png"),
        FileSlot.PERFORMANCE,
        "转账凭证",
        data_dir,
    )
    return data_dir


# --- the pure rules ------------------------------------------------------------------------


def test_page_ranges_run_on_from_the_cover_in_file_order() -> None:
    entries = [
        FileEntry(FileSlot.BACK_COVER, "卷内备考表", 1, "built"),
        FileEntry(FileSlot.EVIDENCE, "照片", 3, "attachment", 2),
        FileEntry(FileSlot.COVER, "卷宗封面", 1, "built"),
        FileEntry(FileSlot.CONTENTS, "卷内目录", 1, "built"),
        FileEntry(FileSlot.APPLICATION, "受理登记表", 2, "document", 1),
    ]
    numbered = number_pages(entries)
    assert [(n.number, n.entry.title, n.page_range) for n in numbered] == [
        (1, "卷宗封面", "1"),
        (2, "卷内目录", "2"),
        (3, "受理登记表", "3–4"),
        (4, "照片", "5–7"),
        (5, "卷内备考表", "8"),
    ]


def test_completeness_lists_what_each_outcome_needs_with_where_to_fix_it() -> None:
    facts = FileFacts(
        outcome=CaseStatus.SUCCEEDED,
        present=frozenset({FileSlot.APPLICATION, FileSlot.RIGHTS_NOTICE}),
        has_entrusted_agent=True,
        agreement_form=AgreementForm.WRITTEN,
        missing_signers=("李四",),
        confirmation_sought=True,
        confirmation_materials_missing=("身份证明",),
    )
    missing = completeness_rule(facts)
    texts = [m.text for m in missing]
    assert "缺少当事人身份证明材料" in texts
    assert "缺少授权委托书" in texts
    assert "缺少人民调解记录" in texts
    assert any("李四" in t for t in texts)
    assert any("履行" in t for t in texts)
    assert any("司法确认材料不全" in t for t in texts)
    places = {m.text: m.fix for m in missing}
    assert places["缺少人民调解记录"] is FixPlace.SESSIONS
    assert places["缺少授权委托书"] is FixPlace.ATTACHMENTS
    # a visit done or performance marked satisfies the follow-up
    done = completeness_rule(
        FileFacts(
            outcome=CaseStatus.SUCCEEDED,
            present=frozenset(
                {
                    FileSlot.APPLICATION,
                    FileSlot.IDENTITY,
                    FileSlot.RIGHTS_NOTICE,
                    FileSlot.MEDIATION_RECORD,
                    FileSlot.AGREEMENT,
                }
            ),
            agreement_form=AgreementForm.WRITTEN,
            agreement_effective=True,
            visits_done=1,
        )
    )
    assert done == []
    refused = FileFacts(
        outcome=CaseStatus.REFUSED, present=frozenset({FileSlot.APPLICATION, FileSlot.IDENTITY})
    )
    assert completeness_rule(refused) == []


def test_retention_by_rule_and_confirmation() -> None:
    assert retention_for(CaseStatus.FAILED) is Retention.SHORT
    assert retention_for(CaseStatus.FAILED, confirmation_sought=True) is Retention.LONG
    rule = {CaseStatus.SUCCEEDED: Retention.PERMANENT}
    assert retention_for(CaseStatus.SUCCEEDED, rule) is Retention.PERMANENT


# --- attachments -------------------------------------------------------------------------


def test_import_copies_privately_with_sha256_and_counts_pages(
    sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    case_id = closed_case(sqlite_db, sqlite_centre)
    src = samples.pdf_file(tmp_path / "委托书.pdf", 3)
    view = attach(
        sqlite_db, sqlite_centre, case_id, src, FileSlot.POWER_OF_ATTORNEY, "授权委托书", tmp_path
    )
    stored = case_folder(tmp_path, case_id) / view.stored_path
    assert view.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    assert stored.read_bytes() == src.read_bytes()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert view.stored_path.startswith("attachments/")
    assert (view.pages, view.kind, view.slot) == (3, "pdf", FileSlot.POWER_OF_ATTORNEY)
    assert view.original_name == "委托书.pdf"
    photo = samples.jpeg_file(tmp_path / "photo.bin")  # detected by content, not by name
    assert (
        attach(
            sqlite_db, sqlite_centre, case_id, photo, FileSlot.EVIDENCE, "现场照片", tmp_path
        ).kind
        == "jpeg"
    )
    history = run(sqlite_db, case_history, case_id)
    assert any("添加附件“授权委托书”" in h.summary for h in history)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (samples.encrypted_pdf, "已加密"),
        (samples.broken_jpeg, "图片文件已损坏"),
        (samples.huge_photo, "超过附件上限50.0 MB"),
        (samples.word_file, "不支持"),
    ],
)
def test_bad_files_are_refused_and_nothing_attached_is_lost(
    sqlite_db, sqlite_centre, tmp_path, make, message
) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    good = attach(
        sqlite_db,
        sqlite_centre,
        case_id,
        samples.jpeg_file(tmp_path / "ok.jpg"),
        FileSlot.IDENTITY,
        "身份证",
        tmp_path,
    )
    bad = make(tmp_path / "bad.file")
    with pytest.raises(DeskError) as refused:
        attach(sqlite_db, sqlite_centre, case_id, bad, FileSlot.EVIDENCE, "证据", tmp_path)
    assert message in refused.value.message
    assert [a.id for a in run(sqlite_db, cf.list_attachments, case_id)] == [good.id]
    folder = case_folder(tmp_path, case_id) / "attachments"
    assert sorted(p.name for p in folder.iterdir()) == [Path(good.stored_path).name]


def test_a_broken_pdf_is_refused(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    whole = samples.pdf_file(tmp_path / "whole.pdf").read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(whole[:200])
    with pytest.raises(DeskError, match="PDF 文件已损坏"):
        attach(sqlite_db, sqlite_centre, case_id, broken, FileSlot.EVIDENCE, "证据", tmp_path)


def test_the_same_file_twice_is_a_warning_by_sha256(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    photo = samples.jpeg_file(tmp_path / "a.jpg")
    attach(sqlite_db, sqlite_centre, case_id, photo, FileSlot.EVIDENCE, "现场照片", tmp_path)
    with pytest.raises(cf.DuplicateAttachment, match="现场照片"):
        attach(sqlite_db, sqlite_centre, case_id, photo, FileSlot.EVIDENCE, "又一张", tmp_path)
    again = attach(
        sqlite_db,
        sqlite_centre,
        case_id,
        photo,
        FileSlot.EVIDENCE,
        "又一张",
        tmp_path,
        allow_duplicate=True,
    )
    assert len(run(sqlite_db, cf.list_attachments, case_id)) == 2
    assert (case_folder(tmp_path, case_id) / again.stored_path).exists()


def test_built_slots_take_no_attachment(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    with pytest.raises(DeskError, match="由系统生成"):
        attach(
            sqlite_db,
            sqlite_centre,
            case_id,
            samples.jpeg_file(tmp_path / "c.jpg"),
            FileSlot.COVER,
            "封面",
            tmp_path,
        )


# --- contents, completeness, archiving ----------------------------------------------------


def test_contents_put_documents_and_attachments_in_file_order(
    sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    data_dir = complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    contents = run(sqlite_db, cf.case_file_contents, case_id=case_id, data_dir=data_dir)
    slots = [n.entry.slot for n in contents.entries]
    assert slots == sorted(slots, key=lambda s: s.position)
    assert slots[0] is FileSlot.COVER and slots[-1] is FileSlot.BACK_COVER
    titles = [n.entry.title for n in contents.entries]
    assert "人民调解受理登记表" in titles and "调解笔录（手写）" in titles
    record = next(n for n in contents.entries if n.entry.title == "调解笔录（手写）")
    assert record.last_page - record.first_page == 1
    for a, b in zip(contents.entries, contents.entries[1:], strict=False):
        assert b.first_page == a.last_page + 1


def test_the_contents_generated_alone_list_the_real_file(
    sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The 卷内目录 from the documents panel prints what is in the file, with its pages, as the
    whole-file PDF does (not the blank list)."""
    case_id = closed_case(sqlite_db, sqlite_centre)
    data_dir = complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    from pypdf import PdfReader

    from mediation_desk.services.documents import case_folder, generate_documents

    folder = case_folder(data_dir, case_id)
    run(
        sqlite_db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.FILE_CONTENTS],
        formats=[FileFormat.PDF],
        folder=folder,
        allow_missing=True,
        actor=sqlite_centre.actor,
    )
    newest = max(folder.glob("卷内目录_*.pdf"), key=lambda p: p.stat().st_mtime)
    text = "".join(page.extract_text() for page in PdfReader(newest).pages)
    assert "调解笔录（手写）" in text and "人民调解受理登记表" in text


def test_completeness_of_a_real_case(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    missing = run(sqlite_db, cf.completeness, case_id=case_id)
    assert {m.slot for m in missing if m.slot} >= {
        FileSlot.APPLICATION,
        FileSlot.IDENTITY,
        FileSlot.MEDIATION_RECORD,
        FileSlot.PERFORMANCE,
    }
    complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    assert run(sqlite_db, cf.completeness, case_id=case_id) == []


def test_archive_refuses_an_incomplete_file_then_locks_and_unlocks(
    sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(sqlite_db, sqlite_centre)
    today = dt.date.today()

    def archive(**kw):  # type: ignore[no-untyped-def]
        args = {
            "file_number": "2026-城南-0001",
            "filer": "王立卷",
            "on": today,
            "retention": None,
            "data_dir": tmp_path / "data",
        }
        return run(
            sqlite_db, cf.archive_case, case_id=case_id, actor=sqlite_centre.actor, **{**args, **kw}
        )

    with pytest.raises(cf.FileIncomplete) as incomplete:
        archive()
    assert "当事人身份证明材料" in incomplete.value.message
    complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    with pytest.raises(DeskError, match="卷宗号"):
        archive(file_number=" ")
    view = archive()
    assert view.retention is Retention.LONG and view.page_count > 5
    assert run(sqlite_db, get_case, case_id).status is CaseStatus.ARCHIVED
    # locked: attachments, agreement changes and moves are refused
    with pytest.raises(CaseLocked, match="已归档"):
        attach(
            sqlite_db,
            sqlite_centre,
            case_id,
            samples.png_file(tmp_path / "x.png", (300, 300)),
            FileSlot.EVIDENCE,
            "补充",
            tmp_path / "data",
        )
    with pytest.raises(DeskError, match="已归档"):
        run(
            sqlite_db,
            move_case,
            case_id=case_id,
            event=CaseEvent.REOPEN_CLOSED,
            note="误操作",
            actor=sqlite_centre.actor,
        )
    with pytest.raises(DeskError, match="原因"):
        run(sqlite_db, cf.unlock_case, case_id=case_id, reason=" ", actor=sqlite_centre.actor)
    run(
        sqlite_db, cf.unlock_case, case_id=case_id, reason="补充履行凭证", actor=sqlite_centre.actor
    )
    assert run(sqlite_db, get_case, case_id).status is CaseStatus.CLOSED
    unlocked = [h for h in run(sqlite_db, case_history, case_id) if "解除归档" in h.summary]
    assert (
        unlocked
        and unlocked[-1].operator_name == "测试员"
        and "补充履行凭证" in unlocked[-1].summary
    )
    attach(
        sqlite_db,
        sqlite_centre,
        case_id,
        samples.png_file(tmp_path / "x.png", (300, 300)),
        FileSlot.EVIDENCE,
        "补充",
        tmp_path / "data",
    )
    assert archive().file_number == "2026-城南-0001"  # archived again with the same number


def test_the_lock_refuses_agreement_and_signature_changes(
    sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.agreements import SignerRole
    from mediation_desk.services.agreements import remove_signature

    case_id = closed_case(sqlite_db, sqlite_centre)
    data_dir = complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    run(
        sqlite_db,
        cf.archive_case,
        case_id=case_id,
        file_number="A-1",
        filer="王",
        on=dt.date.today(),
        retention=Retention.SHORT,
        data_dir=data_dir,
        actor=sqlite_centre.actor,
    )
    with pytest.raises(DeskError, match="已归档"):  # the agreement's own rule says it first
        run(
            sqlite_db,
            remove_signature,
            case_id=case_id,
            role=SignerRole.SEAL,
            reason="盖错章",
            actor=sqlite_centre.actor,
        )
    # printing stays allowed
    run(
        sqlite_db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION],
        formats=[FileFormat.PDF],
        folder=case_folder(data_dir, case_id),
        allow_missing=True,
        actor=sqlite_centre.actor,
    )


def test_a_file_number_is_unique(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first, second = closed_case(sqlite_db, sqlite_centre), closed_case(sqlite_db, sqlite_centre)
    for case_id in (first, second):
        data_dir = complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    run(
        sqlite_db,
        cf.archive_case,
        case_id=first,
        file_number="A-1",
        filer="王",
        on=dt.date.today(),
        retention=None,
        data_dir=data_dir,
        actor=sqlite_centre.actor,
    )
    with pytest.raises(DeskError, match="已被其他案件使用"):
        run(
            sqlite_db,
            cf.archive_case,
            case_id=second,
            file_number="A-1",
            filer="王",
            on=dt.date.today(),
            retention=None,
            data_dir=data_dir,
            actor=sqlite_centre.actor,
        )


def test_the_merged_pdf_has_the_pages_the_contents_list(sqlite_db, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    case_id = closed_case(sqlite_db, sqlite_centre)
    data_dir = complete_file(sqlite_db, sqlite_centre, case_id, tmp_path)
    run(
        sqlite_db,
        cf.archive_case,
        case_id=case_id,
        file_number="2026-城南-0007",
        filer="王立卷",
        on=dt.date.today(),
        retention=None,
        data_dir=data_dir,
        actor=sqlite_centre.actor,
    )
    contents = run(sqlite_db, cf.case_file_contents, case_id=case_id, data_dir=data_dir)
    path = run(
        sqlite_db, cf.case_file_pdf, case_id=case_id, data_dir=data_dir, actor=sqlite_centre.actor
    )
    reader = PdfReader(path)
    assert len(reader.pages) == contents.page_count == contents.archive.page_count
    cover = reader.pages[0].extract_text()
    assert (
        "2026-城南-0007" in cover
        and "王立卷" in cover
        and f"本卷共{contents.page_count}页" in cover
    )
    listing = reader.pages[1].extract_text()
    for n in contents.entries:
        assert n.entry.title in listing and n.page_range in listing
    # the stamped number of the last page is the page count
    assert str(contents.page_count) in reader.pages[-1].extract_text()
    assert "卷内备考表" in reader.pages[-1].extract_text()
