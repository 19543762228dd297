"""Saving a new two-party case (number + history + search index) into 200,000 cases
(target median ≤ 20 ms).

    python bench/run.py save
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from common import bench_db_path, copy_db, emit, time_ms

from tests.desk import reading
from tests.desk import run as call

SAVES = 200


def run() -> None:
    from sqlalchemy import select

    from mediation_desk.db.database import Database
    from mediation_desk.db.models import HandlingUnit, Operator
    from mediation_desk.demo.generator import CaseGenerator
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.enums import UnitKind
    from mediation_desk.domain.roles import roles_from_str
    from mediation_desk.services.intake import register_case

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{copy_db(bench_db_path(), Path(tmp))}")
        with reading(db) as s:
            op = s.scalars(
                select(Operator).where(Operator.is_system.is_(False)).order_by(Operator.id).limit(1)
            ).one()
            unit_id = s.scalar(
                select(HandlingUnit.id)
                .where(HandlingUnit.kind == UnitKind.STREET_COMMITTEE)
                .limit(1)
            )
        actor = Actor(op.id, op.name, roles_from_str(op.roles), op.mediator_id)
        drafts = []
        generator = CaseGenerator(seed=99, today=dt.date.today())
        for generated in generator.cases(SAVES * 3, days_back=1):
            d = generated.draft
            if len(d.parties) == 2 and not d.refused and d.routing.refer_to is None:
                d.routing.unit_id, d.routing.mediator_id = unit_id, None
                d.received_at = None
                drafts.append(d)
        drafts = drafts[:SAVES]
        ack = frozenset({"requests:requests_empty", "parties:respondent_missing"})
        times = []
        for d in drafts:
            times.append(
                time_ms(
                    lambda d=d: call(
                        db, register_case, d, acknowledged=ack | _warnings_of(d), actor=actor
                    )
                )
            )
        emit("save_two_party_case", times, target_median_ms=20, cases_in_db=200_000 + SAVES)
        db.dispose()


def _warnings_of(draft) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Generated drafts may carry warnings (e.g. an unusual birth year): acknowledge them, as the
    clerk would, so the benchmark times saving rather than refusing."""
    from mediation_desk.domain.validation import validate_party
    from mediation_desk.services.intake import warning_key

    keys = set()
    today = dt.date.today()
    for i, p in enumerate(draft.parties):
        keys |= {warning_key(w) for w in validate_party(p, i, today=today) if not w.is_error}
    return frozenset(keys)


if __name__ == "__main__":
    run()
