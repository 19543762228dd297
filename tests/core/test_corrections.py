"""Correcting a registered case: every intake field, the intake rules, old → new history with
personal data masked, search and repeat visits updated, generated documents marked 已过期.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from mediation_desk.db.agreement_models import GeneratedDocument
from mediation_desk.db.models import (
    Agent,
    Case,
    CaseLink,
    HistoryEntry,
    NumberCounter,
    Party,
    PartyPhone,
    SearchToken,
)
from mediation_desk.domain.agreements import SignerRole
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.corrections import correction_refusal
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.drafts import AgentDraft, ParticipantDraft, PartyDraft, PhoneDraft
from mediation_desk.domain.enums import (
    AgentKind,
    CaseSource,
    CaseStatus,
    ConsentStatus,
    LinkKind,
    PartyKind,
    PartyRole,
    PhoneLabel,
)
from mediation_desk.errors import DeskError, ValidationFailed
from mediation_desk.services import cases, intake, search
from mediation_desk.services.agreements import record_signature, save_agreement
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.corrections import (
    NothingToCorrect,
    correct_case,
    correction_state,
    draft_for_correction,
)
from mediation_desk.services.documents import generate_documents, list_generated, stale_kinds
from mediation_desk.services.history import case_history
from mediation_desk.services.repeat_visits import find_repeat_visits
from tests.desk import reading, run, writing
from tests.documents.sample import sample_agreement
from tests.factories import VALID_ID, organisation, two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)
LATER = NOW + dt.timedelta(hours=2)
OTHER_ID = "440524188001010014"  # domain.md: valid, born 1880 (a warning to acknowledge)
NEW_ID = "110101199003070011"  # valid, 1990-03-07, male (check below)


def _register(db, centre, **kw) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id, **kw)
    draft.participants = [ParticipantDraft("王村长", "村干部", "13900001111")]
    return run(db, intake.register_case, draft, actor=centre.actor, now=NOW).id


def _draft(db, case_id):  # type: ignore[no-untyped-def]
    return run(db, draft_for_correction, case_id, now=LATER)


def _correct(db, centre, case_id, draft, reason="", **kw):  # type: ignore[no-untyped-def]
    return run(db, correct_case, case_id, draft, reason, actor=centre.actor, now=LATER, **kw)


def _last_correction(db, case_id) -> dict:  # type: ignore[no-untyped-def,type-arg]
    with reading(db) as s:
        entry = s.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.case_id == case_id, HistoryEntry.action == "correct")
            .order_by(HistoryEntry.id.desc())
        ).first()
        assert entry is not None
        return {"summary": entry.summary, **json.loads(entry.changes)}


def _fields(record: dict) -> dict[str, tuple[str, str]]:  # type: ignore[type-arg]
    return {f["label"]: (f["old"], f["new"]) for f in record["fields"]}


def test_id_check_char_of_new_id() -> None:
    from mediation_desk.domain.validation import gb11643_check_char

    assert gb11643_check_char(NEW_ID[:17]) == NEW_ID[17]


def test_draft_for_correction_carries_every_stored_field(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    detail = run(db, cases.get_case, case_id)
    assert [p.party_id for p in draft.parties] == [p.id for p in detail.parties]
    assert draft.parties[0].id_number == VALID_ID
    assert draft.parties[0].phones[0].number == "13812345678"
    assert draft.participants[0].name == "王村长"
    assert draft.facts == detail.facts and draft.dispute_type_code == "neighbour"
    assert draft.routing.unit_id == centre.street_unit_id
    assert draft.received_at == NOW


def test_case_fields_are_corrected_with_old_and_new_in_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.facts = "更正后的事实：排水管引至申请人墙角。"
    draft.requests = "请求赔偿。"
    draft.dispute_type_code = "property_management"
    draft.source = CaseSource.COMMUNITY
    draft.referring_body = "幸福里社区"
    result = _correct(db, centre, case_id, draft)
    detail = run(db, cases.get_case, case_id)
    assert detail.facts.startswith("更正后的事实") and detail.requests == "请求赔偿。"
    assert detail.source is CaseSource.COMMUNITY and detail.referring_body == "幸福里社区"
    assert detail.dispute_type_code == "property_management"
    labels = {c.label for c in result.changes}
    assert {"纠纷主要事实", "请求事项", "纠纷类型", "案件来源", "移送或转来单位"} <= labels
    record = _fields(_last_correction(db, case_id))
    assert record["纠纷类型"] == ("邻里", "物业")
    assert record["案件来源"] == ("当事人申请（来访）", "社区转来")


def test_party_phones_agents_and_participants_are_corrected(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    applicant = draft.parties[0]
    applicant.name = "张叁"
    applicant.address = "城南街道幸福里12号"
    applicant.phones = [
        PhoneDraft("13912345678"),
        PhoneDraft("13700001111", PhoneLabel.RELATIVE, "女儿 张丽"),
    ]
    draft.parties[1].agents = [AgentDraft(name="王律师", relation="律师", phone="13555556666")]
    draft.participants = [ParticipantDraft("赵邻居", "邻居")]
    result = _correct(db, centre, case_id, draft)
    detail = run(db, cases.get_case, case_id)
    first, second = detail.parties
    assert first.name == "张叁" and first.id == applicant.party_id  # updated in place
    assert [p.number for p in first.phones] == ["13912345678", "13700001111"]
    assert first.phones[1].note == "女儿 张丽"
    assert [a.name for a in second.agents] == ["王律师"]
    assert [p.name for p in detail.participants] == ["赵邻居"]
    record = _fields(_last_correction(db, case_id))
    assert record["申请人张三 姓名或名称"] == ("张三", "张叁")
    assert record["申请人张三 电话1"] == ("138****5678（本人）", "139****5678（本人）")
    assert record["申请人张三 电话2"] == ("", "137****1111（亲属，女儿 张丽）")
    assert record["被申请人李四 代理人1"][0] == ""
    assert "135****6666" in record["被申请人李四 代理人1"][1]
    assert record["参加人1"] == ("王村长，村干部，电话139****1111", "赵邻居，邻居")
    assert len(result.changes) == len(record)
    with reading(db) as s:
        digits = set(s.scalars(select(PartyPhone.digits_rev).where(PartyPhone.case_id == case_id)))
        assert "87654321931" in digits and "87654321831" not in digits


def test_history_masks_id_numbers_and_phones(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[0].id_number = NEW_ID
    draft.parties[0].birth_date = None  # filled in again from the new number
    draft.parties[0].gender = None
    draft.parties[0].phones = [PhoneDraft("13912345678")]
    draft.facts = "对方电话13566667777，身份证" + OTHER_ID + "。"
    _correct(db, centre, case_id, draft)
    with reading(db) as s:
        raw = s.scalars(select(HistoryEntry.changes).where(HistoryEntry.action == "correct")).one()
    for secret in (VALID_ID, NEW_ID, "13812345678", "13912345678", "13566667777", OTHER_ID):
        assert secret not in raw
    record = _fields(json.loads(raw) | {"fields": json.loads(raw)["fields"]})
    assert record["申请人张三 证件号码"] == ("110105********002X", "110101********0011")
    detail = run(db, cases.get_case, case_id)
    assert detail.parties[0].id_number == NEW_ID  # stored in full
    assert detail.parties[0].birth_date == dt.date(1990, 3, 7)


def test_search_finds_the_new_name_and_not_the_old(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre, applicant="欧阳娜娜")
    draft = _draft(db, case_id)
    draft.parties[0].name = "司马青衫"
    draft.parties[0].id_number = NEW_ID
    draft.parties[0].birth_date = draft.parties[0].gender = None
    draft.parties[0].phones = [PhoneDraft("13912340000")]
    _correct(db, centre, case_id, draft)

    def found(q: str) -> bool:
        return case_id in {h.case_id for h in run(db, search.search_cases, q)}

    assert found("司马青衫") and found("司马") and found("smqs")
    assert not found("欧阳娜娜") and not found("欧阳") and not found("oynn")
    assert found(NEW_ID[-6:]) and not found(VALID_ID[-6:])
    assert found("0000") and not found("5678")
    with reading(db) as s:
        tokens = set(s.scalars(select(SearchToken.token).where(SearchToken.case_id == case_id)))
    assert "n:司马" in tokens and "n:欧阳" not in tokens


def test_adding_and_removing_parties(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[1] = organisation()
    draft.parties.append(PartyDraft(name="钱五", role=PartyRole.THIRD_PARTY))
    result = _correct(db, centre, case_id, draft)
    detail = run(db, cases.get_case, case_id)
    assert [p.name for p in detail.parties] == ["张三", "绍兴市恒达物业服务有限公司", "钱五"]
    assert detail.parties[1].kind is PartyKind.ORGANISATION
    assert detail.parties[0].id == draft.parties[0].party_id  # kept in place
    labels = [c.label for c in result.changes]
    assert labels.count("新增当事人") == 2 and labels.count("删除当事人") == 1
    with reading(db) as s:
        assert s.scalar(select(Party.id).where(Party.name == "李四")) is None
        assert s.scalars(select(Agent.id)).all() == []


def test_intake_rules_and_messages_apply(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[0].id_number = "110105194912310021"  # bad check character
    draft.parties[1].phones = [PhoneDraft("12345")]
    draft.facts = ""
    with pytest.raises(ValidationFailed) as caught:
        _correct(db, centre, case_id, draft)
    by_field = {i.field: i for i in caught.value.issues}
    assert {"parties[0].id_number", "parties[1].phones[0].number", "facts"} <= set(by_field)
    # exactly the messages intake gives for the same draft
    fresh = two_party_draft(centre.street_unit_id)
    fresh.parties[0].id_number = "110105194912310021"
    fresh.parties[1].phones = [PhoneDraft("12345")]
    fresh.facts = ""
    with pytest.raises(ValidationFailed) as at_intake:
        run(db, intake.register_case, fresh, actor=centre.actor, now=NOW)
    intake_messages = {i.field: i.message for i in at_intake.value.issues}
    for field in ("parties[0].id_number", "parties[1].phones[0].number", "facts"):
        assert by_field[field].message == intake_messages[field]


def test_a_failing_correction_loses_nothing(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    before = run(db, cases.get_case, case_id)
    draft = _draft(db, case_id)
    draft.parties[0].name = "改了名"
    draft.parties[1].name = ""  # required
    with pytest.raises(ValidationFailed):
        _correct(db, centre, case_id, draft)
    assert run(db, cases.get_case, case_id) == before
    # a refusal after the rows were rewritten (documents need a reason) rolls back too
    _insert_document(db, centre, case_id)
    draft.parties[1].name = "李四"
    with pytest.raises(ValidationFailed) as caught:
        _correct(db, centre, case_id, draft)
    assert caught.value.issues[0].field == "reason"
    assert "原因" in caught.value.issues[0].message
    assert run(db, cases.get_case, case_id) == before
    with reading(db) as s:
        assert s.scalar(select(SearchToken.case_id).where(SearchToken.token == "n:改了名")) is None


def test_warnings_are_acknowledged_as_at_intake(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[0].phones = []
    with pytest.raises(ValidationFailed) as caught:
        _correct(db, centre, case_id, draft)
    keys = {intake.warning_key(i) for i in caught.value.issues}
    assert keys == {"parties[0].phones:phone_missing"}
    _correct(db, centre, case_id, draft, acknowledged=keys)
    assert run(db, cases.get_case, case_id).parties[0].phones == ()


def test_nothing_changed_is_a_no_op(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.facts = "  " + draft.facts + " "  # what is stored does not change
    with pytest.raises(NothingToCorrect) as caught:
        _correct(db, centre, case_id, draft)
    assert "没有任何改动" in caught.value.message
    assert [h.action for h in run(db, case_history, case_id)] == ["register"]


def test_the_number_unit_and_routing_do_not_change(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.routing.unit_id = centre.traffic_unit_id  # ignored: routing has its own action
    draft.received_at = NOW - dt.timedelta(days=400)
    draft.facts += "补充。"
    _correct(db, centre, case_id, draft)
    detail = run(db, cases.get_case, case_id)
    assert detail.number == f"（{NOW.year}）城南人调字第1号"
    assert detail.unit_id == centre.street_unit_id and detail.received_at == NOW
    with reading(db) as s:
        assert s.scalars(select(NumberCounter.last_seq)).all() == [1]


def test_repeat_visit_check_after_an_id_change(db, centre) -> None:  # type: ignore[no-untyped-def]
    earlier = _register(
        db,
        centre,
        applicant="刘洋",
        respondent="周一",
        applicant_id=NEW_ID,
        applicant_phone="13600000001",
    )
    typo = _register(
        db,
        centre,
        applicant="刘阳",
        respondent="周二",
        applicant_id=VALID_ID,
        applicant_phone="13600000002",
    )
    # the clerk linked a case that matched by the mistyped number
    wrong = _register(
        db,
        centre,
        applicant="孙七",
        respondent="周三",
        applicant_id=VALID_ID,
        applicant_phone="13600000003",
    )
    run(
        db,
        cases.link_cases,
        case_id=typo,
        other_case_id=wrong,
        kind=LinkKind.REPEAT_VISIT,
        actor=centre.actor,
    )
    draft = _draft(db, typo)
    assert draft.linked_case_ids == [wrong]
    draft.parties[0].id_number = NEW_ID
    draft.parties[0].birth_date = draft.parties[0].gender = None
    result = _correct(db, centre, typo, draft)
    assert {m.case_id for m in result.repeat_matches} == {earlier}
    assert result.repeat_matches[0].reason == "身份证件号码相同"
    assert result.links_removed == (wrong,) and result.links_added == ()
    # the clerk links the match the form now shows
    draft = _draft(db, typo)
    draft.linked_case_ids = [earlier]
    result = _correct(db, centre, typo, draft)
    assert result.links_added == (earlier,) and not result.changes
    with reading(db) as s:
        links = s.execute(
            select(CaseLink.linked_case_id, CaseLink.kind).where(CaseLink.case_id == typo)
        ).all()
    assert links == [(earlier, LinkKind.REPEAT_VISIT)]
    # the case itself is never its own repeat visit
    own = run(db, find_repeat_visits, _draft(db, typo), exclude_case_id=typo)
    assert typo not in {m.case_id for m in own}


def test_refused_for_cases_not_open(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.WITHDRAW,
        reason=None,
        note="",
        on=NOW.date(),
        actor=centre.actor,
        now=LATER,
    )
    draft = _draft(db, case_id)
    draft.facts += "补充。"
    with pytest.raises(DeskError) as caught:
        _correct(db, centre, case_id, draft)
    assert "已撤回" in caught.value.message and "恢复调解" in caught.value.message
    assert not run(db, correction_state, case_id).open
    for status in (CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION, CaseStatus.REFERRED_OUT):
        assert correction_refusal(status) == ""
    for status in (
        CaseStatus.REFUSED,
        CaseStatus.SUCCEEDED,
        CaseStatus.CLOSED,
        CaseStatus.ARCHIVED,
        CaseStatus.FAST_TRACK_CLOSED,
    ):
        assert "不能修改登记信息" in correction_refusal(status)


def test_a_change_made_meanwhile_is_not_overwritten(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    state = run(db, correction_state, case_id)
    first = _draft(db, case_id)
    second = _draft(db, case_id)
    first.facts += "甲窗口补充。"
    _correct(db, centre, case_id, first, expected_updated_at=state.updated_at)
    second.requests = "乙窗口改的请求。"
    with pytest.raises(DeskError) as caught:
        _correct(db, centre, case_id, second, expected_updated_at=state.updated_at)
    assert "其他窗口" in caught.value.message
    assert "甲窗口补充" in run(db, cases.get_case, case_id).facts


def test_signed_agreement_keeps_its_parties(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    ids = [p.id for p in run(db, cases.get_case, case_id).parties]
    run(db, save_agreement, case_id=case_id, draft=sample_agreement(ids), actor=centre.actor)
    # a party named in the clauses cannot be removed, even before signing
    draft = _draft(db, case_id)
    del draft.parties[1]
    draft.parties.append(
        PartyDraft(name="新对方", role=PartyRole.RESPONDENT, phones=[PhoneDraft("13700000000")])
    )
    with pytest.raises(DeskError) as caught:
        _correct(db, centre, case_id, draft)
    assert "协议" in caught.value.message
    run(
        db,
        record_signature,
        case_id=case_id,
        role=SignerRole.PARTY,
        party_id=ids[0],
        signed_on=NOW.date(),
        actor=centre.actor,
        now=LATER,
    )
    assert run(db, correction_state, case_id).signed
    draft = _draft(db, case_id)
    draft.parties[0].address = "新地址"
    with pytest.raises(DeskError) as caught:
        _correct(db, centre, case_id, draft)
    assert "撤销签名" in caught.value.message
    draft = _draft(db, case_id)
    draft.requests = "补充请求。"  # not printed in the agreement: allowed
    _correct(db, centre, case_id, draft)


def _insert_document(db, centre, case_id: int, kind=DocumentKind.REGISTRATION) -> None:  # type: ignore[no-untyped-def]
    with writing(db) as s:
        version = 1 + len(
            s.scalars(
                select(GeneratedDocument.id).where(
                    GeneratedDocument.case_id == case_id, GeneratedDocument.doc_type == kind
                )
            ).all()
        )
        s.add(
            GeneratedDocument(
                case_id=case_id,
                doc_type=kind,
                file_format=FileFormat.PDF,
                version=version,
                file_name=f"x{version}.pdf",
                sha256="0" * 64,
                size_bytes=1,
                operator_id=centre.actor.operator_id,
                created_at=NOW,
            )
        )


def test_generated_documents_are_marked_stale_and_kept(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION, DocumentKind.APPLICATION],
        formats=[FileFormat.PDF],
        folder=tmp_path,
        actor=centre.actor,
        now=NOW,
    )
    assert run(db, correction_state, case_id).documents == 2
    draft = _draft(db, case_id)
    draft.parties[0].name = "张叁"
    result = _correct(db, centre, case_id, draft, "  当事人姓名登记错误 ")
    assert result.documents_marked == 2
    rows = run(db, list_generated, case_id)
    assert len(rows) == 2 and all(r.stale for r in rows)
    assert {r.stale_reason for r in rows} == {"当事人姓名登记错误"}
    assert rows[0].stale_since == LATER
    assert stale_kinds(rows) == {DocumentKind.REGISTRATION, DocumentKind.APPLICATION}
    assert all((tmp_path / r.file_name).exists() for r in rows)  # still kept
    assert _last_correction(db, case_id)["reason"] == "当事人姓名登记错误"
    # generated again: that kind is current; the old file keeps its mark
    run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION],
        formats=[FileFormat.PDF],
        folder=tmp_path,
        actor=centre.actor,
        now=LATER,
    )
    rows = run(db, list_generated, case_id)
    assert stale_kinds(rows) == {DocumentKind.APPLICATION}
    newest = rows[0]
    assert newest.kind is DocumentKind.REGISTRATION and newest.version == 2 and not newest.stale
    # a second correction marks the new file, and keeps the first reason on the old ones
    draft = _draft(db, case_id)
    draft.parties[0].address = "幸福里12号"
    assert _correct(db, centre, case_id, draft, "补登住址").documents_marked == 1
    reasons = {(r.kind, r.version): r.stale_reason for r in run(db, list_generated, case_id)}
    assert reasons[(DocumentKind.REGISTRATION, 2)] == "补登住址"
    assert reasons[(DocumentKind.REGISTRATION, 1)] == "当事人姓名登记错误"


def test_changes_are_recorded_for_the_views(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.db.unit_of_work import perform
    from mediation_desk.domain.clock import fixed_clock

    case_id = _register(db, centre)
    _insert_document(db, centre, case_id)
    draft = _draft(db, case_id)
    draft.parties[0].consent = ConsentStatus.PENDING
    draft.parties[1].agents = [AgentDraft(name="李大", kind=AgentKind.LEGAL)]
    outcome = perform(
        db,
        lambda uow: correct_case(uow, case_id, draft, "补正"),
        actor=centre.actor,
        clock=fixed_clock(LATER),
    )
    assert outcome.changes.cases == {case_id} and outcome.changes.documents == {case_id}
    with reading(db) as s:
        assert s.get(Case, case_id).updated_at == LATER  # type: ignore[union-attr]
    history = run(db, case_history, case_id)
    assert history[-1].action == "correct" and history[-1].summary.startswith("更正登记信息")


def test_check_correction_reports_without_saving(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.corrections import check_correction

    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[0].name = ""
    issues = run(db, check_correction, case_id, draft)
    assert [i.field for i in issues if i.is_error] == ["parties[0].name"]
    assert run(db, cases.get_case, case_id).parties[0].name == "张三"


def test_correction_lines_read_old_to_new() -> None:
    from mediation_desk.domain.corrections import correction_lines

    record = {"fields": [{"label": "请求事项", "old": "", "new": "赔偿"}], "reason": "补登"}
    assert correction_lines(record) == "请求事项：（空） → 赔偿\n原因：补登"


def test_a_corrected_source_sets_the_time_limit_again(db, centre) -> None:  # type: ignore[no-untyped-def]
    """Registered as a walk-in (one month), corrected to a court's entrusted case in summary
    procedure: seven days from the day the materials were signed for."""
    from mediation_desk.domain.enums import CourtProcedure

    case_id = _register(db, centre)
    before = run(db, cases.get_case, case_id).time_limit
    assert before is not None and before.rule_key == "peoples_one_month"
    draft = _draft(db, case_id)
    draft.source, draft.referring_body = CaseSource.COURT_ENTRUSTED, "城南区人民法院"
    draft.court_procedure = CourtProcedure.SUMMARY
    draft.materials_received_on = NOW.date()
    _correct(db, centre, case_id, draft)
    after = run(db, cases.get_case, case_id).time_limit
    assert after is not None and after.rule_key == "court_entrusted_summary_7"
    assert after.due is not None and after.due < before.due  # type: ignore[operator]
    assert _fields(_last_correction(db, case_id))["审理程序"] == ("", "简易程序")


def test_a_party_with_a_statement_in_saved_minutes_is_not_removed(db, centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.minutes import minutes_for, save_minutes
    from tests.minutes_sample import at, complete_draft, sitting_case

    sit = sitting_case(db, centre)
    draft = complete_draft(run(db, minutes_for, sit.session_id).draft, sit)
    run(db, save_minutes, sit.session_id, draft, now=at(10, 40), actor=centre.actor)
    correction = run(db, draft_for_correction, sit.case_id)
    correction.parties = [p for p in correction.parties if p.party_id != sit.respondent]
    correction.parties.append(PartyDraft(name="李四", role=PartyRole.RESPONDENT))
    with pytest.raises(DeskError, match="已保存的调解记录中有陈述"):
        run(db, correct_case, sit.case_id, correction, "被申请人登记重复", actor=centre.actor)
    saved = run(db, minutes_for, sit.session_id)
    assert saved.account(sit.respondent)  # the statement is still there


def test_the_reason_keeps_no_number_in_clear(db, centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.REGISTRATION],
        formats=[FileFormat.PDF],
        folder=tmp_path,
        actor=centre.actor,
    )
    draft = _draft(db, case_id)
    draft.facts = "更正后的事实。"
    _correct(db, centre, case_id, draft, "申请人来电13812345678说明")
    record = _last_correction(db, case_id)
    assert "13812345678" not in record["reason"] and "138****5678" in record["reason"]
    rows = run(db, list_generated, case_id)
    assert all("13812345678" not in (r.stale_reason or "") for r in rows)


def test_an_untouched_masked_id_keeps_the_stored_number(db, centre) -> None:  # type: ignore[no-untyped-def]
    """The form shows ID numbers masked to a clerk: the mask left as is means "unchanged"."""
    from mediation_desk.domain.validation import mask_id_number

    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[1].agents = [
        AgentDraft(name="王律师", relation="律师", id_number=NEW_ID, phone="13555556666")
    ]
    _correct(db, centre, case_id, draft)
    draft = _draft(db, case_id)
    draft.parties[0].id_number = mask_id_number(VALID_ID)
    draft.parties[1].agents[0].id_number = mask_id_number(NEW_ID)
    draft.facts = "只改事实。"
    result = _correct(db, centre, case_id, draft)
    assert {c.label for c in result.changes} == {"纠纷主要事实"}  # the IDs did not change
    detail = run(db, cases.get_case, case_id)
    assert detail.parties[0].id_number == VALID_ID
    assert detail.parties[1].agents[0].id_number == NEW_ID


def test_a_new_full_id_replaces_a_masked_one_and_a_mangled_mask_is_refused(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = _register(db, centre)
    draft = _draft(db, case_id)
    draft.parties[0].id_number = "110105****1234002X"  # edited inside the mask: not a number
    with pytest.raises(ValidationFailed) as refused:
        _correct(db, centre, case_id, draft)
    assert any(i.field == "parties[0].id_number" for i in refused.value.issues)
    draft.parties[0].id_number = NEW_ID
    draft.parties[0].birth_date = draft.parties[0].gender = None
    _correct(db, centre, case_id, draft)
    assert run(db, cases.get_case, case_id).parties[0].id_number == NEW_ID
