"""Who is acting: every change is recorded under the acting operator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    operator_id: int
    name: str
