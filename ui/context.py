"""What every view needs, passed explicitly (no global main-window object)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the core's storage modules import SQLAlchemy: keep them off the start-up path
    from mediation_desk.db.database import Database
    from mediation_desk.services.actor import Actor
    from mediation_desk.settings import AppSettings


class Changes(QObject):
    """One fan-out point for what a service changed; each view decides whether to refresh."""

    case_saved = Signal(int)  # case id, after a registration or an update
    reference_changed = Signal()  # units, mediators or operators
    operator_changed = Signal()


@dataclass
class AppContext:
    settings: AppSettings
    db: Database
    actor: Actor | None = None
    changes: Changes = field(default_factory=Changes)

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no operator chosen")
        return self.actor
