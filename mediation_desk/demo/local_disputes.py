"""Builders of disputes where people live: neighbours, family, village land, the environment,
injuries and traffic accidents (see ``dispute_builders``)."""

from __future__ import annotations

from mediation_desk.domain.drafts import PartyDraft

from . import names as N
from . import regions as R
from .common import CaseScratch, age_on, full_date, money, pick, short_name, surname_of, year_month
from .dispute_builders import (
    APPLICANT,
    FEMALE,
    MALE,
    RESPONDENT,
    THIRD_PARTY,
    DisputeBuilders,
    Values,
    opposite,
    unknown_scenario,
)

_PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789012345678901234567890123456789"


class LocalDisputes(DisputeBuilders):
    """Neighbours, family, village land, environment, injuries, accidents."""

    def _villager(self, c: CaseScratch, age: int | None = None) -> tuple[PartyDraft, str]:
        """An applicant living in a village of the home district, where the dispute is:
        (the applicant, their address)."""
        text, street, place, _ = self._p.home_address(True)
        applicant = self._p.person(c, APPLICANT, address=(text, True), age=age)
        c.applicants.append(applicant)
        c.street, c.village = street, place
        return applicant, text

    def _fellow_villager(self, c: CaseScratch) -> PartyDraft:
        """A respondent living in the applicant's village."""
        address = self._p.home_address(True, c.street, c.village)[0]
        return self._p.person(c, RESPONDENT, address=(address, True))

    def _neighbour(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        rural = r() < 0.55
        text, street, place, _ = p.home_address(rural)
        b_text = p.home_address(rural, street, place)[0]
        a = p.person(c, APPLICANT, address=(text, rural))
        b = p.person(c, RESPONDENT, address=(b_text, rural))
        self._add(c, a, b)
        if r() < 0.1:  # the respondent's spouse
            age = max(18, age_on(b, c.recv) - 3 + int(r() * 6))
            spouse = p.person(
                c, RESPONDENT, gender=opposite(b.gender), age=age, address=(b_text, rural)
            )
            c.respondents.append(spouse)
        c.street, c.village = street, place if rural else ""
        amount = self._amount(800, 30_000)
        self._write(
            c,
            self._variant("neighbour", rural=rural),
            place=place,
            month=year_month(self._past(c, 20, 400)),
            amount=money(amount),
            roof_repair=money(amount // 4 or 500),
            wall_metres=1 + int(r() * 3),
        )

    def _marriage_family(self, c: CaseScratch) -> None:
        variant = self._variant("marriage_family")
        values = self._compose(
            c,
            variant,
            divorce=self._divorce,
            elder_support=self._elder_support,
            inheritance=self._inheritance,
            child_support=self._child_support,
        )
        self._write(c, variant, **values)

    def _divorce(self, c: CaseScratch) -> Values:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT, local=True)
        age = max(22, min(60, age_on(a, c.recv)))
        b_age = max(20, age - 4 + int(r() * 8))
        b = p.person(c, RESPONDENT, gender=opposite(a.gender), age=b_age, local=True)
        self._add(c, a, b)
        married = max(c.recv.year - int(r() * 20) - 2, (a.birth_date or c.recv).year + 22)
        married = min(married, c.recv.year - 2)
        return {
            "married_year": married,
            "child_age": max(1, min(c.recv.year - married - 1, 1 + int(r() * 16))),
            "separated_year": c.recv.year - int(r() * 2),
            "support": money(self._amount(800, 3000)),
        }

    def _elder_support(self, c: CaseScratch) -> Values:
        """A parent in a village against two to four grown-up children."""
        r, p = self._r, self._p
        a, _address = self._villager(c, age=70 + int(r() * 18))
        surname, age = surname_of(a.name), age_on(a, c.recv)
        for _ in range(2 + int(r() * 3)):
            gender = MALE if r() < 0.6 else FEMALE
            child_age = max(30, age - 22 - int(r() * 12))
            c.respondents.append(
                p.person(c, RESPONDENT, gender=gender, age=child_age, surname=surname, local=True)
            )
        return {
            "applicant_age": age,
            "children_count": len(c.respondents),
            "children": "、".join(short_name(x.name) for x in c.respondents),
            "month": year_month(self._past(c, 30, 300)),
            "monthly": money(self._amount(300, 1500, 50)),
        }

    def _inheritance(self, c: CaseScratch) -> Values:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT, age=40 + int(r() * 30), local=True)
        c.applicants.append(a)
        surname, age = surname_of(a.name), age_on(a, c.recv)
        for _ in range(1 + int(r() * 2)):
            sibling_age = max(30, age - 6 + int(r() * 12))
            same_surname = surname if r() < 0.7 else None
            c.respondents.append(
                p.person(c, RESPONDENT, age=sibling_age, surname=same_surname, local=True)
            )
        _text, street, place, _ = p.home_address(True)
        c.street, c.village = street, place
        return {
            "death_year": c.recv.year - 1 - int(r() * 8),
            "place": place,
            "amount": money(self._amount(200_000, 1_500_000, 10_000)),
        }

    def _child_support(self, c: CaseScratch) -> Values:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT, gender=FEMALE, age=28 + int(r() * 15), local=True)
        b = p.person(c, RESPONDENT, gender=MALE, age=max(22, age_on(a, c.recv) + int(r() * 5)))
        self._add(c, a, b)
        return {
            "divorce_year": c.recv.year - 1 - int(r() * 5),
            "agreed_support": money(self._amount(800, 2500)),
            "month": year_month(self._past(c, 60, 500)),
            "owed": money(self._amount(5000, 40_000)),
        }

    def _housing_homestead(self, c: CaseScratch) -> None:
        r = self._r
        self._villager(c)
        c.respondents.append(self._fellow_villager(c))
        when = self._past(c, 10, 300)
        self._write(
            c,
            self._variant("housing_homestead"),
            place=c.village,
            month=year_month(when),
            date=full_date(when),
            overlap_cm=20 + int(r() * 80),
            price=money(self._amount(30_000, 300_000, 1000)),
        )

    def _forest_land(self, c: CaseScratch) -> None:
        r = self._r
        self._villager(c, age=45 + int(r() * 35))
        variant = self._variant("forest_land")
        values: Values
        match variant.scenario:
            case "village":
                c.respondents.append(self._p.village_coop(c, RESPONDENT, c.street, c.village))
                values = {
                    "mu": 2 + int(r() * 10),
                    "month": year_month(self._past(c, 30, 300)),
                    "fee_per_mu": money(self._amount(800, 2000, 50)),
                }
            case "neighbour":
                c.respondents.append(self._fellow_villager(c))
                stems = 30 + int(r() * 200)
                values = {
                    "month": year_month(self._past(c, 10, 200)),
                    "stems": stems,
                    "loss": money(stems * 30),
                }
            case _:
                raise unknown_scenario(variant)
        self._write(c, variant, place=c.village, **values)

    def _land_requisition(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        a, address = self._villager(c, age=40 + int(r() * 40))
        variant = self._variant("land_requisition")
        values: Values
        match variant.scenario:
            case "village":
                c.respondents.append(p.village_coop(c, RESPONDENT, c.street, c.village))
                values = {"year": c.recv.year - int(r() * 2)}
            case "sibling":
                surname = surname_of(a.name)
                c.respondents.append(
                    p.person(c, RESPONDENT, surname=surname, address=(address, True))
                )
                values = {"amount": money(self._amount(300_000, 2_000_000, 10_000))}
            case _:
                raise unknown_scenario(variant)
        self._write(c, variant, place=c.village, **values)

    def _environment(self, c: CaseScratch) -> None:
        """One to four neighbours of a factory or restaurant."""
        r, p = self._r, self._p
        text, street, place, rural = p.home_address()
        c.street, c.village = street, place if rural else ""
        for i in range(1 + int(r() * 4)):
            address = text if i == 0 else p.home_address(rural, street, place)[0]
            c.applicants.append(p.person(c, APPLICANT, address=(address, rural)))
        industry = pick(("textile", "manufacturing", "catering"), r)
        company = p.company(c, RESPONDENT, industry)
        c.respondents.append(company)
        self._write(
            c,
            self._variant("environment", catering=industry == "catering"),
            where=self._phrase("environment", "village", place=place) if rural else place,
            company=company.name,
            month=year_month(self._past(c, 20, 300)),
            per_household=money(self._amount(2000, 10_000)),
        )

    def _damages(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        variant = self._variant("damages")
        date = full_date(self._past(c, 3, 120))
        amount = self._amount(2000, 60_000)
        values: Values
        match variant.scenario:
            case "dog_bite":  # sometimes a child
                child = r() < 0.35
                age = 6 + int(r() * 11) if child else None
                a = p.person(c, APPLICANT, age=age, local=True)
                b = p.person(c, RESPONDENT, local=True)
                values = {
                    "minor": self._phrase("damages", "minor") if child else "",
                    "medical_costs": money(amount // 10 or 800),
                    "claim": money(amount // 5 or 1500),
                }
            case "fight":
                a, b = p.person(c, APPLICANT), p.person(c, RESPONDENT)
                values = {"days_in_hospital": 3 + int(r() * 20), "amount": money(amount)}
            case "neighbours":
                a, b = p.person(c, APPLICANT, local=True), p.person(c, RESPONDENT, local=True)
                values = {"repair": money(amount // 4 or 1000)}
            case _:
                raise unknown_scenario(variant)
        self._add(c, a, b)
        self._write(c, variant, date=date, **values)

    def _traffic_accident(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT)
        b = p.person(c, RESPONDENT, age=22 + int(r() * 40))
        self._add(c, a, b)
        insured = r() < 0.4
        if insured:
            insurer = pick(N.INSURERS, r).format(t=pick(N.TRADE_NAMES, r))
            c.thirds.append(
                p.org(c, THIRD_PARTY, insurer, title="负责人", reg_code="330600", agent_share=0.9)
            )
        plate = "".join(pick(_PLATE_CHARS, r) for _ in range(5))
        code = "traffic_accident"
        self._write(
            c,
            self._variant(code),
            date=full_date(self._past(c, 5, 200)),
            hour=7 + int(r() * 14),
            plate=R.HOME_PLATE_PREFIX + plate,
            road=pick(R.ROAD_ROOTS, r),
            amount=money(self._amount(5000, 250_000)),
            insurer_clause=self._phrase(code, "insurer_pays_first") if insured else "",
        )

    def _other(self, c: CaseScratch) -> None:
        p = self._p
        self._add(c, p.person(c, APPLICANT), p.person(c, RESPONDENT))
        prize = self._amount(2000, 50_000)
        self._write(
            c,
            self._variant("other"),
            month=year_month(self._past(c, 10, 400)),
            prize=money(prize),
            prize_share=money(prize // 3),
        )
