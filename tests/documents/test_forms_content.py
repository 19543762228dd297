"""What the case forms say: every document of every scenario builds, and each form carries the
content the law and practice ask of it (domain.md §2, §5, §6, §9)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from mediation_desk.documents.builders import (
    DocumentData,
    build_file_cover,
    build_termination,
    party_signers,
    representative_of,
)
from mediation_desk.documents.model import (
    Clauses,
    Document,
    Paragraph,
    Signatures,
    Table,
)
from mediation_desk.domain.confirmation_rules import choose_court
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.domain.document_settings import DocumentSettingsView
from mediation_desk.domain.enums import CaseSource, UnitKind
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.documents import build_document, document_data, document_options
from tests.desk import every_role, run
from tests.documents.cases import SCENARIOS

TODAY = dt.date(2026, 12, 1)


def _data(db: Any, case_id: int) -> DocumentData:
    return run(db, lambda uow: document_data(load_case_data(uow.read(), case_id), today=TODAY))


def _doc(db: Any, case_id: int, kind: DocumentKind) -> Document:
    return run(db, build_document, case_id, kind, actor=every_role(db))


def _paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def _signatures(doc: Document) -> Signatures:
    return next(b for b in doc.blocks if isinstance(b, Signatures))


def _table_text(doc: Document) -> dict[str, str]:
    """label → value of a form's rows (the first cell is the label, the rest the value)."""
    out: dict[str, str] = {}
    for b in doc.blocks:
        if isinstance(b, Table):
            for r in b.rows:
                for i in range(0, len(r.cells) - 1, 2):
                    key = r.cells[i].text
                    out[key] = (out[key] + "\n" if key in out else "") + r.cells[i + 1].text
    return out


# --- every document of every scenario ----------------------------------------------------------


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_document_of_every_scenario_builds(sqlite_db, sqlite_centre, name: str) -> None:  # type: ignore[no-untyped-def]
    """Parties in every order and of every kind (an organisation first with its representative
    and agent, one in the middle, a minor with a statutory agent…): every document the case can
    have builds, says no unknown placeholder, names every party, never doubles a word."""
    case_id = SCENARIOS[name](sqlite_db, sqlite_centre)
    data = run(sqlite_db, lambda uow: load_case_data(uow.read(), case_id))
    built = 0
    for option in document_options(data):
        if not option.available:
            continue
        doc = _doc(sqlite_db, case_id, option.kind)
        text = doc.all_text()
        assert doc.title and "【" not in text, option.kind
        assert "法院法院" not in text and "，，" not in text and "。。" not in text, option.kind
        if option.kind not in (DocumentKind.FILE_CONTENTS, DocumentKind.REFUSAL):
            for p in data.case.parties:
                assert p.name in text, (option.kind, p.name)
        built += 1
    # application, registration, notice, record, cover, contents (and the agreement's, the
    # termination notice's when there are); a refused case: no mediation forms, its refusal
    assert built >= (5 if name == "refused" else 6)


# --- the party pieces -------------------------------------------------------------------------


