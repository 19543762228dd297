"""Signing in: one real ``accounts.sign_in`` with the production password hasher (argon2id,
``accounts.PASSWORD_HASHER``) on a small database: the hash check dominates, by design
(target median 100–250 ms: slow enough against guessing, quick enough at the counter).

    python bench/run.py sign_in
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import emit, time_ms

from tests.desk import run as call

RUNS = 15
PASSWORD = "bench-pass-2026"


def run() -> None:
    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.services import accounts

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'sign_in.db'}")
        try:
            upgrade_to_head(db)
            call(db, accounts.create_first_account, name="基准管理员", password=PASSWORD)
            times = [
                time_ms(lambda: call(db, accounts.sign_in, name="基准管理员", password=PASSWORD))
                for _ in range(RUNS)
            ]
        finally:
            db.dispose()
    hasher = accounts.PASSWORD_HASHER
    emit(
        "sign_in",
        times,
        target_median_ms="100-250",
        argon2=f"t={hasher.time_cost} m={hasher.memory_cost}KiB p={hasher.parallelism}",
    )
