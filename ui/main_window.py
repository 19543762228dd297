"""The application shell: menu bar and toolbar of actions, the search box, the pages, and the
status bar (account, what runs, which database).

The window paints before the database is opened (SQLAlchemy alone takes ~0.3 s to import);
``open_database`` then runs from the event loop; the pages open once an account has signed
in (``ui.account_session``: first account, sign-in, switch, sign-out, idle lock), and until
then a cover shows the centre's name only. It owns the ``Database`` and the one
``Operations`` helper every screen reaches the core through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.build_info import build_info

from .permissions import opening_page
from .session_window import SessionWindow
from .widgets.lazy_page import LazyPage

if TYPE_CHECKING:
    from mediation_desk.db.database import Database
    from mediation_desk.db.startup_check import CleanClose, StartupCheck
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.clock import Clock
    from mediation_desk.services.restore_offer import RestoreOffer
    from mediation_desk.settings import AppSettings

    from .account_session import AccountSession
    from .auto_backup import AutoBackup
    from .context import AppContext
    from .dialogs.damaged_database_dialog import Choice
    from .operations import Executor
    from .views.intake_view import IntakeView

#: The search runs as soon as the keys already queued are handled: a zero-delay timer coalesces
#: a burst (a paste, keys typed while a search ran) into one search, and a lone key searches at
#: once (each search is a few indexed reads, bench/bench_keystroke.py: key to results painted).
SEARCH_DELAY_MS = 0
#: After the first sign-in, the first save is prepared in the background (``services.warm_up``).
WARM_UP_DELAY_MS = 300
WARM_UP_JOIN_S = 5.0
OPEN_FALLBACK_MS = 400  # open the database even if no paint arrives (e.g. started minimised)
UI_SETTINGS_FILE = "window.ini"


#: What the window may do while no account is at it (signed out, or locked).
_WITHOUT_ACCOUNT = frozenset({"quit", "about"})


class MainWindow(SessionWindow):
    #: The start-up has handed over to the person (a sign-in dialog waits, or the pages show).
    database_ready = Signal()

    def __init__(
        self,
        settings: AppSettings,
        *,
        demo_cases: int = 0,
        operator_name: str = "",
        clock: Clock | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__()
        from mediation_desk.domain.clock import system_clock

        self.settings = settings
        self.demo_cases = demo_cases
        self.operator_name = operator_name
        self.clock: Clock = clock or system_clock
        self.executor = executor  # None: a worker thread (tests and screenshots run inline)
        self.ctx: AppContext | None = None
        self.session: AccountSession | None = None
        self.db: Database | None = None
        #: Seals the file at a normal close (``db.startup_check``); None: nothing to seal.
        self.clean_close: CleanClose | None = None
        self.read_only = False
        self._warmed_up = False  # the first save prepared (``_warm_up_saving``)
        self._warm_up_thread: threading.Thread | None = None
        self.auto_backup: AutoBackup | None = None
        #: How a refused database's way on is chosen (a dialog; tests answer directly).
        self.ask_refusal: Callable[[StartupCheck, RestoreOffer], Choice] = self._ask_refusal
        self.prefs = QSettings(
            str(settings.data_dir / UI_SETTINGS_FILE), QSettings.Format.IniFormat
        )
        self.setWindowTitle(
            self.tr("矛盾纠纷多元化解中心 · 一窗受理 {0}").format(build_info().text)
        )
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
        self.search.textEdited.connect(self._on_search_text_edited)
        # emptied by the program (Esc on the intake page): no search left pending
        self.search.textChanged.connect(lambda text: text or self._search_timer.stop())
        self.search.returnPressed.connect(self._run_search)
        self.search.installEventFilter(self)  # Down: into the results

        self.nav = QListWidget(self)
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 15px; } QListWidget::item { padding: 8px; }"
        )
        self.pages = QStackedWidget(self)
        self.page_keys: list[str] = []
        # the intake form is built just after the first paint (``intake``): the first frame
        # draws the window around its place
        self._intake: IntakeView | None = None
        self._intake_page = QWidget(self)
        QVBoxLayout(self._intake_page).setContentsMargins(0, 0, 0, 0)
        self._add_page("intake", self.tr("登记受理"), self._intake_page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.workspace = QWidget(self)
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        # the pages, or a cover (before sign-in, signed out, locked) in their place
        self.screens = QStackedWidget(self)
        self.screens.addWidget(self.workspace)
        self.setCentralWidget(self.screens)
        self.pages_built = False

        self.account_label = QLabel(self)
        self.busy_label = QLabel(self)
        self.busy_label.setStyleSheet("color: #a15c00;")
        self.db_label = QLabel(self)
        self.statusBar().addWidget(self.account_label)
        self.statusBar().addWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.db_label)

        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_window()

    # ----- actions, menus, toolbar
    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        needs_database: bool = True,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(tip or text.replace("&", ""))
        action.setToolTip((tip or text.replace("&", "").rstrip("…")) + self._key_hint(action))
        action.triggered.connect(slot)
        action.setEnabled(not needs_database)
        action.setProperty("needs_database", needs_database)
        self.actions_by_name[name] = action
        self.addAction(action)  # its shortcut works from any page
        return action

    @staticmethod
    def _key_hint(action: QAction) -> str:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"（{keys}）" if keys else ""

    def _build_actions(self) -> None:
        a = self._action
        a(
            "intake",
            self.tr("登记受理(&R)"),
            lambda: self.show_page("intake"),
            "F2",
            needs_database=False,
        )
        a("find", self.tr("查找案件(&F)"), self.focus_search, QKeySequence.StandardKey.Find)
        a("find_alt", self.tr("查找案件"), self.focus_search, "Ctrl+L")
        a("cases", self.tr("案件列表(&L)"), lambda: self.show_page("cases"), "F5")
        a("day_board", self.tr("今日排期(&D)"), lambda: self.show_page("day_board"), "F3")
        a("week", self.tr("调解员周视图(&W)"), lambda: self.show_page("week"), "F4")
        a("today", self.tr("今日待办(&T)"), lambda: self.show_page("today"), "F6")
        a("ducha", self.tr("督办(&U)"), lambda: self.show_page("ducha"), "F7")
        a("dashboard", self.tr("领导看板(&M)"), lambda: self.show_page("dashboard"), "F8")
        a("statistics", self.tr("统计报表(&R)"), lambda: self.show_page("statistics"), "Ctrl+R")
        a("setup", self.tr("中心设置(&S)"), lambda: self.show_page("setup"), "F9")
        a("backup", self.tr("数据备份(&B)"), lambda: self.show_page("backup"))
        a("accounts", self.tr("账户管理(&A)"), lambda: self.show_page("accounts"))
        a("switch_account", self.tr("切换账户(&O)…"), self._for_session("switch_account"))
        a("change_password", self.tr("修改密码…"), self._for_session("change_password"))
        a("lock", self.tr("锁定(&K)"), self._for_session("lock_now"), "Ctrl+Shift+L")
        a("sign_out", self.tr("退出登录"), self._for_session("sign_out"))
        a("data_folder", self.tr("打开数据文件夹"), self._open_data_folder, needs_database=False)
        a("log_folder", self.tr("打开日志文件夹"), self._open_log_folder, needs_database=False)
        a(
            "quit",
            self.tr("退出(&X)"),
            self.close,
            QKeySequence.StandardKey.Quit,
            needs_database=False,
        )
        a("about", self.tr("关于(&A)"), self._show_about, needs_database=False)

    def _build_menus(self) -> None:
        menus = (
            (
                self.tr("文件(&F)"),
                (
                    *("switch_account", "change_password", "lock", "sign_out", None),
                    *("data_folder", "log_folder", None, "quit"),
                ),
            ),
            (self.tr("案件(&C)"), ("intake", "find", "cases")),
            (self.tr("排期(&P)"), ("day_board", "week")),
            (self.tr("督办(&U)"), ("today", "ducha")),
            (self.tr("统计(&T)"), ("dashboard", "statistics")),
            (self.tr("设置(&S)"), ("setup", "backup", "accounts")),
            (self.tr("帮助(&H)"), ("about",)),
        )
        for title, names in menus:
            menu = self.menuBar().addMenu(title)
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_name[name])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("常用"), self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("today", "intake", "day_board", "cases", "ducha"):
            toolbar.addAction(self.actions_by_name[name])
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr(" 查找案件 "), self))
        toolbar.addWidget(self.search)
        toolbar.addSeparator()
        toolbar.addAction(self.actions_by_name["switch_account"])
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    # ----- pages
    @property
    def intake(self) -> IntakeView:
        """The intake form, built at its first use (just after the first paint at the latest)."""
        if self._intake is None:
            from .views.intake_view import IntakeView

            self._intake = IntakeView(self._intake_page)
            self._intake_page.layout().addWidget(self._intake)
            self._intake.case_registered.connect(self._on_case_registered)
        return self._intake

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        self.nav.addItem(title)
        self.pages.addWidget(page)
        self.page_keys.append(key)
        if isinstance(page, LazyPage):
            page.built.connect(self._restore_splitters)

    def show_page(self, key: str) -> None:
        if key in self.page_keys and not self.nav.item(self.page_keys.index(key)).isHidden():
            self.nav.setCurrentRow(self.page_keys.index(key))
            if key == "intake":
                self.intake.focus_form()  # F2: the form's first field, or where one left it

    def focus_page(self) -> None:
        """The focus into the page shown (after sign-in, after unlocking): the intake form's
        first field, another page's first control — not the search box or the page list."""
        page = self.pages.currentWidget()
        if page is self._intake_page:
            self.intake.focus_form()
        elif page is not None:  # a page built just now shows its controls a moment later
            QTimer.singleShot(0, lambda: _focus_first_control(page))

    def current_page_key(self) -> str:
        index = self.pages.currentIndex()
        return self.page_keys[index] if 0 <= index < len(self.page_keys) else "intake"

    # ----- start-up, after the first paint
    def start(self) -> None:
        """Open the database once the window has painted (or after a short wait at most)."""
        self._opening = False
        self._open_fallback = QTimer(self)
        self._open_fallback.setSingleShot(True)
        self._open_fallback.timeout.connect(self._open_once)
        self._open_fallback.start(OPEN_FALLBACK_MS)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if getattr(self, "_opening", True) is False:
            QTimer.singleShot(0, self._open_once)

    def _open_once(self) -> None:
        if self._opening:
            return
        self._opening = True
        self._open_fallback.stop()
        self.intake  # noqa: B018  (built now: the first frame is drawn)
        self.open_database()

    def open_database(self) -> None:
        from sqlalchemy.exc import DBAPIError

        from mediation_desk.db.database import Database
        from mediation_desk.db.migrate import upgrade_to_head
        from mediation_desk.db.startup_check import (
            BackgroundCheck,
            CleanClose,
            check_database,
            mark_centre,
        )
        from mediation_desk.db.unit_of_work import perform
        from mediation_desk.errors import DeskError
        from mediation_desk.services.startup import prepare_database

        from .context import AppContext
        from .operations import Operations

        url, data_dir = self.settings.database_url, self.settings.data_dir
        read_only = False
        try:
            check = check_database(url, data_dir, now=self.clock())
        except OSError as error:  # the folder unreadable (permissions, media gone)
            self._cannot_open(self.tr("无法读取数据库文件（{0}）。").format(type(error).__name__))
            return
        if check.refused:
            import logging

            logging.getLogger(__name__).error(
                "database refused at start-up: %s (%s)", check.verdict.value, check.detail
            )
            read_only = self._handle_refusal(check)
            if not read_only:
                return
        try:
            db = Database(url, timeouts=self.settings.timeouts, read_only=read_only)
            background = None
            if check.deferred and check.path is not None:  # a large file: checked meanwhile
                background = BackgroundCheck(check.path)
                db.write_guard = background.guard
            if not read_only:
                upgrade_to_head(db, clock=self.clock)
                perform(db, prepare_database, clock=self.clock)
                mark_centre(data_dir, url, at=self.clock())
        except DeskError as error:
            self._cannot_open(error.message)
            return
        except DBAPIError as error:  # read-only media, full disk, server down: in Chinese
            from mediation_desk.db.storage_errors import translate

            self._cannot_open(translate(error, lock_timeout_s=self.settings.timeouts.lock).message)
            return
        except Exception as error:  # the driver's text goes to the log, not to the user
            import logging

            logging.getLogger(__name__).exception("cannot open the database")
            self._cannot_open(
                self.tr("数据库无法打开或升级（{0}），详情已记入日志。").format(
                    type(error).__name__
                )
            )
            return
        self.read_only = read_only
        self.db = db
        if not read_only and check.path is not None:
            self.clean_close = CleanClose(check.path, background)
        ops = Operations(db, clock=self.clock, executor=self.executor, parent=self)
        ops.actor_changed.connect(
            lambda actor: QTimer.singleShot(
                WARM_UP_DELAY_MS, self, lambda: self._warm_up_saving(actor)
            )
        )
        ops.busy.connect(self.busy_label.setText)
        ops.notice.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.ctx = AppContext(settings=self.settings, ops=ops)
        self.db_label.setText(self._db_description())
        if read_only:
            self.setWindowTitle(self.windowTitle() + self.tr("（只读：数据库已损坏）"))
            banner = QLabel(self.tr("只读：数据库已损坏，只能查看和导出，不能保存任何修改"), self)
            banner.setStyleSheet("color: white; background: #a40000; padding: 2px 8px;")
            self.statusBar().insertWidget(0, banner)
        if self.demo_cases and not read_only:
            self._load_demo(then=self._finish_start)
        else:
            self._finish_start()

    def _handle_refusal(self, check: StartupCheck) -> bool:
        """Offer restore / read-only / quit; True to go on read-only. After a restore the
        start-up begins again; quitting closes the window."""
        from mediation_desk.errors import DeskError
        from mediation_desk.services.restore_offer import restore_latest, restore_offer

        from .dialogs.damaged_database_dialog import Choice

        choice = self.ask_refusal(check, restore_offer(self.settings.data_dir))
        if choice is Choice.READ_ONLY:
            return True
        if choice is Choice.RESTORE:
            try:
                restore_latest(self.settings.data_dir, self.settings.database_url)
            except DeskError as error:
                self._cannot_open(error.message)
                QTimer.singleShot(0, self.close)
                return False
            QTimer.singleShot(0, self.open_database)
            return False
        QTimer.singleShot(0, self.close)
        return False

    def _ask_refusal(self, check: StartupCheck, offer: RestoreOffer) -> Choice:
        from mediation_desk.db.startup_check import Verdict

        from .dialogs.damaged_database_dialog import DamagedDatabaseDialog

        dialog = DamagedDatabaseDialog(
            check.message,
            str(check.path or ""),
            offer,
            self,
            readable=check.verdict is Verdict.DAMAGED,
        )
        dialog.exec()
        dialog.deleteLater()
        return dialog.choice

    def _cannot_open(self, message: str) -> None:
        QMessageBox.critical(
            self,
            self.tr("无法打开数据库"),
            self.tr("{0}\n请检查数据库设置（数据文件夹或服务器地址）。").format(message),
        )

    def _load_demo(self, *, then: Callable[[], None]) -> None:
        from mediation_desk.demo.loader import demo_needed, load_demo

        assert self.ctx is not None
        ops = self.ctx.ops
        if not ops.read(demo_needed):
            then()
            return
        n = self.demo_cases
        data_dir = self.settings.data_dir

        def loaded(_seeded: object) -> None:
            then()  # the demo accounts sign in like any other

        def failed(_error: object) -> bool:
            then()
            return False  # the message box says why; the centre stays as it is

        ops.run(
            self,
            lambda uow: load_demo(uow, n_cases=n, data_dir=data_dir),
            on_success=loaded,
            on_failure=failed,
            title=self.tr("演示数据"),
            busy=self.tr("正在生成演示中心数据…"),
            progress=self.tr("正在生成演示中心数据…"),
        )

    def _finish_start(self) -> None:
        """The database is ready: the first account or the sign-in (the pages wait for it)."""
        from .account_session import AccountSession

        assert self.ctx is not None
        self.search.setPlaceholderText(
            self.tr("案号、姓名或拼音首字母（如 zs）、身份证号或后4位、电话或后4位")
        )
        self.session = AccountSession(self, self.ctx, operator_name=self.operator_name)
        self.session.settled.connect(self._on_session_settled)
        self.session.begin()

    @Slot()
    def _on_session_settled(self) -> None:
        if not getattr(self, "_ready_said", False):
            self._ready_said = True
            self.database_ready.emit()

    def _warm_up_saving(self, actor: Actor | None) -> None:
        """At the first sign-in, prepare the first save in the background (``services.warm_up``:
        a rehearsal, rolled back whole): not a user action, nothing kept or reported, so a
        plain thread rather than ``ctx.ops``."""
        from mediation_desk.services.warm_up import warm_up_saving

        if actor is None or self._warmed_up or self.db is None or self.read_only:
            return
        self._warmed_up = True
        db, clock = self.db, self.clock

        def warm_up() -> None:
            try:
                warm_up_saving(db, actor, clock=clock)
            except Exception:  # the first save then loads it, and says what is wrong
                import logging

                logging.getLogger(__name__).warning("warm-up for saving failed", exc_info=True)

        self._warm_up_thread = threading.Thread(target=warm_up, name="warm-up", daemon=True)
        self._warm_up_thread.start()

    def _build_pages(self, ctx: AppContext) -> None:
        """The pages, built at the first sign-in (nothing of the cases is read before)."""
        from .views.case_list_view import CaseListView

        self.pages_built = True
        self.case_list = CaseListView(ctx, self)
        self.case_list.case_activated.connect(self.open_case)
        self.case_list.left_at_top.connect(self.focus_search)
        self._add_page("today", self.tr("今日待办"), LazyPage(lambda: self._today(ctx), self))
        self._add_page("cases", self.tr("案件查询"), self.case_list)
        self._add_page("day_board", self.tr("今日排期"), LazyPage(lambda: _day_board(ctx), self))
        self._add_page("week", self.tr("调解员周视图"), LazyPage(lambda: _week(ctx), self))
        self._add_page("ducha", self.tr("督办"), LazyPage(lambda: self._ducha(ctx), self))
        self._add_page(
            "dashboard", self.tr("领导看板"), LazyPage(lambda: self._dashboard(ctx), self)
        )
        self._add_page("statistics", self.tr("统计报表"), LazyPage(lambda: self._stats(ctx), self))
        self._add_page("setup", self.tr("中心设置"), LazyPage(lambda: _centre_setup(ctx), self))
        self._add_page("audit", self.tr("操作审计"), LazyPage(lambda: _audit(ctx), self))
        self._add_page("backup", self.tr("数据备份"), LazyPage(lambda: self._backup(ctx), self))
        self._add_page("accounts", self.tr("账户管理"), LazyPage(lambda: _accounts(ctx), self))
        ctx.ops.actor_changed.connect(self.apply_role_visibility)
        self.intake.attach(ctx)
        self._restore_splitters(self)
        self.apply_role_visibility()  # the account signed in before the pages existed
        if not self.read_only:
            from .auto_backup import AutoBackup

            self.auto_backup = AutoBackup(self, ctx, self.clock)
            self.auto_backup.notice_clicked.connect(lambda: self.show_page("backup"))
            self.auto_backup.start()
        # the case list reads its cases when first shown (or at the first search), not here

    # ----- account (ui.account_session decides; the window shows)
    def show_workspace(self, actor: Actor, *, fresh: bool) -> None:
        """The pages for ``actor``; ``fresh`` (a new sign-in) opens on the account's first page
        (``ui.permissions.opening_page``: a clerk's intake form, anyone else's 今日待办) with the
        search box emptied."""
        from mediation_desk.domain.roles import roles_text

        assert self.ctx is not None
        if not self.pages_built:
            self._build_pages(self.ctx)
        elif fresh and self.search.text():
            self.search.clear()
            self.case_list.set_query("")
        self.screens.setCurrentWidget(self.workspace)
        self.toolbar.show()
        self.search.setEnabled(True)
        for action in self.actions_by_name.values():
            action.setEnabled(True)
        if fresh:
            self.show_page(opening_page(actor))
        self.focus_page()  # not left in the search box or the page list
        self.account_label.setText(
            self.tr("账户：{0}（{1}）").format(actor.name, roles_text(actor.roles))
        )

    def show_cover(self, cover: QWidget) -> None:
        """``cover`` in place of the pages (signed out, or locked): no action but quitting,
        no search box, nothing of the cases."""
        if self.screens.indexOf(cover) < 0:
            self.screens.addWidget(cover)
        self.screens.setCurrentWidget(cover)
        self.toolbar.hide()
        self.search.setEnabled(False)
        for name, action in self.actions_by_name.items():
            action.setEnabled(name in _WITHOUT_ACCOUNT)
        self.statusBar().clearMessage()
        if self.ctx is None or self.ctx.ops.actor is None:
            self.account_label.setText(self.tr("未登录"))

    def _for_session(self, name: str) -> Callable[[], None]:
        """An account action's slot (the session exists once the database is open)."""
        return lambda: getattr(self.session, name)() if self.session is not None else None

    def _db_description(self) -> str:
        assert self.db is not None
        url = self.db.url
        if self.db.is_sqlite:
            return self.tr("本机数据库（SQLite）：{0}").format(url.database)
        return self.tr("服务器数据库（PostgreSQL）：{0}/{1}").format(url.host, url.database)

    # ----- what the acting account may see
    @Slot()
    @Slot(object)
    def apply_role_visibility(self, _actor: object = None) -> None:
        """Show only the pages, menu entries and toolbar buttons the acting account may use
        (ui.permissions.PAGE_PERMISSIONS); leave a page it may no longer see."""
        from .permissions import page_allowed

        actor = self.ctx.ops.actor if self.ctx is not None else None
        for row, key in enumerate(self.page_keys):
            self.nav.item(row).setHidden(not page_allowed(actor, key))
        for name, action in self.actions_by_name.items():
            if name in self.page_keys:
                action.setVisible(page_allowed(actor, name))
        for entry in self.menuBar().actions():  # a menu left with nothing to offer goes too
            menu = entry.menu()
            if isinstance(menu, QMenu):
                entry.setVisible(any(a.isVisible() and not a.isSeparator() for a in menu.actions()))
        visible = self.visible_page_keys()
        if visible and (self.nav.currentItem() is None or self.nav.currentItem().isHidden()):
            self.show_page("today" if "today" in visible else visible[0])
        elif not visible and "today" in self.page_keys:  # whoever signs in starts there
            self.nav.setCurrentRow(self.page_keys.index("today"))
        self.pages.setVisible(bool(visible))  # nobody signed in: no page shows through

    def visible_page_keys(self) -> list[str]:
        return [k for row, k in enumerate(self.page_keys) if not self.nav.item(row).isHidden()]

    # ----- search and cases
    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot(str)
    def _on_search_text_edited(self, _text: str) -> None:
        self._search_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            and self.pages_built
        ):
            self.enter_results()
            return True
        return super().eventFilter(watched, event)

    def enter_results(self) -> None:
        """From the search box into the results (Down): the query still waiting for its
        delay runs first; Enter there opens the case, Up on the first row comes back."""
        if self._search_timer.isActive() or self.case_list.query != self.search.text():
            self._run_search()
        self.show_page("cases")
        self.case_list.enter_from_search()

    def _run_search(self) -> None:
        self._search_timer.stop()
        if self.ctx is None:
            return
        self.case_list.set_query(self.search.text())
        self.show_page("cases")

    def open_case(self, case_id: int) -> None:
        from .dialogs.case_detail_dialog import CaseDetailDialog

        assert self.ctx is not None
        dialog = CaseDetailDialog(self.ctx, case_id, self)
        geometry = self.prefs.value("case_window/geometry")
        if geometry is not None:
            dialog.restoreGeometry(geometry)
        dialog.exec()
        self.prefs.setValue("case_window/geometry", dialog.saveGeometry())
        dialog.deleteLater()  # closed: it stops following the case

    def _today(self, ctx: AppContext) -> QWidget:
        from .views.today_view import TodayView  # imported when first shown

        view = TodayView(ctx)
        view.case_activated.connect(self.open_case)
        return view

    def _ducha(self, ctx: AppContext) -> QWidget:
        from .views.ducha_board_view import DuchaBoardView

        view = DuchaBoardView(ctx)
        view.case_activated.connect(self.open_case)
        return view

    def _dashboard(self, ctx: AppContext) -> QWidget:
        from .views.dashboard_view import DashboardView  # charts load with the page

        view = DashboardView(ctx)
        view.case_activated.connect(self.open_case)
        return view

    def _stats(self, ctx: AppContext) -> QWidget:
        from .views.statistics_view import StatisticsView

        view = StatisticsView(ctx)
        view.case_activated.connect(self.open_case)
        return view

    def _backup(self, ctx: AppContext) -> QWidget:
        from .views.backup_view import BackupView

        view = BackupView(ctx)
        view.restored.connect(self._on_backup_restored)
        return view

    def _on_backup_restored(self) -> None:
        """The data under the window was replaced: close (no backup at exit); the program
        is started again on the restored data."""
        if self.auto_backup is not None:
            self.auto_backup.stop()
        self.close()

    def _on_case_registered(self, _case_id: int, number: str) -> None:
        self.statusBar().showMessage(self.tr("已登记 {0}").format(number), 8000)

    # ----- folders and about
    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.settings.data_dir)))

    def _open_log_folder(self) -> None:
        folder = self.settings.data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr("矛盾纠纷多元化解中心 · 一窗受理\n版本 {0}\n数据文件夹：{1}").format(
                build_info().text, self.settings.data_dir
            ),
        )

    # ----- remembered layout
    def _restore_window(self) -> None:
        geometry = self.prefs.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.prefs.value("window/state")
        if state is not None:
            self.restoreState(state)

    @Slot(QWidget)
    def _restore_splitters(self, root: QWidget) -> None:
        for key, splitter in _splitters(root):
            state = self.prefs.value(f"splitters/{key}")
            if state is not None:
                splitter.restoreState(state)

    def _save_layout(self) -> None:
        self.prefs.setValue("window/geometry", self.saveGeometry())
        self.prefs.setValue("window/state", self.saveState())
        for key, splitter in _splitters(self):
            self.prefs.setValue(f"splitters/{key}", splitter.saveState())
        self.prefs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.auto_backup is not None and self.auto_backup.wants_exit_backup():
            event.ignore()  # closed again once the backup is made, failed or skipped
            self.auto_backup.back_up_at_exit(then=self.close)
            return
        self._save_layout()
        if self.session is not None:
            self.session.idle.stop()  # its application event filter goes with the window
        if self.ctx is not None:
            self.ctx.ops.wait()
        self._warmed_up = True  # none begins now
        if self._warm_up_thread is not None:  # a rehearsal rolls back within a moment
            self._warm_up_thread.join(timeout=WARM_UP_JOIN_S)
        if self.db is not None:
            self.db.dispose()
            if self.clean_close is not None:  # every connection closed: the file as it stays
                self.clean_close.seal(self.settings.data_dir, at=self.clock())
        super().closeEvent(event)


