"""Printing a generated PDF with the settings the user chose in the print dialog.

Where printing goes through CUPS (Linux, macOS) the PDF itself is sent to the queue: the
printer gets vector pages with their text, as a PDF reader would send them, and the dialog's
choices travel as the same CUPS job options Qt's own CUPS engine sends (paper, copies,
collation, two-sided, and the dialog's CUPS extras such as 页面集 or pages per sheet). Painting
on the QPrinter cannot keep the text: PySide6-Essentials has no QtPdf, so pages could only be
painted as pypdfium2 images. That remains the way where there is no CUPS (Windows).

A4 portrait is where the print dialog starts, never a force: on another paper (or landscape)
every page is scaled to fit and centred, as vectors (pypdfium2 form XObjects), before sending.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintEngine, QPrinter, QPrinterInfo

from mediation_desk.errors import DeskError
from ui import cups

log = logging.getLogger(__name__)

PREVIEW_DPI = 96
PRINT_DPI = 300  # the raster fallback: enough for text, bounded memory per page
# Qt keeps the print dialog's CUPS job options on its engine under this private key
# (PPK_CupsOptions in qcups_p.h): a flat list name, value, name, value, ...
CUPS_OPTIONS_KEY = QPrintEngine.PrintEnginePropertyKey(0xFE00)

Pdf = bytes | Path


def _tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


class PrintFailed(DeskError):
    """Nothing was printed; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    destination: str  # the printer, or the file printed to
    pages: int
    copies: int
    job_id: int | None = None  # the CUPS job
    to_file: bool = False

    @property
    def summary(self) -> str:
        if self.to_file:
            return _tr("已打印到文件：{0}").format(self.destination)
        return _tr("已发送到打印机“{0}”：{1} 页，{2} 份。").format(
            self.destination, self.pages, self.copies
        )


# --- pages ---------------------------------------------------------------------------------


def _open(pdf: Pdf):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)


def iter_pages(pdf: Pdf, dpi: float, indices: Sequence[int] | None = None) -> Iterator[QImage]:
    """The PDF's pages (all, or those at ``indices``) as RGB images at ``dpi``, one at a time."""
    document = _open(pdf)
    try:
        for i in range(len(document)) if indices is None else indices:
            page = document[i]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # own the pixels: the bitmap is freed with the page
            page.close()
            yield image
    finally:
        document.close()


def render_pages(pdf: Pdf, dpi: float) -> list[QImage]:
    """Every page of the PDF as an RGB image at ``dpi``."""
    return list(iter_pages(pdf, dpi))


def page_count(pdf: Pdf) -> int:
    document = _open(pdf)
    try:
        return len(document)
    finally:
        document.close()


def fit_pdf(pdf: Pdf, paper: tuple[float, float], indices: Sequence[int] | None = None) -> bytes:
    """The PDF for a paper of ``paper`` points (width, height): each page (all, or those at
    ``indices``) scaled to fit and centred, kept as vectors with its text. Unchanged bytes when
    every page already has that size and all are printed."""
    import pypdfium2 as pdfium

    source = _open(pdf)
    try:
        chosen = list(range(len(source))) if indices is None else list(indices)
        same = all(_same_size(source.get_page_size(i), paper) for i in chosen)
        if same and indices is None:
            return pdf.read_bytes() if isinstance(pdf, Path) else pdf
        target = pdfium.PdfDocument.new()
        try:
            return _fill(target, source, chosen, paper, same)
        finally:
            target.close()
    finally:
        source.close()


