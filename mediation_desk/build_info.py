"""The app's version and build date, as ``--version``, the window's title and 关于 show them.

The bundle build (``packaging/pyinstaller/mediation_desk.spec``) writes ``build-info.json``
beside this module: the version and the day it was built. Run from a checkout there is no such
file: the version in the checkout's ``pyproject.toml`` (or, installed as a wheel, the package's
metadata), and "开发版本" instead of a date. Read at start-up for the window's title, so the cheap
sources come first (importlib.metadata alone takes 30 ms).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

#: Written by the bundle build, read here: {"version": "0.1.0", "built": "2026-12-03"}.
BUILD_INFO = Path(__file__).with_name("build-info.json")
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
PACKAGE = "mediation-desk"


@dataclass(frozen=True, slots=True)
class BuildInfo:
    version: str
    built: str  # ISO date of the bundle build; "" when not run from a bundle

    @property
    def text(self) -> str:
        """E.g. "0.1.0（2026-12-03 构建）" or "0.1.0（开发版本）"."""
        when = f"{self.built} 构建" if self.built else "开发版本"
        return f"{self.version}（{when}）"


def build_info(path: Path = BUILD_INFO) -> BuildInfo:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BuildInfo(str(data["version"]), str(data["built"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not a bundle (or a damaged file): the package's own version
    try:
        import tomllib

        project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
        if project.get("name") == PACKAGE:
            return BuildInfo(str(project["version"]), "")
    except (OSError, ValueError, KeyError):
        pass  # not a checkout
    from importlib.metadata import PackageNotFoundError, version

    try:
        return BuildInfo(version(PACKAGE), "")
    except PackageNotFoundError:
        return BuildInfo("?", "")
