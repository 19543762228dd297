"""Builders of disputes of the market: contracts and trade, work, consumers, services (medical,
property management, internet) and trademarks (see ``dispute_builders``)."""

from __future__ import annotations

from . import names as N
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


class MarketDisputes(DisputeBuilders):
    """Contracts, trade, work, consumers, services, trademarks."""

    def _contract(self, c: CaseScratch) -> None:
        variant = self._variant("contract")
        date = full_date(self._past(c, 60, 900))
        values = self._compose(
            c, variant, loan=self._loan, decoration=self._decoration, tenancy=self._tenancy
        )
        self._write(c, variant, date=date, **values)

    def _loan(self, c: CaseScratch) -> Values:
        r, p = self._r, self._p
        a, b = p.person(c, APPLICANT), p.person(c, RESPONDENT)
        self._add(c, a, b)
        if r() < 0.15:  # the borrower's spouse
            c.respondents.append(p.person(c, RESPONDENT, gender=opposite(b.gender)))
        amount = self._amount(10_000, 500_000, 1000)
        paid = amount * int(r() * 5) // 10 // 1000 * 1000
        return {
            "amount": money(amount),
            "term_months": 3 + int(r() * 10),
            "repaid": (
                self._phrase("contract", "repaid_part", paid=money(paid))
                if paid
                else self._phrase("contract", "repaid_none")
            ),
            "rest": money(amount - paid),
        }

    def _decoration(self, c: CaseScratch) -> Values:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT, local=True)
        b = p.company(c, RESPONDENT, "decoration") if r() < 0.6 else p.person(c, RESPONDENT)
        self._add(c, a, b)
        price = self._amount(50_000, 400_000, 1000)
        return {
            "price": money(price),
            "days_late": 10 + int(r() * 90),
            "loss": money(self._amount(3000, max(4000, price // 5))),
        }

    def _tenancy(self, c: CaseScratch) -> Values:
        r, p = self._r, self._p
        self._add(c, p.person(c, APPLICANT, local=True), p.person(c, RESPONDENT))
        rent = self._amount(1200, 6000, 100)
        months = 2 + int(r() * 8)
        return {
            "rent": money(rent),
            "arrears_since": year_month(self._past(c, months * 30, months * 30 + 25)),
            "months_unpaid": months,
            "arrears": money(rent * months),
        }

    def _production_business(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        variant = self._variant("production_business")
        when = self._past(c, 60, 700)
        values: Values
        match variant.scenario:
            case "supply":
                industry = pick(("textile", "manufacturing", "retail"), r)
                goods = pick(self._words.goods[industry], r)
                a = (
                    p.company(c, APPLICANT, industry)
                    if r() < 0.7
                    else p.person(c, APPLICANT, occupation="个体经营")
                )
                buyer = pick(("textile", "manufacturing", "construction"), r)
                b = p.company(c, RESPONDENT, buyer)
                amount = money(self._amount(20_000, 800_000))
                values = {"goods": goods, "date": full_date(when), "amount": amount}
            case "partnership":
                a = p.person(c, APPLICANT, occupation="个体经营")
                b = p.person(c, RESPONDENT, occupation="个体经营")
                values = {"year": when.year, "share": money(self._amount(50_000, 300_000, 10_000))}
            case _:
                raise unknown_scenario(variant)
        self._add(c, a, b)
        self._write(c, variant, **values)

    def _labour_wage_arrears(self, c: CaseScratch) -> None:
        """One to four workers against a labour boss (maybe with the main contractor) or a
        construction company."""
        r, p = self._r, self._p
        n = pick((1, 1, 1, 1, 2, 2, 3, 3, 4, 4), r)
        for _ in range(n):
            region = p.non_local.pick(r) if r() < 0.7 else None
            gender = MALE if r() < 0.85 else FEMALE
            worker = pick(N.OCCUPATIONS_WORKER, r)
            c.applicants.append(
                p.person(c, APPLICANT, gender=gender, region=region, occupation=worker)
            )
        code = "labour_wage_arrears"
        if r() < 0.5:
            age = 35 + int(r() * 25)
            boss = p.person(c, RESPONDENT, gender=MALE, age=age, occupation="包工头")
            c.respondents.append(boss)
            if n <= 3 and r() < 0.6:  # the main contractor joins as third party
                main = p.company(c, THIRD_PARTY, "construction")
                c.thirds.append(main)
                contractor = self._phrase(
                    code,
                    "contractor_subcontract",
                    boss=short_name(boss.name),
                    main_contractor=main.name,
                )
            else:
                contractor = self._phrase(code, "contractor_boss", boss=short_name(boss.name))
        else:
            company = p.company(c, RESPONDENT, "construction")
            c.respondents.append(company)
            contractor = self._phrase(code, "contractor_company", company=company.name)
        wage = self._amount(250, 500, 10)
        total = sum(self._amount(8000, 60_000) for _ in range(n))
        self._write(
            c,
            self._variant(code),
            since=year_month(self._past(c, 90, 500)),
            contractor=contractor,
            daily_wage=wage,
            total=money(total),
        )

    def _labour_other(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT, age=22 + int(r() * 35), occupation="工人")
        industries = ("textile", "manufacturing", "catering", "logistics", "retail")
        b = p.company(c, RESPONDENT, pick(industries, r)) if r() < 0.9 else p.shop(c, RESPONDENT)
        self._add(c, a, b)
        self._write(
            c,
            self._variant("labour_other"),
            joined=year_month(self._past(c, 200, 3000)),
            dismissed_on=full_date(self._past(c, 5, 60)),
            injured_on=full_date(self._past(c, 60, 400)),
            severance=money(self._amount(10_000, 120_000)),
            injury_benefits=money(self._amount(30_000, 300_000, 1000)),
        )

    def _consumer_travel(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        c.applicants.append(p.person(c, APPLICANT))
        for _ in range(int(r() * 3) if r() < 0.3 else 0):  # travel companions
            c.applicants.append(p.person(c, APPLICANT))
        c.respondents.append(p.company(c, RESPONDENT, "travel"))
        fee = self._amount(2000, 12_000)
        self._write(
            c,
            self._variant("consumer_travel"),
            signed_on=full_date(self._past(c, 10, 120)),
            days=4 + int(r() * 5),
            fee=money(fee),
            refund=money(fee * 3 // 10 // 10 * 10),
        )

    def _consumer_ecommerce(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT)
        b = (
            p.company(c, RESPONDENT, "ecommerce")
            if r() < 0.75
            else p.person(c, RESPONDENT, occupation="网店经营者")
        )
        self._add(c, a, b)
        item = pick(self._words.shop_items, r)
        self._write(
            c,
            self._variant("consumer_ecommerce"),
            bought_on=full_date(self._past(c, 10, 200)),
            item=item.item,
            price=money(self._amount(item.low, item.high, 10)),
        )

    def _consumer_other(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        a = p.person(c, APPLICANT, local=True)
        variant = self._variant("consumer_other")
        values: Values
        match variant.scenario:
            case "shop":
                b = p.shop(c, RESPONDENT) if r() < 0.5 else p.company(c, RESPONDENT, "beauty")
                amount = self._amount(1000, 20_000)
                values = {
                    "year": self._past(c, 60, 600).year,
                    "topped_up": money(amount),
                    "month": year_month(self._past(c, 5, 60)),
                    "balance": money(amount // 2),
                }
            case "car_dealer":
                b = p.company(c, RESPONDENT, "car")
                values = {
                    "date": full_date(self._past(c, 20, 400)),
                    "amount": money(self._amount(3000, 40_000)),
                }
            case _:
                raise unknown_scenario(variant)
        self._add(c, a, b)
        self._write(c, variant, **values)

    def _medical(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        pattern, prefix2, title = p.medical_bodies.pick(r)
        name = pattern.format(t=pick(N.TRADE_NAMES, r))
        hospital = p.org(c, RESPONDENT, name, prefix2=prefix2, title=title, agent_share=0.7)
        d = pick(self._words.diagnoses, r)
        if d.maternity:
            patient = p.person(c, APPLICANT, gender=FEMALE, age=24 + int(r() * 14))
        else:
            patient = p.person(c, APPLICANT)
        variant = self._variant("medical")
        values: Values
        match variant.scenario:
            case "death":  # the family applies: spouse and children
                age = age_on(patient, c.recv)
                spouse = p.person(
                    c, APPLICANT, gender=opposite(patient.gender), age=max(20, age - 2)
                )
                c.applicants.append(spouse)
                if age >= 40:
                    surname = surname_of(patient.name)
                    for _ in range(1 + int(r() * 2)):
                        c.applicants.append(p.person(c, APPLICANT, age=age - 25, surname=surname))
                values = {"amount": money(self._amount(300_000, 1_200_000, 1000))}
            case "patient":
                c.applicants.append(patient)
                values = {
                    "days_readmitted": 5 + int(r() * 40),
                    "amount": money(self._amount(20_000, 300_000, 1000)),
                }
            case _:
                raise unknown_scenario(variant)
        c.respondents.append(hospital)
        self._write(
            c,
            variant,
            patient=short_name(patient.name),
            date=full_date(self._past(c, 20, 500)),
            symptom=d.symptom,
            diagnosis=d.diagnosis,
            procedure=d.procedure,
            complication=d.complication,
            **values,
        )

    def _property_management(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        text, street, compound, _ = p.home_address(False)
        c.street = street
        variant = self._variant("property_management")
        values: Values
        match variant.scenario:
            case "company_claims":  # the property company claims unpaid fees
                company = p.company(c, APPLICANT, "property")
                self._add(c, company, p.person(c, RESPONDENT, address=(text, False)))
                months = 6 + int(r() * 30)
                yearly_fee = self._amount(1500, 8000, 10)
                values = {
                    "since": year_month(self._past(c, months * 30, months * 30 + 30)),
                    "months": months,
                    "arrears": money(yearly_fee * months // 12),
                }
            case "owners_claim":
                for i in range(pick((1, 1, 1, 1, 2, 3, 4), r)):
                    address = text if i == 0 else p.home_address(False, street, compound)[0]
                    c.applicants.append(p.person(c, APPLICANT, address=(address, False)))
                c.respondents.append(p.company(c, RESPONDENT, "property"))
                values = {
                    "date": full_date(self._past(c, 5, 200)),
                    "amount": money(self._amount(3000, 60_000)),
                }
            case _:
                raise unknown_scenario(variant)
        self._write(c, variant, place=compound, **values)

    def _ip(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        a = p.company(c, APPLICANT, pick(("textile", "retail", "manufacturing"), r))
        b = p.shop(c, RESPONDENT) if r() < 0.6 else p.person(c, RESPONDENT, occupation="个体经营")
        self._add(c, a, b)
        self._write(
            c,
            self._variant("ip"),
            brand=pick(N.TRADE_NAMES, r),
            month=year_month(self._past(c, 10, 200)),
            amount=money(self._amount(5000, 100_000)),
        )

    def _internet(self, c: CaseScratch) -> None:
        r, p = self._r, self._p
        variant = self._variant("internet")
        values: Values
        match variant.scenario:
            case "platform":  # a parent against a game company
                a = p.person(c, APPLICANT, age=30 + int(r() * 20))
                b = p.company(c, RESPONDENT, "internet")
                values = {
                    "month": year_month(self._past(c, 10, 200)),
                    "amount": money(self._amount(1000, 50_000)),
                }
            case "person":
                a, b = p.person(c, APPLICANT), p.person(c, RESPONDENT)
                values = {"date": full_date(self._past(c, 5, 120))}
            case _:
                raise unknown_scenario(variant)
        self._add(c, a, b)
        self._write(c, variant, **values)
