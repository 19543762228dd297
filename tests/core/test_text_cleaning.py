"""Control characters pasted into a case or an agreement are removed at intake, in every text
field, so the case's documents can always be generated (DOCX cannot hold them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from enum import Enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import String, Text, select

from mediation_desk.db.agreement_models import Agreement, AgreementClause
from mediation_desk.db.models import Agent, Case, Participant, Party, PartyPhone
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.drafts import AgentDraft, CaseDraft, ParticipantDraft, PhoneDraft
from mediation_desk.domain.enums import AgentAuthority, Gender, PhoneLabel
from mediation_desk.domain.validation.text import (
    clean_agreement_draft,
    clean_case_draft,
    clean_text,
    has_control_characters,
)
from mediation_desk.services import intake
from mediation_desk.services.agreements import save_agreement
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import generate_documents
from tests.desk import reading, run
from tests.documents.sample import sample_agreement
from tests.factories import organisation, two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
#: What XML 1.0 refuses (besides tab, LF, CR), which python-docx turns into an English error.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
C1 = re.compile("[\x7f-\x9f]")


@pytest.mark.parametrize(
    ("raw", "multiline", "clean"),
    [
        ("张\x0b三", False, "张三"),  # a line break inside a Chinese name joins it
        ("张\r\n三\x0b丰", False, "张三丰"),
        ("John\tSmith", False, "John Smith"),
        ("幸福里12号\n3单元", False, "幸福里12号 3单元"),
        ("138\x001234\x1b5678", False, "13812345678"),
        ("李\ufffe四\uffff\x85", False, "李四 "),
        (
            "第一行\r\n第二行\r第三行\x0b第四行\x0c第五行",
            True,
            "第一行\n第二行\n第三行\n第四行\n第五行",
        ),
        ("事实\t经过\n\n请求\u2028\u2029", True, "事实\t经过\n\n请求\n\n"),
        ("被申请人\x00\x07\x7f\x9f赔偿", True, "被申请人赔偿"),
        ("\ud800孤立代理项", True, "孤立代理项"),
        ("（2026）城南人调字第12号", False, "（2026）城南人调字第12号"),
    ],
)
def test_clean_text(raw: str, multiline: bool, clean: str) -> None:
    assert clean_text(raw, multiline=multiline) == clean


@given(st.text(), st.booleans())
def test_cleaned_text_is_always_xml_safe_and_stable(raw: str, multiline: bool) -> None:
    out = clean_text(raw, multiline=multiline)
    assert not XML_INVALID.search(out) and not C1.search(out)
    assert not has_control_characters(out.replace("\t", "").replace("\n", "")) or multiline
    if not multiline:
        assert "\t" not in out and "\n" not in out and "\r" not in out
    assert clean_text(out, multiline=multiline) == out


@given(st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_left_alone(raw: str) -> None:
    raw = raw.replace("\ufffe", "").replace("\uffff", "")
    assert clean_text(raw) == raw and clean_text(raw, multiline=True) == raw


# --- every text field of a case and of an agreement --------------------------------------------


def _poison(record: Any) -> None:
    """Put removable control characters into every text field (empty ones too), in place."""

    def bad(value: str) -> str:
        return value[:1] + "\x00\x1b" + value[1:] + "\ufffe\x7f"

    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, Enum):
            setattr(record, f.name, bad(value))
        elif dataclasses.is_dataclass(value):
            _poison(value)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    _poison(item)
                elif isinstance(item, str) and not isinstance(item, Enum):
                    value[i] = bad(item)


def _full_draft(unit_id: int, mediator_id: int) -> CaseDraft:
    """A case with something in each kind of text field: parties (a person and an
    organisation), phones with notes, agents, participants, routing and notes."""
    draft = two_party_draft(unit_id)
    draft.referring_body = "城南街道幸福里社区"
    draft.referral_letter_no = "幸社转〔2026〕3号"
    draft.risk_note = "双方曾有肢体冲突"
    draft.refusal_note = "无"
    draft.routing.mediator_id = mediator_id
    draft.routing.refer_body = "无"
    draft.routing.refer_note = "无"
    p = draft.parties[0]
    p.gender, p.ethnicity, p.birth_date = Gender.FEMALE, "汉族", dt.date(1949, 12, 31)
    p.occupation, p.address = "退休教师", "城南街道幸福里12号"
    p.phones.append(PhoneDraft("13900001111", PhoneLabel.RELATIVE, "女儿 李丽"))
    p.agents.append(
        AgentDraft(
            name="王律师",
            relation="律师",
            authority=AgentAuthority.SPECIAL,
            authority_note="代为承认、放弃、变更调解请求",
            id_number="11010519491231002X",
            phone="13555556666",
        )
    )
    org = organisation()
    org.address = "城南街道人民路1号"
    draft.parties.append(org)
    draft.participants.append(
        ParticipantDraft(name="赵六", relation="邻居", phone="13700001111", note="见证人")
    )
    return draft


def _text_columns(session, model, where) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    columns = [
        c
        for c in model.__table__.columns
        if isinstance(c.type, String | Text) and c.name not in ("number", "instalments")
    ]
    return [tuple(r) for r in session.execute(select(*columns).where(where).order_by(model.id))]


def _stored_text(db, case_id: int) -> list[list[tuple[Any, ...]]]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        return [
            _text_columns(s, Case, Case.id == case_id),
            _text_columns(s, Party, Party.case_id == case_id),
            _text_columns(s, PartyPhone, PartyPhone.case_id == case_id),
            _text_columns(s, Agent, Agent.case_id == case_id),
            _text_columns(s, Participant, Participant.case_id == case_id),
        ]


def test_every_text_field_of_a_case_is_cleaned_at_intake(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clean = _full_draft(centre.street_unit_id, centre.mediator_id)
    dirty = _full_draft(centre.street_unit_id, centre.mediator_id)
    _poison(dirty)
    assert dirty.parties[0].name == "张\x00\x1b三\ufffe\x7f"
    assert clean_case_draft(dirty) == clean
    assert dirty.parties[0].name == "张\x00\x1b三\ufffe\x7f"  # the caller's draft is untouched

    issues = run(db, intake.check_draft, clean, now=NOW)
    assert run(db, intake.check_draft, dirty, now=NOW) == issues
    seen = {intake.warning_key(i) for i in issues}
    a = run(db, intake.register_case, clean, acknowledged=seen, now=NOW, actor=centre.actor)
    b = run(db, intake.register_case, dirty, acknowledged=seen, now=NOW, actor=centre.actor)
    assert _stored_text(db, b.id) == _stored_text(db, a.id)
    assert run(db, get_case, b.id).parties[0].name == "张三"

    # and the documents of the case can be generated (DOCX refused such characters before)
    files = run(
        db,
        generate_documents,
        case_id=b.id,
        kinds=[DocumentKind.APPLICATION, DocumentKind.REGISTRATION],
        formats=[FileFormat.DOCX, FileFormat.PDF],
        folder=tmp_path,
        actor=centre.actor,
    )
    assert len(files) == 4


def test_agreement_text_is_cleaned_when_saved(db, centre) -> None:  # type: ignore[no-untyped-def]
    cases = []
    for _ in range(2):
        draft = _full_draft(centre.street_unit_id, centre.mediator_id)
        case_id = run(
            db,
            intake.register_case,
            draft,
            acknowledged=_all_warnings(db, draft),
            now=NOW,
            actor=centre.actor,
        ).id
        cases.append((case_id, [p.id for p in run(db, get_case, case_id).parties]))
    (a, a_ids), (b, b_ids) = cases
    dirty = sample_agreement(b_ids)
    _poison(dirty)
    assert clean_agreement_draft(dirty) == sample_agreement(b_ids)
    run(db, save_agreement, case_id=a, draft=sample_agreement(a_ids), actor=centre.actor)
    view = run(db, save_agreement, case_id=b, draft=dirty, actor=centre.actor)
    assert view.draft.facts == sample_agreement(b_ids).facts

    def stored(case_id: int) -> list[list[tuple[Any, ...]]]:
        with reading(db) as s:
            agreement_id = s.scalar(select(Agreement.id).where(Agreement.case_id == case_id))
            return [
                _text_columns(s, Agreement, Agreement.id == agreement_id),
                _text_columns(s, AgreementClause, AgreementClause.agreement_id == agreement_id),
            ]

    assert stored(b) == stored(a)


def _all_warnings(db, draft: CaseDraft) -> set[str]:  # type: ignore[no-untyped-def]
    return {intake.warning_key(i) for i in run(db, intake.check_draft, draft, now=NOW)}


def test_no_stored_text_keeps_a_control_character(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The net under every other screen: settings, mediator names (db/text_guard.py)."""
    from mediation_desk.db.models import Mediator
    from mediation_desk.domain.enums import MediatorKind
    from mediation_desk.services import document_settings, reference

    current = run(db, document_settings.get_document_settings)
    typed = dataclasses.replace(
        current,
        committee_name="城南街道\x0b人民调解委员会",
        seal_text="（城南\x00街道人民调解委员会印）",
    )
    saved = run(db, document_settings.save_document_settings, typed, actor=centre.actor)
    assert saved.committee_name == "城南街道人民调解委员会"
    assert saved.seal_text == "（城南街道人民调解委员会印）"
    made = run(
        db,
        reference.create_mediator,
        name="王\x1b小\x0b明",
        kind=MediatorKind.PEOPLES,
        unit_id=centre.street_unit_id,
        actor=centre.actor,
    )
    assert made.name == "王小明"
    with reading(db) as s:
        assert s.scalar(select(Mediator.name).where(Mediator.id == made.id)) == "王小明"


def test_the_guard_keeps_line_breaks_where_a_box_of_several_lines_is_typed() -> None:
    from mediation_desk.db.models import Case

    case = Case(refer_note="第一行\x0b第二行\n第三行", refusal_note="第一行\n第二行")
    assert case.refer_note == "第一行\n第二行\n第三行"  # the routing dialog's note
    assert case.refusal_note == "第一行第二行"  # a single line
