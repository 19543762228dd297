"""Printing a generated agreement: through a real CUPS queue (cups-pdf), with the print dialog's
settings kept; the sharp preview; and what the user is offered when nothing can be printed.

The real-queue tests need the queues of scripts/print-test-queue.sh (.ci/run starts them); in CI
they fail without them, elsewhere they skip.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QLocale
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.services.documents import generate_documents
from tests.desk import run
from tests.documents.sample import full_case
from ui import cups, printing
from ui.dialogs.print_preview_dialog import PrintPreviewDialog

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
# Phrases of the sample agreement (tests/documents/sample.py) that must arrive as text.
PHRASES = ("人民调解协议书", "城南人调字第", "申请人与被申请人系邻居", "双方对修缮费用的数额")


@pytest.fixture
def agreement(ctx, sqlite_centre, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """A real agreement PDF (three A4 pages), generated as the documents panel does."""
    from tests.core.test_day_sheet import HAVE_FONT

    if not HAVE_FONT and not os.environ.get("CI"):  # CI installs the fonts
        pytest.skip("no embeddable CJK TrueType font")
    db = ctx.ops.db
    case_id = full_case(db, sqlite_centre)
    [made] = run(
        db,
        generate_documents,
        case_id=case_id,
        kinds=[DocumentKind.AGREEMENT],
        formats=[FileFormat.PDF],
        folder=tmp_path / "case",
        actor=sqlite_centre.actor,
    )
    return tmp_path / "case" / made.file_name


@pytest.fixture
def dialog(qtbot, agreement) -> PrintPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PrintPreviewDialog(agreement, "人民调解协议书 第1版")
    qtbot.addWidget(dialog)
    return dialog


def _text(pdf: Path | bytes) -> list[str]:
    """Each page's text without white space."""
    import io

    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return ["".join(page.extract_text().split()) for page in reader.pages]


