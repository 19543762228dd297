"""The centre's document settings (a tab of 中心设置): committee, seal, court, font.

Saved through ``ctx.ops``; read again when they are changed elsewhere in the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.document_settings import DocumentSettingsView as Settings

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.errors import DeskError
    from ui.context import AppContext


class DocumentSettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.committee = QLineEdit(self)
        self.committee.setPlaceholderText(
            self.tr("承办单位不是调解委员会时，文书上使用的委员会名称")
        )
        self.seal = QLineEdit(self)
        self.seal.setPlaceholderText(self.tr("留空则为“（××人民调解委员会印）”"))
        self.court = QLineEdit(self)
        self.court.setPlaceholderText(self.tr("调解委员会所在地的基层人民法院，如 城南区人民法院"))
        self.place = QLineEdit(self)
        self.font_path = QLineEdit(self)
        self.font_path.setPlaceholderText(
            self.tr("留空则自动使用已安装的宋体/仿宋等 TrueType 字体")
        )
        self.browse = QPushButton(self.tr("选择…"), self)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.font_state = QLabel(self)
        self.font_state.setWordWrap(True)
        self.font_state.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(self)
        self.save_button = QPushButton(self.tr("保存(&S)"), self)
        self.save_button.clicked.connect(self._on_save_clicked)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_path, 1)
        font_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("调解委员会名称"), self.committee)
        form.addRow(self.tr("印章文字"), self.seal)
        form.addRow(self.tr("默认司法确认法院"), self.court)
        form.addRow(self.tr("默认调解地点"), self.place)
        form.addRow(self.tr("文书字体文件"), font_row)
        form.addRow("", self.font_state)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.document_settings import get_document_settings

        s = self.ctx.ops.read(get_document_settings)
        self.committee.setText(s.committee_name)
        self.seal.setText(s.seal_text)
        self.court.setText(s.default_court)
        self.place.setText(s.place)
        self.font_path.setText(s.font_path)
        self._show_font()

    def _show_font(self) -> None:
        from mediation_desk.documents.fonts import FontUnavailable
        from mediation_desk.documents.pdf_render import resolve_fonts

        path = self.font_path.text().strip()
        try:
            fonts = resolve_fonts(Path(path) if path else None)
        except FontUnavailable as exc:
            self.font_state.setText("✖ " + exc.message)
            return
        self.font_state.setText(
            self.tr("正文：{0}　标题：{1}").format(fonts.body.label, fonts.title.label)
        )

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择字体文件"), "", self.tr("TrueType 字体 (*.ttf *.ttc)")
        )
        if path:
            self.font_path.setText(path)
            self._show_font()

    @Slot()
    def _on_save_clicked(self) -> None:
        self.save()

    def save(self) -> None:
        """Save what is typed; the outcome is said in ``message`` (a refusal keeps the text)."""
        from mediation_desk.services.document_settings import save_document_settings

        settings = Settings(
            self.committee.text(),
            self.seal.text(),
            self.court.text(),
            self.place.text(),
            self.font_path.text(),
        )
        self.message.clear()
        self.ctx.ops.run(
            self,
            lambda uow: save_document_settings(uow, settings),
            on_success=self._on_saved,
            on_failure=self._on_refused,
            busy=self.tr("正在保存文书设置…"),
            disable=[self.save_button],
        )

    def _on_saved(self, _settings: Settings) -> None:
        self.message.setText(self.tr("已保存"))
        self._show_font()

    def _on_refused(self, error: DeskError) -> bool:
        self.message.setText("✖ " + error.message)
        return True

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        # Saved here: the fields already hold what was saved (and may be typed on since).
        if Entity.DOCUMENT_SETTINGS in changes.reference and initiator is not self:
            self.reload()
