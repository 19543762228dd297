"""Search of every kind on 200,000 cases: median and 95th percentile per kind (target p95 ≤ 20 ms).

python bench/run.py search
"""

from __future__ import annotations

import random

from common import bench_db_path, emit, percentile, time_ms

from tests.desk import reading
from tests.desk import run as call

QUERIES_PER_KIND = 100


def _samples(db, rng: random.Random) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case, Party, PartyPhone
    from mediation_desk.domain.enums import PartyKind

    with reading(db) as s:
        max_case = s.scalar(select(func.max(Case.id)))
        ids = rng.sample(range(1, max_case + 1), QUERIES_PER_KIND * 3)
        cases = s.execute(select(Case.number, Case.seq).where(Case.id.in_(ids))).all()
        persons = s.execute(
            select(Party.name, Party.id_number, Party.name_initials).where(
                Party.case_id.in_(ids), Party.kind == PartyKind.PERSON, Party.id_number != ""
            )
        ).all()
        orgs = s.scalars(
            select(Party.name)
            .where(Party.kind == PartyKind.ORGANISATION)
            .limit(QUERIES_PER_KIND * 5)
        ).all()
        phones = s.scalars(
            select(PartyPhone.number).where(
                PartyPhone.case_id.in_(ids), PartyPhone.number.not_like("0%")
            )
        ).all()

    def pick(values: list[str]) -> list[str]:
        values = [v for v in values if v]
        return [rng.choice(values) for _ in range(QUERIES_PER_KIND)]

    names = [n for n, _, _ in persons]
    return {
        "case_number_full": pick([n for n, _ in cases]),
        "case_number_partial": pick([n.split("）")[-1] if "）" in n else n[-8:] for n, _ in cases]),
        "case_seq": pick([str(seq) for _, seq in cases]),
        "name_1char": pick([n[0] for n in names]),
        "name_2char": pick([n[:2] for n in names]),
        "name_full": pick([n for n in names if len(n) >= 3]),
        "org_substring": pick([o[2:6] for o in orgs if len(o) >= 6]),
        "pinyin_initials": pick([i[:3] for _, _, i in persons if len(i) >= 2]),
        "id_full": pick([i for _, i, _ in persons if len(i) == 18]),
        "id_last4": pick([i[-4:] for _, i, _ in persons if len(i) == 18]),
        "phone_full": pick(phones),
        "phone_last4": pick([p[-4:] for p in phones]),
    }


def run() -> None:
    from mediation_desk.db.database import Database
    from mediation_desk.services.search import search_cases

    db = Database(f"sqlite:///{bench_db_path()}")
    samples = _samples(db, random.Random(7))
    for queries in samples.values():  # warm the page cache once
        for q in queries[:10]:
            call(db, search_cases, q)
    everything: list[float] = []
    for kind, queries in samples.items():
        hits: list[int] = []
        times = []
        for q in queries:
            result: list[object] = []
            times.append(
                time_ms(lambda q=q, result=result: result.extend(call(db, search_cases, q)))
            )
            hits.append(len(result))
        everything.extend(times)
        emit(
            f"search_{kind}",
            times,
            mean_hits=round(sum(hits) / len(hits), 1),
            zero_hit_queries=sum(1 for h in hits if h == 0),
        )
    emit(
        "search_all_kinds",
        everything,
        p95_target_ms=20,
        p95_ok=percentile(sorted(everything), 95) <= 20,
    )
    db.dispose()


if __name__ == "__main__":
    run()
