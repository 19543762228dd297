"""操作审计: the history newest first, filters, paging, the XLSX export (masked, audited)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from mediation_desk.services import intake
from mediation_desk.services.audit import EXPORT, AuditFilter, audit_event, search_audit
from tests.desk import as_system, every_role, run
from tests.factories import two_party_draft
from ui.views import audit_view
from ui.views.audit_view import AuditView

SHOTS = Path(os.environ.get("MEDIATION_DESK_SHOTS", "/tmp/shots-audit"))


@pytest.fixture
def view(qtbot, ctx, sqlite_db, sqlite_centre) -> AuditView:  # type: ignore[no-untyped-def]
    for name in ("张三", "王五", "赵六"):
        draft = two_party_draft(sqlite_centre.street_unit_id, applicant=name)
        run(sqlite_db, intake.register_case, draft, actor=sqlite_centre.actor)
    run(
        sqlite_db,
        as_system(audit_event),  # arranged: the reveal's own check is test_permission_matrix's
        "reveal_id",
        "查看张三的完整证件号码，联系电话13812345678",
        1,
        actor=sqlite_centre.actor,
    )
    v = AuditView(ctx)
    qtbot.addWidget(v)
    v.resize(1100, 460)
    return v


def _column(view: AuditView, column: int) -> list[str]:
    m = view.model
    return [m.data(m.index(r, column)) for r in range(m.rowCount())]


def test_newest_first_with_masked_text(view: AuditView) -> None:
    summaries = _column(view, 4)
    assert summaries[0].startswith("查看张三的完整证件号码")
    assert "13812345678" not in summaries[0] and "138****5678" in summaries[0]
    assert _column(view, 3)[0] == "查看完整证件号"
    assert view.status.text().startswith("共 ")
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "audit_view.png"))


def test_filters_by_action_case_and_operator(view: AuditView) -> None:
    view.action.setCurrentIndex(view.action.findData("register"))
    view.search_button.click()
    assert set(_column(view, 3)) == {"登记"} and view.model.rowCount() == 3
    number = _column(view, 2)[0]
    view.case_number.setText(number)
    view.search_button.click()
    assert _column(view, 2) == [number]
    view.operator.setCurrentIndex(view.operator.count() - 1)
    view.action.setCurrentIndex(0)
    view.case_number.clear()
    view.use_dates.setChecked(True)
    view.search_button.click()
    assert view.model.rowCount() > 3


def test_pages_load_older_rows(view: AuditView, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit_view, "PAGE", 2)
    view.reload()
    assert view.model.rowCount() == 2 and view.more_button.isEnabled()
    view.more_button.click()
    assert view.model.rowCount() == 4
    ids = [r.id for r in view.model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4


def test_export_writes_xlsx_masked_and_is_audited(  # type: ignore[no-untyped-def]
    view: AuditView, sqlite_db, tmp_path, monkeypatch
) -> None:
    target = tmp_path / "审计.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_button.click()
    with zipfile.ZipFile(target) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = "".join(
            book.read(n).decode("utf-8") for n in book.namelist() if "sharedStrings" in n
        )
    text = sheet + strings
    assert "查看张三的完整证件号码" in text and "138****5678" in text
    assert "13812345678" not in text
    assert "已导出" in view.status.text()
    exports = run(
        sqlite_db, search_audit, AuditFilter(action=EXPORT), actor=every_role(sqlite_db)
    ).rows
    assert len(exports) == 1 and exports[0].summary.endswith("审计.xlsx")
