"""Calling the core from tests the way the window does: each call in its own unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from mediation_desk.db.database import Database
from mediation_desk.db.unit_of_work import UnitOfWork, perform
from mediation_desk.domain.actor import Actor
from mediation_desk.domain.clock import fixed_clock, system_clock
from mediation_desk.domain.roles import Role
from mediation_desk.services import accounts

T = TypeVar("T")


def run(
    db: Database,
    fn: Callable[..., T],
    /,
    *args: Any,
    actor: Actor | None = None,
    now: dt.datetime | None = None,
    **kwargs: Any,
) -> T:
    """``fn(uow, *args, **kwargs)`` in its own unit of work (committed, or rolled back on an
    error), acting as ``actor``, at ``now`` (the real time when None)."""
    clock = fixed_clock(now) if now is not None else system_clock

    def action(uow: UnitOfWork) -> T:
        return fn(uow, *args, **kwargs)

    return perform(db, action, actor=actor, clock=clock).value


@contextmanager
def reading(db: Database) -> Iterator[Session]:
    """A session for checking what is stored (read-only)."""
    with UnitOfWork(db) as uow:
        yield uow.read()


@contextmanager
def writing(db: Database) -> Iterator[Session]:
    """A session whose changes are committed at the end (for arranging unusual data)."""
    with UnitOfWork(db) as uow:
        yield uow.write()


def add_account(
    db: Database,
    name: str,
    *,
    roles: frozenset[Role] = frozenset({Role.CLERK}),
    password: str = "test-pass-1",
    mediator_id: int | None = None,
    must_change: bool = False,
) -> Actor:
    """A new active account made as an administrator makes one (``accounts.create_account``,
    recorded under the reserved "系统" row), returned as its actor."""

    def action(uow: UnitOfWork) -> Actor:
        system = accounts.system_actor(uow)
        uow.act_as(Actor(system.operator_id, system.name, frozenset({Role.ADMIN})))
        view = accounts.create_account(
            uow, name=name, password=password, roles=roles, mediator_id=mediator_id
        )
        if not must_change:
            accounts.set_password(uow, account_id=view.id, password=password, must_change=False)
        return accounts.actor_for(uow, view.id)

    return perform(db, action).value
