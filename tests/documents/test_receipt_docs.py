"""The 收条: what it says for a payment recorded on the performance page, when it is offered,
one file per payment, and that it prints on one page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mediation_desk.documents.model import Paragraph, Signatures, Table
from mediation_desk.documents.pdf_render import render_pdf_pages
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.performance_marks import PerformanceState, ProofKind
from mediation_desk.errors import DeskError
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.documents import build_document, document_options, generate_documents
from mediation_desk.services.performance import mark_item, performance_of
from tests.desk import run
from tests.documents.sample import full_case

NOW = dt.datetime(2024, 11, 4, 10, 0)


def _paid_case(db, centre) -> int:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre)
    for state, amount in ((PerformanceState.PARTLY, 500_000), (PerformanceState.PERFORMED, None)):
        run(
            db,
            mark_item,
            case_id,
            (0, 0),
            state,
            dt.date(2024, 10, 8),
            amount_fen=amount,
            proof_kind=ProofKind.RECEIPT,
            actor=centre.actor,
            now=NOW,
        )
    return case_id


def _offered(db, case_id: int) -> bool:  # type: ignore[no-untyped-def]
    options = run(db, lambda uow: document_options(load_case_data(uow.read(), case_id)))
    return next(o for o in options if o.kind is DocumentKind.RECEIPT).available


def test_the_receipt_names_payer_payee_amount_and_clause(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    unpaid = full_case(sqlite_db, sqlite_centre)
    assert not _offered(sqlite_db, unpaid)
    with pytest.raises(DeskError, match="尚未登记付款"):
        run(sqlite_db, build_document, unpaid, DocumentKind.RECEIPT, actor=sqlite_centre.actor)
    case_id = _paid_case(sqlite_db, sqlite_centre)
    assert _offered(sqlite_db, case_id)
    marks = run(sqlite_db, performance_of, case_id, now=NOW).item((0, 0)).marks
    doc = run(
        sqlite_db,
        build_document,
        case_id,
        DocumentKind.RECEIPT,
        record_id=marks[0].id,
        actor=sqlite_centre.actor,
    )
    assert doc.title == "收　条" and doc.above_title == "城南街道人民调解委员会"
    lead = next(b for b in doc.blocks if isinstance(b, Paragraph)).text
    assert lead.startswith("今收到李四依照（") and "号调解协议第一条第一期" in lead
    assert "第一条第一期的约定支付的款项人民币伍仟元整（¥5,000.00）" in lead
    table = next(b for b in doc.blocks if isinstance(b, Table))
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows["收款人"] == "张三" and rows["金额（小写）"] == "¥5,000.00"
    assert rows["款项"].splitlines()[1] == (
        "该项应付¥20,000.00，连同本次累计已付¥5,000.00，尚欠¥15,000.00。"
    )
    assert rows["付款日期"] == "2024年10月8日"
    signers = next(b for b in doc.blocks if isinstance(b, Signatures)).signers
    assert [s.label for s in signers] == ["收款人：张三", "见证调解员：周建国"]
    latest = run(
        sqlite_db, build_document, case_id, DocumentKind.RECEIPT, actor=sqlite_centre.actor
    )  # the last payment
    assert "壹万伍仟元整" in latest.all_text() and "已全部付清" in latest.all_text()


def test_one_receipt_file_per_payment_on_one_page(
    sqlite_db, sqlite_centre, tmp_path: Path, fonts
) -> None:  # type: ignore[no-untyped-def]
    case_id = _paid_case(sqlite_db, sqlite_centre)
    files = run(
        sqlite_db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.RECEIPT],
        formats=[FileFormat.PDF],
        folder=tmp_path,
        actor=sqlite_centre.actor,
    )
    assert [f.file_name.split("_")[0] for f in files] == [
        "收条（第一条第一期第1笔）",
        "收条（第一条第一期第2笔）",
    ]
    doc = run(sqlite_db, build_document, case_id, DocumentKind.RECEIPT, actor=sqlite_centre.actor)
    data, pages, _ = render_pdf_pages(doc, fonts)
    assert pages == 1
    keep = os.environ.get("MEDIATION_DESK_RECEIPT_PDF")
    if keep:
        Path(keep).write_bytes(data)
