"""The CUPS client library (libcups) through ctypes: a printer's state, and sending it a file.

libcups is what Qt's own CUPS support links, so it is there wherever Qt lists CUPS printers
(Linux, macOS). On Windows, or without libcups, every function answers "no CUPS" (None).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# ipp_status_t values the app explains to the user (cups/ipp.h).
NOT_ACCEPTING_JOBS = 0x0506
NOT_FOUND = 0x0406


class _Option(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class _Dest(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("instance", ctypes.c_char_p),
        ("is_default", ctypes.c_int),
        ("num_options", ctypes.c_int),
        ("options", ctypes.POINTER(_Option)),
    ]


class CupsRefused(Exception):
    """CUPS did not take the job. ``status`` is the IPP status; the text is CUPS' own (English,
    for the log only)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"IPP status 0x{status:04x}: {text}")
        self.status = status


@functools.cache
def _library() -> ctypes.CDLL | None:
    if sys.platform == "win32":
        return None
    name = ctypes.util.find_library("cups")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.cupsGetNamedDest.restype = ctypes.POINTER(_Dest)
    lib.cupsGetNamedDest.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.cupsFreeDests.restype = None
    lib.cupsFreeDests.argtypes = [ctypes.c_int, ctypes.POINTER(_Dest)]
    lib.cupsPrintFile.restype = ctypes.c_int
    lib.cupsPrintFile.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(_Option),
    ]
    lib.cupsLastError.restype = ctypes.c_int
    lib.cupsLastError.argtypes = []
    lib.cupsLastErrorString.restype = ctypes.c_char_p
    lib.cupsLastErrorString.argtypes = []
    return lib


def _queue(printer: str) -> tuple[bytes, bytes | None]:
    """Qt names a CUPS instance "queue/instance"; CUPS takes the queue and the instance apart."""
    queue, _slash, instance = printer.partition("/")
    return queue.encode(), instance.encode() if instance else None


def printer_status(printer: str) -> dict[str, str] | None:
    """The queue's attributes as CUPS reports them (``printer-state``: 3 idle, 4 printing,
    5 stopped; ``printer-state-reasons``; ``printer-is-accepting-jobs``), or None when there is
    no CUPS or no such queue."""
    lib = _library()
    if lib is None:
        return None
    queue, instance = _queue(printer)
    dest = lib.cupsGetNamedDest(None, queue, instance)
    if not dest:
        return None
    try:
        d = dest.contents
        pairs = (
            (d.options[i].name or b"", d.options[i].value or b"") for i in range(d.num_options)
        )
        return {n.decode(errors="replace"): v.decode(errors="replace") for n, v in pairs}
    finally:
        lib.cupsFreeDests(1, dest)


def print_file(printer: str, path: Path, title: str, options: Sequence[tuple[str, str]]) -> int:
    """Send a file to the queue with these job options; the job's id. Raises CupsRefused."""
    lib = _library()
    if lib is None:
        raise CupsRefused(0, "no libcups")
    queue, _instance = _queue(printer)
    array = (_Option * max(len(options), 1))(
        *(_Option(name.encode(), value.encode()) for name, value in options)
    )
    job = lib.cupsPrintFile(queue, os.fsencode(path), title.encode(), len(options), array)
    if job <= 0:
        text = lib.cupsLastErrorString() or b""
        raise CupsRefused(lib.cupsLastError(), text.decode(errors="replace"))
    return int(job)
