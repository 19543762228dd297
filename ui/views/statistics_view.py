"""统计报表: choose the period and the unit, see the centre figures beside last year and the MoJ
table (人民调解案件统计表) by dispute type, by source or by committee type, then export it
(Excel, PDF) or print it. Every figure drills down to its cases (double-click or Enter).

Reads run in the background through ``Operations.run`` (the units of the chooser too); a
change the figures depend on (``figures_follow``: any case, the units, holidays, time-limit
settings) marks them out of date and they are read again (at once when the page shows, else
when it next shows).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStandardPaths, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.statistics import ACCEPTED_NOTE, Breakdown, Period, PeriodError
from ui.models.figures_model import FiguresModel
from ui.models.stat_table_model import CellRole, GroupHeaderView, StatTableModel
from ui.views.figures_follow import figures_changed, load_units, ms_to_next_midnight
from ui.widgets.period_chooser import PeriodChooser

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.statistics import Cell, CentreFigures, MojReport
    from ui.context import AppContext

_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: A change of period waits this long for the next keystroke before it is read.
QUERY_DELAY_MS = 400
FIRST_HEADERS = {
    Breakdown.TYPE: "纠纷类型",
    Breakdown.SOURCE: "纠纷来源",
    Breakdown.COMMITTEE: "调解组织类型",
}


def last_month(today: dt.date) -> Period:
    """The period a page opens on: the month before, the one a monthly report is made for."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return Period.month(first.year, first.month)


