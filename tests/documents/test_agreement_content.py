"""The legal content of the 协议书, the 口头协议登记表 and the 司法确认申请书 (issue 8)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mediation_desk.documents.model import Document, Heading, Paragraph, Signatures
from mediation_desk.domain.agreements import SignerRole, cn_count
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.domain.document_settings import DocumentSettingsView
from mediation_desk.services.agreements import (
    get_agreement,
    record_signature,
    remove_signature,
    save_agreement,
)
from mediation_desk.services.cases import get_case
from mediation_desk.services.confirmation import get_pack, set_court
from mediation_desk.services.document_settings import save_document_settings
from mediation_desk.services.documents import build_document
from tests.desk import every_role, run
from tests.documents.cases import SCENARIOS
from tests.documents.sample import register_sample_case, sample_agreement


def _doc(db, case_id: int, kind: DocumentKind) -> Document:  # type: ignore[no-untyped-def]
    return run(db, build_document, case_id, kind, actor=every_role(db))


def _paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def _signatures(doc: Document) -> Signatures:
    return next(b for b in doc.blocks if isinstance(b, Signatures))


# --- 司法确认申请书 -------------------------------------------------------------------------------


def test_application_states_the_effective_date_and_the_last_day(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["neighbours"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.CONFIRMATION_APPLICATION)
    text = doc.all_text()
    # parties signed on 8-31, the seal on 9-1: the agreement took effect on 9-1
    assert "该协议于2024年9月1日生效" in text and "2024年8月31日" not in text
    assert not re.search(r"于\d{4}年\d{1,2}月\d{1,2}日达成", text)  # no "date reached"
    last_day = [p for p in _paragraphs(doc) if p.text.startswith("申请期限届满日")]
    assert [p.text for p in last_day] == ["申请期限届满日：二〇二四年十月八日"]
    # how the day was counted (顺延, holiday table) is for the clerk, not for the court
    for clerk_note in ("顺延", "起算", "节假日", "注意"):
        assert clerk_note not in text


def test_application_is_joint_and_gives_service_addresses(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["organisation_first"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.CONFIRMATION_APPLICATION)
    text = doc.all_text()
    assert "申请人绍兴市恒达物业服务有限公司、王秀兰共同申请" in text
    parties = run(sqlite_db, get_case, case_id).parties
    blocks = [p for p in _paragraphs(doc) if p.label == "申请人："]
    assert len(blocks) == len(parties) == 2
    for block, party in zip(blocks, parties, strict=True):
        assert block.text.startswith(party.name)
        assert f"送达地址：{party.address}；联系电话：{party.phones[0].number}。" in block.text


# --- 人民调解协议书 -------------------------------------------------------------------------------


def _headed(doc: Document, heading: str) -> list[str]:
    """The paragraphs under ``heading``, up to the next block that is not a plain paragraph."""
    blocks = list(doc.blocks)
    i = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    out = []
    for b in blocks[i + 1 :]:
        if not isinstance(b, Paragraph) or b.label:
            break
        out.append(b.text)
    return out


def test_agreement_states_place_and_performance(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["neighbours"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.AGREEMENT)
    place = [p.text for p in _paragraphs(doc) if p.label == "调解地点："]
    assert place == ["城南街道人民调解委员会调解室"]
    performance = _headed(doc, "履行方式、地点、期限：")
    assert performance[:3] == [
        "第一条：银行转账，付至该条所列收款账户，分两期，分别于2024年9月30日前、"
        "2024年12月31日前付清。",
        "第二条：在城南街道幸福里14号履行，于2024年9月15日前完成。",
        "第三条：现金，于2024年9月5日前付清。",
    ]
    assert not any(x.startswith("第四条") for x in performance)  # free text: no obligation


def test_counts_are_in_chinese_words(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["neighbours"](sqlite_db, sqlite_centre)
    text = _doc(sqlite_db, case_id, DocumentKind.AGREEMENT).all_text()
    assert "本协议一式三份" in text and "分两期支付" in text
    assert not re.search(r"一式\d|分\d期|分二期|另\d份", text)
    assert [cn_count(n) for n in (1, 2, 3, 10, 12, 22)] == [
        "一",
        "两",
        "三",
        "十",
        "十二",
        "二十二",
    ]


def test_extra_copies_in_words(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(sqlite_db, sqlite_centre)
    ids = [p.id for p in run(sqlite_db, get_case, case_id).parties]
    draft = sample_agreement(ids)
    draft.extra_copies = 2
    run(sqlite_db, save_agreement, case_id=case_id, draft=draft, actor=sqlite_centre.actor)
    text = _doc(sqlite_db, case_id, DocumentKind.AGREEMENT).all_text()
    assert "本协议一式五份" in text and "另两份备用" in text


def test_representative_post_is_stated(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["organisation_first"](sqlite_db, sqlite_centre)
    for kind in (DocumentKind.AGREEMENT, DocumentKind.CONFIRMATION_APPLICATION):
        paras = _paragraphs(_doc(sqlite_db, case_id, kind))
        rep = [p.text for p in paras if p.label == "法定代表人："]
        assert rep == ["陈立，职务：法定代表人。"], kind  # even when the post is the role
    case_id = SCENARIOS["minor_and_branch"](sqlite_db, sqlite_centre)
    paras = _paragraphs(_doc(sqlite_db, case_id, DocumentKind.AGREEMENT))
    assert [p.text for p in paras if p.label == "负责人："] == ["周海峰，职务：负责人。"]


def test_agreement_seal_comes_from_the_document_data(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    seal = "（城南街道人民调解委员会调解专用章）"
    settings = DocumentSettingsView(committee_name="城南街道人民调解委员会", seal_text=seal)
    run(sqlite_db, save_document_settings, settings, actor=sqlite_centre.actor)
    case_id = SCENARIOS["neighbours"](sqlite_db, sqlite_centre)
    assert _signatures(_doc(sqlite_db, case_id, DocumentKind.AGREEMENT)).seal == seal
    # another committee of the centre seals with its own seal, never the configured one
    case_id = SCENARIOS["minor_and_branch"](sqlite_db, sqlite_centre)
    sig = _signatures(_doc(sqlite_db, case_id, DocumentKind.AGREEMENT))
    assert sig.seal == "（交通事故纠纷人民调解委员会印）"


def test_specially_authorised_agent_signs(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    for name, agent in (("neighbours", "王律师"), ("organisation_first", "赵敏")):
        case_id = SCENARIOS[name](sqlite_db, sqlite_centre)
        labels = [
            s.label for s in _signatures(_doc(sqlite_db, case_id, DocumentKind.AGREEMENT)).signers
        ]
        assert f"特别授权代理人：{agent}" in labels, name


# --- 口头协议登记表 -------------------------------------------------------------------------------


def test_oral_agreement_has_a_recorder_signature_line(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["oral_agreement"](sqlite_db, sqlite_centre)
    signers = _signatures(_doc(sqlite_db, case_id, DocumentKind.ORAL_AGREEMENT)).signers
    assert [(s.label, s.hint) for s in signers[-2:]] == [
        ("人民调解员：周建国", "（签名）"),
        ("记录人：李秀英", "（签名）"),
    ]


def test_oral_agreement_states_performance_and_fits_one_page(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = SCENARIOS["oral_agreement"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.ORAL_AGREEMENT)
    assert doc.one_page
    assert "第一条：于2024年9月3日前完成。" in doc.all_text()


# --- frozen when it takes effect ---------------------------------------------------------------


def test_effective_agreement_text_is_frozen(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db, actor = sqlite_db, sqlite_centre.actor
    case_id = SCENARIOS["neighbours"](db, sqlite_centre)
    before = _doc(db, case_id, DocumentKind.AGREEMENT)
    assert "共同向有管辖权的人民法院申请司法确认" in before.all_text()
    run(
        db,
        set_court,
        case_id=case_id,
        rule_code="party_domicile",
        court_name="城北区人民法院",
        actor=actor,
    )
    settings = DocumentSettingsView(place="另一调解室")
    run(db, save_document_settings, settings, actor=actor)
    after = _doc(db, case_id, DocumentKind.AGREEMENT)
    assert after == before  # the text the parties signed, block for block
    assert run(db, get_pack, case_id).court.court == "城北区人民法院"  # the pack follows

    # a signature undone: no longer effective, the draft prints from the data again
    run(db, remove_signature, case_id=case_id, role=SignerRole.SEAL, reason="重新盖章", actor=actor)
    assert (
        "共同向城北区人民法院申请司法确认" in _doc(db, case_id, DocumentKind.AGREEMENT).all_text()
    )
    # sealed again (a new effective date): frozen again, with the court of that moment
    run(
        db,
        record_signature,
        case_id=case_id,
        role=SignerRole.SEAL,
        signed_on=dt.date(2024, 9, 2),
        actor=actor,
    )
    frozen = _doc(db, case_id, DocumentKind.AGREEMENT)
    assert "二〇二四年九月二日" in frozen.all_text()
    assert "共同向城北区人民法院申请司法确认" in frozen.all_text()
    run(
        db,
        set_court,
        case_id=case_id,
        rule_code="party_domicile",
        court_name="城西区人民法院",
        actor=actor,
    )
    assert _doc(db, case_id, DocumentKind.AGREEMENT) == frozen


def test_frozen_agreement_renders(sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.documents.render import render
    from mediation_desk.domain.document_kinds import FileFormat

    case_id = SCENARIOS["organisation_first"](sqlite_db, sqlite_centre)
    doc = _doc(sqlite_db, case_id, DocumentKind.AGREEMENT)
    assert doc.kind is DocumentKind.AGREEMENT and run(sqlite_db, get_agreement, case_id).printed
    assert render(doc, FileFormat.PDF, font_file=None).startswith(b"%PDF")
    assert render(doc, FileFormat.DOCX, font_file=None)[:2] == b"PK"


@pytest.mark.parametrize(
    "damaged",
    ["not json", '{"_type": "Unknown"}', '{"_type": "Document"}', "[1, 2]"],
)
def test_a_damaged_frozen_agreement_says_so_in_chinese(damaged: str) -> None:
    from mediation_desk.documents.agreement_docs import document_from_json
    from mediation_desk.errors import DeskError

    with pytest.raises(DeskError, match="协议书存档内容已损坏"):
        document_from_json(damaged)
