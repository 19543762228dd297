"""The 回访记录: one per visit recorded, offered once a visit is recorded, rendered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mediation_desk.documents.model import Document, Paragraph, Signatures, Table
from mediation_desk.documents.pdf_render import render_pdf_pages
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.follow_ups import Performed, Satisfaction, VisitDraft, VisitForm
from mediation_desk.errors import DeskError
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.documents import build_document, document_options, generate_documents
from mediation_desk.services.follow_ups import follow_ups_of, plan_follow_up, record_visit
from tests.desk import run
from tests.documents.sample import full_case

TODAY = dt.date.today()


def _visited(db, centre) -> int:  # type: ignore[no-untyped-def]
    """The sample case (agreement in effect) with two visits recorded."""
    case_id = full_case(db, centre)
    first = run(db, follow_ups_of, case_id)[0]
    draft = VisitDraft(
        VisitForm.HOME,
        TODAY,
        "周建国、李秀英",
        Performed.PARTLY,
        Satisfaction.BASIC,
        went_to_court=True,
        court_note="申请人已向城南区人民法院起诉",
        measures="督促被申请人于本月底前付清余款",
        note="被申请人已支付第一期款项，第二期尚未支付。",
    )
    run(db, record_visit, first.id, draft, actor=centre.actor)
    extra = run(db, plan_follow_up, case_id, TODAY, "电话回访", actor=centre.actor)
    done = VisitDraft(VisitForm.PHONE, TODAY, "李秀英", Performed.YES, Satisfaction.SATISFIED)
    run(db, record_visit, extra.id, done, actor=centre.actor)
    return case_id


def _available(db, case_id: int) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    options = run(db, lambda uow: document_options(load_case_data(uow.read(), case_id)))
    o = next(o for o in options if o.kind is DocumentKind.FOLLOW_UP_RECORD)
    return o.available, o.reason


def test_offered_once_a_visit_is_recorded(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(sqlite_db, sqlite_centre)
    assert _available(sqlite_db, case_id) == (False, "尚无回访记录（在“回访”页登记）")
    with pytest.raises(DeskError, match="尚无回访记录"):
        run(
            sqlite_db,
            build_document,
            case_id,
            DocumentKind.FOLLOW_UP_RECORD,
            actor=sqlite_centre.actor,
        )


def test_the_record_states_the_visit(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _visited(sqlite_db, sqlite_centre)
    assert _available(sqlite_db, case_id) == (True, "")
    first = next(t for t in run(sqlite_db, follow_ups_of, case_id) if t.ordinal == 1)
    doc: Document = run(
        sqlite_db,
        build_document,
        case_id,
        DocumentKind.FOLLOW_UP_RECORD,
        record_id=first.id,
        actor=sqlite_centre.actor,
    )
    assert doc.title == "人民调解回访记录" and doc.above_title == "城南街道人民调解委员会"
    table = next(b for b in doc.blocks if isinstance(b, Table))
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows["回访方式"] == "上门"
    assert rows["回 访 人"] == "周建国、李秀英"
    assert rows["履行情况"] == "部分履行"
    assert rows["当事人满意度"] == "基本满意"
    assert rows["是否已起诉"] == "是。申请人已向城南区人民法院起诉"
    assert rows["采取的措施"] == "督促被申请人于本月底前付清余款"
    assert rows["回访事由"].startswith("协议约定2024年9月5日前履行")
    assert rows["调解协议"] == "书面调解协议，2024年9月1日生效"
    signers = next(b for b in doc.blocks if isinstance(b, Signatures)).signers
    assert [s.label for s in signers] == ["回访人：周建国", "回访人：李秀英", "记录人：测试员"]
    assert any(isinstance(b, Paragraph) and "第1次回访" in b.text for b in doc.blocks)


def test_one_file_per_visit_and_every_page_inked(
    sqlite_db, sqlite_centre, fonts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    case_id = _visited(sqlite_db, sqlite_centre)
    files = run(
        sqlite_db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.FOLLOW_UP_RECORD],
        formats=[FileFormat.PDF, FileFormat.DOCX],
        folder=tmp_path,
        actor=sqlite_centre.actor,
    )
    names = sorted(f.file_name.split("_")[0] + f.file_name[-4:] for f in files)
    assert names == [
        "回访记录第1次.pdf",
        "回访记录第1次docx",
        "回访记录第2次.pdf",
        "回访记录第2次docx",
    ]
    doc = run(
        sqlite_db, build_document, case_id, DocumentKind.FOLLOW_UP_RECORD, actor=sqlite_centre.actor
    )
    data, pages, _ = render_pdf_pages(doc, fonts)
    assert data.startswith(b"%PDF") and pages == 1
