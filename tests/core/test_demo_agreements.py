"""The bulk demo's successes have their agreements (demo/agreement_rows.py): every 调解成功
case one agreement, written (signed by everyone, effective the day mediation ended) or oral;
money paid from a respondent to an applicant; a few applied for judicial confirmation. The
statistics then count them, and the services read them as they read their own."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from mediation_desk.db.agreement_models import (
    Agreement,
    AgreementClause,
    AgreementSignature,
    ConfirmationPack,
)
from mediation_desk.db.database import Database
from mediation_desk.db.models import Case, Party
from mediation_desk.demo.agreement_rows import (
    AgreementRows,
    DemoAgreements,
    Staff,
    share,
    succeeded,
)
from mediation_desk.domain.agreements import (
    AgreementForm,
    ClauseKind,
    SignerRole,
    validate_agreement,
)
from mediation_desk.domain.court_steps import CourtStep, RulingResult
from mediation_desk.domain.enums import CaseSource, CaseStatus, PartyRole
from mediation_desk.domain.statistics import Period
from mediation_desk.services.agreements import get_agreement
from mediation_desk.services.confirmation import get_pack
from mediation_desk.services.performance import performance_of
from mediation_desk.services.statistics import moj_report
from tests.conftest import open_database
from tests.desk import reading, run

NOW = dt.datetime(2026, 11, 20, 9)
YEARS = (2023, 2024, 2025, 2026)  # the demo's four years before NOW


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, set[int]]]:
    """A demo centre of 1,500 cases; with the ids of the cases the bulk loader wrote."""
    from mediation_desk.demo.loader import load_demo

    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('agreements') / 'demo.db'}")
    run(db, lambda uow: load_demo(uow, n_cases=1500, seed=21), now=NOW)
    with reading(db) as s:
        bulk = set(s.scalars(select(Case.id).order_by(Case.id).limit(1500)))
    yield db, bulk
    db.dispose()


def _cases(db: Database, bulk: set[int]) -> dict[int, Case]:
    with reading(db) as s:
        rows = list(s.scalars(select(Case).where(Case.id.in_(bulk))))
        s.expunge_all()
        return {c.id: c for c in rows}


def test_every_success_has_exactly_one_agreement(demo: tuple[Database, set[int]]) -> None:
    db, bulk = demo
    cases = _cases(db, bulk)
    with reading(db) as s:
        agreed = Counter(s.scalars(select(Agreement.case_id).where(Agreement.case_id.in_(bulk))))
    won = {
        cid
        for cid, c in cases.items()
        if c.status is CaseStatus.SUCCEEDED
        or (c.status in (CaseStatus.ARCHIVED, CaseStatus.CLOSED) and c.closed_from == "succeeded")
    }
    assert len(won) > 700  # most demo cases end in success
    assert set(agreed) == won and set(agreed.values()) == {1}


def test_the_table_counts_written_and_oral_for_every_success(
    demo: tuple[Database, set[int]],
) -> None:
    db, _ = demo
    oral = succeeded_total = 0
    for year in YEARS:
        total = run(db, moj_report, Period.year(year)).by_type.total.values
        n = int(total["succeeded"] or 0)
        assert n > 0
        assert int(total["written"] or 0) + int(total["oral"] or 0) == n, year
        assert int(total["amount"] or 0) > 0, year  # 协议涉及金额
        assert 0 < int(total["confirm_applied"] or 0) <= int(total["written"] or 0), year
        assert int(total["confirm_confirmed"] or 0) <= int(total["confirm_applied"] or 0), year
        oral += int(total["oral"] or 0)
        succeeded_total += n
    assert 0.12 < oral / succeeded_total < 0.28  # oral for small simple disputes only


def test_money_is_paid_from_a_respondent_to_an_applicant(demo: tuple[Database, set[int]]) -> None:
    db, bulk = demo
    cases = _cases(db, bulk)
    with reading(db) as s:
        roles = {p.id: (p.case_id, p.role) for p in s.scalars(select(Party))}
        rows = s.execute(
            select(Agreement.case_id, AgreementClause)
            .join(AgreementClause, AgreementClause.agreement_id == Agreement.id)
            .where(Agreement.case_id.in_(bulk), AgreementClause.kind == ClauseKind.PAYMENT)
        ).all()
    assert len(rows) > 300
    for case_id, k in rows:
        disputed = cases[case_id].amount_in_dispute_cents
        assert disputed and k.amount_fen and k.amount_fen > 0
        assert disputed // 2 - 5_000 <= k.amount_fen <= disputed  # 50–100 %, rounded
        assert roles[k.payer_party_id] == (case_id, PartyRole.RESPONDENT)
        assert roles[k.payee_party_id] == (case_id, PartyRole.APPLICANT)
        parts = json.loads(k.instalments)
        if parts:
            assert sum(fen for _, fen in parts) == k.amount_fen and k.due_date is None
        else:
            assert k.due_date is not None
    assert any(json.loads(k.instalments) for _, k in rows)  # some large sums in instalments


def test_written_agreements_are_signed_and_effective_the_day_mediation_ended(
    demo: tuple[Database, set[int]],
) -> None:
    db, bulk = demo
    cases = _cases(db, bulk)
    with reading(db) as s:
        written = list(
            s.scalars(
                select(Agreement)
                .where(Agreement.case_id.in_(bulk), Agreement.form == AgreementForm.WRITTEN)
                .limit(40)
            )
        )
        oral = s.scalar(
            select(Agreement).where(
                Agreement.case_id.in_(bulk), Agreement.form == AgreementForm.ORAL
            )
        )
        assert oral is not None and written
        assert not s.scalar(
            select(AgreementSignature.id).where(AgreementSignature.agreement_id == oral.id)
        )
        s.expunge_all()
    for a in written:
        case = cases[a.case_id]
        view = run(db, get_agreement, a.case_id)
        assert view is not None and view.missing_signers == ()
        assert view.effective_on == case.ended_on == a.reached_on
        assert {g.role for g in view.signatures} == set(SignerRole)
        assert view.draft.mediator_name and view.draft.recorder_name and view.draft.place
        ids = {g.party_id for g in view.signatures if g.party_id is not None}
        errors = validate_agreement(
            view.draft, party_ids=ids, dispute_type_code=case.dispute_type_code
        )
        assert not [e for e in errors if e.is_error], errors
        # performance derived from the clauses (not frozen), nothing marked yet
        performance = run(db, performance_of, a.case_id, now=NOW)
        assert performance.effective_on == case.ended_on and not performance.frozen
        assert performance.items and all(i.state is None for i in performance.items)
    view = run(db, get_agreement, oral.case_id)
    assert view is not None and view.effective_on == oral.reached_on == cases[oral.case_id].ended_on


def test_confirmations_follow_the_courts_periods(demo: tuple[Database, set[int]]) -> None:
    db, bulk = demo
    cases = _cases(db, bulk)
    with reading(db) as s:
        packs = s.execute(
            select(ConfirmationPack, Agreement)
            .join(Agreement, Agreement.case_id == ConfirmationPack.case_id)
            .where(ConfirmationPack.case_id.in_(bulk))
        ).all()
        s.expunge_all()
    assert len(packs) > 10
    results = Counter(p.ruling_result for p, _ in packs)
    assert results[RulingResult.CONFIRMED.value] > len(packs) * 0.7  # most are confirmed
    for p, a in packs:
        case = cases[p.case_id]
        assert a.form is AgreementForm.WRITTEN and a.intends_confirmation
        assert case.source is not CaseSource.COURT_ENTRUSTED
        assert p.applied_on is not None and a.reached_on is not None
        assert 0 < (p.applied_on - a.reached_on).days <= 30  # 人民调解法 art. 33
        if p.acceptance_on is not None:
            assert p.accepted and 0 <= (p.acceptance_on - p.applied_on).days <= 3
            assert p.court_case_number.startswith(f"（{p.acceptance_on.year}）")
        if p.ruling_on is not None:
            assert p.acceptance_on is not None
            assert 0 < (p.ruling_on - p.acceptance_on).days <= 15
        assert max(d for d in (p.applied_on, p.acceptance_on, p.ruling_on) if d) <= NOW.date()
    confirmed = next(p for p, _ in packs if p.ruling_result == RulingResult.CONFIRMED.value)
    view = run(db, get_pack, confirmed.case_id, now=NOW)
    assert view.progress.step is CourtStep.CONFIRMED and view.progress.effective
    assert not view.unavailable and view.effective_on is not None
    # the performance page reads the ruling though no item is stored: enforcement deadlines
    performance = run(db, performance_of, confirmed.case_id, now=NOW)
    assert not performance.frozen and performance.ruling_on == confirmed.ruling_on
    assert all(i.enforcement is not None for i in performance.items)


def test_rows_have_the_tables_columns() -> None:
    """Core bulk inserts drop unknown keys silently: every key must be a column."""
    today = dt.date(2026, 11, 20)
    maker = DemoAgreements(
        Staff({1: "陈国良"}, {5: ["陈国良", "俞美芳"]}, {5: "府山街道"}, ["李婷婷"], 1), today
    )
    rows = AgreementRows()
    case = dict(
        id=next(i for i in range(1, 10_000) if share(i, 8) < 0.065 and share(i, 1) > 0.6),
        status="succeeded",
        closed_from="",
        ended_on=today - dt.timedelta(days=60),
        amount_in_dispute_cents=12_000_000,
        dispute_type_code="contract",
        source="walk_in",
        referring_body="",
        facts="申请人与被申请人因货款发生纠纷。",
        mediator_id=1,
        unit_id=5,
    )
    assert succeeded(case)
    maker.add(rows, 1, case, [(10, PartyRole.APPLICANT, "甲"), (11, PartyRole.RESPONDENT, "乙")])
    tables = (
        (rows.agreements, Agreement),
        (rows.clauses, AgreementClause),
        (rows.signatures, AgreementSignature),
        (rows.packs, ConfirmationPack),
    )
    for found, model in tables:
        assert found, model
        columns = set(model.__table__.c.keys())  # type: ignore[attr-defined]
        for row in found:
            assert set(row) <= columns, set(row) - columns
    assert rows.packs[0]["result"]  # ruled: the column is ``result``
