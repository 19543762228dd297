"""The 卷宗 tab: attachments, contents with pages, what is missing (double-click goes where it
is fixed), archiving and unlocking, a bad file's message."""

from __future__ import annotations

import datetime as dt
import os

from mediation_desk.domain.case_file import FileSlot, FixPlace
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.services.cases import get_case
from tests import case_file_samples as samples
from tests.core.test_case_file import closed_case, complete_file
from tests.desk import run
from ui.dialogs.case_detail_dialog import INFO_PAGES, CaseDetailDialog
from ui.views.case_file_page import ArchiveDialog, AttachmentDialog

SHOTS = os.environ.get("CASE_FILE_SHOTS", "")  # a folder to save screenshots in


def _open(qtbot, ctx, case_id):  # type: ignore[no-untyped-def]
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.case_file_page)
    return dialog, dialog.case_file_page


def test_the_tab_lists_attachments_contents_and_what_is_missing(
    qtbot, ctx, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(ctx.ops.db, sqlite_centre)
    dialog, page = _open(qtbot, ctx, case_id)
    assert dialog.tabs.tabText(INFO_PAGES + 1) == "卷宗"
    missing = [page.missing_list.item(i).text() for i in range(page.missing_list.count())]
    assert any("当事人身份证明材料" in m for m in missing)
    assert not page.archive_button.isEnabled()
    # double-click on the missing mediation record goes to the sessions tab
    row = next(i for i, m in enumerate(missing) if "人民调解记录" in m)
    page.missing_list.itemDoubleClicked.emit(page.missing_list.item(row))
    assert dialog.tabs.currentIndex() == 3
    dialog.show_fix_place(FixPlace.AGREEMENT)
    assert dialog.paperwork.currentWidget() is dialog.agreement_editor
    # add a photo through the dialog (slot and title)
    photo = samples.jpeg_file(tmp_path / "id.jpg")
    chooser = AttachmentDialog(photo, page)
    chooser.slot_box.setCurrentIndex(chooser.slot_box.findData(FileSlot.IDENTITY))
    chooser.title_edit.setText("张三身份证复印件")
    page.add_file(photo, dialog=chooser)
    titles = [page.attachments.item(r, 1).text() for r in range(page.attachments.rowCount())]
    assert titles == ["张三身份证复印件"]
    listed = [page.contents.item(r, 1).text() for r in range(page.contents.rowCount())]
    assert listed[0] == "卷宗封面" and "张三身份证复印件" in listed and listed[-1] == "卷内备考表"
    # a bad file: a Chinese message, nothing lost
    bad = samples.word_file(tmp_path / "合同.docx")
    page.import_file(bad, FileSlot.EVIDENCE, "合同")
    assert any("不支持" in m for m in ctx.ops.shown.messages)
    assert page.attachments.rowCount() == 1
    # taken out again, with a reason: off the list and the contents, kept in the history
    assert page.remove_button.isEnabled()
    page.remove(page.data.contents.attachments[0].id, "误传，非本案当事人")
    assert page.attachments.rowCount() == 0
    listed = [page.contents.item(r, 1).text() for r in range(page.contents.rowCount())]
    assert "张三身份证复印件" not in listed


def test_archive_and_unlock_from_the_tab(qtbot, ctx, sqlite_centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = closed_case(ctx.ops.db, sqlite_centre)
    data_dir = complete_file(ctx.ops.db, sqlite_centre, case_id, tmp_path)
    assert data_dir == ctx.settings.data_dir
    dialog, page = _open(qtbot, ctx, case_id)
    archive = ArchiveDialog(dt.date.today(), page.data.suggested_retention, page)
    archive.number_edit.setText("2026-城南-0100")
    archive.filer_edit.setText("王立卷")
    assert page.data.missing == ()
    assert page.archive_button.isEnabled()
    page.archive(archive)
    assert run(ctx.ops.db, get_case, case_id).status is CaseStatus.ARCHIVED
    assert "已归档：卷宗号 2026-城南-0100" in page.status_label.text()
    assert page.unlock_button.isEnabled() and not page.add_button.isEnabled()
    if SHOTS:
        dialog.resize(1000, 640)
        dialog.grab().save(f"{SHOTS}/case_file_archived.png")
    page.unlock("补充材料")
    assert run(ctx.ops.db, get_case, case_id).status is CaseStatus.CLOSED
    assert page.add_button.isEnabled()