def test_representative_heading_and_post(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["organisation_first"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.APPLICATION)
    paras = _paragraphs(doc)
    assert [p.label for p in paras[:4]] == [
        "申请人：",
        "法定代表人：",
        "委托代理人：",
        "被申请人：",
    ]
    # 法定代表人 typed in the 职务 field is the heading, not printed again as a post
    assert paras[1].text == "陈立。"
    assert "赵敏" in paras[2].text and "特别授权" in paras[2].text  # the agent under its principal

    company = _data(sqlite_db, case_id).case.parties[0]
    post = dataclasses.replace(company, representative_title="董事长")
    assert representative_of(post) == ("法定代表人", "董事长")
    both = dataclasses.replace(company, representative_title="法定代表人、执行董事")
    assert representative_of(both) == ("法定代表人", "执行董事")
    branch = dataclasses.replace(
        company, name="绍兴某某建设有限公司越城分公司", representative_title="经理"
    )
    assert representative_of(branch) == ("主要负责人", "经理")
    shop = dataclasses.replace(company, credit_code="92330602MA2BC0JK1X", representative_title="")
    assert representative_of(shop)[0] == "经营者"


def test_project_department_in_the_middle(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["three_parties"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.APPLICATION)
    paras = _paragraphs(doc)
    labels = [p.label for p in paras[:5]]
    assert labels == ["申请人：", "被申请人：", "主要负责人：", "被申请人：", "委托代理人："]
    assert paras[2].text == "孙志强，项目经理。"


def test_signers_special_and_statutory_agents(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    d = _data(sqlite_db, SCENARIOS["neighbours"](sqlite_db, sqlite_centre))
    labels = [s.label for s in party_signers(d)]
    assert labels == ["申请人：张三", "被申请人：李四", "特别授权代理人：王律师"]
    assert [s.label for s in party_signers(d, agents=False)] == labels[:2]
    applicants = [s.label for s in party_signers(d, label=lambda p: "申请人")]
    assert applicants == ["申请人：张三", "申请人：李四", "特别授权代理人：王律师"]

    d = _data(sqlite_db, SCENARIOS["minor_and_branch"](sqlite_db, sqlite_centre))
    signers = party_signers(d)
    assert [s.label for s in signers] == [
        "申请人：林小雨",
        "法定代理人：林芳",
        "被申请人：中国人民财产保险股份有限公司绍兴市分公司",  # its general agent may not sign
    ]
    assert signers[2].hint == "（负责人签名并加盖公章）"


def test_confirmation_application_labels_agents_as_agents(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["neighbours"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.CONFIRMATION_APPLICATION)
    labels = [s.label for s in _signatures(doc).signers]
    assert labels == ["申请人：张三", "申请人：李四", "特别授权代理人：王律师"]


# --- the forms --------------------------------------------------------------------------------


def test_application_dated_once_and_addressee_kept_together(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["organisation_first"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.APPLICATION)
    sig = _signatures(doc)
    assert sig.date and not any(s.date_line for s in sig.signers)
    assert [s.label for s in sig.signers] == [
        "申请人：绍兴市恒达物业服务有限公司",
        "特别授权代理人：赵敏",
    ]
    paras = _paragraphs(doc)
    i = next(i for i, p in enumerate(paras) if p.text == "此致")
    assert paras[i].keep_with_next and paras[i + 1].text == "城南街道人民调解委员会"
    assert doc.blocks[-1] is sig and doc.blocks[-2] is paras[i + 1]


def test_registration_participants_consent_risk(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["three_parties"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.REGISTRATION)
    assert doc.one_page
    rows = _table_text(doc)
    assert rows["参加人"] == "钱大伯（村民代表）、孙晓燕（社区网格员）"
    assert rows["风险等级"].startswith("橙色（较大风险）：申请人情绪激动")
    assert "调解意愿：" in rows["申请人"]
    assert "主要负责人：孙志强，项目经理。" in rows["被申请人"]
    assert rows["委托代理人"].startswith("欧阳明（儿子，一般授权）")
    assert rows["案件来源"] == "法院委派（诉前）\n绍兴市越城区人民法院　（2024）浙0602诉前调1234号"
    assert rows["受理意见"].startswith("同意受理，由城南街道人民调解委员会承办。")


def test_registration_of_a_refused_case(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["refused"](sqlite_db, sqlite_centre)
    rows = _table_text(_doc(sqlite_db, case_id, DocumentKind.REGISTRATION))
    decision = rows["受理意见"]
    assert "同意受理" not in decision and "承办单位" not in rows
    assert decision.startswith("不予受理。\n理由：人民法院已经受理或者已经裁判的。")
    assert "说明：经核实，该纠纷已由人民法院立案受理" in decision


def test_rights_notice_dated_and_one_page(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["three_parties"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.RIGHTS_NOTICE)
    assert doc.one_page
    sig = _signatures(doc)
    assert "年" in sig.date and "月" in sig.date and sig.seal == "（城南街道人民调解委员会印）"
    ack = doc.blocks[-2]
    assert isinstance(ack, Paragraph) and "知悉" in ack.text and ack.keep_with_next


def test_session_record_agents_relations_and_time_blanks(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["three_parties"](sqlite_db, sqlite_centre)
    rows = _table_text(_doc(sqlite_db, case_id, DocumentKind.SESSION_RECORD))
    assert rows["代 理 人"] == "被申请人欧阳春花的委托代理人：欧阳明（儿子，一般授权），13800002222"
    assert rows["参 加 人"] == "钱大伯（村民代表）、孙晓燕（社区网格员）"
    time = rows["时　　间"]
    assert " " not in time and "　　时　　分至　　时　　分" in time


def test_refusal_note_is_a_note_not_a_reason(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["refused"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.REFUSAL)
    clauses = next(b for b in doc.blocks if isinstance(b, Clauses))
    assert clauses.items == ("人民法院已经受理或者已经裁判的。",)
    note = next(p for p in _paragraphs(doc) if p.label == "说明：")
    assert note.text.startswith("经核实，该纠纷已由人民法院立案受理")


def test_file_cover_blanks_then_archive_data(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    d = _data(sqlite_db, SCENARIOS["refused"](sqlite_db, sqlite_centre))
    rows = _table_text(build_file_cover(d))
    assert rows["卷 宗 号"].startswith("＿＿＿")
    assert rows["归档日期"] == "　　　　年　　月　　日"
    assert rows["页　　数"] == "本卷共　　　页"
    assert rows["结案日期"] == "　　　　年　　月　　日"
    assert all(v.strip(" ") for v in rows.values())  # no empty cell
    archived = dataclasses.replace(
        d.case, file_number="2026-城南-0001", archived_on=dt.date(2027, 1, 5), page_count=23
    )
    rows = _table_text(build_file_cover(dataclasses.replace(d, case=archived)))
    assert rows["卷 宗 号"] == "2026-城南-0001"
    assert rows["归档日期"] == "2027年1月5日" and rows["页　　数"] == "本卷共23页"


def test_termination_reason_blank_is_a_line_to_fill(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    d = _data(sqlite_db, SCENARIOS["three_parties"](sqlite_db, sqlite_centre))
    doc = build_termination(d)
    assert doc.one_page
    blanks = [p for p in _paragraphs(doc) if p.text.startswith("＿")]
    assert len(blanks) == 2 and all(set(p.text) == {"＿"} for p in blanks)
    given = build_termination(d, reason="双方分歧过大，经多次调解无法达成一致。")
    assert "双方分歧过大" in given.all_text() and "＿＿" not in given.all_text()


# --- committee and seal -----------------------------------------------------------------------


def test_committee_and_seal_of_several_committees(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    street = _data(sqlite_db, SCENARIOS["neighbours"](sqlite_db, sqlite_centre))
    traffic = _data(sqlite_db, SCENARIOS["minor_and_branch"](sqlite_db, sqlite_centre))
    desk = _data(sqlite_db, SCENARIOS["refused"](sqlite_db, sqlite_centre))
    assert desk.case.unit_kind is UnitKind.INTAKE_DESK and not desk.case.handled_by_committee
    settings = DocumentSettingsView(
        committee_name="城南街道人民调解委员会", seal_text="（城南街道人民调解委员会调解专用章）"
    )
    street, traffic, desk = (
        dataclasses.replace(x, settings=settings) for x in (street, traffic, desk)
    )
    # a committee prints itself; the settings' seal only when it is that committee's seal
    assert street.committee == "城南街道人民调解委员会"
    assert street.seal == "（城南街道人民调解委员会调解专用章）"
    assert traffic.committee == "交通事故纠纷人民调解委员会"
    assert traffic.seal == "（交通事故纠纷人民调解委员会印）"
    # a window that is not a committee prints the committee of the settings
    assert desk.committee == "城南街道人民调解委员会"
    assert desk.seal == "（城南街道人民调解委员会调解专用章）"
    bare = dataclasses.replace(desk, settings=DocumentSettingsView())
    assert bare.committee == "综合受理窗口" and bare.seal == "（综合受理窗口印）"


def test_every_form_speaks_for_the_handling_committee(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["minor_and_branch"](sqlite_db, sqlite_centre)
    for kind in (
        DocumentKind.REGISTRATION,
        DocumentKind.RIGHTS_NOTICE,
        DocumentKind.SESSION_RECORD,
        DocumentKind.TERMINATION,
        DocumentKind.AGREEMENT,
    ):
        doc = _doc(sqlite_db, case_id, kind)
        assert doc.above_title == "交通事故纠纷人民调解委员会", kind
        assert "城南街道" not in doc.all_text().replace("城南街道幸福里", ""), kind


def test_court_referral_explanation_says_the_court_once() -> None:
    for source, how in (
        (CaseSource.COURT_PRE_FILING, "委派"),
        (CaseSource.COURT_ENTRUSTED, "委托"),
    ):
        why = choose_court(
            source=source, referring_body="绍兴市越城区人民法院", default_court=""
        ).explanation
        assert why.startswith(f"本案由绍兴市越城区人民法院{how}调解，"), why
        assert "法院法院" not in why
