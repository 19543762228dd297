"""What the acting account may see: a screen shows only what its roles may do.

The core refuses what a role may not do (``services.permissions.requires``); the screens hide
it beforehand, so nobody meets a button that can only be refused. The decision is read from
``ctx.ops.actor`` only — never from a widget — and a decorated service's own ``.permission``
is preferred over repeating the enum, so a screen and the core cannot disagree.

``RoleGate`` keeps a screen's buttons, actions and pages in step: it applies its rules when
they are added and again whenever ``ops.actor_changed`` says another account acts now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mediation_desk.domain.roles import Permission, Role

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor

    from .context import AppContext

#: What a rule is given: a permission, a service decorated with ``@requires`` (its
#: ``.permission``), or a test of the acting account.
Need = Permission | Callable[..., object]
Target = TypeVar("Target", QWidget, QAction)


def permission_of(fn: Callable[..., object]) -> Permission | None:
    """The permission a ``@requires``-decorated service checks (None when it checks none)."""
    permission = getattr(fn, "permission", None)
    return permission if isinstance(permission, Permission) else None


def guarded(fn: Callable[..., object], fallback: Permission) -> Permission:
    """The service's own permission when it is decorated, else ``fallback`` (the contract's
    map): a screen follows the core when a service's check moves."""
    return permission_of(fn) or fallback


def actor_may(actor: Actor | None, permission: Permission) -> bool:
    """Nobody signed in may do nothing."""
    return actor is not None and actor.can(permission)


def allowed(ctx: AppContext, permission: Permission | Callable[..., object]) -> bool:
    """May the acting account do ``permission`` (or call this decorated service)?"""
    needed = permission if isinstance(permission, Permission) else permission_of(permission)
    if needed is None:
        return ctx.ops.actor is not None  # an unguarded service: any signed-in account
    return actor_may(ctx.ops.actor, needed)


def may_see_full_ids(actor: Actor | None, case_mediator_id: int | None) -> bool:
    """The full ID number: every case with VIEW_ALL_IDS; with VIEW_OWN_IDS only the cases
    whose mediator is the account's own mediator."""
    if actor is None:
        return False
    if actor.can(Permission.VIEW_ALL_IDS):
        return True
    return (
        actor.can(Permission.VIEW_OWN_IDS)
        and actor.mediator_id is not None
        and case_mediator_id == actor.mediator_id
    )


def _rule(need: Need) -> Callable[[Actor | None], bool]:
    if isinstance(need, Permission):
        return lambda actor: actor_may(actor, need)
    permission = permission_of(need)
    if permission is not None:
        return lambda actor: actor_may(actor, permission)
    return need  # type: ignore[return-value]  # a test of the actor


class RoleGate(QObject):
    """Shows each registered button, action or page only while the acting account may use it.

    A page the account may not use is hidden, not shown disabled. The gate lives as long as
    its parent widget and follows ``ops.actor_changed``."""

    def __init__(self, ctx: AppContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._rules: list[tuple[QWidget | QAction, Callable[[Actor | None], bool]]] = []
        ctx.ops.actor_changed.connect(self.apply)

    def require(self, target: Target, need: Need) -> Target:
        """Show ``target`` only when the account holds ``need`` (a permission, a decorated
        service, or a test ``actor -> bool``); applied at once."""
        rule = _rule(need)
        self._rules.append((target, rule))
        target.setVisible(rule(self.ctx.ops.actor))
        return target

    def forget(self, target: QWidget | QAction) -> None:
        """Stop following ``target`` (it is about to be deleted)."""
        self._rules = [(t, r) for t, r in self._rules if t is not target]

    @Slot()
    @Slot(object)
    def apply(self, _actor: object = None) -> None:
        actor = self.ctx.ops.actor
        for target, rule in self._rules:
            target.setVisible(rule(actor))


#: The main window's pages (and the actions opening them) by what they need; a page not named
#: here (今日待办, 案件查询) is for every signed-in account.
PAGE_PERMISSIONS: dict[str, Permission] = {
    "intake": Permission.REGISTER,
    "day_board": Permission.SCHEDULE,
    "week": Permission.SCHEDULE,
    "ducha": Permission.SUPERVISE,
    "dashboard": Permission.STATISTICS,
    "statistics": Permission.STATISTICS,
    "setup": Permission.SETTINGS,
    "audit": Permission.AUDIT,
    "accounts": Permission.ACCOUNTS,
    "backup": Permission.BACKUP,
}


def page_allowed(actor: Actor | None, key: str) -> bool:
    needed = PAGE_PERMISSIONS.get(key)
    return actor is not None if needed is None else actor_may(actor, needed)


#: Roles whose day is working cases: they open on 今日待办 (sessions, limits, 督办 to answer).
_CASE_WORK_ROLES = frozenset({Role.MEDIATOR, Role.DIRECTOR})


def opening_page(actor: Actor) -> str:
    """The page a sign-in opens on: the intake form for a counter clerk (the queue is waiting;
    focus in its first field), the day's to-do list for anyone who works cases or runs the
    centre, and for an administrator without either."""
    if Role.CLERK in actor.roles and not (actor.roles & _CASE_WORK_ROLES):
        return "intake"
    return "today"
