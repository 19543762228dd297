"""What the schedule-settings pages share (中心设置 › 调解室, › 调解员排班): a table of records
above, the chosen record's form below it, one line that says what happened; the page reads
again when what it shows changes, anywhere in the window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QWidget

from ui.widgets.field_box import ERROR_STYLE, OK_STYLE
from ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes, Entity
    from mediation_desk.errors import DeskError
    from ui.context import AppContext
    from ui.widgets.dated_periods import DatedPeriodsEditor

#: A core call, given the unit of work (run by ``ctx.ops``).
Action = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class PeriodCalls:
    """The core calls behind a dated-periods editor, and the names of their arguments:
    ``add(uow, <owner>=record id, <dates[0]>=自, <dates[1]>=至, reason=…)`` and
    ``remove(uow, <period>=period id)``."""

    add: Callable[..., Any]
    remove: Callable[..., Any]
    owner: str
    period: str
    dates: tuple[str, str]


#: The form shows nothing yet (before the first record is shown, or the choice changed).
_NOTHING = object()


class RecordPage(QWidget):
    """A table of records and the form of the chosen one (None: a new record, or none).

    A page fills in ``load``, ``record_id``, ``cells`` and ``show_record``. When the page reads
    again, the form is filled again only when the chosen record's own values changed
    (``form_values``): lists shown with it (closures, leave) are always brought up to date,
    and what the clerk typed and has not saved stays.

    A page with dated periods of the chosen record (a room's closures, a mediator's leave)
    hands its editor and the core calls behind it to ``use_periods``."""

    #: The reference data the page shows: a change to any of it reads the page again.
    shows: frozenset[Entity] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records: dict[int, Any] = {}
        self._form_values: object = _NOTHING
        self.periods: DatedPeriodsEditor | None = None
        self._period_calls: PeriodCalls | None = None
        self._period_added = ""
        self.table = RecordTable(self)  # the page sets its headers
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        ctx.ops.changed.connect(self._on_ops_changed)

    # --- for the page to fill in -------------------------------------------------------------

    def load(self) -> Sequence[Any]:
        raise NotImplementedError

    def record_id(self, record: Any) -> int:
        raise NotImplementedError

    def cells(self, record: Any) -> list[str]:
        raise NotImplementedError

    def show_record(self, record: Any | None, *, refill: bool) -> None:
        """Show ``record`` (None: none chosen); ``refill`` False keeps the form as typed."""
        raise NotImplementedError

    def form_values(self, record: Any) -> object:
        """What of the record the form edits (by default all of it)."""
        return record

    def use_periods(self, editor: DatedPeriodsEditor, calls: PeriodCalls, *, added: str) -> None:
        """Add and remove the chosen record's periods from ``editor`` by ``calls``; ``added``
        is said when one was added."""
        self.periods, self._period_calls, self._period_added = editor, calls, added
        editor.add_clicked.connect(self._on_periods_add_clicked)
        editor.remove_clicked.connect(self._on_periods_remove_clicked)

    # --- reading -----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        records = self.load()
        self.records = {self.record_id(r): r for r in records}
        self.table.fill([(self.record_id(r), self.cells(r)) for r in records])
        self._show_chosen()

    def chosen(self) -> Any | None:
        record_id = self.table.selected_id()
        return None if record_id is None else self.records.get(record_id)

    def _show_chosen(self) -> None:
        record = self.chosen()
        values = None if record is None else self.form_values(record)
        refill = self._form_values is _NOTHING or self._form_values != values
        self._form_values = values
        self.show_record(record, refill=refill)

    # --- acting ------------------------------------------------------------------------------

    def run(
        self,
        fn: Action,
        *,
        busy: str,
        button: QWidget,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[DeskError], bool] | None = None,
    ) -> None:
        """Run one change; a refusal is said on the page's line unless ``on_failure`` shows it."""
        self.say("")
        self.ctx.ops.run(
            self,
            fn,
            on_success=on_success,
            on_failure=on_failure or self._on_refused,
            busy=busy,
            disable=[button],
        )

    def say(self, text: str, *, ok: bool = True) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    def _on_refused(self, error: DeskError) -> bool:
        self.say(error.message, ok=False)  # the form keeps what was typed
        return True

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_table_selection_changed(self) -> None:
        self._form_values = _NOTHING
        self._show_chosen()
        self.say("")

    @Slot()
    def _on_periods_add_clicked(self) -> None:
        record, periods, calls = self.chosen(), self.periods, self._period_calls
        if record is None or periods is None or calls is None:
            return
        starts, ends, reason = periods.period()
        args = {calls.owner: self.record_id(record), "reason": reason}
        args.update(zip(calls.dates, (starts, ends), strict=True))
        self.run(
            lambda uow: calls.add(uow, **args),
            busy=self.tr("正在保存…"),
            button=periods.add_button,
            on_success=self._on_period_added,
            on_failure=periods.refused,
        )

    def _on_period_added(self, _period: object) -> None:
        if self.periods is not None:
            self.periods.added()
        self.say(self._period_added)

    @Slot(int)
    def _on_periods_remove_clicked(self, period_id: int) -> None:
        periods, calls = self.periods, self._period_calls
        if periods is None or calls is None:
            return
        args = {calls.period: period_id}
        self.run(
            lambda uow: calls.remove(uow, **args),
            busy=self.tr("正在删除…"),
            button=periods.remove_button,
            on_failure=periods.refused,
        )

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.reference & self.shows:
            self.reload()
