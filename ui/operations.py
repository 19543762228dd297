"""The one way a screen calls the core (like Anki's ``CollectionOp``).

``ops.run(parent, lambda uow: service(uow, ...), on_success=...)`` runs the call in its own
unit of work on a worker thread, so the window keeps painting while the database works or
waits for another counter's lock. Success, failure and progress are handled here, once:

- the change record the core returns is fanned out to every view by ``changed``, with the
  initiator; each view decides whether to refresh;
- a ``DeskError`` (Chinese, says what to do) is shown in one message box unless the screen
  handles it (``on_failure`` returning True: e.g. messages beside form fields); anything else
  is a bug: logged with its traceback, and shown as one Chinese message with the details to
  copy;
- while it runs longer than a moment the status bar says so ("正在保存…", or that it waits for
  another counter); long work shows a progress dialog that can cancel it.

``ops.read(fn)`` runs a quick read on the GUI thread, for what a screen must show at once (a
read never waits on another counter's lock: SQLite's WAL and PostgreSQL's MVCC let it pass).

The worker never touches a widget: it reports through queued signals. Tests pass an
``InlineExecutor`` so background work completes before ``run`` returns.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from mediation_desk.db.unit_of_work import Outcome, UnitOfWork, perform
from mediation_desk.errors import Cancelled, DeskError
from mediation_desk.progress import Progress

if TYPE_CHECKING:
    from mediation_desk.db.database import Database
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.clock import Clock

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Below this, an action needs no sign that it runs (it feels instant).
BUSY_DELAY_MS = 300


class Executor(Protocol):
    def start(self, job: Callable[[], None]) -> None: ...

    def wait(self) -> None: ...


class ThreadExecutor:
    """One worker thread: this window's actions reach the database one after another."""

    def __init__(self, parent: QObject) -> None:
        self.pool = QThreadPool(parent)
        self.pool.setMaxThreadCount(1)

    def start(self, job: Callable[[], None]) -> None:
        self.pool.start(_Job(job))

    def wait(self) -> None:
        self.pool.waitForDone()


class InlineExecutor:
    """Runs each job at once on the calling thread (tests)."""

    def start(self, job: Callable[[], None]) -> None:
        job()

    def wait(self) -> None:
        pass


class _Job(QRunnable):
    def __init__(self, job: Callable[[], None]) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job()


class _Relay(QObject):
    """Carries one operation's news from the worker thread to the GUI thread."""

    finished = Signal(object)  # Outcome
    failed = Signal(object)  # BaseException
    progressed = Signal(int, int)
    waiting = Signal(str)


