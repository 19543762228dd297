"""The judicial-confirmation pack: deadline, court, checklist (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.document_settings import DocumentSettingsView
from mediation_desk.errors import DeskError
from mediation_desk.services.confirmation import (
    get_pack,
    record_application,
    set_court,
    set_material,
)
from mediation_desk.services.document_settings import get_document_settings, save_document_settings
from tests.desk import run
from tests.documents.sample import full_case


def test_pack_of_an_effective_agreement(db, centre) -> None:  # type: ignore[no-untyped-def]
    run(
        db,
        save_document_settings,
        DocumentSettingsView(default_court="城南区人民法院"),
        actor=centre.actor,
    )
    case_id = full_case(db, centre)
    pack = run(db, get_pack, case_id)
    assert pack.ready and pack.effective_on == dt.date(2024, 9, 1)
    assert pack.deadline is not None and pack.deadline.due == dt.date(2024, 10, 8)
    assert pack.days_left(dt.date(2024, 10, 1)) == 7
    assert pack.court.court == "城南区人民法院" and pack.court.rule.code == "committee_location"
    assert not any(m.gathered for m in pack.materials)
    pack = run(
        db, set_material, case_id=case_id, code="agreement", gathered=True, actor=centre.actor
    )
    assert [m.code for m in pack.materials if m.gathered] == ["agreement"]
    pack = run(
        db, set_material, case_id=case_id, code="agreement", gathered=False, actor=centre.actor
    )
    assert not any(m.gathered for m in pack.materials)
    pack = run(
        db,
        set_court,
        case_id=case_id,
        rule_code="party_domicile",
        court_name="城北区人民法院",
        actor=centre.actor,
    )
    assert (pack.court.court, pack.court.rule.code) == ("城北区人民法院", "party_domicile")
    pack = run(
        db,
        record_application,
        case_id=case_id,
        applied_on=dt.date(2024, 9, 20),
        court_case_number="（2024）浙0602民特12号",
        actor=centre.actor,
    )
    assert pack.applied_on == dt.date(2024, 9, 20)


def test_unsigned_agreement_is_not_ready(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(db, centre, signed=False)
    pack = run(db, get_pack, case_id)
    assert not pack.ready and pack.deadline is None
    assert any("尚未生效" in p for p in pack.problems)
    with pytest.raises(DeskError):
        run(db, set_material, case_id=case_id, code="nonsense", gathered=True, actor=centre.actor)


def test_document_settings_round_trip(db, centre) -> None:  # type: ignore[no-untyped-def]
    assert run(db, get_document_settings) == DocumentSettingsView()
    saved = run(
        db,
        save_document_settings,
        DocumentSettingsView("城南街道人民调解委员会", "", "城南区人民法院", "调解室", ""),
        actor=centre.actor,
    )
    assert saved.committee_name == "城南街道人民调解委员会"
    with pytest.raises(DeskError, match="不存在"):
        run(
            db,
            save_document_settings,
            DocumentSettingsView(font_path="/nope.ttf"),
            actor=centre.actor,
        )
