"""The main window as its account session sees it (``ui.account_session``), so that module
need not import the main window that owns it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QWidget

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor


class SessionWindow(QMainWindow):
    """Shows the pages for a signed-in account, or a cover in their place."""

    def show_workspace(self, actor: Actor, *, fresh: bool) -> None:
        raise NotImplementedError

    def show_cover(self, cover: QWidget) -> None:
        raise NotImplementedError
