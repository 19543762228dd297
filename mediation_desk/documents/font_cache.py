"""reportlab's parsed font faces, kept on disk between runs.

reportlab parses a TrueType face's tables (cmap, metrics) in pure Python each time a process
registers it: about 75 ms for each CJK face on an office PC, paid before the first page of each
session and by each ``mediation-desk documents`` run. The parsed values are saved once per
font file (keyed by its path, size, modification time and the reportlab version) in the user's
cache folder, readable by the user only; the font bytes themselves stay in the font file, mapped
into memory.

A cache that cannot be read or written is ignored: the face is parsed as before.
"""

from __future__ import annotations

import functools
import hashlib
import io
import marshal
import mmap
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

ENV_CACHE_DIR = "MEDIATION_DESK_CACHE_DIR"
_FORMAT = 2
#: The big tables (cmap, widths, glyph positions): plain dicts and lists of numbers, which
#: ``marshal`` reads two to four times faster than ``pickle``.
_PLAIN = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")
#: Attributes not saved: the font file's bytes, a function, per-document state.
_FACE_SKIP = frozenset({"_ttf_data", "_pdfScale"})
_FONT_SKIP = frozenset({"face", "state", "fontName"})


def cache_dir() -> Path:
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("MediationDesk", appauthor=False)


def _entry(path: Path, index: int) -> Path:
    import reportlab

    st = path.stat()
    key = f"{_FORMAT}|{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}"
    return cache_dir() / "fonts" / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pickle")


def _scale(units_per_em: int) -> Any:
    """reportlab's glyph-unit → PDF-unit function (a lambda in the face, so not pickled)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000.0 / units_per_em
    return lambda x: x * factor


def load_ttfont(name: str, path: Path, index: int) -> TTFont:
    """The registered-to-be ``TTFont`` for face ``index`` of ``path``, from the cache when it
    holds it, else parsed (and saved for the next run)."""
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    try:
        entry = _entry(path, index)
        # Our own files, in the user's private cache. Read whole first: marshal reading from
        # a file object goes a few bytes at a time (300 ms for a CJK face).
        with io.BytesIO(entry.read_bytes()) as f:
            saved = pickle.load(f)
            tables = marshal.loads(f.read())
    except Exception:  # missing, damaged or from another version: parse the font instead
        saved = tables = None
    if isinstance(saved, dict) and {"face", "font"} <= saved.keys() and isinstance(tables, dict):
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(saved["face"])
        face.__dict__.update(tables)
        face._ttf_data = _mapped(path)  # type: ignore[attr-defined]
        face._pdfScale = _scale(face.unitsPerEm)  # type: ignore[attr-defined]
        font = TTFont.__new__(TTFont)
        font.__dict__.update(saved["font"])
        from weakref import WeakKeyDictionary

        font.fontName, font.face, font.state = name, face, WeakKeyDictionary()
        return _keep_tables(font)
    font = TTFont(name, str(path), subfontIndex=index)
    _save(font, path, index)
    return _keep_tables(font)


def _mapped(path: Path) -> mmap.mmap:
    """The font file, mapped rather than read: a subset touches only the glyphs it takes, so
    most of a 20 MB CJK file is never read or kept in memory."""
    with path.open("rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _keep_tables(font: TTFont) -> TTFont:
    """Each PDF's font subset reads the face's tables again: a fresh copy of the whole glyph
    table (megabytes for a CJK face) every time. The glyph table is read in place from the
    mapped (or read) file, glyph by glyph; the small tables are kept once read."""
    face: Any = font.face
    read = face.get_table
    small = functools.lru_cache(maxsize=None)(read)

    def get_table(tag: str) -> Any:
        if tag != "glyf":
            return small(tag)
        pos, length = face.get_table_pos(tag)
        return _Window(face._ttf_data, pos, length)

    face.get_table = get_table
    return font


class _Window:
    """A table read in place: slicing it reads those bytes of the file (reportlab's subsetter
    takes each glyph it needs as ``glyf[start:end]``)."""

    __slots__ = ("_data", "_length", "_start")

    def __init__(self, data: Any, start: int, length: int) -> None:
        self._data, self._start, self._length = data, start, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: slice) -> bytes:
        start, stop, step = index.indices(self._length)
        if step != 1:
            raise ValueError("only plain slices")
        return bytes(self._data[self._start + start : self._start + stop])


def _save(font: TTFont, path: Path, index: int) -> None:
    try:
        attrs = font.face.__dict__
        face = {k: v for k, v in attrs.items() if k not in _FACE_SKIP and k not in _PLAIN}
        own = {k: v for k, v in font.__dict__.items() if k not in _FONT_SKIP}
        data = pickle.dumps({"face": face, "font": own}, protocol=pickle.HIGHEST_PROTOCOL)
        data += marshal.dumps({k: attrs[k] for k in _PLAIN if k in attrs})
        entry = _entry(path, index)
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, entry)  # whole or absent, even if two processes race
    except (OSError, pickle.PickleError, TypeError, ValueError, AttributeError):
        return  # no cache: the next run parses the face again
