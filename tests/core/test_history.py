"""The append-only history: who changed what, and when; the database refuses edits.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import delete, func, select, text, update

from mediation_desk.db.models import HistoryEntry
from mediation_desk.domain.actor import Actor
from mediation_desk.domain.changes import Entity
from mediation_desk.domain.drafts import RoutingDraft
from mediation_desk.domain.enums import ReferralTarget
from mediation_desk.domain.roles import Role
from mediation_desk.errors import StorageError, ValidationFailed
from mediation_desk.services import cases, history, intake
from tests.desk import reading, run, writing
from tests.factories import VALID_ID, two_party_draft

NOW = dt.datetime(2026, 3, 2, 10, 30)


def register(db, centre, **kwargs) -> intake.RegisteredCase:  # type: ignore[no-untyped-def]
    draft = two_party_draft(centre.street_unit_id, **kwargs)
    return run(db, intake.register_case, draft, now=NOW, actor=centre.actor)


def raw_changes(db) -> list[str]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        return list(s.scalars(select(HistoryEntry.changes)))


def test_registration_writes_an_entry(db, centre) -> None:
    reg = register(db, centre)
    (entry,) = run(db, history.case_history, reg.id)
    assert entry.operator_name == "测试员"
    assert entry.action == "register"
    assert entry.at == NOW
    assert reg.number in entry.summary
    assert "城南街道人民调解委员会" in entry.summary
    assert entry.summary.startswith("登记")
    assert entry.changes["status"] == "accepted"
    assert entry.changes["unit"] == "城南街道人民调解委员会"
    assert entry.changes["parties"] == 2
    with reading(db) as s:
        row = s.scalar(select(HistoryEntry).where(HistoryEntry.case_id == reg.id))
    assert (row.entity, row.entity_id, row.operator_id) == (
        "case",
        reg.id,
        centre.actor.operator_id,
    )


def test_acknowledged_warnings_and_links_are_recorded(db, centre) -> None:
    first = register(db, centre)
    draft = two_party_draft(centre.street_unit_id)
    draft.requests = ""
    draft.linked_case_ids = [first.id]
    reg = run(
        db,
        intake.register_case,
        draft,
        now=NOW,
        acknowledged={"requests:requests_empty"},
        actor=centre.actor,
    )
    (entry,) = run(db, history.case_history, reg.id)
    assert entry.changes["acknowledged_warnings"] == ["requests:requests_empty"]
    assert entry.changes["linked_cases"] == [first.id]


def test_failed_registration_writes_no_entry(db, centre) -> None:
    before = len(raw_changes(db))
    with pytest.raises(ValidationFailed):
        register(db, centre, applicant_id="110105194912310021")
    assert len(raw_changes(db)) == before


def test_route_case_writes_an_entry(db, centre) -> None:
    reg = register(db, centre)
    detail = run(
        db,
        cases.route_case,
        case_id=reg.id,
        routing=RoutingDraft(unit_id=centre.traffic_unit_id, mediator_id=centre.mediator_id),
        actor=centre.actor,
    )
    assert detail.unit_id == centre.traffic_unit_id
    assert detail.number == reg.number  # keeps its number
    entries = run(db, history.case_history, reg.id)
    assert [e.action for e in entries] == ["register", "route"]
    route = entries[1]
    assert route.operator_name == "测试员"
    assert route.summary == "分流至交通事故纠纷人民调解委员会"
    assert route.changes["unit_id"] == [centre.street_unit_id, centre.traffic_unit_id]
    assert route.changes["mediator_id"] == [None, centre.mediator_id]
    assert "refer_to" not in route.changes  # unchanged

    run(
        db,
        cases.route_case,
        case_id=reg.id,
        routing=RoutingDraft(
            refer_to=ReferralTarget.ARBITRATION, refer_body="区劳动人事争议仲裁委员会"
        ),
        actor=centre.actor,
    )
    last = run(db, history.case_history, reg.id)[-1]
    assert last.summary.startswith("移送")
    assert "区劳动人事争议仲裁委员会" in last.summary
    assert last.changes["refer_to"] == [None, "arbitration"]


def test_link_cases_writes_an_entry(db, centre) -> None:
    a, b = register(db, centre), register(db, centre)
    run(db, cases.link_cases, case_id=a.id, other_case_id=b.id, actor=centre.actor)
    last = run(db, history.case_history, a.id)[-1]
    assert last.action == "link"
    assert b.number in last.summary


def test_entries_are_listed_in_order_with_operator_names(db, centre) -> None:
    from tests.desk import add_account

    other_actor = add_account(db, "李文书", roles=frozenset({Role.CLERK}))
    reg = register(db, centre)
    run(
        db,
        cases.route_case,
        case_id=reg.id,
        routing=RoutingDraft(unit_id=centre.traffic_unit_id),
        actor=other_actor,
    )
    assert [e.operator_name for e in run(db, history.case_history, reg.id)] == ["测试员", "李文书"]


@pytest.mark.parametrize(
    "statement",
    [
        update(HistoryEntry).values(summary="篡改"),
        update(HistoryEntry).values(changes="{}"),
        delete(HistoryEntry),
    ],
    ids=["update-summary", "update-changes", "delete"],
)
def test_database_refuses_update_and_delete(db, centre, statement) -> None:
    reg = register(db, centre)
    with reading(db) as s:
        before = [(h.id, h.summary, h.changes) for h in s.scalars(select(HistoryEntry))]
    assert before
    with pytest.raises(StorageError, match="只能追加"), writing(db) as s:
        s.execute(statement)
    with pytest.raises(StorageError, match="只能追加"), writing(db) as s:
        s.execute(statement.where(HistoryEntry.case_id == reg.id))
    with reading(db) as s:
        after = [(h.id, h.summary, h.changes) for h in s.scalars(select(HistoryEntry))]
    assert after == before


def test_database_refuses_raw_sql_and_orm_changes(db, centre) -> None:
    register(db, centre)
    with pytest.raises(StorageError, match="只能追加"), writing(db) as s:
        s.execute(text("DELETE FROM history_entry"))
    with pytest.raises(StorageError, match="只能追加"), writing(db) as s:
        entry = s.scalars(select(HistoryEntry).limit(1)).one()
        entry.summary = "篡改"
    with pytest.raises(StorageError, match="只能追加"), writing(db) as s:
        s.delete(s.scalars(select(HistoryEntry).limit(1)).one())
    with reading(db) as s:
        assert s.scalar(select(func.count()).where(HistoryEntry.summary == "篡改")) == 0


def test_inserts_still_work_after_a_refused_change(db, centre) -> None:
    with pytest.raises(StorageError), writing(db) as s:
        s.execute(delete(HistoryEntry))
    assert register(db, centre).number == "（2026）城南人调字第1号"


def test_sensitive_values_are_masked(db, centre) -> None:
    reg = register(db, centre)
    actor = Actor(centre.actor.operator_id, centre.actor.name)
    run(
        db,
        history.record,
        entity=Entity.CASE,
        entity_id=1,
        case_id=reg.id,
        action="update",
        summary="修改当事人信息",
        changes={
            "id_number": [VALID_ID, "110105194912310037"],
            "phone": "13812345678",
            "phones": ["13912345678", "0575-88123456"],
            "party": {"name": "张三", "id_number": VALID_ID, "phone": "021-62345678"},
            "agents": [{"name": "王律师", "phone": "13700002222"}],
            "name": "张三",
        },
        actor=actor,
        now=NOW,
    )
    entry = run(db, history.case_history, reg.id)[-1]
    assert entry.changes["id_number"] == ["110105********002X", "110105********0037"]
    assert entry.changes["phone"] == "138****5678"
    assert entry.changes["phones"] == ["139****5678", "0575-****3456"]
    assert entry.changes["party"] == {
        "name": "张三",
        "id_number": "110105********002X",
        "phone": "021-****5678",
    }
    assert entry.changes["agents"] == [{"name": "王律师", "phone": "137****2222"}]
    assert entry.changes["name"] == "张三"  # not personal-number data: kept
    stored = "\n".join(raw_changes(db))
    for secret in (
        VALID_ID,
        "110105194912310037",
        "13812345678",
        "13912345678",
        "88123456",
        "62345678",
        "13700002222",
    ):
        assert secret not in stored


def test_registration_history_has_no_personal_numbers(db, centre) -> None:
    reg = register(db, centre)
    run(
        db,
        cases.route_case,
        case_id=reg.id,
        routing=RoutingDraft(unit_id=centre.traffic_unit_id),
        actor=centre.actor,
    )
    with reading(db) as s:
        rows = s.execute(select(HistoryEntry.summary, HistoryEntry.changes)).all()
    dumped = json.dumps([list(r) for r in rows], ensure_ascii=False)
    for secret in (VALID_ID, "13812345678", "88123456"):
        assert secret not in dumped


def test_landline_with_extension_is_masked(db, centre) -> None:
    """Stored landlines keep an extension as a "-123" suffix (0575-88123456-123)."""
    reg = register(db, centre)
    run(
        db,
        history.record,
        entity=Entity.CASE,
        entity_id=1,
        case_id=reg.id,
        action="update",
        summary="修改电话",
        changes={"phone": ["0575-88123456", "0575-88123456-123"]},
        actor=centre.actor,
        now=NOW,
    )
    entry = run(db, history.case_history, reg.id)[-1]
    assert "88123456" not in json.dumps(entry.changes), entry.changes
    assert "88123456" not in "\n".join(raw_changes(db))
