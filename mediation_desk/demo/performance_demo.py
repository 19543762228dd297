"""Performance (履行) in the demo: the lifecycle stories' agreements marked through the
real service — the "written" agreement partly paid by bank transfer, the "closed" one paid
in full against a 收条 at the centre.
"""

from __future__ import annotations

import datetime as dt

from ..db.unit_of_work import UnitOfWork
from ..domain.performance_marks import PerformanceState, ProofKind
from ..services.performance import mark_item, performance_of

#: What each story's first payment item gets: state, amount paid (fen, for a partial
#: payment), days after the agreement took effect, the proof and a note.
MARKS: dict[str, tuple[PerformanceState, int | None, int, ProofKind, str]] = {
    "written": (PerformanceState.PARTLY, 500_000, 5, ProofKind.TRANSFER, "先行支付部分赔偿款"),
    "closed": (PerformanceState.PERFORMED, None, 2, ProofKind.RECEIPT, "在调解室当面支付"),
}


def seed_performance(uow: UnitOfWork, story_ids: dict[str, int]) -> list[int]:
    """Mark the first payment item of each story in ``MARKS``; returns the cases marked."""
    uow.as_system()  # system work: no account asked for it
    today = uow.today()
    marked = []
    for key, (state, amount, after, proof, note) in MARKS.items():
        case_id = story_ids.get(key)
        if case_id is None:
            continue
        view = performance_of(uow, case_id)
        item = next((i for i in view.items if i.amount_fen is not None), None)
        if view.effective_on is None or item is None:
            continue
        on = min(view.effective_on + dt.timedelta(days=after), today)
        mark_item(uow, case_id, item.key, state, on, amount_fen=amount, proof_kind=proof, note=note)
        marked.append(case_id)
    return marked
