"""The one way a service states what it needs: ``@requires(Permission.X)``.

The check runs before the service's body, against the account acting in the unit of work
(``UnitOfWork.require``); a refusal is a ``PermissionDenied`` in Chinese and nothing is done.
Every decorated service is listed in ``GUARDED``, which the permission-matrix test runs for
every role; with ``UnitOfWork.strict_permissions`` (on in the tests) a write that no check came
before fails loudly, so a new service cannot forget its check unnoticed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from ..db.unit_of_work import UnitOfWork
from ..domain.roles import Permission

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Guarded:
    name: str  # "module.function"
    permission: Permission
    call: Callable[..., object]


GUARDED: dict[str, Guarded] = {}


def requires(
    permission: Permission,
) -> Callable[[Callable[Concatenate[UnitOfWork, P], T]], Callable[Concatenate[UnitOfWork, P], T]]:
    def decorate(
        fn: Callable[Concatenate[UnitOfWork, P], T],
    ) -> Callable[Concatenate[UnitOfWork, P], T]:
        @functools.wraps(fn)
        def checked(uow: UnitOfWork, /, *args: P.args, **kwargs: P.kwargs) -> T:
            uow.require(permission)
            return fn(uow, *args, **kwargs)

        name = f"{fn.__module__}.{fn.__qualname__}"
        GUARDED[name] = Guarded(name, permission, checked)
        checked.permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate
