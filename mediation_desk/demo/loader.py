"""Fill a database with the demo centre and generated cases, fast (Core bulk inserts).

Used by the app's ``--demo`` option and by the benchmarks (200,000 cases). Rows are built with
the same indexing helpers as the intake service, so demo cases are found exactly like real ones.
Numbers continue each unit's counter, without gaps. Every succeeded case gets its agreement
(``agreement_rows``) in the same batch, before the batch's statistics rows are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ..db.agreement_models import (
    Agreement,
    AgreementClause,
    AgreementSignature,
    ConfirmationPack,
)
from ..db.audit_models import append_history_rows
from ..db.base import Base
from ..db.case_stats import refresh_case_stats
from ..db.models import (
    Agent,
    Case,
    HandlingUnit,
    HistoryEntry,
    Mediator,
    NumberCounter,
    Operator,
    Participant,
    Party,
    PartyPhone,
    SearchToken,
)
from ..db.report_models import Place
from ..db.unit_of_work import UnitOfWork
from ..domain.actor import Actor
from ..domain.case_number import format_case_number
from ..domain.changes import Entity
from ..domain.drafts import CaseDraft
from ..domain.enums import CaseSource, CaseStatus, CourtProcedure, PartyKind, PartyRole, UnitKind
from ..domain.report_fields import PREVENTION_COLUMNS, PreventionFlags
from ..domain.roles import Role, roles_to_str
from ..domain.time_limits import CaseFacts, compute_time_limit
from ..domain.validation import normalize_phone
from ..domain.work_calendar import WorkCalendar
from ..services import accounts, reference
from ..services.case_report import intake_columns
from ..services.history import record as record_history
from ..services.indexing import digits_only, initials_variants, name_tokens, reversed_key
from ..services.time_limits import load_calendar
from .agreement_rows import AgreementRows, DemoAgreements, Staff, succeeded
from .generator import CaseGenerator, DemoCentre, GeneratedCase, demo_centre
from .places import demo_places
from .schedule_demo import seed_demo_schedule


@dataclass(frozen=True)
class SeededCentre:
    actor: Actor
    unit_ids: dict[str, int]
    unit_formats: dict[int, str]
    desk_id: int
    mediator_ids: dict[str, int]


def demo_needed(uow: UnitOfWork) -> bool:
    """True for an empty centre (no handling units yet)."""
    return not uow.read().scalar(select(func.count()).select_from(HandlingUnit))


def seed_demo_centre(uow: UnitOfWork, centre: DemoCentre | None = None) -> SeededCentre:
    """The demo centre's staff, units, mediators and sign-in accounts (``DEMO_ACCOUNTS``, the
    调解员 one as a 府山 mediator); the first staff member acts from then on (their names fill
    the history; they have no password)."""
    uow.as_system()  # system work: no account asked for it
    centre = centre or demo_centre()
    uow.as_system()
    actor = add_staff(uow, centre.operators)
    uow.act_as(actor)
    reference.set_centre(uow, name=centre.name)
    unit_ids: dict[str, int] = {}
    formats: dict[int, str] = {}
    desk_id = 0
    for unit in centre.units:
        view = reference.create_unit(
            uow, name=unit.name, kind=unit.kind, number_format=unit.number_format
        )
        unit_ids[unit.key] = view.id
        formats[view.id] = unit.number_format
        if unit.kind is UnitKind.INTAKE_DESK and not desk_id:
            desk_id = view.id
    mediator_ids = {
        m.key: reference.create_mediator(
            uow, name=m.name, kind=m.kind, unit_id=unit_ids[m.unit_key]
        ).id
        for m in centre.mediators
    }
    fushan = next(m.key for m in centre.mediators if m.unit_key == "fushan")
    accounts.add_demo_accounts(uow, mediator_id=mediator_ids[fushan])
    add_demo_places(uow)
    return SeededCentre(actor, unit_ids, formats, desk_id, mediator_ids)


def add_demo_places(uow: UnitOfWork) -> None:
    """The district's villages and communities (``demo.places``) as the centre's place list,
    in one statement, with one history entry."""
    places = demo_places().places
    s = uow.write()
    s.execute(
        insert(Place),
        [
            dict(
                code=p.code,
                name=p.name,
                kind=p.kind.value,
                township=p.township,
                sort_order=i,
                active=True,
            )
            for i, p in enumerate(places, start=1)
        ],
    )
    record_history(
        uow,
        entity=Entity.PLACE,
        entity_id=0,
        action="place_add",
        summary=f"载入演示村（社区）列表：{len(places)}个",
        changes={"count": len(places)},
    )


def _report_columns(g: GeneratedCase) -> dict[str, Any]:
    """The statistics' columns of a generated case (as ``services.case_report`` stores them)."""
    d = g.draft
    flags = (g.prevention or PreventionFlags()).checked()
    return {
        **intake_columns(d),
        **{column: getattr(flags, name) for name, column in PREVENTION_COLUMNS.items()},
    }


