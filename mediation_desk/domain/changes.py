"""What a user action changed: the record the window fans out so each view can decide
whether to refresh (a moved session does not re-run a case search).

The record is derived from the history entries the action wrote (every change writes one),
so no service can change data without the views hearing of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum


class Entity(StrEnum):
    """What a history entry is about (stored in ``history_entry.entity``)."""

    CASE = "case"
    SESSION = "mediation_session"
    AGREEMENT = "agreement"
    CONFIRMATION = "confirmation"
    DOCUMENT = "document"
    CENTRE = "centre"
    UNIT = "handling_unit"
    MEDIATOR = "mediator"
    OPERATOR = "operator"
    ROOM = "room"
    SCHEDULE_SETTING = "schedule_setting"
    RECUSAL = "recusal"
    DOCUMENT_SETTINGS = "document_settings"
    HOLIDAYS = "holiday_year"  # the centre's holiday arrangement (due days of open cases move)
    TIME_LIMIT_SETTINGS = "time_limit_settings"  # the centre's targets per risk level
    FOLLOW_UP_SETTINGS = "follow_up_settings"  # the centre's 回访 policy
    PLACE = "place"  # a village or community of the centre's list (id 0: the code is in changes)
    AUDIT = "audit"  # an audited event that changes nothing: a full-ID view, an export…


#: Entities that belong to a case and are reported by that case's id.
_PER_CASE = {
    Entity.AGREEMENT: "agreements",
    Entity.CONFIRMATION: "confirmations",
    Entity.DOCUMENT: "documents",
}


#: Entities no figure of the statistics depends on: a generated document changes nothing the
#: report counts, so it does not ask for the case's statistics row to be written anew.
_FIGURELESS = frozenset({Entity.DOCUMENT})


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids of what changed. Agreements, confirmations and documents are given by case id."""

    cases: frozenset[int] = frozenset()  # the case record: status, routing, parties, links
    sessions: frozenset[int] = frozenset()  # session ids
    agreements: frozenset[int] = frozenset()
    confirmations: frozenset[int] = frozenset()
    documents: frozenset[int] = frozenset()
    reference: frozenset[Entity] = frozenset()  # centre, units, mediators, rooms, settings …
    touched_cases: frozenset[int] = frozenset()  # every case whose history grew

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        )

    def touches_case(self, case_id: int) -> bool:
        return case_id in self.touched_cases


@dataclass
class ChangeRecorder:
    """Collects the changes of one unit of work as its history entries are written."""

    _ids: dict[str, set[int]] = field(default_factory=dict)
    _reference: set[Entity] = field(default_factory=set)
    _unsaved: set[int] = field(default_factory=set)  # cases changed since ``take_cases``

    def note(self, entity: Entity, entity_id: int, case_id: int | None) -> None:
        if entity is Entity.CASE:
            self._add("cases", entity_id)
            self._unsaved.add(entity_id)
        elif entity is Entity.SESSION:
            self._add("sessions", entity_id)
        elif entity in _PER_CASE:
            if case_id is not None:
                self._add(_PER_CASE[entity], case_id)
        else:
            self._reference.add(entity)
        if case_id is not None:
            self._add("touched_cases", case_id)
            if entity not in _FIGURELESS:
                self._unsaved.add(case_id)

    def take_cases(self) -> set[int]:
        """The cases changed since the last call whose statistics may have changed (what a
        commit brings up to date: ``db.case_stats``)."""
        taken, self._unsaved = self._unsaved, set()
        return taken

    def _add(self, name: str, value: int) -> None:
        self._ids.setdefault(name, set()).add(value)

    def changes(self) -> Changes:
        ids = {name: frozenset(values) for name, values in self._ids.items()}
        return Changes(**ids, reference=frozenset(self._reference))
