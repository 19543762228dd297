"""Every document builds from a case; the model carries names, numbers, clauses and capitals."""

from __future__ import annotations

import pytest

from mediation_desk.documents.model import Clauses, Paragraph, Signatures
from mediation_desk.documents.templates import load_template
from mediation_desk.domain.agreements import ClauseDraft, ClauseKind
from mediation_desk.domain.document_kinds import PER_RECORD, DocumentKind
from mediation_desk.errors import DeskError
from mediation_desk.services.agreements import save_agreement
from mediation_desk.services.case_overview import case_overview
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import DocumentBlocked, build_document
from tests.desk import every_role, run
from tests.documents.sample import full_case, register_sample_case


@pytest.fixture
def case_id(sqlite_db, sqlite_centre) -> int:  # type: ignore[no-untyped-def]
    return full_case(sqlite_db, sqlite_centre)


@pytest.mark.parametrize(
    "kind",
    # the records of sessions and investigations: tests/documents/test_record_docs.py
    [k for k in DocumentKind if k is not DocumentKind.ORAL_AGREEMENT and k not in PER_RECORD],
)
def test_every_document_builds(sqlite_db, case_id: int, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    doc = run(sqlite_db, build_document, case_id, kind, actor=every_role(sqlite_db))
    text = doc.all_text()
    assert doc.title and "【" not in text  # no unknown template placeholder
    assert "张三" in text or kind is DocumentKind.FILE_CONTENTS


def test_agreement_content(sqlite_db, case_id: int) -> None:  # type: ignore[no-untyped-def]
    doc = run(
        sqlite_db, build_document, case_id, DocumentKind.AGREEMENT, actor=every_role(sqlite_db)
    )
    text = doc.all_text()
    for expected in (
        "（2026）城南人调字第",
        "张三",
        "李四",
        "11010519491231002X",
        "委托代理人",
        "王律师",
        "人民币叁万伍仟陆佰元整（¥35,600.00）",
        "人民币壹仟肆佰零玖元伍角（¥1,409.50）",
        "分两期支付",
        "本协议一式三份",
        "二〇二四年九月一日",
        "城南街道人民调解委员会印",
        "违约责任",
        "申请司法确认",
    ):
        assert expected in text, expected
    clauses = next(b for b in doc.blocks if isinstance(b, Clauses))
    assert len(clauses.items) == 6  # four clauses, breach, confirmation
    signers = next(b for b in doc.blocks if isinstance(b, Signatures)).signers
    assert [s.label.split("：")[0] for s in signers] == [
        "申请人",
        "被申请人",
        "特别授权代理人",  # 王律师 may sign for 李四
        "人民调解员",
        "记录人",
    ]


def test_confirmation_application_person_and_organisation(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(sqlite_db, sqlite_centre, with_org=True)
    doc = run(
        sqlite_db,
        build_document,
        case_id,
        DocumentKind.CONFIRMATION_APPLICATION,
        actor=sqlite_centre.actor,
    )
    labels = [b.label for b in doc.blocks if isinstance(b, Paragraph) and b.label]
    assert labels[:3] == ["申请人：", "申请人：", "法定代表人："]
    text = doc.all_text()
    assert "绍兴市恒达物业服务有限公司" in text and "91350100M000100Y43" in text
    assert "申请期限届满日：二〇二四年十月八日" in text and "第二百零五条" in text
    assert "调解组织主持调解的证明" in text  # the materials list


def test_unclear_agreement_is_not_printed(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(sqlite_db, sqlite_centre)
    ids = [p.id for p in run(sqlite_db, get_case, case_id).parties]
    from mediation_desk.domain.agreements import AgreementDraft

    draft = AgreementDraft(
        facts="事实", clauses=[ClauseDraft(ClauseKind.PAYMENT, ids[1], ids[0], 100000)]
    )
    run(sqlite_db, save_agreement, case_id=case_id, draft=draft, actor=sqlite_centre.actor)
    with pytest.raises(DocumentBlocked) as err:
        run(sqlite_db, build_document, case_id, DocumentKind.AGREEMENT, actor=sqlite_centre.actor)
    assert {i.code for i in err.value.issues} >= {"due_date_missing", "method_missing"}
    with pytest.raises(DeskError, match="尚未生效"):
        run(
            sqlite_db,
            build_document,
            case_id,
            DocumentKind.CONFIRMATION_APPLICATION,
            actor=sqlite_centre.actor,
        )


def test_options_say_what_is_missing(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(sqlite_db, sqlite_centre)
    options = {o.kind: o for o in run(sqlite_db, case_overview, case_id).options}
    assert options[DocumentKind.APPLICATION].available
    assert not options[DocumentKind.AGREEMENT].available
    assert options[DocumentKind.CONFIRMATION_APPLICATION].reason == "调解协议尚未生效"


def test_template_override_and_unknown_placeholder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "agreement.toml").write_text('title = "调解协议书"\nseal = "{nonsense}"\n', "utf-8")
    t = load_template("agreement", override_dir=tmp_path)
    assert t.text("title") == "调解协议书"
    assert t.text("seal") == "【nonsense】"
    assert "一式" in t.text("copies", copies=3)
