"""The history's hash chain: each row's hash covers its content and the previous row's hash,
so a row changed, removed or slipped in directly in the database breaks the chain there.

The serialisation is fixed forever (the migration backfilled existing rows with it): a JSON
array of id, time (ISO, microseconds), operator id, entity, entity id, case id, action,
summary, changes (the stored JSON text) and the previous hash, hashed with SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: The previous hash of the first row.
GENESIS = "0" * 64


#: The row's fields hashed, in this order, then the previous hash.
FIELDS = (
    "id",
    "at",
    "operator_id",
    "entity",
    "entity_id",
    "case_id",
    "action",
    "summary",
    "changes",
)


def canonical(row: Mapping[Any, Any], prev_hash: str) -> bytes:
    """The bytes hashed for one row (times as stored: naive, to the microsecond)."""
    values = [row[name] for name in FIELDS]
    at: dt.datetime = values[1]
    values[1] = at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    values.append(prev_hash)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(row: Mapping[Any, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the row's canonical bytes: ``row`` has the ``FIELDS`` keys."""
    return hashlib.sha256(canonical(row, prev_hash)).hexdigest()