def add_staff(uow: UnitOfWork, names: list[str]) -> Actor:
    """The demo's history names: accounts with the 中心主任 role and no password (they never
    sign in; the demo accounts do); returns the first as an actor."""
    s = uow.write()
    created = uow.now()
    rows = [
        Operator(
            name=name,
            name_key=accounts.account_name_key(name),
            active=True,
            created_at=created,
            roles=roles_to_str({Role.DIRECTOR}),
        )
        for name in names
    ]
    s.add_all(rows)
    s.flush()
    return Actor(rows[0].id, rows[0].name, frozenset({Role.DIRECTOR}))


def load_demo(
    uow: UnitOfWork,
    *,
    n_cases: int = 3000,
    seed: int = 20261121,
    data_dir: Path | None = None,
) -> SeededCentre:
    """Seed the demo centre and ``n_cases`` cases received over the last four years (up to
    the unit of work's today). Commits batch by batch; reports progress and can be cancelled
    between batches. With ``data_dir`` (the app's data folder) one closed case is also filed
    with attachments and archived."""
    uow.as_system()  # system work: no account asked for it
    seeded = seed_demo_centre(uow)
    generator = CaseGenerator(seed=seed, today=uow.today())
    bulk_load(uow, seeded, generator.cases(n_cases, days_back=1460), total=n_cases)
    seed_demo_schedule(uow, seeded)  # rooms, mediator rosters, this week's sessions
    from .lifecycle_demo import seed_lifecycle_cases

    # a few cases in every state, through the services
    fushan = next(m.key for m in demo_centre().mediators if m.unit_key == "fushan")
    stories = seed_lifecycle_cases(
        uow, seeded.unit_ids["fushan"], mediator_id=seeded.mediator_ids[fushan]
    )
    from .court_demo import seed_court_steps

    seed_court_steps(uow, stories)  # the court's handling: one confirmed, one dismissed

    from .performance_demo import seed_performance

    seed_performance(uow, stories)  # their agreements partly and fully performed
    from .follow_up_demo import seed_follow_ups

    seed_follow_ups(uow, stories)  # a visit made, and a 回手 after an unsatisfied one
    from .audit_demo import seed_audit_events

    seed_audit_events(uow, stories)  # full ID numbers looked up, for 操作审计
    if data_dir is not None:  # last: an archived case is locked
        from .case_file_demo import archive_closed_story

        archive_closed_story(uow, stories, data_dir=data_dir)
    return seeded


#: The tables whose ids the loader assigns itself (so rows can refer to each other in a batch).
Numbered = (
    type[Case] | type[Party] | type[PartyPhone] | type[Agent] | type[Participant] | type[Agreement]
)


def _next_id(s: Session, model: Numbered) -> int:
    return (s.scalar(select(func.max(model.id))) or 0) + 1


