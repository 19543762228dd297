"""What the case list shows: which cases (``CaseFilter``) in which order (``CaseSort``).

Pure values, no I/O: ``services.case_list`` turns them into pages of rows. The statuses a
filter may name come in groups the desk thinks in (``STATUS_GROUPS``) or one by one; 超期 is
the 督办 board's 已超期 (an open case whose due day has passed, ``domain.supervision``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .enums import CaseSource, CaseStatus, LabelledEnum

#: Rows a page of the list holds: about four screens of the window, read in a few milliseconds
#: (each scroll to the end waits for one page: bench/bench_case_list.py's view fetch).
PAGE_SIZE = 100

#: Statuses in the order the list sorts them by (the order a case moves through them).
STATUS_ORDER: tuple[CaseStatus, ...] = tuple(CaseStatus)


@dataclass(frozen=True, slots=True)
class StatusGroup:
    label: str
    statuses: frozenset[CaseStatus]


#: The groups the status filter offers before the single statuses.
STATUS_GROUPS: tuple[StatusGroup, ...] = (
    StatusGroup("办理中", frozenset(s for s in CaseStatus if s.is_open)),
    StatusGroup(
        "已办结（未结案）",
        frozenset(
            {
                CaseStatus.SUCCEEDED,
                CaseStatus.FAILED,
                CaseStatus.WITHDRAWN,
                CaseStatus.FAST_TRACK_CLOSED,
            }
        ),
    ),
    StatusGroup("已结案或归档", frozenset({CaseStatus.CLOSED, CaseStatus.ARCHIVED})),
    StatusGroup("未受理或已移送", frozenset({CaseStatus.REFUSED, CaseStatus.REFERRED_OUT})),
)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """The cases to list; every condition left empty lets every case through.

    ``dispute_type`` names a type code; a parent type (劳动争议) takes in its sub-types.
    ``received_from`` / ``received_to`` are days, both included. ``overdue``: open cases
    past their due day only (the 督办 board's 已超期).
    """

    statuses: frozenset[CaseStatus] = frozenset()
    unit_id: int | None = None
    mediator_id: int | None = None
    source: CaseSource | None = None
    dispute_type: str | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool = False

    @property
    def is_empty(self) -> bool:
        return self == CaseFilter()

    def check(self) -> str | None:
        """What is wrong with the filter, in Chinese; None when it can be run."""
        if self.received_from and self.received_to and self.received_from > self.received_to:
            return "受理日期的起始日晚于截止日"
        return None


class SortKey(LabelledEnum):
    """The orders the list can be read in (each made unique by the case id)."""

    RECEIVED = "received", "受理时间"
    NUMBER = "number", "案号"  # by unit, then year, then sequence number
    STATUS = "status", "状态"  # in ``STATUS_ORDER``; newest first within a status
    DUE = "due", "办理时限"  # cases without a time limit last


@dataclass(frozen=True, slots=True)
class CaseSort:
    key: SortKey = SortKey.RECEIVED
    descending: bool = True