class Operation(QObject):
    """One running action; ``cancel()`` asks long work to stop."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None,
        fn: Callable[[UnitOfWork], Any],
        *,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[DeskError], bool] | None,
        on_finished: Callable[[], None] | None,
        title: str,
        busy: str,
        progress_label: str | None,
        initiator: QObject | None,
        disable: Sequence[QWidget],
    ) -> None:
        # No Qt parent: ``Operations.running`` owns it, and drops it (on the GUI thread) once
        # it has finished. (Deleting it from C++ while its slots' closures still reference
        # its wrapper crashes PySide when a worker thread runs Python at the same time.)
        super().__init__()
        self.ops, self.parent_widget, self.fn = ops, parent, fn
        self.on_success, self.on_failure = on_success, on_failure
        self.on_finished = on_finished
        self.title, self.busy_text, self.initiator = title, busy, initiator
        self.disabled = [w for w in disable if w.isEnabled()]
        # Auto connections: queued when the worker thread emits, direct when an inline
        # executor runs the job on the GUI thread (tests: done before ``run`` returns).
        self.relay = _Relay()
        self.relay.finished.connect(self._on_finished)
        self.relay.failed.connect(self._on_failed)
        self.relay.progressed.connect(self._on_progressed)
        self.relay.waiting.connect(self._on_waiting)
        self.progress = Progress(
            on_report=self.relay.progressed.emit, on_waiting=self.relay.waiting.emit
        )
        self.dialog: QProgressDialog | None = None
        if progress_label is not None:
            self.dialog = QProgressDialog(progress_label, self.tr("取消"), 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(BUSY_DELAY_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._on_busy_timer_timeout)
        self.done = False

    def start(self) -> None:
        for widget in self.disabled:
            widget.setEnabled(False)
        self._busy_timer.start(BUSY_DELAY_MS)
        ops, fn, progress, relay = self.ops, self.fn, self.progress, self.relay
        db, actor, clock = ops.db, ops.actor, ops.clock

        def job() -> None:  # on the worker thread: no widget here
            try:
                outcome = perform(db, fn, actor=actor, clock=clock, progress=progress)
            except BaseException as error:  # delivered to the GUI thread and handled there
                relay.failed.emit(error)
            else:
                relay.finished.emit(outcome)

        ops.executor.start(job)

    @Slot()
    def _on_busy_timer_timeout(self) -> None:
        self.ops.busy.emit(self.busy_text)

    @Slot()
    def cancel(self) -> None:
        self.progress.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("正在取消…"))

    def _end(self) -> None:
        self.done = True
        self._busy_timer.stop()
        self.ops.busy.emit("")
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        for widget in self.disabled:
            widget.setEnabled(True)
        self.ops._finished(self)
        if self.on_finished is not None:
            self.on_finished()

    @Slot(object)
    def _on_finished(self, outcome: Outcome[Any]) -> None:
        self._end()
        if outcome.changes:
            self.ops.changed.emit(outcome.changes, self.initiator)
        if self.on_success is not None:
            self.on_success(outcome.value)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._end()
        if isinstance(error, Cancelled):
            self.ops.notice.emit(error.message)
            return
        if isinstance(error, DeskError):
            if self.on_failure is not None and self.on_failure(error):
                return
            self.ops.show_error(self.parent_widget, self.title, error.message)
            return
        self.ops.report_bug(self.parent_widget, error)

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        if self.dialog is not None and not self.done:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)

    @Slot(str)
    def _on_waiting(self, what: str) -> None:
        if not self.done:
            self.busy_text = what or self.busy_text
            if not self._busy_timer.isActive():
                self.ops.busy.emit(self.busy_text)


class Operations(QObject):
    """Runs the screens' core calls; owns the database handle and fans out what changed."""

    #: What an action changed (``Changes``), and the object that started it (or None).
    changed = Signal(object, object)
    #: What runs now, for the status bar ('' when idle).
    busy = Signal(str)
    #: A short note for the status bar (e.g. "已取消").
    notice = Signal(str)
    #: The signed-in account changed (the new ``Actor``, or None when signed out): screens
    #: re-check what its roles may do.
    actor_changed = Signal(object)

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        actor: Actor | None = None,
        executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.clock, self.actor = db, clock, actor
        self.executor: Executor = executor or ThreadExecutor(self)
        self.running: list[Operation] = []
        #: Shows a message to the user; tests replace it to see what would be shown.
        self.show_error: Callable[[QWidget | None, str, str], None] = _message_box
        self.report_bug: Callable[[QWidget | None, BaseException], None] = _report_bug

    def run(
        self,
        parent: QWidget | None,
        fn: Callable[[UnitOfWork], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[DeskError], bool] | None = None,
        on_finished: Callable[[], None] | None = None,
        title: str = "",
        busy: str = "",
        progress: str | None = None,
        initiator: QObject | None = None,
        disable: Sequence[QWidget] = (),
    ) -> Operation:
        """Run ``fn`` in its own unit of work in the background.

        ``on_failure`` returns True when it has shown the error itself; ``on_finished`` runs
        first whatever the outcome (success, refusal, bug or cancel). ``progress`` (a label)
        shows a cancellable progress dialog. ``disable`` widgets are disabled while it runs
        (no double saves). ``initiator`` (default ``parent``) is passed with the changes.
        """
        op = Operation(
            self,
            parent,
            fn,
            on_success=on_success,
            on_failure=on_failure,
            on_finished=on_finished,
            title=title or self.tr("无法完成操作"),
            busy=busy or self.tr("正在处理…"),
            progress_label=progress,
            initiator=initiator if initiator is not None else parent,
            disable=disable,
        )
        self.running.append(op)
        op.start()
        return op

    def set_actor(self, actor: Actor | None) -> None:
        """Act as ``actor`` from now on (after sign-in, switch, unlock or sign-out)."""
        self.actor = actor
        self.actor_changed.emit(actor)

    def read(self, fn: Callable[[UnitOfWork], T]) -> T:
        """A quick read on the GUI thread, for what a screen shows at once. A change attempted
        here is refused and rolled back: changes go through ``run``."""
        with UnitOfWork(self.db, actor=self.actor, clock=self.clock) as uow:
            value = fn(uow)
            if uow.writing:
                raise RuntimeError("ops.read is for reads; run a change with ops.run")
        return value

    def today(self) -> dt.date:
        return self.clock().date()

    def wait(self) -> None:
        """Block until every action has finished (at shutdown)."""
        self.executor.wait()
        QApplication.processEvents()

    def _finished(self, op: Operation) -> None:
        if op in self.running:
            self.running.remove(op)


def _message_box(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def _report_bug(parent: QWidget | None, error: BaseException) -> None:
    from .errors_dialog import show_unexpected_error

    show_unexpected_error(parent, error)
