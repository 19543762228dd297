"""What intake and closing record for the statistics (issue 12, domain.md §12).

Where the dispute arose (a village or community of the centre's list, by its 12-digit
statistical division code), the amount in dispute, the persons involved, the special groups,
difficulty (疑难) and, at closing, the prevention flags (防止民转刑 …). The MoJ table counts
them; nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .enums import LabelledEnum
from .money import MAX_FEN

PLACE_CODE_LENGTH = 12
GRID_CODE_MAX = 40
#: more persons than this in one dispute is a typing slip, not a dispute
MAX_PERSONS = 100_000

_PLACE_CODE = re.compile(r"^\d{12}$")


class ReportFieldError(ValueError):
    """A value the statistics cannot take; the message is Chinese and shown as is."""


class PlaceKind(LabelledEnum):
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"


class SpecialGroup(LabelledEnum):
    """涉及特殊群体 of the national exchange record, in the order the form lists them."""

    MIGRANT_WORKER = "migrant_worker", "农民工"
    ELDERLY = "elderly", "老年人"
    MINOR = "minor", "未成年人"
    DISABLED = "disabled", "残疾人"
    WOMEN = "women", "妇女"


def special_groups_to_str(groups: Iterable[SpecialGroup]) -> str:
    """Stored form: the codes comma-separated, in the enum's order, each once."""
    chosen = set(groups)
    return ",".join(g.value for g in SpecialGroup if g in chosen)


def special_groups_from_str(text: str) -> tuple[SpecialGroup, ...]:
    """The stored form back; unknown codes (from a newer version) are skipped."""
    codes = {c.strip() for c in (text or "").split(",") if c.strip()}
    return tuple(g for g in SpecialGroup if g.value in codes)


def special_groups_label(groups: Iterable[SpecialGroup]) -> str:
    """``农民工、妇女``; empty when none."""
    chosen = set(groups)
    return "、".join(g.label for g in SpecialGroup if g in chosen)


def normalize_place_code(text: str) -> str:
    """A division code as typed (spaces, full-width digits allowed) → 12 ASCII digits.

    Raises ``ReportFieldError`` when it is not 12 digits.
    """
    cleaned = "".join(ch for ch in (text or "") if not ch.isspace())
    cleaned = cleaned.translate({0xFF10 + i: ord("0") + i for i in range(10)})
    if not cleaned:
        raise ReportFieldError("请填写统计用区划代码（12位数字）")
    if not _PLACE_CODE.match(cleaned):
        raise ReportFieldError(f"区划代码须为12位数字：{text.strip()}")
    return cleaned


def is_place_code(text: str) -> bool:
    return bool(_PLACE_CODE.match(text or ""))


def check_grid_code(text: str) -> str:
    """Grid codes are optional free text (each county numbers its grids its own way)."""
    cleaned = (text or "").strip()
    if len(cleaned) > GRID_CODE_MAX:
        raise ReportFieldError(f"网格编号不能超过{GRID_CODE_MAX}个字符")
    return cleaned


def check_amount_cents(fen: int | None) -> int | None:
    """The amount in dispute in fen (domain/money.py); None = not typed."""
    if fen is None:
        return None
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ReportFieldError("争议金额须以“分”为单位的整数保存")
    if fen < 0:
        raise ReportFieldError("争议金额不能为负数")
    if fen > MAX_FEN:
        raise ReportFieldError("争议金额过大")
    return fen


def check_persons(count: int | None, what: str = "涉及人数") -> int | None:
    """A count of persons: non-negative and plausible; None = not typed."""
    if count is None:
        return None
    if isinstance(count, bool) or not isinstance(count, int):
        raise ReportFieldError(f"{what}须为整数")
    if count < 0:
        raise ReportFieldError(f"{what}不能为负数")
    if count > MAX_PERSONS:
        raise ReportFieldError(f"{what}过大")
    return count


def parse_persons(text: str, what: str = "涉及人数") -> int | None:
    """Persons as typed; empty = not typed."""
    cleaned = (text or "").strip().removesuffix("人").strip()
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ReportFieldError(f"{what}须为整数：{text.strip()}")
    return check_persons(int(cleaned), what)


def persons_or_parties(persons: int | None, party_count: int) -> int:
    """Persons involved default to the number of parties when not typed."""
    return party_count if persons is None else persons


@dataclass(frozen=True)
class PreventionFlags:
    """What the mediation prevented (recorded when the case ends, MoJ table columns).

    The persons counts belong to 民转刑 and 群体性上访 only, as in the MoJ table.
    """

    criminal: bool = False  # 防止民转刑
    criminal_persons: int = 0
    group_petition: bool = False  # 防止群体性上访
    group_petition_persons: int = 0
    suicide: bool = False  # 防止因纠纷自杀
    group_fight: bool = False  # 防止群体性械斗

    def checked(self) -> PreventionFlags:
        """Validated: counts non-negative, and a count only with its flag (cleared otherwise)."""
        crim = check_persons(self.criminal_persons, "防止民转刑人数") or 0
        pet = check_persons(self.group_petition_persons, "防止群体性上访人数") or 0
        return PreventionFlags(
            criminal=self.criminal,
            criminal_persons=crim if self.criminal else 0,
            group_petition=self.group_petition,
            group_petition_persons=pet if self.group_petition else 0,
            suicide=self.suicide,
            group_fight=self.group_fight,
        )

    @property
    def any(self) -> bool:
        return self.criminal or self.group_petition or self.suicide or self.group_fight

    def labels(self) -> list[str]:
        """``['防止民转刑（3人）', '防止因纠纷自杀']`` for the history and the case view."""
        out: list[str] = []
        if self.criminal:
            n = self.criminal_persons
            out.append(f"防止民转刑（{n}人）" if n else "防止民转刑")
        if self.group_petition:
            n = self.group_petition_persons
            out.append(f"防止群体性上访（{n}人）" if n else "防止群体性上访")
        if self.suicide:
            out.append("防止因纠纷自杀")
        if self.group_fight:
            out.append("防止群体性械斗")
        return out


#: ``PreventionFlags`` field → ``mediation_case`` column
PREVENTION_COLUMNS = {
    "criminal": "prevented_criminal",
    "criminal_persons": "prevented_criminal_persons",
    "group_petition": "prevented_group_petition",
    "group_petition_persons": "prevented_group_petition_persons",
    "suicide": "prevented_suicide",
    "group_fight": "prevented_group_fight",
}
