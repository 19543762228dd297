"""A status transition with its history row, in 200,000 cases (target median ≤ 20 ms).

Each sample is one ``move_case`` in its own unit of work, committed, as the case window's
结束调解 / 恢复调解 does it: 终止调解 of an open case, then 恢复调解 of the same case, on
different cases spread over the database.

    python bench/run.py status_transition
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import bench_db_path, copy_db, emit, time_ms

from tests.desk import reading
from tests.desk import run as call

CASES = 100


def run() -> None:
    from sqlalchemy import select

    from mediation_desk.db.database import Database
    from mediation_desk.db.models import Case, Operator
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.case_flow import CaseEvent
    from mediation_desk.domain.enums import CaseStatus
    from mediation_desk.domain.outcomes import TerminationReason
    from mediation_desk.domain.roles import roles_from_str
    from mediation_desk.services.case_flow import move_case

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{copy_db(bench_db_path(), Path(tmp))}")
        with reading(db) as s:
            op = s.scalars(
                select(Operator).where(Operator.is_system.is_(False)).order_by(Operator.id).limit(1)
            ).one()
            open_ids = list(
                s.scalars(
                    select(Case.id)
                    .where(Case.status.in_([CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION]))
                    .order_by(Case.id)
                )
            )
        actor = Actor(op.id, op.name, roles_from_str(op.roles), op.mediator_id)
        step = max(len(open_ids) // CASES, 1)
        chosen = open_ids[::step][:CASES]
        ending, reopening = [], []
        for case_id in chosen:
            ending.append(
                time_ms(
                    lambda c=case_id: call(
                        db,
                        move_case,
                        case_id=c,
                        event=CaseEvent.TERMINATE,
                        reason=TerminationReason.FAR_APART,
                        note="双方分歧较大",
                        actor=actor,
                    )
                )
            )
            reopening.append(
                time_ms(
                    lambda c=case_id: call(
                        db,
                        move_case,
                        case_id=c,
                        event=CaseEvent.REOPEN,
                        note="双方愿意再谈",
                        actor=actor,
                    )
                )
            )
        emit(
            "status_transition",
            ending + reopening,
            target_median_ms=20,
            cases_in_db=200_000,
            open_cases=len(open_ids),
            terminate_median_ms=round(sorted(ending)[len(ending) // 2], 3),
            reopen_median_ms=round(sorted(reopening)[len(reopening) // 2], 3),
        )
        db.dispose()


if __name__ == "__main__":
    run()
