"""The parsed-font cache: the same face as a fresh parse, private, and ignored when damaged."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mediation_desk.documents import font_cache
from mediation_desk.documents.font_cache import load_ttfont


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(font_cache.ENV_CACHE_DIR, str(tmp_path))
    return tmp_path / "fonts"


def test_a_cached_face_is_the_parsed_face(cache, fonts) -> None:  # type: ignore[no-untyped-def]
    body = fonts.body
    parsed = load_ttfont("T-parsed", body.path, body.subfont_index)
    entries = list(cache.glob("*.pickle"))
    assert len(entries) == 1
    assert stat.S_IMODE(entries[0].stat().st_mode) == 0o600  # the user's only
    cached = load_ttfont("T-cached", body.path, body.subfont_index)
    assert cached.face is not parsed.face and cached.fontName == "T-cached"
    assert cached.face.charToGlyph == parsed.face.charToGlyph
    assert cached.face.charWidths == parsed.face.charWidths
    assert cached.face._pdfScale(2048) == parsed.face._pdfScale(2048)
    text = "调解协议书（¥35,600.00）"
    assert cached.stringWidth(text, 16) == parsed.stringWidth(text, 16)
    # a subset made from the cached face embeds the same glyphs
    subset = [ord(c) for c in "调解协议"]
    assert cached.face.makeSubset(subset) == parsed.face.makeSubset(subset)


def test_a_damaged_cache_is_parsed_again_and_rewritten(cache, fonts) -> None:  # type: ignore[no-untyped-def]
    body = fonts.body
    load_ttfont("T-first", body.path, body.subfont_index)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    font = load_ttfont("T-again", body.path, body.subfont_index)
    assert ord("调") in font.face.charToGlyph
    assert entry.read_bytes() != b"not a pickle"