def bulk_load(
    uow: UnitOfWork,
    seeded: SeededCentre,
    cases: Iterable[GeneratedCase],
    *,
    total: int,
    batch_size: int = 5000,
) -> int:
    """Insert generated cases in batches, each committed; returns how many were inserted."""
    uow.as_system()  # system work: no account asked for it
    s = uow.write()
    numbered: tuple[Numbered, ...] = (Case, Party, PartyPhone, Agent, Participant, Agreement)
    ids = {m: _next_id(s, m) for m in numbered}
    counters = {(c.unit_id, c.year): c.last_seq for c in s.scalars(select(NumberCounter))}
    agreements = DemoAgreements(_staff(s, seeded), uow.today())
    done = 0
    batch: list[GeneratedCase] = []
    for generated in cases:
        batch.append(generated)
        if len(batch) >= batch_size:
            done += _commit_batch(uow, seeded, batch, ids, counters, agreements)
            batch = []
            uow.progress.report(done, total)
            uow.progress.check()
    if batch:
        done += _commit_batch(uow, seeded, batch, ids, counters, agreements)
    uow.progress.report(done, total)
    return done


def _staff(s: Session, seeded: SeededCentre) -> Staff:
    """Who signs the agreements: the mediators by id and by unit, the units' names."""
    mediators = s.execute(
        select(Mediator.id, Mediator.name, Mediator.unit_id).order_by(Mediator.id)
    )
    names: dict[int, str] = {}
    by_unit: dict[int, list[str]] = {}
    for mid, name, unit_id in mediators:
        names[mid] = name
        by_unit.setdefault(unit_id or 0, []).append(name)
    units = {uid: name for uid, name in s.execute(select(HandlingUnit.id, HandlingUnit.name))}
    actor = seeded.actor
    return Staff(names, by_unit, units, [actor.name], actor.operator_id)


def _commit_batch(
    uow: UnitOfWork,
    seeded: SeededCentre,
    batch: list[GeneratedCase],
    ids: dict[Numbered, int],
    counters: dict[tuple[int, int], int],
    agreements: DemoAgreements,
) -> int:
    """Insert one batch with the counters it used, and keep it (its numbers stay gap-free)."""
    first = ids[Case]
    _insert_batch(uow, seeded, batch, ids, counters, agreements)
    # the statistics' rows, after the agreements and confirmations they count: the batch
    # writes its history itself, not through the recorder
    refresh_case_stats(uow.write(), range(first, ids[Case]))
    _save_counters(uow, counters)
    if not uow.db.is_sqlite:
        _sync_sequences(uow)
    uow.commit()
    return len(batch)


def _time_limit_columns(
    d: CaseDraft, received: dt.datetime, status: CaseStatus, case_id: int, calendar: WorkCalendar
) -> dict[str, Any]:
    """The time-limit columns as intake stores them, through the same rule chooser. The demo
    picks what the clerk would have entered: the materials signed for on the day received, the
    court's procedure (mostly summary), a petitions letter giving 30 days."""
    court = d.source in (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED)
    procedure = None
    if d.source is CaseSource.COURT_ENTRUSTED:
        procedure = d.court_procedure or (
            CourtProcedure.ORDINARY if case_id % 3 == 0 else CourtProcedure.SUMMARY
        )
    materials = (d.materials_received_on or received.date()) if court else None
    handed = None
    if d.source is CaseSource.PETITIONS:
        handed = d.handed_due_on or received.date() + dt.timedelta(days=30)
    columns: dict[str, Any] = dict(
        court_procedure=procedure.value if procedure else "",
        materials_received_on=materials,
        handed_due_on=handed,
        time_limit_rule="",
        due_on=None,
        due_beyond_table=False,
    )
    if status.is_open or status in _MEDIATED:  # an ended case keeps the limit it ran under
        facts = CaseFacts(d.source, received.date(), procedure, materials, handed, d.risk_level)
        limit = compute_time_limit(facts, calendar)
        columns.update(
            time_limit_rule=limit.rule.key, due_on=limit.due, due_beyond_table=limit.beyond_table
        )
    return columns


