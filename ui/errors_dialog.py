"""Unexpected errors: written to the log, shown as one Chinese message with the details to
copy for whoever supports the centre (the windowed app has no console to print them to)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from mediation_desk.domain.masking import mask_numbers_in_text
from mediation_desk.errors import DeskError

log = logging.getLogger("mediation_desk.unexpected")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ErrorsDialog", text)


def details_of(error: BaseException) -> str:
    """The traceback, with ID numbers and phones masked (it goes to the clipboard)."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return mask_numbers_in_text(text)


def show_unexpected_error(parent: QWidget | None, error: BaseException) -> None:
    """Log ``error`` with its traceback and tell the user, in Chinese, what it means."""
    if isinstance(error, DeskError):  # a refusal meant for the user, not a bug
        QMessageBox.warning(parent, _tr("无法完成操作"), error.message)
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_tr("程序出错"))
    box.setText(
        _tr(
            "程序遇到了意外错误，刚才的操作没有完成，已保存的数据不受影响。\n"
            "请重试；如反复出现，请点“复制详细信息”，发给负责维护的人员。"
        )
    )
    details = details_of(error)
    box.setDetailedText(details)
    copy = QPushButton(_tr("复制详细信息"), box)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
    box.addButton(_tr("关闭"), QMessageBox.ButtonRole.RejectRole)
    box.exec()


def install_excepthook() -> None:
    """Every uncaught exception (in a slot, a timer, an event handler) ends here."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        app = QApplication.instance()
        if app is None:
            log.error("unexpected error", exc_info=(kind, error, tb))
            return
        show_unexpected_error(QApplication.activeWindow(), error)

    sys.excepthook = hook
