"""packaging/linux: install.sh for the user, an upgrade over it, uninstall.sh (no chroot: the
full run on a clean root is packaging/smoke-test.sh)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a POSIX shell script")


def _package(root: Path, marker: str) -> Path:
    """A package folder as build-bundle.sh lays it out, with a stand-in bundle."""
    pkg = root / f"MediationDesk-{marker}"
    app = pkg / "MediationDesk"
    (app / "_internal" / "resources" / "icons").mkdir(parents=True)
    (app / "_internal" / "resources" / "icons" / "mediation-desk.png").write_bytes(b"png")
    exe = app / "MediationDesk"
    exe.write_text(f"#!/bin/sh\necho {marker}\n", encoding="utf-8")
    exe.chmod(0o755)
    for name in ("install.sh", "uninstall.sh", "mediation-desk.desktop"):
        (pkg / name).write_bytes((LINUX / name).read_bytes())
    return pkg


def _sh(script: Path, home: Path, *args: str) -> str:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    done = subprocess.run(
        ["sh", str(script), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_install_upgrade_and_uninstall_for_the_user(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    data = home / ".local" / "share" / "MediationDesk"
    data.mkdir(parents=True)
    (data / "mediation.db").write_bytes(b"the data")

    _sh(_package(tmp_path / "old", "old") / "install.sh", home)
    app = home / ".local" / "opt" / "MediationDesk"
    command = home / ".local" / "bin" / "mediation-desk"
    desktop = home / ".local" / "share" / "applications" / "mediation-desk.desktop"
    assert subprocess.run([command], capture_output=True, text=True).stdout == "old\n"
    entry = desktop.read_text(encoding="utf-8")
    assert "Name[zh_CN]=矛盾纠纷多元化解中心 · 一窗受理" in entry
    assert f'Exec="{app}/MediationDesk"' in entry
    assert f"Icon={app}/_internal/resources/icons/mediation-desk.png" in entry

    _sh(_package(tmp_path / "new", "new") / "install.sh", home)  # an upgrade in place
    assert subprocess.run([command], capture_output=True, text=True).stdout == "new\n"
    assert not (app.parent / "MediationDesk.old").exists()
    assert (data / "mediation.db").read_bytes() == b"the data"

    _sh(app / "uninstall.sh", home)
    assert not app.exists() and not desktop.exists() and not command.is_symlink()
    assert (data / "mediation.db").read_bytes() == b"the data"


def test_a_wrong_argument_is_refused_in_chinese(tmp_path: Path) -> None:
    pkg = _package(tmp_path, "x")
    done = subprocess.run(
        ["sh", str(pkg / "install.sh"), "--nope"],
        env={"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "无法识别的参数" in done.stderr
    assert not (tmp_path / ".local" / "opt" / "MediationDesk").exists()
