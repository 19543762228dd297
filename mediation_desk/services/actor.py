"""Who is acting: passed to every service that changes something."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    operator_id: int
    name: str
