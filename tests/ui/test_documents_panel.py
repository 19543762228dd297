"""The documents panel, the confirmation pack, the print preview, the settings view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.services.documents import list_generated
from tests.desk import run
from tests.documents.sample import full_case
from ui.dialogs.print_preview_dialog import PrintPreviewDialog
from ui.models.case_source import CaseSource
from ui.views.document_settings_view import DocumentSettingsView
from ui.views.documents_panel import KIND_ROLE, DocumentsPanel


def _panel(qtbot, ctx, case_id: int) -> DocumentsPanel:  # type: ignore[no-untyped-def]
    panel = DocumentsPanel(ctx, CaseSource(ctx, case_id))
    qtbot.addWidget(panel)
    return panel


def _check(panel: DocumentsPanel, kinds: set[DocumentKind]) -> None:
    for i in range(panel.kinds.count()):
        item = panel.kinds.item(i)
        if item.data(KIND_ROLE) in {k.value for k in kinds}:
            item.setCheckState(Qt.CheckState.Checked)


def test_generate_preview_and_versions(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    _check(panel, {DocumentKind.AGREEMENT, DocumentKind.RIGHTS_NOTICE})
    panel.docx_box.setChecked(True)
    with qtbot.waitSignal(panel.documents_generated):
        panel.generate_button.click()
    assert panel.model.rowCount() == 4
    assert all(
        (panel.folder / r.file_name).exists() for r in run(ctx.ops.db, list_generated, case_id)
    )
    panel.pack_button.click()
    versions: dict[tuple[DocumentKind, FileFormat], int] = {}
    for r in panel.model.rows:
        versions[(r.kind, r.file_format)] = max(r.version, versions.get((r.kind, r.file_format), 0))
    assert versions[(DocumentKind.AGREEMENT, FileFormat.PDF)] == 2
    assert (DocumentKind.CONFIRMATION_APPLICATION, FileFormat.DOCX) in versions
    row = next(r for r in panel.model.rows if r.file_format is FileFormat.PDF)
    panel.open_preview(row)
    dialog = panel.preview_dialog
    assert isinstance(dialog, PrintPreviewDialog) and len(dialog.pages) >= 1
    assert dialog.pages[0].width() > 700  # A4 at 96 dpi is 794 px wide
    dialog.close()


def test_unavailable_documents_say_why(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre, signed=False)
    panel = _panel(qtbot, ctx, case_id)
    item = next(
        panel.kinds.item(i)
        for i in range(panel.kinds.count())
        if panel.kinds.item(i).data(KIND_ROLE) == DocumentKind.CONFIRMATION_APPLICATION.value
    )
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert item.toolTip() == "调解协议尚未生效"
    assert "尚未生效" in panel.pack_box.state.text()


def test_checklist_and_court(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    box = panel.pack_box
    assert "2024-10-08" in box.deadline.text() and "顺延" in box.deadline.text()
    box.materials.item(1).setCheckState(Qt.CheckState.Checked)
    assert [m.code for m in box.pack.materials if m.gathered] == ["agreement"]
    box.court_rule.setCurrentIndex(box.court_rule.findData("party_domicile"))
    box.court_name.setText("城北区人民法院")
    box.court_button.click()
    assert box.pack.court.court == "城北区人民法院"
    assert "住所地" in box.court_why.text()


def test_preview_renders_pdf_bytes(qapp) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.documents.model import Document, Paragraph
    from mediation_desk.documents.pdf_render import render_pdf

    pdf = render_pdf(Document("x", "测试", (Paragraph("正文"),)))
    dialog = PrintPreviewDialog(pdf, "测试")
    assert len(dialog.pages) == 1
    dialog.deleteLater()


def test_document_settings_view(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    view = DocumentSettingsView(ctx)
    qtbot.addWidget(view)
    assert "正文" in view.font_state.text()
    view.court.setText("城南区人民法院")
    view.save()
    assert view.message.text() == "已保存"
    from mediation_desk.services.document_settings import get_document_settings

    assert run(ctx.ops.db, get_document_settings).default_court == "城南区人民法院"
    view.font_path.setText("/nope/font.ttf")
    view.save()
    assert "不存在" in view.message.text()
    assert view.font_path.text() == "/nope/font.ttf"  # what was typed stays


def test_a_font_lacking_characters_asks_before_printing_blanks(
    qtbot, ctx, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    case_id = full_case(ctx.ops.db, sqlite_centre, applicant="张𠀀")  # Ext-B: not in the font
    panel = _panel(qtbot, ctx, case_id)
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "warning", answer)
    _check(panel, {DocumentKind.APPLICATION})
    panel.generate_button.click()
    assert asked and "缺少" in asked[0]
    assert panel.model.rowCount() == 0  # refused: nothing generated
    assert ctx.ops.shown.messages == []  # handled by the panel, no second message


def test_generation_runs_in_the_background_with_progress(
    qtbot, sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """With the real worker thread: the list fills when the documents are done."""
    from mediation_desk.domain.clock import system_clock
    from mediation_desk.settings import load_settings
    from ui.context import AppContext
    from ui.operations import Operations

    ops = Operations(sqlite_db, clock=system_clock, actor=sqlite_centre.actor)
    ctx = AppContext(settings=load_settings(data_dir=tmp_path / "data"), ops=ops)
    case_id = full_case(sqlite_db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    _check(panel, {DocumentKind.AGREEMENT, DocumentKind.APPLICATION})
    with qtbot.waitSignal(panel.documents_generated, timeout=20000):
        panel.generate_button.click()
        assert not panel.generate_button.isEnabled()  # no second click while it runs
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert panel.generate_button.isEnabled()
    ops.wait()


def test_a_flagged_clause_is_left_out_of_the_request(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """民诉解释 art. 355: the clause is marked, and unticking it saves a partial request."""
    from tests.core.test_confirmation_legal import _homestead_case

    case_id = _homestead_case(ctx.ops.db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    box = panel.pack_box
    texts = [box.scope.item(i).text() for i in range(box.scope.count())]
    assert texts[4].startswith("⚠ 五、") and not any(t.startswith("⚠") for t in texts[:4])
    assert "宅基地" in box.scope.item(4).toolTip() and "第三百五十五条" in box.state.text()
    box.scope.item(4).setCheckState(Qt.CheckState.Unchecked)
    box.scope_button.click()
    assert box.pack.excluded == (4,) and not box.pack.unresolved
    assert "第三百五十五条" not in box.state.text()
    # the window shows what is stored: the clause stays unticked
    assert box.scope.item(4).checkState() == Qt.CheckState.Unchecked


def test_generated_files_open_only_for_who_may_see_the_full_ids(  # type: ignore[no-untyped-def]
    qtbot, ctx, sqlite_centre, monkeypatch
) -> None:
    """The documents print full ID numbers: preview and 打开文件夹 follow 查看完整证件号码
    (every case) and 查看本人案件的完整证件号码 (the case's own mediator)."""
    from dataclasses import replace

    from PySide6.QtWidgets import QMessageBox

    from mediation_desk.domain.roles import Role

    case_id = full_case(ctx.ops.db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    _check(panel, {DocumentKind.AGREEMENT})
    with qtbot.waitSignal(panel.documents_generated):
        panel.generate_button.click()
    director = ctx.ops.actor
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))

    def shown() -> tuple[bool, bool]:
        return not panel.preview_button.isHidden(), not panel.folder_button.isHidden()

    assert shown() == (True, True)
    ctx.ops.set_actor(replace(director, roles=frozenset({Role.CLERK}), mediator_id=None))
    assert shown() == (False, False)
    panel.open_preview(panel.model.rows[0])  # e.g. a double click, or 打印调解记录
    assert panel.preview_dialog is None and "完整证件号码" in said[0]
    own = replace(director, roles=frozenset({Role.MEDIATOR}), mediator_id=sqlite_centre.mediator_id)
    ctx.ops.set_actor(own)
    assert shown() == (True, True)
    ctx.ops.set_actor(replace(own, mediator_id=sqlite_centre.mediator_id + 100))  # not theirs
    assert shown() == (False, False)
