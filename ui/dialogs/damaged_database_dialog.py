"""The refusal of a database that must not be opened for writing (damaged, or missing or empty
where a centre existed): what happened, and three ways on — restore the latest good backup,
open read-only to export what can be read, or quit."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.services.restore_offer import RestoreOffer


class Choice(Enum):
    RESTORE = "restore"
    READ_ONLY = "read_only"
    QUIT = "quit"


class DamagedDatabaseDialog(QDialog):
    def __init__(
        self,
        message: str,
        path: str,
        offer: RestoreOffer,
        parent: QWidget | None,
        *,
        readable: bool,
    ) -> None:
        """``message``: what is wrong (the start-up check's verdict); ``readable``: whether
        a read-only opening can show anything (not for a missing or empty file)."""
        super().__init__(parent)
        self.choice = Choice.QUIT
        self.setWindowTitle(self.tr("数据库未打开"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        headline = QLabel(message, self)
        headline.setWordWrap(True)
        headline.setStyleSheet("font-size: 15px; font-weight: bold; color: #a40000;")
        layout.addWidget(headline)
        where = QLabel(self.tr("数据库文件：{0}").format(path), self)
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        layout.addWidget(QLabel(self.tr("请选择："), self))

        self.restore_button = QPushButton(self.tr("恢复最近的完好备份"), self)
        self.restore_button.setEnabled(offer.available)
        self.restore_note = QLabel(offer.description, self)
        self.restore_note.setStyleSheet("color: #555; margin-left: 18px;")
        self.restore_button.clicked.connect(lambda: self._choose(Choice.RESTORE))
        layout.addWidget(self.restore_button)
        layout.addWidget(self.restore_note)

        self.read_only_button = QPushButton(self.tr("以只读方式打开（导出能读出的内容）"), self)
        self.read_only_button.setEnabled(readable)
        read_note = QLabel(
            self.tr("只能查看、打印和导出，不能保存任何修改。")
            if readable
            else self.tr("文件不存在或为空，没有可读出的内容。"),
            self,
        )
        read_note.setStyleSheet("color: #555; margin-left: 18px;")
        self.read_only_button.clicked.connect(lambda: self._choose(Choice.READ_ONLY))
        layout.addWidget(self.read_only_button)
        layout.addWidget(read_note)

        self.quit_button = QPushButton(self.tr("退出"), self)
        self.quit_button.clicked.connect(lambda: self._choose(Choice.QUIT))
        layout.addWidget(self.quit_button)
        hint = QLabel(
            self.tr("数据文件未作任何改动。如需帮助，请联系负责维护的人员（详情已记入日志）。"),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.quit_button.setDefault(True)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()
