"""scripts/bootstrap.sh waits for the package manager's lock (another install running) with a
Chinese/English progress line, and gives up after its timeout with a message of its own, not
apt's raw error (issue 13). The lock is a stand-in file held with the same fcntl lock dpkg uses.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bootstrap.sh"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a shell script for Debian/Ubuntu")


def _wait(lock: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        APT_LOCKS=f"{lock} {lock.parent / 'absent-lock'}",
        APT_LOCK_TIMEOUT=str(timeout),
        APT_LOCK_POLL="0.2",
    )
    return subprocess.run(
        ["bash", "-c", f'source "{SCRIPT}"; wait_for_package_lock'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_free_lock_is_passed_at_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock = tmp_path / "lock-frontend"
    lock.touch()
    done = _wait(lock, 5)
    assert done.returncode == 0 and done.stderr == ""


def test_it_waits_while_another_install_holds_the_lock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = lock.open("r+")
    fcntl.lockf(holder, fcntl.LOCK_EX)  # another install is running
    threading.Timer(2.5, holder.close).start()  # …and finishes
    started = time.monotonic()
    done = _wait(lock, 30)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started >= 2
    assert "另一个程序正在安装软件，等待其结束" in done.stderr
    assert "waiting for another package install to finish" in done.stderr
    assert "软件包管理器已空闲" in done.stderr


def test_it_gives_up_after_the_timeout_with_its_own_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock = tmp_path / "lock-frontend"
    lock.touch()
    with lock.open("r+") as holder:
        fcntl.lockf(holder, fcntl.LOCK_EX)
        done = _wait(lock, 2)
    assert done.returncode == 1
    assert "已等待" in done.stderr and "仍未结束" in done.stderr
    assert "Could not get lock" not in done.stderr  # not apt's raw error


def test_apt_itself_is_told_to_wait_too() -> None:
    text = SCRIPT.read_text("utf-8")
    assert '"DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT"' in text
    assert text.count('wait_for_package_lock "$sudo"') == 2  # before update, before install