#: Generated statuses whose mediation ran and ended (an archived case was closed from one).
_MEDIATED = frozenset(
    {CaseStatus.SUCCEEDED, CaseStatus.FAILED, CaseStatus.WITHDRAWN, CaseStatus.ARCHIVED}
)


def _ending_columns(
    status: CaseStatus, received: dt.datetime, case_id: int, today: dt.date
) -> dict[str, Any]:
    """The day mediation ended (most within a month, one in twelve late) and, for an archived
    case, the outcome it was closed from (nine in ten succeeded): what 结案 records, so that
    the statistics count the demo's cases as they would real ones."""
    columns: dict[str, Any] = {"ended_on": None, "closed_from": "", "closed_on": None}
    if status not in _MEDIATED:
        return columns  # (every row of a bulk insert has the same keys)
    days = 3 + (case_id * 7919) % 27 + (20 if case_id % 12 == 0 else 0)
    columns["ended_on"] = ended = min(received.date() + dt.timedelta(days=days), today)
    if status is CaseStatus.ARCHIVED:
        outcome = CaseStatus.FAILED if case_id % 10 == 0 else CaseStatus.SUCCEEDED
        columns["closed_from"] = outcome.value
        columns["closed_on"] = min(ended + dt.timedelta(days=7), today)
    return columns


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw).number
    except ValueError:
        return raw


