"""Control characters are refused in every text field (issue 11 "Protected data"): at intake
and in the agreement as an error beside the field, everywhere else by the guard on each
mapped text column, which stops the action so nothing of it is saved. Invisible format
characters leave names, so a look-alike name is the same name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from enum import Enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from mediation_desk.db.agreement_models import Agreement
from mediation_desk.db.models import Case, Mediator, Operator
from mediation_desk.domain.drafts import AgentDraft, CaseDraft, ParticipantDraft, PhoneDraft
from mediation_desk.domain.enums import AgentAuthority, Gender, MediatorKind, PhoneLabel
from mediation_desk.domain.roles import Role
from mediation_desk.domain.validation.text import (
    CODE,
    control_character,
    has_control_characters,
    refusal_message,
    stored_name,
    tidy_case_draft,
    tidy_text,
)
from mediation_desk.errors import DeskError, TextRefused, ValidationFailed
from mediation_desk.services import accounts, document_settings, intake, reference
from mediation_desk.services.agreements import check_agreement, save_agreement
from mediation_desk.services.cases import get_case
from tests.desk import reading, run
from tests.documents.sample import sample_agreement
from tests.factories import organisation, two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
#: What XML 1.0 refuses (besides tab, LF, CR), which python-docx turns into an English error.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
C1 = re.compile("[\x7f-\x9f]")


@pytest.mark.parametrize(
    ("text", "multiline", "refused"),
    [
        ("张三", False, None),
        ("（2026）城南人调字第12号", False, None),
        ("张\x00三", False, "\x00"),
        ("张\x0b三", False, "\x0b"),  # Word's manual line break
        ("John\tSmith", False, "\t"),
        ("幸福里12号\n3单元", False, "\n"),
        ("幸福里12号\r3单元", False, "\r"),
        ("李四\u2028", False, "\u2028"),
        ("李\x85四", False, "\x85"),  # NEL, a C1 control
        ("李\x7f四", False, "\x7f"),
        ("李\ufffe四", False, "\ufffe"),
        ("事实\t经过\n\n请求", True, None),
        ("第一行\r\n第二行", True, None),
        ("请求\u2028\u2029", True, None),
        ("第三行\x0b第四行", True, "\x0b"),
        ("第四行\x0c第五行", True, "\x0c"),
        ("被申请人\x00赔偿", True, "\x00"),
        ("\ud800孤立代理项", True, "\ud800"),
    ],
)
def test_what_each_kind_of_field_refuses(text: str, multiline: bool, refused: str | None) -> None:
    assert control_character(text, multiline=multiline) == refused


def test_tidying_keeps_what_was_typed_but_line_breaks_and_invisible_characters() -> None:
    assert tidy_text("第一行\r\n第二行\r第三行\u2028第四行", multiline=True) == (
        "第一行\n第二行\n第三行\n第四行"
    )
    assert tidy_text("测试员\u200b") == "测试员"
    assert tidy_text("\ufeff张\u00ad三\u200d\u2060") == "张三"
    assert tidy_text("事实\u200b", multiline=True) == "事实\u200b"  # kept where it does no harm
    assert tidy_text("张\x00三") == "张\x00三"  # a control character is left to be refused
    assert stored_name("  测试员\u200b ") == "测试员"


@given(st.text(), st.booleans())
def test_text_that_passes_is_xml_safe(raw: str, multiline: bool) -> None:
    text = tidy_text(raw, multiline=multiline)
    if control_character(text, multiline=multiline) is None:
        assert not XML_INVALID.search(text) and not C1.search(text)
        if not multiline:
            assert not has_control_characters(text)
            assert "\t" not in text and "\n" not in text and "\r" not in text
        assert tidy_text(text, multiline=multiline) == text


@given(
    st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf")))
)
def test_ordinary_text_passes_unchanged(raw: str) -> None:
    raw = raw.replace("\ufffe", "").replace("\uffff", "")
    for multiline in (False, True):
        assert control_character(raw, multiline=multiline) is None
        assert tidy_text(raw, multiline=multiline) == raw


# --- intake: an error beside each field ------------------------------------------------------


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


def _text_paths(record: Any, prefix: str = "") -> list[str]:
    """The path of every non-empty text field, as the form addresses it."""
    out = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, Enum) and value:
            out.append(f"{prefix}{f.name}")
        elif dataclasses.is_dataclass(value):
            out += _text_paths(value, f"{prefix}{f.name}.")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    out += _text_paths(item, f"{prefix}{f.name}[{i}].")
    return out


def _poison(record: Any) -> None:
    """A NUL into every non-empty text field, in place."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, Enum) and value:
            setattr(record, f.name, value[:1] + "\x00" + value[1:])
        elif dataclasses.is_dataclass(value):
            _poison(value)
        elif isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item):
                    _poison(item)


def _case_count(db) -> int:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        return int(s.scalar(select(func.count()).select_from(Case)) or 0)


