"""Who is acting: every change is recorded under the signed-in account, and checked against
its roles."""

from __future__ import annotations

from dataclasses import dataclass

from .roles import Permission, Role, permissions_of


@dataclass(frozen=True, slots=True)
class Actor:
    operator_id: int
    name: str
    roles: frozenset[Role] = frozenset()
    mediator_id: int | None = None  # the mediator this account is, for "own cases"

    def can(self, permission: Permission) -> bool:
        return permission in permissions_of(self.roles)
