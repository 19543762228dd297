"""Synthetic parties: persons with consistent names, IDs, addresses and phones; organisations.

What is realistic here: names, gender, ethnicity, birth date and address consistent with a
valid GB 11643 resident ID (most IDs issued around Shaoxing, where the demo centre is);
organisations with valid GB 32100 credit codes; valid mobile numbers and local landlines; rural
elderly people reachable only via a relative; agents (lawyers, relatives, staff); minors with
their legal agent; a few HMT residence permits, passports, missing ID numbers and rare (also
non-BMP) characters in names.
"""

from __future__ import annotations

import datetime as dt
import random

from mediation_desk.domain.drafts import AgentDraft, PartyDraft, PhoneDraft
from mediation_desk.domain.enums import (
    AgentAuthority,
    AgentKind,
    ConsentStatus,
    Gender,
    IdType,
    PartyKind,
    PartyRole,
    PhoneLabel,
)

from . import names as N
from . import regions as R
from .case_texts import Words
from .common import CaseScratch, Rnd, WeightedTable, copy_party, pick, surname_of
from .identifiers import make_resident_id, make_uscc

_MOBILE_PREFIXES: tuple[tuple[str, float], ...] = tuple(
    [(f"13{d}", 10.0) for d in range(10)]
    + [(p, 6.0) for p in ("150", "151", "152", "155", "156", "157", "158", "159")]
    + [(p, 1.5) for p in ("145", "147", "166", "173", "175", "176", "177", "178")]
    + [(f"18{d}", 7.0) for d in range(10)]
    + [(p, 2.0) for p in ("191", "193", "195", "198", "199")]
)

_AGE_WEIGHTS: tuple[tuple[int, float], ...] = tuple(
    (a, 4.0 if a < 25 else 7.0 if a < 45 else 6.5 if a < 60 else 4.0 if a < 75 else 1.6)
    for a in range(18, 91)
)

#: Home address: (text, street, village or compound, rural).
HomeAddress = tuple[str, str, str, bool]


