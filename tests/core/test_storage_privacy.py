"""Database errors never carry the values that were being written (personal data)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from mediation_desk.db.models import Operator
from mediation_desk.errors import StorageError
from tests.desk import writing


def test_integrity_error_hides_parameters(db) -> None:  # type: ignore[no-untyped-def]
    secret = "王秘密"
    row = {"name": secret, "active": True, "created_at": dt.datetime(2026, 11, 21)}
    with writing(db) as s:
        s.execute(insert(Operator), row)
    with pytest.raises(StorageError) as caught, writing(db) as s:
        s.execute(insert(Operator), row)
    assert secret not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