def _table_view(parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    return table


class StatisticsView(QWidget):
    case_activated = Signal(int)  # a case chosen in a drill-down list
    #: A report was shown (tests and the status line).
    report_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: MojReport | None = None
        self.figures: CentreFigures | None = None
        self._generation = 0
        self._stale = False

        self.period = PeriodChooser(ctx.ops.today(), self)
        self.period.set_period(last_month(ctx.ops.today()))
        period_label = QLabel(self.tr("统计期间(&Q)："), self)
        period_label.setBuddy(self.period.kind)
        self.unit = QComboBox(self)
        self.unit.setMinimumContentsLength(14)
        unit_label = QLabel(self.tr("调解组织(&G)："), self)
        unit_label.setBuddy(self.unit)
        self.query_button = QPushButton(self.tr("查询(&Y)"), self)
        self.query_button.setDefault(True)
        self.xlsx_button = QPushButton(self.tr("导出Excel(&E)…"), self)
        self.pdf_button = QPushButton(self.tr("导出PDF(&D)…"), self)
        self.print_button = QPushButton(self.tr("打印(&P)…"), self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: palette(mid);")

        self.figures_model = FiguresModel(self)
        self.figures_table = _table_view(self)
        self.figures_table.setModel(self.figures_model)
        self.figures_table.setAccessibleName(self.tr("中心数据"))
        header = self.figures_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.figures_table.verticalHeader().setHighlightSections(False)
        self.figures_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.tabs = QTabBar(self)
        self.tabs.setExpanding(False)
        for b in Breakdown:
            self.tabs.addTab(self.tr(b.label))
        self.model = StatTableModel(FIRST_HEADERS[Breakdown.TYPE], self)
        self.table = _table_view(self)
        self.table.setHorizontalHeader(GroupHeaderView(self.table))
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("人民调解案件统计表"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.note = QLabel(self.tr("注：") + ACCEPTED_NOTE, self)
        self.note.setWordWrap(True)
        self.hint = QLabel(
            self.tr("双击任一数字或选中后按回车，列出其案件；Ctrl+1/2/3 切换分类。"), self
        )
        self.hint.setStyleSheet("color: palette(mid);")

        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(unit_label)
        top.addWidget(self.unit)
        top.addWidget(self.query_button)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.print_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(16)
        heading.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addWidget(self.figures_table)
        layout.addWidget(self.tabs)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.hint)

        self._query_timer = QTimer(self)
        self._query_timer.setSingleShot(True)
        self._query_timer.setInterval(QUERY_DELAY_MS)
        self._query_timer.timeout.connect(self.query)
        self.period.changed.connect(self._query_timer.start)
        self._opened_on = ctx.ops.today()  # the day the default period (last month) is of
        self._midnight = QTimer(self)  # a new month moves the default period with it
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_midnight_timeout)
        self._arm_midnight()
        self.period.submitted.connect(self.query)
        self.unit.activated.connect(self._on_unit_activated)
        self.query_button.clicked.connect(self.query)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        for table in (self.table, self.figures_table):
            table.doubleClicked.connect(self._on_figure_double_clicked)
            table.installEventFilter(self)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        for n in range(len(Breakdown)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.tabs.setCurrentIndex(n))
        ctx.ops.changed.connect(self._on_ops_changed)
        for button in (self.xlsx_button, self.pdf_button, self.print_button):
            button.setEnabled(False)  # until a report shows
        self._gate_buttons()
        self._load_units()
        self.query()

    def _gate_buttons(self) -> None:
        from mediation_desk.domain.roles import Permission
        from mediation_desk.services.report_export import export_report_xlsx
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        need = guarded(export_report_xlsx, Permission.STATISTICS)
        for button in (self.xlsx_button, self.pdf_button, self.print_button):
            gate.require(button, need)

    def _load_units(self) -> None:
        load_units(self.ctx, self, self.unit, active_only=False)

    # --- public API --------------------------------------------------------------------------

    def unit_id(self) -> int | None:
        data = self.unit.currentData()
        return None if data is None else int(data)

    def breakdown(self) -> Breakdown:
        return list(Breakdown)[max(self.tabs.currentIndex(), 0)]

    def query(self) -> None:
        """Read the MoJ table and the centre figures of the chosen period and unit."""
        from mediation_desk.services.statistics import centre_figures, moj_report

        self._query_timer.stop()
        try:
            period = self.period.period()
        except PeriodError as error:
            self.status.setText(str(error))
            return
        unit_id = self.unit_id()
        self._generation += 1
        generation = self._generation
        self._stale = False

        def read(uow: Any) -> tuple[MojReport, CentreFigures]:
            return moj_report(uow, period, unit_id), centre_figures(uow, period, unit_id)

        self.status.setText(self.tr("正在统计…"))
        self.ctx.ops.run(
            self,
            read,
            on_success=lambda got: self._show(generation, *got),
            title=self.tr("无法统计"),
            busy=self.tr("正在统计…"),
        )

    def drill(self, cell: Cell) -> None:
        """List the cases behind a figure of the report shown."""
        from mediation_desk.services.statistics import drill_down
        from ui.dialogs.drill_down_dialog import show_drill_down

        if self.report is None:
            return
        period = self.report.period
        show_drill_down(
            self.ctx, self, lambda uow: drill_down(uow, period, cell), self.case_activated.emit
        )

    # --- showing -----------------------------------------------------------------------------

    def _show(self, generation: int, report: MojReport, figures: CentreFigures) -> None:
        if generation != self._generation:
            return  # a later query is on its way
        self.report, self.figures = report, figures
        self.title.setText(self.tr("{0} · {1}").format(report.period.label, report.unit_name))
        accepted = report.by_type.total.values.get("accepted") or 0
        self.status.setText(
            self.tr("受理 {0} 件；去年同期为 {1}。").format(
                f"{int(accepted):,}", figures.previous_period.label
            )
        )
        for button in (self.xlsx_button, self.pdf_button, self.print_button):
            button.setEnabled(True)  # something to export now
        self.figures_model.set_figures(figures)
        self._fit_figures()
        self._show_table()
        self.report_shown.emit()

    def _fit_figures(self) -> None:
        table = self.figures_table
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(self.figures_model.rowCount()))
        table.setFixedHeight(height)

    def _show_table(self) -> None:
        if self.report is None:
            return
        breakdown = self.breakdown()
        table = {
            Breakdown.TYPE: self.report.by_type,
            Breakdown.SOURCE: self.report.by_source,
            Breakdown.COMMITTEE: self.report.by_committee,
        }[breakdown]
        current = self.table.currentIndex()
        self.model.set_first_header(self.tr(FIRST_HEADERS[breakdown]))
        self.model.set_table(table)
        self.table.resizeColumnToContents(0)
        metrics = self.table.fontMetrics()
        narrow = metrics.horizontalAdvance("防止自杀") + 12  # a wrapped header: 4 characters a line
        for col in range(1, self.model.columnCount()):
            widest = max(
                metrics.horizontalAdvance(str(self.model.index(r, col).data()))
                for r in range(self.model.rowCount())
            )
            self.table.setColumnWidth(col, max(widest + 14, narrow))
        header = self.table.horizontalHeader()
        header.setFixedHeight(header.sizeHint().height())
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    # --- Qt overrides ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.table, self.figures_table)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ACTIVATE_KEYS
            and isinstance(watched, QTableView)
        ):
            self._on_figure_double_clicked(watched.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.query()

    def _arm_midnight(self) -> None:
        self._midnight.start(ms_to_next_midnight(self.ctx.ops.clock()))

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_midnight_timeout(self) -> None:
        """A new day: the page left on its default period (last month) moves to the new last
        month, read now or when next shown; a period someone chose stays."""
        self._arm_midnight()
        today, before = self.ctx.ops.today(), self._opened_on
        self._opened_on = today
        try:
            untouched = self.period.period() == last_month(before)
        except PeriodError:
            untouched = False
        if not untouched or last_month(today) == last_month(before):
            return
        self.period.blockSignals(True)
        self.period.set_period(last_month(today))
        self.period.blockSignals(False)
        if self.isVisible():
            self.query()
        else:
            self._stale = True

    @Slot(int)
    def _on_unit_activated(self, _index: int) -> None:
        self.query()

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        self._show_table()

    @Slot(QModelIndex)
    def _on_figure_double_clicked(self, index: QModelIndex) -> None:
        cell = index.data(CellRole) if index.isValid() else None
        if cell is not None:
            self.drill(cell)

    def _export_target(self, title: str, suffix: str, kind: str) -> Path | None:
        assert self.report is not None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"人民调解案件统计表-{self.report.period.label}-{self.report.unit_name}{suffix}"
        path, _f = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), kind)
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == suffix else target.with_suffix(suffix)

    @Slot()
    def _on_xlsx_button_clicked(self) -> None:
        from mediation_desk.services.report_export import export_report_xlsx

        if self.report is None:
            return
        target = self._export_target(
            self.tr("导出统计报表（Excel）"), ".xlsx", self.tr("Excel 工作簿 (*.xlsx)")
        )
        if target is None:
            return
        period, unit_id = self.report.period, self.report.unit_id
        self.ctx.ops.run(
            self,
            lambda uow: export_report_xlsx(uow, period, target, unit_id),
            on_success=lambda result: self.status.setText(
                self.tr("已导出：{0}（案件明细 {1} 行）").format(result.path, result.case_rows)
            ),
            title=self.tr("无法导出"),
            busy=self.tr("正在导出统计报表…"),
            disable=[self.xlsx_button],
        )

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        from mediation_desk.services.report_pdf import export_report_pdf

        if self.report is None:
            return
        target = self._export_target(
            self.tr("导出统计报表（PDF）"), ".pdf", self.tr("PDF 文件 (*.pdf)")
        )
        if target is None:
            return
        period, unit_id = self.report.period, self.report.unit_id
        self.ctx.ops.run(
            self,
            lambda uow: export_report_pdf(uow, target, period, unit_id),
            on_success=lambda _r: self.status.setText(self.tr("已导出：{0}").format(target)),
            title=self.tr("无法导出"),
            busy=self.tr("正在生成 PDF…"),
            disable=[self.pdf_button],
        )

    @Slot()
    def _on_print_button_clicked(self) -> None:
        from mediation_desk.services.report_pdf import report_pdf_bytes

        if self.report is None:
            return
        period, unit_id = self.report.period, self.report.unit_id
        title = self.tr("人民调解案件统计表 {0}").format(period.label)
        self.ctx.ops.run(
            self,
            lambda uow: report_pdf_bytes(uow, period, unit_id),
            on_success=lambda pdf: self._preview(pdf, title),
            title=self.tr("无法打印"),
            busy=self.tr("正在生成 PDF…"),
            disable=[self.print_button],
        )

    def _preview(self, pdf: bytes, title: str) -> None:
        from ui.dialogs.print_preview_dialog import PrintPreviewDialog

        dialog = PrintPreviewDialog(pdf, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        from mediation_desk.domain.changes import Entity

        if changes.reference & {Entity.UNIT}:
            self._load_units()
        if figures_changed(changes):
            if self.isVisible():
                self._query_timer.start()
            else:
                self._stale = True
