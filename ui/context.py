"""What every screen needs, passed explicitly (no global main-window object)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mediation_desk.settings import AppSettings

    from .operations import Operations


@dataclass
class AppContext:
    """The settings and the one way to the core (``ops``: run actions, read, hear changes)."""

    settings: AppSettings
    ops: Operations
