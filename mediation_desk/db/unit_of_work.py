"""A unit of work: one user action against the database.

It holds one SQLAlchemy ``Session`` (used on one thread only), the acting operator, the clock,
the job's progress, and the record of what the action changed. Services take it as their
first argument; the window's operation helper (and the tests) open one per action::

    outcome = perform(db, lambda uow: save_agreement(uow, case_id=1, draft=draft), actor=actor)
    outcome.value, outcome.changes

Reads run in a read transaction; ``write()`` begins the write transaction (on SQLite
``BEGIN IMMEDIATE``, which queues behind another writer for at most the lock timeout). A
write transaction is committed when the unit of work ends without an error and rolled back
otherwise, so an action is kept whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..domain.actor import Actor
from ..domain.changes import ChangeRecorder, Changes
from ..domain.clock import Clock, system_clock
from ..domain.roles import Permission, refusal, roles_from_str
from ..errors import DeskError, PermissionDenied
from ..progress import Progress
from .audit_models import append_history_rows
from .database import WRITE_OPTION, Database
from .models import Operator

T = TypeVar("T")

WAITING_FOR_LOCK = "正在等待其他柜台完成保存…"
ACCOUNT_STOPPED = "当前账户已停用或已不存在，请重新登录"


class UnitOfWork:
    def __init__(
        self,
        db: Database,
        *,
        actor: Actor | None = None,
        clock: Clock = system_clock,
        progress: Progress | None = None,
        rehearsal: bool = False,
    ) -> None:
        self.db = db
        self.rehearsal = rehearsal  # ``rehearse``: everything a commit writes, then rolled back
        self.clock = clock
        self.progress = progress or Progress()
        self.recorder = ChangeRecorder()
        self._actor = actor
        self._session: Session | None = None
        self._writing = False
        self._history: list[dict[str, Any]] = []
        self._permitted = False
        self._system = False
        self._stored: Actor | None = None  # the acting account as stored now (``account``)
        self._settle: list[tuple[Callable[[], None], Callable[[], None]]] = []

    #: Tests set this: a write that no permission check (or system pass) came before is a bug.
    strict_permissions = False

    # --- who and when ---------------------------------------------------------------------

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            raise DeskError("请先选择操作员。")
        return self._actor

    def act_as(self, actor: Actor) -> None:
        """Act as ``actor`` from now on: for the first start and the demo, which create the
        operator they then act as."""
        self._actor = actor
        self._stored = None

    def account(self, permission: object = None) -> Actor:
        """The acting account as stored now (roles, mediator), read once per unit of work.

        The window's ``Actor`` is what the account was at sign-in; an administrator may since
        have stopped the account or changed its roles at another counter, so permission checks
        go by the row, not by the copy. A stopped (or missing, or reserved) account is refused.
        """
        if self._stored is None:
            actor = self.actor
            row = (
                self.read()
                .execute(
                    select(
                        Operator.active, Operator.roles, Operator.mediator_id, Operator.is_system
                    ).where(Operator.id == actor.operator_id)
                )
                .first()
            )
            if row is None or not row.active or row.is_system:
                raise PermissionDenied(ACCOUNT_STOPPED, permission)
            self._stored = Actor(
                actor.operator_id, actor.name, roles_from_str(row.roles), row.mediator_id
            )
        return self._stored

    def require(self, permission: Permission) -> None:
        """Refuse, in Chinese, unless the acting account's roles, as stored now, grant
        ``permission``. Under a system pass (``as_system``) every check passes: the demo's
        load runs the services."""
        if self._system:
            return
        why = refusal(self.account(permission).roles, permission)
        if why is not None:
            raise PermissionDenied(why, permission)
        self._permitted = True

    def as_system(self) -> None:
        """Work no account asked for (start-up upkeep, the first account, the demo's load):
        writes pass without a permission check."""
        self._system = True
        self._permitted = True

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        return self.clock().date()

    @property
    def changes(self) -> Changes:
        return self.recorder.changes()

    # --- transactions -----------------------------------------------------------------------

    def read(self) -> Session:
        """The session, for queries (a read transaction begins with the first one)."""
        if self._session is None:
            self._session = Session(self.db.engine, expire_on_commit=False, autoflush=True)
        return self._session

    def write(self) -> Session:
        """The session inside the write transaction, begun here if need be.

        Call it before the reads a change depends on: a read transaction already open is ended
        first (SQLite cannot turn a reader into a writer without risking a refusal).
        """
        session = self.read()
        if self._writing:
            return session
        if self.strict_permissions and not self._permitted:
            raise RuntimeError("a write began before any permission check (services.permissions)")
        self.db.check_writable()
        if session.in_transaction():
            session.rollback()
        self.progress.waiting(WAITING_FOR_LOCK)
        try:
            session.connection(execution_options={WRITE_OPTION: True})
        except DBAPIError as error:
            raise self.db.translate(error) from None
        finally:
            self.progress.waiting("")
        self._writing = True
        return session

    @property
    def writing(self) -> bool:
        return self._writing

    def append_history(self, entry: dict[str, Any]) -> None:
        """Queue one history row; the rows are inserted together just before the commit."""
        if not self._writing:
            raise RuntimeError("history is written inside the write transaction")
        self._history.append(entry)

    def on_commit(self, done: Callable[[], None], *, undo: Callable[[], None]) -> None:
        """Call ``done`` once the write transaction is committed, ``undo`` if it is not: a file
        staged under a temporary name is renamed into place only after the history entry that
        names it is kept (``db.files.place_on_commit``)."""
        self._settle.append((done, undo))

    def _settled(self, committed: bool) -> None:
        """Run what waited for the transaction's end; the first failure is raised after all
        have run."""
        settle, self._settle = self._settle, []
        failure: BaseException | None = None
        for done, undo in settle:
            try:
                (done if committed else undo)()
            except Exception as error:
                failure = failure or error
        if failure is not None:
            raise failure

    def _commit(self, session: Session) -> None:
        touched = self.recorder.take_cases()
        if touched:  # the statistics' rows of every case the action changed (db/case_stats.py)
            from .case_stats import refresh_case_stats

            refresh_case_stats(session, touched)
        if self._history:
            append_history_rows(session, self._history)  # chained, one executemany
            self._history = []
        if self.rehearsal:
            session.flush()
            session.rollback()
            self._settled(committed=False)
            return
        session.commit()
        self._settled(committed=True)

    def commit(self) -> None:
        """Keep what was written so far (for bulk jobs that work in batches)."""
        if self._session is not None and self._writing:
            try:
                self._commit(self._session)
            except DBAPIError as error:
                raise self.db.translate(error) from None
        self._writing = False

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        try:
            if session is not None and exc is None and self._writing:
                self._commit(session)
        except DBAPIError as error:
            raise self.db.translate(error) from None
        finally:
            self._writing = False
            if session is not None:
                session.close()  # rolls back whatever was not committed
            self._settled(committed=False)  # what is still waiting was not committed
        if isinstance(exc, DBAPIError):
            raise self.db.translate(exc) from None


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What an action returned, and what it changed."""

    value: T
    changes: Changes


def perform(
    db: Database,
    action: Callable[[UnitOfWork], T],
    *,
    actor: Actor | None = None,
    clock: Clock = system_clock,
    progress: Progress | None = None,
) -> Outcome[T]:
    """Run ``action`` in its own unit of work; committed as a whole, or not at all."""
    with UnitOfWork(db, actor=actor, clock=clock, progress=progress) as uow:
        value = action(uow)
    return Outcome(value, uow.changes)


def rehearse(
    db: Database,
    action: Callable[[UnitOfWork], object],
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> None:
    """Run ``action`` and what its commit would write (the statistics rows, the history), then
    roll all of it back: nothing is kept and no change is reported. The warm-up
    (``services.warm_up``) rehearses a save, so that the clerk's first one finds its statements
    compiled and its pages read."""
    with UnitOfWork(db, actor=actor, clock=clock, rehearsal=True) as uow:
        action(uow)
