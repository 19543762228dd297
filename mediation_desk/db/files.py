"""Files and folders the app creates: readable by their owner only (0600 / 0700 on POSIX; on
Windows the data folder is in the per-user profile, which only its user may read), and written
under a temporary name then renamed, so that a reader never sees half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .storage_errors import translate_os_error

if TYPE_CHECKING:
    from .unit_of_work import UnitOfWork

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) readable by the user only; tighten an older one."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if os.name == "posix":
        os.chmod(path, DIR_MODE)
    return path


def make_private(path: Path) -> None:
    """Tighten an existing file's rights (a copy, or a file from an older version)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, FILE_MODE)


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[BinaryIO]:
    """A new file, 0600 from its creation (no moment where others could open it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        yield f


def write_atomic(path: Path, data: bytes, *, what: str) -> None:
    """Write ``data`` to ``path`` through a unique temporary file and ``os.replace``."""
    write_all_atomic([(path, data)], what=what)


def _stage(path: Path) -> tuple[int, Path]:
    """A new empty file beside ``path`` (0600, a unique ``.part`` name), open for writing."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    if os.name == "posix":
        os.fchmod(fd, FILE_MODE)
    return fd, Path(tmp_name)


def staged_file(path: Path) -> Path:
    """``_stage``'s file, closed: for a writer that opens it by name."""
    fd, tmp = _stage(path)
    os.close(fd)
    return tmp


def place_on_commit(uow: UnitOfWork, tmp: Path, path: Path, *, what: str) -> None:
    """Rename the staged ``tmp`` to ``path`` once the action is committed (its history entry
    naming the file is kept), delete it if the action is not: a failed write leaves no
    history entry, a failed commit leaves no file."""

    def place() -> None:
        try:
            os.replace(tmp, path)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise translate_os_error(error, what=what) from None

    uow.on_commit(place, undo=lambda: tmp.unlink(missing_ok=True))


def write_on_commit(uow: UnitOfWork, path: Path, data: bytes, *, what: str) -> None:
    """``data`` written now under a temporary name beside ``path`` (a full disk is told in
    Chinese at once), renamed into place when the action commits (``place_on_commit``)."""
    tmp: Path | None = None
    try:
        fd, tmp = _stage(path)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as error:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise translate_os_error(error, what=what) from None
    place_on_commit(uow, tmp, path, what=what)


def write_all_atomic(files: Sequence[tuple[Path, bytes]], *, what: str) -> None:
    """Write every file to a unique temporary name first, then rename them all into place.

    On any failure (full disk, read-only media) every temporary file is removed, so no
    ``.part`` stays behind, and a Chinese ``StorageError`` says what could not be saved
    (``what``, e.g. "文书").
    """
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for path, data in files:
            fd, tmp = _stage(path)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
            placed.append(path)
    except OSError as error:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        for path in placed:  # the action is rolled back: no row will name these files
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        raise translate_os_error(error, what=what) from None


def private_dir_for(path: Path, *, what: str) -> Path:
    """``private_dir``, with a failure told in Chinese."""
    try:
        return private_dir(path)
    except OSError as error:
        raise translate_os_error(error, what=what) from None
