"""The case window's data: the case, its history, sessions, agreement, confirmation pack,
documents and what can be generated — in one read, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..db.unit_of_work import UnitOfWork
from ..domain.case_views import CaseDetail
from ..domain.follow_ups import FollowUpTaskView
from ..domain.minutes import InvestigationView
from .case_data import CaseData, load_case_data
from .documents import DocumentOption, GeneratedDocumentView, document_options, list_generated
from .follow_ups import follow_ups_of
from .history import HistoryView, case_history
from .minutes import case_investigations, sessions_with_minutes
from .performance import PerformanceView, performance_from
from .session_views import SessionView, case_sessions
from .supervision import InstructionView, case_instructions


@dataclass(frozen=True, slots=True)
class CaseOverview:
    data: CaseData
    history: list[HistoryView]
    sessions: list[SessionView]
    documents: list[GeneratedDocumentView]
    options: list[DocumentOption]
    minutes_sessions: frozenset[int] = frozenset()  # sessions whose minutes are saved
    investigations: list[InvestigationView] = field(default_factory=list)
    instructions: list[InstructionView] = field(default_factory=list)  # 督办, oldest first
    follow_ups: list[FollowUpTaskView] = field(default_factory=list)  # 回访, by due day
    performance: PerformanceView | None = None  # the agreement's schedule and its marks

    @property
    def case(self) -> CaseDetail:
        return self.data.case


def case_overview(uow: UnitOfWork, case_id: int) -> CaseOverview:
    data = load_case_data(uow.read(), case_id)
    return CaseOverview(
        data,
        case_history(uow, case_id),
        case_sessions(uow, case_id),
        list_generated(uow, case_id),
        document_options(data),
        frozenset(sessions_with_minutes(uow.read(), case_id))
        if data.minutes_saved
        else frozenset(),
        case_investigations(uow, case_id) if data.investigations else [],
        case_instructions(uow, case_id) if data.instructions else [],
        follow_ups_of(uow, case_id) if data.follow_ups else [],
        performance_from(uow.read(), case_id, data.agreement, data.case.party_names, uow.today()),
    )
