"""Realistic synthetic cases for demos and benchmarks: pure Python, deterministic with a seed.

``CaseGenerator(seed=..., today=...)`` produces ``GeneratedCase`` records: a fully filled
``CaseDraft`` plus the demo unit and mediator that handle it and a plausible status. The loader
maps ``unit_key`` / ``mediator_key`` to database ids (``routing.unit_id`` stays ``None``).

The parts:

* ``parties``: persons and organisations with consistent names, IDs, addresses and phones;
* ``local_disputes`` / ``market_disputes`` (on ``dispute_builders``): per dispute type, a
  realistic mix of party compositions and the values of its facts and requests, whose wording
  lives in ``data/disputes.toml`` (read by ``case_texts``);
* here: the case as a whole: dispute type mix, sources with referring bodies and letter
  numbers, handling unit and mediator, status, refusals and referrals, risk levels, and repeat
  visitors (the same person coming back).

Speed: tables are precomputed and the hot path uses one ``random.Random`` instance, bisect on
cumulative weights and ``str.format_map`` (no regex, no pypinyin): well over 8,000 cases/s on
one core. Output depends only on ``seed``, ``centre`` and ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from mediation_desk.domain.drafts import CaseDraft, ParticipantDraft, PartyDraft, RoutingDraft
from mediation_desk.domain.enums import (
    CaseSource,
    CaseStatus,
    ConsentStatus,
    Gender,
    IdType,
    PartyKind,
    PartyRole,
    ReferralTarget,
    RefusalReason,
    RiskLevel,
    UnitKind,
)
from mediation_desk.domain.report_fields import PreventionFlags, SpecialGroup

from . import names as N
from . import regions as R
from .case_texts import fill, load_case_texts
from .centre import DemoCentre, DemoMediator, DemoUnit, demo_centre
from .common import CaseScratch, WeightedTable, copy_party, pick, short_name, surname_of
from .identifiers import make_resident_id, make_uscc, org_code_check_char
from .local_disputes import LocalDisputes
from .market_disputes import MarketDisputes
from .parties import PartyFactory
from .places import demo_places

__all__ = [
    "DISPUTE_TYPE_WEIGHTS",
    "CaseGenerator",
    "DemoCentre",
    "DemoMediator",
    "DemoUnit",
    "GeneratedCase",
    "demo_centre",
    "make_resident_id",
    "make_uscc",
    "org_code_check_char",
]


@dataclass(frozen=True)
class GeneratedCase:
    draft: CaseDraft
    unit_key: str
    mediator_key: str | None
    status: CaseStatus
    #: what the mediation prevented, on some ended cases (recorded at closing)
    prevention: PreventionFlags | None = None


#: The app's dispute type catalogue codes with a realistic share (per mille).
DISPUTE_TYPE_WEIGHTS: dict[str, float] = {
    "neighbour": 165,
    "marriage_family": 150,
    "contract": 110,
    "damages": 105,
    "traffic_accident": 100,
    "labour_wage_arrears": 60,
    "labour_other": 50,
    "property_management": 50,
    "housing_homestead": 45,
    "production_business": 25,
    "consumer_other": 25,
    "medical": 20,
    "consumer_ecommerce": 15,
    "forest_land": 12,
    "land_requisition": 12,
    "environment": 9,
    "consumer_travel": 6,
    "internet": 7,
    "ip": 5,
    "other": 29,
}

_SOURCES: tuple[tuple[CaseSource, float], ...] = (
    (CaseSource.WALK_IN, 45), (CaseSource.PHONE, 8), (CaseSource.OWN_INITIATIVE, 5),
    (CaseSource.COURT_PRE_FILING, 15), (CaseSource.COURT_ENTRUSTED, 2), (CaseSource.GRID, 7),
    (CaseSource.VILLAGE, 5), (CaseSource.COMMUNITY, 5), (CaseSource.PETITIONS, 3),
    (CaseSource.POLICE, 3), (CaseSource.DEPARTMENT, 2), (CaseSource.PROCURATORATE, 0.2),
)  # fmt: skip

#: Per-type adjustments: multipliers on the base source weights.
_SOURCE_BOOST: dict[str, dict[CaseSource, float]] = {
    "neighbour": {CaseSource.GRID: 2.5, CaseSource.VILLAGE: 2, CaseSource.COMMUNITY: 2,
                  CaseSource.POLICE: 2, CaseSource.COURT_PRE_FILING: 0.3},
    "housing_homestead": {CaseSource.VILLAGE: 3, CaseSource.GRID: 1.5},
    "forest_land": {CaseSource.VILLAGE: 4, CaseSource.COURT_PRE_FILING: 0.3},
    "land_requisition": {CaseSource.PETITIONS: 6, CaseSource.VILLAGE: 2},
    "damages": {CaseSource.POLICE: 4},
    "traffic_accident": {CaseSource.POLICE: 8, CaseSource.COURT_PRE_FILING: 1.5,
                         CaseSource.GRID: 0.2, CaseSource.VILLAGE: 0.2, CaseSource.COMMUNITY: 0.2},
    "contract": {CaseSource.COURT_PRE_FILING: 2.5, CaseSource.COURT_ENTRUSTED: 2,
                 CaseSource.GRID: 0.3},
    "production_business": {CaseSource.COURT_PRE_FILING: 3, CaseSource.COURT_ENTRUSTED: 2},
    "labour_wage_arrears": {CaseSource.DEPARTMENT: 6, CaseSource.PETITIONS: 3},
    "labour_other": {CaseSource.DEPARTMENT: 4, CaseSource.COURT_PRE_FILING: 1.5},
    "consumer_travel": {CaseSource.DEPARTMENT: 8, CaseSource.PHONE: 2},
    "consumer_ecommerce": {CaseSource.DEPARTMENT: 8, CaseSource.PHONE: 2},
    "consumer_other": {CaseSource.DEPARTMENT: 8, CaseSource.PHONE: 2},
    "property_management": {CaseSource.COMMUNITY: 3, CaseSource.COURT_PRE_FILING: 2},
    "environment": {CaseSource.GRID: 3, CaseSource.PETITIONS: 2, CaseSource.DEPARTMENT: 3},
    "medical": {CaseSource.PETITIONS: 2, CaseSource.DEPARTMENT: 3, CaseSource.GRID: 0.1},
    "marriage_family": {CaseSource.COURT_PRE_FILING: 1.3, CaseSource.COMMUNITY: 1.5},
}  # fmt: skip

_RISK_SHARE: dict[str, float] = {
    "medical": 0.35, "labour_wage_arrears": 0.3, "land_requisition": 0.3, "environment": 0.2,
    "marriage_family": 0.12, "neighbour": 0.1, "housing_homestead": 0.12, "damages": 0.1,
}  # fmt: skip

_COURT = "绍兴市越城区人民法院"

#: Amount in dispute by type: (share of cases with one, low, high) in yuan (log-uniform).
_AMOUNTS: dict[str, tuple[float, int, int]] = {
    "traffic_accident": (0.95, 3_000, 300_000), "damages": (0.9, 800, 80_000),
    "contract": (0.95, 5_000, 600_000), "production_business": (0.95, 10_000, 800_000),
    "labour_wage_arrears": (0.98, 3_000, 150_000), "labour_other": (0.8, 5_000, 100_000),
    "consumer_other": (0.9, 200, 30_000), "consumer_ecommerce": (0.9, 100, 20_000),
    "consumer_travel": (0.9, 500, 30_000), "medical": (0.9, 10_000, 600_000),
    "property_management": (0.7, 500, 30_000), "housing_homestead": (0.5, 10_000, 300_000),
    "land_requisition": (0.6, 20_000, 600_000), "forest_land": (0.4, 5_000, 100_000),
    "marriage_family": (0.3, 10_000, 500_000), "neighbour": (0.25, 300, 20_000),
    "environment": (0.4, 1_000, 50_000), "ip": (0.8, 10_000, 200_000),
    "internet": (0.7, 500, 50_000), "other": (0.3, 500, 50_000),
}  # fmt: skip
_ENDED = frozenset(
    {CaseStatus.SUCCEEDED, CaseStatus.FAILED, CaseStatus.WITHDRAWN, CaseStatus.ARCHIVED}
)


class _Disputes(LocalDisputes, MarketDisputes):
    """The builders of every dispute type."""


class CaseGenerator:
    """Deterministic generator of realistic demo cases for one centre."""

    #: Share of cases that try to bring back a person from an earlier case.
    REPEAT_SHARE = 0.065

    def __init__(
        self,
        *,
        seed: int = 20261121,
        centre: DemoCentre | None = None,
        today: dt.date,
    ) -> None:
        self._rng = random.Random(seed)
        self._r = self._rng.random
        # the report fields draw from their own stream: the rest of a case is as before
        self._report_r = random.Random(seed ^ 0x5EED).random
        self._places = demo_places()
        self.centre = centre if centre is not None else demo_centre()
        self.today = today
        texts = load_case_texts()
        self._words = texts.words
        self._parties = PartyFactory(self._r, texts.words)
        #: Names and numbers like the generated parties have (for tests and tools).
        self.person_name = self._parties.person_name
        self.mobile = self._parties.mobile
        self._disputes = _Disputes(self._parties, texts, self._r, DISPUTE_TYPE_WEIGHTS)
        self._pool: list[PartyDraft] = []
        self._types = WeightedTable(DISPUTE_TYPE_WEIGHTS.items())
        self._sources_base = WeightedTable(_SOURCES)
        self._sources: dict[str, WeightedTable[CaseSource]] = {
            code: WeightedTable((s, w * boost.get(s, 1.0)) for s, w in _SOURCES)
            for code, boost in _SOURCE_BOOST.items()
        }
        self._build_units()

    def _build_units(self) -> None:
        units = self.centre.units
        by_kind: dict[UnitKind, list[DemoUnit]] = {}
        for unit in units:
            by_kind.setdefault(unit.kind, []).append(unit)

        def find(kind: UnitKind, word: str = "") -> str | None:
            for unit in by_kind.get(kind, []):
                if word in unit.name:
                    return unit.key
            return None

        committees = [
            unit.key
            for unit in units
            if unit.kind
            in (
                UnitKind.STREET_COMMITTEE,
                UnitKind.TOWNSHIP_COMMITTEE,
                UnitKind.VILLAGE_COMMITTEE,
                UnitKind.COMMUNITY_COMMITTEE,
            )
        ] or [units[0].key]
        self._committees = committees
        self._intake = find(UnitKind.INTAKE_DESK) or units[0].key
        self._traffic = find(UnitKind.TRADE_COMMITTEE, "交通")
        self._medical_unit = find(UnitKind.TRADE_COMMITTEE, "医")
        self._labour = find(UnitKind.TRADE_COMMITTEE, "劳动")
        self._court = find(UnitKind.COURT_DESK)
        self._legal_aid = find(UnitKind.LEGAL_AID)
        self._counselling = find(UnitKind.COUNSELLING)
        self._street_unit = {
            street: unit.key
            for street, _ in R.HOME_STREETS
            for unit in units
            if unit.key in committees and unit.name.startswith(street)
        }
        self._mediators: dict[str, list[str]] = {}
        for m in self.centre.mediators:
            self._mediators.setdefault(m.unit_key, []).append(m.key)

    # --- case level ----------------------------------------------------------------------

    def _source(
        self, code: str, received: dt.datetime, c: CaseScratch
    ) -> tuple[CaseSource, str, str]:
        r = self._r
        source = self._sources.get(code, self._sources_base).pick(r)
        year = received.year
        doy = received.timetuple().tm_yday
        if source is CaseSource.COURT_PRE_FILING:
            no = doy * 9 + int(r() * 9) + 1
            return source, _COURT, f"（{year}）{R.HOME_COURT_CODE}民诉前调{no}号"
        if source is CaseSource.COURT_ENTRUSTED:
            no = doy * 25 + int(r() * 25) + 1
            return source, _COURT, f"（{year}）{R.HOME_COURT_CODE}民初{no}号"
        if source is CaseSource.PROCURATORATE:
            return source, "绍兴市越城区人民检察院", f"越检民移〔{year}〕{1 + doy // 30}号"
        if source is CaseSource.POLICE:
            station = pick(self._words.police_stations, r)
            if code == "traffic_accident":
                return (
                    source,
                    "绍兴市公安局交通警察支队越城大队",
                    f"越公交调移〔{year}〕{doy * 3 + int(r() * 3) + 1}号",
                )
            return (
                source,
                f"绍兴市公安局越城区分局{station}",
                f"越公（{station[:2]}）调移〔{year}〕{doy + 1}号",
            )
        if source is CaseSource.PETITIONS:
            return source, "绍兴市越城区信访局", f"越信转〔{year}〕{doy * 2 + int(r() * 2) + 1}号"
        if source is CaseSource.DEPARTMENT:
            departments = self._words.departments
            body, abbr = departments.get(code) or departments["default"]
            return source, body, f"{abbr}〔{year}〕{doy + int(r() * 5)}号"
        street = c.street or pick(self._parties.home_streets, r)[0]
        if source is CaseSource.VILLAGE:
            village = c.village or pick(self._parties.street_places[street][0], r)
            return source, f"{street}{village}村村民委员会", ""
        if source is CaseSource.COMMUNITY:
            community = pick(self._parties.street_places[street][1], r)
            return source, f"{street}{community}社区居民委员会", ""
        if source is CaseSource.GRID:
            community = pick(self._parties.street_places[street][1], r)
            who = short_name(self._parties.person_name(Gender.MALE if r() < 0.4 else Gender.FEMALE))
            ticket = f"WG{year}{received.month:02d}{received.day:02d}{int(r() * 10000):04d}"
            return source, f"{street}{community}社区网格员 {who}", ticket
        return source, "", ""

    def _unit_for(self, code: str, source: CaseSource, c: CaseScratch) -> str:
        r = self._r
        if code == "traffic_accident" and self._traffic:
            return self._traffic
        if code == "medical" and self._medical_unit:
            return self._medical_unit
        if code.startswith("labour_"):
            if code == "labour_wage_arrears" and self._legal_aid and r() < 0.1:
                return self._legal_aid
            if self._labour:
                return self._labour
        if source in (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED) and self._court:
            return self._court
        if code == "marriage_family" and self._counselling and r() < 0.06:
            return self._counselling
        unit = self._street_unit.get(c.street)
        if unit is not None and r() < 0.85:
            return unit
        return pick(self._committees, r)

    def _participants(self, code: str, c: CaseScratch) -> None:
        r = self._r
        if c.village and r() < 0.5:
            name = self._parties.person_name(Gender.MALE if r() < 0.7 else Gender.FEMALE, 1965)
            c.participants.append(
                ParticipantDraft(name, "村干部", self._parties.mobile(), f"{c.village}村村委会主任")
            )
            return
        first = c.applicants[0]
        if first.kind is PartyKind.PERSON:
            rel, rel_gender, _gen, same = pick(N.RELATIVES, r)
            name = self._parties.person_name(
                Gender(rel_gender), 1975, surname=surname_of(first.name) if same else None
            )
            c.participants.append(
                ParticipantDraft(
                    name, "亲属", self._parties.mobile(), f"申请人{short_name(first.name)}之{rel}"
                )
            )
        else:
            name = self._parties.person_name(Gender.MALE if r() < 0.5 else Gender.FEMALE, 1980)
            c.participants.append(ParticipantDraft(name, "社区网格员", self._parties.mobile(), ""))

    def _status(self, age_days: int) -> CaseStatus:
        u = self._r()
        if age_days <= 3:
            return (
                CaseStatus.ACCEPTED
                if u < 0.6
                else CaseStatus.IN_MEDIATION
                if u < 0.92
                else CaseStatus.SUCCEEDED
            )
        if age_days <= 30:
            if u < 0.15:
                return CaseStatus.ACCEPTED
            if u < 0.5:
                return CaseStatus.IN_MEDIATION
            if u < 0.88:
                return CaseStatus.SUCCEEDED
            return CaseStatus.FAILED if u < 0.97 else CaseStatus.WITHDRAWN
        if age_days <= 90:
            if u < 0.04:
                return CaseStatus.IN_MEDIATION
            if u < 0.3:
                return CaseStatus.ARCHIVED
            if u < 0.84:
                return CaseStatus.SUCCEEDED
            return CaseStatus.FAILED if u < 0.97 else CaseStatus.WITHDRAWN
        if u < 0.8:
            return CaseStatus.ARCHIVED
        if u < 0.9:
            return CaseStatus.SUCCEEDED
        return CaseStatus.FAILED if u < 0.98 else CaseStatus.WITHDRAWN

    def _refer(self, code: str) -> tuple[ReferralTarget, str, str]:
        """Where a case the centre does not handle goes: (target, body, note)."""
        referrals = self._words.referrals
        if code.startswith("consumer_") or code in ("property_management", "environment"):
            ref = referrals["department"]
            department = self._words.departments.get(code)
            return ref.target, department[0] if department else ref.body, ref.note
        if code in ("labour_other", "labour_wage_arrears", "land_requisition"):
            ref = referrals[code]
        elif code == "damages" and self._r() < 0.3:
            ref = referrals["damages"]
        else:
            ref = referrals["court"]
        return ref.target, ref.body, ref.note

    def _refusal_note(self, reason: RefusalReason, respondent: PartyDraft) -> str:
        note = self._words.refusal_notes[reason]
        values = {"respondent": short_name(respondent.name)}
        return fill(note, values, f"refusal_notes.{reason.value}")

    def case(self, received_at: dt.datetime) -> GeneratedCase:
        """One case received at ``received_at``; its status depends on ``today``."""
        r = self._r
        recv = received_at.date()
        c = CaseScratch(recv)
        pool = self._pool
        self._parties.returning = (
            pool[int(r() * len(pool))] if pool and r() < self.REPEAT_SHARE else None
        )
        code = self._types.pick(r)
        self._disputes.build(code, c)
        self._parties.returning = None
        parties = c.applicants + c.respondents + c.thirds

        source, referring_body, letter = self._source(code, received_at, c)
        age_days = (self.today - recv).days
        u = r()
        refusal: list[RefusalReason] = []
        refusal_note = ""
        routing = RoutingDraft()
        unit = self._unit_for(code, source, c)
        if u < 0.03:
            status = CaseStatus.REFUSED
            refuser = c.respondents[0]
            refuser.consent = ConsentStatus.REFUSED
            refusal = [RefusalReason.PARTY_REFUSES]
            refusal_note = self._refusal_note(RefusalReason.PARTY_REFUSES, refuser)
            unit = self._intake
        elif u < 0.036:
            status = CaseStatus.REFUSED
            reason = pick(
                (
                    RefusalReason.COURT_ACCEPTED,
                    RefusalReason.ADMIN_ACCEPTED,
                    RefusalReason.NOT_CIVIL,
                    RefusalReason.SPECIALISED_AUTHORITY,
                ),
                r,
            )
            refusal = [reason]
            refusal_note = self._refusal_note(reason, c.respondents[0])
            for p in c.respondents:
                p.consent = ConsentStatus.PENDING
            unit = self._intake
        elif u < 0.06 and age_days > 2:
            status = CaseStatus.REFERRED_OUT
            routing.refer_to, routing.refer_body, routing.refer_note = self._refer(code)
            unit = self._intake
        else:
            status = self._status(age_days)
            if status is CaseStatus.ACCEPTED:
                for p in c.respondents:
                    if r() < 0.4:
                        p.consent = ConsentStatus.PENDING

        mediator: str | None = None
        if status not in (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT):
            candidates = self._mediators.get(unit)
            if candidates and (status is not CaseStatus.ACCEPTED or r() < 0.5):
                mediator = pick(candidates, r)

        risk = RiskLevel.NONE
        risk_note = ""
        if r() < _RISK_SHARE.get(code, 0.05):
            v = r()
            risk = RiskLevel.YELLOW if v < 0.65 else RiskLevel.ORANGE if v < 0.9 else RiskLevel.RED
            if code == "labour_wage_arrears" and risk is not RiskLevel.YELLOW:
                risk_note = pick(self._words.group_risk_notes, r)
            else:
                risk_note = pick(self._words.risk_notes[risk], r)

        if r() < 0.08:
            self._participants(code, c)

        first = c.applicants[0]
        if (
            first.kind is PartyKind.PERSON
            and first.id_type is IdType.RESIDENT_ID
            and first.id_number
            and not first.agents
            and r() < 0.3
        ):
            kept = copy_party(first, PartyRole.APPLICANT)
            if len(pool) < 4000:
                pool.append(kept)
            else:
                pool[int(r() * 4000)] = kept

        draft = CaseDraft(
            source=source,
            referring_body=referring_body,
            referral_letter_no=letter,
            received_at=received_at,
            dispute_type_code=code,
            facts=c.facts,
            requests=c.requests,
            risk_level=risk,
            risk_note=risk_note,
            parties=parties,
            participants=c.participants,
            routing=routing,
            refused=status is CaseStatus.REFUSED,
            refusal_reasons=refusal,
            refusal_note=refusal_note,
        )
        prevention = self._report_fields(draft, c, status)
        return GeneratedCase(
            draft=draft,
            unit_key=unit,
            mediator_key=mediator,
            status=status,
            prevention=prevention,
        )

    def _report_fields(
        self, d: CaseDraft, c: CaseScratch, status: CaseStatus
    ) -> PreventionFlags | None:
        """Where it arose, the amount, persons, special groups, 疑难 and (on some ended
        cases) what was prevented: what the statistics count (issue 12)."""
        r = self._report_r
        code = d.dispute_type_code
        places = self._places
        if r() < 0.9:
            village = places.villages.get((c.street, c.village)) if c.village else None
            if village is not None:
                d.place_code = village
            elif c.street in places.by_street:
                own = places.communities[c.street] if r() < 0.6 else places.by_street[c.street]
                d.place_code = own[int(r() * len(own))]
            else:
                d.place_code = places.places[int(r() * len(places.places))].code
        share, low, high = _AMOUNTS.get(code, (0.2, 500, 20_000))
        if r() < share:
            yuan = low * (high / low) ** r()
            d.amount_in_dispute_cents = max(100, int(yuan / 100) * 100) * 100
        grouped = d.risk_level is not RiskLevel.NONE
        if code == "labour_wage_arrears" and grouped:
            d.persons_involved = len(d.parties) + 4 + int(r() * 36)
        elif code == "land_requisition" and r() < 0.2:
            d.persons_involved = len(d.parties) + 2 + int(r() * 18)
        d.special_groups = self._special_groups(d, code, c.recv)
        difficult = 0.03 + {RiskLevel.ORANGE: 0.12, RiskLevel.RED: 0.3}.get(d.risk_level, 0)
        d.difficult = r() < difficult + (0.08 if code == "medical" else 0)
        if status not in _ENDED:
            return None
        criminal = r() < (0.1 if grouped else 0.015)
        petition = r() < (
            0.25 if grouped and code in ("labour_wage_arrears", "land_requisition") else 0.003
        )
        fight = r() < (0.012 if code in ("neighbour", "forest_land", "land_requisition") else 0.002)
        suicide = r() < (0.01 if code == "marriage_family" else 0.003)
        if not (criminal or petition or fight or suicide):
            return None
        return PreventionFlags(
            criminal=criminal,
            criminal_persons=1 + int(r() * 4) if criminal else 0,
            group_petition=petition,
            group_petition_persons=5 + int(r() * 46) if petition else 0,
            suicide=suicide,
            group_fight=fight,
        )

    def _special_groups(self, d: CaseDraft, code: str, recv: dt.date) -> list[SpecialGroup]:
        r = self._report_r
        groups: set[SpecialGroup] = set()
        if r() < (0.85 if code == "labour_wage_arrears" else 0.02):
            groups.add(SpecialGroup.MIGRANT_WORKER)
        births = [p.birth_date for p in d.parties if p.birth_date is not None]
        if any(recv.year - b.year >= 60 for b in births) and r() < 0.7:
            groups.add(SpecialGroup.ELDERLY)
        if any(recv.year - b.year < 18 for b in births):
            groups.add(SpecialGroup.MINOR)
        if r() < (0.45 if code == "marriage_family" else 0.03):
            groups.add(SpecialGroup.WOMEN)
        if r() < 0.015:
            groups.add(SpecialGroup.DISABLED)
        return [g for g in SpecialGroup if g in groups]

    def received_times(self, n: int, *, days_back: int = 1500) -> list[dt.datetime]:
        """``n`` sorted reception times on working days (Mon-Fri) of the last ``days_back`` days.

        Office hours 08:30-11:30 and 13:30-17:00; public holidays are not excluded.
        """
        r = self._r
        end = self.today.toordinal()
        days = [d for d in range(end - days_back, end + 1) if d % 7 not in (6, 0)]
        # date.fromordinal(d).weekday() == (d + 6) % 7, so Saturday (5) and Sunday (6) are
        # ordinals with d % 7 == 6 and d % 7 == 0.
        if not days:
            days = [end]
        nd = len(days)
        stamps = []
        for _ in range(n):
            day = days[int(r() * nd)]
            # mornings 08:30-11:30 are busier than afternoons 13:30-17:00
            sec = 30_600 + int(r() * 10_800) if r() < 0.62 else 48_600 + int(r() * 12_600)
            stamps.append(day * 86_400 + sec)
        stamps.sort()
        out = []
        midnight = dt.time()
        cache: dict[int, dt.datetime] = {}
        for s in stamps:
            day, sec = divmod(s, 86_400)
            base = cache.get(day)
            if base is None:
                base = cache[day] = dt.datetime.combine(dt.date.fromordinal(day), midnight)
            out.append(base + dt.timedelta(seconds=sec))
        return out

    def cases(self, n: int, *, days_back: int = 1500) -> Iterator[GeneratedCase]:
        """``n`` cases received over the last ``days_back`` days, in ascending time order."""
        for received_at in self.received_times(n, days_back=days_back):
            yield self.case(received_at)