def test_a_control_character_in_any_intake_field_is_an_error_beside_it(db, centre) -> None:  # type: ignore[no-untyped-def]
    clean = _full_draft(centre.street_unit_id, centre.mediator_id)
    dirty = _full_draft(centre.street_unit_id, centre.mediator_id)
    _poison(dirty)
    paths = _text_paths(clean)
    assert {"parties[0].name", "parties[0].phones[1].note", "parties[0].agents[0].name"} <= set(
        paths
    )
    assert {"participants[0].note", "routing.refer_note", "facts"} <= set(paths)

    found = run(db, intake.check_draft, dirty, now=NOW)
    refused = sorted(i.field for i in found if i.code == CODE)
    assert refused == sorted(paths)
    assert all(i.is_error and "控制字符" in i.message for i in found if i.code == CODE)
    assert dirty.parties[0].name == "张\x00三"  # the caller's draft is untouched

    seen = {intake.warning_key(i) for i in run(db, intake.check_draft, clean, now=NOW)}
    before = _case_count(db)
    with pytest.raises(ValidationFailed) as refusal:
        run(db, intake.register_case, dirty, acknowledged=seen, now=NOW, actor=centre.actor)
    assert any(i.code == CODE for i in refusal.value.issues)
    assert _case_count(db) == before  # nothing saved

    # multi-line boxes keep their line breaks; names lose invisible characters
    ok = _full_draft(centre.street_unit_id, centre.mediator_id)
    ok.facts = "第一行\r\n第二行\t（续）"
    ok.parties[0].name = "张\u200b三"
    assert not [i for i in run(db, intake.check_draft, ok, now=NOW) if i.code == CODE]
    assert tidy_case_draft(ok).parties[0].name == "张三"
    made = run(db, intake.register_case, ok, acknowledged=seen, now=NOW, actor=centre.actor)
    case = run(db, get_case, made.id)
    assert case.parties[0].name == "张三"
    assert case.facts == "第一行\n第二行\t（续）"


def test_a_control_character_in_the_agreement_is_refused_naming_its_field(db, centre) -> None:  # type: ignore[no-untyped-def]
    draft = _full_draft(centre.street_unit_id, centre.mediator_id)
    seen = {intake.warning_key(i) for i in run(db, intake.check_draft, draft, now=NOW)}
    case_id = run(
        db, intake.register_case, draft, acknowledged=seen, now=NOW, actor=centre.actor
    ).id
    ids = [p.id for p in run(db, get_case, case_id).parties]
    dirty = sample_agreement(ids)
    dirty.facts = "双方\x0b邻居"
    dirty.clauses[0].method = "银行\x00转账"

    issues = [i for i in run(db, check_agreement, case_id, dirty) if i.code == CODE]
    assert [(i.field, i.message) for i in issues] == [
        ("facts", refusal_message("纠纷主要事实")),
        ("clauses[0].method", refusal_message("第一条 支付方式")),
    ]
    assert refusal_message("第一条 支付方式") == (
        "“第一条 支付方式”含有无法保存的控制字符（多为复制粘贴带入的不可见字符），请删除后重试。"
    )
    with pytest.raises(TextRefused, match="“纠纷主要事实”含有无法保存的控制字符"):
        run(db, save_agreement, case_id=case_id, draft=dirty, actor=centre.actor)
    with reading(db) as s:
        assert s.scalar(select(Agreement.id).where(Agreement.case_id == case_id)) is None

    fine = sample_agreement(ids)
    fine.facts = "第一段\r\n第二段"
    view = run(db, save_agreement, case_id=case_id, draft=fine, actor=centre.actor)
    assert view.draft.facts == "第一段\n第二段"


# --- every other screen: the guard on each column ---------------------------------------------


def test_settings_with_a_control_character_are_refused_and_the_saved_ones_kept(db, centre) -> None:  # type: ignore[no-untyped-def]
    current = run(db, document_settings.get_document_settings)
    good = dataclasses.replace(current, committee_name="城南街道人民调解委员会")
    run(db, document_settings.save_document_settings, good, actor=centre.actor)
    typed = dataclasses.replace(
        good, committee_name="城南街道\x0b人民调解委员会", seal_text="（城南街道人民调解委员会印）"
    )
    with pytest.raises(TextRefused) as refusal:
        run(db, document_settings.save_document_settings, typed, actor=centre.actor)
    assert refusal.value.field == "调解委员会名称"
    assert refusal.value.message.startswith("“调解委员会名称”含有无法保存的控制字符")
    assert run(db, document_settings.get_document_settings) == good  # nothing of it saved


def test_names_with_control_characters_are_refused_and_look_alikes_are_the_same_name(
    db, centre
) -> None:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        mediators = s.scalar(select(func.count()).select_from(Mediator))
    with pytest.raises(TextRefused, match=r"^“调解员姓名”含有无法保存的控制字符"):
        run(
            db,
            reference.create_mediator,
            name="王\x1b小明",
            kind=MediatorKind.PEOPLES,
            unit_id=centre.street_unit_id,
            actor=centre.actor,
        )
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(Mediator)) == mediators

    with pytest.raises(DeskError, match=r"^已有账户名“测试员”"):
        run(
            db,
            accounts.create_account,
            name="测试员\u200b",
            password="first-pass-1",
            roles=frozenset({Role.CLERK}),
            actor=centre.actor,
        )
    with reading(db) as s:
        names = list(s.scalars(select(Operator.name).where(Operator.is_system.is_(False))))
    assert names == ["测试员"]
    made = run(
        db,
        reference.create_mediator,
        name="\ufeff王小明\u200b",
        kind=MediatorKind.PEOPLES,
        unit_id=centre.street_unit_id,
        actor=centre.actor,
    )
    assert made.name == "王小明"


def test_the_guard_keeps_line_breaks_only_where_a_box_of_several_lines_is_typed() -> None:
    case = Case(refer_note="第一行\r\n第二行\u2028第三行")
    assert case.refer_note == "第一行\n第二行\n第三行"  # the routing dialog's note
    with pytest.raises(TextRefused):
        Case(refusal_note="第一行\n第二行")  # a single line
    with pytest.raises(TextRefused):
        Case(refer_note="第一行\x0c第二行")
    assert Case(refer_body="城南\u200b法院").refer_body == "城南法院"
