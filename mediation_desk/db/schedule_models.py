"""Tables of rooms, mediator availability and mediation sessions."""

from __future__ import annotations
