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
from mediation_desk.domain.roles import ALL_ROLES, Role
from mediation_desk.services import accounts

T = TypeVar("T")

#: The name of the account ``every_role`` makes.
EVERY_ROLE_NAME = "测试全角色"


def every_role(db: Database) -> Actor:
    """An account holding every role, made on first use: for a guarded read in a test that has
    no seeded centre's actor (the audit viewer's rows, a demo centre's documents). Permission
    checks read the stored account, so it must be a real one."""
    found = perform(db, lambda uow: accounts.find_account(uow, EVERY_ROLE_NAME)).value
    return found or add_account(db, EVERY_ROLE_NAME, roles=ALL_ROLES)


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


def as_system(fn: Callable[..., T], /) -> Callable[..., T]:
    """``fn`` under a system pass (``UnitOfWork.as_system``): for arranging a test's data with
    services no account's permission is checked for (start-up, the first operator)."""

    def system(uow: UnitOfWork, /, *args: Any, **kwargs: Any) -> T:
        uow.as_system()
        return fn(uow, *args, **kwargs)

    return system


@contextmanager
def reading(db: Database) -> Iterator[Session]:
    """A session for checking what is stored (read-only)."""
    with UnitOfWork(db) as uow:
        yield uow.read()


@contextmanager
def writing(db: Database) -> Iterator[Session]:
    """A session whose changes are committed at the end (for arranging unusual data, under a
    system pass: no account's permission is in question)."""
    with UnitOfWork(db) as uow:
        uow.as_system()
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
        uow.as_system()
        uow.act_as(accounts.system_actor(uow))
        view = accounts.create_account(
            uow, name=name, password=password, roles=roles, mediator_id=mediator_id
        )
        if not must_change:
            accounts.set_password(uow, account_id=view.id, password=password, must_change=False)
        return accounts.actor_for(uow, view.id)

    return perform(db, action).value