def build_street_places(
    geo: random.Random, home_streets: tuple[tuple[str, bool], ...] = R.HOME_STREETS
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Home street -> (villages, communities), from ``geo`` (seeded 2260: the same names every
    time, which ``demo.places`` numbers as the demo centre's place list)."""
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for street, _rural in home_streets:
        villages = tuple(
            {geo.choice(R.VILLAGE_FIRST) + geo.choice(R.VILLAGE_SECOND): None for _ in range(10)}
        )
        communities = tuple(dict.fromkeys(geo.choice(R.COMMUNITY_ROOTS) for _ in range(4)))
        out[street] = (villages, communities)
    return out


class PartyFactory:
    """Makes the parties of generated cases, drawing on the generator's one random stream."""

    def __init__(self, rnd: Rnd, words: Words) -> None:
        self._r = rnd
        self._words = words
        #: A person from an earlier case who comes back as the next plain applicant.
        self.returning: PartyDraft | None = None
        self._issued: set[int] = set()
        self.home = R.REGION_BY_CODE[R.HOME_CODE]
        self.home_streets = R.HOME_STREETS
        self._build_tables()
        self._build_places()

    def _build_tables(self) -> None:
        self._regions = WeightedTable((reg, reg.weight) for reg in R.REGIONS)
        self.non_local = WeightedTable(
            (reg, reg.weight) for reg in R.REGIONS if not reg.is_home_province
        )
        self._ages = WeightedTable(_AGE_WEIGHTS)
        self._mobile_prefixes = WeightedTable(_MOBILE_PREFIXES)
        surnames = list(N.SURNAMES) + list(N.DOUBLE_SURNAMES)
        self._surnames = WeightedTable(surnames)
        self._surnames_local = WeightedTable(
            (s, w * N.LOCAL_SURNAME_BOOST.get(s, 1.0)) for s, w in surnames
        )
        self._given_m = N.GIVEN_MALE * 4 + N.GIVEN_NEUTRAL
        self._given_f = N.GIVEN_FEMALE * 4 + N.GIVEN_NEUTRAL
        # ethnicity per province prefix
        minorities = [(e, w) for e, w in N.ETHNIC_WEIGHTS if e != "汉族"]
        scale = 1.5 / sum(w for _, w in minorities)
        low = WeightedTable([("汉族", 98.5), *((e, w * scale) for e, w in minorities)])
        self._ethnic: dict[str, WeightedTable[str]] = {}
        for reg in R.REGIONS:
            prov = reg.province_code
            if prov in self._ethnic:
                continue
            if prov == R.HOME_CODE[:2]:
                self._ethnic[prov] = WeightedTable(N.ETHNIC_WEIGHTS_ZHEJIANG)
            elif prov in N.ETHNIC_BY_PROVINCE:
                extra = N.ETHNIC_BY_PROVINCE[prov]
                self._ethnic[prov] = WeightedTable(
                    [("汉族", 100 - sum(w for _, w in extra)), *extra]
                )
            else:
                self._ethnic[prov] = low
        self._occ = WeightedTable(N.OCCUPATIONS)
        self._occ_old_urban = WeightedTable(N.OCCUPATIONS_OLD_URBAN)
        self._occ_old_rural = WeightedTable(N.OCCUPATIONS_OLD_RURAL)
        self._occ_young = WeightedTable(N.OCCUPATIONS_YOUNG)
        self._forms = WeightedTable(N.COMPANY_FORMS)
        self._company_places = WeightedTable(N.COMPANY_PLACE_PREFIXES)
        self._rep_titles = WeightedTable(N.COMPANY_REP_TITLES)
        self.medical_bodies = WeightedTable((m[:3], m[3]) for m in N.MEDICAL_BODIES)
        self._child_relatives = [rel for rel in N.RELATIVES if rel[2] == -1]

    def _build_places(self) -> None:
        """Synthetic villages, communities and compounds: the same for every seed."""
        geo = random.Random(2260)
        #: home street -> (villages, communities)
        self.street_places = build_street_places(geo, self.home_streets)
        self._compounds = tuple(
            dict.fromkeys(
                geo.choice(R.COMPOUND_ROOTS) + geo.choice(R.COMPOUND_SUFFIXES) for _ in range(60)
            )
        )
        self._generic_villages = tuple(
            dict.fromkeys(
                geo.choice(R.VILLAGE_FIRST) + geo.choice(R.VILLAGE_SECOND) for _ in range(80)
            )
        )

    # --- numbers, names, addresses -------------------------------------------------------

    def mobile(self) -> str:
        """A mobile number matching ``^1[3-9]\\d{9}$``."""
        return f"{self._mobile_prefixes.pick(self._r)}{int(self._r() * 100_000_000):08d}"

    def _landline(self, code: str) -> str:
        area = R.AREA_CODES.get(code[:4], "0575")
        return f"{area}-8{int(self._r() * 10_000_000):07d}"

    def person_name(
        self,
        gender: Gender,
        birth_year: int = 1975,
        *,
        surname: str | None = None,
        local: bool = True,
        force_rare: bool = False,
    ) -> str:
        """A Han-style name: surname (1 or 2 chars) + given name (1 or 2 chars)."""
        r = self._r
        if surname is None:
            surname = (self._surnames_local if local else self._surnames).pick(r)
        male = gender is Gender.MALE
        u = r()
        if u < N.SINGLE_GIVEN_SHARE:
            given = pick(self._given_m if male else self._given_f, r)
        elif u < 0.55:
            for before, m_names, f_names in N.GIVEN_BY_ERA:
                if birth_year < before:
                    given = pick(m_names if male else f_names, r)
                    break
        else:
            pool = self._given_m if male else self._given_f
            given = pick(pool, r) + pick(pool, r)
        if force_rare or r() < N.RARE_NAME_SHARE:
            rare = pick(N.RARE_NON_BMP, r) if r() < 0.5 else pick(N.RARE_BMP, r)
            given = given[:-1] + rare
        return surname + given

    def _minority_name(self, ethnicity: str, gender: Gender) -> str | None:
        r = self._r
        male = gender is Gender.MALE
        if ethnicity == "维吾尔族" and r() < 0.9:
            first = pick(N.UYGHUR_MALE if male else N.UYGHUR_FEMALE, r)
            return f"{first}·{pick(N.UYGHUR_MALE, r)}"
        if ethnicity == "藏族" and r() < 0.8:
            parts = N.TIBETAN_PARTS_MALE if male else N.TIBETAN_PARTS_FEMALE
            return pick(N.TIBETAN_PARTS_MALE, r) + pick(parts, r)
        if ethnicity == "蒙古族" and r() < 0.4:
            return pick(N.MONGOL_MALE if male else N.MONGOL_FEMALE, r)
        return None

    def home_address(
        self, rural: bool | None = None, street: str | None = None, place: str | None = None
    ) -> HomeAddress:
        """An address in the home district; ``street`` and ``place`` make neighbours."""
        r = self._r
        if street is None:
            street, street_rural = pick(self.home_streets, r)
            if rural is None:
                rural = r() < (0.7 if street_rural else 0.1)
        elif rural is None:
            rural = False
        villages, _communities = self.street_places[street]
        prefix = self.home.prefix
        if rural:
            village = place or pick(villages, r)
            return f"{prefix}{street}{village}村{1 + int(r() * 260)}号", street, village, True
        compound = place or pick(self._compounds, r)
        room = f"{1 + int(r() * 18)}0{1 + int(r() * 4)}"
        return (
            f"{prefix}{street}{compound}{1 + int(r() * 30)}幢{1 + int(r() * 3)}单元{room}室",
            street,
            compound,
            False,
        )

    def _address_in(self, reg: R.Region) -> tuple[str, bool]:
        """An address in ``reg`` and whether it is rural."""
        if reg is self.home:
            text, _s, _p, rural = self.home_address()
            return text, rural
        r = self._r
        rural = r() < (0.3 if reg.is_district else 0.65)
        prefix = reg.prefix
        if rural:
            village = pick(self._generic_villages, r)
            town = pick(R.TOWN_ROOTS, r)
            if reg.is_home_province:
                return f"{prefix}{town}镇{village}村{1 + int(r() * 300)}号", True
            return f"{prefix}{town}镇{village}村{1 + int(r() * 12)}组{1 + int(r() * 90)}号", True
        road = pick(R.ROAD_ROOTS, r)
        if r() < 0.5:
            return f"{prefix}{road}路{1 + int(r() * 600)}号", False
        compound = pick(self._compounds, r)
        return (
            f"{prefix}{road}路{compound}{1 + int(r() * 30)}幢"
            f"{1 + int(r() * 25)}0{1 + int(r() * 4)}室",
            False,
        )

    def _id_for(self, reg: R.Region, birth: dt.date, male: bool) -> str:
        code = reg.code
        legacy = R.LEGACY_CODES.get(code)
        if legacy is not None and birth.year < legacy[1] and self._r() < 0.8:
            code = legacy[0]
        return self._unique_id(code, birth, male)

    def _unique_id(self, code: str, birth: dt.date, male: bool) -> str:
        """A resident ID not issued before by this generator (only repeat visitors share one).

        Without this, 200,000 cases would hold thousands of accidental duplicates (same county,
        birth date and sequence number), which would look like false repeat visits.
        """
        r = self._r
        issued = self._issued
        parity = 1 if male else 0
        for _ in range(50):
            number = make_resident_id(code, birth, int(r() * 500) * 2 + parity)
            key = int(number[:17])
            if key not in issued:
                issued.add(key)
                return number
        return number

    # --- persons -------------------------------------------------------------------------

    def person(
        self,
        c: CaseScratch,
        role: PartyRole,
        *,
        gender: Gender | None = None,
        age: int | None = None,
        region: R.Region | None = None,
        surname: str | None = None,
        address: tuple[str, bool] | None = None,
        occupation: str | None = None,
        local: bool = False,
    ) -> PartyDraft:
        """A natural person. ``local``: living in the home district (ID mostly from there)."""
        r = self._r
        if (
            self.returning is not None
            and role is PartyRole.APPLICANT
            and address is None
            and age is None
            and surname is None
            and (gender is None or gender is self.returning.gender)
        ):
            reused = copy_party(self.returning, role)
            self.returning = None
            return reused
        if gender is None:
            gender = Gender.MALE if r() < 0.52 else Gender.FEMALE
        male = gender is Gender.MALE
        if age is None:
            age = self._ages.pick(r)
        elif age > 90:
            age = 90
        if region is None:
            if local or address is not None:
                region = self.home if r() < 0.8 else self._regions.pick(r)
            else:
                region = self._regions.pick(r)
        birth = dt.date.fromordinal(c.recv_ord - int(age * 365.2425) - int(r() * 364) - 1)
        ethnicity = self._ethnic[region.code[:2]].pick(r)
        name = None
        if ethnicity != "汉族" and surname is None:
            name = self._minority_name(ethnicity, gender)
        if name is None:
            name = self.person_name(
                gender, birth.year, surname=surname, local=region.is_home_province
            )
        # identity document
        u = r()
        id_type = IdType.RESIDENT_ID
        if u < 0.03:
            id_number = ""
        elif u < 0.034:
            id_type = IdType.HMT_RESIDENCE_PERMIT
            hmt = "810000" if u < 0.0355 else "820000" if u < 0.0365 else "830000"
            id_number = self._unique_id(hmt, birth, male)
        elif u < 0.036:
            id_type = IdType.PASSPORT
            id_number = f"E{int(r() * 100_000_000):08d}"
        else:
            id_number = self._id_for(region, birth, male)
        if address is None:
            if local:
                text, _s, _p, rural = self.home_address()
            else:
                text, rural = self._address_in(region)
        else:
            text, rural = address
        if occupation is None:
            if age < 23:
                occupation = self._occ_young.pick(r)
            elif age >= 60:
                occupation = (self._occ_old_rural if rural else self._occ_old_urban).pick(r)
            else:
                occupation = self._occ.pick(r)
        party = PartyDraft(
            kind=PartyKind.PERSON,
            role=role,
            name=name,
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            id_type=id_type,
            id_number=id_number,
            occupation=occupation,
            address=text,
            phones=self._phones(
                name, birth, region, rural and age >= 65, local or address is not None
            ),
            consent=ConsentStatus.AGREED,
        )
        if age < 18:
            self._legal_agent(party)
        elif r() < 0.10:
            self._agent(party, c)
        return party

    def _phones(
        self, name: str, birth: dt.date, region: R.Region, rural_elderly: bool, lives_home: bool
    ) -> list[PhoneDraft]:
        """A mobile, sometimes a landline or work phone; half the rural elderly: a child's."""
        r = self._r
        if rural_elderly and r() < 0.5:
            rel, rel_gender, _gen, same = pick(self._child_relatives, r)
            rel_name = self.person_name(
                Gender(rel_gender), birth.year + 28, surname=name[0] if same else None
            )
            return [PhoneDraft(self.mobile(), PhoneLabel.RELATIVE, f"{rel} {rel_name}")]
        phones = [PhoneDraft(self.mobile())]
        if r() < 0.15:
            if (lives_home or region.is_home_province) and r() < 0.6:
                area = R.HOME_CODE if lives_home else region.code
                phones.append(PhoneDraft(self._landline(area), PhoneLabel.SELF, "家庭电话"))
            else:
                phones.append(PhoneDraft(self.mobile(), PhoneLabel.WORK))
        return phones

    def _legal_agent(self, child: PartyDraft) -> None:
        r = self._r
        father = r() < 0.6
        gender = Gender.MALE if father else Gender.FEMALE
        byear = (child.birth_date.year if child.birth_date else 2015) - 26 - int(r() * 10)
        name = self.person_name(gender, byear, surname=surname_of(child.name) if father else None)
        birth = dt.date(byear, 1 + int(r() * 12), 1 + int(r() * 28))
        phone = self.mobile()
        relation = "父亲" if father else "母亲"
        child.phones = [PhoneDraft(phone, PhoneLabel.RELATIVE, f"{relation} {name}")]
        child.occupation = "学生"
        child.agents.append(
            AgentDraft(
                name=name,
                kind=AgentKind.LEGAL,
                authority=AgentAuthority.STATUTORY,
                relation=relation,
                id_number=self._id_for(self.home, birth, father),
                phone=phone,
            )
        )

    def _agent(self, party: PartyDraft, c: CaseScratch) -> None:
        """An entrusted agent: a lawyer, a relative, or (for organisations) a staff member."""
        r = self._r
        words = self._words
        u = r()
        byear = c.recv.year - 28 - int(r() * 25)
        gender = Gender.MALE if r() < 0.6 else Gender.FEMALE
        birth = dt.date(byear, 1 + int(r() * 12), 1 + int(r() * 28))
        id_number = self._id_for(self.home, birth, gender is Gender.MALE)
        firm = ""
        if u < 0.45:
            firm = pick(N.LAW_FIRM_PATTERNS, r).format(t=pick(N.TRADE_NAMES, r))
            special = r() < 0.6
            name, relation = self.person_name(gender, byear), "律师"
        elif party.kind is PartyKind.ORGANISATION:
            special = r() < 0.5
            name, relation = self.person_name(gender, byear), pick(words.staff_relations, r)
        else:
            relation, rel_gender, _gen, same = pick(N.RELATIVES, r)
            special = r() < 0.25
            surname = surname_of(party.name) if same else None
            name = self.person_name(Gender(rel_gender), byear, surname=surname)
            id_number = self._id_for(self.home, birth, rel_gender == "male")
        scope = words.lawyer_scope_special if special else words.lawyer_scope_general
        note = f"{firm}律师；{scope}" if firm else scope
        party.agents.append(
            AgentDraft(
                name=name,
                authority=AgentAuthority.SPECIAL if special else AgentAuthority.GENERAL,
                authority_note=note,
                relation=relation,
                id_number=id_number,
                phone=self.mobile(),
            )
        )

    # --- organisations -------------------------------------------------------------------

    def _org_body(self) -> str:
        r = self._r
        if r() < 0.55:  # organisation codes issued since 2015 start with MA
            chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
            return "MA" + "".join(chars[int(r() * 31)] for _ in range(6))
        return f"{1 + int(r() * 7)}{int(r() * 10_000_000):07d}"

    def org(
        self,
        c: CaseScratch,
        role: PartyRole,
        name: str,
        *,
        prefix2: str = "91",
        title: str | None = None,
        reg_code: str | None = None,
        address: str | None = None,
        agent_share: float = 0.5,
    ) -> PartyDraft:
        """An organisation; ``prefix2``: registration authority and kind of its credit code."""
        r = self._r
        if reg_code is None:
            reg_code = R.HOME_CODE if r() < 0.75 else "330600"
        if address is None:
            address = self.home_address(rural=False)[0]
            if r() < 0.6:
                road = pick(R.ROAD_ROOTS, r)
                street = pick(self.home_streets, r)[0]
                address = f"{self.home.prefix}{street}{road}路{1 + int(r() * 800)}号"
        rep_gender = Gender.MALE if r() < 0.75 else Gender.FEMALE
        phones = [PhoneDraft(self._landline(R.HOME_CODE), PhoneLabel.WORK)]
        if r() < 0.5:
            phones.append(PhoneDraft(self.mobile(), PhoneLabel.WORK, "经办人"))
        party = PartyDraft(
            kind=PartyKind.ORGANISATION,
            role=role,
            name=name,
            credit_code=make_uscc(prefix2, reg_code, self._org_body()),
            representative=self.person_name(rep_gender, 1960 + int(r() * 30)),
            representative_title=title or self._rep_titles.pick(r),
            address=address,
            phones=phones,
            consent=ConsentStatus.AGREED,
        )
        if r() < agent_share:
            self._agent(party, c)
        return party

    def company(self, c: CaseScratch, role: PartyRole, industry: str) -> PartyDraft:
        """A company of ``industry`` (a key of ``names.INDUSTRY``)."""
        r = self._r
        name = (
            f"{self._company_places.pick(r)}{pick(N.TRADE_NAMES, r)}"
            f"{pick(N.INDUSTRY[industry], r)}{self._forms.pick(r)}"
        )
        return self.org(c, role, name)

    def shop(self, c: CaseScratch, role: PartyRole) -> PartyDraft:
        """An individual business (个体工商户)."""
        r = self._r
        name = pick(N.SHOP_KINDS, r).format(t=pick(N.TRADE_NAMES, r))
        return self.org(c, role, name, prefix2="92", title="经营者", agent_share=0.2)

    def village_coop(
        self, c: CaseScratch, role: PartyRole, street: str, village: str
    ) -> PartyDraft:
        """The village's economic cooperative: it holds and shares out the collective land."""
        return self.org(
            c,
            role,
            f"绍兴市越城区{street}{village}村股份经济合作社",
            prefix2="N2",
            title="董事长",
            reg_code=R.HOME_CODE,
            address=f"{self.home.prefix}{street}{village}村",
            agent_share=0.3,
        )
