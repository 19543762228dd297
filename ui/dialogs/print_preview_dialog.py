"""Print preview of a generated PDF, and printing it to the system printer.

PySide6-Essentials has no QtPdf: pages are rasterised with pypdfium2 (offline, no external
program), shown as images, and painted onto the QPrinter at the printer's resolution.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

PREVIEW_DPI = 96
PRINT_DPI = 300


def render_pages(pdf: bytes | Path, dpi: int) -> list[QImage]:
    """Every page of the PDF as an RGB image at ``dpi``."""
    import pypdfium2 as pdfium

    source = str(pdf) if isinstance(pdf, Path) else pdf
    document = pdfium.PdfDocument(source)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # own the pixels: the bitmap is freed with the page
            images.append(image)
            page.close()
    finally:
        document.close()
    return images


class PrintPreviewDialog(QDialog):
    def __init__(self, pdf: bytes | Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.setWindowTitle(self.tr("打印预览 — {0}").format(title))
        self.resize(760, 900)
        self.pages = render_pages(pdf, PREVIEW_DPI)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for i, image in enumerate(self.pages):
            label = QLabel(column)
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            label.setAccessibleName(self.tr("第{0}页").format(i + 1))
            layout.addWidget(label)
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
        outer.addWidget(area, 1)
        outer.addWidget(self.info)
        outer.addWidget(buttons)

    @Slot()
    def _on_print_button_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not self.print_to(printer):
            QMessageBox.warning(self, self.tr("打印失败"), self.tr("无法开始打印，请检查打印机。"))

    def print_to(self, printer) -> bool:  # type: ignore[no-untyped-def]
        """Paint every page, scaled to the printer's page, keeping proportions."""
        from PySide6.QtGui import QPageLayout, QPageSize

        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            for i, image in enumerate(render_pages(self.pdf, PRINT_DPI)):
                if i:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
        finally:
            painter.end()
        return True