def _sizes(pdf: Path | bytes) -> list[tuple[float, float]]:
    import io

    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def _close(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    return abs(size[0] - paper[0]) < 1.5 and abs(size[1] - paper[1]) < 1.5


def _answer(monkeypatch, choice: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Message boxes answer themselves by clicking the button whose text starts with
    ``choice``; returns what they said."""
    said: list[str] = []

    def exec_(box: QMessageBox) -> int:
        said.append(f"{box.windowTitle()}|{box.text()}|{box.informativeText()}")
        next(b for b in box.buttons() if b.text().startswith(choice)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return said


# --- through the real CUPS queue -------------------------------------------------------------


def _queue(variable: str) -> str:
    name = os.environ.get(variable)
    if not name:
        reason = (
            f"no CUPS test print queue ({variable} unset): as root, run "
            "`bash scripts/print-test-queue.sh start DIR` and export what it prints"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    if name not in QPrinterInfo.availablePrinterNames():
        pytest.fail(f"Qt does not see the CUPS queue {name} (is cupsd running?)")
    return name


def _arrived(queue: str, job: int, timeout: float = 90) -> Path:
    """The PDF cups-pdf wrote for the job, once CUPS has finished it."""
    folder = Path(os.environ["MEDIATION_DESK_TEST_PRINT_DIR"])
    name = re.compile(rf"job_{job}(\D.*)?\.pdf$")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = subprocess.run(
            ["lpstat", "-W", "completed", "-o", queue], capture_output=True, text=True
        ).stdout
        if re.search(rf"^{re.escape(queue)}-{job}\s", done, re.MULTILINE):
            files = [p for p in folder.iterdir() if name.search(p.name)]
            assert files, f"job {job} finished but left no PDF in {folder} (see CUPS error_log)"
            return files[0]
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish in {timeout} s")


def _matches(printed: str, source: str) -> bool:
    """The printed page reads as the document's page. Compared on the Chinese characters:
    cups-pdf goes through PostScript, where a few glyphs of each embedded font subset (mostly
    digits, sometimes a whole line) lose their text, and the lines of a table may come out in
    another order; a raster print would have no text at all. So: nothing foreign, and most of
    the page's characters."""

    def han(text: str) -> Counter[str]:
        return Counter(re.findall(r"[\u4e00-\u9fff]", text))

    a, b = han(printed), han(source)
    foreign = (a - b).total()  # printed characters the page does not have
    return foreign <= a.total() // 50 and (a & b).total() >= 0.85 * b.total()


def test_the_agreement_prints_through_cups_with_its_text(dialog, agreement) -> None:  # type: ignore[no-untyped-def]
    queue = _queue("MEDIATION_DESK_TEST_PRINTER")
    source = agreement
    printer = printing.new_printer()  # what the 打印 button starts from
    printer.setPrinterName(queue)
    outcome = dialog.print_to(printer)
    assert outcome is not None and outcome.job_id is not None
    expected = _text(source)
    assert dialog.info.text() == f"已发送到打印机“{queue}”：{len(expected)} 页，1 份。"
    out = _arrived(queue, outcome.job_id)
    printed = _text(out)
    assert len(printed) == len(expected) > 1
    assert all(_close(size, A4) for size in _sizes(out))
    for page, original in zip(printed, expected, strict=True):
        assert _matches(page, original), page[:200]
    assert all(p in "".join(printed) for p in PHRASES)


def test_letter_two_copies_and_the_dialogs_cups_options_reach_the_queue(dialog, agreement) -> None:  # type: ignore[no-untyped-def]
    queue = _queue("MEDIATION_DESK_TEST_PRINTER")
    printer = printing.new_printer()
    printer.setPrinterName(queue)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setCopyCount(2)
    # The print dialog's 页面集 (odd pages only), kept where Qt's dialog keeps it.
    printer.printEngine().setProperty(printing.CUPS_OPTIONS_KEY, ["page-set", "odd"])
    outcome = dialog.print_to(printer)
    assert outcome is not None and outcome.job_id is not None
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter  # not forced
    out = _arrived(queue, outcome.job_id)
    printed = _text(out)
    odd = _text(agreement)[::2]
    assert len(printed) == 2 * len(odd)  # the odd pages only, two copies
    assert all(_close(size, LETTER) for size in _sizes(out))
    for original in odd:  # each odd page twice, in whatever order the copies come
        assert sum(_matches(page, original) for page in printed) == 2


def test_a_stopped_printer_offers_to_save_the_pdf(dialog, agreement, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    queue = _queue("MEDIATION_DESK_TEST_PRINTER_OFFLINE")
    said = _answer(monkeypatch, "另存为")
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    printer = printing.new_printer()
    printer.setPrinterName(queue)
    assert dialog.print_to(printer) is None
    assert said == [
        f"无法打印|打印机“{queue}”已停用（暂停）。|"
        "文书没有打印。可以先另存为 PDF，拷到有打印机的电脑上打印，或稍后再试。"
    ]
    assert target.read_bytes() == agreement.read_bytes()
    assert dialog.info.text() == f"已另存为：{target}"


# --- the dialog's settings, without a queue --------------------------------------------------


def _pdf_printer(tmp_path: Path) -> QPrinter:
    printer = printing.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    return printer


class _TwoSided(QPrinter):
    """A printer left two-sided by the print dialog. Qt keeps a duplex choice only for a
    printer that can print both sides, which neither its PDF engine nor cups-pdf can."""

    def __init__(self, tmp_path: Path, duplex: QPrinter.DuplexMode) -> None:
        super().__init__(QPrinter.PrinterMode.HighResolution)
        self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(tmp_path / "printed.pdf"))
        self.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.chosen = duplex

    def duplex(self) -> QPrinter.DuplexMode:  # type: ignore[override]
        return self.chosen


def test_a4_is_where_the_dialog_starts(qapp) -> None:  # type: ignore[no-untyped-def]
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        printer = printing.new_printer()  # Qt's own default would be Letter here
    finally:
        QLocale.setDefault(before)
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait


def test_the_cups_job_carries_the_dialogs_choices(agreement, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[str, bytes, str, list[tuple[str, str]]]] = []

    def print_file(name, path, title, options):  # type: ignore[no-untyped-def]
        sent.append((name, path.read_bytes(), title, list(options)))
        return 7

    monkeypatch.setattr(cups, "print_file", print_file)
    printer = _TwoSided(tmp_path, QPrinter.DuplexMode.DuplexLongSide)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    outcome = printing.send_to_cups(agreement, printer, "人民调解协议书 第1版")
    assert outcome.job_id == 7 and outcome.pages == 1 and outcome.copies == 2
    [(_name, data, title, options)] = sent
    assert title == "人民调解协议书 第1版"  # no party names in CUPS' job list and logs
    assert options[:4] == [
        ("media", "Letter"),
        ("copies", "2"),
        ("Collate", "True"),
        ("sides", "two-sided-long-edge"),
    ]
    assert _sizes(data) == [LETTER]
    assert _text(data) == [_text(agreement)[1]]  # page 2, as vectors with its text


def test_duplex_auto_follows_the_orientation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    printer = _TwoSided(tmp_path, QPrinter.DuplexMode.DuplexAuto)
    assert ("sides", "two-sided-long-edge") in printing.job_options(printer)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    assert ("sides", "two-sided-short-edge") in printing.job_options(printer)
    printer.chosen = QPrinter.DuplexMode.DuplexShortSide
    assert ("sides", "two-sided-short-edge") in printing.job_options(printer)
    printer.chosen = QPrinter.DuplexMode.DuplexNone
    assert ("sides", "one-sided") in printing.job_options(printer)
    assert printing.paper_points(printer) == pytest.approx((A4[1], A4[0]), abs=0.5)


def test_a_refused_job_is_said_in_chinese(agreement, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*_args):  # type: ignore[no-untyped-def]
        raise cups.CupsRefused(cups.NOT_ACCEPTING_JOBS, "The printer is not accepting jobs.")

    monkeypatch.setattr(cups, "print_file", refuse)
    printer = _pdf_printer(tmp_path)
    with pytest.raises(printing.PrintFailed, match="暂停接收打印任务"):
        printing.send_to_cups(agreement, printer, "x")


def test_fitting_keeps_vectors_and_text(agreement) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    source = agreement
    assert printing.fit_pdf(source, A4) == source.read_bytes()  # A4 goes as it is
    letter = printing.fit_pdf(source, LETTER)
    assert _sizes(letter) == [LETTER] * len(_sizes(source))
    assert _text(letter) == _text(source)
    page = pdfium.PdfDocument(letter)[0]
    [placed] = list(page.get_objects(max_depth=0))
    assert placed.type == pdfium_c.FPDF_PAGEOBJ_FORM  # the A4 page, scaled, not an image
    scale = min(LETTER[0] / A4[0], LETTER[1] / A4[1])
    a, _b, _c, d, e, _f = placed.get_matrix().get()
    assert a == pytest.approx(scale, abs=1e-3) and d == pytest.approx(scale, abs=1e-3)
    assert e == pytest.approx((LETTER[0] - A4[0] * scale) / 2, abs=0.5)  # centred


def test_print_to_file_writes_the_fitted_pdf(dialog, agreement, tmp_path) -> None:  # type: ignore[no-untyped-def]
    printer = _pdf_printer(tmp_path)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    outcome = dialog.print_to(printer)
    assert outcome is not None and outcome.to_file
    out = tmp_path / "printed.pdf"
    assert dialog.info.text() == f"已打印到文件：{out}"
    assert all(_close(s, (419.53, 595.28)) for s in _sizes(out))
    assert _text(out) == _text(agreement)


def test_without_cups_pages_are_painted_on_the_chosen_paper(agreement, tmp_path) -> None:  # type: ignore[no-untyped-def]
    printer = _pdf_printer(tmp_path)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    outcome = printing.paint_pages(agreement, printer)
    pages = len(_sizes(agreement))
    assert pages > 1 and outcome.pages == pages
    out = tmp_path / "printed.pdf"
    assert all(_close(s, LETTER) for s in _sizes(out))
    assert _text(out) == [""] * pages  # images: why CUPS gets the PDF itself


# --- no printer, a printer that cannot print -------------------------------------------------


def test_no_printer_installed_offers_to_save(dialog, agreement, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(printing, "installed_printers", lambda: [])
    said = _answer(monkeypatch, "另存为")
    asked: list[tuple[str, str, str]] = []

    def save_as(_parent, caption, default, filters):  # type: ignore[no-untyped-def]
        asked.append((caption, default, filters))
        return str(tmp_path / "给当事人"), filters  # typed without ".pdf"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    dialog.print_button.click()
    assert said == [
        "无法打印|这台电脑没有安装打印机，文书无法直接打印。|"
        "文书没有打印。可以先另存为 PDF，拷到有打印机的电脑上打印，或稍后再试。"
    ]
    [(caption, default, filters)] = asked
    assert caption == "另存为 PDF" and filters == "PDF 文件 (*.pdf)"
    assert default.endswith(agreement.name)
    saved = tmp_path / "给当事人.pdf"
    assert saved.read_bytes() == agreement.read_bytes()


def test_cancelling_the_offer_saves_nothing(dialog, agreement, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(printing, "installed_printers", lambda: [])
    before = dialog.info.text()
    assert before == f"共 {len(_sizes(agreement))} 页"
    said = _answer(monkeypatch, "取消")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file dialog")
    )
    dialog.print_button.click()
    assert len(said) == 1 and dialog.info.text() == before  # nothing printed or saved


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (
            {"printer-state": "3", "printer-state-reasons": "offline-report"},
            "打印机“前台”已脱机：没有开机，或没有连上电脑。",
        ),
        ({"printer-state": "5", "printer-state-reasons": "paused"}, "打印机“前台”已停用（暂停）。"),
        (
            {"printer-state": "3", "printer-is-accepting-jobs": "false"},
            "打印机“前台”暂停接收打印任务。",
        ),
    ],
)
def test_a_printer_that_cannot_print_now_is_named(monkeypatch, status, said) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cups, "printer_status", lambda name: status if name == "前台" else None)
    with pytest.raises(printing.PrintFailed) as raised:
        printing.check_printer("前台")
    assert raised.value.message == said


