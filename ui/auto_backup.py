"""The window's automatic backups: shortly after start and every few minutes it asks the core
whether one is due (``domain/backup_schedule``), and makes it through ``ctx.ops.run`` on the
worker thread (the window keeps painting); at close, a last quick backup with a progress
dialog whose 取消 skips it — the close always goes on.

When it cannot back up (no folder set, the USB stick not plugged in, no ``pg_dump`` for a
server database) it says so once, in a line of the status bar that stays until the cause is
gone; no message box, nothing on every action. Clicking the line opens 数据备份.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

if TYPE_CHECKING:
    from mediation_desk.domain.backup_schedule import BackupDue
    from mediation_desk.domain.clock import Clock
    from mediation_desk.errors import DeskError
    from mediation_desk.services.backup import BackupResult
    from mediation_desk.services.backup_jobs import BackupState

    from .context import AppContext

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 5 * 60 * 1000
FIRST_CHECK_MS = 3000  # after start-up has settled (the operator chosen, the pages shown)
_NOTICE_STYLE = "color: #a15c00; padding: 0 6px;"


class AutoBackup(QObject):
    #: The clerk clicked the status bar's notice: show the backup page.
    notice_clicked = Signal()

    def __init__(self, window: QMainWindow, ctx: AppContext, clock: Clock) -> None:
        super().__init__(window)
        self.window, self.ctx, self.clock = window, ctx, clock
        self.started = clock()
        self.running = False  # a backup of ours is being made
        self.exit_done = False  # the close's backup made or skipped: close for good
        self.exit_error = ""
        self._exit_due: BackupDue | None = None
        self.notice = QLabel(window)
        self.notice.setStyleSheet(_NOTICE_STYLE)
        self.notice.setVisible(False)
        self.notice.linkActivated.connect(lambda _link: self.notice_clicked.emit())
        window.statusBar().addPermanentWidget(self.notice)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        #: How a failed backup at close is told (tests record it).
        self.tell: Callable[[str], None] = self._tell

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self.check)

    def stop(self) -> None:
        self.timer.stop()
        self.exit_done = True

    def _state(self) -> BackupState | None:
        from mediation_desk.errors import DeskError
        from mediation_desk.services.backup_jobs import backup_state

        settings = self.ctx.settings
        try:
            state = backup_state(settings.data_dir, settings.database_url)
        except DeskError as error:  # settings.toml unreadable
            self._show(error.message, error.message)
            return None
        self._show(state.short, state.problem or "")
        return state

    def _show(self, short: str, full: str) -> None:
        """The one notice: set when the cause changes, cleared when it is gone."""
        text = f'⚠ <a href="backup">{short}</a>' if short else ""
        if text != self.notice.text():
            self.notice.setText(text)
            self.notice.setToolTip(full)
            self.notice.setVisible(bool(short))

    @Slot()
    def check(self) -> None:
        """Back up now when one is due (not while another runs). Nobody need be signed in:
        the backup is upkeep, recorded under the reserved "系统" row."""
        if self.running or self.exit_done:
            return
        state = self._state()
        due = state.due(self.clock(), self.started) if state is not None else None
        if due is not None:
            self._run(due, how="自动")

    def _run(
        self,
        due: BackupDue,
        *,
        how: str,
        progress: str | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        from mediation_desk.services.backup_jobs import back_up_automatically

        settings = self.ctx.settings
        data_dir, url, quick = settings.data_dir, settings.database_url, due.quick_check

        def finished() -> None:
            self.running = False
            if on_finished is not None:
                on_finished()

        self.running = True  # before ``run``: an inline run has finished when it returns
        self.ctx.ops.run(
            self.window,
            lambda uow: back_up_automatically(
                uow, data_dir=data_dir, database_url=url, how=how, quick_check=quick
            ),
            on_success=self._on_backed_up,
            on_failure=self._on_failed,
            on_finished=finished,
            title=self.tr("退出前备份"),
            busy=self.tr("正在自动备份（{0}）…").format(due.reason),
            progress=progress,
        )

    def _on_backed_up(self, result: BackupResult) -> None:
        self._show("", "")
        self.window.statusBar().showMessage(
            self.tr("已自动备份并校验（{0} 件案件）").format(result.info.case_count), 8000
        )

    def _on_failed(self, error: DeskError) -> bool:
        """Said once in the status bar (the next check tries again); at close, after it."""
        log.warning("automatic backup failed")
        self.exit_error = error.message
        self._show(self.tr("自动备份未完成"), error.message)
        return True

    # --- at close ------------------------------------------------------------------------------

    def wants_exit_backup(self) -> bool:
        if self.exit_done:  # signed out and quitting from the sign-in dialog still backs up
            return False
        if self.running:  # one is being made: the close waits for it
            self.exit_done = True
            return False
        state = self._state()
        due = state.due(self.clock(), self.started, at_exit=True) if state else None
        self._exit_due = due
        return due is not None

    def back_up_at_exit(self, then: Callable[[], None]) -> None:
        """The close's backup; ``then`` (the close again) runs whatever its outcome: made,
        failed (told first) or skipped with 取消."""
        self.timer.stop()
        self.exit_done = True
        self.exit_error = ""
        due = self._exit_due
        if due is None:
            then()
            return

        def close_after() -> None:
            if self.exit_error:
                self.tell(self.exit_error)
            then()

        self._run(
            due,
            how="退出时",
            progress=self.tr("正在备份数据，完成后退出…（点“取消”可跳过本次备份）"),
            on_finished=lambda: QTimer.singleShot(0, close_after),
        )

    def _tell(self, message: str) -> None:
        QMessageBox.warning(
            self.window,
            self.tr("退出前备份未完成"),
            self.tr("{0}\n\n程序将退出；下次启动时会再备份。").format(message),
        )