def _insert_batch(
    uow: UnitOfWork,
    seeded: SeededCentre,
    batch: list[GeneratedCase],
    ids: dict[Numbered, int],
    counters: dict[tuple[int, int], int],
    agreements: DemoAgreements,
) -> None:
    rows: dict[type[Base], list[dict[str, Any]]] = {
        m: [] for m in (Case, Party, PartyPhone, Agent, Participant, SearchToken, HistoryEntry)
    }
    agreed = AgreementRows()
    actor = seeded.actor
    calendar = load_calendar(uow.write())
    for g in batch:
        d = g.draft
        refused_or_out = g.status in (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT)
        unit_id = seeded.desk_id if refused_or_out else seeded.unit_ids[g.unit_key]
        received = d.received_at or uow.now()
        key = (unit_id, received.year)
        counters[key] = seq = counters.get(key, 0) + 1
        number = format_case_number(seeded.unit_formats[unit_id], received.year, seq)
        case_id = ids[Case]
        ids[Case] += 1
        case_row = dict(
            id=case_id,
            number=number,
            unit_id=unit_id,
            year=received.year,
            seq=seq,
            received_at=received,
            source=d.source.value,
            referring_body=d.referring_body,
            referral_letter_no=d.referral_letter_no,
            dispute_type_code=d.dispute_type_code,
            facts=d.facts,
            requests=d.requests,
            risk_level=d.risk_level.value,
            risk_note=d.risk_note,
            status=g.status.value,
            mediator_id=seeded.mediator_ids.get(g.mediator_key or ""),
            refer_to=d.routing.refer_to.value if d.routing.refer_to else None,
            refer_body=d.routing.refer_body,
            refer_note=d.routing.refer_note,
            refusal_reasons=",".join(r.value for r in d.refusal_reasons),
            refusal_note=d.refusal_note,
            **_time_limit_columns(d, received, g.status, case_id, calendar),
            **_report_columns(g),
            **_ending_columns(g.status, received, case_id, uow.today()),
            created_by=actor.operator_id,
            created_at=received,
            updated_at=received,
        )
        rows[Case].append(case_row)
        names: list[str] = []
        signers: list[tuple[int, PartyRole, str]] = []
        for position, p in enumerate(d.parties):
            party_id = ids[Party]
            ids[Party] += 1
            person = p.kind is PartyKind.PERSON
            variants = initials_variants(p.name)
            names.append(p.name)
            signers.append((party_id, p.role, p.name))
            rows[Party].append(
                dict(
                    id=party_id,
                    case_id=case_id,
                    position=position,
                    kind=p.kind.value,
                    role=p.role.value,
                    name=p.name,
                    name_initials=variants[0] if variants else "",
                    gender=p.gender.value if p.gender else None,
                    ethnicity=p.ethnicity,
                    birth_date=p.birth_date,
                    id_type=p.id_type.value,
                    id_number=p.id_number,
                    id_number_rev=reversed_key(p.id_number) if p.id_number else "",
                    occupation=p.occupation,
                    address=p.address,
                    credit_code="" if person else p.credit_code,
                    credit_code_override_reason="",
                    representative=p.representative,
                    representative_title=p.representative_title,
                    consent=p.consent.value,
                )
            )
            for j, ph in enumerate(p.phones):
                number_ = _phone(ph.number)
                rows[PartyPhone].append(
                    dict(
                        id=ids[PartyPhone],
                        party_id=party_id,
                        case_id=case_id,
                        position=j,
                        label=ph.label.value,
                        note=ph.note,
                        number=number_,
                        digits_rev=reversed_key(digits_only(number_)),
                    )
                )
                ids[PartyPhone] += 1
            for k, a in enumerate(p.agents):
                names.append(a.name)
                rows[Agent].append(
                    dict(
                        id=ids[Agent],
                        party_id=party_id,
                        case_id=case_id,
                        position=k,
                        kind=a.kind.value,
                        authority=a.authority.value,
                        authority_note=a.authority_note,
                        relation=a.relation,
                        name=a.name,
                        id_type=a.id_type.value,
                        id_number=a.id_number,
                        phone=a.phone,
                    )
                )
                ids[Agent] += 1
        for position, pt in enumerate(d.participants):
            rows[Participant].append(
                dict(
                    id=ids[Participant],
                    case_id=case_id,
                    position=position,
                    name=pt.name,
                    relation=pt.relation,
                    phone=pt.phone,
                    note=pt.note,
                )
            )
            ids[Participant] += 1
        if succeeded(case_row) and signers:  # every success has its agreement (人民调解法 art. 28)
            agreements.add(agreed, ids[Agreement], case_row, signers)
            ids[Agreement] += 1
        rows[SearchToken].extend(dict(token=t, case_id=case_id) for t in name_tokens(names))
        rows[HistoryEntry].append(
            dict(
                at=received,
                operator_id=actor.operator_id,
                entity="case",
                entity_id=case_id,
                case_id=case_id,
                action="register",
                summary=f"登记{g.status.label}：{number}（演示数据）",
                changes="{}",
            )
        )
    history = rows.pop(HistoryEntry)
    rows[Agreement], rows[AgreementClause] = agreed.agreements, agreed.clauses
    rows[AgreementSignature], rows[ConfirmationPack] = agreed.signatures, agreed.packs
    conn = uow.write().connection()
    for model, values in rows.items():
        if values:  # Core executemany on the table: no ORM bookkeeping per row
            conn.execute(insert(model), values)
    append_history_rows(uow.write(), history)  # the hash chain (db/audit_models.py)


def _save_counters(uow: UnitOfWork, counters: dict[tuple[int, int], int]) -> None:
    s = uow.write()
    existing = {(c.unit_id, c.year): c for c in s.scalars(select(NumberCounter))}
    for (unit_id, year), last in counters.items():
        row = existing.get((unit_id, year))
        if row is None:
            s.add(NumberCounter(unit_id=unit_id, year=year, last_seq=last))
        else:
            row.last_seq = max(row.last_seq, last)


def _sync_sequences(uow: UnitOfWork) -> None:
    """PostgreSQL: explicit ids were inserted, move the id sequences past them."""
    s = uow.write()
    for table in ("mediation_case", "party", "party_phone", "agent", "participant", "agreement"):
        s.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        )
