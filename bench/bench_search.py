"""Search of every kind, at 200,000 and at 1,000,000 cases (SQLite), through the core's
``search_cases``: one line per kind (``search_200k_<kind>``) and one over every kind
(``search_200k``, key ``p95_ms``; the goal is p95 ≤ 10 ms at 1M, issue 13). The kinds include
what a clerk really types: the prefixes of a name as it is entered, one pinyin letter, a given
name's character, a long organisation name, and queries that match nothing.

The per-keystroke figure through the window's model and view is ``keystroke``
(bench_keystroke.py).

    python bench/run.py search_200k search_1m
"""

from __future__ import annotations

import random
from pathlib import Path

from common import bench_db_path, emit, percentile

from tests.desk import reading
from tests.desk import run as call

NAMES = ("search_200k", "search_1m")
QUERIES_PER_KIND = 60
ORIGINAL_CASES = 200_016  # the 200k database's cases (bench/million.py copies them)
#: Queries that match nothing in the demo data, of each shape the search reads differently.
ZERO_HITS = {
    "zero_hit_name": ["龘靐齉", "爨麤", "饕餮龘", "鬱鬰"],
    "zero_hit_letters": ["qxzv", "vvq", "zvq", "vqxz"],  # no pinyin syllable begins with v
    "zero_hit_number": ["19999999999", "98765432109", "19900000000", "10000000001"],
    "zero_hit_org": ["龘靐齉有限责任公司", "爨麤饕餮股份公司"],
}


def _samples(db, rng: random.Random) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case, Party, PartyPhone
    from mediation_desk.domain.enums import PartyKind

    with reading(db) as s:
        max_case = s.scalar(select(func.max(Case.id)))
        ids = rng.sample(range(1, max_case + 1), QUERIES_PER_KIND * 3)
        # the 1M copies' numbers carry a “-副k” mark no clerk types: numbers of the originals
        originals = [i for i in ids if i <= ORIGINAL_CASES] or ids
        cases = s.execute(select(Case.number, Case.seq).where(Case.id.in_(originals))).all()
        persons = s.execute(
            select(Party.name, Party.id_number, Party.name_initials).where(
                Party.case_id.in_(ids), Party.kind == PartyKind.PERSON, Party.id_number != ""
            )
        ).all()
        orgs = s.scalars(
            select(Party.name)
            .where(Party.kind == PartyKind.ORGANISATION, Party.case_id.in_(ids))
            .limit(QUERIES_PER_KIND * 5)
        ).all()
        phones = s.scalars(
            select(PartyPhone.number).where(
                PartyPhone.case_id.in_(ids), PartyPhone.number.not_like("0%")
            )
        ).all()

    def pick(values: list[str]) -> list[str]:
        values = [v for v in values if v]
        return [rng.choice(values) for _ in range(QUERIES_PER_KIND)] if values else []

    names = [n for n, _, _ in persons]
    full = [n for n in names if len(n) >= 3]
    typed: list[str] = []
    for name in pick(full)[: QUERIES_PER_KIND // 3]:
        typed.extend(name[:i] for i in range(1, len(name) + 1))  # 王, 王小, 王小明
    out = {
        "case_number_full": pick([n for n, _ in cases]),
        "case_number_partial": pick([n.split("）")[-1] if "）" in n else n[-8:] for n, _ in cases]),
        "case_seq": pick([str(seq % 1_000_000) for _, seq in cases]),
        "name_1char": pick([n[0] for n in names]),
        "name_2char": pick([n[:2] for n in names]),
        "name_full": pick(full),
        "name_typed_prefixes": typed,
        "given_name_char": pick([n[-1] for n in full]),
        "initials_1letter": pick([i[:1] for _, _, i in persons if i]),
        "pinyin_initials": pick([i[:3] for _, _, i in persons if len(i) >= 2]),
        "org_long": pick([o for o in orgs if len(o) >= 10]),
        "org_substring": pick([o[2:6] for o in orgs if len(o) >= 6]),
        "id_full": pick([i for _, i, _ in persons if len(i) == 18]),
        "id_last4": pick([i[-4:] for _, i, _ in persons if len(i) == 18]),
        "phone_full": pick(phones),
        "phone_last4": pick([p[-4:] for p in phones]),
    }
    for kind, queries in ZERO_HITS.items():
        out[kind] = [queries[i % len(queries)] for i in range(QUERIES_PER_KIND)]
    return out


def _bench(label: str, path: Path, cases: int) -> None:
    import time

    from mediation_desk.db.database import Database
    from mediation_desk.services.search import search_cases

    db = Database(f"sqlite:///{path}")
    samples = _samples(db, random.Random(7))
    for queries in samples.values():  # warm the page cache once
        for q in queries[:10]:
            call(db, search_cases, q)
    everything: list[float] = []
    for kind, queries in samples.items():
        hits: list[int] = []
        times: list[float] = []
        for q in queries:
            t0 = time.perf_counter()
            found = call(db, search_cases, q)
            times.append((time.perf_counter() - t0) * 1000)
            hits.append(len(found))
        everything.extend(times)
        emit(
            f"{label}_{kind}",
            times,
            mean_hits=round(sum(hits) / len(hits), 1),
            zero_hit_queries=sum(1 for h in hits if h == 0),
            cases=cases,
        )
    p95 = percentile(sorted(everything), 95)
    emit(label, everything, cases=cases, goal_p95_ms=10, p95_ok=p95 <= 10, cache="warm")
    db.dispose()


def run() -> None:
    from million import million_db_path

    _bench("search_200k", bench_db_path(), 200_000)
    _bench("search_1m", million_db_path(), 1_000_000)


if __name__ == "__main__":
    run()
