"""Who works at this window: the first account or the sign-in at start, 切换账户, 退出登录,
修改密码 and the idle lock.

Until an account has signed in the window shows a cover (the centre's name, nothing from its
cases) and its actions stay off. After sign-in ``ops.actor`` is the account and
``ops.actor_changed`` tells every screen, so each can re-check what the roles may do.

Scripted runs: on a *demo* centre ``--operator NAME`` signs that demo account in with its demo
password, through the core as a person would (so screenshots of every page work); on a real
centre the name is only filled in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from mediation_desk.settings import idle_lock_minutes

from .idle_lock import IdleWatcher, ScreenLock
from .session_window import SessionWindow

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor

    from .context import AppContext


class AccountSession(QObject):
    """The sign-in flows of one main window (which shows the pages, or a cover)."""

    #: The start-up has handed over to the person: a sign-in dialog waits, or an account is in.
    settled = Signal()

    def __init__(self, window: SessionWindow, ctx: AppContext, *, operator_name: str = "") -> None:
        super().__init__(window)
        self.window, self.ctx, self.operator_name = window, ctx, operator_name
        self.centre_name = ""
        self.cover = _Cover(window)
        self.lock = ScreenLock(ctx, window)
        self.lock.unlocked.connect(self._on_lock_unlocked)
        self.lock.switch_requested.connect(self.switch_account)
        minutes = idle_lock_minutes(ctx.settings.idle_lock_minutes)  # 1..1440, else default
        self.idle = IdleWatcher(int(minutes * 60_000), self)
        self.idle.idle.connect(self.lock_now)
        #: The open sign-in (or first-account) dialog, if any.
        self.prompt: QDialog | None = None

    @property
    def actor(self) -> Actor | None:
        return self.ctx.ops.actor

    def _read_centre_name(self) -> str:
        """The centre's name as set now (the first administrator may have just set it)."""
        from mediation_desk.services.reference import get_centre

        name = self.ctx.ops.read(get_centre).name or self.window.tr(
            "矛盾纠纷多元化解中心 · 一窗受理"
        )
        self.centre_name = name
        self.cover.title.setText(name)
        self.lock.centre_name = name
        self.lock.page.centre.setText(name)
        return name

    # ----- start
    def begin(self) -> None:
        """The first account when there is none, else sign-in (direct for a demo account
        named by ``--operator``)."""
        from mediation_desk.services.accounts import demo_accounts, needs_first_account

        ops = self.ctx.ops
        self._read_centre_name()
        self.window.show_cover(self.cover)
        if ops.read(needs_first_account):
            self._prompt_first_account()
            return
        wanted = _name_key(self.operator_name)
        demo = [d for d in ops.read(demo_accounts) if wanted and _name_key(d[0]) == wanted]
        if demo:
            self._sign_in_demo(*demo[0][:2])
        else:
            self.prompt_sign_in(name=self.operator_name)

    def _sign_in_demo(self, name: str, password: str) -> None:
        from mediation_desk.services.accounts import sign_in

        def refused(_error: object) -> bool:
            self.prompt_sign_in(name=name)
            return False  # the message box says why

        self.ctx.ops.run(
            self.window,
            lambda uow: sign_in(uow, name=name, password=password),
            on_success=self.enter,
            on_failure=refused,
            title=self.window.tr("登录"),
            busy=self.window.tr("正在登录…"),
        )

    def _prompt_first_account(self) -> None:
        from .dialogs.first_account_dialog import FirstAccountDialog

        dialog = FirstAccountDialog(self.ctx, self.window, name=self.operator_name)
        self._open_prompt(dialog, quit_on_cancel=True)

    def prompt_sign_in(self, *, name: str = "") -> None:
        """The sign-in dialog over the cover; cancelling it quits the app."""
        from .dialogs.sign_in_dialog import SignInDialog

        dialog = SignInDialog(
            self.ctx, self.window, name=name, centre_name=self._read_centre_name()
        )
        self._open_prompt(dialog, quit_on_cancel=True)

    def _open_prompt(self, dialog: QDialog, *, quit_on_cancel: bool) -> None:
        if self.prompt is not None:
            self.prompt.deleteLater()
        self.prompt = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed_in.connect(self.enter)  # type: ignore[attr-defined]
        if quit_on_cancel:
            dialog.rejected.connect(self.window.close)
        dialog.finished.connect(lambda _result: self._forget_prompt(dialog))
        dialog.open()
        self.settled.emit()

    def _forget_prompt(self, dialog: QDialog) -> None:
        if self.prompt is dialog:
            self.prompt = None

    def enter(self, actor: Actor) -> None:
        """``actor`` is signed in: the pages open on 今日待办, the idle lock watches."""
        if self.prompt is not None:  # signed in another way (tests, a demo account)
            prompt, self.prompt = self.prompt, None
            prompt.blockSignals(True)
            prompt.close()
        from mediation_desk.services.accounts import needs_password_change

        self.ctx.ops.set_actor(actor)
        self.window.show_workspace(actor, fresh=True)
        self.idle.start()
        self.settled.emit()
        if self.ctx.ops.read(needs_password_change):
            QTimer.singleShot(0, self._ask_new_password)

    def _ask_new_password(self) -> None:
        """A password set by the administrator (or the command-line reset) is replaced by the
        person's own before they work; declining signs them out."""
        from .dialogs.change_password_dialog import ChangePasswordDialog

        note = self.window.tr("管理员为此账户设置了临时密码，请先设置你自己的密码。")
        dialog = ChangePasswordDialog(self.ctx, self.window, note=note)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.rejected.connect(self.sign_out)
        dialog.open()

    # ----- switch, sign out, password
    def switch_account(self) -> None:
        """Another account's name and password; only when they are right is the current
        account signed out (audited) and the other one signed in."""
        from .dialogs.sign_in_dialog import SignInDialog

        dialog = SignInDialog(self.ctx, self.window, centre_name=self.centre_name, switching=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed_in.connect(self._on_switched)
        dialog.open()

    def _on_switched(self, actor: Actor) -> None:
        from mediation_desk.services.accounts import sign_out

        self.idle.stop()
        self.lock.close_others()  # the other account's open windows close

        def done() -> None:
            self.enter(actor)

        # runs as the account leaving: its sign-out is recorded under its own name
        self.ctx.ops.run(
            self.window,
            sign_out,
            on_finished=done,
            title=self.window.tr("切换账户"),
            busy=self.window.tr("正在切换账户…"),
        )

    def sign_out(self) -> None:
        """退出登录: the windows close, the cover and the sign-in dialog come back (cancelling
        it quits)."""
        from mediation_desk.services.accounts import sign_out

        if self.actor is None:
            return
        self.idle.stop()
        self.lock.close_others()

        def done() -> None:
            self.ctx.ops.set_actor(None)
            self.window.show_cover(self.cover)
            self.prompt_sign_in()

        self.ctx.ops.run(
            self.window,
            sign_out,
            on_finished=done,
            title=self.window.tr("退出登录"),
            busy=self.window.tr("正在退出登录…"),
        )

    def change_password(self) -> None:
        from .dialogs.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx, self.window)
        dialog.exec()
        dialog.deleteLater()

    # ----- idle lock
    def lock_now(self) -> None:
        """Lock the window (after the idle time, or by hand)."""
        actor = self.actor
        if actor is None or self.lock.locked:
            return
        self.idle.stop()
        self._read_centre_name()
        popup = QApplication.activePopupWidget()
        while popup is not None:  # an open menu or list would stay on top
            popup.close()
            following = QApplication.activePopupWidget()
            popup = following if following is not popup else None
        self.lock.lock(actor)
        self.window.show_cover(self.lock.page)

    def _on_lock_unlocked(self, actor: Actor) -> None:
        self.lock.unlock()
        self.ctx.ops.set_actor(actor)  # the roles as stored now
        self.window.show_workspace(actor, fresh=False)
        self.idle.start()


class _Cover(QWidget):
    """What the window shows before sign-in: the centre's name, nothing from its cases."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("signedOutCover")
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("请登录后使用"), self)
        hint.setStyleSheet("font-size: 15px; color: #555;")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)  # above the sign-in dialog, which opens in the middle
        layout.addWidget(self.title)
        layout.addWidget(hint)
        layout.addStretch(5)


def _name_key(name: str) -> str:
    from mediation_desk.services.accounts import account_name_key

    return account_name_key(name) if name.strip() else ""
