#!/usr/bin/env bash
# Install (if needed) and run the whole test suite: ruff, the import contracts, mypy --strict
# on the core, then pytest on every core (pytest-xdist). Extra arguments go to pytest.
# PostgreSQL variants of the storage tests run when MEDIATION_DESK_TEST_PG_URL is set
# (see scripts/pg-test-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m ruff check mediation_desk ui tests bench
.venv/bin/lint-imports
.venv/bin/mypy
# one worker per core, each test file whole on one worker (module fixtures, file order kept)
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