def _fill(
    target: Any,
    source: Any,
    chosen: list[int],
    paper: tuple[float, float],
    same: bool,
) -> bytes:
    """``target`` (a new pdfium document) made of the chosen pages of ``source``: as they are,
    or each scaled onto the paper and centred."""
    import io

    import pypdfium2 as pdfium

    width, height = paper
    if same:
        target.import_pages(source, chosen)
    for i in [] if same else chosen:
        w, h = source.get_page_size(i)
        scale = min(width / w, height / h)
        placed = source.page_as_xobject(i, target).as_pageobject()
        placed.transform(
            pdfium.PdfMatrix()
            .scale(scale, scale)
            .translate((width - w * scale) / 2, (height - h * scale) / 2)
        )
        page = target.new_page(width, height)
        page.insert_obj(placed)
        page.gen_content()
        page.close()
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def _same_size(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    return abs(size[0] - paper[0]) < 1 and abs(size[1] - paper[1]) < 1


# --- the printer's settings -----------------------------------------------------------------


def new_printer(*, landscape: bool = False) -> QPrinter:
    """The printer the print dialog starts from: the system's default printer, A4 portrait
    (the documents' paper), or landscape for a landscape document (the day sheet). The user
    may change any of it in the dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return printer


def paper_points(printer: QPrinter) -> tuple[float, float]:
    """The chosen paper in points, turned as the chosen orientation turns it."""
    rect = printer.pageLayout().fullRect(QPageLayout.Unit.Point)
    return rect.width(), rect.height()


def chosen_pages(printer: QPrinter, count: int) -> list[int] | None:
    """The page indices the dialog's page range picks, or None for every page."""
    if printer.printRange() != QPrinter.PrintRange.PageRange or printer.fromPage() < 1:
        return None
    if printer.fromPage() > count:
        raise PrintFailed(_tr("所选页码超出范围：本文书共 {0} 页。").format(count))
    first = printer.fromPage()
    last = min(max(printer.toPage(), first), count)
    return list(range(first - 1, last))


def job_options(printer: QPrinter) -> list[tuple[str, str]]:
    """The CUPS job options for the dialog's choices, as Qt's CUPS engine builds them. No
    orientation option: the pages sent are already turned to the paper."""
    options = [("media", printer.pageLayout().pageSize().key())]
    copies = printer.copyCount()
    if copies > 1:
        options.append(("copies", str(copies)))
        if printer.collateCopies():
            options.append(("Collate", "True"))
    duplex = printer.duplex()
    if duplex == QPrinter.DuplexMode.DuplexAuto:
        portrait = printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
        sides = "two-sided-long-edge" if portrait else "two-sided-short-edge"
    else:
        sides = {
            QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
            QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
        }.get(duplex, "one-sided")
    options.append(("sides", sides))
    extra = printer.printEngine().property(CUPS_OPTIONS_KEY)
    if isinstance(extra, list):
        taken = {name for name, _value in options}
        pairs = zip(extra[::2], extra[1::2], strict=False)
        options += [(str(n), str(v)) for n, v in pairs if n not in taken]
    return options


# --- is the printer there --------------------------------------------------------------------


def installed_printers() -> list[str]:
    return QPrinterInfo.availablePrinterNames()


def check_printer(name: str) -> None:
    """Raise PrintFailed when the printer is known not to print now: stopped, not taking jobs,
    reported offline (switched off, unplugged), or gone."""
    status = cups.printer_status(name)
    if status is not None:
        reasons = status.get("printer-state-reasons", "").split(",")
        if status.get("printer-is-accepting-jobs") == "false":
            problem = _tr("打印机“{0}”暂停接收打印任务。")
        elif status.get("printer-state") == "5":
            problem = _tr("打印机“{0}”已停用（暂停）。")
        elif any(r.startswith("offline") for r in reasons):
            problem = _tr("打印机“{0}”已脱机：没有开机，或没有连上电脑。")
        else:
            return
        raise PrintFailed(problem.format(name))
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise PrintFailed(_tr("找不到打印机“{0}”，它可能已被删除。").format(name))
    if info.state() == QPrinter.PrinterState.Error:
        raise PrintFailed(_tr("打印机“{0}”已脱机或出错。").format(name))


# --- printing --------------------------------------------------------------------------------


def print_pdf(pdf: Pdf, printer: QPrinter, title: str) -> PrintOutcome:
    """Print with the printer's settings (the print dialog's choices). Raises PrintFailed."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return print_to_file(pdf, printer)
    name = printer.printerName()
    check_printer(name)
    if cups.printer_status(name) is not None:
        return send_to_cups(pdf, printer, title)
    return paint_pages(pdf, printer)


def print_to_file(pdf: Pdf, printer: QPrinter) -> PrintOutcome:
    """The dialog's 打印到文件: the fitted PDF, with its text, written where the user chose."""
    target = Path(printer.outputFileName())
    if not printer.outputFileName():
        raise PrintFailed(_tr("请选择要打印到的文件。"))
    indices = chosen_pages(printer, page_count(pdf))
    data = fit_pdf(pdf, paper_points(printer), indices)
    try:
        target.write_bytes(data)
    except OSError as error:
        log.warning("cannot write the print file: %s", error.strerror)
        raise PrintFailed(_tr("无法写入文件“{0}”，请换一个位置。").format(target)) from error
    return PrintOutcome(str(target), page_count(data), 1, to_file=True)


def send_to_cups(pdf: Pdf, printer: QPrinter, title: str) -> PrintOutcome:
    """The PDF, fitted to the chosen paper, as a CUPS job with the dialog's options."""
    name = printer.printerName()
    indices = chosen_pages(printer, page_count(pdf))
    data = fit_pdf(pdf, paper_points(printer), indices)
    options = job_options(printer)
    with tempfile.TemporaryDirectory(prefix="md-print-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        try:
            job = cups.print_file(name, path, title, options)
        except cups.CupsRefused as error:
            log.warning("CUPS refused the print job: %s", error)
            if error.status == cups.NOT_ACCEPTING_JOBS:
                text = _tr("打印机“{0}”暂停接收打印任务。")
            elif error.status == cups.NOT_FOUND:
                text = _tr("找不到打印机“{0}”，它可能已被删除。")
            else:
                text = _tr("打印机“{0}”没有接收这份文书：打印服务没有响应。")
            raise PrintFailed(text.format(name)) from error
    return PrintOutcome(name, page_count(data), printer.copyCount(), job_id=job)


def paint_pages(pdf: Pdf, printer: QPrinter) -> PrintOutcome:
    """Without CUPS: each page painted as an image, scaled to fit the chosen paper, centred."""
    indices = chosen_pages(printer, page_count(pdf))
    printer.setFullPage(True)  # the whole paper, as the vector path fits to it
    copies = 1 if printer.supportsMultipleCopies() else printer.copyCount()
    dpi = min(printer.resolution(), PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(_tr("无法开始打印，请检查打印机“{0}”。").format(printer.printerName()))
    pages = 0
    try:
        for _copy in range(copies):
            for image in iter_pages(pdf, dpi, indices):
                if pages:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                x = target.x() + (target.width() - size.width()) // 2
                y = target.y() + (target.height() - size.height()) // 2
                painter.drawImage(QRect(x, y, size.width(), size.height()), image)
                pages += 1
    finally:
        painter.end()
    return PrintOutcome(printer.printerName(), pages // copies, printer.copyCount())
