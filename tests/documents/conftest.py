from __future__ import annotations

import pytest

from mediation_desk.documents.fonts import FontUnavailable


@pytest.fixture(scope="session")
def fonts():  # type: ignore[no-untyped-def]
    from mediation_desk.documents.pdf_render import resolve_fonts

    try:
        return resolve_fonts()
    except FontUnavailable as exc:  # CI installs fonts-arphic-uming and fonts-wqy-zenhei
        pytest.fail(f"no CJK TrueType font installed: {exc}")
