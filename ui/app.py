"""Entry point: ``mediation-desk`` (see ``--help``)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

#: The wheel guard's event filter waits this long after the start-up has handed over.
WHEEL_GUARD_DELAY_MS = 1000


#: The window icon (also the desktop entry's and, as .ico, the Windows exe's).
ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "mediation-desk.png"


class _Version(argparse.Action):
    """``--version``: the version and the build date (read only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        from mediation_desk.build_info import build_info

        print(f"mediation-desk {build_info().text}")
        parser.exit()


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="mediation-desk", description="矛盾纠纷多元化解中心一窗受理")
    p.add_argument("--data-dir", type=Path, help="数据文件夹（默认：用户数据目录）")
    p.add_argument("--database-url", help="数据库地址，如 postgresql+psycopg://user@host/db")
    p.add_argument(
        "--demo",
        nargs="?",
        const=3000,
        type=int,
        default=0,
        metavar="N",
        help="数据库为空时生成演示中心和 N 件演示案件（默认 3000）",
    )
    p.add_argument(
        "--operator",
        default="",
        metavar="NAME",
        help="演示中心：直接以此演示账户登录；其他中心：只预填登录框的账户名",
    )
    p.add_argument("--screenshot", type=Path, help="启动完成后保存窗口截图并退出（用于检查）")
    p.add_argument("--version", action=_Version, help="显示版本和构建日期并退出")
    p.add_argument(
        "--timing",
        action="store_true",
        help="打印首次绘制和启动完成的时刻（供基准测试），然后退出",
    )
    p.add_argument(
        "--timing-query",
        default="",
        metavar="TEXT",
        help="与 --timing 同用：启动完成后在查找框输入此查询并回车，打印结果列表绘制的时刻和内存",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    # ``mediation-desk documents …``: the command line, handed over before anything imports Qt
    # (it works without a display)
    from mediation_desk.cli import is_command

    if is_command(given):
        from mediation_desk.cli import main as command_line

        return command_line(given)
    # Start-up allocates hundreds of thousands of long-lived objects (Qt wrappers, SQLAlchemy's
    # modules): collecting garbage among them only slows the start. Collection resumes, with
    # those objects frozen out of it, once the search box works — on the GUI thread only.
    gc.disable()
    args = parse_args(given)
    if hasattr(os, "umask"):
        os.umask(0o077)  # the database, documents, log and settings: the user's eyes only
    from .feature_hook import keep_no_sources

    keep_no_sources()  # PySide6's import hook would keep every later module's source (~20 MB)
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from mediation_desk.logs import configure_logging
    from mediation_desk.settings import load_settings

    from .errors_dialog import install_excepthook
    from .focus_ring import install_focus_marks
    from .i18n import install_translators
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("MediationDesk")
    app.setOrganizationName("MediationDesk")
    app.setWindowIcon(QIcon(str(ICON)))
    _chinese_screen_font()
    install_translators(app)
    install_focus_marks(app)
    settings = load_settings(data_dir=args.data_dir, database_url=args.database_url)
    log_file = configure_logging(settings.data_dir)
    install_excepthook()
    logging.getLogger(__name__).info("start; log in %s", log_file)
    window = MainWindow(settings, demo_cases=args.demo, operator_name=args.operator)
    window.database_ready.connect(lambda: _collect_on_gui_thread(window))
    window.database_ready.connect(lambda: QTimer.singleShot(WHEEL_GUARD_DELAY_MS, _guard_wheel))
    window.show()
    if args.timing:
        _report_timing(app, window, args.timing_query)
    if args.screenshot:

        def shoot() -> None:
            _window_with_dialog(app, window).save(str(args.screenshot))
            app.quit()

        window.database_ready.connect(lambda: QTimer.singleShot(300, shoot))
    window.start()
    return app.exec()


def _chinese_screen_font() -> None:
    """A PC without any Chinese font (a bare Linux install) would show boxes for every label:
    the font the app carries for PDFs then serves the screen too."""
    from PySide6.QtGui import QFontDatabase

    from mediation_desk.documents.fonts import BUNDLED_FONT

    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    if not QFontDatabase.families(chinese) and BUNDLED_FONT.exists():
        QFontDatabase.addApplicationFont(str(BUNDLED_FONT))


def _window_with_dialog(app, window):  # type: ignore[no-untyped-def]
    """The window as a person sees it: with any open dialog (e.g. 登录) drawn on top."""
    from PySide6.QtGui import QPainter

    image = window.grab()
    dialog = app.activeModalWidget()
    if dialog is not None and dialog is not window:
        painter = QPainter(image)
        painter.drawPixmap(
            window.mapFromGlobal(dialog.mapToGlobal(dialog.rect().topLeft())), dialog.grab()
        )
        painter.end()
    return image


def _guard_wheel() -> None:
    """The wheel guard after the start-up (``ui.wheel_guard`` says why)."""
    from PySide6.QtWidgets import QApplication

    from .wheel_guard import install_wheel_guard

    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_wheel_guard(app)


def _collect_on_gui_thread(window: QObject) -> None:
    from .garbage import GuiThreadCollector

    gc.freeze()
    window.collector = GuiThreadCollector(window)  # type: ignore[attr-defined]


def _report_timing(app, window, query: str) -> None:  # type: ignore[no-untyped-def]
    """The start-up marks (``ui.startup_marks``): the first frame drawn, the handover (signed
    in, or a sign-in dialog waits); with ``query``, the first result list drawn (and the memory
    then); then the window is closed, as a person closes it, and the program quits."""
    from PySide6.QtCore import QTimer

    from .startup_marks import FrameMark, memory_kb, say, say_epoch, type_text

    FrameMark(window, lambda: say_epoch("first_paint"))

    def quit_as_a_person_would() -> None:
        window.close()  # the normal way out: the database closed and its file sealed
        app.quit()

    def ready() -> None:
        say_epoch("ready")
        for key, kb in memory_kb().items():
            say(f"{key.lower()}_kb", str(kb))
        quit_as_a_person_would()

    def handed_over() -> None:
        say_epoch("handover")  # signed in (or a sign-in dialog waits)
        if not query or not window.pages_built:
            QTimer.singleShot(0, quit_as_a_person_would)
            return
        cases = window.case_list
        FrameMark(
            cases.table.viewport(),
            ready,
            when=lambda: cases.query == query and cases.model.rowCount() > 0,
        )
        type_text(window.search, query)

    window.database_ready.connect(lambda: QTimer.singleShot(0, handed_over))


if __name__ == "__main__":
    raise SystemExit(main())
