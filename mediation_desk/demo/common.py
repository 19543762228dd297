"""Small pieces the demo generator's modules share: weighted picks, per-case scratch, formats."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

from mediation_desk.domain.drafts import ParticipantDraft, PartyDraft, PhoneDraft
from mediation_desk.domain.enums import ConsentStatus, PartyRole

from . import names as N

T = TypeVar("T")

#: The generator's one source of randomness: ``random.Random(seed).random``.
Rnd = Callable[[], float]


class WeightedTable(Generic[T]):
    """Weighted choice by bisecting cumulative weights: one ``random()`` call per pick."""

    __slots__ = ("cum", "items", "last", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        pairs = [(item, w) for item, w in pairs if w > 0]
        self.items: tuple[T, ...] = tuple(p[0] for p in pairs)
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]
        self.last = len(self.items) - 1

    def pick(self, rnd: Rnd) -> T:
        return self.items[bisect_right(self.cum, rnd() * self.total, 0, self.last)]


def pick(seq: Sequence[T], rnd: Rnd) -> T:
    """A uniform choice with one ``random()`` call."""
    return seq[int(rnd() * len(seq))]


class CaseScratch:
    """What a dispute builder fills for one case: the parties, the texts, where it happened."""

    __slots__ = (
        "applicants",
        "facts",
        "participants",
        "recv",
        "recv_ord",
        "requests",
        "respondents",
        "street",
        "thirds",
        "village",
    )

    def __init__(self, recv: dt.date) -> None:
        self.recv = recv
        self.recv_ord = recv.toordinal()
        self.applicants: list[PartyDraft] = []
        self.respondents: list[PartyDraft] = []
        self.thirds: list[PartyDraft] = []
        self.participants: list[ParticipantDraft] = []
        self.facts = ""
        self.requests = ""
        self.street = ""
        self.village = ""  # set when the dispute happened in a village: its committee may refer


_DOUBLE_SURNAMES = frozenset(s for s, _ in N.DOUBLE_SURNAMES)


def surname_of(name: str) -> str:
    return name[:2] if name[:2] in _DOUBLE_SURNAMES else name[0]


def short_name(name: str) -> str:
    """张某 / 欧阳某 / 买某 for persons, as case texts write them; organisations keep their name."""
    if len(name) > 5 and not name.count("·"):
        return name
    return surname_of(name) + "某"


def money(amount: int) -> str:
    """Yuan with thousands separators, as the texts write amounts: 12,500."""
    return f"{amount:,}"


def year_month(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def full_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def age_on(p: PartyDraft, on: dt.date) -> int:
    b = p.birth_date
    if b is None:
        return 40
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def copy_party(p: PartyDraft, role: PartyRole) -> PartyDraft:
    """The same person in a new case (a repeat visitor), without agents."""
    return PartyDraft(
        kind=p.kind,
        role=role,
        name=p.name,
        gender=p.gender,
        ethnicity=p.ethnicity,
        birth_date=p.birth_date,
        id_type=p.id_type,
        id_number=p.id_number,
        occupation=p.occupation,
        address=p.address,
        phones=[PhoneDraft(ph.number, ph.label, ph.note) for ph in p.phones],
        consent=ConsentStatus.AGREED,
    )
