"""The demo centre's place list: the villages and communities of 越城区 its cases arise in.

The names are the demo's synthetic ones (``parties.build_street_places``, the same for every
seed), numbered like statistical division codes (统计用区划代码) of the district 330602: the
street's three digits (001… in ``regions.HOME_STREETS`` order), then the committee's three —
居委会 (社区) from 001, 村委会 from 201, as the coding rules number them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from mediation_desk.domain.report_fields import PlaceKind

from . import regions as R
from .parties import build_street_places

if TYPE_CHECKING:
    from mediation_desk.db.unit_of_work import UnitOfWork
    from mediation_desk.domain.drafts import CaseDraft


@dataclass(frozen=True, slots=True)
class DemoPlace:
    code: str
    name: str
    kind: PlaceKind
    township: str


@dataclass(frozen=True, slots=True)
class DemoPlaces:
    places: tuple[DemoPlace, ...]
    #: (street, village name without 村) -> code
    villages: dict[tuple[str, str], str]
    #: street -> its communities' codes
    communities: dict[str, tuple[str, ...]]
    #: street -> every code in it
    by_street: dict[str, tuple[str, ...]]


@cache
def demo_places() -> DemoPlaces:
    streets = build_street_places(random.Random(2260))
    places: list[DemoPlace] = []
    villages: dict[tuple[str, str], str] = {}
    communities: dict[str, tuple[str, ...]] = {}
    by_street: dict[str, tuple[str, ...]] = {}
    for i, (street, _rural) in enumerate(R.HOME_STREETS, start=1):
        prefix = f"{R.HOME_CODE}{i:03d}"
        village_names, community_names = streets[street]
        own: list[str] = []
        for j, name in enumerate(community_names, start=1):
            code = f"{prefix}{j:03d}"
            places.append(DemoPlace(code, f"{name}社区", PlaceKind.COMMUNITY, street))
            own.append(code)
        communities[street] = tuple(own)
        for j, name in enumerate(village_names, start=201):
            code = f"{prefix}{j:03d}"
            places.append(DemoPlace(code, f"{name}村", PlaceKind.VILLAGE, street))
            villages[(street, name)] = code
            own.append(code)
        by_street[street] = tuple(own)
    return DemoPlaces(tuple(places), villages, communities, by_street)


def drop_unknown_place(uow: UnitOfWork, draft: CaseDraft) -> None:
    """Generated drafts name the demo centre's places; a centre without them (a test's, or
    one seeded without the list) records the case with no place, as intake would accept."""
    from mediation_desk.services.places import active_place_codes  # the generator stays light

    if draft.place_code and draft.place_code not in active_place_codes(uow.read()):
        draft.place_code = ""
