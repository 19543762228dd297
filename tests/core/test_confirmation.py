"""The judicial-confirmation pack: deadline, court, checklist (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.errors import DeskError
from mediation_desk.services.confirmation import (
    get_pack,
    record_application,
    set_court,
    set_material,
)
from mediation_desk.services.document_settings import (
    DocumentSettingsView,
    get_document_settings,
    save_document_settings,
)
from tests.documents.sample import full_case


def test_pack_of_an_effective_agreement(db, centre) -> None:  # type: ignore[no-untyped-def]
    save_document_settings(db, centre.actor, DocumentSettingsView(default_court="城南区人民法院"))
    case_id = full_case(db, centre)
    pack = get_pack(db, case_id)
    assert pack.ready and pack.effective_on == dt.date(2024, 9, 1)
    assert pack.deadline is not None and pack.deadline.due == dt.date(2024, 10, 8)
    assert pack.days_left(dt.date(2024, 10, 1)) == 7
    assert pack.court.court == "城南区人民法院" and pack.court.rule.code == "committee_location"
    assert not any(m.gathered for m in pack.materials)
    pack = set_material(db, centre.actor, case_id=case_id, code="agreement", gathered=True)
    assert [m.code for m in pack.materials if m.gathered] == ["agreement"]
    pack = set_material(db, centre.actor, case_id=case_id, code="agreement", gathered=False)
    assert not any(m.gathered for m in pack.materials)
    pack = set_court(
        db, centre.actor, case_id=case_id, rule_code="party_domicile", court_name="城北区人民法院"
    )
    assert (pack.court.court, pack.court.rule.code) == ("城北区人民法院", "party_domicile")
    pack = record_application(
        db,
        centre.actor,
        case_id=case_id,
        applied_on=dt.date(2024, 9, 20),
        court_case_number="（2024）浙0602民特12号",
    )
    assert pack.applied_on == dt.date(2024, 9, 20)


def test_unsigned_agreement_is_not_ready(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=False)
    pack = get_pack(db, case_id)
    assert not pack.ready and pack.deadline is None
    assert any("尚未生效" in p for p in pack.problems)
    with pytest.raises(DeskError):
        set_material(db, centre.actor, case_id=case_id, code="nonsense", gathered=True)


def test_document_settings_round_trip(db, centre) -> None:  # type: ignore[no-untyped-def]
    assert get_document_settings(db) == DocumentSettingsView()
    saved = save_document_settings(
        db,
        centre.actor,
        DocumentSettingsView("城南街道人民调解委员会", "", "城南区人民法院", "调解室", ""),
    )
    assert saved.committee_name == "城南街道人民调解委员会"
    with pytest.raises(DeskError, match="不存在"):
        save_document_settings(db, centre.actor, DocumentSettingsView(font_path="/nope.ttf"))
