"""The main window: search box, navigation of the real features, and their pages.

The window paints before the database is opened (SQLAlchemy alone takes ~0.3 s to import);
``open_database`` then runs from the event loop and enables the features.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from .tasks import TaskRunner
from .views.intake_view import IntakeView
from .widgets.lazy_page import LazyPage

if TYPE_CHECKING:
    from mediation_desk.settings import AppSettings

    from .context import AppContext

SEARCH_DELAY_MS = 120
OPEN_FALLBACK_MS = 400  # open the database even if no paint arrives (e.g. started minimised)


def _day_board(ctx: AppContext) -> QWidget:
    from .views.day_board_view import DayBoardView  # imported when first shown

    return DayBoardView(ctx)


def _mediator_week(ctx: AppContext) -> QWidget:
    from .views.mediator_week_view import MediatorWeekView

    return MediatorWeekView(ctx)


class MainWindow(QMainWindow):
    database_ready = Signal()

    def __init__(
        self, settings: AppSettings, *, demo_cases: int = 0, operator_name: str = ""
    ) -> None:
        super().__init__()
        self.settings = settings
        self.demo_cases = demo_cases
        self.operator_name = operator_name
        self.ctx: AppContext | None = None
        self.tasks = TaskRunner(self)
        self.setWindowTitle(self.tr("矛盾纠纷多元化解中心 · 一窗受理"))
        self.resize(1360, 880)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("正在打开数据库…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(460)
        self.search.setEnabled(False)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._run_search)

        toolbar = QToolBar(self.tr("查找"), self)
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(self.tr(" 查找案件 "), self))
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)

        self.nav = QListWidget(self)
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 15px; } QListWidget::item { padding: 8px; }"
        )
        self.pages = QStackedWidget(self)
        self.intake = IntakeView(self)
        self._add_page(self.tr("登记受理"), self.intake)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.operator_label = QLabel(self)
        self.switch_operator = QPushButton(self.tr("切换操作员"), self)
        self.switch_operator.setEnabled(False)
        self.switch_operator.clicked.connect(self.choose_operator)
        self.db_label = QLabel(self)
        self.statusBar().addWidget(self.operator_label)
        self.statusBar().addWidget(self.switch_operator)
        self.statusBar().addPermanentWidget(self.db_label)

        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence("Ctrl+L"), self.focus_search),
            (QKeySequence("F2"), lambda: self.nav.setCurrentRow(0)),
        ):
            QShortcut(keys, self).activated.connect(slot)
        self.intake.case_registered.connect(self._on_case_registered)

    def _add_page(self, title: str, page: QWidget) -> None:
        self.nav.addItem(title)
        self.pages.addWidget(page)

    # ----- start-up, after the first paint
    def start(self) -> None:
        """Open the database once the window has painted (or after a short wait at most)."""
        self._opening = False
        self._open_fallback = QTimer(self)
        self._open_fallback.setSingleShot(True)
        self._open_fallback.timeout.connect(self._open_once)
        self._open_fallback.start(OPEN_FALLBACK_MS)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        if getattr(self, "_opening", True) is False:
            QTimer.singleShot(0, self._open_once)

    def _open_once(self) -> None:
        if self._opening:
            return
        self._opening = True
        self._open_fallback.stop()
        self.open_database()

    def open_database(self) -> None:
        from mediation_desk.db.database import Database
        from mediation_desk.db.migrate import upgrade_to_head
        from mediation_desk.services.reference import ensure_reference_data

        from .context import AppContext

        try:
            db = Database(self.settings.database_url)
            upgrade_to_head(db)
            ensure_reference_data(db)
        except Exception as error:  # shown, not swallowed: the app cannot work without it
            QMessageBox.critical(
                self,
                self.tr("无法打开数据库"),
                self.tr("无法打开数据库：{error}\n请检查数据库设置。").format(error=error),
            )
            return
        self.ctx = AppContext(settings=self.settings, db=db)
        self.db_label.setText(self._db_description())
        if self.demo_cases:
            self._load_demo(then=self._finish_start)
        else:
            self._finish_start()

    def _load_demo(self, *, then: Callable[[], None]) -> None:
        from mediation_desk.demo.loader import demo_needed, load_demo

        assert self.ctx is not None
        db = self.ctx.db
        if not demo_needed(db):
            then()
            return
        progress = QProgressDialog(self.tr("正在生成演示中心数据…"), "", 0, self.demo_cases, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        n = self.demo_cases

        def work(progress: Callable[[int, int], None]) -> None:
            load_demo(db, n_cases=n, progress=progress)

        def finished(_result: object) -> None:
            progress.close()
            then()

        def failed(error: Exception) -> None:
            progress.close()
            QMessageBox.warning(
                self, self.tr("演示数据"), self.tr("生成演示数据失败：{e}").format(e=error)
            )
            then()

        self.tasks.run(
            work,
            on_success=finished,
            on_failure=failed,
            on_progress=lambda done, total: progress.setValue(done),
        )

    def _finish_start(self) -> None:
        from mediation_desk.services.reference import list_operators

        from .views.case_list_view import CaseListView
        from .views.centre_setup_view import CentreSetupView

        assert self.ctx is not None
        self.case_list = CaseListView(self.ctx, self)
        self.case_list.case_activated.connect(self.open_case)
        self._add_page(self.tr("案件查询"), self.case_list)
        ctx = self.ctx
        self._add_page(self.tr("今日排期"), LazyPage(lambda: _day_board(ctx), self))
        self._add_page(self.tr("调解员周视图"), LazyPage(lambda: _mediator_week(ctx), self))
        self._add_page(self.tr("中心设置"), LazyPage(lambda: CentreSetupView(ctx), self))
        self.intake.attach(self.ctx)
        self.ctx.changes.reference_changed.connect(lambda: self.intake.attach(self.ctx))
        self.search.setEnabled(True)
        self.search.setPlaceholderText(
            self.tr("案号、姓名或拼音首字母（如 zs）、身份证号或后4位、电话或后4位")
        )
        operators = list_operators(self.ctx.db)
        wanted = [o for o in operators if o.name == self.operator_name]
        if wanted or len(operators) == 1:
            self._set_operator((wanted or operators)[0])
        else:
            QTimer.singleShot(0, self.choose_operator)
        self.switch_operator.setEnabled(True)
        self.database_ready.emit()
        QTimer.singleShot(0, lambda: self.case_list.set_query(self.search.text()))

    def choose_operator(self) -> None:
        from mediation_desk.services.reference import list_operators

        from .dialogs.operator_dialog import OperatorDialog

        assert self.ctx is not None
        dialog = OperatorDialog(self.ctx.db, list_operators(self.ctx.db), self)
        if dialog.exec() and dialog.chosen is not None:
            self._set_operator(dialog.chosen)

    def _set_operator(self, operator: object) -> None:
        from mediation_desk.services.reference import actor_for

        assert self.ctx is not None
        self.ctx.actor = actor_for(self.ctx.db, operator.id)  # type: ignore[attr-defined]
        self.operator_label.setText(self.tr("操作员：{name}").format(name=self.ctx.actor.name))
        self.ctx.changes.operator_changed.emit()

    def _db_description(self) -> str:
        assert self.ctx is not None
        url = self.ctx.db.url
        if self.ctx.db.is_sqlite:
            return self.tr("本机数据库（SQLite）：{path}").format(path=url.database)
        return self.tr("服务器数据库（PostgreSQL）：{host}/{db}").format(
            host=url.host, db=url.database
        )

    # ----- search and cases
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self) -> None:
        self._search_timer.stop()
        if self.ctx is None:
            return
        self.case_list.set_query(self.search.text())
        self.pages.setCurrentWidget(self.case_list)
        self.nav.setCurrentRow(self.pages.currentIndex())

    def open_case(self, case_id: int) -> None:
        from .dialogs.case_detail_dialog import CaseDetailDialog

        assert self.ctx is not None
        CaseDetailDialog(self.ctx, case_id, self).exec()

    def _on_case_registered(self, _case_id: int, number: str) -> None:
        self.statusBar().showMessage(self.tr("已登记 {number}").format(number=number), 8000)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.tasks.wait()
        if self.ctx is not None:
            self.ctx.db.dispose()
        super().closeEvent(event)
