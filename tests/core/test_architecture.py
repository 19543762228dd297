"""The core (``mediation_desk``) never imports Qt or the UI: checked statically by import-linter
(contract in pyproject.toml) and at run time in a fresh interpreter."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _loaded(modules: list[str]) -> list[str]:
    """Import ``modules`` in a new interpreter; return the forbidden modules it loaded."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(json.dumps(bad))\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_linter_contract_holds() -> None:
    exe = Path(sys.executable).parent / ("lint-imports.exe" if os.name == "nt" else "lint-imports")
    if not exe.exists():
        pytest.fail(f"lint-imports not found next to {sys.executable}; install the test extras")
    result = subprocess.run(
        [str(exe), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    counts = re.search(r"Contracts: (\d+) kept, (\d+) broken", output)
    assert counts is not None, output
    assert int(counts.group(1)) >= 1 and counts.group(2) == "0", output


def test_contract_is_declared_in_pyproject() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    forbidden = [c for c in contracts if c["type"] == "forbidden"]
    assert any(
        c["source_modules"] == ["mediation_desk"]
        and {"PySide6", "shiboken6", "ui"} <= set(c["forbidden_modules"])
        for c in forbidden
    ), contracts


def test_intake_service_does_not_load_qt() -> None:
    assert _loaded(["mediation_desk.services.intake"]) == []


def test_no_core_module_loads_qt() -> None:
    import pkgutil

    import mediation_desk

    names = ["mediation_desk"] + [
        m.name
        for m in pkgutil.walk_packages(mediation_desk.__path__, "mediation_desk.")
        # migration scripts run inside Alembic only
        if not m.name.startswith("mediation_desk.migrations")
    ]
    assert "mediation_desk.services.search" in names
    assert _loaded(names) == []
