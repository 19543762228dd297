"""The case window's data: the case, its history, sessions, agreement, confirmation pack,
documents and what can be generated — in one read, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from ..db.unit_of_work import UnitOfWork
from ..domain.case_views import CaseDetail
from .case_data import CaseData, load_case_data
from .documents import DocumentOption, GeneratedDocumentView, document_options, list_generated
from .history import HistoryView, case_history
from .session_views import SessionView, case_sessions
from .supervision import InstructionView, case_instructions


@dataclass(frozen=True, slots=True)
class CaseOverview:
    data: CaseData
    history: list[HistoryView]
    sessions: list[SessionView]
    documents: list[GeneratedDocumentView]
    options: list[DocumentOption]
    instructions: list[InstructionView]  # 督办 on the case, oldest first

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
        case_instructions(uow, case_id),
    )
