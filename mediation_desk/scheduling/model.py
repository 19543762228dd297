"""Enumerations and value types of the schedule (rooms, mediators, sessions)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..domain.enums import LabelledEnum


class RoomKind(LabelledEnum):
    MEDIATION = "mediation", "调解室"
    STUDIO = "studio", "品牌调解室"
    COUNSELLING = "counselling", "心理咨询室"
    COURTROOM = "courtroom", "速裁/小额诉讼法庭"
    REMOTE = "remote", "远程视频调解室"


class Equipment(LabelledEnum):
    VIDEO = "video", "视频连线"
    RECORDING = "recording", "同步录音录像"
    PROJECTOR = "projector", "投影"
    WHITEBOARD = "whiteboard", "白板"
    ACCESSIBLE = "accessible", "无障碍通道"


class StaffRole(LabelledEnum):
    LEAD = "lead", "主持调解员"
    CO = "co", "协助调解员"
    NOTE_TAKER = "note_taker", "记录人"


#: Languages offered in the settings screen (free text is accepted too).
COMMON_LANGUAGES: tuple[str, ...] = (
    "普通话",
    "绍兴话",
    "粤语",
    "闽南语",
    "蒙古语",
    "藏语",
    "维吾尔语",
    "朝鲜语",
    "哈萨克语",
    "彝语",
    "壮语",
    "英语",
    "手语",
)

#: A party's ethnicity suggests the language the mediator should share (ranked, not required).
ETHNIC_LANGUAGE: dict[str, str] = {
    "蒙古族": "蒙古语",
    "藏族": "藏语",
    "维吾尔族": "维吾尔语",
    "朝鲜族": "朝鲜语",
    "哈萨克族": "哈萨克语",
    "彝族": "彝语",
    "壮族": "壮语",
}

TimeRange = tuple[dt.time, dt.time]


def person_key(party_id: int, id_number: str = "", credit_code: str = "") -> str:
    """Who a party is across cases: the same ID number (or credit code) is the same person.

    Stored hashed: the key is kept on session rows and in the lock table, which must not become
    another copy of people's ID numbers.
    """
    ident = (id_number or "").strip().upper() or (credit_code or "").strip().upper()
    if not ident:
        return f"party:{party_id}"
    return "p:" + hashlib.sha256(ident.encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class RoomInfo:
    id: int
    name: str
    kind: RoomKind
    capacity: int
    equipment: frozenset[str]
    active: bool = True
    #: weekday (0 = Monday) → opening ranges; a weekday without ranges is closed.
    opening: dict[int, tuple[TimeRange, ...]] = field(default_factory=dict)
    #: out-of-service periods [start, end) with their reason.
    closures: tuple[tuple[dt.datetime, dt.datetime, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MediatorInfo:
    id: int
    name: str
    active: bool = True
    specialties: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    #: weekday → available ranges; a mediator without a profile is available in opening hours.
    availability: dict[int, tuple[TimeRange, ...]] | None = None
    leave: tuple[tuple[dt.date, dt.date, str], ...] = ()
    max_per_day: int = 0  # 0 = no limit
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class Booked:
    """An existing session as the rules see it."""

    id: int
    case_id: int
    label: str  # the case number, shown in refusals
    room_id: int
    starts: dt.datetime
    ends: dt.datetime
    staff: frozenset[int]
    persons: frozenset[str]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A session to check: new, or an existing one moved (``session_id`` is then ignored)."""

    case_id: int
    room_id: int
    starts: dt.datetime
    ends: dt.datetime
    lead_id: int
    co_ids: tuple[int, ...] = ()
    note_taker_id: int | None = None
    persons: frozenset[str] = frozenset()
    attendees: int = 2  # parties and others expected, staff not included
    remote: bool = False
    equipment: frozenset[str] = frozenset()
    session_id: int | None = None

    @property
    def staff(self) -> tuple[int, ...]:
        ids = [self.lead_id, *self.co_ids]
        if self.note_taker_id is not None:
            ids.append(self.note_taker_id)
        return tuple(ids)

    @property
    def people(self) -> int:
        """Everyone who needs a seat in the room."""
        return self.attendees + len(set(self.staff))


def equipment_label(code: str) -> str:
    """The Chinese name of an equipment code (a centre's own free-text item as it is)."""
    member = Equipment._value2member_map_.get(code)
    return member.label if isinstance(member, Equipment) else code
