"""The 调解记录 (one per session, from its minutes) and the 调查记录: what they say, who signs,
when they are offered, and that they are generated one file per record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mediation_desk.documents.model import Document, Line, Paragraph, Signatures, Table
from mediation_desk.documents.pdf_render import render_pdf_pages
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.errors import DeskError
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.documents import build_document, document_options, generate_documents
from mediation_desk.services.minutes import case_investigations, minutes_for, save_minutes
from tests.desk import run
from tests.minutes_sample import (
    at,
    complete_draft,
    record_minutes_and_investigation,
    sitting_case,
)


def _rows(doc: Document) -> dict[str, str]:
    table = next(b for b in doc.blocks if isinstance(b, Table))
    return {r.cells[0].text: r.cells[1].text for r in table.rows}


def _said(doc: Document) -> list[str]:
    return [p.label + p.text for p in doc.blocks if isinstance(p, Paragraph)]


def _signers(doc: Document) -> list[str]:
    block = next(b for b in doc.blocks if isinstance(b, Signatures))
    return [s.label for s in block.signers]


def test_the_minutes_document_states_the_session_as_a_record_reads(
    sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    case_id = record_minutes_and_investigation(sqlite_db, sqlite_centre)
    doc = run(
        sqlite_db, build_document, case_id, DocumentKind.SESSION_MINUTES, actor=sqlite_centre.actor
    )
    assert doc.title == "调解记录" and doc.above_title == "城南街道人民调解委员会"
    assert any(isinstance(b, Line) and b.text == "（第一次调解）" for b in doc.blocks)
    rows = _rows(doc)
    assert rows["时　　间"] == "2026年3月2日09时05分至10时30分"
    assert rows["地　　点"] == "第一调解室"
    assert rows["调 解 员"] == "周建国（主持）、王丽华"
    assert rows["记 录 人"] == "陈书记"
    assert rows["到场人员"].splitlines() == [
        "申请人：张三",
        "被申请人李四的委托代理人：王律师",
        "申请人的女儿：赵小妹",
    ]
    said = _said(doc)
    # rights and duties, then recusal: asked by the mediator, answered by each who speaks
    rights = next(i for i, x in enumerate(said) if "第二十三条、第二十四条" in x)
    assert said[rights].startswith("调解员：")
    assert said[rights + 1 : rights + 3] == [
        "申请人张三：清楚。",
        "被申请人李四的委托代理人王律师：清楚。",
    ]
    recusal = next(i for i, x in enumerate(said) if "是否申请回避" in x)
    assert said[recusal + 1 : recusal + 3] == [
        "申请人张三：不申请回避。",
        "被申请人李四的委托代理人王律师：不申请回避。",
    ]
    # each side's account, the absent respondent's given by his lawyer, lines kept
    assert "申请人张三：被申请人的排水管引到我家墙角，墙体受潮开裂。" in said
    assert "要求赔偿修缮费三千元。" in said
    assert any(x.startswith("被申请人李四（由王律师代为陈述）：排水管是前年装的") for x in said)
    assert any(x.startswith("调解员所做的工作：向双方讲解") for x in said)
    assert any(x.startswith("本次调解结果：双方同意排水管改走向") for x in said)
    assert any(x.startswith("下一步安排：2026年3月9日") for x in said)
    # everyone present signs, then the mediators and the note-taker
    assert _signers(doc) == [
        "申请人：张三",
        "被申请人李四的委托代理人：王律师",
        "申请人的女儿：赵小妹",
        "调解员：周建国",
        "调解员：王丽华",
        "记录人：陈书记",
    ]


def test_a_recusal_request_is_printed_instead_of_the_answers(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(sqlite_db, sqlite_centre)
    draft = complete_draft(run(sqlite_db, minutes_for, sit.session_id).draft, sit)
    draft.recusal_note = "被申请人代理人申请记录人回避。\n经查无回避事由，当场驳回。"
    run(sqlite_db, save_minutes, sit.session_id, draft, now=at(10, 40), actor=sqlite_centre.actor)
    said = _said(
        run(
            sqlite_db,
            build_document,
            sit.case_id,
            DocumentKind.SESSION_MINUTES,
            actor=sqlite_centre.actor,
        )
    )
    assert "回避申请及处理：被申请人代理人申请记录人回避。" in said
    assert "经查无回避事由，当场驳回。" in said
    assert not any("不申请回避" in x for x in said)


def test_the_minutes_are_offered_only_once_saved(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(sqlite_db, sqlite_centre)

    def options() -> dict[DocumentKind, Any]:
        data = run(sqlite_db, lambda uow: load_case_data(uow.read(), sit.case_id))
        return {o.kind: o for o in document_options(data)}

    before = options()
    assert not before[DocumentKind.SESSION_MINUTES].available
    assert "尚无已保存的调解记录" in before[DocumentKind.SESSION_MINUTES].reason
    assert before[DocumentKind.INVESTIGATION_RECORD].reason == "尚无调查记录"
    with pytest.raises(DeskError, match="尚未保存调解记录"):
        run(
            sqlite_db,
            build_document,
            sit.case_id,
            DocumentKind.SESSION_MINUTES,
            actor=sqlite_centre.actor,
        )
    draft = complete_draft(run(sqlite_db, minutes_for, sit.session_id).draft, sit)
    run(sqlite_db, save_minutes, sit.session_id, draft, now=at(10, 40), actor=sqlite_centre.actor)
    assert options()[DocumentKind.SESSION_MINUTES].available


def test_the_investigation_record_states_who_where_when_and_what_was_found(
    sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    case_id = record_minutes_and_investigation(sqlite_db, sqlite_centre)
    doc = run(
        sqlite_db,
        build_document,
        case_id,
        DocumentKind.INVESTIGATION_RECORD,
        actor=sqlite_centre.actor,
    )
    assert doc.title == "调查记录"
    rows = _rows(doc)
    assert rows["案　　由"] == "张三与李四邻里纠纷"
    assert rows["调查时间"] == "2026年3月9日09时30分"
    assert rows["调查地点"] == "城南街道幸福里12号、14号"
    assert rows["调 查 人"] == "周建国、王丽华"
    assert rows["被调查人"] == "赵大伯（邻居）\n孙阿姨（楼长）"
    assert rows["调查事项"].startswith("现场查看墙体")
    said = _said(doc)
    assert said[0] == "调查情况：申请人东墙墙角受潮面积约二平方米，裂缝两条。"
    assert said[1] == "排水管出口距墙角约三十厘米。"
    assert _signers(doc) == [
        "被调查人：赵大伯（邻居）",
        "被调查人：孙阿姨（楼长）",
        "调查人：周建国",
        "调查人：王丽华",
        "记录人：陈书记",
    ]


def test_each_record_is_its_own_file_and_a_session_can_be_printed_alone(
    sqlite_db, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    case_id = record_minutes_and_investigation(sqlite_db, sqlite_centre)
    (visit,) = run(sqlite_db, case_investigations, case_id)
    files = run(
        sqlite_db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.SESSION_MINUTES, DocumentKind.INVESTIGATION_RECORD],
        formats=[FileFormat.PDF, FileFormat.DOCX],
        folder=tmp_path,
        actor=sqlite_centre.actor,
    )
    names = sorted(f.file_name for f in files)
    assert names == [
        "调查记录第1次_（2026）城南人调字第1号_v1.docx",
        "调查记录第1次_（2026）城南人调字第1号_v1.pdf",
        "调解记录第1次_（2026）城南人调字第1号_v1.docx",
        "调解记录第1次_（2026）城南人调字第1号_v1.pdf",
    ]
    assert all((tmp_path / n).stat().st_size > 1000 for n in names)
    again = run(
        sqlite_db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.INVESTIGATION_RECORD],
        formats=[FileFormat.PDF],
        folder=tmp_path,
        record_id=visit.id,
        actor=sqlite_centre.actor,
    )
    assert [f.version for f in again] == [2]


def test_both_records_render_with_every_page_inked(sqlite_db, sqlite_centre, fonts) -> None:  # type: ignore[no-untyped-def]
    case_id = record_minutes_and_investigation(sqlite_db, sqlite_centre)
    for kind, most in ((DocumentKind.SESSION_MINUTES, 3), (DocumentKind.INVESTIGATION_RECORD, 2)):
        doc = run(sqlite_db, build_document, case_id, kind, actor=sqlite_centre.actor)
        data, pages, _ = render_pdf_pages(doc, fonts)
        assert data.startswith(b"%PDF") and 1 <= pages <= most, (kind, pages)


def test_minutes_time_falls_back_to_the_booking() -> None:
    from mediation_desk.domain.minutes import MinutesDraft, MinutesView

    m = MinutesView(
        session_id=1,
        case_id=1,
        case_number="X",
        ordinal=2,
        starts=dt.datetime(2026, 3, 2, 14),
        ends=dt.datetime(2026, 3, 2, 15, 30),
        started_at=None,
        finished_at=None,
        room_name="第二调解室",
        lead="周建国",
        co_mediators=(),
        parties=(),
        candidates=(),
        draft=MinutesDraft(),
        saved=False,
    )
    assert m.time_text == "2026年3月2日14时00分至15时30分"
    assert m.mediators == "周建国（主持）"