def _focus_first_control(page: QWidget) -> None:
    if not page.isVisible() or page.isAncestorOf(QApplication.focusWidget()):
        return
    ready = [
        w
        for w in page.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    lists = [w for w in ready if isinstance(w, QAbstractItemView)]  # the page's list first
    if lists or ready:
        (lists or ready)[0].setFocus(Qt.FocusReason.OtherFocusReason)


def _splitters(root: QWidget) -> list[tuple[str, QSplitter]]:
    """Every splitter under ``root`` with a stable key: its object name, else the class of the
    view it sits in and its position among that view's splitters."""
    out, seen = [], dict[str, int]()
    for splitter in root.findChildren(QSplitter):
        owner = splitter.parentWidget()
        while owner is not None and type(owner).__module__.startswith("PySide6"):
            owner = owner.parentWidget()
        view = type(owner).__name__ if owner is not None else "window"
        seen[view] = seen.get(view, -1) + 1
        out.append((splitter.objectName() or f"{view}.{seen[view]}", splitter))
    return out


def _audit(ctx: AppContext) -> QWidget:
    """操作审计: for the director and the administrator (every operator until accounts exist)."""
    from .views.audit_view import AuditView

    return AuditView(ctx)


def _centre_setup(ctx: AppContext) -> QWidget:
    from .views.centre_setup_view import CentreSetupView  # imported when first shown

    return CentreSetupView(ctx)


def _accounts(ctx: AppContext) -> QWidget:
    from .views.accounts_view import AccountsView

    return AccountsView(ctx)


def _day_board(ctx: AppContext) -> QWidget:
    from .views.day_board_view import DayBoardView  # imported when first shown

    return DayBoardView(ctx)


def _week(ctx: AppContext) -> QWidget:
    from .views.mediator_week_view import MediatorWeekView

    return MediatorWeekView(ctx)