def test_an_idle_cups_printer_passes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    idle = {"printer-state": "3", "printer-state-reasons": "none"}
    monkeypatch.setattr(cups, "printer_status", lambda name: idle)
    printing.check_printer("前台")


def test_a_failure_while_printing_offers_to_save(dialog, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    def fail(*_args):  # type: ignore[no-untyped-def]
        raise printing.PrintFailed("打印机“前台”已脱机：没有开机，或没有连上电脑。")

    monkeypatch.setattr(printing, "print_pdf", fail)
    said = _answer(monkeypatch, "取消")
    assert dialog.print_to(_pdf_printer(tmp_path)) is None
    assert "已脱机" in said[0]


# --- the preview -----------------------------------------------------------------------------


def test_the_preview_is_rendered_at_the_screens_pixel_ratio(qtbot, agreement, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def logical_width(dialog: PrintPreviewDialog) -> int:
        return dialog.page_labels[0].pixmap().deviceIndependentSize().toSize().width()

    ratio = [2.0]
    monkeypatch.setattr(PrintPreviewDialog, "devicePixelRatioF", lambda self: ratio[0])
    dialog = PrintPreviewDialog(agreement, "测试")
    qtbot.addWidget(dialog)
    assert dialog.pages[0].width() == pytest.approx(2 * 794, abs=2)  # A4 at 192 dpi
    assert logical_width(dialog) == pytest.approx(794, abs=1)  # laid out at 96 dpi
    ratio[0] = 1.5  # moved to another screen
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert dialog.pages[0].width() == pytest.approx(1.5 * 794, abs=2)
    assert logical_width(dialog) == pytest.approx(794, abs=1)


def test_a_page_range_past_the_end_prints_nothing_and_says_why(
    agreement, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sent: list[object] = []
    monkeypatch.setattr(cups, "print_file", lambda *a: sent.append(a) or 7)
    printer = _pdf_printer(tmp_path)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(5, 6)
    pages = len(_sizes(agreement))
    with pytest.raises(printing.PrintFailed, match=f"本文书共 {pages} 页"):
        printing.send_to_cups(agreement, printer, "x")
    assert sent == []
    printer.setFromTo(2, 9)  # runs past the end: up to the last page
    assert printing.chosen_pages(printer, pages) == list(range(1, pages))
