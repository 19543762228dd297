"""The documents panel, the confirmation pack, the print preview, the settings view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.services.documents import list_generated
from mediation_desk.settings import load_settings
from tests.desk import run
from tests.documents.sample import full_case
from ui.context import AppContext
from ui.dialogs.print_preview_dialog import PrintPreviewDialog
from ui.tasks import TaskRunner
from ui.views.document_settings_view import DocumentSettingsView
from ui.views.documents_panel import KIND_ROLE, DocumentsPanel


@pytest.fixture
def ctx(qapp, tmp_path, sqlite_db, sqlite_centre, monkeypatch) -> AppContext:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(TaskRunner, "synchronous", True)
    return AppContext(
        settings=load_settings(data_dir=tmp_path / "data"), db=sqlite_db, actor=sqlite_centre.actor
    )


def _check(panel: DocumentsPanel, kinds: set[DocumentKind]) -> None:
    for i in range(panel.kinds.count()):
        item = panel.kinds.item(i)
        if item.data(KIND_ROLE) in {k.value for k in kinds}:
            item.setCheckState(Qt.CheckState.Checked)


def test_generate_preview_and_versions(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.db, sqlite_centre)
    panel = DocumentsPanel(ctx, case_id)
    qtbot.addWidget(panel)
    _check(panel, {DocumentKind.AGREEMENT, DocumentKind.RIGHTS_NOTICE})
    panel.docx_box.setChecked(True)
    with qtbot.waitSignal(panel.documents_generated):
        panel.generate_button.click()
    assert panel.model.rowCount() == 4
    assert all((panel.folder / r.file_name).exists() for r in run(ctx.db, list_generated, case_id))
    panel.pack_button.click()
    versions: dict[tuple[DocumentKind, str], int] = {}
    for r in panel.model.rows:
        versions[(r.kind, r.file_format)] = max(r.version, versions.get((r.kind, r.file_format), 0))
    assert versions[(DocumentKind.AGREEMENT, "pdf")] == 2
    assert (DocumentKind.CONFIRMATION_APPLICATION, "docx") in versions
    row = next(r for r in panel.model.rows if r.file_format == "pdf")
    panel.open_preview(row)
    dialog = panel.preview_dialog
    assert isinstance(dialog, PrintPreviewDialog) and len(dialog.pages) >= 1
    assert dialog.pages[0].width() > 700  # A4 at 96 dpi is 794 px wide
    dialog.close()


def test_unavailable_documents_say_why(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.db, sqlite_centre, signed=False)
    panel = DocumentsPanel(ctx, case_id)
    qtbot.addWidget(panel)
    item = next(
        panel.kinds.item(i)
        for i in range(panel.kinds.count())
        if panel.kinds.item(i).data(KIND_ROLE) == DocumentKind.CONFIRMATION_APPLICATION.value
    )
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert item.toolTip() == "调解协议尚未生效"
    assert "尚未生效" in panel.pack_box.state.text()


def test_checklist_and_court(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.db, sqlite_centre)
    panel = DocumentsPanel(ctx, case_id)
    qtbot.addWidget(panel)
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
    assert view.save()
    from mediation_desk.services.document_settings import get_document_settings

    assert run(ctx.db, get_document_settings).default_court == "城南区人民法院"
    view.font_path.setText("/nope/font.ttf")
    assert not view.save()
    assert "不存在" in view.message.text()
