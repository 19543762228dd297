"""Per dispute type: who the parties are, and the values its texts (data/disputes.toml) need.

A builder method ``_<dispute type>`` settles what the type's text conditions depend on
(``when``), picks a text variant, assembles the parties of the variant's ``scenario``, computes
amounts, dates and places, and fills facts and requests. The builders live in
``local_disputes`` (neighbours, family, village land, injuries) and ``market_disputes``
(contracts, work, consumers, services); ``DisputeBuilders`` here has what they share. Values
every builder would repeat are added by ``_write``: ``applicant`` / ``respondent`` (the first of
each, as 张某) and ``applicants`` (申请人张某等3人).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from mediation_desk.domain.drafts import PartyDraft
from mediation_desk.domain.enums import Gender, PartyRole

from .case_texts import CaseTextError, CaseTexts, TextVariant, Value
from .common import CaseScratch, Rnd, short_name
from .parties import PartyFactory

APPLICANT, RESPONDENT, THIRD_PARTY = (
    PartyRole.APPLICANT,
    PartyRole.RESPONDENT,
    PartyRole.THIRD_PARTY,
)
MALE, FEMALE = Gender.MALE, Gender.FEMALE

#: What a scenario's composition computes for its texts.
Values = dict[str, Value]


def opposite(gender: Gender | None) -> Gender:
    return FEMALE if gender is MALE else MALE


def unknown_scenario(variant: TextVariant) -> CaseTextError:
    return CaseTextError(f"{variant.where}: no party composition for {variant.scenario!r}")


class DisputeBuilders:
    """The builders' shared helpers and the dispatch by dispute type; see the subclasses."""

    def __init__(
        self, parties: PartyFactory, texts: CaseTexts, rnd: Rnd, codes: Iterable[str]
    ) -> None:
        self._p = parties
        self._texts = texts.disputes
        self._words = texts.words
        self._r = rnd
        self._builders: dict[str, Callable[[CaseScratch], None]] = {}
        # every type has texts and a builder method, or the generator does not start
        for code in codes:
            if code not in self._texts:
                raise CaseTextError(f"no texts for dispute type {code!r}")
            builder = getattr(self, f"_{code}", None)
            if builder is None:
                raise LookupError(f"{type(self).__name__} has no builder _{code}")
            self._builders[code] = builder

    def build(self, code: str, c: CaseScratch) -> None:
        """Fill ``c`` with the parties, facts and requests of a dispute of type ``code``."""
        self._builders[code](c)

    def _past(self, c: CaseScratch, lo: int, hi: int) -> dt.date:
        """A date between ``lo`` and ``hi`` days before the case was received."""
        return dt.date.fromordinal(c.recv_ord - lo - int(self._r() * (hi - lo + 1)))

    def _amount(self, lo: int, hi: int, step: int = 100) -> int:
        return (lo + int(self._r() * (hi - lo))) // step * step or step

    def _variant(self, code: str, **when: bool | str) -> TextVariant:
        return self._texts[code].pick(self._r, **when)

    def _phrase(self, code: str, name: str, **values: Value) -> str:
        return self._texts[code].phrase(name, **values)

    def _write(self, c: CaseScratch, variant: TextVariant, **values: Value) -> None:
        needs = variant.needs
        if "applicant" in needs and "applicant" not in values:
            values["applicant"] = short_name(c.applicants[0].name)
        if "respondent" in needs and "respondent" not in values:
            values["respondent"] = short_name(c.respondents[0].name)
        if "applicants" in needs:
            first, n = short_name(c.applicants[0].name), len(c.applicants)
            values["applicants"] = (
                self._phrase(variant.code, "applicants_many", first=first, count=n)
                if n > 1
                else self._phrase(variant.code, "applicants_one", first=first)
            )
        c.facts, c.requests = variant.fill(values, self._r)

    def _compose(
        self, c: CaseScratch, variant: TextVariant, **scenarios: Callable[[CaseScratch], Values]
    ) -> Values:
        """Assemble the parties of ``variant``'s scenario; returns the values for its texts."""
        compose = scenarios.get(variant.scenario)
        if compose is None:
            raise unknown_scenario(variant)
        return compose(c)

    def _add(self, c: CaseScratch, applicant: PartyDraft, respondent: PartyDraft) -> None:
        c.applicants.append(applicant)
        c.respondents.append(respondent)
