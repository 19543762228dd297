"""Print preview of a generated PDF, and printing it (the print path is ui/printing.py).

Pages are rasterised with pypdfium2 at the screen's device pixel ratio, so they stay sharp on
high-DPI screens. When there is no printer, or the chosen one cannot print now, the user is
offered to save the PDF instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Slot
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import printing


class PrintPreviewDialog(QDialog):
    def __init__(
        self,
        pdf: bytes | Path,
        title: str,
        parent: QWidget | None = None,
        *,
        stale_note: str = "",
    ) -> None:
        """``stale_note``: why the file is 已过期 (shown above the pages; printing asks)."""
        super().__init__(parent)
        self.pdf = pdf
        self.title = title
        self.stale_note = stale_note
        self.setWindowTitle(self.tr("打印预览 — {0}").format(title))
        self.resize(860, 900)  # an A4 page at 96 dpi is 794 px wide
        self.pages: list[QImage] = []  # at the screen's pixels (device pixel ratio)
        self.page_labels: list[QLabel] = []
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for i in range(printing.page_count(pdf)):
            label = QLabel(column)
            label.setStyleSheet("border: 1px solid #999; background: white;")
            label.setAccessibleName(self.tr("第{0}页").format(i + 1))
            layout.addWidget(label)
            self.page_labels.append(label)
        self.render_preview()
        area = QScrollArea(self)
        area.setWidget(column)
        area.setWidgetResizable(True)
        area.setStyleSheet("QScrollArea { background: #808080; }")
        self.info = QLabel(self.tr("共 {0} 页").format(len(self.pages)), self)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(
            self.tr("打印(&P)…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        self.stale_label = QLabel(stale_note, self)
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet(
            "background: #fef3f2; color: #b42318; padding: 6px; font-weight: bold;"
        )
        self.stale_label.setVisible(bool(stale_note))
        outer.addWidget(self.stale_label)
        outer.addWidget(area, 1)
        outer.addWidget(self.info)
        outer.addWidget(buttons)

    @property
    def landscape(self) -> bool:
        """Whether the document's first page is wider than tall (the day sheet)."""
        return bool(self.pages) and self.pages[0].width() > self.pages[0].height()

    def render_preview(self) -> None:
        """The pages at 96 dpi in logical pixels, rendered at the screen's real pixels."""
        ratio = self.devicePixelRatioF()
        self.pages = printing.render_pages(self.pdf, printing.PREVIEW_DPI * ratio)
        for label, image in zip(self.page_labels, self.pages, strict=True):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:  # moved to another screen
            self.render_preview()
        return super().event(event)

    @Slot()
    def _on_print_button_clicked(self) -> None:
        if self.stale_note and not self.confirm_stale():
            return
        if not printing.installed_printers():
            self.offer_pdf(self.tr("这台电脑没有安装打印机，文书无法直接打印。"))
            return
        printer = printing.new_printer(landscape=self.landscape)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, len(self.pages))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def confirm_stale(self) -> bool:
        """Whether to print a file that is 已过期 all the same (tests replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("文书已过期"),
            self.stale_note + self.tr("\n\n仍要打印这份已过期的文书吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_to(self, printer: QPrinter) -> printing.PrintOutcome | None:
        """Print with the printer's settings; on failure offer to save the PDF instead."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome = printing.print_pdf(self.pdf, printer, self.title)
        except printing.PrintFailed as error:
            QGuiApplication.restoreOverrideCursor()
            self.offer_pdf(error.message)
            return None
        QGuiApplication.restoreOverrideCursor()
        self.info.setText(outcome.summary)
        return outcome

    def offer_pdf(self, problem: str) -> Path | None:
        """Say why nothing was printed and offer to save the PDF; where it was saved."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("无法打印"), problem, parent=self)
        box.setInformativeText(
            self.tr("文书没有打印。可以先另存为 PDF，拷到有打印机的电脑上打印，或稍后再试。")
        )
        save = box.addButton(self.tr("另存为 PDF(&S)…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        label = box.findChild(QLabel, "qt_msgbox_label")
        if label is not None:  # Chinese has no spaces: Qt would wrap it to a narrow column
            label.setMinimumWidth(360)
        box.exec()
        if box.clickedButton() is not save:
            return None
        return self.save_pdf()

    def save_pdf(self) -> Path | None:
        name = self.pdf.name if isinstance(self.pdf, Path) else f"{self.title}.pdf"
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), str(Path(folder) / name), self.tr("PDF 文件 (*.pdf)")
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf.read_bytes() if isinstance(self.pdf, Path) else self.pdf)
        except OSError:
            QMessageBox.warning(
                self, self.tr("无法保存"), self.tr("无法写入“{0}”，请换一个位置。").format(path)
            )
            return None
        self.info.setText(self.tr("已另存为：{0}").format(path))
        return path
