"""The app's log: in the data folder, readable by its user only, no ID number or phone in it."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator

import pytest

from mediation_desk.logs import configure_logging

ID_NUMBER, MOBILE, LANDLINE = "11010519491231002X", "13812345678", "0575-88123456"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_log_file_is_private_and_masks_personal_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = configure_logging(tmp_path)
    log = logging.getLogger("mediation_desk.test")
    log.warning("party %s, phones %s / %s", ID_NUMBER, MOBILE, LANDLINE)
    try:
        raise ValueError(f"bad value {ID_NUMBER}")
    except ValueError:
        log.exception("while saving")
    _flush()
    text = path.read_text(encoding="utf-8")
    for secret in (ID_NUMBER, MOBILE, "88123456"):
        assert secret not in text
    assert "110105********002X" in text and "138****5678" in text
    assert "Traceback" in text and "ValueError: bad value 110105********002X" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sqlalchemy_never_logs_statements_or_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)  # someone turned it up
    configure_logging(tmp_path, level=logging.DEBUG)
    assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("sqlalchemy.pool").getEffectiveLevel() == logging.WARNING
